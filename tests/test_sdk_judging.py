"""The SDK checks' readings, on requests and answers made by hand: what a space accepts is
accepted (either event form, either prefix, with or without `.json`), what it would not is
found; values compare as the SDKs convert them; the answers generated are valid and their
dates mean what they say; findings fold into a report the published schema accepts."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import find, given, settings
from jsonschema import Draft202012Validator

from recording_conformance.conformance.checks.recordings import _rfc2822
from recording_conformance.conformance.deviations import DeviationsError, load_deviations
from recording_conformance.mockspace.journal import ArrivedRequest
from recording_conformance.reports.json_report import SCHEMA_PATH
from recording_conformance.reports.model import DEVIATION_RESOLVED, KNOWN_DEVIATION, PASS
from recording_conformance.sdks.answers import error_bodies, recording_bodies, rfc2822_dates
from recording_conformance.sdks.checks import SdkCheckRun
from recording_conformance.sdks.report import new_findings, sdk_report
from recording_conformance.sdks.request_checks import Credentials, judge_invalid, judge_valid
from recording_conformance.sdks.requirements import BY_ID
from recording_conformance.sdks.response_checks import instant, judge_recording, reaches
from recording_conformance.sdks.search import Finding, SearchResult
from recording_conformance.sdks.session import Answer
from recording_conformance.sdks.violations import SdkViolation

WHO = Credentials("P-1", "secret", "C-1")
OK = Answer(ok=True, attributes={}, error={}, naming="snake")
FORM = "application/x-www-form-urlencoded"
EVENTS = "RecordingStatusCallbackEvent"


def _arrived(
    body: bytes,
    *,
    content_type: str | None = FORM,
    path: str = "/api/laml/2010-04-01/Accounts/P-1/Calls/C-1/Recordings.json",
    user: str = "P-1",
    password: str = "secret",
) -> ArrivedRequest:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    headers = [("authorization", f"Basic {token}")]
    if content_type:
        headers.append(("content-type", content_type))
    return ArrivedRequest("POST", path, "", tuple(headers), body)


def _found(judgement: object) -> set[str]:
    return {v.identity for v in judgement.violations}  # type: ignore[attr-defined]


GIVEN = {"Trim": "trim-silence", EVENTS: ["in-progress", "completed"]}


@pytest.mark.parametrize(
    "arrived",
    [
        _arrived(
            urlencode(
                [("Trim", "trim-silence"), (EVENTS, "in-progress"), (EVENTS, "completed")]
            ).encode()
        ),
        _arrived(urlencode({"Trim": "trim-silence", EVENTS: "completed in-progress"}).encode()),
        _arrived(
            json.dumps({"Trim": "trim-silence", EVENTS: "in-progress completed"}).encode(),
            content_type="application/json; charset=utf-8",
        ),
        _arrived(
            urlencode({"Trim": "trim-silence", EVENTS: "in-progress completed"}).encode(),
            path="/2010-04-01/Accounts/P-1/Calls/C-1/Recordings",
        ),
    ],
    ids=["repeated event keys", "space-separated", "JSON", "legacy prefix, no .json"],
)
def test_what_a_space_accepts_is_accepted(arrived: ArrivedRequest) -> None:
    assert _found(judge_valid(GIVEN, [arrived], OK, WHO)) == set()


@pytest.mark.parametrize(
    ("arrived", "found"),
    [
        (
            _arrived(b"Trim=trim_silence&RecordingStatusCallbackEvent=in-progress+completed"),
            {"SDK-REQ-VALUES:Trim"},
        ),
        (
            _arrived(b"RecordingStatusCallbackEvent=in-progress,completed&Trim=trim-silence"),
            {"SDK-REQ-EVENTS:events"},
        ),
        (
            _arrived(b"Trim=trim-silence&RecordingStatusCallbackEvent=completed"),
            {"SDK-REQ-EVENTS:events"},
        ),
        (
            _arrived(
                json.dumps({"Trim": "trim-silence", EVENTS: ["in-progress", "completed"]}).encode(),
                content_type="application/json",
            ),
            {"SDK-REQ-EVENTS:events"},
        ),
        (
            _arrived(
                b"Trim=trim-silence&RecordingStatusCallbackEvent=in-progress+completed&RecordingTrack=both"
            ),
            {"SDK-REQ-NOTHING-ADDED:RecordingTrack"},
        ),
        (
            _arrived(
                b"Trim=trim-silence&RecordingStatusCallbackEvent=in-progress+completed",
                password="x",
            ),
            {"SDK-REQ-AUTH:token"},
        ),
        (
            _arrived(
                b"Trim=trim-silence&RecordingStatusCallbackEvent=in-progress+completed",
                path="/api/laml/2010-04-01/Accounts/P-1/Calls/C-2/Recordings.json",
            ),
            {"SDK-REQ-PATH:sids"},
        ),
        (
            _arrived(b"Trim=trim-silence", content_type="text/plain"),
            {"SDK-REQ-ENCODING:unreadable", "SDK-REQ-VALUES:Trim", "SDK-REQ-EVENTS:events"},
        ),
    ],
    ids=[
        "a changed value",
        "commas",
        "an event dropped",
        "a JSON array",
        "a parameter added",
        "another password",
        "another call",
        "a body no space reads",
    ],
)
def test_what_a_space_would_not_take_is_found(arrived: ArrivedRequest, found: set[str]) -> None:
    assert _found(judge_valid(GIVEN, [arrived], OK, WHO)) == found


def test_a_create_sent_twice_or_not_at_all_is_found() -> None:
    twice = [_arrived(b"Trim=trim-silence")] * 2
    assert _found(judge_valid({"Trim": "trim-silence"}, twice, OK, WHO)) == {"SDK-REQ-SENT:count"}
    assert _found(judge_valid({}, [], OK, WHO)) == {"SDK-REQ-SENT:count"}


def test_an_invalid_value_may_be_refused_or_sent_as_given_but_not_changed() -> None:
    refused = Answer(ok=False, attributes={}, error={"status": 400}, naming="snake")
    given = {"RecordingChannels": " mono"}
    as_given = [_arrived(b"RecordingChannels=+mono")]
    changed = [_arrived(b"RecordingChannels=mono")]
    assert _found(judge_invalid(given, ["RecordingChannels"], [], refused)) == set()
    assert _found(judge_invalid(given, ["RecordingChannels"], as_given, refused)) == set()
    found = _found(judge_invalid(given, ["RecordingChannels"], changed, OK))
    assert found == {"SDK-REQ-INVALID-NOT-FIXED:RecordingChannels"}


@pytest.mark.parametrize(
    ("answered", "parsed", "same"),
    [
        ("1", 1, True),
        ("-0.00250", {"$repr": "Decimal('-0.00250')", "$type": "decimal.Decimal"}, True),
        ("-0.00250", -0.0025, True),
        ("0.1", 0.2, False),
        (None, None, True),
        (None, {"$repr": "undefined", "$type": "undefined"}, False),
        ("x", {"$raises": {"type": "KeyError", "message": "'x'"}}, False),
        (12, "12", True),
        ({"transcriptions": "/t"}, {"transcriptions": "/t"}, True),
        ("USD", "usd", False),
    ],
)
def test_values_compare_as_the_sdks_convert_them(
    answered: object, parsed: object, same: bool
) -> None:
    assert reaches(answered, parsed) is same


@settings(max_examples=60, database=None)
@given(rfc2822_dates())
def test_every_generated_date_is_rfc2822_and_names_its_instant(date: str) -> None:
    assert _rfc2822(date) == instant(date)


@settings(max_examples=30, database=None)
@given(recording_bodies(), error_bodies())
def test_answers_are_generated_valid(
    body: dict[str, object], error: tuple[int, dict[str, object]]
) -> None:
    # The strategies refuse to yield anything their schema refuses; drawing them is the test.
    assert error[1]["status"] == error[0]


def test_a_date_read_in_another_zone_is_found() -> None:
    body = find(recording_bodies(), lambda _: True)  # the simplest body
    body.update(date_updated="Sat, 01 Jan 2000 01:00:00 +0100", start_time=None)
    attributes = {
        name: value for name, value in body.items() if name not in ("date_created", "end_time")
    }
    attributes["date_updated"] = {"$datetime": "2000-01-01T01:00:00+00:00"}
    attributes["channels"] = int(str(body["channels"]))
    answer = Answer(ok=True, attributes=attributes, error={}, naming="snake")
    found = _found(judge_recording(body, answer))
    assert found == {"SDK-RESP-DATES:another-instant", "SDK-RESP-FIELDS:date_created,end_time"}


def _run(found: list[str]) -> SdkCheckRun:
    result = SearchResult(examples=3)
    result.judged.update(dict.fromkeys(BY_ID, 3))
    for identity in found:
        requirement, key = identity.split(":")
        violation = SdkViolation(requirement, key, "title", "expected", "received")
        result.findings.append(Finding(violation, "the space answered 200 {}", {}, 2))
    return SdkCheckRun({"answers": result})


def test_findings_fold_into_a_valid_report_that_fails_only_on_new_ones() -> None:
    provenance = {
        "target": {"base_url": "http://127.0.0.1:1", "kind": "SDK fake"},
        "spec": {"file": "s.yaml", "sha256": "0" * 64},
        "suite_version": "0",
        "hypothesis": {"profile": "3 examples", "seed": "0"},
        "started": "now",
        "finished": "later",
        "python": "3",
        "packages": {},
    }
    listed = {"SDK-RESP-DATES": "known", "SDK-RESP-ERRORS": "fixed since"}
    report = sdk_report(
        _run(["SDK-RESP-DATES:another-instant"]),
        sdk_name="fake",
        provenance=provenance,
        deviations=listed,
        duration=1.0,
    )
    schema = json.loads(Path(SCHEMA_PATH).read_text(encoding="utf-8"))
    Draft202012Validator(schema).validate(report)
    verdicts = {r["id"]: r["verdict"] for r in report["requirements"]}
    assert verdicts["SDK-RESP-DATES"] == KNOWN_DEVIATION
    assert verdicts["SDK-RESP-ERRORS"] == DEVIATION_RESOLVED
    assert verdicts["SDK-REQ-VALUES"] == PASS
    assert [r["id"] for r in new_findings(report)] == ["SDK-RESP-ERRORS"]


def test_a_deviations_file_names_sdk_requirements_only(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text('[SDK-RESP-DATES]\nreason = "zones dropped"\n', encoding="utf-8")
    assert load_deviations(path, known=BY_ID) == {"SDK-RESP-DATES": "zones dropped"}
    path.write_text('[REC-TRIM]\nreason = "x"\n', encoding="utf-8")
    with pytest.raises(DeviationsError, match="no requirement id"):
        load_deviations(path, known=BY_ID)
