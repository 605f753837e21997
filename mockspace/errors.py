"""Errors the mock answers, in the documented `CompatibilityErrorResponse` shape."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

# SignalWire's error codes for these conditions: the mock answers with them.
BAD_CREDENTIALS = 20003
METHOD_NOT_ALLOWED = 20004
NOT_FOUND = 20404
RATE_LIMITED = 20429
INVALID_ARGUMENT = 10000
CALL_NOT_IN_PROGRESS = 21220
INVALID_CALLBACK_EVENT = 13621
INVALID_TRIM = 13699
INVALID_CALLBACK_METHOD = 21209
INVALID_CALLBACK_URL = 21402
SERVICE_UNAVAILABLE = 20503
INTERNAL_ERROR = 20500

MORE_INFO = "https://developer.signalwire.com/compatibility-api/reference/error-codes"
# The OTHER_ERROR_CODES variation: the body's shape is documented, its values are not.
OTHER_CODE_BASE = 90000
OTHER_MORE_INFO = "https://example.com/docs/errors"


class ApiError(Exception):
    """An error answer: raised anywhere in a handler, rendered once by the endpoint wrapper."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        validation: bool = False,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        # A parameter-validation error, which the VALIDATION_422 variation answers with 422.
        self.validation = validation
        # Headers the answer carries besides the body's (Retry-After on a 503).
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        """The documented error body."""
        return {
            "code": self.code,
            "message": self.message,
            "more_info": f"{MORE_INFO}#{self.code}",
            "status": self.status,
        }


def invalid(code: int, message: str) -> ApiError:
    """A parameter-validation error (400, or 422 under the VALIDATION_422 variation)."""
    return ApiError(400, code, message, validation=True)


def reworded(body: dict[str, Any]) -> dict[str, Any]:
    """`body` with another code, message and more_info, as another space might word it."""
    status = int(body["status"])
    code = OTHER_CODE_BASE + status
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    return {
        **body,
        "code": code,
        "message": f"{phrase} ({body['message']})",
        "more_info": f"{OTHER_MORE_INFO}/{code}",
    }
