"""Checks every answer of Create a Recording must pass, whatever was sent."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from jsonschema.exceptions import best_match

from conformance.checks.context import CheckContext, fail
from conformance.exchange import Exchange


def _path(parts: object) -> str:
    return "/".join(str(p) for p in parts) if isinstance(parts, list | tuple) else str(parts)


def status_code_is_documented(context: CheckContext) -> None:
    # responses: '200', '400', '401', '404', '422', '503' -- nothing else is documented.
    documented = context.spec.documented_statuses
    status = context.exchange.status
    if status not in documented:
        raise fail(
            context,
            status_code_is_documented,
            title="Undocumented status code",
            received=status,
            documented=", ".join(str(s) for s in sorted(documented)),
            clause="responses of POST /Accounts/{AccountSid}/Calls/{CallSid}/Recordings",
            key=str(status),
        )


def content_type_is_json(context: CheckContext) -> None:
    # Every documented response has `content: application/json`.
    status = context.exchange.status
    if status not in context.spec.documented_statuses:
        return  # status_code_is_documented reports it
    media_type = context.exchange.content_type.split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise fail(
            context,
            content_type_is_json,
            title="Response is not JSON",
            received=context.exchange.content_type or "(no Content-Type)",
            documented="application/json",
            clause=f"responses.'{status}'.content: application/json",
            key=str(status),
        )


def body_matches_response_schema(context: CheckContext) -> None:
    # 200 -> CallRecordingResponse; 400/401/404/422/503 -> CompatibilityErrorResponse.
    status = context.exchange.status
    schema_name = context.spec.response_schema_name(status)
    if schema_name is None:
        return  # status_code_is_documented reports it
    body = context.exchange.json()
    if body is None:
        raise fail(
            context,
            body_matches_response_schema,
            title=f"{status} body is not JSON",
            received=context.exchange.response_excerpt()[:200] or "(empty body)",
            documented=f"a JSON {schema_name}",
            key=f"{status}:not-json",
        )
    error = best_match(context.spec.validator(schema_name).iter_errors(body))
    if error is not None:
        raise fail(
            context,
            body_matches_response_schema,
            title=f"{status} body does not match {schema_name}",
            received=f"at {_path(error.absolute_path) or '(body)'}: {error.message}",
            documented=f"{schema_name} ({_path(error.schema_path)})",
            clause=f"responses.'{status}' schema $ref: #/components/schemas/{schema_name}",
            key=f"{status}:{_path(error.relative_schema_path)}",
        )


def _error_body(context: CheckContext) -> dict[str, object] | None:
    body = context.exchange.json()
    is_error = context.spec.response_schema_name(context.exchange.status) == (
        "CompatibilityErrorResponse"
    )
    return body if is_error and isinstance(body, dict) else None


def error_status_matches_http_status(context: CheckContext) -> None:
    # CompatibilityErrorResponse.status: "HTTP status code."
    body = _error_body(context)
    if body is None or "status" not in body:
        return  # body_matches_response_schema reports a missing or non-JSON body
    if body["status"] != context.exchange.status:
        raise fail(
            context,
            error_status_matches_http_status,
            title="Error body `status` differs from the HTTP status",
            received=body["status"],
            documented=context.exchange.status,
            clause="CompatibilityErrorResponse.status: HTTP status code.",
            key=str(context.exchange.status),
        )


def error_details_are_useful(context: CheckContext) -> None:
    # message: "Error message."; more_info: "URL for more information about the error."
    body = _error_body(context)
    if body is None:
        return
    message, more_info = body.get("message"), body.get("more_info")
    problems = []
    if isinstance(message, str) and not message.strip():
        problems.append("message is empty")
    if isinstance(more_info, str):
        parts = urlsplit(more_info)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.append(f"more_info {more_info!r} is not an absolute URL")
    if problems:
        raise fail(
            context,
            error_details_are_useful,
            title="Error body gives no usable details",
            received="; ".join(problems),
            documented="a non-empty message and an absolute more_info URL",
            clause="CompatibilityErrorResponse.message / more_info",
            key=",".join(p.split(" ")[0] for p in problems),
        )


def _leaks(exchange: Exchange) -> Iterator[str]:
    sanitizer = exchange.sanitizer
    for name, value in exchange.response_headers.items():
        if sanitizer.contains_secret(value):
            yield f"header {name}"
    if sanitizer.contains_secret(exchange.response_body.decode("utf-8", "replace")):
        yield "body"


def credentials_never_leak(context: CheckContext) -> None:
    # The API token (and any password the suite sent) is a secret: no answer carries it back.
    where = list(_leaks(context.exchange))
    if where:
        raise fail(
            context,
            credentials_never_leak,
            title="The response carries a credential the suite sent",
            received=f"a credential (masked here) in the {', '.join(where)}",
            documented="no credential in any response",
            key=",".join(where),
        )
