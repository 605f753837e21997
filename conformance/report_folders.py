"""The default report folders, `reports/out/<UTC timestamp>/`: the last few are kept, so that a
machine that runs the suite every night does not fill up with them.

Only folders this suite names (a timestamp, with a `-N` suffix for runs that ended in the
same second) are ever removed: `latest/`, the measures (`mutation.json`, `benchmarks.json`) and
anything a user put there stay.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

DEFAULT_KEEP = 10
_NAME = re.compile(r"^(\d{8}T\d{6}Z)(?:-(\d+))?$")


def _order(folder: Path) -> tuple[str, int]:
    match = _NAME.match(folder.name)
    assert match is not None  # only named folders are ordered
    return match.group(1), int(match.group(2) or 1)


def run_folders(root: Path) -> list[Path]:
    """The run folders under `root`, oldest first."""
    if not root.is_dir():
        return []
    named = [p for p in root.iterdir() if p.is_dir() and _NAME.match(p.name)]
    return sorted(named, key=_order)


def prune(root: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` run folders under `root`; return those removed."""
    folders = run_folders(root)
    removed = folders[: max(0, len(folders) - keep)]
    for folder in removed:
        # Another run may be removing the same folder at the same time: nothing to report.
        shutil.rmtree(folder, ignore_errors=True)
    return removed
