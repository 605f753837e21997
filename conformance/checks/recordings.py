"""Checks of an accepted create's recording, beyond what the schema can say."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from conformance.checks.context import CheckContext, fail

# CallRecordingResponseChannels: "Returns '1' for mono or '2' for stereo."
CHANNEL_COUNTS = {"mono": "1", "dual": "2"}
DATE_FIELDS = ("date_created", "date_updated", "start_time", "end_time")
INITIAL_STATUSES = ("queued", "in-progress")
API_VERSION = "2010-04-01"
CREATE_SOURCE = "StartCallRecordingApi"
# RFC 2822 section 3.3: day-of-week and month names are these three-letter forms only.
_DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
_MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}


def channels_match_request(context: CheckContext) -> None:
    # RecordingChannels: "Can be `mono` ... or `dual` ... Default is `mono`."
    body = context.accepted_body()
    if body is None:
        return
    requested = str(context.requested("RecordingChannels"))
    expected = CHANNEL_COUNTS.get(requested)
    received = {"channels": body.get("channels"), "channel": body.get("channel")}
    if received != {"channels": expected, "channel": expected}:
        raise fail(
            context,
            channels_match_request,
            title="channels/channel do not match RecordingChannels",
            received=received,
            documented=f"both {expected!r} for RecordingChannels={requested}",
            clause="CallRecordingResponseChannels: Returns '1' for mono or '2' for stereo.",
            key=requested,
        )


def trim_echoes_request(context: CheckContext) -> None:
    # Trim: "Whether leading and trailing silence is trimmed ... Default is `do-not-trim`."
    body = context.accepted_body()
    if body is None:
        return
    expected = context.requested("Trim")
    if body.get("trim") != expected:
        raise fail(
            context,
            trim_echoes_request,
            title="trim does not echo Trim",
            received=body.get("trim", "(missing)"),
            documented=expected,
            clause="CreateCallRecordingRequestTrim: Default is `do-not-trim`.",
            key=str(expected),
        )


def _path_ids(url: str) -> dict[str, str]:
    path = urlsplit(url).path
    account = path.split("/Accounts/", 1)[1].split("/", 1)[0]
    call = path.split("/Calls/", 1)[1].split("/", 1)[0]
    return {"account_sid": account, "call_sid": call}


def ids_match_path(context: CheckContext) -> None:
    # account_sid: "the account that is associated with this recording"; call_sid: "the call".
    body = context.accepted_body()
    if body is None:
        return
    expected = _path_ids(context.exchange.url)
    received = {key: body.get(key) for key in expected}
    if received != expected:
        raise fail(
            context,
            ids_match_path,
            title="Recording ids do not match the path",
            received=received,
            documented=expected,
            clause="path parameters AccountSid and CallSid",
            key=",".join(sorted(k for k in expected if received[k] != expected[k])),
        )


def call_recording_fields_hold(context: CheckContext) -> None:
    # conference_sid: "Null if this is a call recording."; encryption_details: "Always null."
    body = context.accepted_body()
    if body is None:
        return
    wrong = {k: body[k] for k in ("conference_sid", "encryption_details") if body.get(k)}
    if wrong:
        raise fail(
            context,
            call_recording_fields_hold,
            title="A call recording carries conference or encryption details",
            received=wrong,
            documented="conference_sid: null, encryption_details: null",
            clause="conference_sid: Null if this is a call recording. / encryption_details: "
            "Always null.",
            key=",".join(sorted(wrong)),
        )


def api_version_matches_path(context: CheckContext) -> None:
    # api_version: "The version of the SignalWire API." -- the one in the path.
    body = context.accepted_body()
    if body is None:
        return
    if body.get("api_version") != API_VERSION:
        raise fail(
            context,
            api_version_matches_path,
            title="api_version is not the path's API version",
            received=body.get("api_version"),
            documented=API_VERSION,
            clause="servers: .../api/laml/2010-04-01; api_version",
        )


def source_is_the_create_api(context: CheckContext) -> None:
    # RecordingSource enum: ... StartCallRecordingApi ... -- the value for this REST call.
    body = context.accepted_body()
    if body is None:
        return
    if body.get("source") != CREATE_SOURCE:
        raise fail(
            context,
            source_is_the_create_api,
            title="source is not StartCallRecordingApi",
            received=body.get("source"),
            documented=CREATE_SOURCE,
            clause="RecordingSource: StartCallRecordingApi",
            key=str(body.get("source")),
        )


def new_recording_status_is_initial(context: CheckContext) -> None:
    # RecordingStatus enum; a recording that has just been asked for has not ended.
    body = context.accepted_body()
    if body is None:
        return
    if body.get("status") not in INITIAL_STATUSES:
        raise fail(
            context,
            new_recording_status_is_initial,
            title="A new recording is not queued or in progress",
            received=body.get("status"),
            documented=" or ".join(INITIAL_STATUSES),
            clause="RecordingStatus",
            key=str(body.get("status")),
        )


def _rfc2822(value: str) -> datetime | None:
    """The moment `value` names if it is RFC 2822 (strict names, numeric zone), else None."""
    words = value.replace(",", " ").split()
    if words and words[0] in _DAYS:
        words = words[1:]
    if len(words) != 5 or words[1] not in _MONTHS:
        return None
    zone = words[4]
    if not (len(zone) == 5 and zone[0] in "+-" and zone[1:].isdigit()) and zone not in (
        "GMT",
        "UT",
    ):
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


def dates_are_rfc2822(context: CheckContext) -> None:
    # date_created: "The date, in RFC 2822 format, this recording was created." (and the rest)
    body = context.accepted_body()
    if body is None:
        return
    wrong = {
        name: body[name]
        for name in DATE_FIELDS
        if isinstance(body.get(name), str) and _rfc2822(body[name]) is None
    }
    if wrong:
        raise fail(
            context,
            dates_are_rfc2822,
            title="Dates are not in RFC 2822 format",
            received=wrong,
            documented="e.g. 'Tue, 25 Sep 2018 23:00:00 +0000' (RFC 2822 section 3.3)",
            clause="date_created: The date, in RFC 2822 format, this recording was created.",
            key=",".join(sorted(wrong)),
        )


def dates_are_consistent(context: CheckContext) -> None:
    # Updated is never before created; a recording ends after it starts.
    body = context.accepted_body()
    if body is None:
        return
    moments = {
        name: _rfc2822(body[name]) for name in DATE_FIELDS if isinstance(body.get(name), str)
    }
    problems = []
    pairs = (("date_created", "date_updated"), ("start_time", "end_time"))
    for earlier, later in pairs:
        first, second = moments.get(earlier), moments.get(later)
        if first is not None and second is not None and second < first:
            problems.append(f"{later} {body[later]!r} is before {earlier} {body[earlier]!r}")
    if problems:
        raise fail(
            context,
            dates_are_consistent,
            title="Dates are out of order",
            received="; ".join(problems),
            documented="date_updated >= date_created, end_time >= start_time",
            key=",".join(p.split(" ")[0] for p in problems),
        )


def sid_is_new(context: CheckContext) -> None:
    # sid: "The unique identifier for the recording." -- a new recording, a new sid.
    body = context.accepted_body()
    if body is None or not isinstance(body.get("sid"), str):
        return
    if body["sid"] in context.seen_sids:
        raise fail(
            context,
            sid_is_new,
            title="A new recording reuses the sid of an earlier one",
            received=body["sid"],
            documented="a sid no earlier recording of this run had",
            clause="sid: The unique identifier for the recording.",
        )


def _names_the_recording(uri: object, sid: str, *, account: str, call: str) -> bool:
    if not isinstance(uri, str):
        return False
    path = urlsplit(uri).path
    forms = (
        f"/Accounts/{account}/Recordings/{sid}",
        f"/Accounts/{account}/Calls/{call}/Recordings/{sid}",
    )
    return any(form in path for form in forms)


def uri_names_the_recording(context: CheckContext) -> None:
    # uri: "The URI of the recording."; subresource_uris.transcriptions: "The URI for
    # transcriptions." Account-level and call-scoped forms, under either prefix, are accepted.
    body = context.accepted_body()
    if body is None or not isinstance(body.get("sid"), str):
        return
    ids = _path_ids(context.exchange.url)
    sid, account, call = body["sid"], ids["account_sid"], ids["call_sid"]
    transcriptions = (body.get("subresource_uris") or {}).get("transcriptions")
    wrong = {}
    if not _names_the_recording(body.get("uri"), sid, account=account, call=call):
        wrong["uri"] = body.get("uri")
    if not _names_the_recording(transcriptions, sid, account=account, call=call):
        wrong["subresource_uris.transcriptions"] = transcriptions
    if wrong:
        raise fail(
            context,
            uri_names_the_recording,
            title="The recording's URIs do not name it",
            received=wrong,
            documented=f".../Accounts/{account}/[Calls/{call}/]Recordings/{sid}...",
            clause="uri: The URI of the recording.",
            key=",".join(sorted(wrong)),
        )
