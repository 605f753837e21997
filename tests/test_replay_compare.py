"""Every comparison rule, on answers made up beside each other: what it reports, what it allows
by which entry of the freedoms catalogue, and the case just outside each allowance, which is
reported."""

from __future__ import annotations

import json
from typing import Any

import pytest

from recording_conformance.conformance.exchange import Exchange
from recording_conformance.conformance.freedoms import BY_ID
from recording_conformance.conformance.replay import allowances
from recording_conformance.conformance.replay.compare import ABSENT, Comparer, Comparison, Fields
from recording_conformance.conformance.replay.entries import RecordedEntry, RecordedTarget
from recording_conformance.conformance.replay.substitution import Substitution
from recording_conformance.conformance.sanitize import Sanitizer
from recording_conformance.conformance.target import Target
from recording_conformance.spec import Spec

OLD = RecordedTarget("http://127.0.0.1:1/api/laml/2010-04-01", "old-project", "old-call")
NEW = Target("http://127.0.0.1:2/api/laml/2010-04-01", "new-project", "PTsecrettoken", "new-call")
RECORDING = {
    "sid": "old-sid",
    "account_sid": "old-project",
    "call_sid": "old-call",
    "status": "in-progress",
    "trim": "do-not-trim",
    "date_created": "Sun, 06 Dec 2026 09:40:10 +0000",
    "start_time": "Sun, 06 Dec 2026 09:40:10 +0000",
    "duration": 0,
    "price": None,
    "error_code": None,
    "uri": "/api/laml/2010-04-01/Accounts/old-project/Recordings/old-sid.json",
}
CALL_SCOPED_URI = "/api/laml/2010-04-01/Accounts/new-project/Calls/new-call/Recordings/new-sid.json"
ERROR = {
    "code": 21220,
    "message": "Invalid Trim",
    "more_info": "https://x.example/21220",
    "status": 400,
}


def _entry(
    status: int,
    body: dict[str, Any],
    *,
    expectations: tuple[str, ...] = (),
    operation: str = "create",
) -> RecordedEntry:
    return RecordedEntry(
        index=1, test="t", phase="call", target=OLD, method="POST", url=OLD.api_base,
        request_body=b"", content_type="", auth={"type": "configured"}, operation=operation,
        path_ids={}, expectations=frozenset(expectations), retried=False, status=status,
        response_type="application/json", response_text=json.dumps(body),
    )  # fmt: skip


def _compare(
    recorded: RecordedEntry,
    status: int,
    body: dict[str, Any] | bytes,
    *,
    content_type: str = "application/json",
    exact: bool = False,
    stopped_before: bool = False,
    spec: Spec,
) -> Comparison:
    substitution = Substitution(NEW)
    substitution.learn("old-sid", "new-sid")
    sanitizer = Sanitizer([NEW.api_token])
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    replayed = Exchange(
        method="POST", url=NEW.api_base, request_headers={}, request_body=b"", status=status,
        response_headers={"Content-Type": content_type}, response_body=raw, elapsed=0.001,
        sanitizer=sanitizer,
    )  # fmt: skip
    comparer = Comparer(Fields.of(spec), exact=exact)
    return comparer.compare(recorded, replayed, substitution, stopped_before=stopped_before)


def _new(**changes: Any) -> dict[str, Any]:
    """The recording as the replay target would answer it, with `changes`."""
    body = json.loads(
        Substitution(NEW).text(json.dumps(RECORDING), OLD).replace("old-sid", "new-sid")
    )
    return {k: v for k, v in {**body, **changes}.items() if v is not ABSENT}


def _reported(comparison: Comparison) -> set[str]:
    return {d.what for d in comparison.differences}


def _allowed(comparison: Comparison) -> set[str]:
    return {freedom for freedom, _ in comparison.allowed}


def test_every_cited_entry_is_a_freedom_of_the_catalogue() -> None:
    for freedom in allowances.cited():
        assert BY_ID[freedom].decision == "free", freedom
    assert allowances.OPEN_VALUE_FREEDOMS, "the open values are entries of the catalogue"


def test_the_same_answer_after_substitution_differs_in_nothing(spec: Spec) -> None:
    # Another project, call and sid, other dates: expected, never reported nor counted.
    later = _new(date_created="Mon, 07 Dec 2026 10:00:00 +0000")
    result = _compare(_entry(200, RECORDING), 200, later, spec=spec)
    assert (result.differences, result.allowed) == ([], [])


@pytest.mark.parametrize(
    ("expectation", "recorded", "replayed", "freedom"),
    [
        ("INVALID_CREATE", 400, 422, "FREE-INVALID-400-OR-422"),
        ("OTHER_ACCOUNT", 401, 404, "FREE-OTHER-ACCOUNT-401-OR-404"),
        ("MALFORMED_SID", 404, 400, "FREE-MALFORMED-SID-4XX"),
        ("OPEN_CREATE", 400, 200, allowances.OPEN_VALUE_FREEDOMS[0]),
    ],
)
def test_a_status_the_spec_allows_is_allowed_and_one_outside_is_reported(
    spec: Spec, expectation: str, recorded: int, replayed: int, freedom: str
) -> None:
    error = {**ERROR, "status": recorded}
    body = _new() if replayed == 200 else {**ERROR, "status": replayed}
    allowed = _compare(
        _entry(recorded, error, expectations=(expectation,)), replayed, body, spec=spec
    )
    assert _reported(allowed) == set()
    assert any(f.startswith(freedom) for f in _allowed(allowed))
    # The same two statuses for a request no freedom covers, or with --exact.
    assert "HTTP status" in _reported(_compare(_entry(recorded, error), replayed, body, spec=spec))
    exact = _compare(
        _entry(recorded, error, expectations=(expectation,)), replayed, body, exact=True, spec=spec
    )
    assert "HTTP status" in _reported(exact)


