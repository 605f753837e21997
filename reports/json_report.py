"""`report.json`: the source of truth, valid against `reports/report.schema.json`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

SCHEMA_PATH = Path(__file__).with_name("report.schema.json")


def render(report: dict[str, Any], clean: Callable[[str], str]) -> str:
    """The report as indented JSON, every text through `clean` (the run's sanitizer)."""
    return clean(json.dumps(report, indent=2, ensure_ascii=False)) + "\n"


def write_json(report: dict[str, Any], path: Path, clean: Callable[[str], str]) -> None:
    path.write_text(render(report, clean), encoding="utf-8")


def unusable(report: object) -> str | None:
    """Why `report` is not a report this version can read, or None."""
    if not isinstance(report, dict):
        return "it holds no JSON object"
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    error = best_match(Draft202012Validator(schema).iter_errors(report))
    if error is None:
        if isinstance(report.get("provenance"), dict) and report["provenance"].get("plan"):
            return "it is a plan (--plan): nothing was sent, so there is nothing to compare"
        return None
    where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
    return f"at {where}: {error.message}"[:300]


def load(path: Path) -> dict[str, Any]:
    """Read a `report.json` written by any run."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
