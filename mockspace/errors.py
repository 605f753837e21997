"""Errors the mock answers, in the documented `CompatibilityErrorResponse` shape."""

from __future__ import annotations

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


class ApiError(Exception):
    """An error answer: raised anywhere in a handler, rendered once by the endpoint wrapper."""

    def __init__(self, status: int, code: int, message: str, *, validation: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        # A parameter-validation error, which the VALIDATION_422 variation answers with 422.
        self.validation = validation

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
