"""`report.html`: one self-contained page (inline CSS, no scripts, no fetches) with the verdict,
the requirement matrix, the coverage matrix, and every failure with its reproduction."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from recording_conformance.reports.model import (
    CONFORMANT,
    FAIL,
    KNOWN_DEVIATION,
    PARTIAL,
    WARN,
    WARNINGS,
    budget_sentence,
    cost_sentence,
    not_judged_sentence,
)

# How a coverage key joins its axes (`conformance/coverage.py`).
SEPARATOR = "|"

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:75em;color:#1b1f24;padding:0 1em}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccd}
.verdict{display:inline-block;padding:.4em 1em;border-radius:.3em;font-size:1.3em;font-weight:700}
.conformant{background:#d9f2dc;color:#14532d}.warnings{background:#fff3c4;color:#713f12}
.non-conformant{background:#fbd5d5;color:#7f1d1d}.unjudged{background:#e2e8f0;color:#1e293b}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccd;padding:.25em .6em;
text-align:left;vertical-align:top}th{background:#f1f3f7}
tr.pass td.v{background:#d9f2dc}tr.fail td.v{background:#fbd5d5}tr.warning td.v{background:#ffe08a}
tr.known-deviation td.v{background:#fff3c4}tr.deviation-resolved td.v{background:#fbd5d5}
tr.skipped td.v,tr.not-exercised td.v{background:#eef0f4}
td:first-child{white-space:nowrap}td.zero{background:#fbe9e9;color:#999}td.n{text-align:right}
pre{background:#f6f8fa;border:1px solid #dde;padding:.6em;white-space:pre-wrap;word-break:break-all}
.failure{border-left:4px solid #c53030;padding-left:1em;margin:1.5em 0}
"""


