"""`junit.xml`: one test case per requirement, failures carrying their reproduction."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

from recording_conformance.reports.model import (
    DEVIATION_RESOLVED,
    FAIL,
    INCONCLUSIVE,
    INTERRUPTED,
    KNOWN_DEVIATION,
    NOT_EXERCISED,
    SKIPPED,
    WARN,
)


def _evidence(failure: dict[str, Any]) -> str:
    parts = [
        f"check: {failure.get('check', '')}",
        f"expected: {failure.get('expected', '')}",
        f"received: {failure.get('received', '')}",
    ]
    if failure.get("curl"):
        parts += ["", "Reproduce with:", failure["curl"]]
    return "\n".join(parts)


def render(report: dict[str, Any]) -> str:
    """The JUnit XML text of the report (not yet sanitized). SHOULD failures are failures only
    when the run was strict, as its exit code is; a run that judged too little to stand for a
    verdict (interrupted, inconclusive) carries an error case, never a green suite."""
    requirements = report["requirements"]
    strict = bool(report["provenance"].get("strict"))
    broken = (FAIL, WARN, DEVIATION_RESOLVED) if strict else (FAIL, DEVIATION_RESOLVED)
    unfinished = report["verdict"] in (INCONCLUSIVE, INTERRUPTED)
    quiet = (SKIPPED, NOT_EXERCISED, KNOWN_DEVIATION) + (() if strict else (WARN,))
    suite = ET.Element(
        "testsuite",
        {
            "name": "conformance.create-recording",
            "tests": str(len(requirements) + int(unfinished)),
            "failures": str(sum(r["verdict"] in broken for r in requirements)),
            "errors": str(int(unfinished)),
            "skipped": str(sum(r["verdict"] in quiet for r in requirements)),
            "time": str(report["totals"]["duration_seconds"]),
        },
    )
    if unfinished:
        case = ET.SubElement(suite, "testcase", {"classname": "conformance", "name": "run"})
        error = ET.SubElement(case, "error", {"message": report["verdict"]})
        error.text = report["verdict_detail"]
    for r in requirements:
        case = ET.SubElement(
            suite,
            "testcase",
            {"classname": f"conformance.{r['level']}", "name": r["id"], "time": "0"},
        )
        first = r["failures"][0] if r["failures"] else {}
        evidence = "\n\n".join(_evidence(f) for f in r["failures"])
        if r["verdict"] in (FAIL, WARN) and r["verdict"] in broken:
            failure = ET.SubElement(case, "failure", {"message": first.get("title", "failed")})
            failure.text = evidence
        elif r["verdict"] == WARN:
            # A SHOULD failure of a run that passes, as its exit code says; evidence kept.
            warning = ET.SubElement(
                case, "skipped", {"message": f"warning (SHOULD): {first.get('title', '')}"}
            )
            warning.text = evidence
        elif r["verdict"] == DEVIATION_RESOLVED:
            ET.SubElement(case, "failure", {"message": r["reason"] or DEVIATION_RESOLVED})
        elif r["verdict"] in quiet:
            ET.SubElement(case, "skipped", {"message": f"{r['verdict']}: {r['reason'] or ''}"})
        ET.SubElement(case, "system-out").text = r["text"]
    verdict = ET.SubElement(suite, "properties")
    ET.SubElement(verdict, "property", {"name": "verdict", "value": report["verdict"]})
    ET.SubElement(
        verdict, "property", {"name": "verdict_detail", "value": report["verdict_detail"]}
    )
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write(report: dict[str, Any], path: Path, clean: Callable[[str], str]) -> None:
    """Write `junit.xml`, every text through `clean` (the run's sanitizer)."""
    path.write_text(clean(render(report)), encoding="utf-8")
