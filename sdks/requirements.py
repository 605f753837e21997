"""What an SDK must do with this endpoint, each with a stable id, a level and its source.

`SDK-REQ-...` judge the request an SDK sends (SDK -> space), `SDK-RESP-...` what it makes of
an answer (space -> SDK). Levels are RFC 2119's: a MUST that fails is a deviation of the SDK, a
SHOULD that fails a warning. The sentences are the spec's (`spec/create-recording.openapi.yaml`)
or the platform documentation's, as `spec/NOTES.md` explains them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Level = Literal["MUST", "SHOULD"]


@dataclass(frozen=True)
class SdkRequirement:
    id: str
    level: Level
    text: str
    source: str
    check: str


SDK_REQUIREMENTS: tuple[SdkRequirement, ...] = (
    SdkRequirement(
        "SDK-REQ-SENT",
        "MUST",
        "CreateCallRecordingRequest: every parameter optional, every value of its enum (and "
        "any subset of 'Valid values: completed, in-progress, absent.') allowed: the SDK sends "
        "each such create, once, and a conformant space accepts it",
        "spec",
        "valid_create_is_sent_and_accepted",
    ),
    SdkRequirement(
        "SDK-REQ-PATH",
        "MUST",
        "POST /api/laml/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings (with or "
        "without `.json`, under `/api/laml` or the legacy `/2010-04-01` prefix), the project "
        "id as AccountSid and the call's sid as CallSid",
        "spec; the suffix and legacy prefix: platform documentation",
        "method_and_path_name_the_call",
    ),
    SdkRequirement(
        "SDK-REQ-AUTH",
        "MUST",
        "SignalWireBasicAuth: the Authorization header containing the word Basic followed by a "
        "space and a base64-encoded string of project_id:token",
        "spec",
        "basic_auth_with_the_project",
    ),
    SdkRequirement(
        "SDK-REQ-ENCODING",
        "MUST",
        "requestBody: application/json (the spec), or application/x-www-form-urlencoded (the "
        "platform documentation): a body a space can read (or none: requestBody is not "
        "required)",
        "spec; platform documentation",
        "body_in_an_encoding_a_space_accepts",
    ),
    SdkRequirement(
        "SDK-REQ-VALUES",
        "MUST",
        "every parameter given arrives once, under the name CreateCallRecordingRequest gives "
        "it, with the value given (`type: string`): nothing dropped, nothing changed",
        "spec",
        "parameters_arrive_as_given",
    ),
    SdkRequirement(
        "SDK-REQ-NOTHING-ADDED",
        "MUST",
        "no parameter of CreateCallRecordingRequest that was not given is sent: it would "
        "replace the space's default ('Default is `mono`.', ...) with a value nobody asked for",
        "spec",
        "no_parameter_added",
    ),
    SdkRequirement(
        "SDK-REQ-EVENTS",
        "MUST",
        "RecordingStatusCallbackEvent: 'To specify multiple events, separate with a space.' "
        "(or, form-encoded, one key per event, as the platform's SDKs send them): every event "
        "given, each once, no other",
        "spec; the repeated keys: platform documentation",
        "events_arrive_as_given",
    ),
    SdkRequirement(
        "SDK-REQ-INVALID-NOT-FIXED",
        "MUST",
        "a value the spec does not allow is refused by the SDK before sending, or sent as given "
        "(so that a space refuses it with 400 or 422): never changed into an allowed one",
        "spec (enum, 'Valid values', format: uri)",
        "invalid_value_refused_or_sent_unchanged",
    ),
    SdkRequirement(
        "SDK-RESP-ACCEPTS",
        "MUST",
        "responses '200': CallRecordingResponse: every body valid against it (nullable fields "
        "null or set, any price string, any RFC 2822 date form, extra fields, either uri form) "
        "becomes the SDK's recording, not an exception",
        "spec",
        "schema_valid_answer_is_parsed",
    ),
    SdkRequirement(
        "SDK-RESP-VALUES",
        "MUST",
        "every field of CallRecordingResponse the SDK exposes holds the value answered (in the "
        "type the SDK documents: an integer, a decimal number, a date)",
        "spec; each SDK's documented types",
        "fields_hold_the_answered_values",
    ),
    SdkRequirement(
        "SDK-RESP-DATES",
        "MUST",
        "date_created: 'The date, in RFC 2822 format, this recording was created.' (and "
        "date_updated, start_time, end_time): each parses to the instant it names, in any form "
        "RFC 2822 section 3.3 allows (day name optional, one-digit day, no seconds, any "
        "numeric zone, names in any case, a trailing comment)",
        "spec; RFC 2822 section 3.3",
        "dates_parse_to_their_instant",
    ),
    SdkRequirement(
        "SDK-RESP-FIELDS",
        "SHOULD",
        "CallRecordingResponse: required: sid, ..., trim: every field the space always answers "
        "can be read on the SDK's recording",
        "spec",
        "every_field_is_exposed",
    ),
    SdkRequirement(
        "SDK-RESP-ERRORS",
        "MUST",
        "responses '400', '401', '404', '422', '503': CompatibilityErrorResponse (code: "
        "'Error code.', status: 'HTTP status code.'): the SDK raises its exception with that "
        "status and code",
        "spec",
        "error_becomes_the_sdks_exception",
    ),
)
BY_ID = {requirement.id: requirement for requirement in SDK_REQUIREMENTS}


def catalogue() -> list[dict[str, Any]]:
    """Every SDK requirement as the report lists them (the conformance report's shape)."""
    return [
        {"id": r.id, "level": r.level, "text": r.text, "source": r.source, "checks": [r.check]}
        for r in SDK_REQUIREMENTS
    ]
