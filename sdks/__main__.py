"""`python -m sdks [--sdk NAME]`: build each SDK's environment, start the embedded mock space,
and drive every SDK through its smoke session, one line per SDK. Exits 1 when any failed."""

from __future__ import annotations

import argparse
import sys

from recording_conformance.conformance.receiver import CallbackReceiver
from recording_conformance.mockspace import MockSpaceServer
from recording_conformance.sdks.catalogue import SDKS, Sdk, selected
from recording_conformance.sdks.driver import DriverError, DriverProcess
from recording_conformance.sdks.envs import EnvError, RuntimeMissing
from recording_conformance.sdks.smoke import SmokeResult, Target, run_smoke
from recording_conformance.spec import Spec, load_spec


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
    return parser


def smoke_one(sdk: Sdk, spec: Spec, target: Target) -> SmokeResult:
    """Build, start and drive one SDK; every way it fails is a sentence in the result."""
    try:
        launch = sdk.prepare()
    except RuntimeMissing as exc:
        return SmokeResult(sdk, skipped=str(exc))
    except EnvError as exc:
        return SmokeResult(sdk, failures=[str(exc)])
    driver = DriverProcess(
        sdk.name,
        launch.command,
        base_url=target.base_url,
        project_id=target.project_id,
        api_token=target.api_token,
        env=launch.env,
    )
    try:
        with driver:
            return run_smoke(sdk, driver, spec, target)
    except DriverError as exc:
        return SmokeResult(sdk, failures=[str(exc)])


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        sdks = selected(args.sdk)
    except ValueError as exc:
        print(f"python -m sdks: {exc}", file=sys.stderr)
        return 2
    spec = load_spec()
    results = []
    with MockSpaceServer() as mock, CallbackReceiver() as receiver:
        config = mock.config
        target = Target(
            mock.origin,
            config.project_id,
            config.api_token,
            config.in_progress_call_sid,
            receiver.url(),
        )
        for sdk in sdks:
            result = smoke_one(sdk, spec, target)
            print(result.line(), flush=True)
            results.append(result)
    return 0 if all(result.ok for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
