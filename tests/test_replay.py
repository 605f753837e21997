"""A cassette recorded against the reference mock (by two workers, whose parts are merged), then
replayed: against the reference it reports nothing, against a fault exactly what the fault
changes, against the spec's freedoms nothing. One recording serves the module: a replay of it
takes about a second."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote

import pytest

from recording_conformance.conformance.cassette.callbacks import CALLBACK_PARAMETER as CALLBACK
from recording_conformance.conformance.cassette.har import write_cassette
from recording_conformance.conformance.client import ConformanceClient, TargetUnreachable
from recording_conformance.conformance.exchange import TOKEN_VARIABLE
from recording_conformance.conformance.freedoms import CHOICES
from recording_conformance.conformance.replay.callbacks import NOT_WATCHED_REMOTE, watching
from recording_conformance.conformance.replay.cli import main
from recording_conformance.conformance.replay.compare import Comparer, Fields
from recording_conformance.conformance.replay.entries import RecordedEntry, load_entries
from recording_conformance.conformance.replay.render import summary_lines
from recording_conformance.conformance.replay.replayer import Replayer, ReplayResult, replay_client
from recording_conformance.conformance.stops import (
    EXIT_CALL_UNUSABLE,
    EXIT_CREDENTIALS,
    EXIT_TARGET_DOWN,
    EXIT_USAGE,
)
from recording_conformance.conformance.target import Target
from recording_conformance.mockspace import MockSpaceServer
from recording_conformance.mockspace.config import MockConfig
from recording_conformance.mockspace.faults import parse_switches
from recording_conformance.spec import Spec
from tests.runs import run_conformance, target_options

# The cassette: the live profile's handful of examples per search, without the two long lists
# (their values are covered by the searches and the pairs); the callback tests' creates are
# the ones whose callbacks the cassette holds.
SELECTION = "not test_listed_invalid_value_alone and not test_every_enum_combination"
# Every variation the catalogue names for a freedom, except `strict`, which also refuses an
# unknown parameter (a SHOULD the spec asks for, so no freedom).
FREEDOM_VARIATIONS = sorted(
    {v for c in CHOICES for v in c.variations if c.decision == "free"}
    - {"strict", "slow-answers", "occasional-503"}
)


@pytest.fixture(scope="module")
def cassette(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cassette")
    path = folder / "reference.har"
    result = run_conformance(
        "--record", str(path), "--hypothesis-seed", "1", "-k", SELECTION,
        "--report-dir", str(folder / "report"),
        profile="live", workers="2",
    )  # fmt: skip
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return path


@pytest.fixture(scope="module")
def entries(cassette: Path) -> list[RecordedEntry]:
    return load_entries(cassette)


@pytest.fixture(scope="module")
def fields(spec: Spec) -> Fields:
    return Fields.of(spec)


def _server(switches: list[str]) -> MockSpaceServer:
    faults, variations, rejected = parse_switches(switches)
    return MockSpaceServer(MockConfig(faults=faults, variations=variations, rejected=rejected))


@pytest.fixture(scope="module")
def replay_against(entries: list[RecordedEntry], fields: Fields) -> Callable[..., ReplayResult]:
    def replay(
        *switches: str, exact: bool = False, cassette: list[RecordedEntry] | None = None
    ) -> ReplayResult:
        with _server(list(switches)) as server:
            cfg = server.config
            target = Target(
                server.api_base, cfg.project_id, cfg.api_token, cfg.in_progress_call_sid
            )
            client = replay_client(target)
            try:
                with watching(target) as callbacks:
                    comparer = Comparer(fields, exact=exact)
                    replayer = Replayer(client, comparer, callbacks)
                    return replayer.replay(entries if cassette is None else cassette)
            finally:
                client.close()

    return replay


def _differences(result: ReplayResult) -> set[tuple[int, str]]:
    return {(c.entry.index, d.what) for c in result.differing for d in c.comparison.differences}


def _recordings(entries: list[RecordedEntry]) -> list[RecordedEntry]:
    """Entries whose recorded answer is a recording."""
    return [e for e in entries if 200 <= e.status < 300 and isinstance(e.json(), dict)]


# --- The cassette --------------------------------------------------------------------------


def _log_and_totals(cassette: Path, report: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    log = json.loads(cassette.read_text(encoding="utf-8"))["log"]
    totals = json.loads((report / "report.json").read_text(encoding="utf-8"))["totals"]
    return log, totals


def test_cassette_holds_each_watched_create_s_callbacks(
    cassette: Path, entries: list[RecordedEntry]
) -> None:
    log = json.loads(cassette.read_text(encoding="utf-8"))["log"]
    ours = log["_recordingConformance"]
    # Each worker's receiver; every callback filed under the create that asked for it.
    assert len(ours["callbackBases"]) == 2
    assert ours["unmatchedCallbacks"] == []
    watched = [e for e in entries if e.callbacks is not None]
    assert {e.test.rsplit("[", 1)[0] for e in watched} == {
        "conformance/test_callbacks.py::test_status_callbacks_follow_the_request"
    }
    # Every case of the callback test (8), its create made by each worker that ran one of them
    # (the module's recordings are made together), each with what it asked for.
    cases = {tuple(p for p in parse_qsl(e.request_text) if p[0] != CALLBACK) for e in watched}
    assert len(cases) == 8
    for e in watched:
        assert e.callbacks is not None
        asked = dict(parse_qsl(e.request_text)).get("RecordingStatusCallbackEvent", "completed")
        observable = set(asked.split()) & {"in-progress", "completed"}
        assert {d.status for d in e.callbacks.deliveries} == observable, e.label


def test_cassette_is_har_with_every_exchange(cassette: Path) -> None:
    log, totals = _log_and_totals(cassette, cassette.parent / "report")
    assert log["version"] == "1.2"
    assert len(log["entries"]) == totals["requests"]
    # Each worker wrote its part, and the controller merged them.
    assert set(log["_recordingConformance"]["targets"]) == {"gw0", "gw1"}
    for entry in log["entries"]:
        assert {"startedDateTime", "time", "request", "response", "cache", "timings"} <= set(entry)
        assert entry["response"]["content"]["mimeType"]
        # Custom fields are underscored, as HAR 1.2 asks.
        assert all(k.startswith("_") for k in set(entry) - {
            "startedDateTime", "time", "request", "response", "cache", "timings"})  # fmt: skip
    judged = [e for e in log["entries"] if e["_operation"] == "create" and e["_checks"]]
    assert judged, "creates carry the checks that judged them"
    assert all(e["_test"].startswith("conformance/") for e in log["entries"])


def test_token_is_in_no_cassette_even_from_a_space_that_echoes_it(tmp_path: Path) -> None:
    with _server(["echoes-credentials"]) as space:
        path = tmp_path / "echo.har"
        result = run_conformance(
            *target_options(space), "--record", str(path), "-k", "test_bad_credentials",
            "--report-dir", str(tmp_path / "report"), profile="live",
        )  # fmt: skip
        token, project = space.config.api_token, space.config.project_id
    # The fault is there to be seen: the run fails on the leak, and the cassette holds it masked.
    assert result.returncode == 1, result.stdout[-2000:]
    log, totals = _log_and_totals(path, tmp_path / "report")
    assert len(log["entries"]) == totals["requests"]
    text = path.read_text(encoding="utf-8")
    assert "***" in text
    basic = base64.b64encode(f"{project}:{token}".encode()).decode()
    for form in (token, quote(token, safe=""), basic):
        assert form not in text
    # Credentials to send again name the token as reproductions do.
    assert TOKEN_VARIABLE in text


# --- Replays -------------------------------------------------------------------------------


def test_replay_against_the_reference_reports_nothing(
    replay_against: Callable[..., ReplayResult], entries: list[RecordedEntry]
) -> None:
    result = replay_against()
    assert _differences(result) == set()
    assert len(result.compared) == len(entries)
    # The callbacks were compared: each watched create's events came to the replay too.
    watched = [c for c in result.compared if c.entry.callbacks is not None]
    assert len(watched) == len(_watched(entries))
    for compared in watched:
        recorded = compared.entry.callbacks.deliveries  # type: ignore[union-attr]
        assert {d.status for d in compared.deliveries} == {d.status for d in recorded}


def _trim_asked(entries: list[RecordedEntry]) -> set[tuple[int, str]]:
    return {(e.index, "trim") for e in _recordings(entries) if e.json()["trim"] != "do-not-trim"}


def _every_trim(entries: list[RecordedEntry]) -> set[tuple[int, str]]:
    return {(e.index, "trim") for e in _recordings(entries)}


def _create_statuses(entries: list[RecordedEntry]) -> set[tuple[int, str]]:
    return {(e.index, "HTTP status") for e in _recordings(entries) if e.operation == "create"}


def _every_date(entries: list[RecordedEntry]) -> set[tuple[int, str]]:
    dates = ("date_created", "date_updated", "start_time", "end_time")
    return {(e.index, d) for e in _recordings(entries) for d in dates if e.json()[d] is not None}


def _error_pages(entries: list[RecordedEntry]) -> set[tuple[int, str]]:
    errors = [e for e in entries if e.status >= 400]
    return {(e.index, what) for e in errors for what in ("media type", "body")}


def _watched(entries: list[RecordedEntry]) -> list[tuple[RecordedEntry, set[str]]]:
    """Creates whose callbacks the cassette holds, with the events that came."""
    return [
        (e, {d.status for d in e.callbacks.deliveries})
        for e in _recordings(entries)
        if e.callbacks is not None
    ]


def _callbacks_never_came(entries: list[RecordedEntry]) -> set[tuple[int, str]]:
    return {(e.index, "callback events") for e, came in _watched(entries) if came}


def _other_events_came(entries: list[RecordedEntry]) -> set[tuple[int, str]]:
    every = {"in-progress", "completed"}
    return {(e.index, "callback events") for e, came in _watched(entries) if came != every}


def _callback_method(entries: list[RecordedEntry]) -> set[tuple[int, str]]:
    return {
        (e.index, f"callback {d.status}: method")
        for e, _ in _watched(entries)
        for d in e.callbacks.deliveries  # type: ignore[union-attr]
        if d.method == "GET"
    }


def _callback_recording_named(entries: list[RecordedEntry]) -> set[tuple[int, str]]:
    return {
        (e.index, f"callback {status}: {name}")
        for e, came in _watched(entries)
        for status in came
        for name in ("RecordingSid", "RecordingUrl")
    }


def _quoted_credentials(entries: list[RecordedEntry]) -> set[tuple[int, str]]:
    # The fault quotes `user:password` of Basic auth: a leak wherever a password was sent.
    basic = [e for e in entries if e.auth.get("type") == "basic" and e.auth["password"]]
    return {(e.index, "credentials") for e in basic}


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        pytest.param("trim-echo-ignored", _trim_asked, id="field-differs"),
        pytest.param("missing-trim", _every_trim, id="field-missing"),
        pytest.param("created-201", _create_statuses, id="status"),
        pytest.param("non-rfc2822-dates", _every_date, id="dates"),
        pytest.param("html-error-pages", _error_pages, id="media-type-and-body"),
        pytest.param("echoes-credentials", _quoted_credentials, id="credentials"),
        pytest.param("callbacks-never-sent", _callbacks_never_came, id="callbacks-missing"),
        pytest.param("callbacks-for-every-event", _other_events_came, id="callbacks-unasked"),
        pytest.param("callback-method-ignored", _callback_method, id="callback-method"),
        pytest.param(
            "callbacks-without-recording-sid", _callback_recording_named, id="callback-params"
        ),
        # Every create after the first that made a recording, and what follows from a shared
        # sid (stopping one stops them all, so later answers differ too).
        pytest.param("reused-recording-sid", None, id="sid-reused"),
    ],
)
def test_a_fault_is_reported_exactly(
    replay_against: Callable[..., ReplayResult],
    entries: list[RecordedEntry],
    fault: str,
    expected: Callable[[list[RecordedEntry]], set[tuple[int, str]]] | None,
) -> None:
    found = _differences(replay_against(fault))
    if expected is None:
        creates = [e for e in _recordings(entries) if e.operation == "create"]
        assert {(e.index, "sid") for e in creates[1:]} <= found
        return
    wanted = expected(entries)
    assert wanted, "the cassette holds requests the fault changes"
    assert found == wanted, (sorted(found - wanted)[:10], sorted(wanted - found)[:10])


# Every freedom at once, with each answer to stopping an ended recording in turn (the three
# exclude one another).
@pytest.mark.parametrize("stop_ended", sorted(v for v in FREEDOM_VARIATIONS if "stop-ended" in v))
def test_freedoms_of_the_spec_are_not_reported(
    replay_against: Callable[..., ReplayResult], stop_ended: str
) -> None:
    others = [v for v in FREEDOM_VARIATIONS if "stop-ended" not in v]
    result = replay_against(*others, stop_ended)
    assert _differences(result) == set(), [
        (c.entry.label, c.comparison.differences) for c in result.differing[:5]
    ]
    # Callbacks delivered twice, and in-progress after completed, were seen and allowed.
    assert {"FREE-CALLBACK-DUPLICATES", "FREE-CALLBACK-ORDER"} <= set(result.allowed)


def test_exact_reports_what_the_freedoms_allow(
    replay_against: Callable[..., ReplayResult], entries: list[RecordedEntry]
) -> None:
    found = _differences(replay_against("other-error-codes", exact=True))
    errors = [e for e in entries if e.status >= 400]
    assert {(e.index, "code") for e in errors} | {(e.index, "message") for e in errors} <= found
    assert {what for _, what in found} <= {"code", "message", "more_info", "duration"}


# --- The command ---------------------------------------------------------------------------


def _run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), out=out), out.getvalue()


def test_command_exits_0_or_1_and_shows_curl_and_both_answers(cassette: Path) -> None:
    with _server([]) as same, _server(["trim-echo-ignored"]) as other:
        assert _run(str(cassette), *target_options(same))[0] == 0
        code, text = _run(str(cassette), *target_options(other))
        token = other.config.api_token
    assert code == 1
    for shown in ("DIFFERENT #", "curl -sS -X POST", TOKEN_VARIABLE):
        assert shown in text
    assert "trim: recorded 'trim-silence', replayed 'do-not-trim'" in text
    assert "recorded answer: 200 {" in text
    assert "replayed answer: 200 {" in text
    assert token not in text
    assert "asked for:" not in text  # no callback differs


def test_a_callback_difference_shows_what_was_asked_and_both_deliveries(cassette: Path) -> None:
    with _server(["callback-method-ignored"]) as other:
        code, text = _run(str(cassette), *target_options(other))
    assert code == 1
    shown = [
        "callback completed: method: recorded 'GET', replayed 'POST'",
        "  asked for: events completed",
        ", method GET",
        "  recorded callbacks: ",
        "completed by GET",
        "  replayed callbacks: ",
        "completed by POST (application/x-www-form-urlencoded)",
    ]
    assert [line for line in shown if line not in text] == []


def test_command_set_up_problems_are_one_sentence(
    cassette: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with _server([]) as space:
        options = target_options(space)
        wrong_token = [*options[:5], "PTnot-the-token", *options[6:]]
        assert _run(str(cassette), *wrong_token)[0] == EXIT_CREDENTIALS
    assert _run(str(cassette), *options)[0] == EXIT_TARGET_DOWN  # the space has stopped
    assert _run(str(tmp_path / "none.har"), *options)[0] == EXIT_USAGE
    assert _run(str(cassette))[0] == EXIT_USAGE
    assert _run()[0] == EXIT_USAGE
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 5, errors
    assert all(line.startswith("replay: ") for line in errors), errors
    assert "Traceback" not in "".join(errors)


def test_a_callback_url_that_reaches_no_receiver_is_one_sentence_before_any_request(
    cassette: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A remote target (never contacted) and a URL that forwards nowhere: every callback would
    # be missing, and blamed on the target.
    remote = ["--space-url", "https://space.invalid", "--project-id", "p", "--api-token", "PTt"]
    code, _ = _run(
        str(cassette), *remote, "--call-sid", "c",
        "--callback-url", "http://127.0.0.1:9/", "--callback-listen", "127.0.0.1:0",
    )  # fmt: skip
    assert code == EXIT_USAGE
    error = capsys.readouterr().err.strip()
    assert error.startswith(
        "replay: --callback-url (or CONFORMANCE_CALLBACK_URL) http://127.0.0.1:9/ does not reach"
    ), error
    assert "\n" not in error


def test_nothing_to_compare_is_no_pass(
    cassette: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An empty cassette (a recorded run stopped by its preflight), a first target refusing the
    # token or the call, a selection that matches no test (with an earlier comparison's
    # cassette at the --keep path): each is one sentence and a set-up exit code, never "no
    # difference".
    stale = tmp_path / "kept.har"
    stale.write_bytes(cassette.read_bytes())
    empty = tmp_path / "empty.har"
    write_cassette(empty, [], {}, creator_version="test")
    with _server([]) as first, _server([]) as second:
        assert _run(str(empty), *target_options(second))[0] == EXIT_USAGE
        cfg = second.config
        compare = [
            "--compare-with", second.origin, "--compare-project-id", cfg.project_id,
            "--compare-api-token", cfg.api_token, "--compare-call-sid", cfg.in_progress_call_sid,
        ]  # fmt: skip
        options = target_options(first)
        wrong_token = [*options[:5], "PTnot-the-token", *options[6:]]
        assert _run(*wrong_token, *compare, "--", "-k", "callbacks", "-n", "0")[0] == (
            EXIT_CREDENTIALS
        )
        unknown_call = [*options[:7], "0b9c2f4e-1111-4222-8333-444455556666"]
        assert _run(*unknown_call, *compare, "--", "-k", "callbacks", "-n", "0")[0] == (
            EXIT_CALL_UNUSABLE
        )
        keep = ["--keep", str(stale)]
        assert _run(*options, *compare, *keep, "--", "-k", "no_such_test", "-n", "0")[0] == (
            EXIT_USAGE
        )
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 4, errors
    assert "holds no exchange to replay" in errors[0]
    assert all("recorded no exchange" in line for line in errors[1:]), errors


def test_compare_with_sends_the_same_seeded_cases_to_two_targets(tmp_path: Path) -> None:
    with _server([]) as first, _server(["unknown-call-recorded"]) as second:
        cfg = second.config
        code, text = _run(
            *target_options(first), "--compare-with", second.origin,
            "--compare-project-id", cfg.project_id, "--compare-api-token", cfg.api_token,
            "--compare-call-sid", cfg.in_progress_call_sid, "--keep", str(tmp_path / "a.har"),
            "--", "-k", "test_unknown_call_is_not_found", "-n", "0",
        )  # fmt: skip
    assert code == 1, text
    assert "recording the run against http://127.0.0.1" in text
    assert "HTTP status: recorded 404, replayed 200" in text
    assert (tmp_path / "a.har").exists()
    # Nothing else is left beside the kept cassette (Hypothesis caches in the scratch folder).
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.har"]


def test_callbacks_asked_for_are_awaited_even_where_none_were_recorded(
    replay_against: Callable[..., ReplayResult], entries: list[RecordedEntry]
) -> None:
    # Recorded against a target that never called back; replayed against one that calls back
    # late (a freedom): the difference is in what came, and must not be missed for the wait.
    silent = [
        replace(e, callbacks=replace(e.callbacks, deliveries=())) if e.callbacks else e
        for e in entries
    ]
    found = _differences(replay_against("callbacks-delayed", cassette=silent))
    assert found == {(e.index, "callback events") for e, came in _watched(entries) if came}


def test_a_recording_is_stopped_once_its_in_progress_callback_has_come(
    replay_against: Callable[..., ReplayResult],
) -> None:
    # As the recorded run did: with callbacks half a second late, a stop sent at once would
    # come before them.
    result = replay_against("callbacks-delayed")
    assert _differences(result) == set()
    stops = {c.replayed.path_ids.get("sid"): c.replayed for c in result.compared if c.entry.is_stop}
    checked = 0
    for compared in result.compared:
        arrived = [d for d in compared.deliveries if d.status == "in-progress"]
        sid = compared.replayed.json().get("sid") if arrived else None
        if sid in stops:
            assert arrived[0].received_at <= stops[sid].sent_at, compared.entry.label
            checked += 1
    assert checked


def test_a_loopback_target_ignores_stray_callback_settings(
    cassette: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another run's variables, not even well-formed: a loopback target reaches the receiver
    # directly, and its callbacks are compared.
    monkeypatch.setenv("CONFORMANCE_CALLBACK_URL", "tunnel.example")
    monkeypatch.setenv("CONFORMANCE_CALLBACK_LISTEN", "0.0.0.0:8788")
    with _server(["callback-method-ignored"]) as space:
        code, text = _run(str(cassette), *target_options(space))
    assert code == 1
    assert "callback completed: method: recorded 'GET', replayed 'POST'" in text


def test_without_a_receiver_callbacks_are_said_not_compared(
    entries: list[RecordedEntry], fields: Fields
) -> None:
    # As for a remote target without --callback-url: every request is still compared.
    with _server([]) as server:
        cfg = server.config
        target = Target(server.api_base, cfg.project_id, cfg.api_token, cfg.in_progress_call_sid)
        client = replay_client(target)
        try:
            result = Replayer(client, Comparer(fields)).replay(entries)
        finally:
            client.close()
    assert _differences(result) == set()
    assert result.callbacks_not_compared == {NOT_WATCHED_REMOTE: len(_watched(entries))}
    assert all(not c.deliveries for c in result.compared)
    summary = "\n".join(summary_lines(result, "the target"))
    assert f"callbacks not compared: {len(_watched(entries))} creates" in summary


def test_a_request_left_unanswered_is_a_difference_and_the_replay_goes_on(
    replay_against: Callable[..., ReplayResult],
    entries: list[RecordedEntry],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As Prism does with a JSON body that is not JSON: it takes the request and never answers.
    unanswered = next(e for e in entries[1:] if e.status == 400)
    send = ConformanceClient._send_once

    def never_this_one(
        self: ConformanceClient, method: str, url: str, body: bytes, *rest: Any
    ) -> Any:
        if self.requests_sent and body == unanswered.request_body:
            raise _timed_out()
        return send(self, method, url, body, *rest)

    monkeypatch.setattr(ConformanceClient, "_send_once", never_this_one)
    result = replay_against()
    quiet = {c.entry.index for c in result.differing}
    assert unanswered.index in quiet
    assert _differences(result) <= {(i, "answer") for i in quiet}
    assert len(result.compared) == len(entries)


def _timed_out() -> TargetUnreachable:
    error = TargetUnreachable("POST ... got no answer: ReadTimeout")
    error.timed_out = True
    return error
