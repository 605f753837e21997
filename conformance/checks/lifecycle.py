"""Checks of what happens to a created recording: it can be fetched as created, and stopped."""

from __future__ import annotations

from typing import Any

from conformance.checks.context import CheckContext, fail

# Fields a fetch must answer as the create did: identity and what was asked for.
STABLE_FIELDS = ("sid", "account_sid", "call_sid", "channels", "channel", "trim", "source")
FINISHED = ("stopped", "completed", "absent")


def _body(exchange: Any) -> dict[str, Any]:
    body = exchange.json() if exchange is not None else None
    return body if isinstance(body, dict) else {}


def fetched_recording_matches_create(context: CheckContext) -> None:
    # Fetch: GET .../Recordings/{Sid}.json answers the recording (platform documentation).
    created = _body(context.created)
    fetched = _body(context.exchange)
    if context.exchange.status != 200:
        raise fail(
            context,
            fetched_recording_matches_create,
            title="A created recording could not be fetched",
            received=context.exchange.status,
            documented="200 with the recording",
            key=str(context.exchange.status),
        )
    different = {
        k: (created.get(k), fetched.get(k))
        for k in STABLE_FIELDS
        if created.get(k) != fetched.get(k)
    }
    if different:
        raise fail(
            context,
            fetched_recording_matches_create,
            title="The fetched recording differs from what create answered",
            received={k: fetched for k, (_, fetched) in different.items()},
            documented={k: created for k, (created, _) in different.items()},
            key=",".join(sorted(different)),
        )


def stop_is_honoured(context: CheckContext) -> None:
    # Update with Status=stopped stops the recording (platform documentation); afterwards it
    # is not running.
    answered = _body(context.exchange).get("status")
    later = _body(context.followup).get("status") if context.followup else answered
    if context.exchange.status != 200 or answered not in FINISHED or later not in FINISHED:
        raise fail(
            context,
            stop_is_honoured,
            title="Status=stopped did not stop the recording",
            received={
                "stop answered": context.exchange.status,
                "status": answered,
                "status fetched after": later,
            },
            documented=f"200, then a status among {', '.join(FINISHED)}",
            key="not-stopped" if context.exchange.status == 200 else str(context.exchange.status),
        )
