"""`python -m reports diff OLD/report.json NEW/report.json [--partial]`: exit 1 when anything
regressed, including a requirement that passed and was not judged this time, or a new run that
was interrupted or inconclusive."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from recording_conformance.reports.diff import compare, regressed, render
from recording_conformance.reports.json_report import load, unusable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reports", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    diff = commands.add_parser("diff", help="requirements whose verdict changed between runs")
    diff.add_argument("old", type=Path, help="the baseline report.json (or its folder)")
    diff.add_argument("new", type=Path, help="the new report.json (or its folder)")
    diff.add_argument(
        "--partial",
        action="store_true",
        help="the new run left requirements out on purpose (-k, -m): a requirement it did not "
        "judge is listed as not compared instead of regressed",
    )
    args = parser.parse_args(argv)
    try:
        old, new = (load(p / "report.json" if p.is_dir() else p) for p in (args.old, args.new))
    except (OSError, ValueError) as exc:
        sys.stderr.write(f"python -m reports diff: cannot read a report: {exc}\n")
        return 2
    for path, report in ((args.old, old), (args.new, new)):
        problem = unusable(report)
        if problem:
            sys.stderr.write(f"python -m reports diff: {path} is no report.json: {problem}\n")
            return 2
    changes = compare(old, new, partial=args.partial)
    sys.stdout.write(render(changes, old, new) + "\n")
    return 1 if regressed(changes, new) else 0


if __name__ == "__main__":
    sys.exit(main())
