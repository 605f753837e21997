"""Authentication and addressing."""

from __future__ import annotations

from recording_conformance.conformance.freedoms.model import Choice, free, required

CHOICES: tuple[Choice, ...] = (
    # (g) Authentication and addressing.
    required(
        "REQ-CREDENTIALS-401",
        "missing, malformed or wrong credentials",
        sentence="'401': Authentication failed. Please verify your credentials and try again.",
        source="spec: parameters.Authorization (required: true), responses.'401'; RFC 7617",
        answer="401",
        requirement="REC-AUTH-REQUIRED",
    ),
    free(
        "FREE-OTHER-ACCOUNT-401-OR-404",
        "valid credentials on another account's path",
        sentence="AccountSid: The Project ID that uniquely identifies the Account. / '401': "
        "Authentication failed. / '404': The requested resource was not found.",
        source="spec: path AccountSid, responses.'401', responses.'404' (requirement "
        "REC-ACCOUNT-SCOPE: never a success)",
        answers=("401 (not authorised there)", "404 (not visible)"),
        variations=("other-account-404",),
    ),
    free(
        "FREE-MALFORMED-SID-4XX",
        "a path sid that is not a UUID",
        sentence="The requested resource was not found. Please verify the resource "
        "identifier. / The request was invalid or cannot be processed.",
        source="spec: path AccountSid and CallSid (`format: uuid`), responses.'400', "
        "'401', '404', '422'",
        answers=("400", "401 (AccountSid: the credentials name another project)", "404", "422"),
        variations=("malformed-sid-400", "validation-422"),
    ),
    required(
        "REQ-UNKNOWN-CALL-404",
        "a well-formed CallSid the space does not know",
        sentence="'404': The requested resource was not found. Please verify the resource "
        "identifier.",
        source="spec: responses.'404'",
        answer="404",
        requirement="REC-UNKNOWN-CALL",
    ),
)
