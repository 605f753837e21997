"""`python -m benchmarks [--out FILE]`: the suite's throughput against a plain request loop and
schemathesis, time to the first failure per fault, and the mock's own capacity.

Everything runs against a mock space in a process of its own (`python -m mockspace`), so that
each contender has the same server and the same cores.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.contenders import (
    mock_capacity,
    plain_loop,
    schemathesis_run,
    suite_run,
    time_to_first_failure,
)
from benchmarks.server import MockProcess

ROOT = Path(__file__).resolve().parent.parent


def _table(rows: list[tuple[str, str, str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows
    )


CONTENDERS = (
    "suite",
    "suite_one_process",
    "plain_requests_loop",
    "plain_requests_loop_without_environment",
    "schemathesis",
)


def _median_round(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median requests per second, and every round's figure beside it."""
    ordered = sorted(runs, key=lambda run: run["requests_per_second"])
    return {
        **ordered[(len(ordered) - 1) // 2],
        "requests_per_second_each_round": [run["requests_per_second"] for run in runs],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "out" / "benchmarks.json")
    parser.add_argument("--profile", default="dev", help="Hypothesis profile of the suite run")
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="runs per fault for the median (0: skip time to first failure)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="throughput rounds, each contender once per round in turn; medians are reported",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    rounds: dict[str, list[dict[str, Any]]] = {name: [] for name in CONTENDERS}
    with MockProcess() as mock:
        # In turns rather than one contender after another: a machine that slows down for a
        # while slows every contender alike.
        for _ in range(max(args.rounds, 1)):
            suite = suite_run(mock, profile=args.profile)
            rounds["suite"].append(suite)
            rounds["suite_one_process"].append(suite_run(mock, profile=args.profile, workers="0"))
            rounds["plain_requests_loop"].append(plain_loop(mock, requests=suite["requests"]))
            rounds["plain_requests_loop_without_environment"].append(
                plain_loop(mock, requests=suite["requests"], trust_env=False)
            )
            rounds["schemathesis"].append(schemathesis_run(mock, cases=suite["requests"]))
        capacity = mock_capacity(mock, connections=2, seconds=5.0)
    suite, one_process, plain, tuned, schemathesis = (
        _median_round(rounds[name]) for name in CONTENDERS
    )
    first_failures = time_to_first_failure(repeats=args.repeats) if args.repeats else {}
    results = {
        "rounds": args.rounds,
        "suite": suite,
        "suite_one_process": one_process,
        "plain_requests_loop": plain,
        "plain_requests_loop_without_environment": tuned,
        "schemathesis": schemathesis,
        "ratio_suite_to_plain_loop": round(
            suite["requests_per_second"] / plain["requests_per_second"], 3
        ),
        "ratio_suite_to_plain_loop_without_environment": round(
            suite["requests_per_second"] / tuned["requests_per_second"], 3
        ),
        "ratio_suite_to_schemathesis": round(
            suite["requests_per_second"] / schemathesis["requests_per_second"], 2
        ),
        "mock_capacity": capacity,
        "time_to_first_failure_seconds": first_failures,
        "seconds": round(time.monotonic() - started, 1),
    }
    rows = [
        ("measure", "value", "how"),
        (
            "suite",
            f"{suite['requests_per_second']:.0f} req/s",
            f"{suite['requests']} requests, default run (a worker per core), profile "
            f"{args.profile}, first request to last answer",
        ),
        (
            "suite, whole command",
            f"{suite['requests_per_second_of_command']:.0f} req/s",
            f"{suite['command_seconds']} s from start to exit (start-up, collection, report)",
        ),
        (
            "suite, one process (-n 0)",
            f"{one_process['requests_per_second']:.0f} req/s",
            f"{one_process['requests']} requests, first request to last answer",
        ),
        (
            "plain requests loop",
            f"{plain['requests_per_second']:.0f} req/s",
            f"{plain['requests']} identical valid creates, one keep-alive session",
        ),
        (
            "schemathesis",
            f"{schemathesis['requests_per_second']:.0f} req/s",
            f"{schemathesis['requests']} requests, `schemathesis run`",
        ),
        (
            "plain loop, no environment",
            f"{tuned['requests_per_second']:.0f} req/s",
            "the same, trust_env=False (no proxy lookups), as the suite's client on loopback",
        ),
        ("suite / plain loop", f"{results['ratio_suite_to_plain_loop']:.2f}", "target >= 0.5"),
        (
            "suite / plain loop, no environment",
            f"{results['ratio_suite_to_plain_loop_without_environment']:.2f}",
            "the stricter comparison",
        ),
        (
            "suite / schemathesis",
            f"{results['ratio_suite_to_schemathesis']:.2f}",
            "target: several times",
        ),
        (
            "mock capacity",
            f"{capacity['requests_per_second']:.0f} req/s",
            f"{capacity['connections']} connections for {capacity['seconds']} s",
        ),
    ]
    for fault, seconds in first_failures.items():
        rows.append(
            (f"first failure: {fault}", f"{seconds:.2f} s", f"median of {args.repeats} runs")
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    sys.stdout.write(
        _table(rows) + f"\nthroughput: the median of {args.rounds} rounds, each contender once "
        f"a round (every round's figure is in the JSON)\n(written to {args.out}, "
        f"{results['seconds']} s)\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
