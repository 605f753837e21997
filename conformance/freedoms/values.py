"""Every request value class the suite sends as valid, invalid or open."""

from __future__ import annotations

from recording_conformance.conformance.freedoms.model import (
    ACCEPT_OR_REFUSE,
    APPENDIX_C,
    CALLBACK_URL,
    ENUM,
    EVENTS,
    METHOD,
    OPEN_VALUES,
    SILENT,
    Choice,
    free,
    required,
)

CHOICES: tuple[Choice, ...] = (
    # (c) Every request value class the suite sends as valid, invalid or open.
    # The enum parameters: RecordingChannels, RecordingTrack, Trim, RecordingStatusCallbackMethod.
    required(
        "REQ-ENUM-VALUES-ACCEPTED",
        "every enum value, and every enum parameter left out",
        sentence="enum: mono, dual / inbound, outbound, both / trim-silence, do-not-trim / "
        "GET, POST",
        source="spec: CreateCallRecordingRequest* enums",
        answer="200 for every combination (the grid of 216)",
        requirement="REC-CREATE-ACCEPTED",
    ),
    required(
        "REQ-ENUM-OUTSIDE-REJECTED",
        "enum values that are not in the enum: look-alike letters, truncations, repetitions, "
        "swapped separators, numbers, other HTTP methods, over-long values",
        sentence=ENUM,
        source="JSON Schema 2020-12 Validation section 6.1.2 (enum); spec: the four enums",
        answer="rejected with 400 or 422",
        requirement="REC-INVALID-REJECTED",
    ),
    required(
        "REQ-ENUM-CASE-REJECTED",
        "enum values in another letter case (Mono, BOTH, get)",
        sentence=ENUM,
        source='JSON Schema 2020-12 Validation section 6.1.2 and Core section 4.2.2 ("both are '
        'strings, and are the same codepoint-for-codepoint")',
        answer="rejected with 400 or 422",
        requirement="REC-INVALID-REJECTED",
    ),
    required(
        "REQ-ENUM-PADDED-REJECTED",
        "enum values with surrounding whitespace (' mono', 'GET ')",
        sentence=ENUM,
        source="JSON Schema 2020-12 Validation section 6.1.2",
        answer="rejected with 400 or 422",
        requirement="REC-INVALID-REJECTED",
    ),
    required(
        "REQ-ENUM-EMPTY-REJECTED",
        "an enum parameter sent empty",
        sentence=ENUM,
        source="JSON Schema 2020-12 Validation section 6.1.2",
        answer="rejected with 400 or 422",
        requirement="REC-INVALID-REJECTED",
    ),
    required(
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
    required(
        "REQ-EVENTS-SUBSETS-ACCEPTED",
        "any non-empty subset of the events, in any order, one space apart",
        sentence=EVENTS,
        source="spec: CreateCallRecordingRequest.RecordingStatusCallbackEvent",
        answer="200",
        requirement="REC-CREATE-ACCEPTED",
    ),
    required(
        "REQ-EVENTS-UNKNOWN-REJECTED",
        "event lists with a token other than completed / in-progress / absent once split on "
        "commas and whitespace (unknown names, other case, `completed;absent`)",
        sentence="Valid values: completed, in-progress, absent.",
        source="spec: CreateCallRecordingRequest.RecordingStatusCallbackEvent",
        answer="rejected with 400 or 422",
        requirement="REC-INVALID-REJECTED",
    ),
    free(
        "FREE-EVENTS-COMMAS",
        "events separated by commas ('completed,in-progress', 'completed, absent')",
        sentence="To specify multiple events, separate with a space.",
        source="spec: RecordingStatusCallbackEvent (one SignalWire doc example uses commas)",
        answers=(*ACCEPT_OR_REFUSE, "accepted and split on the commas"),
        variations=OPEN_VALUES,
    ),
    free(
        "FREE-EVENTS-WHITESPACE",
        "doubled, surrounding or tab whitespace between events",
        sentence="To specify multiple events, separate with a space.",
        source="spec: RecordingStatusCallbackEvent",
        answers=ACCEPT_OR_REFUSE,
        variations=OPEN_VALUES,
    ),
    free(
        "FREE-EVENTS-REPEATED",
        "an event named twice ('completed in-progress completed')",
        sentence=SILENT,
        source="spec: RecordingStatusCallbackEvent",
        answers=(*ACCEPT_OR_REFUSE, "accepted, the repeat called back once or twice"),
        variations=OPEN_VALUES,
    ),
    free(
        "FREE-EVENTS-EMPTY",
        "RecordingStatusCallbackEvent sent empty",
        sentence=SILENT,
        source="spec: RecordingStatusCallbackEvent (an empty list names no invalid token)",
        answers=(*ACCEPT_OR_REFUSE, "accepted as the default `completed`"),
        variations=OPEN_VALUES,
    ),
    free(
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
    required(
        "REQ-CALLBACK-HTTP-ACCEPTED",
        "absolute http(s) URLs: ports, paths, queries, percent-encoding, punycode hosts",
        sentence=CALLBACK_URL,
        source="spec: CreateCallRecordingRequest.RecordingStatusCallback; RFC 3986 section 4.3",
        answer="200",
        requirement="REC-CREATE-ACCEPTED",
    ),
    required(
        "REQ-CALLBACK-NOT-ABSOLUTE-REJECTED",
        "callbacks that are not absolute URIs even after stripping whitespace and "
        "percent-encoding: empty, relative paths, network-path references, no scheme",
        sentence=f'{CALLBACK_URL} / The term "relative" implies that a "base URI" exists '
        "against which the relative reference is applied.",
        source="spec: RecordingStatusCallback; RFC 3986 section 4.3 (absolute-URI) and "
        "section 5.1 (the spec establishes no base URI)",
        answer="rejected with 400 or 422",
        requirement="REC-INVALID-REJECTED",
    ),
    free(
        "FREE-CALLBACK-RFC3986-CHARS",
        'absolute callbacks holding characters RFC 3986 leaves out (<>"{}|\\^` and '
        "non-ASCII in the path)",
        sentence="A URI is composed from a limited set of characters consisting of digits, "
        "letters, and a few graphic symbols. / " + APPENDIX_C,
        source="RFC 3986 section 2 and Appendix C; `format: uri` is an annotation (JSON Schema "
        "2020-12 Validation section 7.2.1)",
        answers=(*ACCEPT_OR_REFUSE, "accepted and percent-encoded when called"),
        variations=OPEN_VALUES,
    ),
    free(
        "FREE-CALLBACK-WHITESPACE",
        "surrounding or embedded whitespace in an absolute callback (tabs, newlines too)",
        sentence=APPENDIX_C,
        source="RFC 3986 Appendix C",
        answers=(*ACCEPT_OR_REFUSE, "accepted with the whitespace stripped or encoded"),
        variations=OPEN_VALUES,
    ),
    free(
        "FREE-CALLBACK-SCHEME",
        "absolute callbacks of schemes other than http(s) (ftp:, mailto:, urn:, wss:)",
        sentence=METHOD,
        source="spec: RecordingStatusCallbackMethod (callbacks are HTTP requests); RFC 3986 "
        "section 4.3 (they are absolute URIs)",
        answers=ACCEPT_OR_REFUSE,
        variations=OPEN_VALUES,
    ),
    free(
        "FREE-CALLBACK-SCHEME-CASE",
        "an upper-case scheme and host (HTTPS://EXAMPLE.COM/status)",
        sentence="An implementation should accept uppercase letters as equivalent to "
        'lowercase in scheme names (e.g., allow "HTTP" as well as "http") for the sake of '
        "robustness but should only produce lowercase scheme names for consistency.",
        source="RFC 3986 section 3.1",
        answers=ACCEPT_OR_REFUSE,
        variations=OPEN_VALUES,
    ),
    free(
        "FREE-CALLBACK-IRI",
        "raw internationalised IRIs (https://bücher.example/ünïcode)",
        sentence="A URI is composed from a limited set of characters consisting of digits, "
        "letters, and a few graphic symbols.",
        source="RFC 3986 section 2 (a raw IRI is not a URI; RFC 3987 section 3.1 maps it to one)",
        answers=(*ACCEPT_OR_REFUSE, "accepted and mapped to a URI when called"),
        variations=OPEN_VALUES,
    ),
    free(
        "FREE-CALLBACK-FRAGMENT",
        "a callback with a fragment (#fragment)",
        sentence="the fragment identifier is separated from the rest of the URI prior to a "
        "dereference",
        source="RFC 3986 section 3.5",
        answers=(*ACCEPT_OR_REFUSE, "accepted, the fragment dropped when called"),
        variations=OPEN_VALUES,
    ),
    free(
        "FREE-CALLBACK-IP-LITERAL",
        "callbacks on IP literals (http://192.0.2.10/, http://[2001:db8::1]/)",
        sentence="The host subcomponent of authority is identified by an IP literal "
        "encapsulated within square brackets, an IPv4 address in dotted-decimal form, or a "
        "registered name.",
        source="RFC 3986 section 3.2.2 (valid URIs; a space may still refuse to call "
        "addresses rather than names)",
        answers=ACCEPT_OR_REFUSE,
        variations=OPEN_VALUES,
    ),
    free(
        "FREE-CALLBACK-NO-HOST",
        "absolute URIs with no host (http://, https:/example.com/status)",
        sentence='A sender MUST NOT generate an "http" URI with an empty host identifier. A '
        "recipient that processes such a URI reference MUST reject it as invalid.",
        source="RFC 9110 section 4.2.1 (binds the space only when it calls the URI; the "
        "create answer is open)",
        answers=ACCEPT_OR_REFUSE,
        variations=OPEN_VALUES,
    ),
    required(
        "REQ-CALLBACK-LONG-ACCEPTED",
        "callbacks of 2000 to 8000 characters",
        sentence="It is RECOMMENDED that all senders and recipients support, at a minimum, "
        "URIs with lengths of 8000 octets in protocol elements.",
        source="RFC 9110 section 4.1 (a recommendation: refusing one is a warning)",
        answer="accepted with 200",
        requirement="REC-SCHEMA-VALID-ACCEPTED",
    ),
    free(
        "FREE-CALLBACK-VERY-LONG",
        "callbacks longer than 8000 octets (20000 characters)",
        sentence="It is RECOMMENDED that all senders and recipients support, at a minimum, "
        "URIs with lengths of 8000 octets in protocol elements.",
        source="RFC 9110 section 4.1",
        answers=ACCEPT_OR_REFUSE,
        variations=OPEN_VALUES,
    ),
    free(
        "FREE-CALLBACK-USERINFO",
        "http(s) callbacks with userinfo (https://hook:secret@example.com/status)",
        sentence='Before making use of an "http" or "https" URI reference received from an '
        "untrusted source, a recipient SHOULD parse for userinfo and treat its presence as an "
        "error; it is likely being used to obscure the authority for the sake of phishing "
        "attacks.",
        source="RFC 9110 section 4.2.4",
        answers=ACCEPT_OR_REFUSE,
        variations=OPEN_VALUES,
    ),
    required(
        "REQ-UNKNOWN-PARAMETERS-ACCEPTED",
        "parameters the spec does not name (FriendlyName, Timeout, recordingchannels, ...)",
        sentence="Omitting this keyword has the same assertion behavior as an empty schema.",
        source="JSON Schema 2020-12 Core section 10.3.2.3; spec: CreateCallRecordingRequest "
        "has no additionalProperties (requirement REC-SCHEMA-VALID-ACCEPTED, a SHOULD)",
        answer="200 (refusing is a warning, which strict exercises)",
        requirement="REC-SCHEMA-VALID-ACCEPTED",
    ),
)
