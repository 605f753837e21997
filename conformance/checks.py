"""Every conformance check, registered in one place.

A check is a plain function named for the property it asserts. All take a `CheckContext` and
raise `ConformanceFailure` when the target departs from the spec; the sentence of the spec each
one enforces is quoted beside it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from jsonschema.exceptions import best_match

from conformance.exchange import Exchange
from conformance.failures import ConformanceFailure
from conformance.request import CreateRequest
from conformance.target import Target
from spec import Spec


class Expectation(enum.Enum):
    """What the request that produced an exchange should lead to."""

    VALID_CREATE = "a valid create"
    INVALID_CREATE = "an invalid create"
    NO_CREDENTIALS = "a request without credentials"


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may look at: the spec, the target, what was sent, what came back."""

    spec: Spec
    target: Target
    exchange: Exchange
    request: CreateRequest | None = None


Check = Callable[[CheckContext], None]


@dataclass(frozen=True)
class RegisteredCheck:
    name: str
    function: Check
    # None: the check applies to every response.
    applies_to: frozenset[Expectation] | None


CHECKS: dict[str, RegisteredCheck] = {}


def check(*applies_to: Expectation) -> Callable[[Check], Check]:
    """Register a check; with no arguments it applies to every response."""

    def register(function: Check) -> Check:
        CHECKS[function.__name__] = RegisteredCheck(
            function.__name__, function, frozenset(applies_to) or None
        )
        return function

    return register


def checks_for(expectation: Expectation | None) -> list[RegisteredCheck]:
    """The checks that apply to a response of `expectation` (every-response checks first)."""
    universal = [c for c in CHECKS.values() if c.applies_to is None]
    specific = [c for c in CHECKS.values() if c.applies_to and expectation in c.applies_to]
    return universal + specific


def run_checks(context: CheckContext, expectation: Expectation | None) -> None:
    """Run every applicable check; raise the first failure, noting the others."""
    __tracebackhide__ = True
    failures: list[ConformanceFailure] = []
    for registered in checks_for(expectation):
        try:
            registered.function(context)
        except ConformanceFailure as failure:
            failures.append(failure)
    if failures:
        first = failures[0]
        for other in failures[1:]:
            first.add_note(f"Also failed: [{other.check}] {other.title}")
        raise first


def _fail(context: CheckContext, check_name: str, **details: Any) -> ConformanceFailure:
    return ConformanceFailure(check=check_name, exchange=context.exchange, **details)


def _success_body(context: CheckContext) -> dict[str, Any] | None:
    """The body of an accepted create; None when the create was not accepted (another check
    reports that), so that echo checks do not pile on."""
    body = context.exchange.json()
    if 200 <= context.exchange.status < 300 and isinstance(body, dict):
        return body
    return None


def _requested(context: CheckContext, name: str) -> object:
    """The value the request asked for, or the spec's default when it left the parameter out."""
    meaning = context.request.meaning() if context.request else {}
    return meaning.get(name, context.spec.parameters[name].default)


# --- Every response ---------------------------------------------------------------------------


@check()
def status_code_is_documented(context: CheckContext) -> None:
    # responses: '200', '400', '401', '404', '422', '503' -- nothing else is documented.
    documented = context.spec.documented_statuses
    status = context.exchange.status
    if status not in documented:
        raise _fail(
            context,
            "status_code_is_documented",
            title="Undocumented status code",
            received=status,
            documented=", ".join(str(s) for s in sorted(documented)),
            clause="responses of POST /Accounts/{AccountSid}/Calls/{CallSid}/Recordings",
            key=str(status),
        )


@check()
def content_type_is_json(context: CheckContext) -> None:
    # Every documented response has `content: application/json`.
    status = context.exchange.status
    if status not in context.spec.documented_statuses:
        return  # status_code_is_documented reports it
    media_type = context.exchange.content_type.split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise _fail(
            context,
            "content_type_is_json",
            title="Response is not JSON",
            received=context.exchange.content_type or "(no Content-Type)",
            documented="application/json",
            clause=f"responses.'{status}'.content: application/json",
            key=str(status),
        )


@check()
def body_matches_response_schema(context: CheckContext) -> None:
    # 200 -> CallRecordingResponse; 400/401/404/422/503 -> CompatibilityErrorResponse.
    status = context.exchange.status
    schema_name = context.spec.response_schema_name(status)
    if schema_name is None:
        return  # status_code_is_documented reports it
    body = context.exchange.json()
    if body is None:
        raise _fail(
            context,
            "body_matches_response_schema",
            title=f"{status} body is not JSON",
            received=context.exchange.response_excerpt()[:200] or "(empty body)",
            documented=f"a JSON {schema_name}",
            key=f"{status}:not-json",
        )
    error = best_match(context.spec.validator(schema_name).iter_errors(body))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(body)"
        raise _fail(
            context,
            "body_matches_response_schema",
            title=f"{status} body does not match {schema_name}",
            received=f"at {where}: {error.message}",
            documented=f"{schema_name} ({'/'.join(str(p) for p in error.schema_path)})",
            clause=f"responses.'{status}' schema $ref: #/components/schemas/{schema_name}",
            key=f"{status}:{'/'.join(str(p) for p in error.relative_schema_path)}",
        )


