"""How many processes a run uses.

A run against a loopback target (the embedded mock by default, or a space on 127.0.0.1) is
spread over pytest-xdist workers, one per core up to `MAX_LOCAL_WORKERS`, each with an embedded
mock of its own. A remote space (or the embedded mock posing as one) is always tested by one
process: pacing and the callback listener are per process, and must hold for the whole run (the
request budget is shared by workers, `conformance/budget.py`).
"""

from __future__ import annotations

import os

import pytest

from recording_conformance.conformance.options import RUN_OPTIONS, is_remote, option_value

# Beyond four, starting workers costs more than it saves: the suite's longest tests are single
# Hypothesis searches that one worker runs whole.
MAX_LOCAL_WORKERS = 4


def usable_cores() -> int:
    """Cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _one_process_reason(config: pytest.Config) -> str | None:
    if is_remote(config):
        return "the target is a remote space"
    callback_url = next(o for o in RUN_OPTIONS if o.dest == "callback_url")
    if option_value(config, callback_url):
        return "--callback-url is given"
    return None


def choose_workers(config: pytest.Config) -> None:
    """Set pytest-xdist's worker count for a run that did not choose one (`-n 0` keeps one
    process); refuse workers where one process is required."""
    option = config.option
    if not hasattr(option, "numprocesses") or hasattr(config, "workerinput"):
        return  # pytest-xdist is not loaded, or this is already a worker
    reason = _one_process_reason(config)
    if reason is not None:
        if option.numprocesses not in (None, 0):
            raise pytest.UsageError(
                f"{reason}: such a run uses one process, so that pacing and the callback "
                "listener hold for the whole run; leave out -n"
            )
        return
    interactive = option.usepdb or getattr(option, "trace", False)
    # -x / --maxfail: the developer wants the first failure soon. Starting workers takes
    # longer than most faults take to show (median first failure 2.6 s in one process, about
    # 6 s with workers, `python -m benchmarks`).
    if option.numprocesses is None and not (option.collectonly or interactive or option.maxfail):
        workers = min(usable_cores(), MAX_LOCAL_WORKERS)
        option.numprocesses = workers if workers > 1 else None
    if option.numprocesses:
        # Hand tests out one at a time (workers chosen here or by the user): in
        # chunks, one worker gets several searches in a row and the others run out of work
        # while it finishes them.
        option.maxschedchunk = option.maxschedchunk or 1


def searches_first(items: list[pytest.Item]) -> None:
    """On a worker: the Hypothesis searches (the longest tests by far) first, the rest in their
    order. Workers then start with one search each and fill in with short tests, and no search
    is left to run alone at the end (longest-first scheduling)."""
    items.sort(
        key=lambda item: not getattr(getattr(item, "obj", None), "is_hypothesis_test", False)
    )
