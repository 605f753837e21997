"""`junit.xml`: one test case per requirement, failures carrying their reproduction."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reports.model import DEVIATION_RESOLVED, FAIL, KNOWN_DEVIATION, NOT_EXERCISED, SKIPPED, WARN


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
    """The JUnit XML text of the report (not yet sanitized)."""
    requirements = report["requirements"]
    suite = ET.Element(
        "testsuite",
        {
            "name": "conformance.create-recording",
            "tests": str(len(requirements)),
            "failures": str(
                sum(r["verdict"] in (FAIL, WARN, DEVIATION_RESOLVED) for r in requirements)
            ),
            "skipped": str(
                sum(r["verdict"] in (SKIPPED, NOT_EXERCISED, KNOWN_DEVIATION) for r in requirements)
            ),
            "time": str(report["totals"]["duration_seconds"]),
        },
    )
    for r in requirements:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": f"conformance.{r['level']}",
                "name": r["id"],
                "time": "0",
            },
        )
        if r["verdict"] in (FAIL, WARN):
            first = r["failures"][0] if r["failures"] else {}
            kind = "warning" if r["verdict"] == WARN else "failure"
            failure = ET.SubElement(
                case,
                "failure",
                {"message": f"{kind}: {first.get('title', 'failed')}", "type": kind},
            )
            failure.text = "\n\n".join(_evidence(f) for f in r["failures"])
        elif r["verdict"] == DEVIATION_RESOLVED:
            ET.SubElement(case, "failure", {"message": r["reason"] or DEVIATION_RESOLVED})
        elif r["verdict"] in (SKIPPED, NOT_EXERCISED, KNOWN_DEVIATION):
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
