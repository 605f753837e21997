"""The mock space's HTTP interface: Starlette routes for the call-recording endpoints."""

from __future__ import annotations

import asyncio
import hmac
import struct
import traceback
import uuid
from base64 import b64decode
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockspace import errors
from mockspace.callbacks import CallbackDispatcher
from mockspace.config import MockConfig
from mockspace.errors import ApiError
from mockspace.faults import Fault, Variation
from mockspace.params import InjectedCrash, parse_body, validate_create
from mockspace.render import API_VERSION, recording_body, recording_page
from mockspace.state import Recording, SpaceState, now

PREFIXES = (f"/api/laml/{API_VERSION}", f"/{API_VERSION}")
FINISHED = frozenset({"stopped", "completed", "absent"})


class SidConvertor(Convertor[str]):
    # No dots, so that a trailing `.json` is left for the suffix convertor.
    regex = r"[^/.]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


class JsonSuffixConvertor(Convertor[str]):
    regex = r"(?:\.json)?"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("sid", SidConvertor())
register_url_convertor("suffix", JsonSuffixConvertor())


@dataclass
class MockSpace:
    """Everything a running mock holds: state, configuration and the callback dispatcher."""

    state: SpaceState
    callbacks: CallbackDispatcher = field(default_factory=CallbackDispatcher)
    # Outages are spread evenly rather than drawn at random, so runs repeat: at rate r, the
    # n-th request is unavailable when floor(n*r) steps up.
    _outage_credit: float = 0.0

    def unavailable_now(self) -> bool:
        """Whether this request falls in an outage, at the configured rate."""
        self._outage_credit += self.config.unavailable_rate
        if self._outage_credit >= 1.0:
            self._outage_credit -= 1.0
            return True
        return False

    @property
    def config(self) -> MockConfig:
        return self.state.config


Handler = Callable[[Request, MockSpace], Awaitable[Response]]


def error_response(exc: ApiError, config: MockConfig) -> Response:
    """Render an error in the documented shape, or in a faulty one when told to."""
    status = exc.status
    if exc.validation and config.varies(Variation.VALIDATION_422):
        status = 422
    body: dict[str, Any] = {**exc.body(), "status": status}
    headers = {"Allow": "GET, POST"} if status == 405 else None
    if config.has(Fault.HTML_ERROR_PAGES):
        return HTMLResponse(f"<html><body><h1>{status}</h1></body></html>", status_code=status)
    if config.has(Fault.ERROR_STATUS_MISMATCH):
        body["status"] = 200
    if config.has(Fault.EMPTY_ERROR_DETAILS):
        body.update(message="", more_info="error-codes")
    if config.has(Fault.ERRORS_LIST_BODY):
        return JSONResponse({"errors": [body]}, status_code=status, headers=headers)
    return JSONResponse(body, status_code=status, headers=headers)


def authenticate(request: Request, config: MockConfig) -> None:
    """HTTP Basic with project id and API token; the path's AccountSid must be that project."""
    header = request.headers.get("authorization", "")
    scheme, _, encoded = header.partition(" ")
    user, password = "", ""
    if scheme.lower() == "basic":
        try:
            user, _, password = b64decode(encoded, validate=True).decode().partition(":")
        except ValueError:
            user, password = "", ""
    token_ok = hmac.compare_digest(password.encode(), config.api_token.encode())
    if config.has(Fault.ANY_TOKEN_ACCEPTED):
        token_ok = True
    authenticated = user == config.project_id and token_ok
    if not header and config.has(Fault.AUTH_BYPASS):
        authenticated = True
    if not authenticated:
        message = "Authentication Error - invalid username"
        if config.has(Fault.ECHOES_CREDENTIALS):
            message += f" ({user}:{password})"
        raise ApiError(401, errors.BAD_CREDENTIALS, message)
    account = request.path_params.get("account_sid")
    if account != config.project_id and not config.has(Fault.CROSS_ACCOUNT_ACCESS):
        raise ApiError(401, errors.BAD_CREDENTIALS, "Authentication Error - invalid account")


