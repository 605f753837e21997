"""The mutable world of a mock space: its calls and the recordings made on them."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from recording_conformance.mockspace.calls import ENDED, Call, provisioned_call
from recording_conformance.mockspace.config import MockConfig

# Recordings that have not ended: hanging up their call or a drop ends them.
UNFINISHED = frozenset({"queued", "in-progress", "paused"})


@dataclass(frozen=True)
class CreateParams:
    """A validated create request, defaults applied."""

    channels: int
    track: str
    trim: str
    callback_url: str | None
    callback_events: tuple[str, ...]
    callback_method: str


@dataclass
class Recording:
    """One recording of a call, as the mock tracks it."""

    sid: str
    account_sid: str
    call_sid: str
    params: CreateParams
    status: str
    date_created: datetime
    date_updated: datetime
    start_time: datetime
    end_time: datetime | None = None
    # Where the space was reached when the recording was made, for absolute RecordingUrl values.
    origin: str = ""
    # Order of creation (set by SpaceState.add): lists are newest first, and dates carry only
    # whole seconds.
    seq: int = 0

    @property
    def duration(self) -> int:
        """Whole seconds recorded so far (0 while the recording has not ended)."""
        if self.end_time is None:
            return 0
        return int((self.end_time - self.start_time).total_seconds())


@dataclass
class SpaceState:
    """Calls and recordings, guarded by one lock: handlers run on the server's event loop while
    tests and the callback dispatcher read from other threads. The counters are for the suite's
    own tests to read."""

    config: MockConfig
    recordings: dict[str, Recording] = field(default_factory=dict)
    # Placed calls, and the pre-provisioned ones once something asked for them.
    calls: dict[str, Call] = field(default_factory=dict)
    calls_placed: int = 0
    # Calls ended by the API (POST .../Calls/{sid} with Status), not repeats on an ended call.
    calls_hung_up: int = 0
    # Calls ended by the `drops-after:N` behaviour.
    calls_dropped: int = 0
    # Answers that were 429 (`throttle_rate`).
    throttled_answers: int = 0
    # Exceptions a handler did not expect: surfaced by the tests instead of lost in a thread.
    unexpected_errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _fixed_sid: str = field(default_factory=lambda: str(uuid.uuid4()))
    _seq: int = 0

    def call_status(self, call_sid: str) -> str | None:
        """The call's status (`in-progress` is the one that can be recorded), or None for a
        call this space does not know."""
        with self.lock:
            call = self._call(call_sid)
            return None if call is None else call.status()

    def get_call(self, call_sid: str) -> Call | None:
        with self.lock:
            return self._call(call_sid)

    def _call(self, call_sid: str) -> Call | None:
        # The pre-provisioned calls come into being when first asked for, so that they follow
        # the configuration (tests swap it) and start their clock then. Lock held.
        call = self.calls.get(call_sid)
        if call is None:
            call = provisioned_call(call_sid, self.config, datetime.now(UTC))
            if call is not None:
                self.calls[call_sid] = call
        return call

    def place(self, call: Call) -> None:
        with self.lock:
            self.calls[call.sid] = call
            self.calls_placed += 1

    def hang_up(self, call: Call, wanted: str) -> bool:
        """End `call` as `Status=wanted` asks; False when that changes nothing: the call has
        ended already, or `canceled` was asked of an answered call (which only hangs up one
        that is queued or ringing, as on Twilio)."""
        with self.lock:
            current = call.status()
            if current in ENDED or (wanted == "canceled" and current == "in-progress"):
                return False
            call.ended = "completed" if current == "in-progress" else "canceled"
            call.end_time = datetime.now(UTC)
            self.calls_hung_up += 1
            return True

    def note_recording(self, call_sid: str) -> bool:
        """Count a recording made on the call; True when that drops the call (`drops-after`)."""
        limit = self.config.calls_drop_after
        with self.lock:
            call = self._call(call_sid)
            if call is None:
                return False
            call.recordings_made += 1
            if limit is None or call.recordings_made < limit or call.status() != "in-progress":
                return False
            call.ended, call.end_time = "completed", datetime.now(UTC)
            self.calls_dropped += 1
            return True

    def unfinished_recordings(self, call_sid: str | None = None) -> list[Recording]:
        """Recordings not yet ended (queued, in progress or paused), of one call or all."""
        with self.lock:
            return [
                r
                for r in self.recordings.values()
                if r.status in UNFINISHED and call_sid in (None, r.call_sid)
            ]

    def in_progress_recordings(self) -> list[Recording]:
        """Every recording still under way (queued, in progress or paused), for tests."""
        return self.unfinished_recordings()

    def is_silent(self, call_sid: str) -> bool:
        """Whether recordings of this call capture no audio."""
        return call_sid == self.config.silent_call_sid

    def new_sid(self, *, reuse: bool) -> str:
        """A fresh recording sid, or always the same one when the mock is told to reuse it."""
        return self._fixed_sid if reuse else str(uuid.uuid4())

    def add(self, recording: Recording) -> None:
        with self.lock:
            self._seq += 1
            recording.seq = self._seq
            self.recordings[recording.sid] = recording

    def get(self, sid: str) -> Recording | None:
        with self.lock:
            return self.recordings.get(sid)

    def listing(
        self, account_sid: str, call_sid: str | None = None, status: str | None = None
    ) -> Iterator[Recording]:
        """The account's recordings, newest first, optionally of one call or in one status."""
        with self.lock:
            found = [
                r
                for r in self.recordings.values()
                if r.account_sid == account_sid
                and call_sid in (None, r.call_sid)
                and status in (None, r.status)
            ]
        return iter(sorted(found, key=lambda r: r.seq, reverse=True))

    def delete(self, sid: str) -> bool:
        with self.lock:
            return self.recordings.pop(sid, None) is not None

    def reset(self, config: MockConfig | None = None) -> None:
        """Forget every recording, call, count and error; optionally switch to a new
        configuration."""
        with self.lock:
            self.recordings.clear()
            self.calls.clear()
            self.calls_placed = self.calls_hung_up = self.calls_dropped = 0
            self.throttled_answers = 0
            self.unexpected_errors.clear()
            if config is not None:
                self.config = config


def now() -> datetime:
    """The current time, in UTC, to the second (RFC 2822 dates carry no fractions)."""
    return datetime.now(UTC).replace(microsecond=0)
