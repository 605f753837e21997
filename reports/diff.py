"""Compare two reports requirement by requirement: what was fixed, what regressed.

A requirement that passed and is no longer judged (not exercised, skipped) has regressed too: a
run that tested less is no evidence that nothing broke. `partial=True` says the new run left
requirements out on purpose (a selection), and those are listed as not compared instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from recording_conformance.reports.model import (
    DEVIATION_RESOLVED,
    FAIL,
    INCONCLUSIVE,
    INTERRUPTED,
    JUDGED,
    KNOWN_DEVIATION,
    PASS,
    WARN,
)

# Verdicts that count as broken when comparing runs.
BROKEN = frozenset({FAIL, WARN, DEVIATION_RESOLVED})
# Run verdicts that say the new run cannot stand in for the old one.
UNFINISHED = frozenset({INCONCLUSIVE, INTERRUPTED})


@dataclass(frozen=True)
class Change:
    requirement: str
    kind: str  # fixed, regressed, not compared, changed, new, removed
    old: str | None
    new: str | None


def _verdicts(report: dict[str, Any]) -> dict[str, str]:
    return {r["id"]: r["verdict"] for r in report["requirements"]}


def _kind(old: str, new: str, *, partial: bool) -> str:
    if old in BROKEN and new not in BROKEN and new in JUDGED:
        return "fixed"
    if new in BROKEN and old not in BROKEN:
        return "regressed"
    if old in (PASS, KNOWN_DEVIATION) and new not in JUDGED:
        return "not compared" if partial else "regressed"
    if old == KNOWN_DEVIATION and new == PASS:
        return "fixed"
    return "changed"


def compare(old: dict[str, Any], new: dict[str, Any], *, partial: bool = False) -> list[Change]:
    """Every requirement whose verdict differs between `old` and `new`."""
    before, after = _verdicts(old), _verdicts(new)
    changes = []
    for requirement in sorted(before.keys() | after.keys()):
        was, now = before.get(requirement), after.get(requirement)
        if was == now:
            continue
        if was is None:
            kind = "regressed" if now in BROKEN else "new"
        elif now is None:
            kind = "removed"
        else:
            kind = _kind(was, now, partial=partial)
        changes.append(Change(requirement, kind, was, now))
    return changes


def regressed(changes: list[Change], new: dict[str, Any]) -> bool:
    """Whether the new run is worse: a requirement regressed, or the run did not finish
    judging (interrupted or inconclusive: a selection on purpose never explains that)."""
    return any(c.kind == "regressed" for c in changes) or new["verdict"] in UNFINISHED


def render(changes: list[Change], old: dict[str, Any], new: dict[str, Any]) -> str:
    """A plain-text listing of the changes, grouped by kind."""
    lines = [f"verdict: {old['verdict']} -> {new['verdict']}"]
    if new.get("verdict_detail"):
        lines.append(f"  ({new['verdict_detail']})")
    if not changes:
        lines.append("no requirement changed its verdict")
    for kind in ("regressed", "fixed", "not compared", "new", "removed", "changed"):
        for change in (c for c in changes if c.kind == kind):
            lines.append(
                f"{kind:12}  {change.requirement:26}  {change.old or '-'} -> {change.new or '-'}"
            )
    return "\n".join(lines)
