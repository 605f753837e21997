"""Where each setting comes from: command line > environment > [tool.recording-conformance] >
pytest ini key > default; a file never holds the token; the report names the sources only."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from recording_conformance.conformance.options import (
    ALL_OPTIONS,
    option_source,
    option_value,
    settings_provenance,
    switch_value,
)
from tests.runs import run_conformance

MAX_REQUESTS = next(o for o in ALL_OPTIONS if o.flag == "--max-requests")


@dataclass
class FakeConfig:
    """What the options read of a `pytest.Config`: options, ini keys, the root folder."""

    rootpath: Path
    options: dict[str, Any] = field(default_factory=dict)
    ini: dict[str, Any] = field(default_factory=dict)
    stash: pytest.Stash = field(default_factory=pytest.Stash)

    def getoption(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)

    def getini(self, name: str) -> Any:
        return self.ini.get(name, False if name.endswith(("no_report", "grid")) else "")


def _config(tmp_path: Path, table: str = "", **layers: Any) -> Any:
    if table:
        (tmp_path / "pyproject.toml").write_text(f"[tool.recording-conformance]\n{table}\n")
    return FakeConfig(tmp_path, **layers)


@pytest.fixture(autouse=True)
def _no_exported_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONFORMANCE_MAX_REQUESTS", raising=False)


def test_each_layer_wins_over_the_ones_below_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ini = {"conformance_max_requests": "4"}
    assert option_value(_config(tmp_path, ini=ini), MAX_REQUESTS) == "4"
    config = _config(tmp_path, "max-requests = 3", ini=ini)
    assert (option_value(config, MAX_REQUESTS), option_source(config, MAX_REQUESTS)) == (
        "3",
        "pyproject.toml [tool.recording-conformance]",
    )
    monkeypatch.setenv("CONFORMANCE_MAX_REQUESTS", "2")
    config = _config(tmp_path, ini=ini)
    assert option_value(config, MAX_REQUESTS) == "2"
    assert option_source(config, MAX_REQUESTS) == "environment (CONFORMANCE_MAX_REQUESTS)"
    config = _config(tmp_path, ini=ini, options={"max_requests": "1"})
    assert (option_value(config, MAX_REQUESTS), option_source(config, MAX_REQUESTS)) == (
        "1",
        "command line",
    )


def test_nothing_set_is_the_default_and_is_not_in_the_provenance(tmp_path: Path) -> None:
    config = _config(tmp_path)
    assert option_value(config, MAX_REQUESTS) is None
    assert settings_provenance(config) == {}


def test_a_file_may_switch_the_report_off_but_never_on_against_the_command_line(
    tmp_path: Path,
) -> None:
    assert switch_value(_config(tmp_path, "no-report = true"), "no_report")
    assert not switch_value(_config(tmp_path, "no-report = false"), "no_report")
    assert switch_value(_config(tmp_path, options={"no_report": True}), "no_report")


@pytest.mark.parametrize(
    ("table", "said"),
    [
        ('api-token = "secret"', "the token never goes in a file"),
        ('space-ur = "example.signalwire.com"', "unknown key 'space-ur'"),
        ("max-requests = [1]", "must be a string or a number"),
        ('no-report = "yes"', "must be true or false"),
    ],
)
def test_a_file_that_cannot_be_used_is_one_sentence(tmp_path: Path, table: str, said: str) -> None:
    with pytest.raises(pytest.UsageError, match=said) as raised:
        option_value(_config(tmp_path, table), MAX_REQUESTS)
    assert "secret" not in str(raised.value)


def test_a_run_reads_the_pyproject_table_and_reports_where_each_setting_came_from(
    tmp_path: Path,
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.recording-conformance]\nmax-requests = 40\nreport-dir = "from-file"\n'
    )
    result = run_conformance(
        "-m", "REC-AUTH-REQUIRED", "--rootdir", str(tmp_path), "--report-dir", str(tmp_path / "r")
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    report = json.loads((tmp_path / "r" / "report.json").read_text())
    assert report["provenance"]["settings"] == {
        "--max-requests": "pyproject.toml [tool.recording-conformance]",
        "--report-dir": "command line",
    }
    assert report["totals"]["budget"]["limit"] == 40
    assert not (tmp_path / "from-file").exists()
