"""Hooks for runs of the conformance suite (`pytest conformance ...`), not the project's own
tests: those share the root conftest.py."""

from __future__ import annotations

import gc

import pytest

from recording_conformance.conformance import compat
from recording_conformance.conformance.options import RunSettings
from recording_conformance.conformance.parallel import choose_workers, searches_first
from recording_conformance.conformance.plugin import SETTINGS_KEY

# Tests that stand in for the finite lists where those are not sent whole.
IN_PLACE_OF_LISTS = "in_place_of_lists"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{IN_PLACE_OF_LISTS}: runs only where the grid and the enumerated values are not sent "
        "whole (a remote space without --exhaustive-grid), in their place",
    )


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


def lists_sent_whole(run_settings: RunSettings) -> bool:
    """The finite lists (the 216-case grid, every listed valid, invalid and open value) are
    sent whole on every loopback run, and to a remote space only when asked for."""
    return not run_settings.remote or run_settings.exhaustive_grid


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    whole = lists_sent_whole(config.stash[SETTINGS_KEY])
    # Where the lists run whole they hold every pair and every sampled value: the stand-ins
    # would only repeat some of their requests.
    if whole:
        items[:] = [item for item in items if not _in_place_of_lists(item)]
    if hasattr(config, "workerinput"):
        searches_first(items)
    elif config.stash[SETTINGS_KEY].remote:
        deterministic_first(items)


def _in_place_of_lists(item: pytest.Item) -> bool:
    return item.get_closest_marker(IN_PLACE_OF_LISTS) is not None


def _is_search(item: pytest.Item) -> bool:
    return bool(getattr(getattr(item, "obj", None), "is_hypothesis_test", False))


def deterministic_first(items: list[pytest.Item]) -> None:
    """On a remote space: the stand-ins for the lists first (each pair of valid values, one
    wrong value per parameter), then the other tests that send fixed requests, then the
    Hypothesis searches, which spend what the request budget has left. Every value is then sent
    and judged at the fewest recordings, whatever the searches draw, and a budget or a `-x`
    that ends the run early ends it after the cases that find the most per request."""
    items.sort(key=lambda item: (not _in_place_of_lists(item), _is_search(item)))


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
def exhaustive_allowed(run_settings: RunSettings) -> None:
    """Skips the finite lists where they are not sent whole (`lists_sent_whole`)."""
    if not lists_sent_whole(run_settings):
        pytest.skip(
            "the exhaustive grid and the enumerated values send about 700 requests; pass "
            "--exhaustive-grid to run them on a remote space"
        )
