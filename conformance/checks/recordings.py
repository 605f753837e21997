"""Checks of an accepted create's recording, beyond what the schema can say. Each applies only
to an accepted create (`@applies_when(accepted)`): a refused create is judged elsewhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from recording_conformance.conformance.checks.context import (
    CheckContext,
    Violation,
    accepted,
    applies_when,
    has_sid,
)

# CallRecordingResponseChannels: "Returns '1' for mono or '2' for stereo."
CHANNEL_COUNTS = {"mono": "1", "dual": "2"}
DATE_FIELDS = ("date_created", "date_updated", "start_time", "end_time")
INITIAL_STATUSES = ("queued", "in-progress")
API_VERSION = "2010-04-01"
CREATE_SOURCE = "StartCallRecordingApi"
# RFC 2822 section 3.3: day-of-week and month names are these three-letter forms only, in any
# letter case (ABNF strings are case-insensitive, RFC 2234 section 2.3).
_DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
# Comments (CFWS) may follow the zone: `+0000 (UTC)`.
_COMMENT = re.compile(r"\([^()]*\)")


def _scalar(value: object) -> str | int | bool | None:
    """A value fit for a failure's identity: scalars as they are, anything else by its type."""
    if value is None or isinstance(value, str | int | bool):
        return value
    return type(value).__name__


@applies_when(accepted)
def channels_match_request(context: CheckContext) -> Iterator[Violation]:
    # RecordingChannels: "Can be `mono` ... or `dual` ... Default is `mono`."
    body = context.body
    requested = str(context.requested("RecordingChannels"))
    expected = CHANNEL_COUNTS.get(requested)
    received = {"channels": body.get("channels"), "channel": body.get("channel")}
    if received != {"channels": expected, "channel": expected}:
        yield Violation(
            title="channels/channel do not match RecordingChannels",
            received=received,
            documented=f"both {expected!r} for RecordingChannels={requested}",
            clause="CallRecordingResponseChannels: Returns '1' for mono or '2' for stereo.",
            key=(requested, _scalar(received["channels"]), _scalar(received["channel"])),
        )


@applies_when(accepted)
def trim_echoes_request(context: CheckContext) -> Iterator[Violation]:
    # Trim: "Whether leading and trailing silence is trimmed ... Default is `do-not-trim`."
    received = context.body.get("trim", "(missing)")
    expected = context.requested("Trim")
    if received != expected:
        yield Violation(
            title="trim does not echo Trim",
            received=received,
            documented=expected,
            clause="CreateCallRecordingRequestTrim: Default is `do-not-trim`.",
            key=(str(expected), _scalar(received)),
        )


@applies_when(accepted)
def ids_match_path(context: CheckContext) -> Iterator[Violation]:
    # account_sid: "the account that is associated with this recording"; call_sid: "the call".
    ids = context.exchange.path_ids
    expected = {"account_sid": ids.get("account_sid"), "call_sid": ids.get("call_sid")}
    received = {key: context.body.get(key) for key in expected}
    if received != expected:
        yield Violation(
            title="Recording ids do not match the path",
            received=received,
            documented=expected,
            clause="path parameters AccountSid and CallSid",
            key=tuple(sorted(k for k in expected if received[k] != expected[k])),
        )


@applies_when(accepted)
def call_recording_fields_hold(context: CheckContext) -> Iterator[Violation]:
    # conference_sid: "Null if this is a call recording."; encryption_details: "Always null."
    body = context.body
    wrong = {k: body[k] for k in ("conference_sid", "encryption_details") if body.get(k)}
    if wrong:
        yield Violation(
            title="A call recording carries conference or encryption details",
            received=wrong,
            documented="conference_sid: null, encryption_details: null",
            clause="conference_sid: Null if this is a call recording. / encryption_details: "
            "Always null.",
            key=tuple(sorted(wrong)),
        )


@applies_when(accepted)
def api_version_matches_path(context: CheckContext) -> Iterator[Violation]:
    # api_version: "The version of the SignalWire API." -- the one in the path.
    received = context.body.get("api_version")
    if received != API_VERSION:
        yield Violation(
            title="api_version is not the path's API version",
            received=received,
            documented=API_VERSION,
            clause="servers: .../api/laml/2010-04-01; api_version",
            key=(_scalar(received),),
        )


@applies_when(accepted)
def source_is_the_create_api(context: CheckContext) -> Iterator[Violation]:
    # RecordingSource enum: ... StartCallRecordingApi ... -- the value for this REST call.
    received = context.body.get("source")
    if received != CREATE_SOURCE:
        yield Violation(
            title="source is not StartCallRecordingApi",
            received=received,
            documented=CREATE_SOURCE,
            clause="RecordingSource: StartCallRecordingApi",
            key=(_scalar(received),),
        )


