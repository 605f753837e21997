"""Whether a pytest run is a run of the conformance suite.

The package's plugin is loaded into every pytest run of an environment that installs it (the
`pytest11` entry point), most of them a project's own tests: only a run whose arguments include
the suite's test modules (a path, or a module name with `--pyargs`) gets its fixtures, reports,
Hypothesis profile, signal handling and worker choice.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SUITE_FOLDER = Path(__file__).parent.resolve()


def _argument_path(config: pytest.Config, argument: str) -> Path | None:
    name = argument.split("::", 1)[0]
    if config.getoption("pyargs", False) and name.replace(".", "").isidentifier():
        try:
            found = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            found = None
        if found is not None and found.origin:
            origin = Path(found.origin)
            return origin.parent if origin.name == "__init__.py" else origin
    return Path(str(config.invocation_params.dir), name)


def collects_the_suite(config: pytest.Config) -> bool:
    """Whether the run's arguments include the conformance tests (or a folder holding them)."""
    for argument in config.args:
        path = _argument_path(config, argument)
        if path is None:
            continue
        path = path.resolve()
        if path.is_relative_to(SUITE_FOLDER) or SUITE_FOLDER.is_relative_to(path):
            return True
    return False
