"""Checks of what happens to a created recording: it can be fetched as created, and stopped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from recording_conformance.conformance.checks.context import (
    CheckContext,
    Violation,
    applies_when,
    recording_created,
)

# Fields a fetch must answer as the create did: identity and what was asked for.
STABLE_FIELDS = ("sid", "account_sid", "call_sid", "channels", "channel", "trim", "source")
FINISHED = ("stopped", "completed", "absent")


def _body(exchange: Any) -> dict[str, Any]:
    body = exchange.json() if exchange is not None else None
    return body if isinstance(body, dict) else {}


@applies_when(recording_created)
def fetched_recording_matches_create(context: CheckContext) -> Iterator[Violation]:
    # Fetch: GET .../Recordings/{Sid}.json answers the recording (platform documentation).
    if context.exchange.status != 200:
        yield Violation(
            title="A created recording could not be fetched",
            received=context.exchange.status,
            documented="200 with the recording",
            key=(context.exchange.status,),
        )
        return
    created, fetched = _body(context.created), _body(context.exchange)
    different = sorted(k for k in STABLE_FIELDS if created.get(k) != fetched.get(k))
    if different:
        yield Violation(
            title="The fetched recording differs from what create answered",
            received={k: fetched.get(k) for k in different},
            documented={k: created.get(k) for k in different},
            key=tuple(different),
        )


@applies_when(recording_created)
def stop_is_honoured(context: CheckContext) -> Iterator[Violation]:
    # Update with Status=stopped stops the recording (platform documentation): the answer, or
    # a fetch right after it, says it has ended (a space may finish stopping a moment after it
    # answers).
    answered = _body(context.exchange).get("status")
    later = _body(context.followup).get("status") if context.followup else answered
    status = context.exchange.status
    if status != 200 or (answered not in FINISHED and later not in FINISHED):
        yield Violation(
            title="Status=stopped did not stop the recording",
            received={"stop answered": status, "status": answered, "status fetched after": later},
            documented=f"200, and a status among {', '.join(FINISHED)} in it or a fetch after",
            key=("not-stopped",) if status == 200 else (status,),
        )
