"""What each process of a recorded run writes down, and how the parts become one cassette.

Every process (each pytest-xdist worker, or the only process) appends its exchanges to a part
file of its own, one JSON line each, at the end of every test phase (when the test's node id is
known); the controller merges the parts into one HAR document once every worker has stopped,
as the reports are folded once. A phase's exchanges are kept as they are until it ends, so the
cost during a request is one dictionary entry. An exchange judged in a later phase than it was
sent (the callback tests create in their fixture and judge in the test) gets a line of its own
that the merge adds to its entry.
"""

from __future__ import annotations

import json
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from recording_conformance.conformance.cassette.callbacks import attach, delivery_field
from recording_conformance.conformance.cassette.har import CassetteError, entry, write_cassette
from recording_conformance.conformance.exchange import Exchange
from recording_conformance.conformance.receiver import ReceivedCallback
from recording_conformance.conformance.sanitize import Sanitizer
from recording_conformance.conformance.target import Target

PART_SUFFIX = ".jsonl"


@dataclass
class _Taken:
    exchange: Exchange
    checks: list[str] = field(default_factory=list)
    expectations: list[str] = field(default_factory=list)
    retried: bool = False


class Tape:
    """One process's part of a cassette, in `folder`, named after `process`."""

    def __init__(self, folder: Path, process: str) -> None:
        self.part = folder / f"{process}{PART_SUFFIX}"
        self.process = process
        self.written = 0
        # Exchange identity -> what was taken of it, in the order sent, for the current phase.
        self._pending: dict[int, _Taken] = {}
        # Exchange identity -> the exchange (while it lives) and its entry's id, for judgements
        # that come after its phase; `id()` alone could name a later exchange.
        self._earlier: dict[int, tuple[weakref.ref[Exchange], str]] = {}
        self._late: list[dict[str, Any]] = []
        # Opened on the first line and kept open: an open per test phase costs more than the
        # lines it writes.
        self._file: IO[str] | None = None

    def bind(self, target: Target) -> None:
        """Name the target this process sends to (its sids are substituted on replay)."""
        line = {
            "target": {
                "process": self.process,
                "api_base": target.api_base,
                "project_id": target.project_id,
                "call_sid": target.call_sid,
            }
        }
        self._append([line])

    def callbacks(
        self, public_base: str, received: list[ReceivedCallback], sanitizer: Sanitizer
    ) -> None:
        """Write down every callback that reached this process's receiver, whose URLs start
        with `public_base`; the merge files each under the create that asked for it."""
        deliveries = [delivery_field(callback, sanitizer) for callback in received]
        self._append([{"callbacks": {"base": public_base, "deliveries": deliveries}}])

    def exchange(self, exchange: Exchange) -> None:
        self._pending[id(exchange)] = _Taken(exchange)

    def judged(self, exchange: Exchange, expectation: str, checks: list[str]) -> None:
        taken = self._pending.get(id(exchange))
        if taken is not None:
            taken.expectations.append(expectation)
            taken.checks += checks
            return
        ref, entry_id = self._earlier.get(id(exchange), (None, ""))
        if ref is not None and ref() is exchange:
            late = {"entry": entry_id, "expectation": expectation, "checks": checks}
            self._late.append({"judged": late})

    def retried(self, exchange: Exchange) -> None:
        taken = self._pending.get(id(exchange))
        if taken is not None:
            taken.retried = True

    def phase_ended(self, nodeid: str, phase: str) -> None:
        """Write the phase's exchanges down under the test that sent them."""
        if not (self._pending or self._late):
            return
        lines, self._late = self._late, []
        for key, taken in self._pending.items():
            entry_id = f"{self.process}-{self.written}"
            self.written += 1
            self._earlier[key] = (weakref.ref(taken.exchange), entry_id)
            har_entry = entry(
                taken.exchange,
                nodeid=nodeid,
                phase=phase,
                process=self.process,
                checks=taken.checks,
                expectations=taken.expectations,
                retried=taken.retried,
            )
            lines.append({"entry": {**har_entry, "_id": entry_id}})
        self._pending = {}
        self._append(lines)

    def _append(self, lines: list[dict[str, Any]]) -> None:
        if self._file is None:
            self._file = self.part.open("a", encoding="utf-8")
        self._file.writelines(json.dumps(line) + "\n" for line in lines)
        # Flushed at every phase's end: what a worker wrote is on disk if it dies.
        self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def merge_parts(folder: Path, path: Path, *, creator_version: str) -> int:
    """Write the cassette at `path` from every part in `folder`; return how many entries."""
    entries: dict[str, dict[str, Any]] = {}
    targets: dict[str, dict[str, str]] = {}
    late: list[dict[str, Any]] = []
    bases: list[str] = []
    deliveries: list[dict[str, Any]] = []
    for part in sorted(folder.glob(f"*{PART_SUFFIX}")):
        for line in part.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if "target" in item:
                target = item["target"]
                targets[target.pop("process")] = target
            elif "judged" in item:
                late.append(item["judged"])
            elif "callbacks" in item:
                bases.append(item["callbacks"]["base"])
                deliveries += item["callbacks"]["deliveries"]
            else:
                entries[item["entry"]["_id"]] = item["entry"]
    for judged in late:
        known = entries.get(judged["entry"])
        if known is not None:
            known["_expectations"] = sorted({*known["_expectations"], judged["expectation"]})
            known["_checks"] = sorted({*known["_checks"], *judged["checks"]})
    unmatched = attach(entries.values(), bases, deliveries)
    receivers = {"callbackBases": bases, "unmatchedCallbacks": unmatched}
    try:
        write_cassette(
            path, list(entries.values()), targets, creator_version=creator_version, log=receivers
        )
    except OSError as exc:
        raise CassetteError(f"cannot write the cassette {path}: {exc.strerror}") from None
    return len(entries)
