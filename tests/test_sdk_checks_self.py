"""The SDK checks judge what an SDK does, shown with a fake SDK (`fake_sdk_driver.py`, the
standard library speaking the driver protocol): correct, it passes every side; made to make
one mistake of a real SDK, the side that judges it finds that mistake, and only that one.
No SDK environment is built, so these run with `tasks.py test`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from recording_conformance.mockspace import MockSpaceServer
from recording_conformance.sdks.catalogue import Sdk
from recording_conformance.sdks.checks import SdkChecks
from recording_conformance.sdks.driver import DriverProcess
from recording_conformance.sdks.search import SearchResult
from recording_conformance.sdks.session import SdkSession

FAKE_DRIVER = Path(__file__).with_name("fake_sdk_driver.py")
EXAMPLES = 25


def _unused(build: str | None = None) -> object:
    raise AssertionError("the fake SDK is started by the test itself")


FAKE = Sdk("fake", "Python", "snake", _unused)  # type: ignore[arg-type]


@pytest.fixture
def fake_sdk(mock: MockSpaceServer, request: pytest.FixtureRequest) -> Iterator[SdkChecks]:
    """The fake SDK with the mistake the test is parametrized with ("" for none)."""
    mistake = getattr(request, "param", "")
    config = mock.config
    driver = DriverProcess(
        "fake",
        [sys.executable, str(FAKE_DRIVER)],
        base_url=mock.origin,
        project_id=config.project_id,
        api_token=config.api_token,
        env={"FAKE_SDK_MISTAKE": mistake},
    )
    with driver:
        yield SdkChecks(SdkSession(FAKE, driver), mock, examples=EXAMPLES, seed=0)


def _found(result: SearchResult) -> set[str]:
    return {finding.violation.identity for finding in result.findings}


def test_a_correct_sdk_passes_every_side(fake_sdk: SdkChecks) -> None:
    run = fake_sdk.run()
    for side, result in run.sides.items():
        assert not result.findings, (side, [f.violation for f in result.findings])
        assert result.judged, side
    requests = run.sides["requests"].judged
    assert {"SDK-REQ-VALUES", "SDK-REQ-EVENTS", "SDK-REQ-PATH", "SDK-REQ-AUTH"} <= set(requests)
    assert {"SDK-RESP-DATES", "SDK-RESP-VALUES"} <= set(run.sides["answers"].judged)


@pytest.mark.parametrize(
    ("fake_sdk", "side", "found"),
    [
        pytest.param(
            "wrong-name",
            "requests",
            {"SDK-REQ-VALUES:RecordingChannels"},
            id="a wrong parameter name",
        ),
        pytest.param(
            "wrong-value", "requests", {"SDK-REQ-VALUES:RecordingTrack"}, id="a wrong value"
        ),
        pytest.param(
            "fixes-invalid",
            "invalid requests",
            {"SDK-REQ-INVALID-NOT-FIXED:RecordingChannels"},
            id="an invalid value silently fixed",
        ),
        pytest.param(
            "ignores-zone",
            "answers",
            {"SDK-RESP-DATES:another-instant"},
            id="a date read in the wrong zone",
        ),
        pytest.param("loses-price", "answers", {"SDK-RESP-VALUES:price"}, id="a value lost"),
        pytest.param("wrong-code", "errors", {"SDK-RESP-ERRORS:code"}, id="an error's code lost"),
    ],
    indirect=["fake_sdk"],
)
def test_each_mistake_is_found_by_its_side_with_a_minimal_case(
    fake_sdk: SdkChecks, side: str, found: set[str]
) -> None:
    result = fake_sdk.run((side,)).sides[side]
    assert found <= _found(result), [f.violation for f in result.findings]
    finding = next(f for f in result.findings if f.violation.identity in found)
    # Shrunk: the case shows the least that still shows the mistake.
    if side == "requests":
        assert finding.case.count("=") <= 3, finding.case
