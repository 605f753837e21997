"""What a run sent and how fast: one tally, added up over the processes of a parallel run.

Each process's client counts its own requests; an xdist worker hands its count to the
controller in `workeroutput`, and the controller prints the sum (and the report carries it).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest

from conformance.client import ConformanceClient
from conformance.options import CLIENT_KEY

WORKER_OUTPUT_KEY = "conformance_requests"


@dataclass
class RequestTally:
    """Requests sent, their statuses, recordings created, and the span they were sent over."""

    requests: int = 0
    by_status: Counter[int] = field(default_factory=Counter)
    recordings_created: int = 0
    first_sent: float | None = None
    last_answered: float | None = None

    @classmethod
    def of(cls, client: ConformanceClient) -> RequestTally:
        stats = client.stats
        return cls(
            stats.requests,
            Counter(stats.by_status),
            len(client.created_sids()),
            stats.first_sent,
            stats.last_answered,
        )

    def add(self, other: RequestTally) -> None:
        self.requests += other.requests
        self.by_status += other.by_status
        self.recordings_created += other.recordings_created
        firsts = [t for t in (self.first_sent, other.first_sent) if t is not None]
        lasts = [t for t in (self.last_answered, other.last_answered) if t is not None]
        self.first_sent = min(firsts, default=None)
        self.last_answered = max(lasts, default=None)

    @property
    def seconds(self) -> float:
        """From the first request sent to the last answer, over every process."""
        if self.first_sent is None or self.last_answered is None:
            return 0.0
        return max(self.last_answered - self.first_sent, 0.0)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "by_status": {str(k): v for k, v in sorted(self.by_status.items())},
            "recordings_created": self.recordings_created,
            "first_sent": self.first_sent,
            "last_answered": self.last_answered,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RequestTally:
        return cls(
            data["requests"],
            Counter({int(k): v for k, v in data["by_status"].items()}),
            data["recordings_created"],
            data["first_sent"],
            data["last_answered"],
        )


class TallyPlugin:
    """Keeps the run's request tally: the process's own, plus what workers reported."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.from_workers: list[RequestTally] = []

    @property
    def is_worker(self) -> bool:
        return hasattr(self.config, "workerinput")

    def total(self) -> RequestTally:
        tally = RequestTally()
        client = self.config.stash.get(CLIENT_KEY, None)
        if client is not None:
            tally.add(RequestTally.of(client))
        for part in self.from_workers:
            tally.add(part)
        return tally

    # Last, so that the session's fixtures (the clean-up of recordings) are done.
    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.is_worker:
            workeroutput = self.config.workeroutput  # type: ignore[attr-defined]
            workeroutput[WORKER_OUTPUT_KEY] = self.total().as_json()

    def pytest_testnodedown(self, node: Any, error: object) -> None:
        data = getattr(node, "workeroutput", {}).get(WORKER_OUTPUT_KEY)
        if data:
            self.from_workers.append(RequestTally.from_json(data))

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        tally = self.total()
        if not tally.requests:
            return
        statuses = ", ".join(f"{status}: {n}" for status, n in sorted(tally.by_status.items()))
        terminalreporter.write_sep("-", "conformance requests")
        terminalreporter.write_line(
            f"{tally.requests} requests in {tally.seconds:.1f} s ({tally.per_second:.0f}/s); "
            f"by status: {statuses}; recordings created: {tally.recordings_created}"
        )


TALLY_PLUGIN_NAME = "conformance-request-tally"


def tally_of(config: pytest.Config) -> RequestTally | None:
    """The run's tally so far, or None when the tally plugin is not registered."""
    plugin = config.pluginmanager.get_plugin(TALLY_PLUGIN_NAME)
    return plugin.total() if isinstance(plugin, TallyPlugin) else None
