"""A loopback receiver for recording status callbacks.

The suite hands its URL to the target as `RecordingStatusCallback` and waits (bounded, polled)
for what arrives. It only ever listens on loopback.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qsl, urlsplit

from recording_conformance.conformance.progress import Progress, silent
from recording_conformance.conformance.target import is_loopback_host

POLL_SECONDS = 0.01
# Where the receiver listens when a public URL (--callback-url) forwards to it: a port known
# in advance, for the tunnel.
DEFAULT_CALLBACK_LISTEN = "127.0.0.1:8788"
# How long to wait for a callback that must come, by whether the target is on loopback (within
# milliseconds of its event there; a remote space calls back over the internet), and how long
# to keep listening, once those have come, for one that must not.
ARRIVAL_SECONDS = {True: 5.0, False: 60.0}
SILENCE_SECONDS = {True: 0.1, False: 10.0}
MAX_BODY_BYTES = 1 << 20


def parse_listen(text: str | None, *, public: bool) -> tuple[str, int]:
    """`--callback-listen`: a loopback HOST:PORT; by default any port, or the known one when a
    public URL forwards to it. ValueError, one sentence, for anything else."""
    text = text or (DEFAULT_CALLBACK_LISTEN if public else "127.0.0.1:0")
    host, _, port = text.rpartition(":")
    if not is_loopback_host(host) or not port.isdigit() or int(port) > 65535:
        raise ValueError(f"--callback-listen must be a loopback HOST:PORT, not {text!r}")
    return host, int(port)


def check_public_url(text: str | None, *, flag: str = "--callback-url") -> str | None:
    """A URL the target is to call: absolute http(s). ValueError, one sentence, otherwise."""
    parts = urlsplit(text or "")
    if text and (parts.scheme not in ("http", "https") or not parts.hostname):
        raise ValueError(
            f"{flag} must be an absolute http(s) URL the space can reach, not {text!r}"
        )
    return text


@dataclass(frozen=True)
class ReceivedCallback:
    """One request that reached the receiver."""

    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    content_type: str
    # Wall-clock seconds; a cassette keeps when each callback came.
    received_at: float = 0.0

    @property
    def params(self) -> dict[str, str]:
        """The callback's parameters: the query string for GET, the form body for POST."""
        return self.form if self.method == "POST" else self.query


class _Handler(BaseHTTPRequestHandler):
    server: _ReceiverServer

    def _body(self) -> bytes:
        # A space may frame its callback with Content-Length or chunked (RFC 9112 section 6).
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._chunked_body()
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY_BYTES)
        return self.rfile.read(length) if length else b""

    def _chunked_body(self) -> bytes:
        body = b""
        while len(body) < MAX_BODY_BYTES:
            size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass  # trailer fields
                break
            body += self.rfile.read(size)
            self.rfile.readline()
        return body

    def _receive(self) -> None:
        body = self._body().decode("utf-8", "replace")
        parts = urlsplit(self.path)
        content_type = self.headers.get("Content-Type", "")
        # Media types are case-insensitive (RFC 9110 section 8.3.1).
        is_form = content_type.split(";", 1)[0].strip().lower() == (
            "application/x-www-form-urlencoded"
        )
        form = dict(parse_qsl(body, keep_blank_values=True)) if is_form else {}
        self.server.record(
            ReceivedCallback(
                method=self.command,
                path=parts.path,
                query=dict(parse_qsl(parts.query, keep_blank_values=True)),
                form=form,
                content_type=content_type,
                received_at=time.time(),
            )
        )
        self.send_response(204)
        self.end_headers()

    do_GET = do_POST = do_PUT = _receive

    def log_message(self, format: str, *args: object) -> None:
        # Quiet: what arrived is recorded and reported by the tests.
        return


class _ReceiverServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self.lock = threading.Lock()
        self.received: list[ReceivedCallback] = []

    def record(self, callback: ReceivedCallback) -> None:
        with self.lock:
            self.received.append(callback)


class CallbackReceiver:
    """Collects callbacks on `http://127.0.0.1:PORT/...` until stopped."""

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, *, progress: Progress | None = None
    ) -> None:
        self._server = _ReceiverServer((host, port))
        # A callback window on a live space lasts up to a minute: said while it lasts.
        self.progress = progress or silent()
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            # A short poll keeps stop() quick; the receiver lives for a test or a session.
            kwargs={"poll_interval": 0.05},
            name="callback-receiver",
            daemon=True,
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str = "/recording-status") -> str:
        """A callback URL on this receiver."""
        return self.base_url + path

    def received(self) -> list[ReceivedCallback]:
        """Everything that has arrived so far."""
        with self._server.lock:
            return list(self._server.received)

    def wait_for(
        self, predicate: Callable[[list[ReceivedCallback]], bool], timeout: float = 5.0
    ) -> list[ReceivedCallback]:
        """Poll until `predicate(received)` holds or `timeout` passes; return what arrived."""
        deadline = time.monotonic() + timeout
        while True:
            received = self.received()
            left = deadline - time.monotonic()
            if predicate(received) or left <= 0:
                return received
            what = f"status callbacks ({len(received)} arrived, up to {left:.0f} s more)"
            self.progress.sleep(min(POLL_SECONDS, left), what)

    def clear(self) -> None:
        with self._server.lock:
            self._server.received.clear()

    def start(self) -> CallbackReceiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> CallbackReceiver:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


@dataclass(frozen=True)
class CallbackEndpoint:
    """A running receiver, and the URL at which the target reaches it."""

    receiver: CallbackReceiver
    public_base: str
    timeout: float

    def new_url(self) -> tuple[str, str]:
        """A callback URL of its own for one recording, and the path the receiver will see."""
        path = f"/recording-status/{uuid.uuid4()}"
        return self.public_base.rstrip("/") + path, path
