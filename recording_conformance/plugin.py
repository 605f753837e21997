"""The package's pytest plugin, found through the `pytest11` entry point.

pytest loads it into every run of an environment that installs the package, so it stays out of
the way of a project's own tests: it adds the suite's options (pytest parses the command line
before anything else), and only a run of the suite itself (`recording-conformance run`,
`pytest --pyargs recording_conformance.conformance`, `pytest conformance` in the repository)
gets the suite's plugin and the embedded mock's.
"""

from __future__ import annotations

import pytest

from recording_conformance.conformance.options import add_options
from recording_conformance.conformance.selection import collects_the_suite
from recording_conformance.mockspace.options import add_mock_options

# Registered in this order: the mock's plugin adds its token to the suite's sanitizer.
SUITE_PLUGINS = (
    "recording_conformance.conformance.plugin",
    "recording_conformance.mockspace.pytest_plugin",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)
    add_mock_options(parser)


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    # Before pytest-xdist reads its worker count (its own hook is tryfirst too, and was
    # registered earlier, so it runs after this one).
    if collects_the_suite(config):
        from recording_conformance.conformance.parallel import choose_workers

        choose_workers(config)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    # The controller of a parallel run never collects: a -k or -m that pytest would refuse is
    # refused here, in pytest's own words, before any worker starts (on each worker it would
    # be an internal error of pytest-xdist).
    config = session.config
    parallel = getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput")
    if parallel and collects_the_suite(config):
        from recording_conformance.conformance.compat import check_mark_expression

        check_mark_expression(config)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if collects_the_suite(config):
        for name in SUITE_PLUGINS:
            config.pluginmanager.import_plugin(name)
