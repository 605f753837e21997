"""The callbacks the recorded run received for one create, and those the replay received for
the same create, compared: which events came, then, for each event both saw, its method, its
media type and each of its parameters (the recorded ones after substitution)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from recording_conformance.conformance.replay import allowances
from recording_conformance.conformance.replay.compare import ABSENT, Comparison, Difference, allow
from recording_conformance.conformance.replay.entries import Delivery, RecordedTarget
from recording_conformance.conformance.replay.substitution import Substitution

EVENTS = "callback events"


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _first_of_each(deliveries: Sequence[Delivery]) -> dict[str, Delivery]:
    first: dict[str, Delivery] = {}
    for delivery in deliveries:
        first.setdefault(delivery.status, delivery)
    return first


def compare_deliveries(
    recorded: Sequence[Delivery],
    replayed: Sequence[Delivery],
    *,
    target: RecordedTarget,
    substitution: Substitution,
    exact: bool,
) -> Comparison:
    result = Comparison()
    old, new = [d.status for d in recorded], [d.status for d in replayed]
    if set(old) != set(new):
        result.differences.append(Difference(EVENTS, sorted(set(old)), sorted(set(new))))
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
        before = first_old[status]
        params = {k: substitution.text(v, target) for k, v in before.params.items()}
        _compare_one(result, f"callback {status}", before, params, first_new[status], exact)
    return result


def _compare_one(
    result: Comparison,
    label: str,
    recorded: Delivery,
    recorded_params: dict[str, str],
    replayed: Delivery,
    exact: bool,
) -> None:
    if recorded.method != replayed.method:
        # Where the parameters travel follows from the method: the method says it all.
        result.differences.append(Difference(f"{label}: method", recorded.method, replayed.method))
        return
    if recorded.method == "POST":
        media = _media_type(recorded.content_type), _media_type(replayed.content_type)
        if media[0] != media[1]:
            # A body that is no form carries none of the parameters: the media type says it all.
            result.differences.append(Difference(f"{label}: media type", *media))
            return
    for name in sorted(recorded_params.keys() | replayed.params.keys()):
        before: Any = recorded_params.get(name, ABSENT)
        after: Any = replayed.params.get(name, ABSENT)
        if before != after:
            freedom = allowances.callback_parameter_freedom(name, before, after)
            allow(result, freedom, Difference(f"{label}: {name}", before, after), exact=exact)
