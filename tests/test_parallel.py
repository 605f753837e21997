"""Parallel runs: several workers on loopback targets, one process for a remote space, one set
of totals and the embedded mock's token masked on the controller."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest

from recording_conformance.conformance import parallel
from recording_conformance.conformance.parallel import (
    MAX_LOCAL_WORKERS,
    choose_workers,
    searches_first,
)
from tests.runs import run_conformance

# The shape of every API token the embedded mock makes up.
TOKEN_SHAPE = re.compile(r"PT[0-9a-f]{48}")


class FakeConfig:
    """What `choose_workers` reads of a pytest config: options, as after parsing."""

    def __init__(self, **options: Any) -> None:
        defaults = {
            "numprocesses": None,
            "maxschedchunk": None,
            "usepdb": False,
            "trace": False,
            "collectonly": False,
            "maxfail": 0,
            "space_url": None,
            "callback_url": None,
        }
        self.option = SimpleNamespace(**{**defaults, **options})

    def getoption(self, name: str, default: Any = None) -> Any:
        return getattr(self.option, name, default)


@pytest.fixture(autouse=True)
def _no_target_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("SIGNALWIRE_SPACE_URL", "CONFORMANCE_CALLBACK_URL"):
        monkeypatch.delenv(variable, raising=False)


@pytest.mark.parametrize(("cores", "workers"), [(1, None), (2, 2), (3, 3), (16, MAX_LOCAL_WORKERS)])
def test_loopback_runs_use_a_worker_per_core(
    monkeypatch: pytest.MonkeyPatch, cores: int, workers: int | None
) -> None:
    monkeypatch.setattr(parallel, "usable_cores", lambda: cores)
    for space_url in (None, "http://127.0.0.1:8080", "http://localhost:9"):
        config = FakeConfig(space_url=space_url)
        choose_workers(config)  # type: ignore[arg-type]
        assert config.option.numprocesses == workers
        assert config.option.maxschedchunk == (1 if workers else None)


@pytest.mark.parametrize(
    "options",
    [
        {"numprocesses": 0},
        {"numprocesses": 3},
        {"usepdb": True},
        {"collectonly": True},
        {"maxfail": 1},
    ],
)
def test_a_choice_of_the_user_stands(
    monkeypatch: pytest.MonkeyPatch, options: dict[str, Any]
) -> None:
    monkeypatch.setattr(parallel, "usable_cores", lambda: 8)
    config = FakeConfig(**options)
    choose_workers(config)  # type: ignore[arg-type]
    assert config.option.numprocesses == options.get("numprocesses")
    # Tests go out one at a time whenever there are workers, the user's or the suite's.
    assert config.option.maxschedchunk == (1 if options.get("numprocesses") else None)


def test_a_remote_space_is_tested_by_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "usable_cores", lambda: 8)
    config = FakeConfig(space_url="example.signalwire.com")
    choose_workers(config)  # type: ignore[arg-type]
    assert config.option.numprocesses is None
    monkeypatch.setenv("SIGNALWIRE_SPACE_URL", "https://example.signalwire.com")
    config = FakeConfig()
    choose_workers(config)  # type: ignore[arg-type]
    assert config.option.numprocesses is None


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"space_url": "example.signalwire.com", "numprocesses": 2}, "remote space"),
        ({"space_url": "example.signalwire.com", "numprocesses": "auto"}, "remote space"),
        ({"callback_url": "https://hooks.example.com/cb", "numprocesses": 2}, "--callback-url"),
    ],
)
def test_workers_where_one_process_is_needed_are_refused(
    options: dict[str, Any], reason: str
) -> None:
    with pytest.raises(pytest.UsageError, match=f"{reason}.*one process.*leave out -n"):
        choose_workers(FakeConfig(**options))  # type: ignore[arg-type]


def test_workers_start_with_the_searches() -> None:
    def search() -> None: ...

    search.is_hypothesis_test = True  # type: ignore[attr-defined]
    items = [SimpleNamespace(name=n, obj=search if n.startswith("s") else len) for n in "ab1s2cs3"]
    searches_first(items)  # type: ignore[arg-type]
    assert [i.name for i in items] == ["s", "s", "a", "b", "1", "2", "c", "3"]


def test_a_parallel_run_reports_every_workers_requests_and_masks_their_token(
    tmp_path: Path,
) -> None:
    result = run_conformance(
        "-n",
        "2",
        "--mock-fault=echoes-credentials",
        "--showlocals",
        "-k",
        "wrong-project or token-as-user or test_valid_create",
        "--report-dir",
        str(tmp_path),
    )
    assert result.returncode == 1, result.stdout[-3000:]
    assert "created: 2/2 workers" in result.stdout
    report = json.loads((tmp_path / "report.json").read_text())
    [failing] = [r for r in report["requirements"] if r["verdict"] == "fail"]
    assert failing["id"] == "REC-NO-CREDENTIAL-LEAK"
    # One bug, one entry: the four leaking answers (two tests per worker) are counted in it.
    [leak] = failing["failures"]
    assert leak["count"] == 4
    assert urlsplit(leak["request"]["url"]).hostname == "127.0.0.1"
    sent = int(re.search(r"(\d+) requests in [\d.]+ s", result.stdout)[1])  # type: ignore[index]
    # Four refusals and a search of creates, each stopped at the end: the terminal's totals
    # are the report's.
    assert sent == report["totals"]["requests"] > 400
    assert report["totals"]["span_seconds"] > 0
    # That token is masked everywhere.
    assert not TOKEN_SHAPE.search(result.stdout + result.stderr)
    for path in tmp_path.iterdir():
        assert not TOKEN_SHAPE.search(path.read_text(encoding="utf-8")), path.name
