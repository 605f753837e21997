"""The catalogue of freedoms: every choice the spec leaves a space, and every choice it does not.

A conformance verdict has to be defensible sentence by sentence. Wherever the spec (the OpenAPI
document, its prose, and the standards it relies on: RFC 3986 URIs, RFC 2822 dates, RFC 9110 and
RFC 9112 HTTP, RFC 7617 Basic auth, JSON Schema 2020-12 as OpenAPI 3.1 uses it) lets a space
answer in more than one way, this table names the choice, quotes the sentence that grants it,
lists the answers a conformant space may give, and names the mock variations (or harness
options) under which the suite's own tests show that every one of those answers passes. Where
the spec allows exactly one answer, the entry quotes the sentence that rules the others out and
names the requirement (`conformance/requirements.py`) whose checks enforce it.

The table was built by walking, in order: (a) every documented status of every operation the
suite touches, (b) every field of the two response schemas, (c) every class of request value the
suite sends as valid, invalid or open, (d) the HTTP-level choices, (e) availability, (f) the
status callbacks, and (g) authentication and addressing. `spec/NOTES.md` explains the same ground
in prose.

To add an entry: put a `_required(...)` or `_free(...)` call in the group of the walk it belongs
to; quote the sentence verbatim (or write `SILENT` when the spec says nothing); for a required
choice name the `REC-...` id that enforces it; for a free one name the variations of the mock
(`mockspace.faults.Variation` values) or the harness options `slow-answers` / `occasional-503`
that exercise it, or, when none does, leave them empty and say so in `gap`.
`tests/test_freedoms.py` keeps the table honest. The suite never imports the mock, so variation
names are plain strings here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Decision = Literal["required", "free"]

# What `sentence` says when nothing in the spec or the standards it relies on speaks.
SILENT = "the spec is silent"
# Options of the suite's own test harness (tests/mutation.py), beside the mock's variations.
SLOW_ANSWERS = "slow-answers"
OCCASIONAL_503 = "occasional-503"
HARNESS_OPTIONS = (SLOW_ANSWERS, OCCASIONAL_503)
# Both ends of every value the suite leaves open: the mock accepts them all, or refuses them all.
OPEN_VALUES = ("lenient", "strict")


@dataclass(frozen=True)
class Choice:
    """One place where a space has (free) or has not (required) a choice."""

    id: str
    subject: str
    decision: Decision
    # The source sentence, quoted verbatim, or SILENT.
    sentence: str
    # Where the sentence is: "spec: Schema.field", "RFC 9110 section 10.2.3", ...
    source: str
    # Free: every answer a conformant space may give. Required: the one answer.
    answers: tuple[str, ...]
    # Required: the requirement whose checks enforce it.
    requirement: str | None = None
    # Free: mock variations / harness options under which the suite must still pass.
    variations: tuple[str, ...] = ()
    # Free: what no variation exercises yet.
    gap: str = ""


def _required(
    id: str, subject: str, *, sentence: str, source: str, answer: str, requirement: str
) -> Choice:
    return Choice(id, subject, "required", sentence, source, (answer,), requirement)


def _free(
    id: str,
    subject: str,
    *,
    sentence: str,
    source: str,
    answers: tuple[str, ...],
    variations: tuple[str, ...] = (),
    gap: str = "",
) -> Choice:
    return Choice(id, subject, "free", sentence, source, answers, None, variations, gap)


_OPENAPI_RESPONSES = "spec: responses of POST /Accounts/{AccountSid}/Calls/{CallSid}/Recordings"
_FORMAT_IS_ANNOTATION = (
    'Implementations MAY still treat "format" as an assertion in addition to an annotation '
    "and attempt to validate the value's conformance to the specified semantics. The "
    "implementation MUST provide options to enable and disable such evaluation and MUST be "
    "disabled by default."
)
_APPENDIX_C = (
    "For robustness, software that accepts user-typed URI should attempt to recognize and "
    "strip both delimiters and embedded whitespace."
)
_CALLBACK_URL = "The URL to request to when recording is available."
_EVENTS = (
    "The different recording statuses. To specify multiple events, separate with a space. "
    "Valid values: completed, in-progress, absent. Default is `completed`."
)
_METHOD = (
    "Whether the request to `RecordingStatusCallback` URL is a `GET` or a `POST`. "
    "Default is `POST`."
)
_ENUM = (
    "An instance validates successfully against this keyword if its value is equal to one of "
    "the elements in this keyword's array value."
)
_ACCEPT_OR_REFUSE = (
    "accepted (200)",
    "refused with a documented 4xx (400, 401, 404 or 422) and a CompatibilityErrorResponse",
)


CHOICES: tuple[Choice, ...] = (
    # ---------------------------------------------------------------------------------------
    # (a) Every documented status of every operation the suite touches.
    # Create: POST .../Calls/{CallSid}/Recordings[.json]
    _required(
        "REQ-CREATE-SUCCESS-200",
        "the status of a successful create",
        sentence="'200': The request has succeeded.",
        source="spec: responses.'200'",
        answer="200 with a CallRecordingResponse (201 is not documented)",
        requirement="REC-CREATE-ACCEPTED",
    ),
    _required(
        "REQ-STATUS-DOCUMENTED",
        "statuses a create may answer at all",
        sentence="responses: '200', '400', '401', '404', '422', '503'",
        source=_OPENAPI_RESPONSES,
        answer="one of 200, 400, 401, 404, 422, 503 (201, 403, 405, 429 and 500 are all "
        "undocumented; a 5xx other than a well-formed 503 is never an answer)",
        requirement="REC-STATUS-DOCUMENTED",
    ),
    _required(
        "REQ-CONTENT-TYPE-JSON",
        "the media type of every documented answer",
        sentence="content: application/json",
        source="spec: responses.*.content",
        answer="application/json (case and parameters free: FREE-MEDIA-TYPE-FORM)",
        requirement="REC-CONTENT-TYPE",
    ),
    _required(
        "REQ-BODY-SCHEMA",
        "the body of every documented answer",
        sentence="'200': $ref CallRecordingResponse; '400', '401', '404', '422', '503': $ref "
        "CompatibilityErrorResponse",
        source=_OPENAPI_RESPONSES,
        answer='a JSON body valid against the status\'s schema (an {"errors": [...]} body '
        "or an HTML page is not)",
        requirement="REC-BODY-SCHEMA",
    ),
    _free(
        "FREE-INVALID-400-OR-422",
        "the status that rejects invalid input",
        sentence="'400': The request was invalid or cannot be processed. Check the error "
        "details for more information. / '422': The request could not be processed due to "
        "validation errors. Check the error details for more information.",
        source="spec: responses.'400', responses.'422'",
        answers=("400", "422", "either, parameter by parameter"),
        variations=("validation-422",),
    ),
    _required(
        "REQ-EMPTY-BODY-ACCEPTED",
        "a create with no body (every parameter left to its default)",
        sentence="required: Determines if the request body is required in the request. "
        "Defaults to false.",
        source="OpenAPI 3.1 Request Body Object; spec: requestBody has no `required`",
        answer="200 with the defaults applied",
        requirement="REC-CREATE-ACCEPTED",
    ),
    _required(
        "REQ-BOTH-ENCODINGS",
        "the request body's media type",
        sentence="requestBody: content: application/json / Content-Type: "
        "application/x-www-form-urlencoded",
        source="spec: requestBody; spec/source-page.txt (the page's request line)",
        answer="a valid request is accepted JSON-encoded and form-encoded alike",
        requirement="REC-CREATE-ACCEPTED",
    ),
    _required(
        "REQ-JSON-SUFFIX",
        "the create path with and without `.json`",
        sentence="`.json` suffix: SignalWire's docs use `.../Recordings.json`; the spec path "
        "has none. SDKs always add it. Accept both.",
        source="platform documentation (/work/shared/API-NOTES.md, Endpoint and transport)",
        answer="both paths behave alike",
        requirement="REC-CREATE-ACCEPTED",
    ),
    # Fetch: GET .../Accounts/{AccountSid}/Recordings/{Sid}.json (platform documentation).
    _required(
        "REQ-FETCH-AS-CREATED",
        "fetching a recording just created",
        sentence="Fetch: GET .../Recordings/{Sid}.json answers the recording as created.",
        source="platform documentation (requirement REC-FETCH-MATCHES)",
        answer="200 with the same sid, account_sid, call_sid, channels, channel, trim, source",
        requirement="REC-FETCH-MATCHES",
    ),
    _free(
        "FREE-FETCH-PROGRESS",
        "fields of a fetched recording that move on by themselves",
        sentence="status: The status of the recording. / duration: The length, in seconds, "
        "of the recording.",
        source="spec: CallRecordingResponse.status, .duration, .date_updated, .end_time",
        answers=(
            "the same status, dates, duration and price as the create answered",
            "later ones (the recording has moved on: queued to in-progress, a longer "
            "duration, a later date_updated)",
        ),
        gap="the mock's fetch follows its create at once and answers the same progress "
        "fields; no variation moves a recording on between the two",
    ),
    # Update: POST .../Calls/{CallSid}/Recordings/{Sid}.json with Status=stopped.
    _required(
        "REQ-STOP-HONOURED",
        "stopping a recording in progress",
        sentence="Update: POST .../Calls/{CallSid}/Recordings/{Sid} with Status=stopped stops it.",
        source="platform documentation (requirement REC-STOPPABLE)",
        answer="200, and a finished status in the answer and in a fetch after it",
        requirement="REC-STOPPABLE",
    ),
    _free(
        "FREE-STOPPED-STATUS-NAME",
        "which finished status a stopped recording shows",
        sentence="RecordingStatus enum: queued, in-progress, paused, resumed, completed, "
        "absent, stopped",
        source="spec: RecordingStatus",
        answers=("stopped", "completed (the file is available)", "absent (no audio)"),
        gap="the mock always answers the stop with `stopped` and is `completed` by the next "
        "fetch; no variation answers the stop itself with `completed` or `absent`",
    ),
    # Clean-up: every recording the run created is stopped at the end, ended or not.
    _free(
        "FREE-STOP-ENDED",
        "stopping a recording that has already ended (clean-up)",
        sentence=SILENT,
        source="platform documentation of Update (no answer documented for an ended recording)",
        answers=(
            "200 with the recording",
            "400 (not in progress)",
            "404 (no longer addressable)",
            "422 (Status not applicable)",
        ),
        variations=("stop-ended-200", "stop-ended-404", "stop-ended-422"),
    ),
    # List (GET on the create path) is not an operation the suite uses.
    _free(
        "FREE-OTHER-METHODS-ON-PATH",
        "methods other than POST on the create path (a GET list)",
        sentence=SILENT,
        source="spec: the path holds only `post`",
        answers=("served (a list of recordings)", "405", "any other answer"),
        gap="the suite sends no other method to the path (schemathesis's unsupported_method "
        "check is left out for this reason), so nothing needs exercising",
    ),
    # ---------------------------------------------------------------------------------------
    # (b) Every response field of CallRecordingResponse and CompatibilityErrorResponse.
    _required(
        "REQ-RESPONSE-FIELDS-AND-TYPES",
        "presence and JSON type of every CallRecordingResponse field",
        sentence="required: sid, account_sid, api_version, call_sid, conference_sid, channel, "
        "channels, date_created, date_updated, start_time, end_time, duration, price, "
        "price_unit, source, status, error_code, uri, subresource_uris, encryption_details, "
        "trim",
        source="spec: CallRecordingResponse.required and properties.*.type",
        answer="all 21 fields, each of its declared type (channels '1'/'2' as strings, "
        "duration an integer, price a string or null)",
        requirement="REC-BODY-SCHEMA",
    ),
    _free(
        "FREE-EXTRA-RESPONSE-FIELDS",
        "fields the response schemas do not list",
        sentence="Omitting this keyword has the same assertion behavior as an empty schema.",
        source="JSON Schema 2020-12 Core section 10.3.2.3 (additionalProperties); spec: "
        "CallRecordingResponse and RecordingSubresourceUris have no additionalProperties",
        answers=("only the listed fields", "further fields beside them"),
        variations=("extra-fields",),
    ),
    # What a space sends is judged by the formats the document gives it, what it receives is
    # not: the document is the space's promise to its clients (a client generated from it
    # types the sid as a UUID), while a space may accept more than the document names.
    _required(
        "REQ-SID-FORM",
        "the form of the recording's sid in an answer",
        sentence="sid: type: string, format: uuid. The unique identifier for the recording.",
        source="spec: CallRecordingResponse.sid (a format the document gives the space's own "
        "answer; RFC 4122 / RFC 9562 UUID)",
        answer="a UUID",
        requirement="REC-BODY-SCHEMA",
    ),
    _required(
        "REQ-SID-UNIQUE",
        "the sid of a new recording",
        sentence="sid: The unique identifier for the recording.",
        source="spec: CallRecordingResponse.sid",
        answer="a sid no earlier recording had",
        requirement="REC-SID-UNIQUE",
    ),
    _required(
        "REQ-IDS-MATCH-PATH",
        "account_sid and call_sid of a new recording",
        sentence="account_sid: The unique identifier for the account that is associated with "
        "this recording. / call_sid: The unique identifier for the call that is associated "
        "with this recording. Null if this is a conference recording.",
        source="spec: CallRecordingResponse.account_sid, .call_sid",
        answer="the AccountSid and CallSid of the path",
        requirement="REC-IDS-MATCH-PATH",
    ),
    _required(
        "REQ-CALL-RECORDING-NULLS",
        "conference_sid and encryption_details of a call recording",
        sentence="conference_sid: Null if this is a call recording. / encryption_details: "
        "Encryption details. Always null.",
        source="spec: CallRecordingResponse.conference_sid, .encryption_details",
        answer="both null",
        requirement="REC-CALL-RECORDING",
    ),
    _required(
        "REQ-API-VERSION",
        "api_version",
        sentence="api_version: The version of the SignalWire API.",
        source="spec: CallRecordingResponse.api_version; servers: .../api/laml/2010-04-01",
        answer="2010-04-01",
        requirement="REC-API-VERSION",
    ),
    _required(
        "REQ-CHANNELS-ECHO",
        "channels and channel, for RecordingChannels given or left out",
        sentence="Default is `mono`. / Returns '1' for mono or '2' for stereo.",
        source="spec: CreateCallRecordingRequestRecordingChannels; "
        "CallRecordingResponseChannels, CallRecordingResponseChannel",
        answer="'1' for mono (the default), '2' for dual, in both fields",
        requirement="REC-CHANNELS",
    ),
    _required(
        "REQ-TRIM-ECHO",
        "trim, for Trim given or left out",
        sentence="Whether leading and trailing silence is trimmed from a recording. Default is "
        "`do-not-trim`.",
        source="spec: CreateCallRecordingRequestTrim; CallRecordingResponse.trim",
        answer="the Trim asked for, do-not-trim when left out",
        requirement="REC-TRIM",
    ),
    _required(
        "REQ-SOURCE",
        "source of a recording made by this call",
        sentence="A recording created by this REST call has source `StartCallRecordingApi`.",
        source="platform documentation (requirement REC-SOURCE); spec: RecordingSource",
        answer="StartCallRecordingApi",
        requirement="REC-SOURCE",
    ),
    _free(
        "FREE-INITIAL-STATUS",
        "the status of a recording just created",
        sentence="Right after creation a recording is `queued` or `in-progress`.",
        source="platform documentation (requirement REC-INITIAL-STATUS); spec: RecordingStatus",
        answers=("in-progress", "queued"),
        variations=("queued-status",),
    ),
    _required(
        "REQ-DATES-RFC2822",
        "the format of date_created, date_updated, start_time, end_time",
        sentence="date_created: The date, in RFC 2822 format, this recording was created.",
        source="spec: CallRecordingResponse.date_created (and the three others); RFC 2822 "
        "section 3.3",
        answer="an RFC 2822 date-time (not `Sept`, `Thur`, ISO 8601 or a Unix time)",
        requirement="REC-DATES-RFC2822",
    ),
    _free(
        "FREE-DATE-FORMS",
        "which RFC 2822 date-time form",
        sentence='date-time = [ day-of-week "," ] date FWS time [CFWS]',
        source='RFC 2822 section 3.3 (with RFC 2234 section 2.3: "ABNF strings are '
        'case-insensitive")',
        answers=(
            "with or without the day name",
            "a one- or two-digit day",
            "with or without seconds",
            "any numeric zone offset (+0000 SHOULD be used for UT)",
            "a trailing comment",
            "day and month names in any letter case",
        ),
        variations=("date-forms",),
    ),
    _required(
        "REQ-DATES-CONSISTENT",
        "the order of a recording's dates",
        sentence="date_updated is not before date_created; end_time is not before start_time.",
        source="requirement REC-DATES-CONSISTENT (read from the field descriptions)",
        answer="date_updated >= date_created and end_time >= start_time",
        requirement="REC-DATES-CONSISTENT",
    ),
    _free(
        "FREE-NULLABLE-TIMES",
        "start_time and end_time of a new recording",
        sentence="The time, in RFC 2822 format, this recording started. / The time, in RFC "
        "2822 format, this recording ended.",
        source="spec: CallRecordingResponse.start_time, .end_time (type: [string, 'null'])",
        answers=("null", "an RFC 2822 date"),
        gap="the mock always sets start_time (end_time is null until the stop); no variation "
        "answers a null start_time",
    ),
    _free(
        "FREE-DURATION-VALUE",
        "duration of a recording that has not ended",
        sentence="duration: The length, in seconds, of the recording.",
        source="spec: CallRecordingResponse.duration (type: integer)",
        answers=("0", "the seconds so far", "-1 (Twilio's 'not yet known')"),
        gap="the mock answers one value; no variation answers -1",
    ),
    _free(
        "FREE-PRICE-FORM",
        "price and price_unit",
        sentence="price: The cost for the recording. / price_unit: The currency of the price "
        "of the recording.",
        source="spec: CallRecordingResponse.price (string or null), .price_unit (string)",
        answers=(
            "price null or any decimal string ('-0.0025', '0.00')",
            "price_unit in any spelling ('USD', 'usd')",
        ),
        gap="the mock answers price null and price_unit 'USD' only",
    ),
    _free(
        "FREE-ERROR-CODE-FIELD",
        "error_code of a recording",
        sentence="error_code: Further details about a failed recording.",
        source="spec: CallRecordingResponse.error_code (string or null)",
        answers=("null", "any string"),
        gap="the mock answers null only",
    ),
    _required(
        "REQ-URI-NAMES-RECORDING",
        "uri and subresource_uris.transcriptions",
        sentence="uri: The URI of the recording. / transcriptions: The URI for transcriptions.",
        source="spec: CallRecordingResponse.uri, RecordingSubresourceUris.transcriptions",
        answer="a URI whose path names this recording's sid under this account",
        requirement="REC-URI",
    ),
    _free(
        "FREE-URI-FORMS",
        "which URI of the recording",
        sentence="uri: The URI of the recording.",
        source="spec: CallRecordingResponse.uri (type: string, no format)",
        answers=(
            "account-level /Accounts/{acct}/Recordings/{sid}.json",
            "call-scoped /Accounts/{acct}/Calls/{call}/Recordings/{sid}.json",
            "a relative reference or an absolute URL",
            "under /api/laml/2010-04-01 or the legacy /2010-04-01 prefix",
        ),
        variations=("call-scoped-uri", "absolute-uris"),
    ),
    _required(
        "REQ-ERROR-STATUS-FIELD",
        "CompatibilityErrorResponse.status",
        sentence="status: HTTP status code.",
        source="spec: CompatibilityErrorResponse.status",
        answer="the HTTP status of the answer it is in",
        requirement="REC-ERROR-STATUS",
    ),
    _free(
        "FREE-ERROR-CODE-AND-MESSAGE",
        "which error code and message",
        sentence="code: Error code. / message: Error message.",
        source="spec: CompatibilityErrorResponse.code, .message",
        answers=(
            "any integer code (SignalWire's 20003, 20404, 21220, ... or others)",
            "any non-empty message",
        ),
        variations=("other-error-codes",),
    ),
    _required(
        "REQ-ERROR-MESSAGE-USEFUL",
        "an error's message",
        sentence="message: Error message.",
        source="spec: CompatibilityErrorResponse.message (requirement REC-ERROR-DETAILS, a SHOULD)",
        answer="a message that is not empty",
        requirement="REC-ERROR-DETAILS",
    ),
    _free(
        "FREE-ERROR-MORE-INFO-FORM",
        "the form of more_info",
        sentence="more_info: URL for more information about the error. / If no base URI is "
        "embedded and the representation is not encapsulated within some other entity, then, "
        "if a URI was used to retrieve the representation, that URI shall be considered the "
        "base URI.",
        source="spec: CompatibilityErrorResponse.more_info; RFC 3986 section 5.1.3",
        answers=(
            "an absolute http(s) URL",
            "a relative reference (resolved against the request's URI)",
        ),
        variations=("other-error-codes",),
    ),
    _free(
        "FREE-EXTRA-ERROR-FIELDS",
        "fields of an error body beyond code, message, more_info, status",
        sentence="Omitting this keyword has the same assertion behavior as an empty schema.",
        source="JSON Schema 2020-12 Core section 10.3.2.3; spec: CompatibilityErrorResponse "
        "has no additionalProperties",
        answers=("the four fields only", "further fields beside them"),
        gap="extra-fields adds fields to recordings, not to error bodies",
    ),
    _required(
        "REQ-NO-CREDENTIAL-LEAK",
        "credentials in answers",
        sentence="The project ID will be used as the username and the API token as the password.",
        source="spec: parameters.Authorization (requirement REC-NO-CREDENTIAL-LEAK)",
        answer="no answer carries the API token (or any password sent) back",
        requirement="REC-NO-CREDENTIAL-LEAK",
    ),
    # ---------------------------------------------------------------------------------------
    # (c) Every request value class the suite sends as valid, invalid or open.
    # The enum parameters: RecordingChannels, RecordingTrack, Trim, RecordingStatusCallbackMethod.
    _required(
        "REQ-ENUM-VALUES-ACCEPTED",
        "every enum value, and every enum parameter left out",
        sentence="enum: mono, dual / inbound, outbound, both / trim-silence, do-not-trim / "
        "GET, POST",
        source="spec: CreateCallRecordingRequest* enums",
        answer="200 for every combination (the grid of 216)",
        requirement="REC-CREATE-ACCEPTED",
    ),
    _required(
        "REQ-ENUM-OUTSIDE-REJECTED",
        "enum values that are not in the enum: look-alike letters, truncations, repetitions, "
        "swapped separators, numbers, other HTTP methods, over-long values",
        sentence=_ENUM,
        source="JSON Schema 2020-12 Validation section 6.1.2 (enum); spec: the four enums",
        answer="rejected with 400 or 422",
        requirement="REC-INVALID-REJECTED",
    ),
    _required(
        "REQ-ENUM-CASE-REJECTED",
        "enum values in another letter case (Mono, BOTH, get)",
        sentence=_ENUM,
        source='JSON Schema 2020-12 Validation section 6.1.2 and Core section 4.2.2 ("both are '
        'strings, and are the same codepoint-for-codepoint")',
        answer="rejected with 400 or 422",
        requirement="REC-INVALID-REJECTED",
    ),
    _required(
        "REQ-ENUM-PADDED-REJECTED",
        "enum values with surrounding whitespace (' mono', 'GET ')",
        sentence=_ENUM,
        source="JSON Schema 2020-12 Validation section 6.1.2",
        answer="rejected with 400 or 422",
        requirement="REC-INVALID-REJECTED",
    ),
    _required(
        "REQ-ENUM-EMPTY-REJECTED",
        "an enum parameter sent empty",
        sentence=_ENUM,
        source="JSON Schema 2020-12 Validation section 6.1.2",
        answer="rejected with 400 or 422",
        requirement="REC-INVALID-REJECTED",
    ),
    _required(
        "REQ-NON-STRING-REJECTED",
        "JSON values that are not strings (null, booleans, numbers, arrays, objects)",
        sentence="type: string / An instance validates if and only if the instance is in any "
        "of the sets listed for this keyword.",
        source="spec: every CreateCallRecordingRequest property; JSON Schema 2020-12 "
        "Validation section 6.1.1",
        answer="rejected with 400 or 422",
        requirement="REC-INVALID-REJECTED",
    ),
    # RecordingStatusCallbackEvent: a plain string whose grammar is in prose.
    _required(
        "REQ-EVENTS-SUBSETS-ACCEPTED",
        "any non-empty subset of the events, in any order, one space apart",
        sentence=_EVENTS,
        source="spec: CreateCallRecordingRequest.RecordingStatusCallbackEvent",
        answer="200",
        requirement="REC-CREATE-ACCEPTED",
    ),
    _required(
        "REQ-EVENTS-UNKNOWN-REJECTED",
        "event lists with a token other than completed / in-progress / absent once split on "
        "commas and whitespace (unknown names, other case, `completed;absent`)",
        sentence="Valid values: completed, in-progress, absent.",
        source="spec: CreateCallRecordingRequest.RecordingStatusCallbackEvent",
        answer="rejected with 400 or 422",
        requirement="REC-INVALID-REJECTED",
    ),
    _free(
        "FREE-EVENTS-COMMAS",
        "events separated by commas ('completed,in-progress', 'completed, absent')",
        sentence="To specify multiple events, separate with a space.",
        source="spec: RecordingStatusCallbackEvent (one SignalWire doc example uses commas)",
        answers=(*_ACCEPT_OR_REFUSE, "accepted and split on the commas"),
        variations=OPEN_VALUES,
    ),
    _free(
        "FREE-EVENTS-WHITESPACE",
        "doubled, surrounding or tab whitespace between events",
        sentence="To specify multiple events, separate with a space.",
        source="spec: RecordingStatusCallbackEvent",
        answers=_ACCEPT_OR_REFUSE,
        variations=OPEN_VALUES,
    ),
    _free(
        "FREE-EVENTS-REPEATED",
        "an event named twice ('completed in-progress completed')",
        sentence=SILENT,
        source="spec: RecordingStatusCallbackEvent",
        answers=(*_ACCEPT_OR_REFUSE, "accepted, the repeat called back once or twice"),
        variations=OPEN_VALUES,
    ),
    _free(
        "FREE-EVENTS-EMPTY",
        "RecordingStatusCallbackEvent sent empty",
        sentence=SILENT,
        source="spec: RecordingStatusCallbackEvent (an empty list names no invalid token)",
        answers=(*_ACCEPT_OR_REFUSE, "accepted as the default `completed`"),
        variations=OPEN_VALUES,
    ),
    _free(
        "FREE-EVENTS-REPEATED-KEYS",
        "events sent form-encoded as repeated keys "
        "(RecordingStatusCallbackEvent=in-progress&RecordingStatusCallbackEvent=completed)",
        sentence=SILENT,
        source="spec: RecordingStatusCallbackEvent is `type: string` (one value); OpenAPI 3.1 "
        "Encoding Object defines repeated keys only for arrays",
        answers=(
            "accepted as the space-separated list (what SDKs expect)",
            "accepted with one of the values",
            "refused with a documented 4xx",
        ),
        gap="sent as an open value (strategies/requests.py); every variation joins them into "
        "one list, none refuses them or keeps one value",
    ),
    # RecordingStatusCallback.
    _required(
        "REQ-CALLBACK-HTTP-ACCEPTED",
        "absolute http(s) URLs: ports, paths, queries, percent-encoding, punycode hosts",
        sentence=_CALLBACK_URL,
        source="spec: CreateCallRecordingRequest.RecordingStatusCallback; RFC 3986 section 4.3",
        answer="200",
        requirement="REC-CREATE-ACCEPTED",
    ),
    _required(
        "REQ-CALLBACK-NOT-ABSOLUTE-REJECTED",
        "callbacks that are not absolute URIs even after stripping whitespace and "
        "percent-encoding: empty, relative paths, network-path references, no scheme",
        sentence=f'{_CALLBACK_URL} / The term "relative" implies that a "base URI" exists '
        "against which the relative reference is applied.",
        source="spec: RecordingStatusCallback; RFC 3986 section 4.3 (absolute-URI) and "
        "section 5.1 (the spec establishes no base URI)",
        answer="rejected with 400 or 422",
        requirement="REC-INVALID-REJECTED",
    ),
    _free(
        "FREE-CALLBACK-RFC3986-CHARS",
        'absolute callbacks holding characters RFC 3986 leaves out (<>"{}|\\^` and '
        "non-ASCII in the path)",
        sentence="A URI is composed from a limited set of characters consisting of digits, "
        "letters, and a few graphic symbols. / " + _APPENDIX_C,
        source="RFC 3986 section 2 and Appendix C; `format: uri` is an annotation (JSON Schema "
        "2020-12 Validation section 7.2.1)",
        answers=(*_ACCEPT_OR_REFUSE, "accepted and percent-encoded when called"),
        variations=OPEN_VALUES,
    ),
    _free(
        "FREE-CALLBACK-WHITESPACE",
        "surrounding or embedded whitespace in an absolute callback (tabs, newlines too)",
        sentence=_APPENDIX_C,
        source="RFC 3986 Appendix C",
        answers=(*_ACCEPT_OR_REFUSE, "accepted with the whitespace stripped or encoded"),
        variations=OPEN_VALUES,
    ),
    _free(
        "FREE-CALLBACK-SCHEME",
        "absolute callbacks of schemes other than http(s) (ftp:, mailto:, urn:, wss:)",
        sentence=_METHOD,
        source="spec: RecordingStatusCallbackMethod (callbacks are HTTP requests); RFC 3986 "
        "section 4.3 (they are absolute URIs)",
        answers=_ACCEPT_OR_REFUSE,
        variations=OPEN_VALUES,
    ),
    _free(
        "FREE-CALLBACK-SCHEME-CASE",
        "an upper-case scheme and host (HTTPS://EXAMPLE.COM/status)",
        sentence="An implementation should accept uppercase letters as equivalent to "
        'lowercase in scheme names (e.g., allow "HTTP" as well as "http") for the sake of '
        "robustness but should only produce lowercase scheme names for consistency.",
        source="RFC 3986 section 3.1",
        answers=_ACCEPT_OR_REFUSE,
        variations=OPEN_VALUES,
    ),
    _free(
        "FREE-CALLBACK-IRI",
        "raw internationalised IRIs (https://bücher.example/ünïcode)",
        sentence="A URI is composed from a limited set of characters consisting of digits, "
        "letters, and a few graphic symbols.",
        source="RFC 3986 section 2 (a raw IRI is not a URI; RFC 3987 section 3.1 maps it to one)",
        answers=(*_ACCEPT_OR_REFUSE, "accepted and mapped to a URI when called"),
        variations=OPEN_VALUES,
    ),
    _free(
        "FREE-CALLBACK-FRAGMENT",
        "a callback with a fragment (#fragment)",
        sentence="the fragment identifier is separated from the rest of the URI prior to a "
        "dereference",
        source="RFC 3986 section 3.5",
        answers=(*_ACCEPT_OR_REFUSE, "accepted, the fragment dropped when called"),
        variations=OPEN_VALUES,
    ),
    _free(
        "FREE-CALLBACK-IP-LITERAL",
        "callbacks on IP literals (http://192.0.2.10/, http://[2001:db8::1]/)",
        sentence="The host subcomponent of authority is identified by an IP literal "
        "encapsulated within square brackets, an IPv4 address in dotted-decimal form, or a "
        "registered name.",
        source="RFC 3986 section 3.2.2 (valid URIs; a space may still refuse to call "
        "addresses rather than names)",
        answers=_ACCEPT_OR_REFUSE,
        variations=OPEN_VALUES,
    ),
    _free(
        "FREE-CALLBACK-NO-HOST",
        "absolute URIs with no host (http://, https:/example.com/status)",
        sentence='A sender MUST NOT generate an "http" URI with an empty host identifier. A '
        "recipient that processes such a URI reference MUST reject it as invalid.",
        source="RFC 9110 section 4.2.1 (binds the space only when it calls the URI; the "
        "create answer is open)",
        answers=_ACCEPT_OR_REFUSE,
        variations=OPEN_VALUES,
    ),
    _required(
        "REQ-CALLBACK-LONG-ACCEPTED",
        "callbacks of 2000 to 8000 characters",
        sentence="It is RECOMMENDED that all senders and recipients support, at a minimum, "
        "URIs with lengths of 8000 octets in protocol elements.",
        source="RFC 9110 section 4.1 (a recommendation: refusing one is a warning)",
        answer="accepted with 200",
        requirement="REC-SCHEMA-VALID-ACCEPTED",
    ),
    _free(
        "FREE-CALLBACK-VERY-LONG",
        "callbacks longer than 8000 octets (20000 characters)",
        sentence="It is RECOMMENDED that all senders and recipients support, at a minimum, "
        "URIs with lengths of 8000 octets in protocol elements.",
        source="RFC 9110 section 4.1",
        answers=_ACCEPT_OR_REFUSE,
        variations=OPEN_VALUES,
    ),
    _free(
        "FREE-CALLBACK-USERINFO",
        "http(s) callbacks with userinfo (https://hook:secret@example.com/status)",
        sentence='Before making use of an "http" or "https" URI reference received from an '
        "untrusted source, a recipient SHOULD parse for userinfo and treat its presence as an "
        "error; it is likely being used to obscure the authority for the sake of phishing "
        "attacks.",
        source="RFC 9110 section 4.2.4",
        answers=_ACCEPT_OR_REFUSE,
        variations=OPEN_VALUES,
    ),
    _required(
        "REQ-UNKNOWN-PARAMETERS-ACCEPTED",
        "parameters the spec does not name (FriendlyName, Timeout, recordingchannels, ...)",
        sentence="Omitting this keyword has the same assertion behavior as an empty schema.",
        source="JSON Schema 2020-12 Core section 10.3.2.3; spec: CreateCallRecordingRequest "
        "has no additionalProperties (requirement REC-SCHEMA-VALID-ACCEPTED, a SHOULD)",
        answer="200 (refusing is a warning, which strict exercises)",
        requirement="REC-SCHEMA-VALID-ACCEPTED",
    ),
    # ---------------------------------------------------------------------------------------
    # (d) HTTP-level choices, on the answers and on the callbacks.
    _free(
        "FREE-FRAMING",
        "how an answer's end is marked",
        sentence="A recipient MUST be able to parse the chunked transfer coding ... because it "
        "plays a crucial role in framing messages when the content size is not known in "
        "advance.",
        source="RFC 9112 section 6.1",
        answers=("Content-Length", "Transfer-Encoding: chunked"),
        variations=("chunked",),
    ),
    _free(
        "FREE-CONNECTION-PERSISTENCE",
        "keeping the connection open after an answer",
        sentence="A sender SHOULD send a Connection header field (Section 7.6.1 of [HTTP]) "
        'containing the "close" connection option when it intends to close a connection.',
        source="RFC 9112 section 9.6",
        answers=("keep-alive", "Connection: close on any or every answer"),
        variations=("close-connections",),
    ),
    _free(
        "FREE-HEADER-NAME-CASE",
        "the letter case of header names",
        sentence="Field names are case-insensitive",
        source="RFC 9110 section 5.1",
        answers=("Content-Type", "content-type", "CONTENT-TYPE", "any other case"),
        variations=("header-variants",),
    ),
    _free(
        "FREE-MEDIA-TYPE-FORM",
        "case and parameters of Content-Type: application/json",
        sentence="The type and subtype tokens are case-insensitive.",
        source="RFC 9110 section 8.3.1 (parameters: section 5.6.6)",
        answers=("application/json", "application/json; charset=utf-8", "Application/JSON"),
        variations=("header-variants",),
    ),
    _free(
        "FREE-CONTENT-CODING",
        "compressing an answer with a coding the client accepts",
        sentence='The "Accept-Encoding" header field can be used to indicate preferences '
        "regarding the use of content codings (Section 8.4.1) in the response.",
        source="RFC 9110 section 12.5.3 (the client sends Accept-Encoding: gzip, deflate)",
        answers=("identity", "gzip", "deflate"),
        variations=("compressed",),
    ),
    _free(
        "FREE-LATENCY",
        "how long an answer takes",
        sentence=SILENT,
        source="spec: no response time is documented",
        answers=(
            "any delay (the client waits 30 s per answer, then ends the run as "
            "'target did not answer', which is not a verdict)",
        ),
        variations=(SLOW_ANSWERS,),
    ),
    _free(
        "FREE-CALLBACK-FRAMING",
        "how a POST callback's body is framed",
        sentence="A recipient MUST be able to parse the chunked transfer coding ... because it "
        "plays a crucial role in framing messages when the content size is not known in "
        "advance.",
        source="RFC 9112 section 6.1 (the suite's receiver is the recipient)",
        answers=("Content-Length", "Transfer-Encoding: chunked"),
        gap="the suite's receiver reads both (tests/test_receiver.py); the mock's callbacks "
        "always carry a Content-Length",
    ),
    _free(
        "FREE-CALLBACK-CONTENT-TYPE-FORM",
        "case and parameters of a POST callback's Content-Type",
        sentence="The type and subtype tokens are case-insensitive.",
        source="RFC 9110 section 8.3.1",
        answers=(
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=utf-8",
            "Application/X-WWW-Form-Urlencoded",
        ),
        gap="the suite's receiver compares the media type case-insensitively "
        "(tests/test_receiver.py); header-variants changes the mock's answers, not its "
        "callbacks",
    ),
    # ---------------------------------------------------------------------------------------
    # (e) Availability.
    _free(
        "FREE-UNAVAILABLE-503",
        "answering 503 to any request, now and then",
        sentence="'503': The service is temporarily unavailable. Please try again later.",
        source="spec: responses.'503'",
        answers=("never", "now and then, with a CompatibilityErrorResponse"),
        variations=(OCCASIONAL_503,),
    ),
    _free(
        "FREE-RETRY-AFTER",
        "Retry-After on a 503",
        sentence="The server MAY send a Retry-After header field (Section 10.2.3) to suggest an "
        "appropriate amount of time for the client to wait before retrying the request. / "
        "Retry-After = HTTP-date / delay-seconds",
        source="RFC 9110 section 15.6.4 and section 10.2.3",
        answers=("absent", "delay-seconds", "an HTTP-date"),
        variations=(OCCASIONAL_503, "retry-after-seconds", "retry-after-date"),
    ),
    _required(
        "REQ-503-WELL-FORMED",
        "the body of a 503",
        sentence="'503': The service is temporarily unavailable. Please try again later. "
        "(schema: $ref CompatibilityErrorResponse)",
        source="spec: responses.'503'",
        answer="a CompatibilityErrorResponse with status 503 (an HTML 503 or a 502/504 from a "
        "front end is not the documented answer)",
        requirement="REC-STATUS-DOCUMENTED",
    ),
    # ---------------------------------------------------------------------------------------
    # (f) Recording status callbacks.
    _required(
        "REQ-CALLBACK-REQUESTED-EVENTS",
        "callbacks for the events asked for (completed when none were)",
        sentence=_EVENTS,
        source="spec: RecordingStatusCallbackEvent; platform documentation (requirement "
        "REC-CALLBACK-EVENTS)",
        answer="at least one callback for each requested event the recording goes through",
        requirement="REC-CALLBACK-EVENTS",
    ),
    _required(
        "REQ-CALLBACK-NO-UNREQUESTED",
        "callbacks for events nobody asked for",
        sentence="Without RecordingStatusCallbackEvent only `completed` is sent.",
        source="platform documentation (requirement REC-CALLBACK-EVENTS)",
        answer="none",
        requirement="REC-CALLBACK-EVENTS",
    ),
    _required(
        "REQ-CALLBACK-METHOD",
        "the HTTP method of a callback",
        sentence=_METHOD,
        source="spec: RecordingStatusCallbackMethod",
        answer="the method asked for, POST when none was",
        requirement="REC-CALLBACK-METHOD",
    ),
    _required(
        "REQ-CALLBACK-PARAMETER-PLACEMENT",
        "where a callback carries its parameters",
        sentence="Sent to RecordingStatusCallback with RecordingStatusCallbackMethod (POST: "
        "form body; GET: query string)",
        source="platform documentation (the Recording status callback page the spec links); "
        "RFC 9110 section 9.3.1: content received in a GET request has no generally defined "
        "semantics",
        answer="GET: the query string; POST: an application/x-www-form-urlencoded body",
        requirement="REC-CALLBACK-PARAMS",
    ),
    _required(
        "REQ-CALLBACK-PARAMETERS",
        "the parameters of a callback",
        sentence="Parameters: AccountSid, CallSid, RecordingSid, RecordingUrl, "
        "RecordingStatus, RecordingDuration, RecordingChannels, RecordingSource.",
        source="platform documentation (requirement REC-CALLBACK-PARAMS)",
        answer="all eight, AccountSid and RecordingSid naming this recording",
        requirement="REC-CALLBACK-PARAMS",
    ),
    _free(
        "FREE-CALLBACK-EXTRA-PARAMETERS",
        "callback parameters beyond the eight",
        sentence=SILENT,
        source="platform documentation lists eight; Twilio adds RecordingStartTime, "
        "RecordingTrack, ErrorCode",
        answers=("the eight only", "further parameters beside them"),
        gap="the mock sends the eight only",
    ),
    _free(
        "FREE-CALLBACK-TIMING",
        "when a callback arrives after its event",
        sentence=SILENT,
        source='spec: RecordingStatusCallback ("when recording is available", no bound)',
        answers=("at once", "later (the suite waits 5 s on loopback, 60 s on a remote space)"),
        variations=("callbacks-delayed",),
    ),
    _free(
        "FREE-CALLBACK-ORDER",
        "the order callbacks of one recording arrive in",
        sentence=SILENT,
        source="spec: RecordingStatusCallbackEvent",
        answers=("in-progress before completed", "any order"),
        variations=("callbacks-out-of-order",),
    ),
    _free(
        "FREE-CALLBACK-DUPLICATES",
        "a callback delivered more than once",
        sentence=SILENT,
        source="spec: RecordingStatusCallback (REC-CALLBACK-EVENTS's \"once per requested "
        'event" is checked as at least once)',
        answers=("once", "more than once (at-least-once delivery)"),
        variations=("callbacks-twice",),
    ),
    # ---------------------------------------------------------------------------------------
    # (g) Authentication and addressing.
    _required(
        "REQ-CREDENTIALS-401",
        "missing, malformed or wrong credentials",
        sentence="'401': Authentication failed. Please verify your credentials and try again.",
        source="spec: parameters.Authorization (required: true), responses.'401'; RFC 7617",
        answer="401",
        requirement="REC-AUTH-REQUIRED",
    ),
    _free(
        "FREE-OTHER-ACCOUNT-401-OR-404",
        "valid credentials on another account's path",
        sentence="AccountSid: The Project ID that uniquely identifies the Account. / '401': "
        "Authentication failed. / '404': The requested resource was not found.",
        source="spec: path AccountSid, responses.'401', responses.'404' (requirement "
        "REC-ACCOUNT-SCOPE: never a success)",
        answers=("401 (not authorised there)", "404 (not visible)"),
        variations=("other-account-404",),
    ),
    _free(
        "FREE-MALFORMED-SID-4XX",
        "a path sid that is not a UUID",
        sentence="The requested resource was not found. Please verify the resource "
        "identifier. / The request was invalid or cannot be processed.",
        source="spec: path AccountSid and CallSid (`format: uuid`), responses.'400', "
        "'401', '404', '422'",
        answers=("400", "401 (AccountSid: the credentials name another project)", "404", "422"),
        variations=("malformed-sid-400", "validation-422"),
    ),
    _required(
        "REQ-UNKNOWN-CALL-404",
        "a well-formed CallSid the space does not know",
        sentence="'404': The requested resource was not found. Please verify the resource "
        "identifier.",
        source="spec: responses.'404'",
        answer="404",
        requirement="REC-UNKNOWN-CALL",
    ),
)

BY_ID: dict[str, Choice] = {choice.id: choice for choice in CHOICES}
