"""Target settings: space URLs become API bases, and secrets stay out of reprs."""

from __future__ import annotations

import pytest

from recording_conformance.conformance.target import Target, TargetError, api_base_from_space_url


@pytest.mark.parametrize(
    ("space_url", "api_base"),
    [
        ("example.signalwire.com", "https://example.signalwire.com/api/laml/2010-04-01"),
        ("https://example.signalwire.com", "https://example.signalwire.com/api/laml/2010-04-01"),
        ("https://example.signalwire.com/", "https://example.signalwire.com/api/laml/2010-04-01"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/api/laml/2010-04-01"),
        ("http://127.0.0.1:8080/api/laml", "http://127.0.0.1:8080/api/laml/2010-04-01"),
        ("http://127.0.0.1:8080/api/laml/2010-04-01/", "http://127.0.0.1:8080/api/laml/2010-04-01"),
        ("http://localhost:9/2010-04-01", "http://localhost:9/2010-04-01"),
        ("  example.signalwire.com  ", "https://example.signalwire.com/api/laml/2010-04-01"),
    ],
)
def test_space_urls_become_api_bases(space_url: str, api_base: str) -> None:
    assert api_base_from_space_url(space_url) == api_base


@pytest.mark.parametrize(
    ("space_url", "message"),
    [
        ("", "empty"),
        ("ftp://example.com", "host name or an http"),
        ("https://user:secret@example.signalwire.com", "must not carry credentials"),
        ("https://example.signalwire.com/other/path", "not the Compatibility API base"),
    ],
)
def test_unusable_space_urls_are_one_sentence(space_url: str, message: str) -> None:
    with pytest.raises(TargetError, match=message) as caught:
        api_base_from_space_url(space_url)
    assert "secret" not in str(caught.value)


@pytest.mark.parametrize(
    ("api_base", "kind"),
    [
        ("http://127.0.0.1:1/api/laml/2010-04-01", "local server"),
        ("http://[::1]:1/api/laml/2010-04-01", "local server"),
        ("http://localhost:1/api/laml/2010-04-01", "local server"),
        ("https://example.signalwire.com/api/laml/2010-04-01", "remote space"),
    ],
)
def test_target_kind(api_base: str, kind: str) -> None:
    assert Target(api_base, "p", "t", "c").kind == kind


def test_target_repr_never_shows_the_token() -> None:
    target = Target("https://x.signalwire.com/api/laml/2010-04-01", "proj", "PTsecret-token", "c")
    assert "PTsecret-token" not in repr(target)
    from hypothesis.vendor.pretty import pretty

    assert "PTsecret-token" not in pretty(target)


def test_recordings_url() -> None:
    target = Target("http://h/api/laml/2010-04-01", "P", "T", "C")
    assert target.recordings_url() == "http://h/api/laml/2010-04-01/Accounts/P/Calls/C/Recordings"
    assert target.recordings_url(call_sid="X", account_sid="A", suffix=".json").endswith(
        "/Accounts/A/Calls/X/Recordings.json"
    )
