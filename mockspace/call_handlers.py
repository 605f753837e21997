"""The Calls API of the mock, enough to place a call, record it and hang it up: create, fetch and
update (`Status=completed|canceled`) of `/Accounts/{AccountSid}/Calls`.

Parameters follow SignalWire's API definition (`calls/models/requests.tsp`); Twilio's inline
`Twiml` is accepted too, in place of `Url` or `ApplicationSid`. Nothing is fetched or run: a
placed call rings, then answers after `MockConfig.call_answer_delay`.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from recording_conformance.mockspace import errors
from recording_conformance.mockspace.calls import Call
from recording_conformance.mockspace.errors import ApiError
from recording_conformance.mockspace.handlers import end_recordings, not_found
from recording_conformance.mockspace.render import call_body
from recording_conformance.mockspace.space import MockSpace

DEFAULT_TIMEOUT_SECONDS = 60
MAX_TIMEOUT_SECONDS = 600
# Twilio's codes for these: SignalWire's catalogue has only 10000 for a blank argument.
INVALID_URL = 21205


def _bad(message: str, code: int = errors.INVALID_ARGUMENT) -> ApiError:
    # Plain 400s: the VALIDATION_422 variation is a freedom of Create a Recording, not of this.
    return ApiError(400, code, message)


async def _parameters(request: Request) -> dict[str, str]:
    """A form or JSON body as strings (a JSON number such as `"Timeout": 30` as its text)."""
    body = await request.body()
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise _bad("The request body is not UTF-8.") from None
    if media_type != "application/json":
        return dict(parse_qsl(text, keep_blank_values=True))
    try:
        data = json.loads(text or "{}")
    except ValueError:
        raise _bad("The JSON body is malformed.") from None
    if not isinstance(data, dict):
        raise _bad("The JSON body must be an object.")
    return {k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}


def _timeout(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_TIMEOUT_SECONDS
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_TIMEOUT_SECONDS:
        raise _bad(f"Timeout must be a whole number of seconds from 1 to {MAX_TIMEOUT_SECONDS}.")
    return int(raw)


def _check_url(params: dict[str, str]) -> None:
    if not any(params.get(name) for name in ("Url", "ApplicationSid", "Twiml")):
        raise _bad("One of Url, ApplicationSid or Twiml is required.")
    url = params.get("Url")
    if url is not None and (urlsplit(url).scheme not in ("http", "https") or " " in url):
        raise _bad(f"Url is not a valid URL: {url!r}.", INVALID_URL)
    if params.get("Method", "POST") not in ("GET", "POST"):
        raise _bad("Method must be GET or POST.")


async def place_call(request: Request, space: MockSpace) -> Response:
    params = await _parameters(request)
    for name in ("From", "To"):
        if not params.get(name):
            raise _bad(f"{name} is required.")
    _check_url(params)
    config = space.config
    call = Call(
        sid=str(uuid.uuid4()),
        account_sid=request.path_params["account_sid"],
        from_=params["From"],
        to=params["To"],
        date_created=datetime.now(UTC),
        answer_after=None if config.calls_never_answer else config.call_answer_delay,
        timeout=_timeout(params.get("Timeout")),
    )
    space.state.place(call)
    return JSONResponse(call_body(call, config), status_code=201)


def _call(request: Request, space: MockSpace) -> Call:
    sid = request.path_params["call_sid"]
    call = space.state.get_call(sid)
    if call is None or call.account_sid != request.path_params["account_sid"]:
        raise not_found(f"/Calls/{sid}")
    return call


async def fetch_call(request: Request, space: MockSpace) -> Response:
    return JSONResponse(call_body(_call(request, space), space.config))


async def update_call(request: Request, space: MockSpace) -> Response:
    """Hang up: `Status=completed` ends an answered call (and cancels one still ringing),
    `Status=canceled` one still queued or ringing. Either, on a call that has ended or that
    `canceled` cannot end, answers 200 with the call as it is: asking again for what has
    happened is not an error, and a client tidying up after itself need not know the state."""
    call = _call(request, space)
    wanted = (await _parameters(request)).get("Status")
    if wanted not in ("completed", "canceled"):
        raise _bad("Status must be completed or canceled.")
    if space.state.hang_up(call, wanted):
        end_recordings(call.sid, space)
    return JSONResponse(call_body(call, space.config))