@applies_when(accepted)
def new_recording_status_is_initial(context: CheckContext) -> Iterator[Violation]:
    # RecordingStatus enum; a recording that has just been asked for has not ended.
    received = context.body.get("status")
    if received not in INITIAL_STATUSES:
        yield Violation(
            title="A new recording is not queued or in progress",
            received=received,
            documented=" or ".join(INITIAL_STATUSES),
            clause="RecordingStatus",
            key=(_scalar(received),),
        )


def _rfc2822(value: str) -> datetime | None:
    """The moment `value` names if it is an RFC 2822 date-time (section 3.3: the listed day and
    month names, a numeric zone, or the obsolete GMT/UT that every reader accepts), else None."""
    text = _COMMENT.sub(" ", value)
    words = text.replace(",", " ").split()
    if words and words[0].lower() in _DAYS:
        words = words[1:]
    if len(words) != 5 or words[1].lower() not in _MONTHS:
        return None
    zone = words[4]
    if not (len(zone) == 5 and zone[0] in "+-" and zone[1:].isdigit()) and zone.upper() not in (
        "GMT",
        "UT",
    ):
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None


@applies_when(accepted)
def dates_are_rfc2822(context: CheckContext) -> Iterator[Violation]:
    # date_created: "The date, in RFC 2822 format, this recording was created." (and the rest)
    body = context.body
    wrong = {
        name: body[name]
        for name in DATE_FIELDS
        if isinstance(body.get(name), str) and _rfc2822(body[name]) is None
    }
    if wrong:
        yield Violation(
            title="Dates are not in RFC 2822 format",
            received=wrong,
            documented="e.g. 'Tue, 25 Sep 2018 23:00:00 +0000' (RFC 2822 section 3.3)",
            clause="date_created: The date, in RFC 2822 format, this recording was created.",
            key=tuple(sorted(wrong)),
        )


@applies_when(accepted)
def dates_are_consistent(context: CheckContext) -> Iterator[Violation]:
    # Updated is never before created; a recording ends after it starts.
    body = context.body
    moments = {
        name: _rfc2822(body[name]) for name in DATE_FIELDS if isinstance(body.get(name), str)
    }
    problems = []
    for earlier, later in (("date_created", "date_updated"), ("start_time", "end_time")):
        first, second = moments.get(earlier), moments.get(later)
        if first is not None and second is not None and second < first:
            problems.append((later, earlier))
    if problems:
        yield Violation(
            title="Dates are out of order",
            received="; ".join(
                f"{later} {body[later]!r} is before {earlier} {body[earlier]!r}"
                for later, earlier in problems
            ),
            documented="date_updated >= date_created, end_time >= start_time",
            clause="date_created: The date ... this recording was created. / date_updated: "
            "... was updated. / start_time: The time ... this recording started. / end_time: "
            "... ended. (nothing is updated before it is created, or ends before it starts)",
            key=tuple(later for later, _ in problems),
        )


@applies_when(has_sid)
def sid_is_new(context: CheckContext) -> Iterator[Violation]:
    # sid: "The unique identifier for the recording." -- a new recording, a new sid.
    sid = context.body["sid"]
    if sid in context.seen_sids:
        yield Violation(
            title="A new recording reuses the sid of an earlier one",
            received=sid,
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


@applies_when(has_sid)
def uri_names_the_recording(context: CheckContext) -> Iterator[Violation]:
    # uri: "The URI of the recording."; subresource_uris.transcriptions: "The URI for
    # transcriptions." Account-level and call-scoped forms, relative or absolute, under either
    # prefix, are accepted.
    body = context.body
    ids = context.exchange.path_ids
    sid, account, call = body["sid"], ids.get("account_sid", ""), ids.get("call_sid", "")
    subresources = body.get("subresource_uris")
    transcriptions = subresources.get("transcriptions") if isinstance(subresources, dict) else None
    wrong = {}
    if not _names_the_recording(body.get("uri"), sid, account=account, call=call):
        wrong["uri"] = body.get("uri")
    if not _names_the_recording(transcriptions, sid, account=account, call=call):
        wrong["subresource_uris.transcriptions"] = transcriptions
    if wrong:
        yield Violation(
            title="The recording's URIs do not name it",
            received=wrong,
            documented=f".../Accounts/{account}/[Calls/{call}/]Recordings/{sid}...",
            clause="uri: The URI of the recording.",
            key=tuple(sorted(wrong)),
        )
