"""The callback receiver takes every framing and media-type spelling a space may send
(RFC 9112 section 6.1, RFC 9110 section 8.3.1)."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from recording_conformance.conformance.receiver import CallbackReceiver

BODY = b"RecordingStatus=completed&RecordingSid=abc"


@pytest.fixture
def receiver() -> Iterator[CallbackReceiver]:
    with CallbackReceiver() as running:
        yield running


def _post(receiver: CallbackReceiver, headers: dict[str, str], chunks: list[bytes]) -> None:
    parts = urlsplit(receiver.base_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
    connection.putrequest("POST", "/recording-status/x")
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.endheaders()
    for chunk in chunks:
        connection.send(chunk)
    assert connection.getresponse().status == 204
    connection.close()


def test_a_chunked_form_callback_is_read_whole(receiver: CallbackReceiver) -> None:
    framed = [
        b"%x\r\n%s\r\n" % (len(BODY[:10]), BODY[:10]),
        b"%x;ext=1\r\n%s\r\n" % (len(BODY[10:]), BODY[10:]),
        b"0\r\n\r\n",
    ]
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Transfer-Encoding": "chunked",
    }
    _post(receiver, headers, framed)
    [callback] = receiver.received()
    assert callback.params == {"RecordingStatus": "completed", "RecordingSid": "abc"}


def test_the_form_media_type_is_read_in_any_case_and_with_parameters(
    receiver: CallbackReceiver,
) -> None:
    headers = {
        "Content-Type": "Application/X-WWW-Form-URLEncoded; charset=UTF-8",
        "Content-Length": str(len(BODY)),
    }
    _post(receiver, headers, [BODY])
    [callback] = receiver.received()
    assert callback.params["RecordingStatus"] == "completed"
