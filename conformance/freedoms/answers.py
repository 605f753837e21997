"""Every response field of CallRecordingResponse and CompatibilityErrorResponse."""

from __future__ import annotations

from recording_conformance.conformance.freedoms.model import Choice, free, required

CHOICES: tuple[Choice, ...] = (
    # (b) Every response field of CallRecordingResponse and CompatibilityErrorResponse.
    required(
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
    free(
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
    required(
        "REQ-SID-FORM",
        "the form of the recording's sid in an answer",
        sentence="sid: type: string, format: uuid. The unique identifier for the recording.",
        source="spec: CallRecordingResponse.sid (a format the document gives the space's own "
        "answer; RFC 4122 / RFC 9562 UUID)",
        answer="a UUID",
        requirement="REC-BODY-SCHEMA",
    ),
    required(
        "REQ-SID-UNIQUE",
        "the sid of a new recording",
        sentence="sid: The unique identifier for the recording.",
        source="spec: CallRecordingResponse.sid",
        answer="a sid no earlier recording had",
        requirement="REC-SID-UNIQUE",
    ),
    required(
        "REQ-IDS-MATCH-PATH",
        "account_sid and call_sid of a new recording",
        sentence="account_sid: The unique identifier for the account that is associated with "
        "this recording. / call_sid: The unique identifier for the call that is associated "
        "with this recording. Null if this is a conference recording.",
        source="spec: CallRecordingResponse.account_sid, .call_sid",
        answer="the AccountSid and CallSid of the path",
        requirement="REC-IDS-MATCH-PATH",
    ),
    required(
        "REQ-CALL-RECORDING-NULLS",
        "conference_sid and encryption_details of a call recording",
        sentence="conference_sid: Null if this is a call recording. / encryption_details: "
        "Encryption details. Always null.",
        source="spec: CallRecordingResponse.conference_sid, .encryption_details",
        answer="both null",
        requirement="REC-CALL-RECORDING",
    ),
    required(
        "REQ-API-VERSION",
        "api_version",
        sentence="api_version: The version of the SignalWire API.",
        source="spec: CallRecordingResponse.api_version; servers: .../api/laml/2010-04-01",
        answer="2010-04-01",
        requirement="REC-API-VERSION",
    ),
    required(
        "REQ-CHANNELS-ECHO",
        "channels and channel, for RecordingChannels given or left out",
        sentence="Default is `mono`. / Returns '1' for mono or '2' for stereo.",
        source="spec: CreateCallRecordingRequestRecordingChannels; "
        "CallRecordingResponseChannels, CallRecordingResponseChannel",
        answer="'1' for mono (the default), '2' for dual, in both fields",
        requirement="REC-CHANNELS",
    ),
    required(
        "REQ-TRIM-ECHO",
        "trim, for Trim given or left out",
        sentence="Whether leading and trailing silence is trimmed from a recording. Default is "
        "`do-not-trim`.",
        source="spec: CreateCallRecordingRequestTrim; CallRecordingResponse.trim",
        answer="the Trim asked for, do-not-trim when left out",
        requirement="REC-TRIM",
    ),
    required(
        "REQ-SOURCE",
        "source of a recording made by this call",
        sentence="A recording created by this REST call has source `StartCallRecordingApi`.",
        source="platform documentation (requirement REC-SOURCE); spec: RecordingSource",
        answer="StartCallRecordingApi",
        requirement="REC-SOURCE",
    ),
    free(
        "FREE-INITIAL-STATUS",
        "the status of a recording just created",
        sentence="Right after creation a recording is `queued` or `in-progress`.",
        source="platform documentation (requirement REC-INITIAL-STATUS); spec: RecordingStatus",
        answers=("in-progress", "queued"),
        variations=("queued-status",),
    ),
    required(
        "REQ-DATES-RFC2822",
        "the format of date_created, date_updated, start_time, end_time",
        sentence="date_created: The date, in RFC 2822 format, this recording was created.",
        source="spec: CallRecordingResponse.date_created (and the three others); RFC 2822 "
        "section 3.3",
        answer="an RFC 2822 date-time (not `Sept`, `Thur`, ISO 8601 or a Unix time)",
        requirement="REC-DATES-RFC2822",
    ),
    free(
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
    required(
        "REQ-DATES-CONSISTENT",
        "the order of a recording's dates",
        sentence="date_updated is not before date_created; end_time is not before start_time.",
        source="requirement REC-DATES-CONSISTENT (read from the field descriptions)",
        answer="date_updated >= date_created and end_time >= start_time",
        requirement="REC-DATES-CONSISTENT",
    ),
    free(
        "FREE-NULLABLE-TIMES",
        "start_time and end_time of a new recording",
        sentence="The time, in RFC 2822 format, this recording started. / The time, in RFC "
        "2822 format, this recording ended.",
        source="spec: CallRecordingResponse.start_time, .end_time (type: [string, 'null'])",
        answers=("null", "an RFC 2822 date"),
        variations=("queued-status",),
    ),
    free(
        "FREE-DURATION-VALUE",
        "duration of a recording that has not ended",
        sentence="duration: The length, in seconds, of the recording.",
        source="spec: CallRecordingResponse.duration (type: integer)",
        answers=("0", "the seconds so far", "-1 (Twilio's 'not yet known')"),
        variations=("other-field-values",),
    ),
    free(
        "FREE-PRICE-FORM",
        "price and price_unit",
        sentence="price: The cost for the recording. / price_unit: The currency of the price "
        "of the recording.",
        source="spec: CallRecordingResponse.price (string or null), .price_unit (string)",
        answers=(
            "price null or any decimal string ('-0.0025', '0.00')",
            "price_unit in any spelling ('USD', 'usd')",
        ),
        variations=("other-field-values",),
    ),
    free(
        "FREE-ERROR-CODE-FIELD",
        "error_code of a recording",
        sentence="error_code: Further details about a failed recording.",
        source="spec: CallRecordingResponse.error_code (string or null)",
        answers=("null", "any string"),
        gap="the mock answers null only",
    ),
    required(
        "REQ-URI-NAMES-RECORDING",
        "uri and subresource_uris.transcriptions",
        sentence="uri: The URI of the recording. / transcriptions: The URI for transcriptions.",
        source="spec: CallRecordingResponse.uri, RecordingSubresourceUris.transcriptions",
        answer="a URI whose path names this recording's sid under this account",
        requirement="REC-URI",
    ),
    free(
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
    required(
        "REQ-ERROR-STATUS-FIELD",
        "CompatibilityErrorResponse.status",
        sentence="status: HTTP status code.",
        source="spec: CompatibilityErrorResponse.status",
        answer="the HTTP status of the answer it is in",
        requirement="REC-ERROR-STATUS",
    ),
    free(
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
    required(
        "REQ-ERROR-MESSAGE-USEFUL",
        "an error's message",
        sentence="message: Error message.",
        source="spec: CompatibilityErrorResponse.message (requirement REC-ERROR-DETAILS, a SHOULD)",
        answer="a message that is not empty",
        requirement="REC-ERROR-DETAILS",
    ),
    free(
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
    free(
        "FREE-EXTRA-ERROR-FIELDS",
        "fields of an error body beyond code, message, more_info, status",
        sentence="Omitting this keyword has the same assertion behavior as an empty schema.",
        source="JSON Schema 2020-12 Core section 10.3.2.3; spec: CompatibilityErrorResponse "
        "has no additionalProperties",
        answers=("the four fields only", "further fields beside them"),
        variations=("extra-fields",),
    ),
    required(
        "REQ-NO-CREDENTIAL-LEAK",
        "credentials in answers",
        sentence="The project ID will be used as the username and the API token as the password.",
        source="spec: parameters.Authorization (requirement REC-NO-CREDENTIAL-LEAK)",
        answer="no answer carries the API token (or any password sent) back",
        requirement="REC-NO-CREDENTIAL-LEAK",
    ),
)
