"""One request budget for the whole run (`--max-requests N`), however many processes send.

In one process the budget is a counter in memory. When pytest-xdist starts workers, the
controller moves the counter into a small file of its own and hands its path to every worker
(`workerinput`); each request then takes its unit under an exclusive `fcntl.flock`, so that N is
N for the run and not N per worker. A lock and two 8-byte reads or writes cost microseconds next
to a request's milliseconds, and a run with no limit has no budget at all (the client then pays
nothing per request).

The counter counts every request asked for, refused ones included: `spent` is how many went out
within the budget and `ran_out` whether any was refused.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import struct
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest

from recording_conformance.conformance.records import BudgetUse

# The counter in the shared file: one unsigned 64-bit integer at offset 0.
_COUNTER = struct.Struct("<Q")
# How the controller hands the budget to a worker: (path of the counter, limit).
BUDGET_INPUT = "conformance_request_budget"
BUDGET_PLUGIN = "conformance-budget"
BUDGET_KEY = pytest.StashKey["RequestBudget | None"]()


class RequestBudgetExhausted(RuntimeError):
    """The run has sent as many requests as it may (a limit that protects live spaces)."""


class RequestBudget:
    """At most `limit` requests for the whole run; `take()` before each one."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"a request budget needs a limit of at least 1, not {limit}")
        self.limit = limit
        self._asked = 0
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._folder: Path | None = None
        # Once refused, always refused: later requests are refused without touching the file.
        self._exhausted = False

    def __repr__(self) -> str:
        where = "shared" if self._fd is not None else "in memory"
        return f"<RequestBudget {self.asked()}/{self.limit} {where}>"

    @classmethod
    def attach(cls, shared: tuple[str, int] | list[Any]) -> RequestBudget:
        """The budget another process shared (`share()`): a worker's view of the run's budget."""
        path, limit = shared
        budget = cls(int(limit))
        budget._fd = os.open(str(path), os.O_RDWR)
        return budget

    @property
    def exhausted_message(self) -> str:
        return f"the run has sent its {self.limit} requests (--max-requests)"

    def take(self) -> None:
        """Take one request's unit, or raise `RequestBudgetExhausted` if the run has none left."""
        if not self._exhausted:
            if self._fd is None:
                with self._lock:
                    self._asked += 1
                    asked = self._asked
            else:
                asked = self._take_shared(self._fd)
            self._exhausted = asked > self.limit
        if self._exhausted:
            # Raised from this one line: Hypothesis tells failures apart by where they were
            # raised, and would call two sites of one refusal a flaky test.
            raise RequestBudgetExhausted(self.exhausted_message)

    def _take_shared(self, fd: int) -> int:
        with self._lock:  # flock is per open file: threads of one process queue here first
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                asked = _read(fd) + 1
                os.pwrite(fd, _COUNTER.pack(asked), 0)
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        return asked

    def asked(self) -> int:
        """How many requests were asked for so far, by every process (refused ones included)."""
        if self._fd is None:
            return self._asked
        fcntl.flock(self._fd, fcntl.LOCK_SH)
        try:
            return _read(self._fd)
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def use(self) -> BudgetUse:
        """The run's use of the budget so far."""
        asked = self.asked()
        return BudgetUse(self.limit, min(asked, self.limit), asked > self.limit)

    def share(self) -> tuple[str, int]:
        """Move the counter into a file other processes can open (`attach`), once; every later
        call hands out the same file. The process that shares removes the file in `close()`."""
        if self._fd is None:
            self._folder = Path(tempfile.mkdtemp(prefix="conformance-budget-"))
            path = self._folder / "requests"
            path.write_bytes(_COUNTER.pack(self._asked))
            self._fd = os.open(path, os.O_RDWR)
        assert self._folder is not None, "a worker's budget is shared by its controller"
        return str(self._folder / "requests"), self.limit

    def close(self) -> None:
        """Keep the final count in memory, close the file and remove it if this process made it."""
        if self._fd is None:
            return
        self._asked = self.asked()
        os.close(self._fd)
        self._fd = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def _read(fd: int) -> int:
    data = os.pread(fd, _COUNTER.size, 0)
    return _COUNTER.unpack(data)[0] if len(data) == _COUNTER.size else 0


def budget_ran_out(error: BaseException) -> str | None:
    """Why a test stopped, when all that stopped it was the budget: one refusal, or a group of
    them only (Hypothesis gathers the failures of a search in a group)."""
    if isinstance(error, RequestBudgetExhausted):
        return str(error)
    if isinstance(error, BaseExceptionGroup):
        reasons = {budget_ran_out(inner) for inner in error.exceptions}
        if len(reasons) == 1 and None not in reasons:
            return reasons.pop()
    return None


def set_up_budget(config: pytest.Config, limit: int | None) -> RequestBudget | None:
    """The run's budget in this process (the controller's, or attached in a worker), kept in
    `config.stash[BUDGET_KEY]`; None when no limit applies."""
    workerinput = getattr(config, "workerinput", None)
    budget: RequestBudget | None
    if workerinput is not None and BUDGET_INPUT in workerinput:
        budget = RequestBudget.attach(workerinput[BUDGET_INPUT])
    else:
        budget = RequestBudget(limit) if limit is not None else None
    config.stash[BUDGET_KEY] = budget
    if budget is not None:
        config.pluginmanager.register(BudgetSharing(budget), BUDGET_PLUGIN)
    return budget


class BudgetSharing:
    """The pytest side of a budget: the controller hands it to every worker it starts, and each
    process lets go of it once the report (which reads its use) is written."""

    def __init__(self, budget: RequestBudget) -> None:
        self.budget = budget

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        node.workerinput[BUDGET_INPUT] = self.budget.share()

    @pytest.hookimpl(trylast=True)
    def pytest_unconfigure(self) -> None:
        self.budget.close()
