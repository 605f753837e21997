"""`python -m sdks [--sdk NAME] [--sdk-path BUILD]`: build each SDK's environment, start the
embedded mock space, and drive every SDK through its smoke session and its generated checks
(requests it sends, answers it reads), one line each and a report per SDK. Exits 1 when a smoke
session failed or the checks found a deviation its deviations file does not list (or a listed
one that no longer shows)."""

from __future__ import annotations

import argparse
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from recording_conformance.conformance.deviations import DeviationsError
from recording_conformance.conformance.receiver import CallbackReceiver
from recording_conformance.mockspace import MockSpaceServer
from recording_conformance.reports.model import (
    DEVIATION_RESOLVED,
    FAIL,
    KNOWN_DEVIATION,
    PASS,
    WARN,
)
from recording_conformance.sdks.catalogue import SDKS, Sdk, selected
from recording_conformance.sdks.checks import DEFAULT_EXAMPLES
from recording_conformance.sdks.driver import DriverError, DriverProcess
from recording_conformance.sdks.envs import ROOT, EnvError, RuntimeMissing
from recording_conformance.sdks.report import new_findings, write_reports
from recording_conformance.sdks.runner import check_sdk, deviations_for
from recording_conformance.sdks.smoke import SmokeResult, Target, run_smoke
from recording_conformance.spec import Spec, load_spec

REPORTS = ROOT / "reports" / "out" / "sdks"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m sdks",
        description="Drive the SDKs through their drivers against the embedded mock space.",
    )
    parser.add_argument(
        "--sdk",
        action="append",
        metavar="NAME",
        help=f"only this SDK (repeatable): {', '.join(SDKS)}",
    )
    parser.add_argument(
        "--sdk-path",
        metavar="BUILD",
        help="a development build in place of the pinned release (with one --sdk): a checkout "
        "folder, or a package spec (`twilio==9.2.0`, a wheel, a git URL; for Node an npm spec)",
    )
    parser.add_argument(
        "--deviations",
        type=Path,
        metavar="FILE",
        help="the known deviations, a TOML file of [SDK-...] tables with a reason (with one "
        "--sdk; default sdks/deviations/NAME.toml)",
    )
    parser.add_argument(
        "--examples",
        type=int,
        default=DEFAULT_EXAMPLES,
        metavar="N",
        help=f"examples per search round (default {DEFAULT_EXAMPLES})",
    )
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="the searches' seed")
    parser.add_argument(
        "--report-dir",
        type=Path,
        metavar="DIR",
        help="where the reports go (default reports/out/sdks/<time>/)",
    )
    parser.add_argument("--smoke-only", action="store_true", help="the smoke sessions, no checks")
    return parser


def _summary(report: dict[str, Any]) -> str:
    """One line: how many requirements passed, and which did not."""
    requirements = report["requirements"]
    passed = sum(r["verdict"] == PASS for r in requirements)
    parts = [f"{passed} of {len(requirements)} requirements pass"]
    for verdict in (FAIL, WARN, KNOWN_DEVIATION, DEVIATION_RESOLVED):
        ids = [r["id"] for r in requirements if r["verdict"] == verdict]
        if ids:
            parts.append(f"{verdict}: {', '.join(ids)}")
    return "; ".join(parts)


class Session:
    """Everything one invocation shares: the spec, the mock, the options."""

    def __init__(self, args: argparse.Namespace, mock: MockSpaceServer, target: Target) -> None:
        self.args = args
        self.spec: Spec = load_spec()
        self.mock = mock
        self.target = target
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.report_dir: Path = args.report_dir or REPORTS / stamp

    def one(self, sdk: Sdk) -> tuple[list[str], bool]:
        """The lines to print for `sdk`, and whether it is ok."""
        try:
            launch = sdk.prepare(self.args.sdk_path)
            deviations = deviations_for(sdk, self.args.deviations)
        except RuntimeMissing as exc:
            return [SmokeResult(sdk, skipped=str(exc)).line()], True
        except (EnvError, DeviationsError) as exc:
            return [SmokeResult(sdk, failures=[str(exc)]).line()], False
        config = self.mock.config
        driver = DriverProcess(
            sdk.name,
            launch.command,
            base_url=self.target.base_url,
            project_id=config.project_id,
            api_token=config.api_token,
            env=launch.env,
        )
        try:
            with driver:
                smoke = run_smoke(sdk, driver, self.spec, self.target)
                lines = [smoke.line()]
                if self.args.smoke_only or not smoke.ok:
                    return lines, smoke.ok
                report = check_sdk(
                    sdk,
                    driver,
                    self.mock,
                    self.spec,
                    examples=self.args.examples,
                    seed=self.args.seed,
                    deviations=deviations,
                )
        except DriverError as exc:
            return [SmokeResult(sdk, failures=[str(exc)]).line()], False
        folder = self.report_dir / sdk.name
        write_reports(report, folder, config.api_token)
        lines.append(f"  checks: {_summary(report)}; report: {_relative(folder / 'report.md')}")
        return lines, not new_findings(report)


def _relative(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        sdks = selected(args.sdk)
    except ValueError as exc:
        print(f"python -m sdks: {exc}", file=sys.stderr)
        return 2
    if (args.sdk_path or args.deviations) and len(sdks) != 1:
        print("python -m sdks: --sdk-path and --deviations go with one --sdk", file=sys.stderr)
        return 2
    if args.examples < 1:
        print("python -m sdks: --examples must be at least 1", file=sys.stderr)
        return 2
    ok = True
    with MockSpaceServer() as mock, CallbackReceiver() as receiver:
        config = mock.config
        target = Target(
            mock.origin,
            config.project_id,
            config.api_token,
            config.in_progress_call_sid,
            receiver.url(),
        )
        session = Session(args, mock, target)
        for sdk in sdks:
            lines, fine = session.one(sdk)
            print("\n".join(lines), flush=True)
            ok = ok and fine
    if args.report_dir is None and session.report_dir.exists():
        # As the conformance reports: the newest run is also at a path that does not change.
        latest = REPORTS / "latest"
        shutil.rmtree(latest, ignore_errors=True)
        shutil.copytree(session.report_dir, latest)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