def endpoint(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Latency, outages, authentication and error rendering, around every route."""

    async def wrapped(request: Request) -> Response:
        space: MockSpace = request.app.state.space
        config = space.config
        try:
            if config.latency_ms:
                await asyncio.sleep(config.latency_ms / 1000)
            if config.unavailable_rate and space.unavailable_now():
                raise ApiError(503, errors.SERVICE_UNAVAILABLE, "Service temporarily unavailable.")
            authenticate(request, config)
            return await handler(request, space)
        except ApiError as exc:
            return error_response(exc, config)
        except InjectedCrash as exc:
            return JSONResponse({"error": f"internal error: {exc}"}, status_code=500)
        except Exception:  # the mock must never fail silently: keep it for the tests to see
            space.state.unexpected_errors.append(traceback.format_exc())
            return error_response(ApiError(500, errors.INTERNAL_ERROR, "Internal error."), config)

    return wrapped


def not_found(what: str) -> ApiError:
    return ApiError(404, errors.NOT_FOUND, f"The requested resource {what} was not found")


def _call_in_space(request: Request, space: MockSpace) -> tuple[str, str]:
    account, call = request.path_params["account_sid"], request.path_params["call_sid"]
    if space.config.has(Fault.CRASH_ON_MALFORMED_SID) and not _is_uuid(call):
        raise InjectedCrash("malformed CallSid")
    if space.state.call_status(call) is None:
        if space.config.has(Fault.UNKNOWN_CALL_RECORDED) and _is_uuid(call):
            return account, call
        raise not_found(f"/Calls/{call}")
    return account, call


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


async def create_recording(request: Request, space: MockSpace) -> Response:
    account, call = _call_in_space(request, space)
    config = space.config
    if config.refuses("suffix", request.path_params["suffix"] or "none"):
        raise errors.invalid(errors.INVALID_ARGUMENT, "Unsupported path.")
    raw = parse_body(request.headers.get("content-type", ""), await request.body(), config)
    params = validate_create(raw, config)
    if space.state.call_status(call) == "completed":
        raise ApiError(400, errors.CALL_NOT_IN_PROGRESS, "Call is not in-progress.")
    moment = now()
    recording = Recording(
        sid=space.state.new_sid(reuse=config.has(Fault.REUSED_RECORDING_SID)),
        account_sid=account,
        call_sid=call,
        params=params,
        status="queued" if config.varies(Variation.QUEUED_STATUS) else "in-progress",
        date_created=moment,
        date_updated=moment,
        start_time=moment,
        origin=str(request.base_url),
    )
    space.state.add(recording)
    space.callbacks.notify(recording, "in-progress", config)
    status = 201 if config.has(Fault.CREATED_201) else 200
    return JSONResponse(recording_body(recording, config), status_code=status)


def _recording(request: Request, space: MockSpace) -> Recording:
    sid = request.path_params["recording_sid"]
    recording = space.state.get(sid)
    call = request.path_params.get("call_sid")
    account = request.path_params["account_sid"]
    if (
        recording is None
        or recording.account_sid != account
        or call not in (None, recording.call_sid)
    ):
        raise not_found(f"/Recordings/{sid}")
    return recording


async def fetch_recording(request: Request, space: MockSpace) -> Response:
    recording = _recording(request, space)
    if "call_sid" not in request.path_params and not request.path_params["suffix"]:
        # Account-level fetch without `.json` is the media file itself.
        return Response(_empty_wav(), media_type="audio/x-wav")
    return JSONResponse(recording_body(recording, space.config, fetched=True))


async def update_recording(request: Request, space: MockSpace) -> Response:
    recording = _recording(request, space)
    config = space.config
    raw = parse_body(request.headers.get("content-type", ""), await request.body(), config)
    wanted = raw.get("Status")
    if wanted not in ("paused", "in-progress", "stopped"):
        raise errors.invalid(
            errors.INVALID_ARGUMENT, "Status must be paused, in-progress or stopped."
        )
    if raw.get("PauseBehavior", "silence") not in ("skip", "silence"):
        raise errors.invalid(errors.INVALID_ARGUMENT, "PauseBehavior must be skip or silence.")
    if recording.status in FINISHED:
        raise ApiError(400, errors.CALL_NOT_IN_PROGRESS, "Recording is not in progress.")
    if config.has(Fault.STOP_IGNORED) and wanted == "stopped":
        return JSONResponse(recording_body(recording, config))
    moment = now()
    with space.state.lock:
        recording.status = wanted
        recording.date_updated = moment
        if wanted == "stopped":
            recording.end_time = moment
    body = recording_body(recording, config)
    if wanted == "stopped":
        _finish(recording, space)
    return JSONResponse(body)


def _finish(recording: Recording, space: MockSpace) -> None:
    """The file becomes available: `completed`, or `absent` when the call had no audio."""
    final = "absent" if space.state.is_silent(recording.call_sid) else "completed"
    with space.state.lock:
        recording.status = final
    space.callbacks.notify(recording, final, space.config)


async def list_recordings(request: Request, space: MockSpace) -> Response:
    account = request.path_params["account_sid"]
    call = request.path_params.get("call_sid") or request.query_params.get("CallSid")
    if "call_sid" in request.path_params:
        _call_in_space(request, space)
    found = list(space.state.listing(account, call))
    return JSONResponse(recording_page(found, request.url.path, space.config))


async def delete_recording(request: Request, space: MockSpace) -> Response:
    recording = _recording(request, space)
    space.state.delete(recording.sid)
    return Response(status_code=204)


def _empty_wav() -> bytes:
    # A valid RIFF/WAVE header with no samples: 8 kHz, 16-bit, mono.
    fmt = struct.pack("<4sIHHIIHH", b"fmt ", 16, 1, 1, 8000, 16000, 2, 16)
    data = struct.pack("<4sI", b"data", 0)
    return struct.pack("<4sI4s", b"RIFF", 4 + len(fmt) + len(data), b"WAVE") + fmt + data


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own 404/405 answers, in the documented error shape."""
    assert isinstance(exc, HTTPException)
    space: MockSpace = request.app.state.space
    code = errors.METHOD_NOT_ALLOWED if exc.status_code == 405 else errors.NOT_FOUND
    message = (
        "Method not allowed." if exc.status_code == 405 else "The requested resource was not found."
    )
    return error_response(ApiError(exc.status_code, code, message), space.config)


CALL_RECORDINGS = "/Accounts/{account_sid:sid}/Calls/{call_sid:sid}/Recordings"
ACCOUNT_RECORDINGS = "/Accounts/{account_sid:sid}/Recordings"
ROUTES = [
    Route(CALL_RECORDINGS + "{suffix:suffix}", endpoint(create_recording), methods=["POST"]),
    Route(CALL_RECORDINGS + "{suffix:suffix}", endpoint(list_recordings), methods=["GET"]),
    Route(
        CALL_RECORDINGS + "/{recording_sid:sid}{suffix:suffix}",
        endpoint(update_recording),
        methods=["POST"],
    ),
    Route(
        CALL_RECORDINGS + "/{recording_sid:sid}{suffix:suffix}",
        endpoint(fetch_recording),
        methods=["GET"],
    ),
    Route(ACCOUNT_RECORDINGS + "{suffix:suffix}", endpoint(list_recordings), methods=["GET"]),
    Route(
        ACCOUNT_RECORDINGS + "/{recording_sid:sid}{suffix:suffix}",
        endpoint(fetch_recording),
        methods=["GET"],
    ),
    Route(
        ACCOUNT_RECORDINGS + "/{recording_sid:sid}{suffix:suffix}",
        endpoint(delete_recording),
        methods=["DELETE"],
    ),
]


class CloseConnections:
    """ASGI middleware: under the CLOSE_CONNECTIONS variation, every answer ends its
    connection, so a client must open a new one for each request."""

    def __init__(self, app: ASGIApp, space: MockSpace) -> None:
        self.app = app
        self.space = space

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.space.config.varies(Variation.CLOSE_CONNECTIONS):
            await self.app(scope, receive, send)
            return

        async def closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {
                    **message,
                    "headers": [*message.get("headers", []), (b"connection", b"close")],
                }
            await send(message)

        await self.app(scope, receive, closing)


def create_app(space: MockSpace) -> Starlette:
    """The ASGI application serving `space` under both API prefixes."""
    app = Starlette(
        routes=[Mount(prefix, routes=ROUTES) for prefix in PREFIXES],
        exception_handlers={HTTPException: http_error},
        middleware=[Middleware(CloseConnections, space=space)],
    )
    app.state.space = space
    return app
