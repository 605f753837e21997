"""A cassette's entries, read into what a replay needs of each."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recording_conformance.conformance.cassette import CassetteError, read_cassette
from recording_conformance.conformance.exchange import STOP_BODY


@dataclass(frozen=True)
class RecordedTarget:
    """Where one process of the recorded run sent its requests."""

    api_base: str
    project_id: str
    call_sid: str


@dataclass(frozen=True)
class Delivery:
    """One status callback that reached a receiver, recorded or replayed alike."""

    method: str
    # The query string's parameters for a GET, the form body's for a POST.
    params: dict[str, str]
    content_type: str
    received_at: float

    @property
    def status(self) -> str:
        return self.params.get("RecordingStatus", "(no RecordingStatus)")


@dataclass(frozen=True)
class RecordedCallbacks:
    """The callback URL a create asked for on the recorded run's receiver, and what came."""

    url: str
    deliveries: tuple[Delivery, ...]


@dataclass(frozen=True)
class RecordedEntry:
    """One recorded exchange. Texts are as the cassette holds them: the token masked."""

    index: int
    test: str
    phase: str
    target: RecordedTarget
    method: str
    url: str
    # Bytes: a body that is not UTF-8 (schemathesis's negative cases) is sent again as it was.
    request_body: bytes
    content_type: str
    auth: dict[str, str]
    operation: str
    path_ids: dict[str, str]
    expectations: frozenset[str]
    retried: bool
    status: int
    response_type: str
    response_text: str
    # A create whose callbacks the recorded run watched; None for every other entry.
    callbacks: RecordedCallbacks | None = None

    def json(self) -> Any:
        """The recorded response body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.response_text)
        except ValueError:
            return None

    @property
    def is_stop(self) -> bool:
        return self.operation == "update" and self.request_body == STOP_BODY

    @property
    def request_text(self) -> str:
        return self.request_body.decode("utf-8", "replace")

    @property
    def label(self) -> str:
        """Which request this is, for a person: its place in the cassette and its test."""
        return f"#{self.index} {self.test} ({self.phase})"


def _bytes(content: dict[str, Any]) -> bytes:
    text = str(content.get("text", ""))
    if content.get("encoding") == "base64":
        return base64.b64decode(text)
    return text.encode()


def _text(content: dict[str, Any]) -> str:
    return _bytes(content).decode("utf-8", "replace")


def recorded_delivery(raw: dict[str, Any]) -> Delivery:
    method = str(raw["method"])
    # As the receiver reads them (`ReceivedCallback.params`).
    params = raw["form"] if method == "POST" else raw["query"]
    return Delivery(method, dict(params), str(raw["contentType"]), float(raw["receivedAt"]))


def _callbacks(raw: dict[str, Any] | None) -> RecordedCallbacks | None:
    if raw is None:
        return None
    deliveries = tuple(recorded_delivery(d) for d in raw["deliveries"])
    return RecordedCallbacks(str(raw["url"]), deliveries)


def _entry(index: int, raw: dict[str, Any], targets: dict[str, RecordedTarget]) -> RecordedEntry:
    request, response = raw["request"], raw["response"]
    post = request.get("postData") or {}
    return RecordedEntry(
        index=index,
        test=raw["_test"],
        phase=raw["_phase"],
        target=targets[raw["_process"]],
        method=request["method"],
        url=request["url"],
        request_body=_bytes(post),
        content_type=post.get("mimeType", ""),
        auth=raw["_auth"],
        operation=raw["_operation"],
        path_ids=raw["_pathIds"],
        expectations=frozenset(raw["_expectations"]),
        retried=bool(raw["_retried"]),
        status=int(response["status"]),
        response_type=response["content"].get("mimeType", ""),
        response_text=_text(response["content"]),
        callbacks=_callbacks(raw.get("_callbacks")),
    )


def load_entries(path: Path) -> list[RecordedEntry]:
    """Every entry of the cassette at `path`, in the order sent; one sentence if it cannot be."""
    raw_entries, raw_targets = read_cassette(path)
    targets = {name: RecordedTarget(**target) for name, target in raw_targets.items()}
    try:
        return [_entry(i, raw, targets) for i, raw in enumerate(raw_entries, 1)]
    except (KeyError, TypeError, ValueError) as exc:
        raise CassetteError(
            f"{path}: an entry lacks what a replay needs ({type(exc).__name__}: {exc}); "
            "was it recorded by this suite's --record?"
        ) from None
