"""The mutation harness: run the conformance suite against the mock with each fault switched on,
and with each variation the spec allows, and tabulate what was caught.

    python -m tests.mutation [--jobs 2] [--quick] [--live] [--runs N] [--out FILE]

A fault is caught when the run's verdict is not "conformant" (a SHOULD fault ends "conformant
with warnings" and exits 0, and is caught all the same); the requirements whose verdict is `fail`
or `warning` in its report are the ones that caught it. Every variation runs several times
(`--runs`, 5 by default, 2 with `--quick`), each with no example database, and is a false alarm
when any run exits other than 0: a false alarm that shows in one run of five is a false alarm.
Exit 1 unless every fault is caught, every requirement catches some fault, and no variation is
flagged. `--quick` stops each faulty run at its first failure (what the suite's own tests use).

`--live` measures a run against a live space instead: the embedded mock poses as a remote space
(`--mock-pose-remote`: the `live` profile, the pairwise creates and sampled wrong values in place
of the lists, the request budget; no pacing, callbacks received), and each fault is listed with
the recordings its run created, the figure a live space bills. It writes
reports/out/mutation-live.json and exits 1 on a false alarm or on a fault missed that is not
one of `LIVE_BLIND_SPOTS`, each of which says why a live run is expected to miss it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from recording_conformance.conformance.requirements import REQUIREMENTS
from recording_conformance.mockspace.faults import FAULT_DESCRIPTIONS, Fault, Variation, rejection
from recording_conformance.spec import load_spec
from tests.mutation_live import live_figures, render_live
from tests.runs import ROOT, run_conformance

ENUM_PARAMETERS = ("RecordingChannels", "RecordingTrack", "Trim", "RecordingStatusCallbackMethod")


def fault_switches() -> list[str]:
    """Every fault: the named ones, and each valid value, encoding and suffix rejected."""
    spec = load_spec().parameters
    switches = [fault.value for fault in Fault]
    for name in ENUM_PARAMETERS:
        switches += [rejection(name, value) for value in spec[name].enum or ()]
    events = spec["RecordingStatusCallbackEvent"].described_values or ()
    switches += [rejection("RecordingStatusCallbackEvent", event) for event in events]
    switches += [rejection("encoding", "form"), rejection("encoding", "json")]
    switches += [rejection("suffix", ".json"), rejection("suffix", "none")]
    return switches


# Behaviours the spec allows: the suite must pass against each, and against all of them at once
# (the mock settles the few that exclude each other: strict over lenient, and so on). Latency and
# outages are options of the embedded mock rather than switches.
SLOW_ANSWERS = ["--mock-latency-ms=5"]
OCCASIONAL_503 = ["--mock-unavailable-rate=0.05"]
VARIATIONS: dict[str, list[str]] = {
    **{v.value: [f"--mock-fault={v.value}"] for v in Variation},
    "slow-answers": SLOW_ANSWERS,
    "occasional-503": OCCASIONAL_503,
    "all-together": [f"--mock-fault={v.value}" for v in Variation] + SLOW_ANSWERS + OCCASIONAL_503,
}
# Each run searches afresh: no example database carries one run's draws into the next.
PROFILE = "ci"
LIVE = ["--mock-pose-remote"]
LIVE_PROFILE = "live"
FULL_RUNS, QUICK_RUNS = 5, 2
CAUGHT_VERDICTS = frozenset({"fail", "warning"})


@dataclass
class Outcome:
    """What one run against a switched mock showed."""

    switch: str
    exit_code: int
    seconds: float
    verdict: str
    caught_by: list[str] = field(default_factory=list)
    # From the report's totals (None: the run wrote no report).
    recordings: int | None = None
    requests: int | None = None

    @property
    def caught(self) -> bool:
        return self.verdict != "conformant"


def run_once(args: list[str], *, profile: str, quick: bool) -> Outcome:
    """One run of the conformance suite (its switch still to be named): its exit code,
    duration, verdict, the requirements that failed or warned, and what it sent."""
    with tempfile.TemporaryDirectory() as out:
        started = time.monotonic()
        result = run_conformance(
            "-q", "--report-dir", out, *args, *(["-x"] if quick else []), profile=profile
        )
        outcome = Outcome("", result.returncode, round(time.monotonic() - started, 2), "no report")
        report_path = Path(out) / "report.json"
        if report_path.exists():
            report = json.loads(report_path.read_text())
            outcome.verdict = report["verdict"]
            outcome.caught_by = [
                r["id"] for r in report["requirements"] if r["verdict"] in CAUGHT_VERDICTS
            ]
            outcome.recordings = report["totals"]["recordings_created"]
            outcome.requests = report["totals"]["requests"]
    return outcome


def run_all(
    switches: dict[str, list[str]],
    *,
    jobs: int,
    profile: str,
    quick: bool,
    runs: int = 1,
    extra: Sequence[str] = (),
) -> list[Outcome]:
    """Run every switch `runs` times, `jobs` runs at a time, each with the `extra` options."""

    def one(name: str) -> Outcome:
        outcome = run_once([*extra, *switches[name]], profile=profile, quick=quick)
        outcome.switch = name
        return outcome

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, [name for name in switches for _ in range(runs)]))


def complete(
    outcomes: list[Outcome], *, jobs: int, profile: str, extra: Sequence[str] = ()
) -> None:
    """After quick runs, find a catching fault for each requirement no first failure named:
    run only that requirement's tests (`-m REC-...`) against the faults in turn."""
    for requirement in REQUIREMENTS:
        if any(requirement.id in o.caught_by for o in outcomes):
            continue
        for start in range(0, len(outcomes), jobs):
            batch = outcomes[start : start + jobs]
            results = run_all(
                {o.switch: [f"--mock-fault={o.switch}", "-m", requirement.id] for o in batch},
                jobs=jobs,
                profile=profile,
                quick=False,
                extra=extra,
            )
            for outcome, result in zip(batch, results, strict=True):
                if requirement.id in result.caught_by:
                    outcome.caught_by.append(requirement.id)
            if any(requirement.id in o.caught_by for o in batch):
                break


