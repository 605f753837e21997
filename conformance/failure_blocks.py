"""The terminal's account of a failing run: one block per distinct failure, read once.

A fault of the target typically fails hundreds of tests (every grid cell that sends mono) with
one and the same failure; pytest would print a traceback for each, with the suite's fixtures
and Hypothesis's notes in it. The blocks come from the folded report instead, where each
distinct failure is one entry with the smallest request that showed it and how many exchanges
did, so the terminal, `report.json` and every other format name the same failures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from recording_conformance.reports.model import FAIL, WARN


@dataclass(frozen=True)
class FailureBlock:
    """One distinct failure: its headline (a separator line's text) and its body."""

    headline: str
    body: str
    warning: bool


def _exchange(failure: dict[str, Any]) -> list[str]:
    request = failure.get("request")
    response = failure.get("response")
    if not request or not response:
        return []
    content_type = next(
        (v for k, v in response["headers"].items() if k.lower() == "content-type"),
        "(no Content-Type)",
    )
    return [
        "",
        "Exchange:",
        f"  {request['method']} {request['url']}",
        f"    body: {request['body'] or '(empty)'}",
        f"    -> {response['status']} {content_type}",
        f"    {response['body_excerpt'] or '(empty body)'}",
    ]


def _block(requirement: dict[str, Any], failure: dict[str, Any]) -> FailureBlock:
    warning = requirement["verdict"] == WARN
    word = "warning" if warning else "fail"
    headline = f"{requirement['id']} ({requirement['level']}, {word}): {failure['title']}"
    lines = []
    if "check" in failure:
        # The test that sent the smallest request showing it (the minimal example).
        where = f"; the smallest in {failure['nodeid']}" if failure.get("nodeid") else ""
        lines.append(
            f"  Check:      {failure['check']} (seen on {failure['count']} exchanges{where})"
        )
    lines += [
        f"  Received:   {failure.get('received', '')}",
        f"  Documented: {failure.get('expected', '')}",
    ]
    if failure.get("clause"):
        lines.append(f"  Spec:       {failure['clause']}")
    if failure.get("example"):
        lines.append(f"  Minimal example: {failure['example']}")
    lines += _exchange(failure)
    # Found against the embedded mock, which ended with the run: this starts it again.
    if failure.get("mock_command"):
        lines += ["", "Start the same mock (in another shell):", f"  {failure['mock_command']}"]
    else:
        lines.append("")
    if failure.get("curl"):
        lines += ["Reproduce with:", f"  {failure['curl']}"]
    return FailureBlock(headline, "\n".join(lines), warning)


def failure_blocks(report: dict[str, Any]) -> list[FailureBlock]:
    """A block per distinct failure (MUST failures first, then SHOULD warnings), in the order
    of the requirements."""
    return [
        _block(r, failure)
        for verdict in (FAIL, WARN)
        for r in report["requirements"]
        if r["verdict"] == verdict
        for failure in r["failures"]
    ]
