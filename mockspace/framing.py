"""How answers are framed on the wire, under the variations that change it (ASGI middleware).

Each middleware looks at the configuration on every request, so that a running mock can be
switched between tests. Listed outermost first in `MIDDLEWARE_ORDER` (see app.py): chunking must
see the Content-Length that compression sets, to take it away.

Header names: uvicorn's httptools protocol lower-cases every response header name before writing
it (`name = name.lower()` in `RequestResponseCycle.send`), so HEADER_VARIANTS cannot send them in
another letter case; it varies the Content-Type value only.
"""

from __future__ import annotations

import gzip

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from recording_conformance.mockspace.faults import Variation
from recording_conformance.mockspace.space import MockSpace

# Media types and their parameter names and charset values are case-insensitive (RFC 9110
# section 8.3.1), and a charset parameter is allowed on application/json.
JSON_CONTENT_TYPE_VARIANT = b"Application/JSON; charset=UTF-8"


class _Switched:
    """Middleware that does its work only while `variation` is switched on."""

    variation: Variation

    def __init__(self, app: ASGIApp, space: MockSpace) -> None:
        self.app = app
        self.space = space

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.applies(scope):
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, self.wrap(send))

    def applies(self, scope: Scope) -> bool:
        return self.space.config.varies(self.variation)

    def wrap(self, send: Send) -> Send:
        raise NotImplementedError


class CloseConnections(_Switched):
    """Every answer ends its connection, so a client must open a new one for each request."""

    variation = Variation.CLOSE_CONNECTIONS

    def wrap(self, send: Send) -> Send:
        async def closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {
                    **message,
                    "headers": [*message.get("headers", []), (b"connection", b"close")],
                }
            await send(message)

        return closing


class HeaderVariants(_Switched):
    """JSON answers say `Application/JSON; charset=UTF-8`."""

    variation = Variation.HEADER_VARIANTS

    def wrap(self, send: Send) -> Send:
        async def varied(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, _json_variant(name, value)) for name, value in message.get("headers", [])
                ]
                message = {**message, "headers": headers}
            await send(message)

        return varied


def _json_variant(name: bytes, value: bytes) -> bytes:
    if name.lower() == b"content-type" and value.split(b";")[0].strip() == b"application/json":
        return JSON_CONTENT_TYPE_VARIANT
    return value


class Chunked(_Switched):
    """No Content-Length, and the body in two parts: the server sends it chunked."""

    variation = Variation.CHUNKED

    def wrap(self, send: Send) -> Send:
        async def chunked(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if name.lower() != b"content-length"
                ]
                await send({**message, "headers": headers})
                return
            body: bytes = message.get("body", b"")
            if message["type"] == "http.response.body" and len(body) > 1:
                half = len(body) // 2
                await send({**message, "body": body[:half], "more_body": True})
                message = {**message, "body": body[half:]}
            await send(message)

        return chunked


class Compressed(_Switched):
    """Bodies gzip-compressed for clients whose Accept-Encoding allows gzip.

    Written out rather than Starlette's GZipMiddleware, which leaves some media types (the
    recording's audio) uncompressed; the mock's answers are small and sent in one part.
    """

    variation = Variation.COMPRESSED

    def applies(self, scope: Scope) -> bool:
        accept = Headers(scope=scope).get("accept-encoding", "")
        return super().applies(scope) and accepts_gzip(accept)

    def wrap(self, send: Send) -> Send:
        start: Message = {}
        parts: list[bytes] = []

        async def compressing(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            parts.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(parts)
            headers = MutableHeaders(raw=list(start.get("headers", [])))
            # An empty body (204) stays empty: there is nothing to encode.
            if body and "content-encoding" not in headers:
                body = gzip.compress(body)
                headers["Content-Encoding"] = "gzip"
                headers["Content-Length"] = str(len(body))
                headers.add_vary_header("Accept-Encoding")
            await send({**start, "headers": headers.raw})
            await send({"type": "http.response.body", "body": body})

        return compressing


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding value allows gzip (RFC 9110 section 12.5.3): named, or
    covered by `*`, with a weight above 0."""
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if coding:
            weights[coding.lower()] = weight
    for coding in ("gzip", "x-gzip", "*"):
        if coding in weights:
            return weights[coding] > 0
    return False


# Outermost first.
MIDDLEWARE_ORDER: tuple[type[_Switched], ...] = (
    CloseConnections,
    HeaderVariants,
    Chunked,
    Compressed,
)
