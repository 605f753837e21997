"""Compare two reports requirement by requirement: what was fixed, what regressed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reports.model import DEVIATION_RESOLVED, FAIL, KNOWN_DEVIATION, PASS

# Verdicts that count as broken when comparing runs.
BROKEN = frozenset({FAIL, DEVIATION_RESOLVED})


@dataclass(frozen=True)
class Change:
    requirement: str
    kind: str  # fixed, regressed, changed, new, removed
    old: str | None
    new: str | None


def _verdicts(report: dict[str, Any]) -> dict[str, str]:
    return {r["id"]: r["verdict"] for r in report["requirements"]}


def _kind(old: str, new: str) -> str:
    if old in BROKEN and new not in BROKEN:
        return "fixed"
    if new in BROKEN and old not in BROKEN:
        return "regressed"
    if old == KNOWN_DEVIATION and new == PASS:
        return "fixed"
    return "changed"


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
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
            kind = _kind(was, now)
        changes.append(Change(requirement, kind, was, now))
    return changes


def render(changes: list[Change], old: dict[str, Any], new: dict[str, Any]) -> str:
    """A plain-text listing of the changes, grouped by kind."""
    lines = [f"verdict: {old['verdict']} -> {new['verdict']}"]
    if not changes:
        lines.append("no requirement changed its verdict")
    for kind in ("regressed", "fixed", "new", "removed", "changed"):
        for change in (c for c in changes if c.kind == kind):
            lines.append(
                f"{kind:9}  {change.requirement:24}  {change.old or '-'} -> {change.new or '-'}"
            )
    return "\n".join(lines)
