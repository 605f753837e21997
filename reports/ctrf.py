"""`ctrf.json`: the Common Test Report Format (https://ctrf.io), which CI reporters read (the
GitHub, GitLab and Slack CTRF actions among them).

One test per requirement, as in `junit.xml`: a failing requirement carries its failures'
message and, in `trace`, the evidence with the curl that reproduces each. The document follows
CTRF's published JSON Schema (specVersion 0.0.0, `ctrf-schema-0.0.json` of the `ctrf` npm
package, vendored under `tests/data/` where the tests validate against it).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from recording_conformance.reports.junit import evidence_text
from recording_conformance.reports.model import (
    DEVIATION_RESOLVED,
    FAIL,
    INCONCLUSIVE,
    INTERRUPTED,
    KNOWN_DEVIATION,
    NOT_EXERCISED,
    PASS,
    SKIPPED,
    WARN,
)

SPEC_VERSION = "0.0.0"
TOOL = "recording-conformance"
_STATUSES = ("passed", "failed", "skipped", "pending", "other")


def _status(verdict: str, strict: bool) -> str:
    """CTRF's status for a requirement's verdict, as `junit.xml` and the exit code judge it:
    a SHOULD failure fails only a strict run, and is `other` (a warning) otherwise."""
    if verdict == PASS:
        return "passed"
    if verdict in (FAIL, DEVIATION_RESOLVED) or (verdict == WARN and strict):
        return "failed"
    if verdict == WARN:
        return "other"
    if verdict in (SKIPPED, NOT_EXERCISED, KNOWN_DEVIATION):
        return "skipped"
    return "other"


def _millis(iso: str | None, fallback: int) -> int:
    if not iso:
        return fallback
    return int(datetime.fromisoformat(iso).timestamp() * 1000)


def _test(requirement: dict[str, Any], strict: bool) -> dict[str, Any]:
    status = _status(requirement["verdict"], strict)
    test: dict[str, Any] = {
        "name": f"{requirement['id']}: {requirement['text']}",
        "testId": requirement["id"],
        "status": status,
        "rawStatus": requirement["verdict"],
        # A requirement is judged across the whole run, not timed on its own.
        "duration": 0,
        "suite": ["conformance", "create-recording", requirement["level"]],
        "tags": [requirement["level"]],
        "labels": {"requirement": requirement["id"], "level": requirement["level"]},
        "type": "conformance",
        "extra": {
            "exchanges_judged": requirement["requests"],
            "checks": requirement["checks"],
            "source": requirement["source"],
        },
    }
    failures = requirement["failures"]
    if failures:
        first = failures[0]
        test["message"] = (
            f"{first.get('title', 'failed')}: expected {first.get('expected', '')}; "
            f"received {first.get('received', '')}"
        )
        test["trace"] = "\n\n".join(evidence_text(f) for f in failures)
    elif requirement["reason"]:
        test["message"] = f"{requirement['verdict']}: {requirement['reason']}"
    return test


def render(report: dict[str, Any]) -> dict[str, Any]:
    """The CTRF document of the report, as plain data (not yet sanitized)."""
    provenance = report["provenance"]
    totals = report["totals"]
    strict = bool(provenance.get("strict"))
    tests = [_test(r, strict) for r in report["requirements"]]
    if report["verdict"] in (INCONCLUSIVE, INTERRUPTED):
        # A run that cannot stand for a verdict is never a green report (as in `junit.xml`).
        tests.append(
            {
                "name": "run",
                "status": "failed",
                "rawStatus": report["verdict"],
                "duration": 0,
                "message": report["verdict_detail"],
            }
        )
    duration = int(totals["duration_seconds"] * 1000)
    stop = _millis(provenance.get("finished"), 0)
    start = _millis(provenance.get("started"), stop - duration)
    stop = stop or start + duration
    counted = {name: sum(t["status"] == name for t in tests) for name in _STATUSES}
    return {
        "reportFormat": "CTRF",
        "specVersion": SPEC_VERSION,
        "reportId": str(uuid.uuid4()),
        "timestamp": provenance.get("finished") or provenance["started"],
        "generatedBy": TOOL,
        "results": {
            "tool": {"name": TOOL, "version": provenance["suite_version"]},
            "summary": {
                "tests": len(tests),
                **counted,
                "start": start,
                "stop": stop,
                "duration": duration,
                "extra": {
                    "verdict": report["verdict"],
                    "verdict_detail": report["verdict_detail"],
                    "requests": totals["requests"],
                },
            },
            "tests": tests,
            "environment": {
                "reportName": "Conformance report: Create a Recording",
                "testEnvironment": provenance["target"]["kind"],
                "extra": {
                    "target": provenance["target"]["base_url"],
                    "spec_sha256": provenance["spec"]["sha256"],
                    "hypothesis": provenance["hypothesis"],
                },
            },
        },
    }


def write(report: dict[str, Any], path: Path, clean: Callable[[str], str]) -> None:
    """Write `ctrf.json`, every text through `clean` (the run's sanitizer)."""
    text = json.dumps(render(report), indent=2, ensure_ascii=False)
    path.write_text(clean(text) + "\n", encoding="utf-8")
