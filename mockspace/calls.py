"""Calls of a mock space: the pre-provisioned ones and those placed through the Calls API.

A call's status is worked out from the clock when asked for, so that no timer has to move it
along: `queued`, `ringing` after `RINGING_AFTER_SECONDS`, `in-progress` once answered, or
`no-answer` when its Timeout passes first. Only what the API or a drop does to a call (hanging
it up, cancelling it) is stored.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from recording_conformance.mockspace.config import MockConfig

RINGING_AFTER_SECONDS = 0.1
# Call statuses of the Calls API (SignalWire's `calls/models`), and those a call ends in.
ENDED = frozenset({"completed", "busy", "failed", "no-answer", "canceled"})
# Numbers the pre-provisioned calls are between (555-01XX numbers are reserved for fiction).
PROVISIONED_FROM = "+15550100001"
PROVISIONED_TO = "+15550100002"

NEVER_ANSWERS = "never-answers"
DROPS_AFTER = "drops-after:"
BEHAVIOURS_HELP = f"{NEVER_ANSWERS} or {DROPS_AFTER}N (N a whole number of recordings, 1 or more)"


@dataclass
class Call:
    """One call. `answer_after` is seconds from placing to answering (None: never answered)."""

    sid: str
    account_sid: str
    from_: str
    to: str
    date_created: datetime
    answer_after: float | None
    timeout: float
    placed: float = field(default_factory=time.monotonic)
    # Set when the call is hung up, cancelled or dropped (not for a lazily reached no-answer).
    ended: str | None = None
    end_time: datetime | None = None
    recordings_made: int = 0

    def _answers(self) -> bool:
        return self.answer_after is not None and self.answer_after <= self.timeout

    def status(self, at: float | None = None) -> str:
        """The status at the monotonic time `at` (default: now)."""
        if self.ended is not None:
            return self.ended
        elapsed = (time.monotonic() if at is None else at) - self.placed
        if self.answer_after is not None and self._answers() and elapsed >= self.answer_after:
            return "in-progress"
        if not self._answers() and elapsed >= self.timeout:
            return "no-answer"
        return "ringing" if elapsed >= RINGING_AFTER_SECONDS else "queued"

    def start_time(self, status: str) -> datetime | None:
        """When the call was answered, if it was."""
        if status in ("queued", "ringing", "no-answer", "canceled") or not self._answers():
            return None
        assert self.answer_after is not None
        return self.date_created + timedelta(seconds=self.answer_after)

    def finished_at(self, status: str) -> datetime | None:
        """When the call ended, if it has."""
        if self.end_time is not None:
            return self.end_time
        if status == "no-answer":
            return self.date_created + timedelta(seconds=self.timeout)
        return None

    def date_updated(self, status: str) -> datetime:
        """The last change of status that has happened."""
        ended = self.finished_at(status)
        if ended is not None:
            return ended
        started = self.start_time(status)
        if started is not None:
            return started
        if status == "ringing":
            return self.date_created + timedelta(seconds=RINGING_AFTER_SECONDS)
        return self.date_created

    def duration(self, status: str) -> int | None:
        """Whole seconds from answer to end; 0 for a call never answered; None while it lasts."""
        ended = self.finished_at(status)
        if ended is None:
            return None
        started = self.start_time(status)
        return 0 if started is None else max(int((ended - started).total_seconds()), 0)


def provisioned_call(sid: str, config: MockConfig, moment: datetime) -> Call | None:
    """The pre-provisioned call `sid` of `config`, as first seen at `moment`, if it is one."""
    if sid in (config.in_progress_call_sid, config.silent_call_sid):
        ended, end_time = None, None
    elif sid == config.completed_call_sid:
        ended, end_time = "completed", moment
    else:
        return None
    return Call(
        sid=sid,
        account_sid=config.project_id,
        from_=PROVISIONED_FROM,
        to=PROVISIONED_TO,
        date_created=moment,
        answer_after=0.0,
        timeout=60.0,
        ended=ended,
        end_time=end_time,
    )


@dataclass(frozen=True)
class CallBehaviour:
    """What `--call` values switch on: `MockConfig.calls_never_answer` and `calls_drop_after`."""

    never_answers: bool = False
    drop_after: int | None = None


def parse_call_behaviours(values: list[str]) -> CallBehaviour:
    """The behaviours `--call` values name; a ValueError names a bad one in one sentence."""
    never_answers, drop_after = False, None
    for value in values:
        if value == NEVER_ANSWERS:
            never_answers = True
            continue
        count = value.removeprefix(DROPS_AFTER) if value.startswith(DROPS_AFTER) else ""
        if not (count.isascii() and count.isdigit()) or int(count) < 1:
            raise ValueError(f"unknown call behaviour {value!r}; known: {BEHAVIOURS_HELP}")
        drop_after = int(count)
    return CallBehaviour(never_answers, drop_after)
