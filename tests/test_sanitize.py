"""One sanitizer masks every form the token travels in; reproductions run without it."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from urllib.parse import quote

import pytest

from recording_conformance.conformance.client import ConformanceClient
from recording_conformance.conformance.request import CreateRequest
from recording_conformance.conformance.sanitize import MASK, Sanitizer

TOKEN = "PTtok+en/with=chars"


def test_every_encoding_of_the_token_is_masked() -> None:
    sanitizer = Sanitizer()
    sanitizer.add(TOKEN, user="project")
    basic = base64.b64encode(f"project:{TOKEN}".encode()).decode()
    for form in [TOKEN, quote(TOKEN, safe=""), basic, f"x{TOKEN}y"]:
        masked = sanitizer.text(f"before {form} after")
        assert TOKEN not in masked
        assert basic not in masked
        assert MASK in masked
        assert sanitizer.contains_secret(form)
    assert sanitizer.headers({"Authorization": f"Basic {basic}"}) == {"Authorization": "Basic ***"}


def test_text_without_secrets_is_unchanged() -> None:
    sanitizer = Sanitizer([TOKEN])
    assert sanitizer.text("nothing to hide") == "nothing to hide"
    assert not sanitizer.contains_secret("nothing to hide")


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_reproduction_hides_the_token_and_reproduces(
    mock_client: ConformanceClient,
) -> None:
    create = CreateRequest.of(RecordingChannels="dual", Trim="trim-silence")
    exchange = mock_client.create_recording(create)
    command = exchange.curl()
    token = mock_client.target.api_token
    assert token not in command
    assert "$SIGNALWIRE_API_TOKEN" in command
    env = {**os.environ, "SIGNALWIRE_API_TOKEN": token}
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=env, timeout=10, check=True
    )
    assert '"channels":"2"' in result.stdout
    assert '"trim":"trim-silence"' in result.stdout
