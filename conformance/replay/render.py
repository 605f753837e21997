"""A replay's result, for a person: each differing request with its curl and both answers,
then one summary line."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from recording_conformance.conformance.cassette.callbacks import (
    METHOD_PARAMETER,
    create_parameter,
    requested_events,
)
from recording_conformance.conformance.replay.allowances import is_date
from recording_conformance.conformance.replay.compare import Compared
from recording_conformance.conformance.replay.entries import Delivery, RecordedEntry
from recording_conformance.conformance.replay.replayer import ReplayResult

EXCERPT = 600


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 200 else text[:200] + "..."


def _answer(status: int, text: str) -> str:
    body = text if len(text) <= EXCERPT else text[:EXCERPT] + "..."
    return f"{status} {body or '(empty body)'}"


def _deliveries(deliveries: Iterable[Delivery]) -> str:
    shown = [
        f"{d.status} by {d.method}" + (f" ({d.content_type})" if d.method == "POST" else "")
        for d in deliveries
    ]
    return ", ".join(shown) or "none"


def _asked(entry: RecordedEntry) -> str:
    body, kind = entry.request_body, entry.content_type
    events = " ".join(sorted(requested_events(kind, body)))
    method = create_parameter(kind, body, METHOD_PARAMETER) or "POST"
    return f"events {events}, method {method}"


def difference_lines(compared: Compared) -> Iterator[str]:
    entry, replayed = compared.entry, compared.replayed
    yield f"DIFFERENT {entry.label}"
    yield f"  {replayed.curl()}"
    for difference in compared.comparison.differences:
        yield (
            f"  {difference.what}: recorded {_shown(difference.recorded)}, "
            f"replayed {_shown(difference.replayed)}"
        )
    yield f"  recorded answer: {_answer(entry.status, entry.response_text)}"
    if replayed.status:
        yield f"  replayed answer: {_answer(replayed.status, replayed.response_excerpt())}"
    else:
        yield "  replayed answer: none"
    if entry.callbacks is not None and any(
        d.what.startswith("callback") for d in compared.comparison.differences
    ):
        # The callback test makes all its recordings in its first case's set-up: what this
        # create asked for tells the cases apart.
        yield f"  asked for: {_asked(entry)}"
        yield f"  recorded callbacks: {_deliveries(entry.callbacks.deliveries)}"
        yield f"  replayed callbacks: {_deliveries(compared.deliveries)}"


def _kind(value: Any) -> str:
    # Sids, dates and messages differ from request to request: grouped by what they are.
    if is_date(value):
        return "an RFC 2822 date"
    if isinstance(value, str) and len(value) > 40:
        return "a long string"
    return _shown(value)


def grouped_lines(result: ReplayResult) -> Iterator[str]:
    """What differs, field by field, with the commonest pairs of values: the overview of a
    replay with many differences."""
    pairs: defaultdict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for compared in result.differing:
        for difference in compared.comparison.differences:
            shown = (_kind(difference.recorded), _kind(difference.replayed))
            pairs[difference.what][shown] += 1
    if pairs:
        yield "differences by field (requests; commonest recorded -> replayed values):"
    for what, counted in sorted(pairs.items(), key=lambda item: -item[1].total()):
        common = "; ".join(f"{a} -> {b} x{n}" for (a, b), n in counted.most_common(4))
        more = f"; {len(counted) - 4} more pairs" if len(counted) > 4 else ""
        yield f"  {what}: {counted.total()} ({common}{more})"


def summary_lines(result: ReplayResult, target: str) -> Iterator[str]:
    differing = result.differing
    yield (
        f"replayed {len(result.compared)} requests against {target}: "
        f"{len(differing)} answered differently" + ("" if differing else " (no difference)")
    )
    for reason, count in sorted(result.skipped.items()):
        yield f"  not sent: {count} ({reason})"
    for reason, count in sorted(result.callbacks_not_compared.items()):
        yield f"  callbacks not compared: {count} creates ({reason})"
    if result.allowed:
        allowed = ", ".join(f"{freedom} x{n}" for freedom, n in sorted(result.allowed.items()))
        yield f"  differences the spec allows, not reported: {allowed}"
    if result.cleaned_up:
        yield f"  stopped {result.cleaned_up} recordings the replay created and left running"


def lines(result: ReplayResult, target: str) -> Iterator[str]:
    for compared in result.differing:
        yield from difference_lines(compared)
    yield from grouped_lines(result)
    yield from summary_lines(result, target)
