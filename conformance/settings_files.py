"""The suite's settings from files: `[tool.recording-conformance]` in pyproject.toml, and pytest
ini keys (`conformance_<name>` in `[tool.pytest.ini_options]`, pytest.ini, tox.ini, setup.cfg).

Precedence, highest first: the command line, the environment, the pyproject table, the ini key,
the default. A file never holds the API token: files get committed, and the token is the
space's password.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

TABLE = "tool.recording-conformance"
INI_PREFIX = "conformance_"
# Switches that a file may set as well, by their flag's name.
FILE_SWITCHES = ("no-report", "exhaustive-grid")
SECRET_KEYS = ("api-token",)


@dataclass(frozen=True)
class FileSetting:
    value: str | bool
    # Where it was read, for messages and the report's provenance.
    source: str


def ini_name(flag: str) -> str:
    """The pytest ini key of an option: `--space-url` is `conformance_space_url`."""
    return INI_PREFIX + flag.removeprefix("--").replace("-", "_")


def add_ini_keys(parser: pytest.Parser, flags: list[tuple[str, str]]) -> None:
    """An ini key for each option (flag, help) and switch."""
    for flag, help_text in flags:
        if flag.removeprefix("--") in SECRET_KEYS:
            continue
        parser.addini(ini_name(flag), help=help_text, type="string", default="")
    for switch in FILE_SWITCHES:
        parser.addini(ini_name(switch), help=f"as --{switch}", type="bool", default=False)


def _pyproject_table(config: pytest.Config) -> tuple[Path, dict[str, object]]:
    path = Path(str(config.rootpath)) / "pyproject.toml"
    if not path.is_file():
        return path, {}
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise pytest.UsageError(f"{path} cannot be read: {exc}") from None
    table = document.get("tool", {}).get("recording-conformance", {})
    if not isinstance(table, dict):
        raise pytest.UsageError(f"[{TABLE}] in {path} must be a table")
    return path, table


def read_file_settings(config: pytest.Config, flags: list[str]) -> dict[str, FileSetting]:
    """Every setting the files give, by flag name without dashes (`space-url`); a key the suite
    does not know, a token, or a value of the wrong type is a one-sentence `UsageError`."""
    known = {flag.removeprefix("--") for flag in flags}
    path, table = _pyproject_table(config)
    found: dict[str, FileSetting] = {}
    for key in known | set(FILE_SWITCHES):
        ini = config.getini(ini_name(key)) if key not in SECRET_KEYS else None
        if ini:
            found[key] = FileSetting(ini if isinstance(ini, str) else True, "ini file")
    for key, value in table.items():
        if key in SECRET_KEYS:
            raise pytest.UsageError(
                f"[{TABLE}] in {path} sets {key}: the token never goes in a file (files get "
                "committed); pass --api-token or export SIGNALWIRE_API_TOKEN"
            )
        if key not in known | set(FILE_SWITCHES):
            choices = ", ".join(sorted((known | set(FILE_SWITCHES)) - set(SECRET_KEYS)))
            raise pytest.UsageError(f"[{TABLE}] in {path}: unknown key {key!r}; known: {choices}")
        wanted = bool if key in FILE_SWITCHES else (str, int, float)
        if not isinstance(value, wanted) or (wanted is not bool and isinstance(value, bool)):
            kind = "true or false" if key in FILE_SWITCHES else "a string or a number"
            raise pytest.UsageError(f"[{TABLE}] in {path}: {key} must be {kind}, not {value!r}")
        found[key] = FileSetting(
            value if isinstance(value, bool) else str(value), f"{path.name} [{TABLE}]"
        )
    return found
