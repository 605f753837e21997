"""Named departures from the spec that the mock can be switched into.

A fault makes the mock non-conformant in exactly one way, so that the suite's own tests can show
that every conformance check fails when it should. A variation is a behaviour the spec allows but
the reference mock does not use by default; a conformant suite must pass with any of them on.
"""

from __future__ import annotations

import enum


class Fault(enum.StrEnum):
    """One way for the mock to break the spec. Off unless switched on."""

    # Response body: types, fields, echoes.
    CHANNELS_AS_INTEGER = "channels-as-integer"
    MISSING_TRIM = "missing-trim"
    CHANNELS_ECHO_SWAPPED = "channels-echo-swapped"
    TRIM_ECHO_IGNORED = "trim-echo-ignored"
    TRIM_DEFAULT_TRIM_SILENCE = "trim-default-trim-silence"
    WRONG_CALL_SID = "wrong-call-sid"
    REUSED_RECORDING_SID = "reused-recording-sid"
    NON_RFC2822_DATES = "non-rfc2822-dates"
    UPDATED_BEFORE_CREATED = "updated-before-created"
    CONFERENCE_SID_SET = "conference-sid-set"
    WRONG_API_VERSION = "wrong-api-version"
    WRONG_SOURCE = "wrong-source"
    NEW_RECORDING_COMPLETED = "new-recording-completed"
    URI_WITHOUT_SID = "uri-without-sid"
    # Status codes.
    CREATED_201 = "created-201"
    # Validation: an invalid value accepted, per parameter.
    ACCEPTS_INVALID_CHANNELS = "accepts-invalid-channels"
    ACCEPTS_INVALID_TRACK = "accepts-invalid-track"
    ACCEPTS_INVALID_TRIM = "accepts-invalid-trim"
    ACCEPTS_INVALID_METHOD = "accepts-invalid-method"
    ACCEPTS_INVALID_EVENTS = "accepts-invalid-events"
    ACCEPTS_INVALID_CALLBACK = "accepts-invalid-callback"
    ACCEPTS_CASE_VARIANTS = "accepts-case-variants"
    # Error responses.
    ERRORS_LIST_BODY = "errors-list-body"
    ERROR_STATUS_MISMATCH = "error-status-mismatch"
    HTML_ERROR_PAGES = "html-error-pages"
    EMPTY_ERROR_DETAILS = "empty-error-details"
    # Authentication and addressing.
    AUTH_BYPASS = "auth-bypass"
    ANY_TOKEN_ACCEPTED = "any-token-accepted"
    CROSS_ACCOUNT_ACCESS = "cross-account-access"
    ECHOES_CREDENTIALS = "echoes-credentials"
    UNKNOWN_CALL_RECORDED = "unknown-call-recorded"
    CRASH_ON_MALFORMED_SID = "crash-on-malformed-sid"
    # Crashes that only a search of the parameter space finds.
    CRASH_ON_RARE_COMBINATION = "crash-on-rare-combination"
    CRASH_ON_PERCENT_ENCODED_CALLBACK = "crash-on-percent-encoded-callback"
    CRASH_ON_ABSENT_FIRST = "crash-on-absent-first"
    # Lifecycle and callbacks.
    STOP_IGNORED = "stop-ignored"
    FETCH_FORGETS_CHANNELS = "fetch-forgets-channels"
    CALLBACKS_NEVER_SENT = "callbacks-never-sent"
    CALLBACK_METHOD_IGNORED = "callback-method-ignored"
    CALLBACKS_FOR_EVERY_EVENT = "callbacks-for-every-event"
    CALLBACKS_WITHOUT_RECORDING_SID = "callbacks-without-recording-sid"


