"""Status callbacks in a cassette: what reached the run's receiver, filed under the create that
asked for it.

The suite gives each recording whose callbacks it watches a URL of its own on its receiver
(`<public base>/recording-status/<uuid>`), so a callback belongs to the create whose
`RecordingStatusCallback` ends in the same last path segment. Such a create's entry gets a
`_callbacks` field, `{"url": ..., "deliveries": [...]}`, even when nothing came (that nothing
is what a replay compares with); a create whose callback URL the run did not watch (an
`example.com` host) gets none, and its deliveries are not compared.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from recording_conformance.conformance.receiver import ReceivedCallback
from recording_conformance.conformance.sanitize import Sanitizer

CALLBACK_PARAMETER = "RecordingStatusCallback"
EVENTS_PARAMETER = "RecordingStatusCallbackEvent"
METHOD_PARAMETER = "RecordingStatusCallbackMethod"
ENTRY_FIELD = "_callbacks"
# Where the receiver files a recording's callbacks (`CallbackEndpoint.new_url`).
WATCHED_PATH = "/recording-status/"


def delivery_field(callback: ReceivedCallback, sanitizer: Sanitizer) -> dict[str, Any]:
    """One callback as the cassette keeps it, every text masked."""

    def masked(values: dict[str, str]) -> dict[str, str]:
        return {sanitizer.text(k): sanitizer.text(v) for k, v in values.items()}

    return {
        "method": callback.method,
        "path": sanitizer.text(callback.path),
        "query": masked(callback.query),
        "form": masked(callback.form),
        "contentType": callback.content_type,
        "receivedAt": callback.received_at,
    }


def create_parameter(content_type: str, body: bytes, name: str) -> str | None:
    """Parameter `name` of a create's body, in either encoding, or None."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "json" in content_type.lower():
        try:
            value = json.loads(text).get(name)
        except (ValueError, AttributeError):
            return None
    else:
        value = dict(parse_qsl(text, keep_blank_values=True)).get(name)
    return value if isinstance(value, str) else None


def requested_url(content_type: str, body: bytes) -> str | None:
    """The `RecordingStatusCallback` a create's body asks for, or None."""
    return create_parameter(content_type, body, CALLBACK_PARAMETER)


def requested_events(content_type: str, body: bytes) -> set[str]:
    """The events a create asks to be called back for: `completed` when it names none."""
    events = create_parameter(content_type, body, EVENTS_PARAMETER)
    return set((events or "completed").replace(",", " ").split())


def callback_key(path: str) -> str:
    """What tells one watched recording's callbacks apart: the last segment of the path (a
    tunnel in front of the receiver may add a prefix)."""
    return path.rstrip("/").rsplit("/", 1)[-1]


def watched(url: str, bases: Iterable[str]) -> bool:
    """Whether `url` is one of the URLs the run's receivers handed out."""
    return any(url.startswith(base.rstrip("/") + WATCHED_PATH) for base in bases)


def attach(
    entries: Iterable[dict[str, Any]], bases: list[str], deliveries: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """File each delivery under the create entry that asked for it; return those no entry
    asked for (a callback of a recording made outside the recorded requests)."""
    by_key: dict[str, list[dict[str, Any]]] = {}
    for item in sorted(deliveries, key=lambda d: d["receivedAt"]):
        by_key.setdefault(callback_key(item["path"]), []).append(item)
    asked: set[str] = set()
    for har_entry in entries:
        if har_entry.get("_operation") != "create":
            continue
        post = har_entry["request"].get("postData") or {}
        if post.get("encoding") == "base64":
            continue
        url = requested_url(post.get("mimeType", ""), str(post.get("text", "")).encode())
        if url is None or not watched(url, bases):
            continue
        key = callback_key(urlsplit(url).path)
        asked.add(key)
        # A create sent again (after a 429) asked for the same URL: both entries get its
        # deliveries, and the replay compares the one that was answered.
        har_entry[ENTRY_FIELD] = {"url": url, "deliveries": by_key.get(key, [])}
    return [item for key, items in by_key.items() if key not in asked for item in items]
