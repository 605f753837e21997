"""The pytest plugin that turns a run into a conformance report.

Built in `pytest_configure` and kept in `config.stash`. Each test's contribution travels in its
report's `user_properties` (so pytest-xdist workers send it to the controller); request totals
come from the run's tally (`conformance/tally.py`). Only the controller (or a run without
workers) writes files.
"""

from __future__ import annotations

import itertools
import platform
import shutil
import time
from collections import Counter
from collections.abc import Generator
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, cast

import pytest

from conformance.failures import ConformanceFailure
from conformance.options import CLIENT_KEY, SANITIZER_KEY
from conformance.sanitize import Sanitizer
from conformance.tally import tally_of
from reports import html, junit, markdown
from reports.coverage import combinations
from reports.json_report import write_json
from reports.model import DEVIATION_RESOLVED, Contribution, build_report

PROPERTY = "conformance"
PACKAGES = (
    "hypothesis",
    "schemathesis",
    "pytest",
    "requests",
    "jsonschema",
    "starlette",
    "uvicorn",
)
DEFAULT_ROOT = Path("reports") / "out"
_delta_key = pytest.StashKey[dict[str, Any]]()


def _requirements(item: pytest.Item) -> list[str]:
    return sorted({arg for mark in item.iter_markers("requirement") for arg in mark.args})


def _conformance_failures(error: BaseException) -> list[ConformanceFailure]:
    """Every conformance failure in `error`, including groups and the checks noted beside."""
    if isinstance(error, ConformanceFailure):
        return [error, *error.others]
    if isinstance(error, BaseExceptionGroup):
        return [f for inner in error.exceptions for f in _conformance_failures(inner)]
    return []


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr or "skipped")


class ReportPlugin:
    """Collects records during the run and writes the report at the end."""

    def __init__(
        self,
        config: pytest.Config,
        out_dir: Path | None,
        deviations: dict[str, str],
        provenance: dict[str, Any],
        *,
        latest: Path | None = None,
    ) -> None:
        self.config = config
        self.out_dir = out_dir
        self.latest = latest
        self.deviations = deviations
        self.provenance = provenance
        self.records: dict[str, Contribution] = {}
        self.started = time.monotonic()
        self.written: Path | None = None

    @property
    def is_worker(self) -> bool:
        return hasattr(self.config, "workerinput")

    def _sanitizer(self) -> Sanitizer:
        return self.config.stash.get(SANITIZER_KEY, None) or Sanitizer()

    # --- On whichever process runs the test -------------------------------------------------

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, object, object]:
        client = self.config.stash.get(CLIENT_KEY, None)
        sent_before = client.stats.requests if client else 0
        judged_before = Counter(client.stats.judged) if client else Counter()
        try:
            return (yield)
        finally:
            client = self.config.stash.get(CLIENT_KEY, None)
            if client is not None:
                sent = client.stats.requests - sent_before
                recent = list(itertools.islice(reversed(client.history), sent))
                item.stash[_delta_key] = {
                    "requests": sent,
                    "by_status": dict(Counter(str(e.status) for e in recent)),
                    "coverage": dict(combinations(recent)),
                    "judged": dict(client.stats.judged - judged_before),
                }

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        requirements = _requirements(item)
        if not requirements:
            return report
        record = Contribution(nodeid=item.nodeid, requirements=requirements)
        if report.skipped:
            record.outcome, record.skip_reason = "skipped", _skip_reason(report)
        elif report.failed and call.excinfo is not None:
            failures = _conformance_failures(call.excinfo.value)
            # Only the test itself decides a verdict; set-up and tear-down errors are the
            # suite's or the machine's, reported beside the verdicts.
            record.outcome = "failed" if report.when == "call" else "passed"
            record.failures = [f.evidence() for f in failures]
            if not failures:
                record.error = self._sanitizer().text(call.excinfo.exconly())[:2000]
            self._apply_deviations(report, record, failures)
        if report.when == "call":
            delta: dict[str, Any] = item.stash.get(_delta_key, {})
            record.__dict__.update(delta)
        report.user_properties.append((PROPERTY, record.__dict__))
        return report

    def _apply_deviations(
        self, report: pytest.TestReport, record: Contribution, failures: list[ConformanceFailure]
    ) -> None:
        # A test whose every failure is a known deviation is reported as an expected failure.
        if (
            failures
            and report.when == "call"
            and all(f.requirement in self.deviations for f in failures)
        ):
            reasons = sorted({self.deviations[f.requirement] for f in failures})
            report.outcome = "skipped"
            report.wasxfail = "known deviation: " + "; ".join(reasons)
            record.outcome = "xfailed"

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if not self.is_worker:
            self._write(session)

    # --- On the controller ------------------------------------------------------------------

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if self.is_worker:
            return
        for name, value in report.user_properties:
            if name == PROPERTY:
                record = Contribution(**cast(dict[str, Any], value))
                if record.nodeid in self.records:
                    self.records[record.nodeid].merge(record)
                else:
                    self.records[record.nodeid] = record

    def _write(self, session: pytest.Session) -> None:
        if self.out_dir is None or not self.records:
            return
        self.provenance["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
        client = self.config.stash.get(CLIENT_KEY, None)
        if client is not None:
            self.provenance["target"] = {
                "base_url": client.target.api_base,
                "kind": client.target.kind,
            }
        report = build_report(
            list(self.records.values()),
            provenance=self.provenance,
            deviations=self.deviations,
            duration=time.monotonic() - self.started,
        )
        tally = tally_of(self.config)
        if tally is not None:
            # Every request of every process, the clean-up included, over the span from the
            # first request to the last answer.
            report["totals"]["requests_including_clean_up"] = tally.requests
            report["totals"]["requests_span_seconds"] = round(tally.seconds, 3)
        sanitizer = self._sanitizer()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        write_json(report, self.out_dir / "report.json", sanitizer)
        markdown.write(report, self.out_dir / "report.md", sanitizer)
        html.write(report, self.out_dir / "report.html", sanitizer)
        junit.write(report, self.out_dir / "junit.xml", sanitizer)
        if self.latest is not None:
            shutil.rmtree(self.latest, ignore_errors=True)
            shutil.copytree(self.out_dir, self.latest)
        self.written = self.out_dir
        self.report = report
        if report["summary"][DEVIATION_RESOLVED] and session.exitstatus == 0:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.written is None:
            return
        summary = self.report["summary"]
        counts = ", ".join(f"{n} {verdict}" for verdict, n in summary.items() if n)
        terminalreporter.write_sep("-", "conformance report")
        terminalreporter.write_line(f"verdict: {self.report['verdict']} ({counts})")
        terminalreporter.write_line(
            f"written to {self.written}/ (report.md, report.html, report.json, junit.xml)"
        )


def provenance(
    config: pytest.Config, *, target: dict[str, str], profile: str, spec: dict[str, str]
) -> dict[str, Any]:
    """Where, what and with which tools: the first part of every report."""

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    seed = config.getoption("hypothesis_seed", None)
    return {
        "target": target,
        "spec": spec,
        "suite_version": version("recording-conformance"),
        "hypothesis": {"profile": profile, "seed": str(seed) if seed is not None else "random"},
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "finished": None,
        "python": platform.python_version(),
        "packages": {name: version(name) for name in PACKAGES},
    }


def default_out_dir(root: Path) -> Path:
    """`reports/out/<UTC timestamp>/` under the project root (a suffix if that one exists)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    base = (root / DEFAULT_ROOT / stamp).resolve()
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{stamp}-{n}")
    return candidate