FAULT_DESCRIPTIONS: dict[Fault, str] = {
    Fault.CHANNELS_AS_INTEGER: "`channels` and `channel` are integers instead of '1'/'2'",
    Fault.MISSING_TRIM: "the required `trim` field is left out of the recording",
    Fault.CHANNELS_ECHO_SWAPPED: "mono is answered as '2' and dual as '1'",
    Fault.TRIM_ECHO_IGNORED: "`trim` is always do-not-trim, whatever was asked",
    Fault.TRIM_DEFAULT_TRIM_SILENCE: "an omitted Trim defaults to trim-silence",
    Fault.WRONG_CALL_SID: "`call_sid` names another call than the path",
    Fault.REUSED_RECORDING_SID: "every recording gets the same sid",
    Fault.NON_RFC2822_DATES: "dates use 'Sept'/'Thur' spellings that RFC 2822 does not allow",
    Fault.UPDATED_BEFORE_CREATED: "date_updated is a day before date_created",
    Fault.CONFERENCE_SID_SET: "a call recording carries a conference_sid",
    Fault.WRONG_API_VERSION: "api_version is 2008-08-01",
    Fault.WRONG_SOURCE: "source is RecordVerb instead of StartCallRecordingApi",
    Fault.NEW_RECORDING_COMPLETED: "a just-created recording says it is completed",
    Fault.URI_WITHOUT_SID: "uri and transcriptions name the list, not the recording",
    Fault.CREATED_201: "a successful create answers 201, which the spec does not document",
    Fault.ACCEPTS_INVALID_CHANNELS: "any RecordingChannels value is accepted",
    Fault.ACCEPTS_INVALID_TRACK: "any RecordingTrack value is accepted",
    Fault.ACCEPTS_INVALID_TRIM: "any Trim value is accepted",
    Fault.ACCEPTS_INVALID_METHOD: "any RecordingStatusCallbackMethod value is accepted",
    Fault.ACCEPTS_INVALID_EVENTS: "any RecordingStatusCallbackEvent value is accepted",
    Fault.ACCEPTS_INVALID_CALLBACK: "any RecordingStatusCallback value is accepted",
    Fault.ACCEPTS_CASE_VARIANTS: "enum values are matched case-insensitively ('Mono', 'BOTH')",
    Fault.ERRORS_LIST_BODY: "errors answer {'errors': [...]} instead of the documented body",
    Fault.ERROR_STATUS_MISMATCH: "the error body's `status` differs from the HTTP status",
    Fault.HTML_ERROR_PAGES: "errors answer an HTML page",
    Fault.EMPTY_ERROR_DETAILS: "error bodies have an empty message and a relative more_info",
    Fault.AUTH_BYPASS: "requests without credentials are served",
    Fault.ANY_TOKEN_ACCEPTED: "any API token is accepted for the right project",
    Fault.CROSS_ACCOUNT_ACCESS: "the path AccountSid is not checked against the credentials",
    Fault.ECHOES_CREDENTIALS: "401 messages quote the API token that was sent",
    Fault.UNKNOWN_CALL_RECORDED: "creates on calls the space does not know succeed",
    Fault.CRASH_ON_MALFORMED_SID: "500 when the CallSid in the path is not a UUID",
    Fault.CRASH_ON_RARE_COMBINATION: "500 for dual + outbound + trim-silence + GET callbacks",
    Fault.CRASH_ON_PERCENT_ENCODED_CALLBACK: "500 when the callback URL has a percent-escape",
    Fault.CRASH_ON_ABSENT_FIRST: "500 when several events are asked for, `absent` first",
    Fault.STOP_IGNORED: "Status=stopped answers success but the recording keeps going",
    Fault.FETCH_FORGETS_CHANNELS: "a fetched recording says '1' channel whatever was created",
    Fault.CALLBACKS_NEVER_SENT: "status callbacks are never delivered",
    Fault.CALLBACK_METHOD_IGNORED: "status callbacks are always POSTed, whatever the method",
    Fault.CALLBACKS_FOR_EVERY_EVENT: "every status is called back, requested or not",
    Fault.CALLBACKS_WITHOUT_RECORDING_SID: "callbacks leave out RecordingSid and RecordingUrl",
}


class Variation(enum.StrEnum):
    """A behaviour the spec allows that the reference mock does not use by default."""

    VALIDATION_422 = "validation-422"
    EXTRA_FIELDS = "extra-fields"
    CALL_SCOPED_URI = "call-scoped-uri"
    QUEUED_STATUS = "queued-status"
    CLOSE_CONNECTIONS = "close-connections"
    # Values the spec leaves open, all accepted / all refused.
    LENIENT = "lenient"
    STRICT = "strict"
    # Answers to stopping a recording that has already ended.
    STOP_ENDED_200 = "stop-ended-200"
    STOP_ENDED_404 = "stop-ended-404"
    STOP_ENDED_422 = "stop-ended-422"
    # Availability and HTTP framing.
    RETRY_AFTER_SECONDS = "retry-after-seconds"
    RETRY_AFTER_DATE = "retry-after-date"
    COMPRESSED = "compressed"
    CHUNKED = "chunked"
    HEADER_VARIANTS = "header-variants"
    # Callback delivery.
    CALLBACKS_DELAYED = "callbacks-delayed"
    CALLBACKS_TWICE = "callbacks-twice"
    CALLBACKS_OUT_OF_ORDER = "callbacks-out-of-order"
    # Which documented answer, and in which documented form.
    OTHER_ERROR_CODES = "other-error-codes"
    OTHER_ACCOUNT_404 = "other-account-404"
    MALFORMED_SID_400 = "malformed-sid-400"
    DATE_FORMS = "date-forms"
    ABSOLUTE_URIS = "absolute-uris"
    OTHER_FIELD_VALUES = "other-field-values"


