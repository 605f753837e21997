"""`report.md`: what a person reads in a pull request, and a GitHub Actions job summary as is
(`cat reports/out/latest/report.md >> "$GITHUB_STEP_SUMMARY"`).

GitHub renders a step summary as GitHub-flavoured Markdown, strips HTML it does not allow, and
refuses a summary over 1 MiB ("$GITHUB_STEP_SUMMARY upload aborted, supports content up to a
size of 1024k"): so no HTML at all (a `<` in a received value is written `&lt;`), code only in
fences longer than any backtick run inside, and failures cut off, with a sentence saying so,
before the file would pass `SUMMARY_LIMIT`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from recording_conformance.reports.model import (
    DEVIATION_RESOLVED,
    FAIL,
    KNOWN_DEVIATION,
    WARN,
    budget_sentence,
    cost_sentence,
    not_judged_sentence,
)

MARKS = {
    "pass": "✅",
    "fail": "❌",
    WARN: "⚠️",
    KNOWN_DEVIATION: "🔶",
    DEVIATION_RESOLVED: "❗",
    "skipped": "⏭️",
    "not exercised": "○",
}


_CODE_SPAN = re.compile(r"(`[^`]*`)")
# GitHub's limit per step is 1 MiB; the margin leaves room for a line the job adds itself.
SUMMARY_LIMIT = 1024 * 1024 - 16 * 1024


def _cell(text: object) -> str:
    """Text for a table cell or a line: one line, no `|` that ends the cell, no HTML."""
    flat = str(text).replace("|", "\\|").replace("\n", " ")
    # Inside a code span `<` is shown as typed (and an entity would show as typed too).
    parts = _CODE_SPAN.split(flat)
    for i in range(0, len(parts), 2):
        parts[i] = parts[i].replace("<", "&lt;").replace(">", "&gt;")
    return "".join(parts)


def _fence(text: str) -> str:
    # A fence longer than any run of backticks inside, so the content cannot close it.
    longest = max((len(run) for run in text.split("\n") if set(run) == {"`"}), default=0)
    return "`" * max(3, longest + 1)


def render(report: dict[str, Any], limit: int = SUMMARY_LIMIT) -> str:
    """The Markdown text of the report (not yet sanitized), at most `limit` bytes in UTF-8."""
    provenance = report["provenance"]
    totals = report["totals"]
    lines = [
        "# Conformance report: Create a Recording",
        "",
        f"**Verdict: {report['verdict']}** ({_cell(report['verdict_detail'])})",
        "",
        f"- Target: {provenance['target']['base_url']} ({provenance['target']['kind']})",
        f"- Spec: {provenance['spec']['file']} sha256 `{provenance['spec']['sha256'][:16]}`",
        f"- Suite {provenance['suite_version']}, Hypothesis profile "
        f"`{provenance['hypothesis']['profile']}`, seed {provenance['hypothesis']['seed']}",
        f"- {provenance['started']} to {provenance['finished']}: {totals['requests']} requests "
        f"in {totals['span_seconds']} s ({totals['requests_per_second']}/s); by status "
        + ", ".join(f"{s}: {n}" for s, n in totals["by_status"].items())
        + f"; recordings created: {totals['recordings_created']}; {not_judged_sentence(totals)}",
    ]
    lines.append(f"- Cost: {cost_sentence(totals)}")
    budget = budget_sentence(totals)
    if budget:
        lines.append(f"- Request budget: {budget}")
    lines += [
        "",
        "| Requirement | Level | Verdict | Exchanges judged | Text |",
        "|---|---|---|---|---|",
    ]
    for r in report["requirements"]:
        verdict = f"{MARKS.get(r['verdict'], '')} {r['verdict']}"
        if r["reason"]:
            verdict += f" ({r['reason']})"
        lines.append(
            f"| {r['id']} | {r['level']} | {_cell(verdict)} | {r['requests']} | "
            f"{_cell(r['text'])} |"
        )
    unstopped = report["unstopped_recordings"]
    if unstopped:
        lines += ["", "## Recordings the clean-up could not stop", ""]
        lines += [f"- `{u['sid']}` at {u['url']}: {_cell(u['why'])}" for u in unstopped]
    blocks = [
        _failure_block(r, failure)
        for r in report["requirements"]
        if r["verdict"] in (FAIL, WARN, KNOWN_DEVIATION)
        for failure in r["failures"]
    ]
    if blocks:
        lines += ["", "## Failures and warnings"]
    head = "\n".join(lines) + "\n"
    return head + _within(limit - len(head.encode()), blocks)


def _failure_block(requirement: dict[str, Any], failure: dict[str, Any]) -> str:
    word = "warning" if requirement["verdict"] == WARN else requirement["verdict"]
    title = _cell(failure["title"])
    lines = ["", f"### {requirement['id']} ({requirement['level']}, {word}): {title}", ""]
    if "check" in failure:
        seen = failure.get("count", 1)
        lines.append(f"- Check: `{failure['check']}` (seen on {seen} exchanges)")
    lines += [
        f"- Expected: {_cell(_short(failure.get('expected', '')))}",
        f"- Received: {_cell(_short(failure.get('received', '')))}",
    ]
    if failure.get("example"):
        lines.append(f"- Minimal example: {_cell(_short(failure['example']))}")
    if failure.get("mock_command"):
        # Found against the embedded mock, which ended with the run: this starts it again.
        fence = _fence(failure["mock_command"])
        command = failure["mock_command"]
        lines += ["", "Start the same mock (in another shell):", "", f"{fence}sh", command, fence]
    if failure.get("curl"):
        fence = _fence(failure["curl"])
        lines += ["", "Reproduce with:", "", f"{fence}sh", failure["curl"], fence]
    return "\n".join(lines) + "\n"


def _short(text: object, limit: int = 1000) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "..."


def _within(room: int, blocks: list[str]) -> str:
    """As many blocks as fit in `room` bytes, then a sentence for those left out."""
    kept: list[str] = []
    # Room for the closing sentence, whatever the count it names.
    room -= 200
    for n, block in enumerate(blocks):
        room -= len(block.encode())
        if room < 0:
            left = len(blocks) - n
            kept.append(
                f"\n{left} more failures and warnings are left out to keep this summary "
                "within GitHub's 1 MiB for a step summary: report.json holds them all.\n"
            )
            break
        kept.append(block)
    return "".join(kept)


def write(report: dict[str, Any], path: Path, clean: Callable[[str], str]) -> None:
    """Write `report.md`, every text through `clean` (the run's sanitizer), within
    `SUMMARY_LIMIT` bytes once cleaned."""
    limit = SUMMARY_LIMIT
    text = clean(render(report, limit))
    while len(text.encode()) > SUMMARY_LIMIT:
        # The sanitizer may lengthen a text (a token shorter than its mask): cut more.
        limit -= len(text.encode()) - SUMMARY_LIMIT + 1024
        text = clean(render(report, limit))
    path.write_text(text, encoding="utf-8")
