"""Hooks for runs of the conformance suite (`pytest conformance ...`), not the project's own
tests: those share the root conftest.py."""

from __future__ import annotations

import gc

import pytest

from conformance import compat
from conformance.options import RunSettings
from conformance.parallel import choose_workers, searches_first
from conformance.target import Target


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    # Before pytest-xdist reads its worker count (its own hook is tryfirst too, and was
    # registered earlier, so it runs after this one).
    choose_workers(config)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    # The controller of a parallel run never collects: a -k or -m that pytest would refuse is
    # refused here, in pytest's own words, before any worker starts (on each worker it would
    # be an internal error of pytest-xdist).
    config = session.config
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        compat.check_mark_expression(config)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if hasattr(config, "workerinput"):
        searches_first(items)


# Objects are allocated in the tens of thousands per second (Hypothesis's choice trees, the
# exchanges, schemathesis's cases): a larger young generation is collected less often.
GC_THRESHOLDS = (20_000, 50, 100)


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    # Everything imported and collected so far lives as long as the run: frozen out of the
    # cyclic collector, it is no longer traversed by every full collection. Measured on the
    # default run in one process (`gc.callbacks`): time spent collecting garbage from 1.45 s to
    # about 0.7 s of a run of 8 to 10 s.
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


@pytest.fixture(scope="module")
def exhaustive_allowed(run_settings: RunSettings, target: Target) -> None:
    """The finite lists sent whole (the 216-case grid, every listed valid, invalid and open
    value) run on every loopback run, and on a remote space only when asked for."""
    if not target.is_loopback and not run_settings.exhaustive_grid:
        pytest.skip(
            "the exhaustive grid and the enumerated values send about 700 requests; pass "
            "--exhaustive-grid to run them on a remote space"
        )
