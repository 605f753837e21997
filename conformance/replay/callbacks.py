"""Status callbacks on replay: each create whose callbacks the recorded run watched is sent with
a URL on the replay's own receiver, and what reaches it is gathered once every request has
been sent, to be compared with what the recorded run received.

Only the callback URL's place changes: the recorded path (`/recording-status/<uuid>`) is kept,
so each delivery is told apart by its last path segment, as when recording.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote, quote_plus, urlsplit

from recording_conformance.conformance.cassette.callbacks import WATCHED_PATH, requested_url
from recording_conformance.conformance.receiver import (
    CallbackEndpoint,
    CallbackReceiver,
    ReceivedCallback,
)
from recording_conformance.conformance.replay.entries import Delivery, RecordedEntry
from recording_conformance.conformance.target import Target

# As the suite waits (`conformance/test_callbacks.py`): for what must come, then a window in
# which what must not come would be seen. A remote space calls back over the internet.
ARRIVAL_SECONDS = {True: 5.0, False: 60.0}
SILENCE_SECONDS = {True: 0.1, False: 10.0}
NOT_WATCHED_REMOTE = "the target is remote and no --callback-url forwards to the replay's receiver"
NOT_REDIRECTED = "its callback URL could not be replaced in the body (an unusual encoding)"


def key(path: str) -> str:
    """What tells one watched recording's callbacks apart: the URL's last path segment."""
    return path.rstrip("/").rsplit("/", 1)[-1]


def delivery(callback: ReceivedCallback) -> Delivery:
    return Delivery(callback.method, callback.params, callback.content_type, callback.received_at)


def _encodings(url: str) -> list[str]:
    # However the recorded run's encoder wrote the URL into the body.
    return [url, quote_plus(url, safe=""), quote(url, safe=""), json.dumps(url)[1:-1]]


@dataclass(frozen=True)
class CallbackWatch:
    """The replay's receiver, reached by the target at `endpoint.public_base`."""

    endpoint: CallbackEndpoint
    silence: float

    def key_of(self, entry: RecordedEntry) -> str:
        assert entry.callbacks is not None
        return key(urlsplit(entry.callbacks.url).path)

    def url_for(self, recorded_url: str) -> str:
        path = WATCHED_PATH + key(urlsplit(recorded_url).path)
        return self.endpoint.public_base.rstrip("/") + path

    def redirect(self, entry: RecordedEntry, body: bytes, content_type: str) -> bytes | None:
        """`body` asking for the replay's receiver in place of the recorded run's, or None
        when the URL cannot be replaced where it stands."""
        assert entry.callbacks is not None
        old = entry.callbacks.url
        new = self.url_for(old)
        text = body.decode("utf-8", "replace")
        for recorded, replayed in zip(_encodings(old), _encodings(new), strict=True):
            if recorded in text:
                changed = text.replace(recorded, replayed).encode()
                return changed if requested_url(content_type, changed) == new else None
        return None

    def gather(self, wanted: dict[str, set[str]]) -> dict[str, list[Delivery]]:
        """Wait (bounded) until each watched URL's `wanted` statuses have come, then a window
        more for those nobody asked for; every delivery, by URL key, in arrival order."""
        receiver = self.endpoint.receiver

        def statuses(received: list[ReceivedCallback]) -> dict[str, set[str]]:
            came: dict[str, set[str]] = {}
            for callback in received:
                came.setdefault(key(callback.path), set()).add(delivery(callback).status)
            return came

        def complete(received: list[ReceivedCallback]) -> bool:
            came = statuses(received)
            return all(events <= came.get(k, set()) for k, events in wanted.items())

        receiver.wait_for(complete, timeout=self.endpoint.timeout)
        receiver.wait_for(lambda _: False, timeout=self.silence)
        by_key: dict[str, list[Delivery]] = {k: [] for k in wanted}
        for callback in sorted(receiver.received(), key=lambda c: c.received_at):
            if key(callback.path) in by_key:
                by_key[key(callback.path)].append(delivery(callback))
        return by_key


@contextmanager
def watching(
    target: Target,
    *,
    callback_url: str | None = None,
    listen: tuple[str, int] | None = None,
    wanted: bool = True,
) -> Iterator[CallbackWatch | None]:
    """A receiver for the replay's callbacks: on loopback for a loopback target, behind
    `callback_url` for a remote one; None (callbacks not compared) for a remote target
    without one, or when nothing is `wanted`."""
    local = target.is_loopback
    if not wanted or (not local and not callback_url):
        yield None
        return
    host, port = listen or ("127.0.0.1", 0)
    with CallbackReceiver(host, port) as receiver:
        public = callback_url or receiver.base_url
        endpoint = CallbackEndpoint(receiver, public, ARRIVAL_SECONDS[local])
        yield CallbackWatch(endpoint, SILENCE_SECONDS[local])
