"""A replay's result, for a person: each differing request with its curl and both answers,
then one summary line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from conformance.replay.replayer import Compared, ReplayResult

EXCERPT = 600


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 200 else text[:200] + "..."


def _answer(status: int, text: str) -> str:
    body = text if len(text) <= EXCERPT else text[:EXCERPT] + "..."
    return f"{status} {body or '(empty body)'}"


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
    yield f"  replayed answer: {_answer(replayed.status, replayed.response_excerpt())}"


def summary_lines(result: ReplayResult, target: str) -> Iterator[str]:
    differing = result.differing
    yield (
        f"replayed {len(result.compared)} requests against {target}: "
        f"{len(differing)} answered differently" + ("" if differing else " (no difference)")
    )
    for reason, count in sorted(result.skipped.items()):
        yield f"  not sent: {count} ({reason})"
    if result.allowed:
        allowed = ", ".join(f"{freedom} x{n}" for freedom, n in sorted(result.allowed.items()))
        yield f"  differences the spec allows, not reported: {allowed}"
    if result.cleaned_up:
        yield f"  stopped {result.cleaned_up} recordings the replay created and left running"


def lines(result: ReplayResult, target: str) -> Iterator[str]:
    for compared in result.differing:
        yield from difference_lines(compared)
    yield from summary_lines(result, target)
