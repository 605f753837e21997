"""The embedded mock space as a pytest plugin: its options (`--mock-*`), its credentials (chosen
once by the controller of a parallel run, so that the controller masks the token in whatever the
workers send back), and the `embedded_target` fixture the suite tests when no `--space-url` is
given. The suite never imports the mock: it asks for this fixture by name.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from recording_conformance.conformance.options import POSE_REMOTE_DEST
from recording_conformance.conformance.plugin import SETTINGS_KEY, embedded_secret
from recording_conformance.conformance.target import Target
from recording_conformance.mockspace.calls import BEHAVIOURS_HELP, parse_call_behaviours
from recording_conformance.mockspace.config import MockConfig, new_token
from recording_conformance.mockspace.faults import parse_switches

if TYPE_CHECKING:
    from recording_conformance.mockspace.server import MockSpaceServer

CREDENTIALS_INPUT = "conformance_embedded_mock_credentials"
CREDENTIALS_KEY = pytest.StashKey[tuple[str, str]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "Recording conformance")
    group.addoption(
        "--mock-fault",
        dest="mock_faults",
        action="append",
        default=[],
        metavar="NAME",
        help="switch a fault or variation on in the embedded mock (for the suite's own tests; "
        "`python -m mockspace --list-faults` lists them)",
    )
    group.addoption(
        "--mock-latency-ms",
        type=float,
        default=0.0,
        metavar="MS",
        help="delay every answer of the embedded mock",
    )
    group.addoption(
        "--mock-unavailable-rate",
        type=float,
        default=0.0,
        metavar="RATE",
        help="share of the embedded mock's answers that are a well-formed 503",
    )
    group.addoption(
        "--mock-throttle-rate",
        type=float,
        default=0.0,
        metavar="RATE",
        help="share of the embedded mock's answers that are 429 with a Retry-After header",
    )
    group.addoption(
        "--mock-call",
        dest="mock_call",
        action="append",
        default=[],
        metavar="BEHAVIOUR",
        help=f"how the embedded mock's calls behave: {BEHAVIOURS_HELP} (repeatable)",
    )
    group.addoption(
        "--mock-pose-remote",
        dest=POSE_REMOTE_DEST,
        action="store_true",
        default=False,
        help="treat the embedded mock as a remote space (live profile, request budget, the "
        "pairwise creates in place of the grid, one process) but unpaced and with callbacks, "
        "as through a tunnel; for the suite's own measure of a live run",
    )


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    try:
        parse_switches(config.getoption("mock_faults"))
    except ValueError as exc:
        raise pytest.UsageError(f"--mock-fault: {exc}") from None
    try:
        parse_call_behaviours(config.getoption("mock_call"))
    except ValueError as exc:
        raise pytest.UsageError(f"--mock-call: {exc}") from None
    if not 0.0 <= config.getoption("mock_throttle_rate") <= 1.0:
        raise pytest.UsageError("--mock-throttle-rate: the rate must be from 0 to 1")
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None and CREDENTIALS_INPUT in workerinput:
        project_id, token = workerinput[CREDENTIALS_INPUT]
    else:
        project_id, token = str(uuid.uuid4()), new_token()
    config.stash[CREDENTIALS_KEY] = (str(project_id), str(token))
    embedded_secret(config, str(token), user=str(project_id))


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    # pytest-xdist, on the controller: every worker's embedded mock gets the same credentials.
    node.workerinput[CREDENTIALS_INPUT] = node.config.stash[CREDENTIALS_KEY]


def pytest_report_header(config: pytest.Config) -> list[str]:
    switched = [*config.getoption("mock_faults"), *config.getoption("mock_call")]
    lines = [f"embedded mock switched on: {', '.join(switched)}"] if switched else []
    if config.getoption(POSE_REMOTE_DEST) and not config.stash[SETTINGS_KEY].space_url:
        lines.append("embedded mock poses as a remote space (not paced, callbacks received)")
    return lines


def mock_config(option: Callable[[str], Any], project_id: str, token: str) -> MockConfig:
    """The embedded mock's configuration from the `--mock-*` options (`option` reads one by
    its dest, as `pytest.Config.getoption` does); the options were checked at configure."""
    faults, variations, rejected = parse_switches(option("mock_faults"))
    calls = parse_call_behaviours(option("mock_call"))
    return MockConfig(
        project_id=project_id,
        api_token=token,
        faults=faults,
        variations=variations,
        rejected=rejected,
        latency_ms=option("mock_latency_ms"),
        unavailable_rate=option("mock_unavailable_rate"),
        throttle_rate=option("mock_throttle_rate"),
        calls_never_answer=calls.never_answers,
        calls_drop_after=calls.drop_after,
    )


@pytest.fixture(scope="session")
def embedded_mock(pytestconfig: pytest.Config) -> Iterator[MockSpaceServer]:
    """The embedded mock space, on a free loopback port, for the whole session. Exceptions it
    did not expect fail the run instead of being lost in its thread."""
    # Imported here: a run against a live space never starts (or loads) the server.
    from recording_conformance.mockspace.server import MockSpaceServer

    project_id, token = pytestconfig.stash[CREDENTIALS_KEY]
    config = mock_config(pytestconfig.getoption, project_id, token)
    with MockSpaceServer(config) as server:
        yield server
        errors = list(server.space.state.unexpected_errors)
    if errors:
        pytest.fail("the mock space raised unexpected errors:\n" + "\n".join(errors))


@pytest.fixture(scope="session")
def embedded_target(embedded_mock: MockSpaceServer) -> Target:
    """The embedded mock as the suite's target."""
    cfg = embedded_mock.config
    return Target(
        embedded_mock.api_base,
        cfg.project_id,
        cfg.api_token,
        cfg.in_progress_call_sid,
        embedded=True,
    )
