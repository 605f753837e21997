"""A create request as the suite means it: ordered parameters, an encoding and a path suffix."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlencode

Encoding = Literal["form", "json"]
EVENT_PARAMETER = "RecordingStatusCallbackEvent"
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class CreateRequest:
    """Parameters in the order they are sent; a key may repeat in form encoding (SDKs send
    a list of events as repeated `RecordingStatusCallbackEvent` keys)."""

    params: tuple[tuple[str, object], ...] = ()
    encoding: Encoding = "form"
    suffix: str = ""

    @classmethod
    def of(cls, encoding: Encoding = "form", suffix: str = "", **params: object) -> CreateRequest:
        """A request from keyword parameters (sent in the order given)."""
        return cls(tuple(params.items()), encoding, suffix)

    def body(self) -> tuple[bytes, str | None]:
        """The encoded body and its Content-Type; no parameters means an empty body."""
        if not self.params:
            return b"", None
        if self.encoding == "json":
            return json.dumps(dict(self.params), ensure_ascii=False).encode(), "application/json"
        return urlencode([(k, str(v)) for k, v in self.params]).encode(), FORM

    def meaning(self) -> dict[str, object]:
        """What the request asks for: one value per parameter, repeated events space-joined."""
        result: dict[str, object] = {}
        for key, value in self.params:
            if self.encoding == "form" and key == EVENT_PARAMETER and key in result:
                result[key] = f"{result[key]} {value}"
            else:
                result[key] = value
        return result

    def describe(self) -> str:
        """One line for test output: encoding, suffix and parameters."""
        shown = ", ".join(f"{k}={v!r}" for k, v in self.params) or "no parameters"
        return f"{self.encoding}{' .json' if self.suffix else ''}: {shown}"
