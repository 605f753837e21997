"""What a run is waiting for, said on the terminal while it waits.

A run against a live space spends most of its time waiting: pacing at 5 requests a second,
`Retry-After` after a 429 or 503, the window in which status callbacks arrive, a placed call
ringing. Without a word, minutes of that look like a hung CI job. Every wait of the suite goes
through `Progress.sleep`, in steps of at most a second, and a line is written once the run has
waited `every` seconds since the last one: a few seconds apart while the run mostly waits, one
line at a time (a CI log has no line to rewrite), and nothing at all for a run that never
waits that long (the embedded mock).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from recording_conformance.conformance.budget import RequestBudget

DEFAULT_EVERY_SECONDS = 3.0
PROGRESS_KEY = pytest.StashKey["Progress"]()
# The longest single sleep: a long Retry-After is said while it lasts, not after.
STEP_SECONDS = 1.0


class Progress:
    """Says, at most once every `every` seconds of waiting, what the run waits for and how
    many requests it has sent (of its budget, when it has one). `say` writes one line to the
    terminal; None (a pytest-xdist worker, which has no terminal) keeps quiet."""

    def __init__(
        self,
        say: Callable[[str], None] | None,
        *,
        budget: RequestBudget | None = None,
        sent: Callable[[], int] | None = None,
        every: float = DEFAULT_EVERY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        sleeper: Callable[[float], None] = time.sleep,
    ) -> None:
        self._say = say
        self.budget = budget
        # Requests sent without a budget to count them (the client's own count).
        self.sent = sent
        self._every = every
        self._clock = clock
        self._sleep = sleeper
        self._lock = threading.Lock()
        # Seconds waited since the last line, and in all.
        self._waited = 0.0
        self.total_waited = 0.0
        self.lines = 0

    def sleep(self, seconds: float, what: str) -> None:
        """Wait `seconds` for `what` (a phrase: "pacing requests to 5 a second")."""
        end = self._clock() + seconds
        while True:
            left = end - self._clock()
            if left <= 0:
                return
            step = min(left, STEP_SECONDS)
            self._sleep(step)
            self._waited_for(step, what)

    def _waited_for(self, seconds: float, what: str) -> None:
        with self._lock:
            self._waited += seconds
            self.total_waited += seconds
            if self._waited < self._every or self._say is None:
                return
            self._waited = 0.0
            self.lines += 1
        self._say(f"waiting: {what}; {self._spent()}; {self.total_waited:.1f} s waited in all")

    def _spent(self) -> str:
        if self.budget is not None:
            use = self.budget.use()
            return f"{use.spent} of the budget of {use.limit} requests spent"
        if self.sent is not None:
            return f"{self.sent()} requests sent"
        return "no request budget"


def silent() -> Progress:
    """A progress that waits and says nothing (tests, and clients built outside a run)."""
    return Progress(None)
