"""From test phases to the conformance report: records out of every process, one fold on the
controller, one verdict for the terminal, the files and the exit code.

Each test phase's record goes into its report's `user_properties`, so pytest-xdist carries it
from the workers; the controller folds them (`reports.model`) once, and prints and writes that
same result. Like pytest's own junitxml, this plugin never reads a fixture or the client.
"""

from __future__ import annotations

import json
import platform
import shutil
import tempfile
import time
from collections.abc import Callable, Generator
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from recording_conformance.conformance import compat
from recording_conformance.conformance.budget import RequestBudget
from recording_conformance.conformance.checks import REGISTRY
from recording_conformance.conformance.failures import ConformanceFailure
from recording_conformance.conformance.recorder import Recorder
from recording_conformance.conformance.records import PROPERTY, TestRecord
from recording_conformance.conformance.requirements import REQUIREMENTS
from recording_conformance.conformance.sanitize import Sanitizer
from recording_conformance.conformance.stops import Stop
from recording_conformance.reports import html, junit, markdown
from recording_conformance.reports.json_report import write_json
from recording_conformance.reports.model import (
    DEVIATION_RESOLVED,
    FAIL,
    INCONCLUSIVE,
    INTERRUPTED,
    WARN,
    Run,
    budget_sentence,
    build_report,
    cost_sentence,
    not_judged_sentence,
)

PACKAGES = ("hypothesis", "schemathesis", "pytest", "requests", "jsonschema")
DEFAULT_ROOT = Path("reports") / "out"
OUTBOX_INPUT = "conformance_outbox"
# The key under which a worker's stop travels to the controller in its workeroutput.
STOP_OUTPUT = "conformance_stop"
COVERAGE_AXES = ("RecordingChannels", "RecordingTrack", "Trim", "RecordingStatusCallbackMethod")


def catalogue() -> list[dict[str, Any]]:
    """Every requirement with its checks, as the report lists them."""
    return [
        {
            "id": r.id,
            "level": r.level,
            "text": r.text,
            "source": r.source,
            "checks": [e.name for e in REGISTRY if e.requirement.id == r.id]
            or ["schemathesis generic checks"],
        }
        for r in REQUIREMENTS
    ]


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


