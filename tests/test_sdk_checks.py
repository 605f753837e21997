"""Every SDK through the generated checks, both directions, against the mock: the test fails
on a deviation its deviations file (`sdks/deviations/NAME.toml`, or `--sdk-deviations
NAME=FILE`) does not list, and on a listed one that no longer shows. `--sdk-path NAME=BUILD`
drives a development build; `--sdk-examples N` sets the search (25 examples a round here, for
CI; `python -m sdks` searches 100 and writes the reports).

Marked `sdk`, like `test_sdk_drivers.py`: `tasks.py sdks` runs it, `tasks.py test` does not.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from recording_conformance.mockspace import MockSpaceServer
from recording_conformance.sdks.catalogue import Sdk
from recording_conformance.sdks.driver import DriverProcess
from recording_conformance.sdks.report import new_findings
from recording_conformance.sdks.runner import check_sdk, deviations_for
from recording_conformance.spec import Spec

pytestmark = pytest.mark.sdk


def test_the_sdk_shows_no_deviation_but_its_known_ones(
    sdk_driver: tuple[Sdk, DriverProcess],
    mock: MockSpaceServer,
    spec: Spec,
    sdk_deviations_file: Callable[[str], str | None],
    pytestconfig: pytest.Config,
) -> None:
    sdk, driver = sdk_driver
    chosen = sdk_deviations_file(sdk.name)
    report = check_sdk(
        sdk,
        driver,
        mock,
        spec,
        examples=pytestconfig.getoption("sdk_examples"),
        seed=0,
        deviations=deviations_for(sdk, Path(chosen) if chosen else None),
    )
    judged = [r["id"] for r in report["requirements"] if r["verdict"] == "not exercised"]
    assert not judged, f"requirements never judged: {judged}"
    new = [
        f"{r['id']} ({r['verdict']}): "
        + "; ".join(f"{f['title']}: {f['received']} -- {f['minimal_case']}" for f in r["failures"])
        if r["failures"]
        else f"{r['id']} ({r['verdict']}): {r['reason']}"
        for r in new_findings(report)
    ]
    assert not new, "\n".join(new)
