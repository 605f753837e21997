"""Checks that the right kind of answer came back: accepted, rejected, unauthorised, not found."""

from __future__ import annotations

from conformance.checks.context import Check, CheckContext, fail


def _expect_status(
    context: CheckContext, check: Check, allowed: tuple[int, ...], *, title: str, clause: str
) -> None:
    status = context.exchange.status
    if status not in allowed:
        raise fail(
            context,
            check,
            title=title,
            received=status,
            documented=" or ".join(str(s) for s in allowed),
            clause=clause,
            # One identity for every success, whichever 2xx: it is one bug.
            key="accepted" if 200 <= status < 300 else str(status),
        )


def valid_create_is_accepted(context: CheckContext) -> None:
    # '200': "The request has succeeded." -- the only success the operation documents.
    _expect_status(
        context,
        valid_create_is_accepted,
        (200,),
        title="A valid create was not accepted with 200",
        clause="responses.'200': The request has succeeded.",
    )


def schema_valid_create_is_accepted(context: CheckContext) -> None:
    # CreateCallRecordingRequest has no `additionalProperties: false`: a body with a parameter
    # the spec does not name is still a valid request. Clients send such parameters (newer SDKs,
    # other vendors' names); refusing them is allowed by nothing, but breaks nothing documented
    # either: a SHOULD.
    _expect_status(
        context,
        schema_valid_create_is_accepted,
        (200,),
        title="A request the schema allows was refused",
        clause="CreateCallRecordingRequest (additional properties allowed); responses.'200'",
    )


def invalid_create_is_rejected(context: CheckContext) -> None:
    # '400': "The request was invalid or cannot be processed." / '422': "...validation errors."
    # The spec documents both for invalid input; either is conformant.
    _expect_status(
        context,
        invalid_create_is_rejected,
        (400, 422),
        title="An invalid create was not rejected as invalid",
        clause="responses.'400' / responses.'422'",
    )


def bad_credentials_are_rejected(context: CheckContext) -> None:
    # Authorization: required: true; '401': "Authentication failed. Please verify your
    # credentials and try again."
    _expect_status(
        context,
        bad_credentials_are_rejected,
        (401,),
        title="Missing or wrong credentials were not answered 401",
        clause="parameters.Authorization required: true; responses.'401'",
    )


def other_accounts_are_out_of_reach(context: CheckContext) -> None:
    # AccountSid: "The Project ID that uniquely identifies the Account." Valid credentials of
    # one project on another's path: 401 (not authorised there) or 404 (not visible); the spec
    # documents both and real spaces are known to answer either.
    _expect_status(
        context,
        other_accounts_are_out_of_reach,
        (401, 404),
        title="Another account's path was not refused",
        clause="path AccountSid; responses.'401' / responses.'404'",
    )


def unknown_call_is_not_found(context: CheckContext) -> None:
    # '404': "The requested resource was not found. Please verify the resource identifier."
    _expect_status(
        context,
        unknown_call_is_not_found,
        (404,),
        title="A call the space does not know was not answered 404",
        clause="responses.'404': The requested resource was not found.",
    )


def malformed_sid_is_rejected(context: CheckContext) -> None:
    # AccountSid and CallSid are `format: uuid`: anything else identifies nothing. Which 4xx
    # is open (401 for a foreign account, 404 for no such call, 400/422 as invalid input).
    _expect_status(
        context,
        malformed_sid_is_rejected,
        (400, 401, 404, 422),
        title="A malformed sid in the path was not refused",
        clause="path parameters `format: uuid`; responses 400/401/404/422",
    )