def _table(headers: list[str], rows: list[list[str]], row_classes: list[str] | None = None) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for i, row in enumerate(rows):
        css = f' class="{row_classes[i]}"' if row_classes else ""
        body.append(f"<tr{css}>" + "".join(row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _td(text: object, css: str = "") -> str:
    attribute = f' class="{css}"' if css else ""
    return f"<td{attribute}>{escape(str(text))}</td>"


def _requirements(report: dict[str, Any]) -> str:
    rows, classes = [], []
    for r in report["requirements"]:
        verdict = r["verdict"] + (f" ({r['reason']})" if r["reason"] else "")
        rows.append(
            [
                _td(r["id"]),
                _td(r["level"]),
                _td(verdict, "v"),
                _td(r["requests"], "n"),
                _td(", ".join(r["checks"])),
                _td(r["text"]),
            ]
        )
        classes.append(r["verdict"].replace(" ", "-"))
    return _table(
        ["Requirement", "Level", "Verdict", "Exchanges judged", "Checks", "Text"], rows, classes
    )


def _coverage(report: dict[str, Any]) -> str:
    counts: dict[str, int] = report["coverage"]
    axes = {name: ["default", *values] for name, values in report["coverage_axes"].items()}
    methods = axes["RecordingStatusCallbackMethod"]
    columns = [(m, e) for m in methods for e in ("form", "json")]
    rows = []
    for channels, track, trim in itertools.product(
        axes["RecordingChannels"], axes["RecordingTrack"], axes["Trim"]
    ):
        cells = [_td(channels), _td(track), _td(trim)]
        for method, encoding in columns:
            n = counts.get(SEPARATOR.join([channels, track, trim, method, encoding]), 0)
            cells.append(_td(n, "n" if n else "n zero"))
        rows.append(cells)
    headers = ["channels", "track", "trim", *(f"{m} / {e}" for m, e in columns)]
    other = sum(n for key, n in counts.items() if "other" in key.split(SEPARATOR))
    statuses = _table(
        ["Status", "Responses"],
        [[_td(s), _td(n, "n")] for s, n in report["totals"]["by_status"].items()],
    )
    return (
        "<p>Creates per combination of RecordingChannels, RecordingTrack and Trim (rows) and "
        "RecordingStatusCallbackMethod and encoding (columns); <code>default</code> means the "
        f"parameter was left out. Creates with a value outside an enum: {other}.</p>"
        + _table(headers, rows)
        + "<h3>Status codes seen</h3>"
        + statuses
    )


def _failures(report: dict[str, Any]) -> str:
    parts = []
    for r in report["requirements"]:
        if r["verdict"] not in (FAIL, WARN, KNOWN_DEVIATION):
            continue
        for failure in r["failures"]:
            request, response = failure.get("request", {}), failure.get("response", {})
            request_text = "\n".join(
                [f"{request.get('method', '')} {request.get('url', '')}"]
                + [f"{k}: {v}" for k, v in request.get("headers", {}).items()]
                + ["", request.get("body", "")]
            )
            response_text = "\n".join(
                [f"{response.get('status', '')}"]
                + [f"{k}: {v}" for k, v in response.get("headers", {}).items()]
                + ["", response.get("body_excerpt", "")]
            )
            parts.append(
                f'<div class="failure" id="{escape(r["id"])}"><h3>{escape(r["id"])} '
                f"({escape(r['level'])}, {escape(r['verdict'])}): {escape(failure['title'])}</h3>"
                f"<p>Check <code>{escape(failure.get('check', ''))}</code>. Expected: "
                f"{escape(str(failure.get('expected', '')))}. Received: "
                f"{escape(str(failure.get('received', '')))}</p>"
                + (f"<h4>Request</h4><pre>{escape(request_text)}</pre>" if request else "")
                + (f"<h4>Response</h4><pre>{escape(response_text)}</pre>" if response else "")
                + (
                    f"<h4>Reproduce with</h4><pre>{escape(failure['curl'])}</pre>"
                    if failure.get("curl")
                    else ""
                )
                + "</div>"
            )
    return "".join(parts) or "<p>No failures.</p>"


def render(report: dict[str, Any]) -> str:
    """The HTML page of the report (not yet sanitized)."""
    verdict = report["verdict"]
    css = {CONFORMANT: "conformant", WARNINGS: "warnings", PARTIAL: "warnings"}.get(
        verdict, "non-conformant" if verdict == "non-conformant" else "unjudged"
    )
    provenance = report["provenance"]
    totals = report["totals"]
    summary = ", ".join(f"{n} {v}" for v, n in report["summary"].items() if n)
    facts = [
        ("Target", f"{provenance['target']['base_url']} ({provenance['target']['kind']})"),
        ("Spec", f"{provenance['spec']['file']} sha256 {provenance['spec']['sha256']}"),
        (
            "Suite",
            f"{provenance['suite_version']}; Hypothesis profile "
            f"{provenance['hypothesis']['profile']}, seed {provenance['hypothesis']['seed']}",
        ),
        ("Run", f"{provenance['started']} to {provenance['finished']}"),
        (
            "Requests",
            f"{totals['requests']} in {totals['span_seconds']} s "
            f"({totals['requests_per_second']}/s); recordings created: "
            f"{totals['recordings_created']}; {not_judged_sentence(totals)}",
        ),
    ]
    facts.append(("Cost", cost_sentence(totals)))
    budget = budget_sentence(totals)
    if budget:
        facts.append(("Request budget", budget))
    facts += [
        ("Not stopped", f"{u['sid']} at {u['url']}: {u['why']}")
        for u in report["unstopped_recordings"]
    ]
    facts_table = _table(["", ""], [[_td(k), _td(v)] for k, v in facts])
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Conformance report: Create a Recording</title>"
        f"<style>{CSS}</style></head><body>"
        "<h1>Conformance report: Create a Recording</h1>"
        f'<p class="verdict {css}" id="verdict">{escape(verdict)}</p>'
        f"<p>{escape(report['verdict_detail'])}</p><p>{escape(summary)}</p>{facts_table}"
        f"<h2>Requirements</h2>{_requirements(report)}"
        f"<h2>Failures</h2>{_failures(report)}"
        f"<h2>Coverage</h2>{_coverage(report)}"
        "</body></html>\n"
    )


def write(report: dict[str, Any], path: Path, clean: Callable[[str], str]) -> None:
    """Write `report.html`, every text through `clean` (the run's sanitizer)."""
    path.write_text(clean(render(report)), encoding="utf-8")
