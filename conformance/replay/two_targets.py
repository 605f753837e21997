"""The same seeded cases sent to two targets: a run against the first, recorded to a cassette,
then that cassette replayed against the second, so that comparing two targets is the replay's
comparison and nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from recording_conformance.conformance.cassette import CassetteError, read_cassette
from recording_conformance.conformance.replay.cli_errors import SetUpProblem
from recording_conformance.conformance.stops import (
    EXIT_CALL_UNUSABLE,
    EXIT_CREDENTIALS,
    EXIT_TARGET_DOWN,
    EXIT_USAGE,
)

# The first run's exit codes that the replay passes on as its own (pytest's 5, no test
# selected, is a usage problem of the comparison).
SET_UP_EXITS = frozenset({EXIT_CREDENTIALS, EXIT_TARGET_DOWN, EXIT_USAGE, EXIT_CALL_UNUSABLE})


def suite_command(
    cassette: Path,
    *,
    space_url: str | None,
    project_id: str | None,
    api_token: str | None,
    call_sid: str | None,
    seed: int,
    profile: str,
    extra: list[str],
    scratch: Path,
) -> tuple[list[str], dict[str, str]]:
    """The conformance run that records the first target (the embedded mock without a URL),
    and its environment: the token goes there, never into a command line others can list.
    Hypothesis keeps what it caches in `scratch`, not beside the user's cassette."""
    command = [
        sys.executable, "-m", "pytest", "--pyargs", "recording_conformance.conformance",
        "-p", "no:schemathesis", "-p", "no:cacheprovider",
        "-q", "--no-header", "-p", "no:warnings", "--no-report", "--record", str(cassette),
        "--hypothesis-seed", str(seed), "--hypothesis-profile", profile,
    ]  # fmt: skip
    # Nothing of the caller's environment may point the run elsewhere.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIGNALWIRE_", "CONFORMANCE_"))}
    env["HYPOTHESIS_STORAGE_DIRECTORY"] = str(scratch / "hypothesis")
    if space_url:
        command += ["--space-url", space_url, "--project-id", project_id or ""]
        command += ["--call-sid", call_sid or ""]
        env["SIGNALWIRE_API_TOKEN"] = api_token or ""
    return command + extra, env


def record_first(command: list[str], env: dict[str, str], cassette: Path) -> str:
    """Run the suite against the first target; its verdict line (a non-conformant first target
    still records every exchange). One sentence when it records nothing."""
    # From the cassette's folder: the suite is found by module name, checkout or installation
    # alike, and nothing of the caller's own pytest configuration applies to the run. A cassette
    # left at the path (`--keep`) by an earlier comparison must not stand in for this run's.
    cassette.unlink(missing_ok=True)
    result = subprocess.run(command, cwd=cassette.parent, capture_output=True, text=True, env=env)
    output = (result.stdout + result.stderr).strip().splitlines()
    verdict = next((line for line in output if line.startswith("verdict:")), "")
    if not _recorded_anything(cassette):
        # A refused token, a selection that matched no test: nothing to compare, which must
        # not pass for "no difference". The run's own exit code says why (6: credentials).
        raise SetUpProblem(
            f"the run against the first target recorded no exchange (exit "
            f"{result.returncode}): {verdict or (output[-1] if output else 'no output')}",
            result.returncode if result.returncode in SET_UP_EXITS else EXIT_USAGE,
        )
    return verdict


def _recorded_anything(cassette: Path) -> bool:
    try:
        entries, _ = read_cassette(cassette)
    except CassetteError:
        return False
    return bool(entries)
