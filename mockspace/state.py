"""The mutable world of a mock space: its calls and the recordings made on them."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from mockspace.config import MockConfig


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

    @property
    def duration(self) -> int:
        """Whole seconds recorded so far (0 while the recording has not ended)."""
        if self.end_time is None:
            return 0
        return int((self.end_time - self.start_time).total_seconds())


@dataclass
class SpaceState:
    """Calls and recordings, guarded by one lock: handlers run on the server's event loop while
    tests and the callback dispatcher read from other threads."""

    config: MockConfig
    recordings: dict[str, Recording] = field(default_factory=dict)
    # Exceptions a handler did not expect: surfaced by the tests instead of lost in a thread.
    unexpected_errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _fixed_sid: str = field(default_factory=lambda: str(uuid.uuid4()))

    def call_status(self, call_sid: str) -> str | None:
        """`in-progress`, `completed`, or None for a call this space does not know."""
        cfg = self.config
        if call_sid in (cfg.in_progress_call_sid, cfg.silent_call_sid):
            return "in-progress"
        if call_sid == cfg.completed_call_sid:
            return "completed"
        return None

    def is_silent(self, call_sid: str) -> bool:
        """Whether recordings of this call capture no audio."""
        return call_sid == self.config.silent_call_sid

    def new_sid(self, *, reuse: bool) -> str:
        """A fresh recording sid, or always the same one when the mock is told to reuse it."""
        return self._fixed_sid if reuse else str(uuid.uuid4())

    def add(self, recording: Recording) -> None:
        with self.lock:
            self.recordings[recording.sid] = recording

    def get(self, sid: str) -> Recording | None:
        with self.lock:
            return self.recordings.get(sid)

    def listing(self, account_sid: str, call_sid: str | None = None) -> Iterator[Recording]:
        """The account's recordings, newest first, optionally of one call."""
        with self.lock:
            found = [
                r
                for r in self.recordings.values()
                if r.account_sid == account_sid and (call_sid is None or r.call_sid == call_sid)
            ]
        return iter(sorted(found, key=lambda r: r.date_created, reverse=True))

    def delete(self, sid: str) -> bool:
        with self.lock:
            return self.recordings.pop(sid, None) is not None

    def reset(self, config: MockConfig | None = None) -> None:
        """Forget every recording and error; optionally switch to a new configuration."""
        with self.lock:
            self.recordings.clear()
            self.unexpected_errors.clear()
            if config is not None:
                self.config = config


def now() -> datetime:
    """The current time, in UTC, to the second (RFC 2822 dates carry no fractions)."""
    return datetime.now(UTC).replace(microsecond=0)
