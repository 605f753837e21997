"""`python -m benchmarks.recording [--rounds N]`: what `--record` costs a run.

The suite's default run against the embedded mock (a worker per core, each with its own mock),
with the same seed with and without `--record`, in turns (a machine that slows down for a while
slows both alike). Throughput is requests over the span from the first request sent to the last
answer, as every benchmark here measures it; the whole command's time, which includes merging
the parts into one cassette, is beside it. Medians of the rounds, every round in the JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from recording_conformance.conformance.cassette.tape import Tape, merge_parts
from recording_conformance.conformance.exchange import Exchange
from recording_conformance.conformance.sanitize import Sanitizer
from recording_conformance.conformance.target import Target
from tests.runs import run_conformance

ROOT = Path(__file__).resolve().parent.parent
SEED = "1"


def _run(profile: str, record: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as out:
        cassette = Path(out) / "run.har"
        extra = ["--record", str(cassette)] if record else []
        started = time.monotonic()
        run = run_conformance(
            "-q", "--report-dir", out, "--hypothesis-seed", SEED, *extra,
            profile=profile, workers=None,
        )  # fmt: skip
        wall = time.monotonic() - started
        if run.returncode != 0:
            raise RuntimeError(f"the suite failed against the embedded mock:\n{run.stdout[-3000:]}")
        totals = json.loads((Path(out) / "report.json").read_text())["totals"]
        size = cassette.stat().st_size if record else 0
    return {
        "requests": totals["requests"],
        "requests_per_second": round(totals["requests"] / totals["span_seconds"], 1),
        "command_seconds": round(wall, 2),
        "cassette_bytes": size,
    }


def tape_cost(exchanges: int) -> dict[str, float]:
    """What the tape itself costs, away from the machine's noise: a create answered with a
    recording, taken, judged by 16 checks and written `exchanges` times (one per phase, the
    most a run writes), then merged."""
    target = Target("http://127.0.0.1:1/api/laml/2010-04-01", "P" * 36, "PT" + "t" * 48, "C" * 36)
    sanitizer = Sanitizer([target.api_token])
    body = json.dumps({"sid": "S" * 36, "trim": "do-not-trim", "uri": "/" + "u" * 120} | {
        f"field_{n}": "value" * 4 for n in range(18)}).encode()  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        tape = Tape(Path(folder), "main")
        tape.bind(target)
        made = [
            Exchange(
                method="POST",
                url=target.recordings_url(),
                sent_at=time.time(),
                request_headers={"Authorization": "Basic ***", "Content-Type": "application/json"},
                request_body=b'{"RecordingChannels": "dual", "Trim": "trim-silence"}',
                status=200,
                response_headers={"content-type": "application/json"},
                response_body=body,
                elapsed=0.001,
                sanitizer=sanitizer,
                operation="create",
            )
            for _ in range(exchanges)
        ]
        checks = [f"check_{n}" for n in range(16)]
        started = time.perf_counter()
        for exchange in made:
            tape.exchange(exchange)
            tape.judged(exchange, "VALID_CREATE", checks)
            tape.phase_ended("conformance/test_x.py::test_y", "call")
        tape.close()
        taken = time.perf_counter() - started
        started = time.perf_counter()
        merge_parts(Path(folder), Path(folder) / "run.har", creator_version="0")
        merged = time.perf_counter() - started
    return {
        "microseconds_per_exchange": round(taken / exchanges * 1e6, 1),
        "merge_seconds": round(merged, 3),
        "exchanges": exchanges,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.recording", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="0: the tape's own cost only")
    parser.add_argument("--profile", default="dev")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "reports" / "out" / "benchmarks-recording.json"
    )
    args = parser.parse_args(argv)
    runs: dict[str, list[dict[str, Any]]] = {"plain": [], "recorded": []}
    for _ in range(args.rounds):
        runs["plain"].append(_run(args.profile, record=False))
        runs["recorded"].append(_run(args.profile, record=True))
    tape = tape_cost(
        int(statistics.median(r["requests"] for r in runs["plain"])) if runs["plain"] else 4000
    )
    tape_line = (
        f"the tape alone: {tape['microseconds_per_exchange']} us an exchange (taken, judged, "
        f"written), {tape['merge_seconds']} s to merge {tape['exchanges']} exchanges\n"
    )
    if not args.rounds:
        sys.stdout.write(tape_line)
        return 0
    results: dict[str, Any] = {"rounds": args.rounds, "profile": args.profile, "runs": runs}
    results["tape"] = tape
    for name, measured in runs.items():
        results[name] = {
            key: statistics.median(run[key] for run in measured)
            for key in ("requests", "requests_per_second", "command_seconds", "cassette_bytes")
        }
    plain, recorded = results["plain"], results["recorded"]
    results["throughput_ratio"] = round(
        recorded["requests_per_second"] / plain["requests_per_second"], 3
    )
    results["command_time_ratio"] = round(recorded["command_seconds"] / plain["command_seconds"], 3)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    spread = {
        name: ", ".join(f"{run['requests_per_second']:.0f}" for run in measured)
        for name, measured in runs.items()
    }
    sys.stdout.write(
        f"without --record: {plain['requests_per_second']:.0f} requests/s "
        f"(rounds: {spread['plain']}), command {plain['command_seconds']} s\n"
        f"with --record:    {recorded['requests_per_second']:.0f} requests/s "
        f"(rounds: {spread['recorded']}), command {recorded['command_seconds']} s, "
        f"cassette {recorded['cassette_bytes'] / 1e6:.1f} MB of {recorded['requests']:.0f} "
        "exchanges\n"
        f"ratio (with / without): throughput {results['throughput_ratio']}, command time "
        f"{results['command_time_ratio']} (medians of {args.rounds} rounds; written to "
        f"{args.out})\n" + tape_line
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
