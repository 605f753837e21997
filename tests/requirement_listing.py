"""A pytest plugin for the suite's own tests: write which requirements each collected test
verifies to the JSON file named by $REQUIREMENT_LISTING."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest


def pytest_collection_finish(session: pytest.Session) -> None:
    listing = {
        item.nodeid: sorted({arg for mark in item.iter_markers("requirement") for arg in mark.args})
        for item in session.items
    }
    Path(os.environ["REQUIREMENT_LISTING"]).write_text(json.dumps(listing))
