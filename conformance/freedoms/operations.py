"""Every documented status of every operation the suite touches, the clean-up included."""

from __future__ import annotations

from recording_conformance.conformance.freedoms.model import (
    OPENAPI_RESPONSES,
    SILENT,
    Choice,
    free,
    required,
)

CHOICES: tuple[Choice, ...] = (
    # (a) Every documented status of every operation the suite touches.
    # Create: POST .../Calls/{CallSid}/Recordings[.json]
    required(
        "REQ-CREATE-SUCCESS-200",
        "the status of a successful create",
        sentence="'200': The request has succeeded.",
        source="spec: responses.'200'",
        answer="200 with a CallRecordingResponse (201 is not documented)",
        requirement="REC-CREATE-ACCEPTED",
    ),
    required(
        "REQ-STATUS-DOCUMENTED",
        "statuses a create may answer at all",
        sentence="responses: '200', '400', '401', '404', '422', '503'",
        source=OPENAPI_RESPONSES,
        answer="one of 200, 400, 401, 404, 422, 503 (201, 403, 405, 429 and 500 are all "
        "undocumented; a 5xx other than a well-formed 503 is never an answer)",
        requirement="REC-STATUS-DOCUMENTED",
    ),
    required(
        "REQ-CONTENT-TYPE-JSON",
        "the media type of every documented answer",
        sentence="content: application/json",
        source="spec: responses.*.content",
        answer="application/json (case and parameters free: FREE-MEDIA-TYPE-FORM)",
        requirement="REC-CONTENT-TYPE",
    ),
    required(
        "REQ-BODY-SCHEMA",
        "the body of every documented answer",
        sentence="'200': $ref CallRecordingResponse; '400', '401', '404', '422', '503': $ref "
        "CompatibilityErrorResponse",
        source=OPENAPI_RESPONSES,
        answer='a JSON body valid against the status\'s schema (an {"errors": [...]} body '
        "or an HTML page is not)",
        requirement="REC-BODY-SCHEMA",
    ),
    free(
        "FREE-INVALID-400-OR-422",
        "the status that rejects invalid input",
        sentence="'400': The request was invalid or cannot be processed. Check the error "
        "details for more information. / '422': The request could not be processed due to "
        "validation errors. Check the error details for more information.",
        source="spec: responses.'400', responses.'422'",
        answers=("400", "422", "either, parameter by parameter"),
        variations=("validation-422",),
    ),
    required(
        "REQ-EMPTY-BODY-ACCEPTED",
        "a create with no body (every parameter left to its default)",
        sentence="required: Determines if the request body is required in the request. "
        "Defaults to false.",
        source="OpenAPI 3.1 Request Body Object; spec: requestBody has no `required`",
        answer="200 with the defaults applied",
        requirement="REC-CREATE-ACCEPTED",
    ),
    required(
        "REQ-BOTH-ENCODINGS",
        "the request body's media type",
        sentence="requestBody: content: application/json / Content-Type: "
        "application/x-www-form-urlencoded",
        source="spec: requestBody; spec/source-page.txt (the page's request line)",
        answer="a valid request is accepted JSON-encoded and form-encoded alike",
        requirement="REC-CREATE-ACCEPTED",
    ),
    required(
        "REQ-JSON-SUFFIX",
        "the create path with and without `.json`",
        sentence="`.json` suffix: SignalWire's docs use `.../Recordings.json`; the spec path "
        "has none. SDKs always add it. Accept both.",
        source="platform documentation (SignalWire's Compatibility API, endpoint and transport)",
        answer="both paths behave alike",
        requirement="REC-CREATE-ACCEPTED",
    ),
    # Fetch: GET .../Accounts/{AccountSid}/Recordings/{Sid}.json (platform documentation).
    required(
        "REQ-FETCH-AS-CREATED",
        "fetching a recording just created",
        sentence="Fetch: GET .../Recordings/{Sid}.json answers the recording as created.",
        source="platform documentation (requirement REC-FETCH-MATCHES)",
        answer="200 with the same sid, account_sid, call_sid, channels, channel, trim, source",
        requirement="REC-FETCH-MATCHES",
    ),
    free(
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
    required(
        "REQ-STOP-HONOURED",
        "stopping a recording in progress",
        sentence="Update: POST .../Calls/{CallSid}/Recordings/{Sid} with Status=stopped stops it.",
        source="platform documentation (requirement REC-STOPPABLE)",
        answer="200, and a finished status in the answer and in a fetch after it",
        requirement="REC-STOPPABLE",
    ),
    free(
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
    free(
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
    free(
        "FREE-OTHER-METHODS-ON-PATH",
        "methods other than POST on the create path (a GET list)",
        sentence=SILENT,
        source="spec: the path holds only `post`",
        answers=("served (a list of recordings)", "405", "any other answer"),
        gap="the suite sends no other method to the path (schemathesis's unsupported_method "
        "check is left out for this reason), so nothing needs exercising",
    ),
)
