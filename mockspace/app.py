"""The mock space's HTTP interface: Starlette routes for the call-recording endpoints, and the
Calls API that places, fetches and hangs up the calls they record."""

from __future__ import annotations

import asyncio
import hmac
import traceback
from base64 import b64decode
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route

from recording_conformance.mockspace import call_handlers, errors, handlers
from recording_conformance.mockspace.availability import check_available, check_throttled
from recording_conformance.mockspace.config import MockConfig
from recording_conformance.mockspace.errors import ApiError
from recording_conformance.mockspace.faults import Fault, Variation
from recording_conformance.mockspace.framing import MIDDLEWARE_ORDER
from recording_conformance.mockspace.params import InjectedCrash
from recording_conformance.mockspace.render import API_VERSION
from recording_conformance.mockspace.space import MockSpace

PREFIXES = (f"/api/laml/{API_VERSION}", f"/{API_VERSION}")


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


Handler = Callable[[Request, MockSpace], Awaitable[Response]]


def error_response(exc: ApiError, config: MockConfig) -> Response:
    """Render an error in the documented shape, or in a faulty one when told to."""
    status = exc.status
    if exc.validation and config.varies(Variation.VALIDATION_422):
        status = 422
    body: dict[str, Any] = {**exc.body(), "status": status}
    if config.varies(Variation.OTHER_ERROR_CODES):
        body = errors.reworded(body)
    if config.varies(Variation.EXTRA_FIELDS):
        body["details"] = {"request_id": "mock"}  # no additionalProperties forbids it
    headers = {**exc.headers, **({"Allow": "GET, POST"} if status == 405 else {})} or None
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
    if config.varies(Variation.MALFORMED_SID_400):
        check_sids_are_uuids(request)
    account = request.path_params.get("account_sid")
    if account != config.project_id and not config.has(Fault.CROSS_ACCOUNT_ACCESS):
        if config.varies(Variation.OTHER_ACCOUNT_404):
            # Another account's resources are, to this project, resources that do not exist.
            raise handlers.not_found(f"/Accounts/{account}")
        raise ApiError(401, errors.BAD_CREDENTIALS, "Authentication Error - invalid account")


def check_sids_are_uuids(request: Request) -> None:
    """MALFORMED_SID_400: a path sid that cannot name anything is a bad request (a validation
    error, so 422 under VALIDATION_422), answered before looking for what it names."""
    for param, name in (("account_sid", "AccountSid"), ("call_sid", "CallSid")):
        value = request.path_params.get(param)
        if value is not None and not handlers.is_uuid(value):
            raise errors.invalid(errors.INVALID_ARGUMENT, f"The {name} in the path is not a sid.")


def endpoint(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Latency, outages, authentication and error rendering, around every route."""

    async def wrapped(request: Request) -> Response:
        space: MockSpace = request.app.state.space
        config = space.config
        try:
            if config.latency_ms:
                await asyncio.sleep(config.latency_ms / 1000)
            check_available(space)
            check_throttled(space)
            authenticate(request, config)
            return await handler(request, space)
        except ApiError as exc:
            return error_response(exc, config)
        except ClientDisconnect:
            # The client went away mid-request (a run interrupted): nobody reads the answer.
            return Response(status_code=499)
        except InjectedCrash as exc:
            return JSONResponse({"error": f"internal error: {exc}"}, status_code=500)
        except Exception:  # the mock must never fail silently: keep it for the tests to see
            space.state.unexpected_errors.append(traceback.format_exc())
            return error_response(ApiError(500, errors.INTERNAL_ERROR, "Internal error."), config)

    return wrapped


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own 404/405 answers, in the documented error shape."""
    assert isinstance(exc, HTTPException)
    space: MockSpace = request.app.state.space
    code = errors.METHOD_NOT_ALLOWED if exc.status_code == 405 else errors.NOT_FOUND
    message = (
        "Method not allowed." if exc.status_code == 405 else "The requested resource was not found."
    )
    return error_response(ApiError(exc.status_code, code, message), space.config)


CALLS = "/Accounts/{account_sid:sid}/Calls"
CALL_RECORDINGS = CALLS + "/{call_sid:sid}/Recordings"
ACCOUNT_RECORDINGS = "/Accounts/{account_sid:sid}/Recordings"
ROUTES = [
    Route(CALLS + "{suffix:suffix}", endpoint(call_handlers.place_call), methods=["POST"]),
    Route(
        CALLS + "/{call_sid:sid}{suffix:suffix}",
        endpoint(call_handlers.fetch_call),
        methods=["GET"],
    ),
    Route(
        CALLS + "/{call_sid:sid}{suffix:suffix}",
        endpoint(call_handlers.update_call),
        methods=["POST"],
    ),
    Route(
        CALL_RECORDINGS + "{suffix:suffix}", endpoint(handlers.create_recording), methods=["POST"]
    ),
    Route(CALL_RECORDINGS + "{suffix:suffix}", endpoint(handlers.list_recordings), methods=["GET"]),
    Route(
        CALL_RECORDINGS + "/{recording_sid:sid}{suffix:suffix}",
        endpoint(handlers.update_recording),
        methods=["POST"],
    ),
    Route(
        CALL_RECORDINGS + "/{recording_sid:sid}{suffix:suffix}",
        endpoint(handlers.fetch_recording),
        methods=["GET"],
    ),
    Route(
        ACCOUNT_RECORDINGS + "{suffix:suffix}", endpoint(handlers.list_recordings), methods=["GET"]
    ),
    Route(
        ACCOUNT_RECORDINGS + "/{recording_sid:sid}{suffix:suffix}",
        endpoint(handlers.fetch_recording),
        methods=["GET"],
    ),
    Route(
        ACCOUNT_RECORDINGS + "/{recording_sid:sid}{suffix:suffix}",
        endpoint(handlers.delete_recording),
        methods=["DELETE"],
    ),
]


def create_app(space: MockSpace) -> Starlette:
    """The ASGI application serving `space` under both API prefixes."""
    app = Starlette(
        routes=[Mount(prefix, routes=ROUTES) for prefix in PREFIXES],
        exception_handlers={HTTPException: http_error},
        middleware=[Middleware(layer, space=space) for layer in MIDDLEWARE_ORDER],
    )
    app.state.space = space
    return app
