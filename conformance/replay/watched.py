"""The creates of a replay whose status callbacks are compared: each pointed at the replay's
receiver as it is sent, its recording stopped only once its `in-progress` callback has come
(as the recorded run did), and its deliveries compared once every request has been sent."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from recording_conformance.conformance.cassette.callbacks import requested_events
from recording_conformance.conformance.checks.callbacks import OBSERVABLE_EVENTS
from recording_conformance.conformance.replay.callback_compare import compare_deliveries
from recording_conformance.conformance.replay.callbacks import (
    NOT_REDIRECTED,
    NOT_WATCHED_REMOTE,
    CallbackWatch,
)
from recording_conformance.conformance.replay.compare import Compared
from recording_conformance.conformance.replay.entries import RecordedCallbacks, RecordedEntry
from recording_conformance.conformance.replay.substitution import Substitution


@dataclass(frozen=True)
class _Watched:
    compared: Compared
    recorded: RecordedCallbacks
    key: str
    requested: frozenset[str]

    @property
    def made_recordings(self) -> bool:
        """Whether both the recorded and the replayed create made a recording: otherwise the
        status says it all, as for the fields."""
        statuses = (self.compared.entry.status, self.compared.replayed.status)
        return all(200 <= status < 300 for status in statuses)

    @property
    def wanted(self) -> set[str]:
        """The events to wait for: those asked for that a recording goes through, or that
        came to the recorded run."""
        came = {delivery.status for delivery in self.recorded.deliveries}
        return set(self.requested) & (set(OBSERVABLE_EVENTS) | came)


class WatchedCreates:
    """`watch`: the replay's receiver, or None (a remote target without a callback URL)."""

    def __init__(self, watch: CallbackWatch | None) -> None:
        self.watch = watch
        self.not_compared: Counter[str] = Counter()
        self._sent: list[_Watched] = []
        # Recorded recording sid -> its watched create, for the stop that ends it.
        self._by_recorded_sid: dict[str, _Watched] = {}
        # Keys whose `in-progress` callback has been waited for, come or not.
        self._awaited: set[str] = set()

    def body_for(self, entry: RecordedEntry, body: bytes) -> tuple[bytes, str | None]:
        """The body to send, and the key of the replay's callback URL in it when the
        recorded run watched the create's callbacks and so does the replay."""
        if entry.callbacks is None:
            return body, None
        if self.watch is None:
            self.not_compared[NOT_WATCHED_REMOTE] += 1
            return body, None
        redirected = self.watch.redirect(entry, body)
        if redirected is None:
            self.not_compared[NOT_REDIRECTED] += 1
            return body, None
        return redirected, self.watch.key_of(entry)

    def sent(self, compared: Compared, key: str, recorded_sid: str | None) -> None:
        entry = compared.entry
        assert entry.callbacks is not None
        requested = frozenset(requested_events(entry.content_type, entry.request_body))
        watched = _Watched(compared, entry.callbacks, key, requested)
        self._sent.append(watched)
        if recorded_sid is not None:
            self._by_recorded_sid[recorded_sid] = watched

    def before_sending(self, entry: RecordedEntry) -> None:
        """Before the stop of a watched recording: wait for the `in-progress` callback of
        every watched recording sent so far that asked for it, as the recorded run did before
        its stops (a recording stopped at once may never report it). One bounded wait, as the
        suite's: a target that sends `in-progress` late, or never, costs one timeout."""
        if not entry.is_stop or self.watch is None:
            return
        watched = self._by_recorded_sid.get(entry.path_ids.get("sid", ""))
        if watched is None or not watched.made_recordings:
            return
        pending = {w.key for w in self._sent if w.key not in self._awaited and self._awaits(w)}
        if pending:
            self.watch.wait_for_event(pending, "in-progress")
            self._awaited |= pending

    @staticmethod
    def _awaits(watched: _Watched) -> bool:
        return watched.made_recordings and "in-progress" in watched.wanted

    def compare(self, substitution: Substitution, *, exact: bool) -> Counter[str]:
        """Gather the deliveries and file what differs under each create; the freedoms that
        allowed a difference, counted."""
        allowed: Counter[str] = Counter()
        judged = [watched for watched in self._sent if watched.made_recordings]
        if self.watch is None or not judged:
            return allowed
        came = self.watch.gather({watched.key: watched.wanted for watched in judged})
        for watched in judged:
            compared = watched.compared
            compared.deliveries.extend(came[watched.key])
            comparison = compare_deliveries(
                watched.recorded.deliveries,
                came[watched.key],
                requested=watched.requested,
                target=compared.entry.target,
                substitution=substitution,
                exact=exact,
            )
            compared.comparison.differences.extend(comparison.differences)
            compared.comparison.allowed.extend(comparison.allowed)
            allowed.update(freedom for freedom, _ in comparison.allowed)
        return allowed
