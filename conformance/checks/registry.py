"""The whole contract in one table: every check, the requirement it verifies, and the answers
it judges. A check not listed here never runs."""

from __future__ import annotations

from dataclasses import dataclass

from recording_conformance.conformance.checks import (
    callbacks,
    lifecycle,
    outcomes,
    recordings,
    responses,
)
from recording_conformance.conformance.checks.context import (
    CREATE_OPERATION,
    Check,
    CheckContext,
    Expectation,
    Precondition,
    Violation,
    preconditions_of,
)
from recording_conformance.conformance.requirements import BY_ID, Requirement

E = Expectation


@dataclass(frozen=True)
class RegisteredCheck:
    function: Check
    requirement: Requirement
    applies_to: frozenset[Expectation]

    preconditions: tuple[Precondition, ...] = ()

    @property
    def name(self) -> str:
        return self.function.__name__


def _entry(function: Check, requirement: str, *applies_to: Expectation) -> RegisteredCheck:
    return RegisteredCheck(
        function, BY_ID[requirement], frozenset(applies_to), preconditions_of(function)
    )


_EVERY_CREATE = tuple(CREATE_OPERATION)
_ACCEPTED = (E.VALID_CREATE,)

REGISTRY: tuple[RegisteredCheck, ...] = (
    # Every answer of Create a Recording.
    _entry(responses.status_code_is_documented, "REC-STATUS-DOCUMENTED", *_EVERY_CREATE),
    _entry(responses.content_type_is_json, "REC-CONTENT-TYPE", *_EVERY_CREATE),
    _entry(responses.body_matches_response_schema, "REC-BODY-SCHEMA", *_EVERY_CREATE),
    _entry(responses.error_status_matches_http_status, "REC-ERROR-STATUS", *_EVERY_CREATE),
    _entry(responses.error_details_are_useful, "REC-ERROR-DETAILS", *_EVERY_CREATE),
    _entry(responses.credentials_never_leak, "REC-NO-CREDENTIAL-LEAK", *_EVERY_CREATE),
    # The kind of answer.
    _entry(outcomes.valid_create_is_accepted, "REC-CREATE-ACCEPTED", E.VALID_CREATE),
    _entry(
        outcomes.schema_valid_create_is_accepted,
        "REC-SCHEMA-VALID-ACCEPTED",
        E.SCHEMA_VALID_CREATE,
    ),
    _entry(outcomes.invalid_create_is_rejected, "REC-INVALID-REJECTED", E.INVALID_CREATE),
    _entry(outcomes.bad_credentials_are_rejected, "REC-AUTH-REQUIRED", E.BAD_CREDENTIALS),
    _entry(outcomes.other_accounts_are_out_of_reach, "REC-ACCOUNT-SCOPE", E.OTHER_ACCOUNT),
    _entry(outcomes.unknown_call_is_not_found, "REC-UNKNOWN-CALL", E.UNKNOWN_CALL),
    _entry(outcomes.malformed_sid_is_rejected, "REC-STATUS-DOCUMENTED", E.MALFORMED_SID),
    # What an accepted create answers.
    _entry(recordings.channels_match_request, "REC-CHANNELS", *_ACCEPTED),
    _entry(recordings.trim_echoes_request, "REC-TRIM", *_ACCEPTED),
    _entry(recordings.ids_match_path, "REC-IDS-MATCH-PATH", *_ACCEPTED),
    _entry(recordings.call_recording_fields_hold, "REC-CALL-RECORDING", *_ACCEPTED),
    _entry(recordings.api_version_matches_path, "REC-API-VERSION", *_ACCEPTED),
    _entry(recordings.source_is_the_create_api, "REC-SOURCE", *_ACCEPTED),
    _entry(recordings.new_recording_status_is_initial, "REC-INITIAL-STATUS", *_ACCEPTED),
    _entry(recordings.dates_are_rfc2822, "REC-DATES-RFC2822", *_ACCEPTED),
    _entry(recordings.dates_are_consistent, "REC-DATES-CONSISTENT", *_ACCEPTED),
    _entry(recordings.sid_is_new, "REC-SID-UNIQUE", *_ACCEPTED),
    _entry(recordings.uri_names_the_recording, "REC-URI", *_ACCEPTED),
    # What becomes of it.
    _entry(lifecycle.fetched_recording_matches_create, "REC-FETCH-MATCHES", E.FETCHED),
    _entry(lifecycle.stop_is_honoured, "REC-STOPPABLE", E.STOPPED),
    # The clean-up's stops: whatever the answer, it carries no credential back.
    _entry(responses.credentials_never_leak, "REC-NO-CREDENTIAL-LEAK", E.CLEAN_UP),
    _entry(callbacks.callbacks_arrive_for_requested_events, "REC-CALLBACK-EVENTS", E.CALLBACKS),
    _entry(callbacks.unrequested_events_are_not_sent, "REC-CALLBACK-EVENTS", E.CALLBACKS),
    _entry(callbacks.callback_uses_requested_method, "REC-CALLBACK-METHOD", E.CALLBACKS),
    _entry(callbacks.callback_carries_documented_parameters, "REC-CALLBACK-PARAMS", E.CALLBACKS),
)

CHECKS: dict[str, RegisteredCheck] = {entry.name: entry for entry in REGISTRY}
_BY_EXPECTATION: dict[Expectation, tuple[RegisteredCheck, ...]] = {
    expectation: tuple(entry for entry in REGISTRY if expectation in entry.applies_to)
    for expectation in Expectation
}


@dataclass(frozen=True)
class Judgement:
    """What one check made of one exchange: it ran (with its violations, perhaps none), or it
    did not apply, and why."""

    check: RegisteredCheck
    ran: bool
    violations: tuple[Violation, ...] = ()
    not_applicable_because: str = ""


def checks_for(expectation: Expectation) -> tuple[RegisteredCheck, ...]:
    """The checks that judge an answer of `expectation`, in registry order."""
    return _BY_EXPECTATION[expectation]


def requirements_for(*expectations: Expectation) -> tuple[str, ...]:
    """The requirement ids verified by the checks of `expectations` (for test markers)."""
    ids = [entry.requirement.id for e in expectations for entry in checks_for(e)]
    return tuple(dict.fromkeys(ids))


def judge(context: CheckContext, expectation: Expectation) -> list[Judgement]:
    """Run every check of `expectation` whose preconditions hold; say which did not apply."""
    judgements = []
    for entry in checks_for(expectation):
        unmet = next((p for p in entry.preconditions if not p(context)), None)
        if unmet is not None:
            judgements.append(Judgement(entry, False, not_applicable_because=unmet.reason))
        else:
            judgements.append(Judgement(entry, True, tuple(entry.function(context))))
    return judgements
