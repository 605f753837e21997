"""`report.md` appended to a GitHub Actions job summary as is: within GitHub's 1 MiB per step,
no HTML for GitHub to strip, fences that close."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from recording_conformance.conformance.records import TestRecord
from recording_conformance.conformance.reporting import catalogue
from recording_conformance.reports import markdown
from recording_conformance.reports.model import Run, build_report

GITHUB_STEP_SUMMARY_LIMIT = 1024 * 1024
PROVENANCE = {
    "target": {"base_url": "https://example.signalwire.com/api/laml/2010-04-01", "kind": "x"},
    "spec": {"file": "create-recording.openapi.yaml", "sha256": "0" * 64},
    "suite_version": "0.1.0",
    "hypothesis": {"profile": "ci", "seed": "1"},
    "started": "2026-01-01T00:00:00+00:00",
    "finished": "2026-01-01T00:01:00+00:00",
}


def _failure(n: int, received: str) -> dict[str, Any]:
    return {
        "identity": f'["check", "REC-CHANNELS", ["{n}"]]',
        "check": "channels_match_request",
        "requirement": "REC-CHANNELS",
        "level": "MUST",
        "title": f"channels <b>{n}</b>",
        "expected": "both '1' for RecordingChannels=mono",
        "received": received,
        # A body with a line of backticks alone, which would close a three-backtick fence.
        "curl": f"curl -sS -X POST https://example.signalwire.com/x --data-raw 'A={n}\n```\n'",
        "count": 1,
    }


def _report(failures: int, received: str = "{'channels': '2'}") -> dict[str, Any]:
    ids = [entry["id"] for entry in catalogue()]
    records = [
        TestRecord("a", "call", ids, checks_ran=dict.fromkeys(ids, 1)),
        TestRecord(
            "b",
            "call",
            ["REC-CHANNELS"],
            outcome="failed",
            violations=[_failure(n, received) for n in range(failures)],
        ),
    ]
    return build_report(
        records,
        catalogue=catalogue(),
        provenance=dict(PROVENANCE),
        deviations={},
        run=Run(duration=60.0),
        coverage_axes={},
    )


def _outside_code(text: str) -> str:
    """The text with fenced blocks and code spans taken out: what GitHub reads as Markdown."""
    kept, fence = [], None
    for line in text.split("\n"):
        opener = re.match(r"^(`{3,})", line)
        if fence is None and opener:
            fence = opener.group(1)
        elif fence is not None and line.strip() == fence:
            fence = None
        elif fence is None:
            kept.append(re.sub(r"`[^`]*`", "", line))
    assert fence is None, "a fence is left open"
    return "\n".join(kept)


def test_a_summary_of_every_failure_fits_github_s_limit(tmp_path: Path) -> None:
    # Thousands of distinct failures with long values: far more than 1 MiB in full.
    report = _report(3000, received="<script>x</script>" + "y" * 900)
    path = tmp_path / "report.md"
    # A sanitizer that lengthens what it masks must not push the file over either.
    markdown.write(report, path, lambda text: text.replace("signalwire", "signalwire-masked"))
    size = len(path.read_bytes())
    assert size <= GITHUB_STEP_SUMMARY_LIMIT
    assert size > GITHUB_STEP_SUMMARY_LIMIT // 2  # cut near the limit, not far below it
    text = path.read_text()
    shown = text.count("### REC-CHANNELS")
    assert 0 < shown < 3000
    assert f"{3000 - shown} more failures and warnings are left out" in text
    assert "<" not in _outside_code(text)
    assert "&lt;script&gt;" in text


def test_a_small_report_shows_every_failure_with_its_reproduction() -> None:
    text = markdown.render(_report(3))
    assert text.count("### REC-CHANNELS (MUST, fail): channels &lt;b&gt;") == 3
    assert "left out" not in text
    # Each curl holds a line of three backticks: its fence is longer, so it closes after it.
    assert text.count("\n````sh\ncurl -sS -X POST") == 3
    assert "<" not in _outside_code(text)
    assert len(text.encode()) < 20_000
