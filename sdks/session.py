"""Requests in the API's own terms, sent through an SDK's driver in that SDK's terms.

A request is a mapping of wire names (`RecordingChannels`, `RecordingStatusCallbackEvent`) to
values, the events as a list; `SdkSession` turns it into the SDK's argument names
(`recording_channels` or `recordingChannels`), and reads the answer's attributes back by the
API's field names (`date_created` is `dateCreated` in Node). The Hypothesis checks to come
generate such requests and compare what every SDK parsed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from recording_conformance.sdks.catalogue import Naming, Sdk
from recording_conformance.sdks.driver import DriverProcess

Request = Mapping[str, object]


def argument_name(wire_name: str, naming: Naming) -> str:
    """`RecordingStatusCallbackEvent` as the SDK's argument: `recording_status_callback_event`
    (snake) or `recordingStatusCallbackEvent` (camel)."""
    if naming == "camel":
        return wire_name[:1].lower() + wire_name[1:]
    return re.sub(r"(?<!^)(?=[A-Z])", "_", wire_name).lower()


def attribute_name(field: str, naming: Naming) -> str:
    """The API's response field `date_created` as the SDK's attribute (`dateCreated` in camel)."""
    if naming == "snake":
        return field
    head, *rest = field.split("_")
    return head + "".join(part.capitalize() for part in rest)


def sdk_arguments(request: Request, naming: Naming) -> dict[str, object]:
    """The keyword arguments an SDK's `create` or `update` takes for `request`."""
    return {argument_name(name, naming): value for name, value in request.items()}


def decode(value: object) -> object:
    """A protocol value back in Python: a tagged datetime as a `datetime`; other tagged values
    (`$repr`) stay as the driver wrote them."""
    if isinstance(value, dict) and set(value) == {"$datetime"}:
        return datetime.fromisoformat(str(value["$datetime"]).replace("Z", "+00:00"))
    return value


@dataclass(frozen=True)
class Answer:
    """One answer of a driver: the object the SDK parsed, or the error it raised."""

    ok: bool
    attributes: dict[str, Any]
    error: dict[str, Any]
    naming: Naming

    @classmethod
    def of(cls, message: dict[str, Any], naming: Naming) -> Answer:
        return cls(
            ok=message.get("ok") is True,
            attributes=message.get("object") or {},
            error=message.get("error") or {},
            naming=naming,
        )

    def field(self, name: str) -> object:
        """The attribute for the API's field `name` (KeyError when the SDK has none)."""
        return decode(self.attributes[attribute_name(name, self.naming)])

    def describe(self) -> str:
        """The error in a few words, e.g. `TwilioRestException 404/20404`."""
        if self.ok:
            return "ok"
        kind = str(self.error.get("type", "?")).rsplit(".", 1)[-1]
        return f"{kind} {self.error.get('status')}/{self.error.get('code')}"


class SdkSession:
    """One SDK's driver, spoken to in the API's terms."""

    def __init__(self, sdk: Sdk, driver: DriverProcess) -> None:
        self.sdk = sdk
        self.driver = driver

    def create(self, call_sid: str, request: Request) -> Answer:
        params = sdk_arguments(request, self.sdk.naming)
        return self._answer(self.driver.call("create", call_sid=call_sid, params=params))

    def fetch(self, sid: str) -> Answer:
        return self._answer(self.driver.call("fetch", sid=sid))

    def update(self, call_sid: str, sid: str, request: Request) -> Answer:
        params = sdk_arguments(request, self.sdk.naming)
        return self._answer(self.driver.call("update", call_sid=call_sid, sid=sid, params=params))

    def _answer(self, message: dict[str, Any]) -> Answer:
        return Answer.of(message, self.sdk.naming)
