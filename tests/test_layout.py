"""Imports run one way: the reports are a fold over records and import nothing of the suite but
the record type; the suite never imports the mock (the mock joins through its own plugin); the
core (spec, strategies, records) imports no plugin."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.runs import ROOT


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


PACKAGE = "recording_conformance"
SUBPACKAGES = ("conformance", "mockspace", "reports", "sdks", "spec", "strategies")


def _ours(module: str) -> str:
    """The module's name inside the package (`conformance.records`), or "" for another's."""
    return module.removeprefix(f"{PACKAGE}.") if module.startswith(f"{PACKAGE}.") else ""


def _top(module: str) -> str:
    return _ours(module).split(".")[0]


@pytest.mark.parametrize(
    "path",
    [p for folder in (*SUBPACKAGES, "tests", "tools", "benchmarks") for p in _modules(folder)],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_the_packages_are_imported_through_the_one_top_level_package(path: Path) -> None:
    # Imported by their bare names, the folders would load twice (once under each name) in a
    # checkout, and not at all where the package is installed.
    assert not {m for m in _imports(path) if m.split(".")[0] in SUBPACKAGES}, path


@pytest.mark.parametrize("path", _modules("reports"), ids=lambda p: p.name)
def test_reports_import_only_the_record_type_of_the_suite(path: Path) -> None:
    ours = {_ours(m) for m in _imports(path) if _top(m) in {"conformance", "mockspace", "spec"}}
    assert ours <= {"conformance.records"}, ours


@pytest.mark.parametrize("path", _modules("conformance"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_suite_never_imports_the_mock(path: Path) -> None:
    assert not {m for m in _imports(path) if _top(m) == "mockspace"}


@pytest.mark.parametrize("package", ["spec", "strategies"])
def test_the_core_imports_no_plugin_and_no_report(package: str) -> None:
    for path in _modules(package):
        imported = {_ours(m) for m in _imports(path)}
        assert not {m for m in imported if m.startswith(("reports", "mockspace"))}, path
        assert not {
            m
            for m in imported
            if m in ("recording_conformance.conformance.plugin", "conformance.reporting")
        }


@pytest.mark.parametrize(
    "path", _modules("conformance/replay"), ids=lambda p: str(p.relative_to(ROOT))
)
def test_the_replay_runs_without_the_plugin(path: Path) -> None:
    # A replay is a command of its own: it needs the client and the catalogue, not a pytest run.
    plugins = {"conformance.plugin", "conformance.reporting", "conformance.cassette.plugin"}
    assert not {_ours(m) for m in _imports(path)} & plugins


def test_a_run_against_a_live_space_loads_no_mock_server() -> None:
    # What the plugins load at start-up, before any fixture: the mock's server, Starlette and
    # uvicorn stay out of a run that does not use them.
    code = (
        "import sys, recording_conformance.plugin; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('uvicorn', 'starlette') "
        "or m.endswith('mockspace.server')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_the_python_driver_imports_nothing_of_the_suite() -> None:
    # It runs in the SDKs' own venvs, where none of the suite's packages is installed.
    ours = {PACKAGE, *SUBPACKAGES, "tests"}
    imported = _imports(ROOT / "sdks" / "python_driver.py")
    assert not {m for m in imported if m.split(".")[0] in ours}


@pytest.mark.parametrize("package", ["conformance", "spec", "strategies", "reports", "mockspace"])
def test_nothing_of_the_suite_imports_the_tools(package: str) -> None:
    # The tools (Prism and its proxy) run beside the suite and judge nothing themselves.
    for path in _modules(package):
        assert not {m for m in _imports(path) if m.split(".")[0] == "tools"}, path
