"""The embedded mock space as a pytest plugin: its credentials (chosen
once by the controller of a parallel run, so that the controller masks the token in whatever the
workers send back), and the `embedded_target` fixture the suite tests when no `--space-url` is
given. The suite never imports the mock: it asks for this fixture by name. Its options
(`--mock-*`) are in `mockspace/options.py`.
"""

from __future__ import annotations

import shlex
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from recording_conformance.conformance.options import POSE_REMOTE_DEST
from recording_conformance.conformance.plugin import SETTINGS_KEY, embedded_secret
from recording_conformance.conformance.target import Target
from recording_conformance.mockspace.calls import parse_call_behaviours
from recording_conformance.mockspace.config import MockConfig, new_token
from recording_conformance.mockspace.faults import parse_switches

if TYPE_CHECKING:
    from recording_conformance.mockspace.server import MockSpaceServer

CREDENTIALS_INPUT = "conformance_embedded_mock_credentials"
CREDENTIALS_KEY = pytest.StashKey[tuple[str, str]]()


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


def restart_command(option: Callable[[str], Any], config: MockConfig, port: int) -> str:
    """The `python -m recording_conformance.mockspace` command that starts a mock answering as
    the embedded one did: its fault and call switches, project, in-progress call and port, the
    token taken from `$SIGNALWIRE_API_TOKEN` as in the curl printed beside it. Latency, 503 and
    429 rates are left out: they never change an answer, only delay or refuse it at random."""
    words = [
        "python -m recording_conformance.mockspace",
        f"--port {port}",
        f"--project-id {shlex.quote(config.project_id)}",
        '--api-token "$SIGNALWIRE_API_TOKEN"',
        f"--call-sid {shlex.quote(config.in_progress_call_sid)}",
    ]
    words += [f"--fault {shlex.quote(name)}" for name in option("mock_faults")]
    words += [f"--call {shlex.quote(name)}" for name in option("mock_call")]
    return " ".join(words)


@pytest.fixture(scope="session")
def embedded_target(pytestconfig: pytest.Config, embedded_mock: MockSpaceServer) -> Target:
    """The embedded mock as the suite's target."""
    cfg = embedded_mock.config
    port = urlsplit(embedded_mock.origin).port or 80
    return Target(
        embedded_mock.api_base,
        cfg.project_id,
        cfg.api_token,
        cfg.in_progress_call_sid,
        embedded=True,
        started_by=restart_command(pytestconfig.getoption, cfg, port),
    )
