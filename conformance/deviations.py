"""Known deviations: requirement ids a user expects to fail on their target, each with a reason.

# deviations.toml
[REC-STATUS-DOCUMENTED]
reason = "our space answers 201 on create (ticket OPS-123)"
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from recording_conformance.conformance.requirements import BY_ID


class DeviationsError(ValueError):
    """The deviations file cannot be used; the message is one sentence."""


def load_deviations(path: Path) -> dict[str, str]:
    """Requirement id -> reason, from a TOML file of `[REC-...]` tables with a `reason`."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DeviationsError(f"cannot read the deviations file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise DeviationsError(f"the deviations file {path} is not valid TOML: {exc}") from None
    deviations = {}
    for requirement_id, entry in data.items():
        if requirement_id not in BY_ID:
            raise DeviationsError(f"{path} names {requirement_id!r}, which is no requirement id")
        reason = entry.get("reason") if isinstance(entry, dict) else None
        if not isinstance(reason, str) or not reason.strip():
            raise DeviationsError(f'{path}: [{requirement_id}] needs a reason = "..."')
        deviations[requirement_id] = reason.strip()
    return deviations
