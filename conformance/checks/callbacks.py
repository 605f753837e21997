"""Checks of the recording status callbacks a create asked for."""

from __future__ import annotations

from collections.abc import Iterator

from recording_conformance.conformance.checks.context import (
    CheckContext,
    Violation,
    applies_when,
    callbacks_received,
    has_sid,
)

EVENT = "RecordingStatusCallbackEvent"
METHOD = "RecordingStatusCallbackMethod"
# Events a recording of a call with audio goes through when it is started and then stopped;
# `absent` only happens to a call without audio, which the suite cannot arrange on a live space.
OBSERVABLE_EVENTS = ("in-progress", "completed")
DOCUMENTED_PARAMETERS = (
    "AccountSid",
    "CallSid",
    "RecordingSid",
    "RecordingUrl",
    "RecordingStatus",
    "RecordingDuration",
    "RecordingChannels",
    "RecordingSource",
)


def _requested_events(context: CheckContext) -> set[str]:
    return set(str(context.requested(EVENT)).split(" "))


def _statuses(context: CheckContext) -> list[str]:
    return [c.params.get("RecordingStatus", "?") for c in context.callbacks]


@applies_when(has_sid)
def callbacks_arrive_for_requested_events(context: CheckContext) -> Iterator[Violation]:
    # "Sent to RecordingStatusCallback ... once per requested event"; default `completed`.
    wanted = sorted(_requested_events(context) & set(OBSERVABLE_EVENTS))
    arrived = _statuses(context)
    missing = [event for event in wanted if event not in arrived]
    if missing:
        yield Violation(
            title="Requested status callbacks did not arrive",
            received=arrived or "no callback",
            documented=f"one callback for each of {', '.join(wanted)}",
            clause="RecordingStatusCallbackEvent: The different recording statuses.",
            key=tuple(missing),
        )


@applies_when(has_sid)
def unrequested_events_are_not_sent(context: CheckContext) -> Iterator[Violation]:
    # Only the requested statuses are called back ("Default is `completed`").
    requested = _requested_events(context)
    extra = [status for status in _statuses(context) if status not in requested]
    if extra:
        yield Violation(
            title="Status callbacks arrived for events nobody asked for",
            received=extra,
            documented=f"only {', '.join(sorted(requested))}",
            clause="RecordingStatusCallbackEvent",
            key=tuple(sorted(set(extra))),
        )


@applies_when(has_sid, callbacks_received)
def callback_uses_requested_method(context: CheckContext) -> Iterator[Violation]:
    # RecordingStatusCallbackMethod: "Whether the request ... is a `GET` or a `POST`. Default
    # is `POST`." The method only: where the parameters travel is the platform's documentation
    # (query string or form body), judged with the parameters (REC-CALLBACK-PARAMS).
    method = str(context.requested(METHOD))
    wrong = sorted({c.method for c in context.callbacks if c.method != method})
    if wrong:
        yield Violation(
            title="Status callbacks did not use the requested method",
            received=wrong,
            documented=method,
            clause="RecordingStatusCallbackMethod: Whether the request to "
            "`RecordingStatusCallback` URL is a `GET` or a `POST`. Default is `POST`.",
            key=(method, *wrong),
        )


@applies_when(has_sid, callbacks_received)
def callback_carries_documented_parameters(context: CheckContext) -> Iterator[Violation]:
    # Parameters: AccountSid, CallSid, RecordingSid, RecordingUrl, RecordingStatus, ... in the
    # query string of a GET, the form body of a POST (platform documentation).
    sid = context.body["sid"]
    expected_ids = {"AccountSid": context.target.project_id, "RecordingSid": sid}
    missing: set[str] = set()
    wrong: set[str] = set()
    for callback in context.callbacks:
        params = callback.params
        missing |= {name for name in DOCUMENTED_PARAMETERS if name not in params}
        wrong |= {k for k, v in expected_ids.items() if v and params.get(k) not in (None, v)}
    if missing or wrong:
        problems = [f"missing {', '.join(sorted(missing))}"] if missing else []
        problems += [f"wrong {', '.join(sorted(wrong))}"] if wrong else []
        yield Violation(
            title="Status callbacks lack documented parameters",
            received="; ".join(problems),
            documented=", ".join(DOCUMENTED_PARAMETERS) + " (naming this recording)",
            key=(
                *(f"missing {name}" for name in sorted(missing)),
                *(f"wrong {n}" for n in sorted(wrong)),
            ),
        )