def test_a_status_outside_the_freedom_is_reported(spec: Spec) -> None:
    result = _compare(
        _entry(400, ERROR, expectations=("INVALID_CREATE",)),
        404,
        {**ERROR, "status": 404},
        spec=spec,
    )
    assert _reported(result) == {"HTTP status"}


def test_stopping_an_ended_recording_may_answer_otherwise_only_once_it_has_ended(
    spec: Spec,
) -> None:
    stop = _entry(200, RECORDING, operation="update")
    gone = {**ERROR, "status": 404}
    assert _allowed(_compare(stop, 404, gone, stopped_before=True, spec=spec)) == {
        "FREE-STOP-ENDED"
    }
    assert _reported(_compare(stop, 404, gone, spec=spec)) == {"HTTP status"}


@pytest.mark.parametrize(
    ("changes", "operation", "freedom"),
    [
        ({"status": "queued"}, "create", "FREE-INITIAL-STATUS"),
        ({"status": "stopped"}, "fetch", "FREE-FETCH-PROGRESS"),
        ({"start_time": None}, "create", "FREE-NULLABLE-TIMES"),
        ({"duration": -1}, "create", "FREE-DURATION-VALUE"),
        ({"error_code": "31920"}, "create", "FREE-ERROR-CODE-FIELD"),
        ({"price": "-0.0025"}, "create", "FREE-PRICE-FORM"),
        ({"uri": CALL_SCOPED_URI}, "create", "FREE-URI-FORMS"),
        ({"extra": 1}, "create", "FREE-EXTRA-RESPONSE-FIELDS"),
    ],
)  # fmt: skip
def test_a_recording_field_the_spec_leaves_free_is_allowed(
    spec: Spec, changes: dict[str, Any], operation: str, freedom: str
) -> None:
    result = _compare(_entry(200, RECORDING, operation=operation), 200, _new(**changes), spec=spec)
    assert _reported(result) == set()
    assert _allowed(result) == {freedom}
    exact = _compare(
        _entry(200, RECORDING, operation=operation), 200, _new(**changes), exact=True, spec=spec
    )
    assert _reported(exact) == set(changes)


@pytest.mark.parametrize(
    "changes",
    [
        {"trim": "trim-silence"},  # an echo
        {"trim": ABSENT},  # a listed field left out
        {"status": "stopped"},  # a create that is not starting
        {"date_created": None},  # only start_time and end_time may be null
        {"date_created": "string"},  # no date at all
        {"start_time": "yesterday"},
        {"uri": "/api/laml/2010-04-01/Accounts/new-project/Recordings/other-sid.json"},
        {"account_sid": "another-project"},
        {"duration": "0"},  # a string where the schema says integer
        {"duration": True},
    ],
    ids=[
        "trim",
        "trim-absent",
        "status",
        "date-null",
        "date-not-a-date",
        "start-not-a-date",
        "uri-other-sid",
        "account",
        "duration-string",
        "duration-bool",
    ],
)
def test_any_other_field_difference_is_reported(spec: Spec, changes: dict[str, Any]) -> None:
    result = _compare(_entry(200, RECORDING), 200, _new(**changes), spec=spec)
    assert _reported(result) == set(changes)


def test_error_code_and_wording_are_free_unless_exact(spec: Spec) -> None:
    recorded = _entry(400, ERROR)
    other = {**ERROR, "code": 20001, "message": "Bad", "more_info": "/docs/20001", "extra": True}
    result = _compare(recorded, 400, other, spec=spec)
    assert _reported(result) == set()
    assert _allowed(result) == {
        "FREE-ERROR-CODE-AND-MESSAGE",
        "FREE-ERROR-MORE-INFO-FORM",
        "FREE-EXTRA-ERROR-FIELDS",
    }
    exact = _compare(recorded, 400, other, exact=True, spec=spec)
    assert _reported(exact) == {"code", "message", "more_info", "extra"}


def test_an_error_status_field_that_disagrees_with_its_answer_is_reported(spec: Spec) -> None:
    assert _reported(_compare(_entry(400, ERROR), 400, {**ERROR, "status": 422}, spec=spec)) == {
        "status"
    }


def test_media_type_form_is_free_but_not_the_media_type(spec: Spec) -> None:
    form = _compare(
        _entry(400, ERROR), 400, ERROR, content_type="Application/JSON; charset=UTF-8", spec=spec
    )
    assert (_reported(form), _allowed(form)) == (set(), {"FREE-MEDIA-TYPE-FORM"})
    page = _compare(
        _entry(400, ERROR), 400, b"<html>no</html>", content_type="text/html", spec=spec
    )
    assert _reported(page) == {"media type", "body"}


def test_a_success_against_a_refusal_is_one_status_difference(spec: Spec) -> None:
    assert _reported(_compare(_entry(200, RECORDING), 400, ERROR, spec=spec)) == {"HTTP status"}


def test_a_credential_sent_back_is_reported_whatever_carries_it(spec: Spec) -> None:
    leaked = {**ERROR, "message": f"bad credentials ({NEW.api_token})"}
    assert _reported(_compare(_entry(400, ERROR), 400, leaked, spec=spec)) == {"credentials"}
