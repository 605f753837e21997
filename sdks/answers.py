"""Answers a conformant space may give to a create, for showing to an SDK: bodies valid against
CallRecordingResponse in every shape the schema and its sentences allow, and error bodies of
CompatibilityErrorResponse with each documented status."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from recording_conformance.spec import load_spec
from recording_conformance.spec.loader import ERROR_SCHEMA, RESPONSE_SCHEMA

PREFIXES = ("/api/laml/2010-04-01", "/2010-04-01")
DATE_FIELDS = ("date_created", "date_updated", "start_time", "end_time")
NULLABLE_DATES = ("start_time", "end_time")
# RFC 2822 section 3.3 names days and months by these three letters (in any case: ABNF strings
# are case-insensitive, RFC 2234 section 2.3).
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LETTER_CASES: tuple[Callable[[str], str], ...] = (str, str.lower, str.upper)
# Zone offsets in use on Earth (UTC-12:00 to UTC+14:00, some at :30 and :45): RFC 2822's zone
# is any four digits, but hours beyond these name no place and no reader need take them.
OFFSET_MINUTES = (0, 60, -300, 330, 345, 570, -210, 840, -720, 780, 120, -180, -600, 525)
# Comments may follow the zone (CFWS, section 3.2.3).
COMMENTS = ("", " (UTC)", " (Central European Time)")
# `price` is "The cost for the recording.": a decimal numeral (SDKs parse it as a number);
# Twilio's prices are negative with five decimals.
PRICES = ("-0.00250", "0", "0.0", "-0.0025", "1.5", "10", "-0.00000")
ERROR_STATUSES = (400, 401, 404, 422, 503)
# SignalWire's error codes for this endpoint (the error catalogue).
ERROR_CODES = (10000, 10004, 13621, 13699, 20003, 20404, 21209, 21220, 21402, 20429)
MORE_INFO = (
    "https://developer.signalwire.com/compatibility-api/reference/error-codes",
    "/error-codes#20404",
    "error-codes",
)


def _date(
    moment: datetime,
    offset_minutes: int,
    seconds: bool,
    case: Callable[[str], str],
    two_digit_day: bool,
    comment: str,
    day_name: bool,
) -> str:
    offset = timedelta(minutes=offset_minutes)
    local = moment.astimezone(timezone(offset)).replace(microsecond=0)
    if not seconds:
        local = local.replace(second=0)
    day = f"{local.day:02d}" if two_digit_day else str(local.day)
    sign, minutes = ("-" if offset_minutes < 0 else "+"), abs(offset_minutes)
    clock = f"{local:%H:%M}" + (f":{local:%S}" if seconds else "")
    text = f"{day} {case(MONTHS[local.month - 1])} {local.year} {clock} "
    text += f"{sign}{minutes // 60:02d}{minutes % 60:02d}{comment}"
    return f"{case(DAYS[local.weekday()])}, {text}" if day_name else text


@functools.cache
def rfc2822_dates() -> st.SearchStrategy[str]:
    """One instant in any RFC 2822 form: day name or none, one- or two-digit day, seconds or
    none, a numeric zone, names in any letter case, a trailing comment or none."""
    return st.builds(
        _date,
        st.datetimes(datetime(1971, 1, 1), datetime(2099, 12, 31), timezones=st.just(UTC)),
        st.sampled_from(OFFSET_MINUTES),
        st.booleans(),
        st.sampled_from(LETTER_CASES),
        st.booleans(),
        st.sampled_from(COMMENTS),
        st.booleans(),
    )


@functools.cache
def response_fields() -> tuple[str, ...]:
    """Every property of CallRecordingResponse, in the spec's order."""
    schema = load_spec().document["components"]["schemas"][RESPONSE_SCHEMA]
    return tuple(schema["properties"])


def _enum(schema_name: str) -> tuple[str, ...]:
    return tuple(load_spec().document["components"]["schemas"][schema_name]["enum"])


