"""The README's lines that point each SDK at a space are `sdks/snippets.py`'s, as written; the
Python ones run here, with the signalwire SDK and the twilio release it is built on that
`tasks.py setup` puts in `.venv` (the `sdk` tests run all three in each SDK's own environment:
`tasks.py sdks`, which CI runs too)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from recording_conformance.mockspace import MockSpaceServer
from recording_conformance.sdks.snippets import CREATE, POINTING, readme_block, render
from tests.runs import ROOT


@pytest.mark.parametrize("sdk_name", list(POINTING))
def test_the_readme_shows_each_snippet_as_written(sdk_name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_block(sdk_name) in readme


@pytest.mark.parametrize("sdk_name", ["signalwire-python", "twilio-python"])
def test_the_python_snippets_point_the_sdk_at_the_mock(
    sdk_name: str, mock: MockSpaceServer
) -> None:
    pytest.importorskip("signalwire.rest", reason="the SDK is installed by `tasks.py setup`")
    values = {
        "origin": mock.origin,
        "host": f"{mock.host}:{mock.port}",
        "project": mock.config.project_id,
        "token": mock.config.api_token,
        "call": mock.config.in_progress_call_sid,
    }
    program = render(POINTING[sdk_name] + CREATE[sdk_name], values)
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False
    )
    assert (result.returncode, result.stdout.strip()) == (0, "2"), result.stderr
