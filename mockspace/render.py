"""Recordings and pages of recordings as the JSON bodies a space answers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any

from recording_conformance.mockspace.calls import Call
from recording_conformance.mockspace.config import MockConfig
from recording_conformance.mockspace.faults import Fault, Variation
from recording_conformance.mockspace.paging import Page
from recording_conformance.mockspace.state import Recording

API_VERSION = "2010-04-01"
API_PREFIX = f"/api/laml/{API_VERSION}"
# The DATE_FORMS variation writes dates in this zone: the same instant, another offset.
OTHER_ZONE = timezone(timedelta(hours=1))


def rfc2822(moment: datetime | None, config: MockConfig) -> str | None:
    """`Tue, 25 Sep 2018 23:00:00 +0000`, or a spelling RFC 2822 forbids under a fault."""
    if moment is None:
        return None
    if config.varies(Variation.DATE_FORMS):
        # RFC 2822 section 3.3 makes the day of week optional and lets the day be one digit,
        # and any zone offset names the same instant: `5 Sep 2018 01:00:00 +0100`.
        text = format_datetime(moment.astimezone(OTHER_ZONE)).partition(", ")[2]
        return text.removeprefix("0")
    text = format_datetime(moment)
    if config.has(Fault.NON_RFC2822_DATES):
        # Old documentation samples spell months and days like this.
        text = text.replace("Sep ", "Sept ").replace("Thu,", "Thur,")
        text = text.replace(" +0000", " GMT+0")
    return text


def recording_uri(recording: Recording, config: MockConfig, account: str) -> str:
    """The recording's own URI under `account` (the account's URI): account-level (the spec's
    example) or call-scoped."""
    if config.varies(Variation.CALL_SCOPED_URI):
        return f"{account}/Calls/{recording.call_sid}/Recordings/{recording.sid}.json"
    return f"{account}/Recordings/{recording.sid}.json"


def _account_uri(recording: Recording, config: MockConfig, origin: str | None) -> str:
    """`/api/laml/.../Accounts/{sid}`, or under ABSOLUTE_URIS the same on the origin the
    request reached (`origin`, else where the recording was made): the spec types `uri` as a
    string, and an absolute URL is as good a reference as a path."""
    account = f"{API_PREFIX}/Accounts/{recording.account_sid}"
    if config.varies(Variation.ABSOLUTE_URIS):
        return (origin or recording.origin).rstrip("/") + account
    return account


def recording_body(
    recording: Recording,
    config: MockConfig,
    *,
    fetched: bool = False,
    origin: str | None = None,
) -> dict[str, Any]:
    """The full `CallRecordingResponse` of a recording (`fetched`: answered to a fetch;
    `origin`: where the request arrived, for absolute URIs)."""
    channels: str | int = str(recording.params.channels)
    if config.has(Fault.CHANNELS_ECHO_SWAPPED):
        channels = "2" if channels == "1" else "1"
    if fetched and config.has(Fault.FETCH_FORGETS_CHANNELS):
        channels = "1"
    if config.has(Fault.CHANNELS_AS_INTEGER):
        channels = int(channels)
    trim = "do-not-trim" if config.has(Fault.TRIM_ECHO_IGNORED) else recording.params.trim
    call_sid = recording.call_sid
    if config.has(Fault.WRONG_CALL_SID):
        call_sid = recording.account_sid
    account = f"{API_PREFIX}/Accounts/{recording.account_sid}"
    linked = _account_uri(recording, config, origin)
    body: dict[str, Any] = {
        "sid": recording.sid,
        "account_sid": recording.account_sid,
        "api_version": API_VERSION,
        "call_sid": call_sid,
        "conference_sid": None,
        "channel": channels,
        "channels": channels,
        "date_created": rfc2822(recording.date_created, config),
        "date_updated": rfc2822(recording.date_updated, config),
        "start_time": rfc2822(recording.start_time, config),
        "end_time": rfc2822(recording.end_time, config),
        "duration": recording.duration,
        "price": None,
        "price_unit": "USD",
        "source": "StartCallRecordingApi",
        "status": recording.status,
        "error_code": None,
        "uri": recording_uri(recording, config, linked),
        "subresource_uris": {
            "transcriptions": f"{linked}/Recordings/{recording.sid}/Transcriptions.json",
        },
        "encryption_details": None,
        "trim": trim,
    }
    if config.has(Fault.MISSING_TRIM):
        del body["trim"]
    _apply_field_faults(body, recording, config)
    if config.varies(Variation.QUEUED_STATUS) and body["status"] == "queued":
        body["start_time"] = None  # a queued recording has not started
    if config.varies(Variation.OTHER_FIELD_VALUES):
        # Values the schema leaves to the space: a price string, a currency in lower case,
        # and Twilio's -1 for a length not yet known.
        body.update(price="-0.00250", price_unit="usd")
        if recording.end_time is None:
            body["duration"] = -1
    if config.varies(Variation.EXTRA_FIELDS):
        body["track"] = recording.params.track
        body["media_url"] = f"{account}/Recordings/{recording.sid}"
        body["subresource_uris"]["annotations"] = f"{account}/Recordings/{recording.sid}/Annotation"
    return body


def recording_page(page: Page, config: MockConfig, *, origin: str | None = None) -> dict[str, Any]:
    """A list answer in the Compatibility API's paging shape (see `paging`)."""
    return {
        "recordings": [recording_body(r, config, origin=origin) for r in page.items],
        **page.meta,
    }


def call_body(call: Call, config: MockConfig) -> dict[str, Any]:
    """A call as the Calls API answers it (Twilio's shape, with SignalWire's UUID sids)."""
    status = call.status()
    uri = f"{API_PREFIX}/Accounts/{call.account_sid}/Calls/{call.sid}"
    duration = call.duration(status)
    return {
        "sid": call.sid,
        "account_sid": call.account_sid,
        "parent_call_sid": None,
        "from": call.from_,
        "to": call.to,
        "status": status,
        "direction": "outbound-api",
        "date_created": rfc2822(call.date_created, config),
        "date_updated": rfc2822(call.date_updated(status), config),
        "start_time": rfc2822(call.start_time(status), config),
        "end_time": rfc2822(call.finished_at(status), config),
        # Twilio's calls carry their duration as a string of seconds, once they have ended.
        "duration": None if duration is None else str(duration),
        "price": None,
        "price_unit": "USD",
        "api_version": API_VERSION,
        "uri": f"{uri}.json",
        "subresource_uris": {"recordings": f"{uri}/Recordings.json"},
    }


def _apply_field_faults(body: dict[str, Any], recording: Recording, config: MockConfig) -> None:
    """Faults that replace one field's value with a wrong one of the right type."""
    if config.has(Fault.UPDATED_BEFORE_CREATED):
        body["date_updated"] = rfc2822(recording.date_created - timedelta(days=1), config)
    if config.has(Fault.CONFERENCE_SID_SET):
        body["conference_sid"] = recording.call_sid
    if config.has(Fault.WRONG_API_VERSION):
        body["api_version"] = "2008-08-01"
    if config.has(Fault.WRONG_SOURCE):
        body["source"] = "RecordVerb"
    if config.has(Fault.NEW_RECORDING_COMPLETED) and body["status"] in ("queued", "in-progress"):
        body["status"] = "completed"
    if config.has(Fault.URI_WITHOUT_SID):
        account = f"{API_PREFIX}/Accounts/{recording.account_sid}"
        body["uri"] = f"{account}/Recordings.json"
        body["subresource_uris"]["transcriptions"] = f"{account}/Transcriptions.json"