# --- Outcomes -----------------------------------------------------------------------------------


@check(Expectation.VALID_CREATE)
def valid_create_is_accepted(context: CheckContext) -> None:
    # '200': "The request has succeeded." -- the only success the operation documents.
    status = context.exchange.status
    if status != 200:
        raise _fail(
            context,
            "valid_create_is_accepted",
            title="A valid create was not accepted",
            received=status,
            documented="200 with a CallRecordingResponse",
            clause="responses.'200': The request has succeeded.",
            key=str(status),
        )


@check(Expectation.INVALID_CREATE)
def invalid_create_is_rejected(context: CheckContext) -> None:
    # '400': "The request was invalid or cannot be processed." / '422': "...validation errors."
    # The spec documents both for invalid input; either is conformant.
    status = context.exchange.status
    if status not in (400, 422):
        raise _fail(
            context,
            "invalid_create_is_rejected",
            title="An invalid create was not rejected as invalid",
            received=status,
            documented="400 or 422 with a CompatibilityErrorResponse",
            clause="responses.'400' / responses.'422'",
            key="accepted" if 200 <= status < 300 else str(status),
        )


@check(Expectation.NO_CREDENTIALS)
def missing_credentials_are_rejected(context: CheckContext) -> None:
    # Authorization: required: true; '401': "Authentication failed."
    status = context.exchange.status
    if status != 401:
        raise _fail(
            context,
            "missing_credentials_are_rejected",
            title="A request without credentials was not answered 401",
            received=status,
            documented="401 with a CompatibilityErrorResponse",
            clause="parameters.Authorization required: true; responses.'401'",
            key=str(status),
        )


# --- Accepted creates, beyond the schema -------------------------------------------------------

# CallRecordingResponseChannels: "Returns '1' for mono or '2' for stereo."
CHANNEL_COUNTS = {"mono": "1", "dual": "2"}


@check(Expectation.VALID_CREATE)
def channels_match_request(context: CheckContext) -> None:
    # RecordingChannels: "Can be `mono` ... or `dual` ... Default is `mono`."
    body = _success_body(context)
    if body is None:
        return
    requested = _requested(context, "RecordingChannels")
    expected = CHANNEL_COUNTS[str(requested)]
    received = {"channels": body.get("channels"), "channel": body.get("channel")}
    if received != {"channels": expected, "channel": expected}:
        raise _fail(
            context,
            "channels_match_request",
            title="channels/channel do not match RecordingChannels",
            received=received,
            documented=f"both {expected!r} for RecordingChannels={requested}",
            clause="CallRecordingResponseChannels: Returns '1' for mono or '2' for stereo.",
            key=str(requested),
        )


@check(Expectation.VALID_CREATE)
def trim_echoes_request(context: CheckContext) -> None:
    # Trim: "Whether leading and trailing silence is trimmed ... Default is `do-not-trim`."
    body = _success_body(context)
    if body is None:
        return
    expected = _requested(context, "Trim")
    if body.get("trim") != expected:
        raise _fail(
            context,
            "trim_echoes_request",
            title="trim does not echo Trim",
            received=body.get("trim", "(missing)"),
            documented=expected,
            clause="CreateCallRecordingRequestTrim: Default is `do-not-trim`.",
            key=str(expected),
        )


@check(Expectation.VALID_CREATE)
def ids_match_path(context: CheckContext) -> None:
    # account_sid: "the account that is associated with this recording"; call_sid: "the call".
    body = _success_body(context)
    if body is None:
        return
    url = context.exchange.url
    account = url.split("/Accounts/", 1)[1].split("/", 1)[0]
    call = url.split("/Calls/", 1)[1].split("/", 1)[0]
    received = {"account_sid": body.get("account_sid"), "call_sid": body.get("call_sid")}
    expected = {"account_sid": account, "call_sid": call}
    if received != expected:
        wrong = sorted(k for k in expected if received[k] != expected[k])
        raise _fail(
            context,
            "ids_match_path",
            title="Recording ids do not match the path",
            received=received,
            documented=expected,
            clause="path parameters AccountSid and CallSid",
            key=",".join(wrong),
        )


def _leaks(exchange: Exchange) -> Iterable[str]:
    sanitizer = exchange.sanitizer
    for name, value in exchange.response_headers.items():
        if sanitizer.contains_secret(value):
            yield f"header {name}"
    if sanitizer.contains_secret(exchange.response_body.decode("utf-8", "replace")):
        yield "body"


@check()
def credentials_never_leak(context: CheckContext) -> None:
    # The API token is a secret; no answer has a reason to carry it back.
    where = list(_leaks(context.exchange))
    if where:
        raise _fail(
            context,
            "credentials_never_leak",
            title="The response carries the API token",
            received=f"the token (masked here) in the {', '.join(where)}",
            documented="no credential in any response",
            key=",".join(where),
        )
