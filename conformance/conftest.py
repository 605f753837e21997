"""Hooks for runs of the conformance suite (`pytest conformance ...`), not the project's own
tests: those share the root conftest.py."""

from __future__ import annotations

import pytest

from conformance.parallel import choose_workers, searches_first


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    # Before pytest-xdist reads its worker count (its own hook is tryfirst too, and was
    # registered earlier, so it runs after this one).
    choose_workers(config)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if hasattr(config, "workerinput"):
        searches_first(items)
