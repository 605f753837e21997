"""One SDK's generated checks, from a started driver to its report; shared by `python -m sdks`
and the `sdk` tests."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recording_conformance.conformance.deviations import load_deviations
from recording_conformance.sdks.catalogue import Sdk
from recording_conformance.sdks.checks import SdkChecks
from recording_conformance.sdks.driver import DriverProcess
from recording_conformance.sdks.report import default_deviations, provenance, sdk_report
from recording_conformance.sdks.requirements import BY_ID
from recording_conformance.sdks.session import SdkSession
from recording_conformance.spec import Spec

if TYPE_CHECKING:
    from recording_conformance.mockspace.server import MockSpaceServer


def deviations_for(sdk: Sdk, path: Path | None = None) -> dict[str, str]:
    """The known deviations of `sdk` (its file under `sdks/deviations/`, or `path`); none when
    the default file does not exist. A DeviationsError (one sentence) when it is unusable."""
    chosen = path or default_deviations(sdk.name)
    if path is None and not chosen.exists():
        return {}
    return load_deviations(chosen, known=BY_ID)


def check_sdk(
    sdk: Sdk,
    driver: DriverProcess,
    mock: MockSpaceServer,
    spec: Spec,
    *,
    examples: int,
    seed: int,
    deviations: dict[str, str],
) -> dict[str, Any]:
    """Run every side of the checks through `driver` and fold the findings into a report."""
    started = datetime.now(UTC).isoformat(timespec="seconds")
    clock = time.monotonic()
    checks = SdkChecks(SdkSession(sdk, driver), mock, examples=examples, seed=seed)
    run = checks.run()
    made = provenance(
        dict(driver.ready), spec, origin=mock.origin, examples=examples, seed=seed, started=started
    )
    made["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    return sdk_report(
        run,
        sdk_name=sdk.name,
        provenance=made,
        deviations=deviations,
        duration=time.monotonic() - clock,
    )
