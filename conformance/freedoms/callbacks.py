"""Recording status callbacks."""

from __future__ import annotations

from recording_conformance.conformance.freedoms.model import (
    EVENTS,
    METHOD,
    SILENT,
    Choice,
    free,
    required,
)

CHOICES: tuple[Choice, ...] = (
    # (f) Recording status callbacks.
    required(
        "REQ-CALLBACK-REQUESTED-EVENTS",
        "callbacks for the events asked for (completed when none were)",
        sentence=EVENTS,
        source="spec: RecordingStatusCallbackEvent; platform documentation (requirement "
        "REC-CALLBACK-EVENTS)",
        answer="at least one callback for each requested event the recording goes through",
        requirement="REC-CALLBACK-EVENTS",
    ),
    required(
        "REQ-CALLBACK-NO-UNREQUESTED",
        "callbacks for events nobody asked for",
        sentence="Without RecordingStatusCallbackEvent only `completed` is sent.",
        source="platform documentation (requirement REC-CALLBACK-EVENTS)",
        answer="none",
        requirement="REC-CALLBACK-EVENTS",
    ),
    required(
        "REQ-CALLBACK-METHOD",
        "the HTTP method of a callback",
        sentence=METHOD,
        source="spec: RecordingStatusCallbackMethod",
        answer="the method asked for, POST when none was",
        requirement="REC-CALLBACK-METHOD",
    ),
    required(
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
    required(
        "REQ-CALLBACK-PARAMETERS",
        "the parameters of a callback",
        sentence="Parameters: AccountSid, CallSid, RecordingSid, RecordingUrl, "
        "RecordingStatus, RecordingDuration, RecordingChannels, RecordingSource.",
        source="platform documentation (requirement REC-CALLBACK-PARAMS)",
        answer="all eight, AccountSid and RecordingSid naming this recording",
        requirement="REC-CALLBACK-PARAMS",
    ),
    free(
        "FREE-CALLBACK-EXTRA-PARAMETERS",
        "callback parameters beyond the eight",
        sentence=SILENT,
        source="platform documentation lists eight; Twilio adds RecordingStartTime, "
        "RecordingTrack, ErrorCode",
        answers=("the eight only", "further parameters beside them"),
        gap="the mock sends the eight only",
    ),
    free(
        "FREE-CALLBACK-TIMING",
        "when a callback arrives after its event",
        sentence=SILENT,
        source='spec: RecordingStatusCallback ("when recording is available", no bound)',
        answers=("at once", "later (the suite waits 5 s on loopback, 60 s on a remote space)"),
        variations=("callbacks-delayed",),
    ),
    free(
        "FREE-CALLBACK-ORDER",
        "the order callbacks of one recording arrive in",
        sentence=SILENT,
        source="spec: RecordingStatusCallbackEvent",
        answers=("in-progress before completed", "any order"),
        variations=("callbacks-out-of-order",),
    ),
    free(
        "FREE-CALLBACK-DUPLICATES",
        "a callback delivered more than once",
        sentence=SILENT,
        source="spec: RecordingStatusCallback (REC-CALLBACK-EVENTS's \"once per requested "
        'event" is checked as at least once)',
        answers=("once", "more than once (at-least-once delivery)"),
        variations=("callbacks-twice",),
    ),
)
