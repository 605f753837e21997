"""The requirements catalogue: every requirement the suite verifies, with its source sentence.

Ids are stable (`REC-...`); reports give a verdict per id and `-k REC-...` selects the tests that
verify one. Levels follow RFC 2119: a MUST failure makes a target non-conformant, a SHOULD
failure is a warning. Which checks verify each requirement is said once, in `checks/registry.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["MUST", "SHOULD"]


@dataclass(frozen=True)
class Requirement:
    id: str
    level: Level
    # The sentence it comes from, quoted; `source` says where.
    text: str
    source: str


def _spec(id: str, level: Level, text: str) -> Requirement:
    return Requirement(id, level, text, "spec")


def _notes(id: str, level: Level, text: str) -> Requirement:
    return Requirement(id, level, text, "platform documentation")


REQUIREMENTS: tuple[Requirement, ...] = (
    # Every response of the operation.
    _spec(
        "REC-STATUS-DOCUMENTED",
        "MUST",
        "responses: '200', '400', '401', '404', '422', '503' (no other status is documented; "
        "a 5xx other than a well-formed 503 is never an answer)",
    ),
    _spec("REC-CONTENT-TYPE", "MUST", "content: application/json (every documented response)"),
    _spec(
        "REC-BODY-SCHEMA",
        "MUST",
        "200: $ref CallRecordingResponse; 400/401/404/422/503: $ref CompatibilityErrorResponse",
    ),
    _spec("REC-ERROR-STATUS", "MUST", "CompatibilityErrorResponse.status: HTTP status code."),
    _spec(
        "REC-ERROR-DETAILS",
        "SHOULD",
        "CompatibilityErrorResponse.message: Error message. more_info: URL for more "
        "information about the error.",
    ),
    _notes(
        "REC-NO-CREDENTIAL-LEAK",
        "MUST",
        "Auth: HTTP Basic, user = Project ID, password = API token (a secret no response "
        "carries back).",
    ),
    # Valid creates.
    _spec(
        "REC-CREATE-ACCEPTED",
        "MUST",
        "'200': The request has succeeded. (for every valid combination, encoding and suffix)",
    ),
    _spec(
        "REC-CHANNELS",
        "MUST",
        "RecordingChannels: Can be `mono` or `dual`. Default is `mono`. / channels, channel: "
        "Returns '1' for mono or '2' for stereo.",
    ),
    _spec(
        "REC-TRIM",
        "MUST",
        "Trim: Whether leading and trailing silence is trimmed. Default is `do-not-trim`.",
    ),
    _spec(
        "REC-IDS-MATCH-PATH",
        "MUST",
        "account_sid: the account associated with this recording; call_sid: the call "
        "associated with this recording.",
    ),
    _spec(
        "REC-CALL-RECORDING",
        "MUST",
        "conference_sid: Null if this is a call recording. encryption_details: Always null.",
    ),
    _spec(
        "REC-API-VERSION", "MUST", "api_version: The version of the SignalWire API (2010-04-01)."
    ),
    _notes(
        "REC-SOURCE",
        "SHOULD",
        "A recording created by this REST call has source `StartCallRecordingApi`.",
    ),
    _notes(
        "REC-INITIAL-STATUS",
        "SHOULD",
        "Right after creation a recording is `queued` or `in-progress`.",
    ),
    _spec(
        "REC-DATES-RFC2822",
        "MUST",
        "date_created, date_updated, start_time, end_time: in RFC 2822 format.",
    ),
    _spec(
        "REC-DATES-CONSISTENT",
        "SHOULD",
        "date_updated is not before date_created; end_time is not before start_time.",
    ),
    _spec("REC-SID-UNIQUE", "MUST", "sid: The unique identifier for the recording."),
    _spec(
        "REC-URI",
        "MUST",
        "uri: The URI of the recording. subresource_uris.transcriptions: The URI for "
        "transcriptions.",
    ),
    _spec(
        "REC-SCHEMA-VALID-ACCEPTED",
        "SHOULD",
        "CreateCallRecordingRequest declares its properties and does not forbid others "
        "(no `additionalProperties: false`): a request the schema allows is accepted. / RFC "
        "9110 section 4.1: It is RECOMMENDED that all senders and recipients support ... URIs "
        "with lengths of 8000 octets.",
    ),
    # Invalid creates.
    _spec(
        "REC-INVALID-REJECTED",
        "MUST",
        "'400': The request was invalid or cannot be processed. / '422': The request could not "
        "be processed due to validation errors. (enums, `format: uri`, the event grammar)",
    ),
    # Authentication and addressing.
    _spec(
        "REC-AUTH-REQUIRED",
        "MUST",
        "Authorization: required. SignalWire Basic Authentication using Project ID and API "
        "Token. / '401': Authentication failed.",
    ),
    _spec(
        "REC-ACCOUNT-SCOPE",
        "MUST",
        "AccountSid: The Project ID that uniquely identifies the Account. (credentials of one "
        "project never reach another's path)",
    ),
    _spec(
        "REC-UNKNOWN-CALL",
        "MUST",
        "'404': The requested resource was not found. (an unknown CallSid)",
    ),
    # Lifecycle (other operations of the same API, used to check what create made).
    _notes(
        "REC-FETCH-MATCHES",
        "SHOULD",
        "Fetch: GET .../Recordings/{Sid}.json answers the recording as created.",
    ),
    _notes(
        "REC-STOPPABLE",
        "SHOULD",
        "Update: POST .../Calls/{CallSid}/Recordings/{Sid} with Status=stopped stops it.",
    ),
    # Recording status callbacks.
    _notes(
        "REC-CALLBACK-EVENTS",
        "MUST",
        "Sent to RecordingStatusCallback for each requested event (a delivery may repeat); "
        "without RecordingStatusCallbackEvent only `completed` is sent.",
    ),
    _spec(
        "REC-CALLBACK-METHOD",
        "MUST",
        "RecordingStatusCallbackMethod: Whether the request to `RecordingStatusCallback` URL is "
        "a `GET` or a `POST`. Default is `POST`.",
    ),
    _notes(
        "REC-CALLBACK-PARAMS",
        "SHOULD",
        "Parameters: AccountSid, CallSid, RecordingSid, RecordingUrl, RecordingStatus, "
        "RecordingDuration, RecordingChannels, RecordingSource.",
    ),
    # schemathesis's generic checks, tuned to the spec's quirks.
    _spec(
        "REC-GENERIC",
        "MUST",
        "The operation as a whole: no server errors, documented statuses and content types, "
        "response schemas, rejection of schema-invalid bodies.",
    ),
)

BY_ID: dict[str, Requirement] = {r.id: r for r in REQUIREMENTS}
