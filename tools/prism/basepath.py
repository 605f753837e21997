"""A pass-through proxy that puts Prism's routes under the spec's server path.

Prism serves every operation at its bare path (`/Accounts/...`) and ignores the path of
`servers` by design (its FAQ: "Base paths are completely ignored by the Prism HTTP server"); the
spec places the operation under `https://YOUR_SPACE.signalwire.com/api/laml/2010-04-01`, which is
where the suite and every SDK send it. The maintainers' own advice is a reverse proxy that maps
the path, so this one strips that prefix and changes nothing else: method, query, headers and
body go to Prism as sent, and Prism's status, headers and body come back as answered.
"""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Framing belongs to each connection, not to the message: both hops set their own.
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "content-length"}
)
UPSTREAM_TIMEOUT_SECONDS = 60.0


def strip_base_path(target: str, base_path: str) -> str:
    """The request target as Prism routes it: `base_path` removed when the path starts with it."""
    path, mark, query = target.partition("?")
    if path == base_path or path.startswith(base_path + "/"):
        path = path[len(base_path) :] or "/"
    return path + mark + query


class BasePathProxy(ThreadingHTTPServer):
    """Listens on (host, port) and forwards every request to Prism on `upstream_port`."""

    daemon_threads = True

    def __init__(self, host: str, port: int, *, upstream_port: int, base_path: str) -> None:
        super().__init__((host, port), _Forward)
        self.upstream_port = upstream_port
        self.base_path = base_path.rstrip("/")
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def start(self) -> None:
        self._thread = threading.Thread(target=self.serve_forever, name="prism-basepath")
        self._thread.start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join()


class _Forward(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: BasePathProxy

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        upstream = http.client.HTTPConnection(
            "127.0.0.1", self.server.upstream_port, timeout=UPSTREAM_TIMEOUT_SECONDS
        )
        try:
            upstream.request(
                self.command,
                strip_base_path(self.path, self.server.base_path),
                body=body,
                headers=headers,
            )
            answer = upstream.getresponse()
            payload = answer.read()
        except (OSError, http.client.HTTPException):
            # Prism gave no answer (it never answers a body that is not JSON, and it is gone
            # once stopped): the client gets none either, rather than one Prism never sent.
            self.close_connection = True
            return
        finally:
            upstream.close()
        self.send_response_only(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _forward

    def log_message(self, format: str, *args: object) -> None:
        # Prism logs every request itself; a second log of the same traffic says nothing new.
        pass
