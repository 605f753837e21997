"""`recording-conformance`: the command of the installed package.

    recording-conformance run [OPTIONS]           run the suite (options as `--help` lists them)
    recording-conformance diff OLD NEW [--partial] requirements whose verdict changed
    recording-conformance requirements [--json]   every requirement: id, level, text, source
    recording-conformance replay CASSETTE [...]   replay a cassette and compare the answers
    recording-conformance mock [OPTIONS]          serve the reference mock space

Each is also a module: `python -m recording_conformance.reports diff`, `python -m
recording_conformance.mockspace`, and `pytest --pyargs recording_conformance.conformance` runs
the suite as `run` does.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version

PROG = "recording-conformance"
SUITE = "recording_conformance.conformance"
# schemathesis is driven from the suite's own module; its pytest plugin, loaded by its entry
# point, would only have pytest rewrite the asserts of every module it imports on each start.
RUN_DEFAULTS = ("-p", "no:schemathesis")
RUN_HELP = f"""usage: {PROG} run [OPTIONS]

Run the conformance suite: `pytest --pyargs {SUITE}` with the options below (the suite's own
are under "Recording conformance"). Without --space-url it tests the embedded mock space.
Options may also come from the environment and from [tool.recording-conformance] in
pyproject.toml (see the README); the exit codes are those of the README's table.

"""


def _package_version() -> str:
    try:
        return version("recording-conformance")
    except PackageNotFoundError:
        return "unknown (not installed)"


class _NamedAsTheCommand:
    """pytest's messages (usage, errors) name the command the user typed."""

    @staticmethod
    def pytest_addoption(parser: object) -> None:
        parser.prog = f"{PROG} run"  # type: ignore[attr-defined]


def run(argv: list[str]) -> int:
    """The suite, in this process, as pytest runs it."""
    import pytest

    named = [_NamedAsTheCommand()]
    if any(arg in ("-h", "--help") for arg in argv):
        sys.stdout.write(RUN_HELP)
        sys.stdout.flush()
        return int(pytest.main(["--help", *RUN_DEFAULTS, "--pyargs", SUITE], plugins=named))
    return int(pytest.main([*RUN_DEFAULTS, *argv, "--pyargs", SUITE], plugins=named))


def diff(argv: list[str]) -> int:
    from recording_conformance.reports.__main__ import main

    return main(["diff", *argv], prog=PROG)


def requirements(argv: list[str]) -> int:
    from recording_conformance.conformance.checks.registry import REGISTRY
    from recording_conformance.conformance.generic import GENERIC_CHECK_NAMES, GENERIC_REQUIREMENT
    from recording_conformance.conformance.requirements import REQUIREMENTS

    parser = argparse.ArgumentParser(
        prog=f"{PROG} requirements",
        description="List every requirement the suite judges: its stable id, level (MUST or "
        "SHOULD), the sentence it comes from, where that sentence is, and the checks that judge "
        "it.",
    )
    parser.add_argument("--json", action="store_true", help="one JSON array on stdout")
    args = parser.parse_args(argv)
    checks = {
        requirement.id: [entry.name for entry in REGISTRY if entry.requirement == requirement]
        for requirement in REQUIREMENTS
    }
    checks[GENERIC_REQUIREMENT] += GENERIC_CHECK_NAMES
    if args.json:
        listing = [
            {
                "id": r.id,
                "level": r.level,
                "text": r.text,
                "source": r.source,
                "checks": checks[r.id],
            }
            for r in REQUIREMENTS
        ]
        sys.stdout.write(json.dumps(listing, indent=2) + "\n")
        return 0
    for r in REQUIREMENTS:
        sys.stdout.write(f"{r.id} ({r.level}, {r.source})\n    {r.text}\n")
        if checks[r.id]:
            sys.stdout.write(f"    checks: {', '.join(checks[r.id])}\n")
    return 0


def replay(argv: list[str]) -> int:
    from recording_conformance.conformance.replay.cli import main

    return main(argv, prog=f"{PROG} replay")


def mock(argv: list[str]) -> int:
    from recording_conformance.mockspace.__main__ import main

    return main(argv, prog=f"{PROG} mock")


COMMANDS: dict[str, tuple[Callable[[list[str]], int], str]] = {
    "run": (run, "run the conformance suite against a space or the embedded mock"),
    "diff": (diff, "compare two reports: requirements whose verdict changed (exit 1: regressed)"),
    "requirements": (requirements, "list every requirement with its id, level, text, source"),
    "replay": (replay, "replay a cassette (run --record) against a target, or compare two"),
    "mock": (mock, "serve the reference mock space on loopback until interrupted"),
}


def _usage() -> str:
    lines = [f"usage: {PROG} {{{','.join(COMMANDS)}}} ...", ""]
    lines.append("Property-based conformance suite for SignalWire's Create a Recording.")
    lines.append("")
    lines += [f"  {name:<13} {text}" for name, (_, text) in COMMANDS.items()]
    lines += ["", f"`{PROG} COMMAND --help` says more of each; --version names the release.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        sys.stdout.write(_usage())
        return 0 if args else 4
    if args[0] == "--version":
        sys.stdout.write(f"{PROG} {_package_version()}\n")
        return 0
    command = COMMANDS.get(args[0])
    if command is None:
        sys.stderr.write(
            f"{PROG}: unknown command {args[0]!r}; choose one of {', '.join(COMMANDS)}\n"
        )
        return 4
    return command[0](args[1:])


if __name__ == "__main__":
    sys.exit(main())
