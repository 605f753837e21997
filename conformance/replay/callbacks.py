"""Status callbacks on replay: each create whose callbacks the recorded run watched is sent with
a URL on the replay's own receiver, and what reaches it is gathered once every request has
been sent, to be compared with what the recorded run received.

The replay waits as the suite's callback test does (`conformance/test_callbacks.py`): a
recording that asked for `in-progress` is stopped only once that callback has come; at the
end, for the events each create asked for, then, when an event nobody asked for could still
come, a window more in which it would be seen.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote, quote_plus, urlsplit

from recording_conformance.conformance.cassette.callbacks import (
    WATCHED_PATH,
    callback_key,
    requested_url,
)
from recording_conformance.conformance.checks.callbacks import OBSERVABLE_EVENTS
from recording_conformance.conformance.receiver import (
    ARRIVAL_SECONDS,
    SILENCE_SECONDS,
    CallbackEndpoint,
    CallbackReceiver,
    ReceivedCallback,
)
from recording_conformance.conformance.replay.entries import Delivery, RecordedEntry
from recording_conformance.conformance.target import Target

NOT_WATCHED_REMOTE = "the target is remote and no --callback-url forwards to the replay's receiver"
NOT_REDIRECTED = "its callback URL could not be replaced in the body (an unusual encoding)"


def received_delivery(callback: ReceivedCallback) -> Delivery:
    return Delivery(callback.method, callback.params, callback.content_type, callback.received_at)


def _encodings(url: str) -> list[str]:
    # However the recorded run's encoder wrote the URL into the body (form, either escaping of
    # `/`; JSON), each written the same way for the replay's URL.
    return [url, quote_plus(url, safe=""), quote(url, safe=""), url.replace("/", "\\/")]


@dataclass(frozen=True)
class CallbackWatch:
    """The replay's receiver, reached by the target at `endpoint.public_base`; `silence`: the
    window in which an event nobody asked for would be seen."""

    endpoint: CallbackEndpoint
    silence: float

    def key_of(self, entry: RecordedEntry) -> str:
        assert entry.callbacks is not None
        return callback_key(urlsplit(entry.callbacks.url).path)

    def url_for(self, entry: RecordedEntry) -> str:
        """The replay's callback URL for a watched create: the receiver's, and the recorded
        URL's last path segment, which tells its callbacks apart."""
        return self.endpoint.public_base.rstrip("/") + WATCHED_PATH + self.key_of(entry)

    def redirect(self, entry: RecordedEntry, body: bytes) -> bytes | None:
        """`body` asking for the replay's receiver in place of the recorded run's, or None
        when the URL cannot be replaced where it stands (the body is then sent as recorded)."""
        assert entry.callbacks is not None
        old, new = entry.callbacks.url, self.url_for(entry)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return None
        for recorded, replayed in zip(_encodings(old), _encodings(new), strict=True):
            if recorded in text:
                changed = text.replace(recorded, replayed).encode()
                return changed if requested_url(entry.content_type, changed) == new else None
        return None

    def _statuses(self) -> dict[str, set[str]]:
        came: dict[str, set[str]] = {}
        for callback in self.endpoint.receiver.received():
            key = callback_key(callback.path)
            came.setdefault(key, set()).add(received_delivery(callback).status)
        return came

    def wait_for_event(self, keys: set[str], event: str) -> None:
        """Wait (bounded, once) until callback `event` of each recording at `keys` has come."""

        def came(_: object) -> bool:
            statuses = self._statuses()
            return all(event in statuses.get(key, set()) for key in keys)

        self.endpoint.receiver.wait_for(came, timeout=self.endpoint.timeout)

    def gather(self, wanted: Mapping[str, set[str]]) -> dict[str, list[Delivery]]:
        """Wait (bounded) until each watched URL's `wanted` events have come, then, if one of
        them did not ask for every event a recording goes through, a window more; every
        delivery, by URL key, in arrival order."""
        if not wanted:
            return {}
        receiver = self.endpoint.receiver

        def came(events_of: Mapping[str, set[str]]) -> bool:
            statuses = self._statuses()
            return all(events <= statuses.get(key, set()) for key, events in events_of.items())

        receiver.wait_for(lambda _: came(wanted), timeout=self.endpoint.timeout)
        if any(set(OBSERVABLE_EVENTS) - events for events in wanted.values()):
            every = {key: set(OBSERVABLE_EVENTS) for key in wanted}
            receiver.wait_for(lambda _: came(every), timeout=self.silence)
        by_key: dict[str, list[Delivery]] = {key: [] for key in wanted}
        for callback in sorted(receiver.received(), key=lambda c: c.received_at):
            key = callback_key(callback.path)
            if key in by_key:
                by_key[key].append(received_delivery(callback))
        return by_key


@contextmanager
def watching(
    target: Target,
    *,
    callback_url: str | None = None,
    listen: tuple[str, int] | None = None,
    wanted: bool = True,
) -> Iterator[CallbackWatch | None]:
    """A receiver for the replay's callbacks: reached directly by a loopback target (a
    `callback_url` is for a remote one, and a mock calls back only on loopback), behind
    `callback_url` by a remote one; None (callbacks not compared) for a remote target
    without one, or when nothing is `wanted`."""
    local = target.is_loopback
    if not wanted or (not local and not callback_url):
        yield None
        return
    host, port = ("127.0.0.1", 0) if local else (listen or ("127.0.0.1", 0))
    with CallbackReceiver(host, port) as receiver:
        public = receiver.base_url if local else (callback_url or receiver.base_url)
        endpoint = CallbackEndpoint(receiver, public, ARRIVAL_SECONDS[local])
        yield CallbackWatch(endpoint, SILENCE_SECONDS[local])