class ConformanceReporting:
    """Takes each phase's record on whichever process runs the test; folds, prints and writes
    on the controller (or the only process)."""

    def __init__(
        self,
        config: pytest.Config,
        recorder: Recorder,
        sanitizer: Sanitizer,
        *,
        provenance: dict[str, Any],
        deviations: dict[str, str],
        coverage_axes: dict[str, list[str]],
        out_dir: Path | None,
        latest: Path | None,
        strict: bool,
        active: bool = True,
        budget: RequestBudget | None = None,
        plan: Callable[[dict[str, Any]], list[str]] | None = None,
    ) -> None:
        self.config = config
        # --plan: the summary is the plan, made from the report, rather than a verdict.
        self.plan = plan
        # False when the run does not include the conformance tests (the project's own tests
        # load the plugin too): no verdict, no report.
        self.active = active
        self.recorder = recorder
        self.sanitizer = sanitizer
        self.provenance = provenance
        self.deviations = deviations
        self.coverage_axes = coverage_axes
        self.out_dir = out_dir
        self.latest = latest
        self.strict = strict
        # The run's request budget: on the controller it holds every worker's count.
        self.budget = budget
        self.records: list[TestRecord] = []
        self.started = time.monotonic()
        # Why the run was cut short, when it was: Ctrl-C, or a stop the suite decided.
        self.interrupted: str | None = None
        self.stop: Stop | None = None
        # Recordings the final listing of the call shows ended.
        self.ended: frozenset[str] = frozenset()
        # The controller's folder for the records workers leave after their last test.
        self.outbox: Path | None = None
        self.report: dict[str, Any] | None = None
        self.written: Path | None = None
        self.printed = False

    @property
    def is_worker(self) -> bool:
        return hasattr(self.config, "workerinput")

    # --- On whichever process runs the test -------------------------------------------------

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        record = self.recorder.take(item.nodeid, report.when)
        record.requirements = _requirements(item)
        if not (record.requirements or record.requests or record.violations):
            return report  # not a conformance test (the project's own tests share the plugin)
        if report.skipped:
            record.outcome, record.skip_reason = "skipped", _skip_reason(report)
        elif report.failed and call.excinfo is not None:
            failures = _conformance_failures(call.excinfo.value)
            if failures and report.when == "call":
                record.outcome = "failed"
                self._apply_deviations(report, record, failures)
            else:
                # Not a conformance verdict: the suite's, the machine's or the set-up's error.
                record.outcome = "error"
                record.error = self.sanitizer.text(call.excinfo.exconly())[:2000]
        report.user_properties.append((PROPERTY, record.as_dict()))
        return report

    def _apply_deviations(
        self, report: pytest.TestReport, record: TestRecord, failures: list[ConformanceFailure]
    ) -> None:
        # A test whose every failure is a known deviation is reported as an expected failure.
        if all(f.requirement in self.deviations for f in failures):
            reasons = sorted({self.deviations[f.requirement] for f in failures})
            report.outcome = "skipped"
            report.wasxfail = "known deviation: " + "; ".join(reasons)
            record.outcome = "xfailed"

    # --- On the controller ------------------------------------------------------------------

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if self.is_worker:
            return
        for name, value in report.user_properties:
            if name == PROPERTY:
                self.records.append(TestRecord.from_dict(dict(value)))  # type: ignore[call-overload]

    def stopped(self, stop: Stop) -> None:
        """The run ends before its verdict; the first stop wins (the others follow from it)."""
        if self.stop is None:
            self.stop = stop
        if self.is_worker:
            self.config.workeroutput[STOP_OUTPUT] = self.stop.as_tuple()  # type: ignore[attr-defined]

    def found_ended(self, sids: frozenset[str]) -> None:
        """A final listing of the call: these recordings have ended."""
        self.ended = sids

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        # pytest-xdist, on the controller: where a worker leaves what it did after its last
        # test reported (the clean-up of an interrupted run), which no test report carries.
        if self.outbox is None:
            self.outbox = Path(tempfile.mkdtemp(prefix="conformance-records-"))
        node.workerinput[OUTBOX_INPUT] = str(self.outbox)

    def _leave_in_outbox(self, record: TestRecord) -> None:
        workerinput = getattr(self.config, "workerinput", {})
        if OUTBOX_INPUT in workerinput:
            folder = Path(workerinput[OUTBOX_INPUT])
            name = f"{workerinput.get('workerid', 'worker')}.json"
            (folder / name).write_text(json.dumps(record.as_dict()))

    def _take_outbox(self) -> None:
        if self.outbox is None:
            return
        for path in sorted(self.outbox.glob("*.json")):
            self.records.append(TestRecord.from_dict(json.loads(path.read_text())))
        shutil.rmtree(self.outbox, ignore_errors=True)
        self.outbox = None

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object) -> None:
        # pytest-xdist, on the controller: a worker that stopped the run says why.
        stop = getattr(node, "workeroutput", {}).get(STOP_OUTPUT)
        if stop is not None:
            self.stopped(Stop(*stop))

    @pytest.hookimpl(tryfirst=True)
    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        # Before pytest's terminal reporter formats the interrupt's traceback.
        compat.drop_frames_without_line_numbers(excinfo)
        if self.stop is None:
            self.interrupted = self.interrupted or "interrupted by the user (Ctrl-C or SIGTERM)"

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        # What happened outside any test phase: the clean-up of a run that was cut short runs
        # when pytest tears the session down, and an interrupted test never reports.
        leftover = self.recorder.take("(session)", "teardown")
        if leftover.requests or leftover.violations or leftover.unstopped:
            if self.is_worker:
                self._leave_in_outbox(leftover)
            else:
                self.records.append(leftover)
        if not self.is_worker:
            # pytest-xdist has stopped every worker by now (its own session finish runs first).
            self._take_outbox()
        if self.is_worker or not self.active or not (self.records or self.interrupted or self.stop):
            return  # the project's own tests share the plugin, and record nothing
        if exitstatus == pytest.ExitCode.INTERRUPTED and not (self.interrupted or self.stop):
            self.interrupted = "interrupted"
        stop = self.stop
        if stop is not None and not stop.before_start:
            self.interrupted = stop.reason
        self.provenance["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
        report = build_report(
            self.records,
            catalogue=catalogue(),
            provenance=self.provenance,
            deviations=self.deviations,
            run=Run(
                self.interrupted,
                time.monotonic() - self.started,
                setup_problem=stop.reason if stop is not None and stop.before_start else None,
                ended=self.ended,
                budget=self.budget.use() if self.budget is not None else None,
            ),
            coverage_axes=self.coverage_axes,
        )
        self.report = report
        if self.out_dir is not None:
            self._write(report, self.out_dir)
        if stop is not None:
            session.exitstatus = stop.exit_code
        else:
            session.exitstatus = self._exit_status(report, int(session.exitstatus))

    def _exit_status(self, report: dict[str, Any], status: int) -> int:
        """The exit code follows the verdict: a run that failed a MUST, or that cannot stand
        for a verdict, never exits 0; warnings fail it only with --strict."""
        if status != 0:
            return status
        verdicts = {r["verdict"] for r in report["requirements"]}
        failed_must = any(
            r["verdict"] == FAIL and r["level"] == "MUST" for r in report["requirements"]
        )
        if failed_must or DEVIATION_RESOLVED in verdicts:
            return int(pytest.ExitCode.TESTS_FAILED)
        if report["verdict"] in (INCONCLUSIVE, INTERRUPTED):
            return int(pytest.ExitCode.TESTS_FAILED)
        if self.strict and WARN in verdicts:
            return int(pytest.ExitCode.TESTS_FAILED)
        return status

    def _write(self, report: dict[str, Any], out_dir: Path) -> None:
        clean = self.sanitizer.text
        if self.latest is not None:
            # The default folder, named by the time: two runs that end in the same second
            # (parallel jobs) each claim their own.
            out_dir = claim_folder(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        if self.plan is not None:
            # A plan is no test result: one file, marked, that `reports diff` refuses.
            report["provenance"]["plan"] = True
            write_json(report, out_dir / "plan.json", clean)
            self.written = out_dir
            return
        write_json(report, out_dir / "report.json", clean)
        markdown.write(report, out_dir / "report.md", clean)
        html.write(report, out_dir / "report.html", clean)
        junit.write(report, out_dir / "junit.xml", clean)
        if self.latest is not None:
            shutil.rmtree(self.latest, ignore_errors=True)
            shutil.copytree(out_dir, self.latest)
        self.written = out_dir

    def pytest_unconfigure(self) -> None:
        # pytest prints no summary for some exits (a target that stopped answering): the
        # verdict is printed all the same.
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if self.report is not None and not self.printed and reporter is not None:
            self.pytest_terminal_summary(reporter)

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        report = self.report
        if report is None:
            return
        self.printed = True
        if self.plan is not None:
            terminalreporter.write_sep("-", "conformance plan")
            for line in self.plan(report):
                terminalreporter.write_line(line)
            if self.written is not None:
                terminalreporter.write_line(f"written to {self.written}/plan.json")
            return
        summary = ", ".join(f"{n} {verdict}" for verdict, n in report["summary"].items() if n)
        write = terminalreporter.write_line
        terminalreporter.write_sep("-", "conformance verdict")
        marked = {"red": True} if report["verdict"] != "conformant" else {"green": True}
        write(f"verdict: {report['verdict']} ({summary})", bold=True, **marked)
        write(f"  {report['verdict_detail']}")
        for r in report["requirements"]:
            if r["verdict"] in (FAIL, WARN):
                word = "WARNING" if r["verdict"] == WARN else "FAILED"
                titles = "; ".join(sorted({f["title"] for f in r["failures"]}))
                write(f"  {word} {r['level']} {r['id']}: {titles}", yellow=r["verdict"] == WARN)
        totals = report["totals"]
        statuses = ", ".join(f"{status}: {n}" for status, n in totals["by_status"].items())
        write(
            f"{totals['requests']} requests in {totals['span_seconds']:.1f} s "
            f"({totals['requests_per_second']:.0f}/s); by status: {statuses or 'none'}; "
            f"recordings created: {totals['recordings_created']}; {not_judged_sentence(totals)}"
        )
        write(cost_sentence(totals))
        budget = budget_sentence(totals)
        if budget:
            ran_out = totals["budget"]["ran_out"]
            write(budget, bold=ran_out, yellow=ran_out)
        for unstopped in report["unstopped_recordings"]:
            write(
                f"NOT STOPPED: recording {unstopped['sid']} ({unstopped['why']}); stop it with:\n"
                f"  curl -X POST {unstopped['url']} "
                '-u "$SIGNALWIRE_PROJECT_ID:$SIGNALWIRE_API_TOKEN" --data Status=stopped',
                red=True,
            )
        if self.written is not None:
            write(f"written to {self.written}/ (report.md, report.html, report.json, junit.xml)")


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
        # --strict: SHOULD failures fail the run (its exit code), the verdict words unchanged.
        "strict": bool(config.getoption("strict", False)),
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


def claim_folder(wanted: Path) -> Path:
    """`wanted`, or `wanted-2`, `wanted-3`...: the first that this process creates itself."""
    wanted.parent.mkdir(parents=True, exist_ok=True)
    candidate, n = wanted, 1
    while True:
        try:
            candidate.mkdir()
            return candidate
        except FileExistsError:
            n += 1
            candidate = wanted.with_name(f"{wanted.name}-{n}")
