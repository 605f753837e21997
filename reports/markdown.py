"""`report.md`: what a person reads in a pull request."""

from __future__ import annotations

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


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _fence(text: str) -> str:
    # A fence longer than any run of backticks inside, so the content cannot close it.
    longest = max((len(run) for run in text.split("\n") if set(run) == {"`"}), default=0)
    return "`" * max(3, longest + 1)


def render(report: dict[str, Any]) -> str:
    """The Markdown text of the report (not yet sanitized)."""
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
    failing = [r for r in report["requirements"] if r["verdict"] in (FAIL, WARN, KNOWN_DEVIATION)]
    if failing:
        lines += ["", "## Failures and warnings"]
    for r in failing:
        for failure in r["failures"]:
            word = "warning" if r["verdict"] == WARN else r["verdict"]
            lines += ["", f"### {r['id']} ({r['level']}, {word}): {failure['title']}", ""]
            if "check" in failure:
                seen = failure.get("count", 1)
                lines.append(f"- Check: `{failure['check']}` (seen on {seen} exchanges)")
            lines += [
                f"- Expected: {_cell(failure.get('expected', ''))}",
                f"- Received: {_cell(failure.get('received', ''))}",
            ]
            if failure.get("curl"):
                fence = _fence(failure["curl"])
                lines += ["", "Reproduce with:", "", f"{fence}sh", failure["curl"], fence]
    return "\n".join(lines) + "\n"


def write(report: dict[str, Any], path: Path, clean: Callable[[str], str]) -> None:
    """Write `report.md`, every text through `clean` (the run's sanitizer)."""
    path.write_text(clean(render(report)), encoding="utf-8")
