"""Every registered check fails against the mock fault made for it and passes on the reference.

A check that cannot fail is a defect: this module is the proof, check by check.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from conformance.checks import CHECKS, CheckContext, Expectation
from conformance.client import Auth, ConformanceClient
from conformance.failures import ConformanceFailure
from conformance.request import CreateRequest
from conformance.target import Target
from mockspace import Fault
from spec import Spec


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


EMPTY_BODY = CreateRequest()


@dataclass(frozen=True)
class Scenario:
    """A request that exposes `fault` to `check`."""

    check: str
    fault: Fault
    expectation: Expectation | None
    request: CreateRequest = EMPTY_BODY
    # An Auth value, or a function of the target building a custom Authorization header.
    auth: Auth | Callable[[Target], str] = "configured"

    @property
    def id(self) -> str:
        return f"{self.check}-{self.fault.value}"


VALID = Expectation.VALID_CREATE
INVALID = Expectation.INVALID_CREATE
SCENARIOS = [
    Scenario("status_code_is_documented", Fault.CREATED_201, VALID),
    Scenario(
        "status_code_is_documented",
        Fault.CRASH_ON_RARE_COMBINATION,
        VALID,
        CreateRequest.of(
            RecordingChannels="dual",
            RecordingTrack="outbound",
            Trim="trim-silence",
            RecordingStatusCallbackMethod="GET",
        ),
    ),
    Scenario("content_type_is_json", Fault.HTML_ERROR_PAGES, INVALID, CreateRequest.of(Trim="x")),
    Scenario("body_matches_response_schema", Fault.CHANNELS_AS_INTEGER, VALID),
    Scenario("body_matches_response_schema", Fault.MISSING_TRIM, VALID),
    Scenario(
        "body_matches_response_schema", Fault.ERRORS_LIST_BODY, INVALID, CreateRequest.of(Trim="x")
    ),
    Scenario(
        "valid_create_is_accepted",
        Fault.REJECTS_DUAL,
        VALID,
        CreateRequest.of(RecordingChannels="dual"),
    ),
    Scenario(
        "valid_create_is_accepted",
        Fault.REJECTS_JSON_BODY,
        VALID,
        CreateRequest.of("json", Trim="trim-silence"),
    ),
    Scenario(
        "invalid_create_is_rejected",
        Fault.ACCEPTS_INVALID_CHANNELS,
        INVALID,
        CreateRequest.of(RecordingChannels="stereo"),
    ),
    Scenario(
        "invalid_create_is_rejected",
        Fault.ACCEPTS_INVALID_TRACK,
        INVALID,
        CreateRequest.of(RecordingTrack="left"),
    ),
    Scenario(
        "invalid_create_is_rejected",
        Fault.ACCEPTS_INVALID_TRIM,
        INVALID,
        CreateRequest.of(Trim="trim"),
    ),
    Scenario(
        "invalid_create_is_rejected",
        Fault.ACCEPTS_INVALID_METHOD,
        INVALID,
        CreateRequest.of(RecordingStatusCallbackMethod="PUT"),
    ),
    Scenario(
        "invalid_create_is_rejected",
        Fault.ACCEPTS_CASE_VARIANTS,
        INVALID,
        CreateRequest.of(RecordingChannels="Mono"),
    ),
    Scenario(
        "missing_credentials_are_rejected",
        Fault.AUTH_BYPASS,
        Expectation.NO_CREDENTIALS,
        auth="none",
    ),
    Scenario(
        "channels_match_request",
        Fault.CHANNELS_ECHO_SWAPPED,
        VALID,
        CreateRequest.of(RecordingChannels="dual"),
    ),
    Scenario(
        "trim_echoes_request", Fault.TRIM_ECHO_IGNORED, VALID, CreateRequest.of(Trim="trim-silence")
    ),
    Scenario("trim_echoes_request", Fault.TRIM_DEFAULT_TRIM_SILENCE, VALID),
    Scenario("ids_match_path", Fault.WRONG_CALL_SID, VALID),
    # The real token sent for the wrong project: a 401 that quotes it leaks it.
    Scenario(
        "credentials_never_leak",
        Fault.ECHOES_CREDENTIALS,
        None,
        auth=lambda target: _basic("not-the-project", target.api_token),
    ),
]


def _run(scenario: Scenario, client: ConformanceClient, spec: Spec, target: Target) -> None:
    auth = scenario.auth(target) if callable(scenario.auth) else scenario.auth
    exchange = client.create_recording(scenario.request, auth=auth)
    CHECKS[scenario.check].function(CheckContext(spec, target, exchange, scenario.request))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_check_fails_against_its_fault(
    scenario: Scenario,
    switch_on: Callable[..., None],
    mock_client: ConformanceClient,
    spec: Spec,
    mock_target: Target,
) -> None:
    switch_on(scenario.fault)
    with pytest.raises(ConformanceFailure) as caught:
        _run(scenario, mock_client, spec, mock_target)
    assert caught.value.check == scenario.check
    assert "Reproduce with:\n  curl " in str(caught.value)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_check_passes_on_the_reference_mock(
    scenario: Scenario, mock_client: ConformanceClient, spec: Spec, mock_target: Target
) -> None:
    _run(scenario, mock_client, spec, mock_target)


def test_every_registered_check_has_a_failing_self_test() -> None:
    proven = {scenario.check for scenario in SCENARIOS}
    assert set(CHECKS) == proven, f"checks without a self-test: {set(CHECKS) - proven}"


def test_scenarios_apply_the_check_to_their_expectation() -> None:
    # A scenario must exercise the check the way the conformance tests do.
    for scenario in SCENARIOS:
        applies = CHECKS[scenario.check].applies_to
        assert applies is None or scenario.expectation in applies, scenario.id