@functools.cache
def _parts() -> dict[str, st.SearchStrategy[Any]]:
    """Every strategy a body is drawn from, built once: Hypothesis checks each new strategy
    object, which costs more than a draw."""
    known = set(response_fields())
    extra_names = st.sampled_from(("track", "media_url", "queue_time", "x_extra")) | st.text(
        "abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12
    )
    extra_values = st.none() | st.booleans() | st.integers() | st.text(max_size=20)
    uuids = st.uuids().map(str)
    return {
        "uuid": uuids,
        "optional uuid": st.none() | uuids,
        "channel": st.sampled_from(_enum("CallRecordingResponseChannel")),
        "channels": st.sampled_from(_enum("CallRecordingResponseChannels")),
        "date": rfc2822_dates(),
        "optional date": st.none() | rfc2822_dates(),
        # "The length, in seconds": -1 is Twilio's length not yet known.
        "duration": st.integers(min_value=-1, max_value=2**31 - 1),
        "price": st.none() | st.sampled_from(PRICES) | _decimals(),
        "price_unit": st.sampled_from(("USD", "usd", "EUR")),
        "source": st.sampled_from(_enum("RecordingSource")),
        "status": st.sampled_from(_enum("RecordingStatus")),
        # "Further details about a failed recording.": SignalWire's error codes are numerals.
        "error_code": st.none() | st.integers(10000, 99999).map(str),
        "prefix": st.sampled_from(PREFIXES),
        "origin": st.sampled_from(("", "https://example.signalwire.com")),
        "boolean": st.booleans(),
        "trim": st.sampled_from(("do-not-trim", "trim-silence")),
        # CallRecordingResponse has no `additionalProperties: false`: a space may answer more.
        "extra": st.dictionaries(
            extra_names.filter(lambda n: n not in known), extra_values, max_size=3
        ),
    }


@st.composite
def _recording_body(draw: st.DrawFn) -> dict[str, Any]:
    parts = _parts()
    sid, account = draw(parts["uuid"]), draw(parts["uuid"])
    call = draw(parts["optional uuid"])
    # "The URI of the recording.": account-level (the spec's example) or call-scoped (Twilio's
    # and recorded traffic), under either prefix, relative or absolute.
    base = f"{draw(parts['origin'])}{draw(parts['prefix'])}/Accounts/{account}"
    scoped = call is not None and draw(parts["boolean"])
    uri = (
        f"{base}/Calls/{call}/Recordings/{sid}.json" if scoped else f"{base}/Recordings/{sid}.json"
    )
    recording = f"{PREFIXES[0]}/Accounts/{account}/Recordings/{sid}"
    subresources = {"transcriptions": f"{recording}/Transcriptions.json"}
    if draw(parts["boolean"]):
        subresources["annotations"] = f"{recording}/Annotation"
    body: dict[str, Any] = {
        "sid": sid,
        "account_sid": account,
        "api_version": "2010-04-01",
        "call_sid": call,
        "conference_sid": draw(parts["optional uuid"]),
        "channel": draw(parts["channel"]),
        "channels": draw(parts["channels"]),
        "date_created": draw(parts["date"]),
        "date_updated": draw(parts["date"]),
        "start_time": draw(parts["optional date"]),
        "end_time": draw(parts["optional date"]),
        "duration": draw(parts["duration"]),
        "price": draw(parts["price"]),
        "price_unit": draw(parts["price_unit"]),
        "source": draw(parts["source"]),
        "status": draw(parts["status"]),
        "error_code": draw(parts["error_code"]),
        "uri": uri,
        "subresource_uris": subresources,
        "encryption_details": None,  # "Encryption details. Always null."
        "trim": draw(parts["trim"]),
    }
    return {**body, **draw(parts["extra"])}


def _decimals() -> st.SearchStrategy[str]:
    return st.decimals(min_value=-1000, max_value=1000, places=5).map(str)


@functools.cache
def recording_bodies() -> st.SearchStrategy[dict[str, Any]]:
    """Bodies valid against CallRecordingResponse: nullable fields null or set, price strings,
    every RFC 2822 date form, extra fields, both uri forms."""
    validator = load_spec().validator(RESPONSE_SCHEMA)
    # Built valid; the check is the strategy's own guard, and never filters anything out.
    return _recording_body().map(lambda body: _valid(validator, body))


@functools.cache
def error_bodies() -> st.SearchStrategy[tuple[int, dict[str, Any]]]:
    """(status, body): a documented error status and a CompatibilityErrorResponse whose
    `status` is that status ("HTTP status code."), with any code and message."""
    validator = load_spec().validator(ERROR_SCHEMA)

    def body(
        status: int, code: int, message: str, more_info: str, extra: bool
    ) -> tuple[int, dict[str, Any]]:
        answer = {"code": code, "message": message, "more_info": more_info, "status": status}
        if extra:
            answer["details"] = {"request_id": str(uuid.UUID(int=code))}
        return status, _valid(validator, answer)

    return st.builds(
        body,
        st.sampled_from(ERROR_STATUSES),
        st.sampled_from(ERROR_CODES) | st.integers(1, 99999),
        st.sampled_from(("Not found.", "")) | st.text(max_size=40),
        st.sampled_from(MORE_INFO),
        st.booleans(),
    )


def _valid(validator: Any, body: dict[str, Any]) -> dict[str, Any]:
    errors = list(validator.iter_errors(body))
    if errors:
        raise AssertionError(f"generated an answer the schema refuses: {errors[0].message}")
    return body