VARIATION_DESCRIPTIONS: dict[Variation, str] = {
    Variation.VALIDATION_422: "invalid parameters answer 422 instead of 400",
    Variation.EXTRA_FIELDS: "recordings and error bodies carry fields the spec does not list",
    Variation.CALL_SCOPED_URI: "`uri` is the call-scoped form /Calls/{call}/Recordings/{sid}.json",
    Variation.QUEUED_STATUS: "a new recording is `queued` rather than `in-progress`, and has "
    "no start_time yet",
    Variation.CLOSE_CONNECTIONS: "every answer closes its connection (`Connection: close`)",
    Variation.LENIENT: "every value the spec leaves open is accepted (callbacks percent-encoded "
    "when called, event lists split on commas and any whitespace, an empty list the default)",
    Variation.STRICT: "every value the spec leaves open is refused, with 400, 401, 404 and 422 "
    "in turn (unknown parameters too: a SHOULD warning)",
    Variation.STOP_ENDED_200: "stopping a recording that has ended answers 200 with it",
    Variation.STOP_ENDED_404: "stopping a recording that has ended answers 404",
    Variation.STOP_ENDED_422: "stopping a recording that has ended answers 422",
    Variation.RETRY_AFTER_SECONDS: "occasional 503s carry `Retry-After` in seconds",
    Variation.RETRY_AFTER_DATE: "occasional 503s carry `Retry-After` as an HTTP-date",
    Variation.COMPRESSED: "answers are compressed with a coding the client accepts (gzip)",
    Variation.CHUNKED: "answers are sent chunked, without Content-Length",
    Variation.HEADER_VARIANTS: "`Content-Type: Application/JSON; charset=UTF-8` (header names "
    "stay lower case: uvicorn writes them so)",
    Variation.CALLBACKS_DELAYED: "status callbacks arrive half a second late",
    Variation.CALLBACKS_TWICE: "every status callback is delivered twice",
    Variation.CALLBACKS_OUT_OF_ORDER: "in-progress is called back after completed",
    Variation.OTHER_ERROR_CODES: "error bodies carry other codes, messages and more_info URLs",
    Variation.OTHER_ACCOUNT_404: "another account's path answers 404 rather than 401",
    Variation.MALFORMED_SID_400: "a sid that is not a UUID answers 400 (422 with validation-422)",
    Variation.DATE_FORMS: "RFC 2822 dates in other allowed forms: no day name, one-digit day, "
    "another zone offset",
    Variation.ABSOLUTE_URIS: "`uri` and `subresource_uris` are absolute URLs",
    Variation.OTHER_FIELD_VALUES: "price '-0.00250' in 'usd', and a duration of -1 until the "
    "recording ends",
}


# A valid value rejected: `rejects:NAME=VALUE` switches, one per value the spec allows.
# NAME is a request parameter (any request sending that value is refused; for the events, any
# list holding it), `encoding` (form or json) or `suffix` (.json).
REJECTS_PREFIX = "rejects:"


def rejection(name: str, value: str) -> str:
    """The switch that makes the mock refuse `name=value`."""
    return f"{REJECTS_PREFIX}{name}={value}"


def parse_switches(
    names: list[str],
) -> tuple[frozenset[Fault], frozenset[Variation], frozenset[str]]:
    """Split switch names into faults, variations and rejected `NAME=VALUE`s; unknown raise."""
    faults: set[Fault] = set()
    variations: set[Variation] = set()
    rejected: set[str] = set()
    for name in names:
        if name in Fault._value2member_map_:
            faults.add(Fault(name))
        elif name in Variation._value2member_map_:
            variations.add(Variation(name))
        elif name.startswith(REJECTS_PREFIX) and "=" in name:
            rejected.add(name.removeprefix(REJECTS_PREFIX))
        else:
            known = ", ".join(sorted([*Fault, *Variation]))
            raise ValueError(
                f"unknown fault or variation {name!r}; known: {known}, "
                f"and {REJECTS_PREFIX}NAME=VALUE"
            )
    return frozenset(faults), frozenset(variations), frozenset(rejected)
