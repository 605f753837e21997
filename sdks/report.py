"""One SDK's findings as a report: the conformance report's fold and formats (`report.json`,
`junit.xml`), with a `report.md` of its own that shows each deviation's minimal case and the
SDK's exception. Known deviations come from a TOML file in the suite's `--deviations` form."""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path
from typing import Any

from recording_conformance.conformance.records import TestRecord
from recording_conformance.reports import junit
from recording_conformance.reports.json_report import write_json
from recording_conformance.reports.model import (
    DEVIATION_RESOLVED,
    FAIL,
    KNOWN_DEVIATION,
    WARN,
    Run,
    build_report,
)
from recording_conformance.sdks.checks import SdkCheckRun
from recording_conformance.sdks.requirements import BY_ID, catalogue
from recording_conformance.sdks.search import Finding
from recording_conformance.spec import Spec

DEVIATIONS_DIR = Path(__file__).resolve().parent / "deviations"
# What makes an SDK's run fail: a MUST found broken that no deviations file lists, or a listed
# deviation that no longer shows (the file must then be updated). A SHOULD is a warning.
NEW = (FAIL, DEVIATION_RESOLVED)


def default_deviations(sdk_name: str) -> Path:
    """`sdks/deviations/NAME.toml`: the known deviations of the pinned release."""
    return DEVIATIONS_DIR / f"{sdk_name}.toml"


def _evidence(finding: Finding) -> dict[str, Any]:
    violation = finding.violation
    requirement = BY_ID[violation.requirement]
    error = finding.error
    return {
        "identity": violation.identity,
        "check": requirement.check,
        "requirement": violation.requirement,
        "level": requirement.level,
        "title": violation.title,
        "expected": violation.expected,
        "received": violation.received,
        "clause": requirement.text,
        "count": max(finding.count, 1),
        "minimal_case": finding.case,
        "sdk_error": (
            f"{error.get('type')} {error.get('status')}/{error.get('code')}: {error.get('message')}"
            if error
            else "none"
        ),
    }


def records(sdk_name: str, run: SdkCheckRun) -> list[TestRecord]:
    """One record per side of the checks, as a test of the conformance suite would make."""
    made = []
    for side, result in run.sides.items():
        violations = [_evidence(f) for f in result.findings]
        made.append(
            TestRecord(
                nodeid=f"sdks::{sdk_name}::{side}",
                when="call",
                requirements=sorted(result.judged),
                outcome="failed" if violations else "passed",
                checks_ran=dict(result.judged),
                violations=violations,
                requests=result.examples,
            )
        )
    return made


def provenance(
    ready: dict[str, Any], spec: Spec, *, origin: str, examples: int, seed: int, started: str
) -> dict[str, Any]:
    sdk = f"{ready.get('sdk')} {ready.get('version')} ({ready.get('runtime')})"
    return {
        "target": {"base_url": origin, "kind": f"SDK {sdk} against the embedded mock"},
        "spec": {"file": spec.path.name, "sha256": spec.sha256},
        "suite_version": metadata.version("recording-conformance"),
        "hypothesis": {"profile": f"{examples} examples a search round", "seed": str(seed)},
        "started": started,
        "finished": None,
        "python": platform.python_version(),
        "packages": {
            str(ready.get("sdk")): str(ready.get("version")),
            "hypothesis": metadata.version("hypothesis"),
        },
    }


def sdk_report(
    run: SdkCheckRun,
    *,
    sdk_name: str,
    provenance: dict[str, Any],
    deviations: dict[str, str],
    duration: float,
) -> dict[str, Any]:
    return build_report(
        records(sdk_name, run),
        catalogue=catalogue(),
        provenance=provenance,
        deviations=deviations,
        run=Run(duration=duration),
        coverage_axes={},
    )


def new_findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The requirements that fail the run: broken and not listed, or listed and passing."""
    return [r for r in report["requirements"] if r["verdict"] in NEW]


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(report: dict[str, Any]) -> str:
    target = report["provenance"]["target"]["kind"]
    lines = [
        f"# SDK report: {target}",
        "",
        f"**{report['verdict']}** ({_cell(report['verdict_detail'])})",
        "",
        "| Requirement | Level | Verdict | Exchanges judged | Text |",
        "|---|---|---|---|---|",
    ]
    for r in report["requirements"]:
        verdict = r["verdict"] + (f" ({r['reason']})" if r["reason"] else "")
        cells = [r["id"], r["level"], verdict, r["requests"], r["text"]]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    for r in report["requirements"]:
        if r["verdict"] not in (FAIL, WARN, KNOWN_DEVIATION):
            continue
        for failure in r["failures"]:
            lines += [
                "",
                f"## {r['id']} ({r['level']}, {r['verdict']}): {failure['title']}",
                "",
                f"- Expected: {_cell(failure['expected'])}",
                f"- Received: {_cell(failure['received'])}",
                f"- The SDK's exception: {_cell(failure.get('sdk_error', 'none'))}",
                f"- Seen on {failure['count']} exchanges; the minimal one:",
                "",
                "```",
                failure.get("minimal_case", ""),
                "```",
            ]
    return "\n".join(lines) + "\n"


def write_reports(report: dict[str, Any], folder: Path, secret: str) -> None:
    """`report.json`, `report.md` and `junit.xml` in `folder`, the API token masked."""

    def clean(text: str) -> str:
        return text.replace(secret, "***") if secret else text

    folder.mkdir(parents=True, exist_ok=True)
    write_json(report, folder / "report.json", clean)
    (folder / "report.md").write_text(clean(render_markdown(report)), encoding="utf-8")
    junit.write(report, folder / "junit.xml", clean)
