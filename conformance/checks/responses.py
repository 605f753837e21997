"""Checks every answer of Create a Recording must pass, whatever was sent."""

from __future__ import annotations

from collections.abc import Iterator

from jsonschema.exceptions import best_match

from recording_conformance.conformance.checks.context import (
    CheckContext,
    Violation,
    applies_when,
    documented_status,
    error_answer,
)
from recording_conformance.conformance.exchange import Exchange


def _path(parts: object) -> str:
    return "/".join(str(p) for p in parts) if isinstance(parts, list | tuple) else str(parts)


def status_code_is_documented(context: CheckContext) -> Iterator[Violation]:
    # responses: '200', '400', '401', '404', '422', '503' -- nothing else is documented.
    documented = context.spec.documented_statuses
    status = context.exchange.status
    if status not in documented:
        yield Violation(
            title="Undocumented status code",
            received=status,
            documented=", ".join(str(s) for s in sorted(documented)),
            clause="responses of POST /Accounts/{AccountSid}/Calls/{CallSid}/Recordings",
            key=(status,),
        )


@applies_when(documented_status)
def content_type_is_json(context: CheckContext) -> Iterator[Violation]:
    # Every documented response has `content: application/json`. Media types are compared
    # case-insensitively and without parameters (RFC 9110 section 8.3.1).
    status = context.exchange.status
    media_type = context.exchange.content_type.split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        yield Violation(
            title="Response is not JSON",
            received=context.exchange.content_type or "(no Content-Type)",
            documented="application/json",
            clause=f"responses.'{status}'.content: application/json",
            key=(status, media_type),
        )


@applies_when(documented_status)
def body_matches_response_schema(context: CheckContext) -> Iterator[Violation]:
    # 200 -> CallRecordingResponse; 400/401/404/422/503 -> CompatibilityErrorResponse.
    status = context.exchange.status
    schema_name = context.spec.response_schema_name(status)
    assert schema_name is not None
    body = context.exchange.json()
    if body is None:
        yield Violation(
            title=f"{status} body is not JSON",
            received=context.exchange.response_excerpt()[:200] or "(empty body)",
            documented=f"a JSON {schema_name}",
            key=(status, "not-json"),
        )
        return
    error = best_match(context.spec.validator(schema_name).iter_errors(body))
    if error is not None:
        yield Violation(
            title=f"{status} body does not match {schema_name}",
            received=f"at {_path(error.absolute_path) or '(body)'}: {error.message}",
            documented=f"{schema_name} ({_path(error.schema_path)})",
            clause=f"responses.'{status}' schema $ref: #/components/schemas/{schema_name}",
            key=(status, _path(error.relative_schema_path)),
        )


@applies_when(error_answer)
def error_status_matches_http_status(context: CheckContext) -> Iterator[Violation]:
    # CompatibilityErrorResponse.status: "HTTP status code." A missing `status` is the
    # schema check's to report.
    body = context.exchange.json()
    if "status" in body and body["status"] != context.exchange.status:
        yield Violation(
            title="Error body `status` differs from the HTTP status",
            received=body["status"],
            documented=context.exchange.status,
            clause="CompatibilityErrorResponse.status: HTTP status code.",
            key=(context.exchange.status,),
        )


@applies_when(error_answer)
def error_details_are_useful(context: CheckContext) -> Iterator[Violation]:
    # message: "Error message."; more_info: "URL for more information about the error."
    # Wording and which URL are the space's choice, absolute or relative to the request (RFC
    # 3986 section 5.1.3); an empty message, and a more_info that is empty or holds whitespace
    # (no URL reference at all), are not.
    body = context.exchange.json()
    message, more_info = body.get("message"), body.get("more_info")
    problems: list[str] = []
    if isinstance(message, str) and not message.strip():
        problems.append("message")
    if isinstance(more_info, str) and (not more_info or any(c.isspace() for c in more_info)):
        problems.append("more_info")
    if problems:
        yield Violation(
            title="Error body gives no usable details",
            received={name: body.get(name) for name in problems},
            documented="a non-empty message and a more_info URL",
            clause="CompatibilityErrorResponse.message: Error message. / more_info: URL for "
            "more information about the error.",
            key=tuple(problems),
        )


def _leaks(exchange: Exchange) -> Iterator[str]:
    sanitizer = exchange.sanitizer
    for name, value in exchange.response_headers.items():
        if sanitizer.contains_secret(value):
            yield f"header {name.lower()}"
    if sanitizer.contains_secret(exchange.response_body.decode("utf-8", "replace")):
        yield "body"


def credentials_never_leak(context: CheckContext) -> Iterator[Violation]:
    # The API token (and any password the suite sent) is a secret: no answer carries it back.
    where = tuple(_leaks(context.exchange))
    if where:
        yield Violation(
            title="The response carries a credential the suite sent",
            received=f"a credential (masked here) in the {', '.join(where)}",
            documented="no credential in any response",
            key=where,
        )
