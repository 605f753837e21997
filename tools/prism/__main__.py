"""python -m tools.prism serve [--mode static|dynamic] [--port N]
python -m tools.prism report [--mode static|dynamic] [--runs N] [--out DIR] [--keep FILE]

`serve` starts Prism serving the spec behind the base-path proxy and prints the space URL until
Ctrl-C. `report` runs the conformance suite against it `--runs` times (profile `ci`: no example
database, a new seed each run), one report folder per run under `--out`, prints each run's
verdict and which requirements failed, and copies the first run's report.md to `--keep`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

from tools.prism import ROOT, PrismServer, PrismUnavailable, version


def _suite_command(url: str, report_dir: Path) -> list[str]:
    # Prism checks no credentials, so any well-formed project, token and call will do; the
    # token is shaped like a SignalWire one so that the leak check has one to look for.
    return [
        sys.executable, "-m", "pytest", "conformance", "-q", "--no-header", "-p", "no:warnings",
        "--space-url", url,
        "--project-id", str(uuid.uuid4()),
        "--api-token", "PT" + uuid.uuid4().hex,
        "--call-sid", str(uuid.uuid4()),
        "--hypothesis-profile", "ci",
        "--report-dir", str(report_dir),
    ]  # fmt: skip


def _failing(report_dir: Path) -> tuple[str, list[str]]:
    report = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    bad = [r["id"] for r in report["requirements"] if r["verdict"] in ("fail", "warning")]
    return report["verdict"], bad


def report(mode: str, runs: int, out: Path, keep: Path | None) -> int:
    with PrismServer(mode=mode) as server:
        print(f"Prism {version(Path(server.command[0]))}: {' '.join(server.command[1:])}")
        print(f"suite target: {server.url} (base-path proxy in front of Prism)")
        outcomes = set()
        for run in range(1, runs + 1):
            report_dir = out / mode / f"run-{run}"
            shutil.rmtree(report_dir, ignore_errors=True)
            started = time.monotonic()
            result = subprocess.run(
                _suite_command(server.url, report_dir), cwd=ROOT, capture_output=True, text=True
            )
            seconds = time.monotonic() - started
            if not (report_dir / "report.json").exists():
                tail = (result.stdout + result.stderr).strip().splitlines()[-1:]
                print(f"run {run}: no report (exit {result.returncode}): {tail}")
                return 1
            verdict, bad = _failing(report_dir)
            outcomes.add((verdict, tuple(bad)))
            print(
                f"run {run}: {verdict}, exit {result.returncode}, {seconds:.0f} s; "
                f"failing or warning: {', '.join(bad) or 'none'}"
            )
            if run == 1 and keep is not None:
                shutil.copyfile(report_dir / "report.md", keep)
        print("stable over the runs" if len(outcomes) == 1 else "NOT stable over the runs")
    return 0


def serve(mode: str, port: int) -> int:
    with PrismServer(mode=mode, port=port) as server:
        print(f"Prism ({mode}) serving the spec at {server.url}; its log: {server.log}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.prism", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("serve", "report"):
        sub = commands.add_parser(name)
        sub.add_argument("--mode", choices=("static", "dynamic"), default="static")
    commands.choices["serve"].add_argument("--port", type=int, default=4010)
    run = commands.choices["report"]
    run.add_argument("--runs", type=int, default=3)
    run.add_argument("--out", type=Path, default=ROOT / "reports" / "out" / "prism")
    run.add_argument("--keep", type=Path, default=None, help="copy run 1's report.md here")
    args = parser.parse_args(argv)
    try:
        if args.command == "serve":
            return serve(args.mode, args.port)
        return report(args.mode, args.runs, args.out.resolve(), args.keep)
    except PrismUnavailable as exc:
        print(f"Prism cannot be run: {exc}")
        return 4


if __name__ == "__main__":
    sys.exit(main())
