"""Every rule of the callback comparison, on deliveries made up beside each other: what it
reports, what it allows by which entry of the freedoms catalogue (and reports with --exact),
and how a watched create's body is pointed at the replay's receiver."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest

from recording_conformance.conformance.cassette.callbacks import attach, requested_url
from recording_conformance.conformance.receiver import CallbackEndpoint, CallbackReceiver
from recording_conformance.conformance.replay.callback_compare import compare_deliveries
from recording_conformance.conformance.replay.callbacks import CallbackWatch, watching
from recording_conformance.conformance.replay.compare import ABSENT, Comparison
from recording_conformance.conformance.replay.entries import (
    Delivery,
    RecordedCallbacks,
    RecordedEntry,
    RecordedTarget,
)
from recording_conformance.conformance.replay.substitution import Substitution
from recording_conformance.conformance.target import Target

OLD = RecordedTarget("http://127.0.0.1:1/api/laml/2010-04-01", "old-project", "old-call")
NEW = Target("http://127.0.0.1:2/api/laml/2010-04-01", "new-project", "PTsecrettoken", "new-call")
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
OLD_URL = "http://127.0.0.1:7/recording-status/0b9c2f4e-1111-4222-8333-444455556666"


def _params(status: str, *, project: str, sid: str, **changes: Any) -> dict[str, str]:
    params = {
        "AccountSid": project,
        "CallSid": "old-call" if project == "old-project" else "new-call",
        "RecordingSid": sid,
        "RecordingUrl": f"http://127.0.0.1:{1 if sid == 'old-sid' else 2}/api/laml/2010-04-01"
        f"/Accounts/{project}/Recordings/{sid}",
        "RecordingStatus": status,
        "RecordingDuration": "0",
        "RecordingChannels": "1",
        "RecordingSource": "StartCallRecordingApi",
        "RecordingStartTime": "Sun, 06 Dec 2026 09:40:10 +0000",
    }
    return {k: v for k, v in {**params, **changes}.items() if v is not ABSENT}


def _old(status: str, method: str = "POST", **changes: Any) -> Delivery:
    params = _params(status, project="old-project", sid="old-sid", **changes)
    return Delivery(method, params, FORM if method == "POST" else "", 1.0)


def _new(status: str, method: str = "POST", content_type: str = FORM, **changes: Any) -> Delivery:
    params = _params(status, project="new-project", sid="new-sid", **changes)
    return Delivery(method, params, content_type if method == "POST" else "", 2.0)


EVERY_EVENT = frozenset({"in-progress", "completed", "absent"})


def _compare(
    recorded: list[Delivery],
    replayed: list[Delivery],
    *,
    exact: bool = False,
    requested: frozenset[str] = EVERY_EVENT,
) -> Comparison:
    substitution = Substitution(NEW)
    substitution.learn("old-sid", "new-sid")
    return compare_deliveries(
        recorded,
        replayed,
        requested=requested,
        target=OLD,
        substitution=substitution,
        exact=exact,
    )


def _reported(comparison: Comparison) -> set[str]:
    return {d.what for d in comparison.differences}


def _allowed(comparison: Comparison) -> set[str]:
    return {freedom for freedom, _ in comparison.allowed}


def test_the_same_callbacks_after_substitution_differ_in_nothing() -> None:
    later = {"RecordingStartTime": "Mon, 07 Dec 2026 10:00:00 +0100", "RecordingDuration": "7"}
    result = _compare(
        [_old("in-progress"), _old("completed")], [_new("in-progress"), _new("completed", **later)]
    )
    assert (_reported(result), _allowed(result)) == (set(), set())
    # The times of the run are expected to differ, even with --exact.
    exact = _compare([_old("completed")], [_new("completed", **later)], exact=True)
    assert _reported(exact) == set()


@pytest.mark.parametrize(
    ("replayed", "freedom", "what"),
    [
        (
            [_new("completed"), _new("completed")],
            "FREE-CALLBACK-DUPLICATES",
            {"callback deliveries"},
        ),
        (
            [_new("completed"), _new("in-progress")],
            "FREE-CALLBACK-ORDER",
            {"callback order"},
        ),
        (
            [_new("in-progress", Extra="x", ErrorCode="0"), _new("completed")],
            "FREE-CALLBACK-EXTRA-PARAMETERS",
            {"callback in-progress: Extra", "callback completed: ErrorCode"},
        ),
        (
            [_new("in-progress"), _new("absent")],
            "FREE-STOPPED-STATUS-NAME",
            {"callback events"},
        ),
        (
            [
                _new("in-progress"),
                _new("completed", RecordingUrl="https://files.example/c3.mp3"),
            ],
            "FREE-URI-FORMS",
            {"callback completed: RecordingUrl"},
        ),
    ],
    ids=["duplicates", "order", "extra-parameters", "completed-or-absent", "recording-url"],
)
def test_what_the_spec_leaves_free_is_allowed_and_reported_when_exact(
    replayed: list[Delivery], freedom: str, what: set[str]
) -> None:
    recorded = [_old("in-progress"), _old("completed")]
    if freedom == "FREE-CALLBACK-DUPLICATES":
        recorded = [_old("completed")]
    if freedom == "FREE-CALLBACK-EXTRA-PARAMETERS":
        recorded = [_old("in-progress", ErrorCode="0"), _old("completed", ErrorCode="0")]
    result = _compare(recorded, replayed)
    assert _reported(result) == set()
    assert _allowed(result) == {freedom}
    assert _reported(_compare(recorded, replayed, exact=True)) == what


@pytest.mark.parametrize(
    ("replayed", "what"),
    [
        ([], {"callback events"}),
        ([_new("completed"), _new("absent")], {"callback events"}),
        ([_new("completed", "GET")], {"callback completed: method"}),
        ([_new("completed", content_type=JSON)], {"callback completed: media type"}),
        ([_new("completed", RecordingSid=ABSENT)], {"callback completed: RecordingSid"}),
        ([_new("completed", AccountSid="another")], {"callback completed: AccountSid"}),
        ([_new("completed", RecordingChannels="2")], {"callback completed: RecordingChannels"}),
        ([_new("completed", RecordingDuration="")], {"callback completed: RecordingDuration"}),
        ([_new("completed", RecordingUrl="")], {"callback completed: RecordingUrl"}),
    ],
    ids=[
        "none-came", "unasked-event", "method", "media-type", "documented-missing",
        "account", "channels", "duration-not-integer", "url",
    ],
)  # fmt: skip
def test_every_other_difference_is_reported(replayed: list[Delivery], what: set[str]) -> None:
    assert _reported(_compare([_old("completed")], replayed)) == what


@pytest.mark.parametrize("repeated_on", ["replayed", "recorded"])
def test_a_repeated_delivery_is_compared_too(repeated_on: str) -> None:
    once, twice = [_old("completed")], [_old("completed"), _old("completed", "GET")]
    if repeated_on == "replayed":
        result = _compare(once, [_new("completed"), _new("completed", "GET")])
    else:
        result = _compare(twice, [_new("completed")])
    assert _reported(result) == {"callback completed: method"}
    assert _allowed(result) == {"FREE-CALLBACK-DUPLICATES"}


def test_absent_for_completed_is_allowed_only_where_both_were_asked_for() -> None:
    # Asked for `completed` alone, an `absent` callback is one nobody asked for.
    result = _compare([_old("completed")], [_new("absent")], requested=frozenset({"completed"}))
    assert _reported(result) == {"callback events"}


def test_only_the_finishing_event_may_be_named_otherwise() -> None:
    # `absent` for `in-progress` is no finished status named otherwise.
    result = _compare([_old("in-progress")], [_new("absent")])
    assert _reported(result) == {"callback events"}


def test_a_media_type_parameter_is_no_difference() -> None:
    replayed = [_new("completed", content_type=FORM + "; charset=utf-8")]
    assert _reported(_compare([_old("completed")], replayed, exact=True)) == set()


def _entry(body: bytes, content_type: str) -> RecordedEntry:
    return RecordedEntry(
        index=1, test="t", phase="setup", target=OLD, method="POST", url=OLD.api_base,
        request_body=body, content_type=content_type, auth={"type": "configured"},
        operation="create", path_ids={}, expectations=frozenset(), retried=False, status=200,
        response_type="application/json", response_text="{}",
        callbacks=RecordedCallbacks(OLD_URL, ()),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (urlencode({"RecordingStatusCallback": OLD_URL, "Trim": "trim-silence"}), FORM),
        (json.dumps({"RecordingStatusCallback": OLD_URL, "Trim": "trim-silence"}), JSON),
    ],
    ids=["form", "json"],
)  # fmt: skip
def test_a_watched_create_is_pointed_at_the_replay_receiver(body: str, content_type: str) -> None:
    with CallbackReceiver() as receiver:
        watch = CallbackWatch(CallbackEndpoint(receiver, "https://tunnel.example/", 1.0), 0.0)
        sent = watch.redirect(_entry(body.encode(), content_type), body.encode())
    assert sent is not None
    assert requested_url(content_type, sent) == (
        "https://tunnel.example/recording-status/0b9c2f4e-1111-4222-8333-444455556666"
    )
    assert b"trim-silence" in sent


def test_a_body_that_is_not_utf8_is_not_redirected() -> None:
    body = b"RecordingStatusCallback=" + OLD_URL.encode() + b"&x=\xff"
    with CallbackReceiver() as receiver:
        watch = CallbackWatch(CallbackEndpoint(receiver, "http://127.0.0.1:1", 1.0), 0.0)
        assert watch.redirect(_entry(body, FORM), body) is None


def test_a_remote_target_without_a_callback_url_is_not_watched() -> None:
    remote = Target("https://space.example/api/laml/2010-04-01", "p", "PTt", "c")
    with watching(remote) as none:
        assert none is None
    with watching(remote, callback_url="https://tunnel.example") as watch:
        assert watch is not None
        assert watch.endpoint.public_base == "https://tunnel.example"
    # A loopback target reaches the receiver directly, a callback URL given or not.
    for url in (None, "https://tunnel.example"):
        with watching(NEW, callback_url=url) as local:
            assert local is not None
            assert local.endpoint.public_base == local.endpoint.receiver.base_url


def test_the_cassette_files_each_callback_under_the_create_that_asked() -> None:
    def create(url: str) -> dict[str, Any]:
        text = urlencode({"RecordingStatusCallback": url})
        return {"_operation": "create", "request": {"postData": {"mimeType": FORM, "text": text}}}

    watched, elsewhere = create(OLD_URL), create("https://example.com/cb")
    came = {"path": "/recording-status/0b9c2f4e-1111-4222-8333-444455556666", "receivedAt": 1}
    stray = {"path": "/recording-status/other", "receivedAt": 2}
    unmatched = attach([watched, elsewhere], ["http://127.0.0.1:7"], [stray, came])
    assert watched["_callbacks"] == {"url": OLD_URL, "deliveries": [came]}
    assert "_callbacks" not in elsewhere  # not watched: nothing to compare
    assert unmatched == [stray]
