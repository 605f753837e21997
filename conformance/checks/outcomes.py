"""Checks that the right kind of answer came back: accepted, rejected, unauthorised, not found."""

from __future__ import annotations

from collections.abc import Iterator

from recording_conformance.conformance.checks.context import CheckContext, Violation


def _expect_status(
    context: CheckContext, allowed: tuple[int, ...], *, title: str, clause: str
) -> Iterator[Violation]:
    status = context.exchange.status
    if status not in allowed:
        yield Violation(
            title=title,
            received=status,
            documented=" or ".join(str(s) for s in allowed),
            clause=clause,
            # One identity for every success, whichever 2xx: it is one bug.
            key=("accepted",) if 200 <= status < 300 else (status,),
        )


def valid_create_is_accepted(context: CheckContext) -> Iterator[Violation]:
    # '200': "The request has succeeded." -- the only success the operation documents.
    yield from _expect_status(
        context,
        (200,),
        title="A valid create was not accepted with 200",
        clause="responses.'200': The request has succeeded.",
    )


def schema_valid_create_is_accepted(context: CheckContext) -> Iterator[Violation]:
    # CreateCallRecordingRequest has no `additionalProperties: false`: a body with a parameter
    # the spec does not name is still a valid request. Clients send such parameters (newer SDKs,
    # other vendors' names); refusing them is allowed by nothing, but breaks nothing documented
    # either: a SHOULD.
    yield from _expect_status(
        context,
        (200,),
        title="A request the schema allows was refused",
        clause="CreateCallRecordingRequest (additional properties allowed); responses.'200'",
    )


def invalid_create_is_rejected(context: CheckContext) -> Iterator[Violation]:
    # '400': "The request was invalid or cannot be processed." / '422': "...validation errors."
    # The spec documents both for invalid input; either is conformant.
    yield from _expect_status(
        context,
        (400, 422),
        title="An invalid create was not rejected as invalid",
        clause="responses.'400' / responses.'422'",
    )


def bad_credentials_are_rejected(context: CheckContext) -> Iterator[Violation]:
    # Authorization: required: true; '401': "Authentication failed. Please verify your
    # credentials and try again."
    yield from _expect_status(
        context,
        (401,),
        title="Missing or wrong credentials were not answered 401",
        clause="parameters.Authorization required: true; responses.'401'",
    )


def other_accounts_are_out_of_reach(context: CheckContext) -> Iterator[Violation]:
    # AccountSid: "The Project ID that uniquely identifies the Account." Valid credentials of
    # one project on another's path: 401 (not authorised there) or 404 (not visible); the spec
    # documents both and real spaces are known to answer either.
    yield from _expect_status(
        context,
        (401, 404),
        title="Another account's path was not refused",
        clause="path AccountSid; responses.'401' / responses.'404'",
    )


def unknown_call_is_not_found(context: CheckContext) -> Iterator[Violation]:
    # '404': "The requested resource was not found. Please verify the resource identifier."
    yield from _expect_status(
        context,
        (404,),
        title="A call the space does not know was not answered 404",
        clause="responses.'404': The requested resource was not found.",
    )


def malformed_sid_is_rejected(context: CheckContext) -> Iterator[Violation]:
    # AccountSid and CallSid are `format: uuid`: anything else identifies nothing. Which 4xx
    # is open (401 for a foreign account, 404 for no such call, 400/422 as invalid input).
    yield from _expect_status(
        context,
        (400, 401, 404, 422),
        title="A malformed sid in the path was not refused",
        clause="path parameters `format: uuid`; responses 400/401/404/422",
    )
