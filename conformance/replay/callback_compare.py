"""The callbacks the recorded run received for one create, and those the replay received for
the same create, compared: which events came, then, for each event both saw, its method, its
media type and each of its parameters (the recorded ones after substitution)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from recording_conformance.conformance.replay import allowances
from recording_conformance.conformance.replay.compare import ABSENT, Comparison, Difference, allow
from recording_conformance.conformance.replay.entries import Delivery, RecordedTarget
from recording_conformance.conformance.replay.substitution import Substitution

EVENTS = "callback events"
STATUS = "RecordingStatus"
# The events a recording ends with.
FINISHED = frozenset({"completed", "absent"})


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _first_of_each(deliveries: Sequence[Delivery]) -> dict[str, Delivery]:
    first: dict[str, Delivery] = {}
    for delivery in deliveries:
        first.setdefault(delivery.status, delivery)
    return first


def _finish_renamed(
    old: set[str], new: set[str], requested: frozenset[str]
) -> tuple[str, str] | None:
    """(recorded, replayed) when the two differ only in the event the recording ended with,
    `absent` for `completed` or the other way round, and the create asked for both. Which one
    comes is the call's doing (a call without audio makes an `absent` recording), and either is
    a finished status (FREE-STOPPED-STATUS-NAME); an event nobody asked for is no such choice."""
    gone, came = old - new, new - old
    if len(gone) == len(came) == 1 and gone | came == FINISHED and FINISHED <= requested:
        return next(iter(gone)), next(iter(came))
    return None


def _as_status(delivery: Delivery, status: str) -> Delivery:
    return replace(delivery, params={**delivery.params, STATUS: status})


def compare_deliveries(
    recorded: Sequence[Delivery],
    replayed: Sequence[Delivery],
    *,
    requested: frozenset[str],
    target: RecordedTarget,
    substitution: Substitution,
    exact: bool,
) -> Comparison:
    result = Comparison()
    old_set, new_set = {d.status for d in recorded}, {d.status for d in replayed}
    if old_set != new_set:
        difference = Difference(EVENTS, sorted(old_set), sorted(new_set))
        renamed = _finish_renamed(old_set, new_set, requested)
        if renamed is None:
            result.differences.append(difference)
        else:
            allow(result, "FREE-STOPPED-STATUS-NAME", difference, exact=exact)
            # Compared from here on as the same event.
            was, now = renamed
            replayed = [_as_status(d, was) if d.status == now else d for d in replayed]
    old, new = [d.status for d in recorded], [d.status for d in replayed]
    if Counter(old) != Counter(new) and set(old) == set(new):
        difference = Difference("callback deliveries", sorted(old), sorted(new))
        allow(result, allowances.CALLBACK_DUPLICATES, difference, exact=exact)
    common = set(old) & set(new)
    old_order = [s for s in dict.fromkeys(old) if s in common]
    new_order = [s for s in dict.fromkeys(new) if s in common]
    if old_order != new_order:
        difference = Difference("callback order", old_order, new_order)
        allow(result, allowances.CALLBACK_ORDER, difference, exact=exact)
    first_old, first_new = _first_of_each(recorded), _first_of_each(replayed)
    for status in sorted(common):
        # Every delivery of the event, a repeated one too, on either side: each replayed one
        # against the first recorded, each further recorded one against the first replayed.
        pairs = [(first_old[status], d) for d in replayed if d.status == status]
        pairs += [(d, first_new[status]) for d in recorded if d.status == status][1:]
        for before, after in pairs:
            params = {k: substitution.text(v, target) for k, v in before.params.items()}
            _compare_one(result, f"callback {status}", before, params, after, exact)
    return result


def _compare_one(
    result: Comparison,
    label: str,
    recorded: Delivery,
    recorded_params: dict[str, str],
    replayed: Delivery,
    exact: bool,
) -> None:
    found = Comparison()
    if recorded.method != replayed.method:
        # Where the parameters travel follows from the method: the method says it all.
        found.differences.append(Difference(f"{label}: method", recorded.method, replayed.method))
    elif recorded.method == "POST" and _media_type(recorded.content_type) != _media_type(
        replayed.content_type
    ):
        # A body that is no form carries none of the parameters: the media type says it all.
        media = _media_type(recorded.content_type), _media_type(replayed.content_type)
        found.differences.append(Difference(f"{label}: media type", *media))
    else:
        for name in sorted(recorded_params.keys() | replayed.params.keys()):
            before: Any = recorded_params.get(name, ABSENT)
            after: Any = replayed.params.get(name, ABSENT)
            if before != after:
                freedom = allowances.callback_parameter_freedom(name, before, after)
                allow(found, freedom, Difference(f"{label}: {name}", before, after), exact=exact)
    # A repeated delivery that differs as the first did is one difference, not two.
    reported = {d.what for d in result.differences}
    result.differences += [d for d in found.differences if d.what not in reported]
    allowed = set(result.allowed)
    result.allowed += [a for a in found.allowed if a not in allowed]