def summarise(faults: list[Outcome], variations: list[Outcome], *, runs: int) -> dict[str, object]:
    """Totals, the fault x requirement matrix, and what is missing."""
    catching = {r.id: sorted(o.switch for o in faults if r.id in o.caught_by) for r in REQUIREMENTS}
    flagged = sorted({o.switch for o in variations if o.exit_code != 0})
    return {
        "faults": len(faults),
        "faults_caught": sum(o.caught for o in faults),
        "uncaught_faults": [o.switch for o in faults if not o.caught],
        "requirements": len(REQUIREMENTS),
        "requirements_catching_a_fault": sum(bool(v) for v in catching.values()),
        "requirements_catching_no_fault": [rid for rid, v in catching.items() if not v],
        "variations": len({o.switch for o in variations}),
        "runs_per_variation": runs,
        "variation_runs": len(variations),
        "false_alarms": flagged,
        "false_alarm_runs": [
            {"switch": o.switch, "exit_code": o.exit_code, "verdict": o.verdict}
            for o in variations
            if o.exit_code != 0
        ],
        "matrix": {o.switch: o.caught_by for o in faults},
        "runs": [asdict(o) for o in faults + variations],
    }


def render(summary: dict[str, object]) -> str:
    """The matrix as text: each fault with the requirements that caught it, then the totals."""
    matrix = summary["matrix"]
    assert isinstance(matrix, dict)
    width = max(len(name) for name in matrix)
    lines = [f"{'fault':{width}}  caught by"]
    for name, caught_by in matrix.items():
        described = FAULT_DESCRIPTIONS.get(Fault(name)) if name in Fault._value2member_map_ else ""
        shown = ", ".join(caught_by) or "NOT CAUGHT"
        lines.append(f"{name:{width}}  {shown}" + (f"   ({described})" if described else ""))
    lines += [
        "",
        f"faults caught: {summary['faults_caught']}/{summary['faults']}",
        f"requirements that catch a fault: {summary['requirements_catching_a_fault']}/"
        f"{summary['requirements']}",
        f"false alarms: {len(summary['false_alarms'])}/{summary['variations']} variations "  # type: ignore[arg-type]
        f"({summary['variation_runs']} runs, {summary['runs_per_variation']} each, no example "
        "database)",
    ]
    for key in ("uncaught_faults", "requirements_catching_no_fault", "false_alarms"):
        if summary[key]:
            lines.append(f"{key.replace('_', ' ')}: {summary[key]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.mutation",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--jobs", type=int, default=2, help="runs at a time (default 2)")
    parser.add_argument(
        "--profile", default=PROFILE, help=f"Hypothesis profile (default {PROFILE})"
    )
    parser.add_argument("--quick", action="store_true", help="stop each run at its first failure")
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help=f"runs per variation (default {FULL_RUNS}, {QUICK_RUNS} with --quick; 0: none)",
    )
    parser.add_argument(
        "--live", action="store_true", help="the embedded mock poses as a remote space"
    )
    parser.add_argument(
        "--switch",
        action="append",
        default=[],
        metavar="NAME",
        help="only this fault or variation (repeatable; default: all of them)",
    )
    parser.add_argument(
        "--pytest-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="pass ARG to every run (repeatable; `--pytest-arg=-m` `--pytest-arg=...`)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where the totals go (default reports/out/mutation.json, "
        "reports/out/mutation-live.json with --live)",
    )
    args = parser.parse_args(argv)
    profile = LIVE_PROFILE if args.live and args.profile == PROFILE else args.profile
    extra = [*(LIVE if args.live else []), *args.pytest_arg]
    out = args.out or ROOT / "reports" / "out" / f"mutation{'-live' if args.live else ''}.json"
    chosen = set(args.switch)
    started = time.monotonic()
    faults = run_all(
        {s: [f"--mock-fault={s}"] for s in fault_switches() if not chosen or s in chosen},
        jobs=args.jobs,
        profile=profile,
        quick=args.quick,
        extra=extra,
    )
    if args.quick and not args.live:
        complete(faults, jobs=args.jobs, profile=profile, extra=extra)
    runs = args.runs if args.runs is not None else (QUICK_RUNS if args.quick else FULL_RUNS)
    variations = run_all(
        {k: v for k, v in VARIATIONS.items() if not chosen or k in chosen},
        jobs=args.jobs,
        profile=profile,
        quick=False,
        runs=runs,
        extra=extra,
    )
    summary = summarise(faults, variations, runs=runs)
    if args.live:
        summary = {"profile": profile, "pytest_args": extra, **summary, **live_figures(faults)}
    summary["seconds"] = round(time.monotonic() - started, 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n")
    shown = render_live(summary, faults) if args.live else render(summary)
    sys.stdout.write(shown + f"\n(written to {out}, {summary['seconds']} s)\n")
    if args.live:
        # A live run is not expected to catch what needs more than the live profile sends
        # (LIVE_BLIND_SPOTS), nor to make every requirement catch a fault.
        ok = not (summary["unexpected_misses"] or summary["false_alarms"])
    else:
        ok = not (
            summary["uncaught_faults"]
            or summary["requirements_catching_no_fault"]
            or summary["false_alarms"]
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
