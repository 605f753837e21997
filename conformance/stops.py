"""How a run ends before its verdict, and with which exit code.

A run that cannot judge the target (it is down, it is not this API, the credentials or the call
are unusable) ends in one sentence and an exit code of its own, never in a failure per test:
nothing about the space's conformance was learnt. The same stop reaches the controller of a
pytest-xdist run from whichever worker met it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

# pytest's own codes: 0 passed, 1 tests failed, 2 interrupted, 4 usage error, 5 no tests.
EXIT_INTERRUPTED = int(pytest.ExitCode.INTERRUPTED)
EXIT_USAGE = int(pytest.ExitCode.USAGE_ERROR)
EXIT_NO_TESTS = int(pytest.ExitCode.NO_TESTS_COLLECTED)
# Beside them: the target could not be judged.
EXIT_TARGET_DOWN = 3  # no connection, not this API, or it stopped answering (503/429)
EXIT_CREDENTIALS = 6  # the space refused the project id and token
EXIT_CALL_UNUSABLE = 7  # the call is unknown, not in progress, never answered, or ended mid-run


@dataclass(frozen=True)
class Stop:
    """Why the run ended before its verdict. `before_start`: nothing was sent to judge (a
    preflight found it), so the verdict is inconclusive rather than interrupted."""

    reason: str
    exit_code: int
    before_start: bool = False

    def as_tuple(self) -> tuple[str, int, bool]:
        """The form that crosses from a pytest-xdist worker to the controller."""
        return (self.reason, self.exit_code, self.before_start)


class RunStopped(BaseException):
    """Raised where the run cannot go on (the call ended mid-run); the plugin turns it into a
    stop of the whole run. Not an `Exception`: Hypothesis would take it for a failure and
    shrink it, each step another request to a call that has ended."""

    def __init__(self, stop: Stop) -> None:
        super().__init__(stop.reason)
        self.stop = stop
