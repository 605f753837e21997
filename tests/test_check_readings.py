"""What the checks accept is what the sentences allow: every RFC 2822 form of a date, and a
more_info that is a URL reference, relative or absolute."""

from __future__ import annotations

import pytest

from recording_conformance.conformance.checks.recordings import _rfc2822
from recording_conformance.conformance.checks.responses import error_details_are_useful
from recording_conformance.conformance.exchange import Exchange
from recording_conformance.conformance.sanitize import Sanitizer


@pytest.mark.parametrize(
    "date",
    [
        "Tue, 25 Sep 2018 23:00:00 +0000",
        "25 Sep 2018 23:00:00 +0000",  # no day name
        "Tue, 5 Sep 2018 23:00:00 +0100",  # one-digit day, another zone
        "Tue, 25 Sep 2018 23:00 +0000",  # no seconds
        "tue, 25 SEP 2018 23:00:00 -0500",  # names in other case (RFC 2234 section 2.3)
        "Tue, 25 Sep 2018 23:00:00 +0000 (UTC)",  # a trailing comment
        "Tue, 25 Sep 2018 23:00:00 GMT",
    ],
)
def test_every_rfc2822_form_of_a_date_is_accepted(date: str) -> None:
    assert _rfc2822(date) is not None


@pytest.mark.parametrize(
    "date",
    [
        "Tue, 25 Sept 2018 23:00:00 +0000",
        "Thur, 27 Sep 2018 23:00:00 +0000",
        "2018-09-25T23:00:00Z",
        "1537916400",
        "Tue, 25 Sep 2018 23:00:00 GMT+0",
    ],
)
def test_what_rfc2822_does_not_allow_is_refused(date: str) -> None:
    assert _rfc2822(date) is None


def _error(body: bytes) -> Exchange:
    return Exchange(
        method="POST",
        url="http://127.0.0.1:1/x",
        request_headers={},
        request_body=b"",
        status=400,
        response_headers={"Content-Type": "application/json"},
        response_body=body,
        elapsed=0.0,
        sanitizer=Sanitizer(),
    )


@pytest.mark.parametrize(
    ("body", "useful"),
    [
        (b'{"message": "Bad Trim", "more_info": "https://example.com/errors/13699"}', True),
        (b'{"message": "Bad Trim", "more_info": "/docs/errors/13699"}', True),
        (b'{"message": "Bad Trim", "more_info": ""}', False),
        (b'{"message": " ", "more_info": "https://example.com/e"}', False),
    ],
)
def test_error_details_need_a_message_and_a_url_reference(body: bytes, useful: bool) -> None:
    context = type("Context", (), {"exchange": _error(body)})()
    assert (list(error_details_are_useful(context)) == []) is useful
