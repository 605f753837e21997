"""Fixtures for the suite's own tests: one mock space per session, reset before every test."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator

import pytest
import requests

from recording_conformance.conformance.client import ConformanceClient
from recording_conformance.conformance.harness import Harness
from recording_conformance.conformance.receiver import CallbackEndpoint, CallbackReceiver
from recording_conformance.conformance.recorder import Recorder
from recording_conformance.conformance.sanitize import Sanitizer
from recording_conformance.conformance.target import Target
from recording_conformance.mockspace import Fault, MockConfig, MockSpaceServer, Variation
from recording_conformance.spec import Spec, load_spec
from tests.runs import ROOT, run_conformance

__all__ = ["ROOT", "Run"]

Switch = Fault | Variation
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_suite() -> Run:
    """`python -m pytest conformance ARGS` in a subprocess, as a user runs it (dev profile,
    none of the caller's SIGNALWIRE_/HYPOTHESIS_ settings, no report unless asked for)."""
    return run_conformance


@pytest.fixture(scope="session")
def mock_server() -> Iterator[MockSpaceServer]:
    with MockSpaceServer() as server:
        yield server


@pytest.fixture
def mock(mock_server: MockSpaceServer) -> Iterator[MockSpaceServer]:
    """The session's mock, reset to the reference behaviour; its unexpected errors fail the test."""
    mock_server.reset(
        MockConfig(
            project_id=mock_server.config.project_id,
            api_token=mock_server.config.api_token,
            in_progress_call_sid=mock_server.config.in_progress_call_sid,
            completed_call_sid=mock_server.config.completed_call_sid,
            silent_call_sid=mock_server.config.silent_call_sid,
        )
    )
    yield mock_server
    errors = list(mock_server.space.state.unexpected_errors)
    assert not errors, "the mock raised unexpected errors:\n" + "\n".join(errors)


@pytest.fixture
def api(mock: MockSpaceServer) -> Iterator[requests.Session]:
    """A session that speaks to the mock with its credentials."""
    session = requests.Session()
    session.auth = (mock.config.project_id, mock.config.api_token)
    yield session
    session.close()


@pytest.fixture
def recordings_url(mock: MockSpaceServer) -> str:
    """The mock's Create a Recording URL for its in-progress call."""
    cfg = mock.config
    return f"{mock.api_base}/Accounts/{cfg.project_id}/Calls/{cfg.in_progress_call_sid}/Recordings"


@pytest.fixture
def switch_on(mock: MockSpaceServer) -> Callable[..., None]:
    """Switch faults or variations on in the mock for this test."""

    def switch(*switches: Switch) -> None:
        cfg = mock.config
        cfg.faults = cfg.faults | {s for s in switches if isinstance(s, Fault)}
        cfg.variations = cfg.variations | {s for s in switches if isinstance(s, Variation)}

    return switch


@pytest.fixture
def mock_target(mock: MockSpaceServer) -> Target:
    cfg = mock.config
    return Target(
        mock.api_base, cfg.project_id, cfg.api_token, cfg.in_progress_call_sid, embedded=True
    )


@pytest.fixture
def mock_sanitizer(mock_target: Target) -> Sanitizer:
    sanitizer = Sanitizer()
    sanitizer.add(mock_target.api_token, user=mock_target.project_id)
    return sanitizer


@pytest.fixture
def mock_client(mock_target: Target, mock_sanitizer: Sanitizer) -> Iterator[ConformanceClient]:
    client = ConformanceClient(mock_target, mock_sanitizer)
    yield client
    client.close()


@pytest.fixture(scope="session")
def spec() -> Spec:
    return load_spec()


@pytest.fixture
def mock_harness(
    spec: Spec, mock_target: Target, mock_client: ConformanceClient, mock_sanitizer: Sanitizer
) -> Harness:
    return Harness(spec, mock_target, mock_client, mock_sanitizer, Recorder())


@pytest.fixture(scope="session")
def mock_callbacks() -> Iterator[CallbackEndpoint]:
    with CallbackReceiver() as receiver:
        yield CallbackEndpoint(receiver, receiver.base_url, timeout=5.0)
