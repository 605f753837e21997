"""Every registered check fails against the mock fault made for it and passes on the reference.

A check that cannot fail is a defect: this module is the proof, check by check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from recording_conformance.conformance.checks import CHECKS, CheckContext, Expectation, Violation
from recording_conformance.conformance.exchange import Auth
from recording_conformance.conformance.failures import ConformanceFailure
from recording_conformance.conformance.harness import Harness
from recording_conformance.conformance.receiver import CallbackEndpoint
from recording_conformance.conformance.request import CreateRequest
from recording_conformance.mockspace import Fault, MockSpaceServer
from recording_conformance.mockspace.faults import parse_switches, rejection

# Builds the context a check judges, by talking to the mock through the harness.
Act = Callable[[Harness, CallbackEndpoint], CheckContext]
EMPTY = CreateRequest()


def create(
    request: CreateRequest = EMPTY, *, call_sid: str | None = None, account_sid: str | None = None
) -> Act:
    def act(harness: Harness, _: CallbackEndpoint) -> CheckContext:
        seen = harness.client.created_sids()
        exchange = harness.client.create_recording(
            request, call_sid=call_sid, account_sid=account_sid
        )
        return CheckContext(harness.spec, harness.target, exchange, request, seen_sids=seen)

    return act


def with_auth(header: Callable[[Harness], Auth], request: CreateRequest = EMPTY) -> Act:
    def act(harness: Harness, _: CallbackEndpoint) -> CheckContext:
        exchange = harness.client.create_recording(request, auth=header(harness))
        return CheckContext(harness.spec, harness.target, exchange, request)

    return act


def create_twice(harness: Harness, endpoint: CallbackEndpoint) -> CheckContext:
    create()(harness, endpoint)
    return create()(harness, endpoint)


def fetch_after_create(request: CreateRequest) -> Act:
    def act(harness: Harness, endpoint: CallbackEndpoint) -> CheckContext:
        created = create(request)(harness, endpoint).exchange
        fetched = harness.fetch(created)
        return CheckContext(harness.spec, harness.target, fetched, request, created=created)

    return act


def stop_after_create(harness: Harness, _: CallbackEndpoint) -> CheckContext:
    created = harness.client.create_recording(EMPTY)
    stopped = harness.stop(created)
    return CheckContext(
        harness.spec,
        harness.target,
        stopped,
        EMPTY,
        created=created,
        followup=harness.fetch(created),
    )


def callbacks(events: str, method: str = "POST") -> Act:
    def act(harness: Harness, endpoint: CallbackEndpoint) -> CheckContext:
        url, path = endpoint.new_url()
        request = CreateRequest.of(
            RecordingStatusCallback=url,
            RecordingStatusCallbackEvent=events,
            RecordingStatusCallbackMethod=method,
        )
        created = harness.client.create_recording(request)
        harness.stop(created)
        # Both observable events, so that an unrequested one is waited for too.
        received = harness.callbacks_for(
            endpoint.receiver, path, until={"in-progress", "completed"}, timeout=0.5
        )
        return CheckContext(harness.spec, harness.target, created, request, callbacks=received)

    return act


@dataclass(frozen=True)
class Scenario:
    """How to expose `fault` to `check`."""

    check: str
    # A named fault, or a `rejects:NAME=VALUE` switch.
    fault: Fault | str
    act: Act

    @property
    def id(self) -> str:
        return f"{self.check}-{self.fault}"


RARE = CreateRequest.of(
    RecordingChannels="dual",
    RecordingTrack="outbound",
    Trim="trim-silence",
    RecordingStatusCallbackMethod="GET",
)
BAD_TRIM = CreateRequest.of(Trim="x")
OTHER_PROJECT = "00000000-0000-4000-8000-00000000000a"
SCENARIOS = [
    Scenario("status_code_is_documented", Fault.CREATED_201, create()),
    Scenario("status_code_is_documented", Fault.CRASH_ON_RARE_COMBINATION, create(RARE)),
    Scenario(
        "status_code_is_documented",
        Fault.CRASH_ON_PERCENT_ENCODED_CALLBACK,
        create(CreateRequest.of(RecordingStatusCallback="https://example.com/%C3%BC")),
    ),
    Scenario("content_type_is_json", Fault.HTML_ERROR_PAGES, create(BAD_TRIM)),
    Scenario("body_matches_response_schema", Fault.CHANNELS_AS_INTEGER, create()),
    Scenario("body_matches_response_schema", Fault.MISSING_TRIM, create()),
    Scenario("body_matches_response_schema", Fault.ERRORS_LIST_BODY, create(BAD_TRIM)),
    Scenario("error_status_matches_http_status", Fault.ERROR_STATUS_MISMATCH, create(BAD_TRIM)),
    Scenario("error_details_are_useful", Fault.EMPTY_ERROR_DETAILS, create(BAD_TRIM)),
    # The real token sent for the wrong project: a 401 that quotes it leaks it.
    Scenario(
        "credentials_never_leak",
        Fault.ECHOES_CREDENTIALS,
        with_auth(lambda h: h.basic_auth("not-the-project", h.target.api_token)),
    ),
    Scenario(
        "valid_create_is_accepted",
        rejection("RecordingChannels", "dual"),
        create(CreateRequest.of(RecordingChannels="dual")),
    ),
    Scenario(
        "valid_create_is_accepted",
        rejection("encoding", "json"),
        create(CreateRequest.of("json", Trim="trim-silence")),
    ),
    Scenario(
        "schema_valid_create_is_accepted",
        rejection("Timeout", "5"),
        create(CreateRequest.of(Timeout="5")),
    ),
    Scenario(
        "invalid_create_is_rejected",
        Fault.ACCEPTS_INVALID_CHANNELS,
        create(CreateRequest.of(RecordingChannels="stereo")),
    ),
    Scenario(
        "invalid_create_is_rejected",
        Fault.ACCEPTS_INVALID_TRACK,
        create(CreateRequest.of(RecordingTrack="left")),
    ),
    Scenario("invalid_create_is_rejected", Fault.ACCEPTS_INVALID_TRIM, create(BAD_TRIM)),
    Scenario(
        "invalid_create_is_rejected",
        Fault.ACCEPTS_INVALID_METHOD,
        create(CreateRequest.of(RecordingStatusCallbackMethod="PUT")),
    ),
    Scenario(
        "invalid_create_is_rejected",
        Fault.ACCEPTS_INVALID_EVENTS,
        create(CreateRequest.of(RecordingStatusCallbackEvent="finished")),
    ),
    Scenario(
        "invalid_create_is_rejected",
        Fault.ACCEPTS_INVALID_CALLBACK,
        create(CreateRequest.of(RecordingStatusCallback="/relative")),
    ),
    Scenario(
        "invalid_create_is_rejected",
        Fault.ACCEPTS_CASE_VARIANTS,
        create(CreateRequest.of(RecordingChannels="Mono")),
    ),
    Scenario("bad_credentials_are_rejected", Fault.AUTH_BYPASS, with_auth(lambda h: "none")),
    Scenario(
        "bad_credentials_are_rejected",
        Fault.ANY_TOKEN_ACCEPTED,
        with_auth(lambda h: h.basic_auth(h.target.project_id, "PTwrong")),
    ),
    Scenario(
        "other_accounts_are_out_of_reach",
        Fault.CROSS_ACCOUNT_ACCESS,
        create(account_sid=OTHER_PROJECT),
    ),
    Scenario(
        "unknown_call_is_not_found",
        Fault.UNKNOWN_CALL_RECORDED,
        create(call_sid="00000000-0000-4000-8000-000000000000"),
    ),
    Scenario(
        "malformed_sid_is_rejected", Fault.CRASH_ON_MALFORMED_SID, create(call_sid="not-a-uuid")
    ),
    Scenario(
        "channels_match_request",
        Fault.CHANNELS_ECHO_SWAPPED,
        create(CreateRequest.of(RecordingChannels="dual")),
    ),
    Scenario(
        "trim_echoes_request",
        Fault.TRIM_ECHO_IGNORED,
        create(CreateRequest.of(Trim="trim-silence")),
    ),
    Scenario("trim_echoes_request", Fault.TRIM_DEFAULT_TRIM_SILENCE, create()),
    Scenario("ids_match_path", Fault.WRONG_CALL_SID, create()),
    Scenario("call_recording_fields_hold", Fault.CONFERENCE_SID_SET, create()),
    Scenario("api_version_matches_path", Fault.WRONG_API_VERSION, create()),
    Scenario("source_is_the_create_api", Fault.WRONG_SOURCE, create()),
    Scenario("new_recording_status_is_initial", Fault.NEW_RECORDING_COMPLETED, create()),
    Scenario("dates_are_rfc2822", Fault.NON_RFC2822_DATES, create()),
    Scenario("dates_are_consistent", Fault.UPDATED_BEFORE_CREATED, create()),
    Scenario("sid_is_new", Fault.REUSED_RECORDING_SID, create_twice),
    Scenario("uri_names_the_recording", Fault.URI_WITHOUT_SID, create()),
    Scenario(
        "fetched_recording_matches_create",
        Fault.FETCH_FORGETS_CHANNELS,
        fetch_after_create(CreateRequest.of(RecordingChannels="dual")),
    ),
    Scenario("stop_is_honoured", Fault.STOP_IGNORED, stop_after_create),
    Scenario(
        "callbacks_arrive_for_requested_events",
        Fault.CALLBACKS_NEVER_SENT,
        callbacks("in-progress completed"),
    ),
    Scenario(
        "unrequested_events_are_not_sent", Fault.CALLBACKS_FOR_EVERY_EVENT, callbacks("completed")
    ),
    Scenario(
        "callback_uses_requested_method",
        Fault.CALLBACK_METHOD_IGNORED,
        callbacks("in-progress", "GET"),
    ),
    Scenario(
        "callback_carries_documented_parameters",
        Fault.CALLBACKS_WITHOUT_RECORDING_SID,
        callbacks("in-progress completed"),
    ),
]


def _judge(scenario: Scenario, harness: Harness, endpoint: CallbackEndpoint) -> list[Violation]:
    """The check's violations on the scenario's exchange; the check must apply to it (a check
    that did not run proves nothing either way)."""
    entry = CHECKS[scenario.check]
    context = scenario.act(harness, endpoint)
    unmet = [p.reason for p in entry.preconditions if not p(context)]
    assert not unmet, f"{scenario.check} did not apply: {unmet}"
    return list(entry.function(context))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_check_fails_against_its_fault(
    scenario: Scenario,
    mock: MockSpaceServer,
    mock_harness: Harness,
    mock_callbacks: CallbackEndpoint,
) -> None:
    faults, _, rejected = parse_switches([str(scenario.fault)])
    mock.config.faults, mock.config.rejected = faults, rejected
    violations = _judge(scenario, mock_harness, mock_callbacks)
    assert violations, f"{scenario.check} found nothing wrong with {scenario.fault}"
    assert all(isinstance(v.key, tuple) for v in violations)
    assert mock_harness.target.api_token not in repr(violations)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_check_passes_on_the_reference_mock(
    scenario: Scenario, mock_harness: Harness, mock_callbacks: CallbackEndpoint
) -> None:
    assert _judge(scenario, mock_harness, mock_callbacks) == []


def test_every_registered_check_has_a_failing_self_test() -> None:
    proven = {scenario.check for scenario in SCENARIOS}
    assert set(CHECKS) == proven, f"checks without a self-test: {set(CHECKS) - proven}"


def test_every_expectation_is_judged_by_some_check() -> None:
    judged = {e for entry in CHECKS.values() for e in entry.applies_to}
    assert judged == set(Expectation)


def test_a_must_violation_fails_the_test_with_its_reproduction(
    mock: MockSpaceServer, mock_harness: Harness
) -> None:
    mock.config.faults = frozenset({Fault.TRIM_ECHO_IGNORED})
    with pytest.raises(ConformanceFailure) as caught:
        mock_harness.create(CreateRequest.of(Trim="trim-silence"), expect=Expectation.VALID_CREATE)
    assert caught.value.check == "trim_echoes_request"
    assert "Reproduce with:\n  curl " in str(caught.value)
    assert mock_harness.target.api_token not in str(caught.value)
    [recorded] = mock_harness.recorder.take("t", "call").violations
    assert recorded["identity"] == caught.value.identity


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_a_should_violation_is_a_warning_unless_strict(
    mock: MockSpaceServer, mock_harness: Harness, strict: bool
) -> None:
    mock.config.faults = frozenset({Fault.WRONG_SOURCE})
    mock_harness.recorder.strict = strict
    if strict:
        with pytest.raises(ConformanceFailure, match="SHOULD REC-SOURCE"):
            mock_harness.create(expect=Expectation.VALID_CREATE)
    else:
        mock_harness.create(expect=Expectation.VALID_CREATE)
    record = mock_harness.recorder.take("t", "call")
    assert [v["requirement"] for v in record.violations] == ["REC-SOURCE"]
    assert record.checks_ran["REC-SOURCE"] == 1


def test_checks_that_cannot_judge_a_refused_create_say_so(
    mock: MockSpaceServer, mock_harness: Harness
) -> None:
    mock.config.rejected = frozenset({"suffix=none"})
    with pytest.raises(ConformanceFailure):
        mock_harness.create(expect=Expectation.VALID_CREATE)
    record = mock_harness.recorder.take("t", "call")
    assert "REC-TRIM" not in record.checks_ran
    assert list(record.not_applicable["REC-TRIM"]) == [
        "needs an accepted create (a 2xx answer with a JSON object)"
    ]
    assert record.checks_ran["REC-CREATE-ACCEPTED"] == 1
