"""One request and its response, as the suite records them for checks, failures and reports."""

from __future__ import annotations

import base64
import functools
import json
import shlex
from dataclasses import dataclass, field
from typing import Any

from conformance.sanitize import Sanitizer

# Shown in reproductions instead of the token: set it in the shell and the command runs as is.
TOKEN_VARIABLE = "$SIGNALWIRE_API_TOKEN"
EXCERPT_LIMIT = 2000


@dataclass(frozen=True)
class Exchange:
    """A request sent and the response received. Bodies are raw; render through `sanitizer`."""

    method: str
    url: str
    request_headers: dict[str, str]
    request_body: bytes
    status: int
    response_headers: dict[str, str]
    response_body: bytes
    elapsed: float
    sanitizer: Sanitizer = field(repr=False, compare=False)
    # "configured" (the target's credentials as Basic), "none", or "custom" (a header of its own).
    auth: str = "configured"
    project_id: str = ""
    # The Authorization header as sent; only ever shown through `_curl_auth`.
    auth_header: str = field(default="", repr=False, compare=False)
    # The transport's own response object (for schemathesis); it holds the credentials sent,
    # so it is never printed.
    raw: Any = field(default=None, repr=False, compare=False)

    def json(self) -> Any:
        """The response body parsed as JSON, or None when it is not JSON (parsed once: every
        check asks)."""
        return self._parsed

    @functools.cached_property
    def _parsed(self) -> Any:
        try:
            return json.loads(self.response_body)
        except ValueError:
            return None

    @property
    def content_type(self) -> str:
        for name, value in self.response_headers.items():
            if name.lower() == "content-type":
                return value
        return ""

    def response_excerpt(self) -> str:
        """The start of the response body, secrets masked."""
        text = self.response_body[:EXCERPT_LIMIT].decode("utf-8", "replace")
        more = "..." if len(self.response_body) > EXCERPT_LIMIT else ""
        return self.sanitizer.text(text) + more

    def curl(self) -> str:
        """A curl command that sends this request again; the token is a shell variable."""
        parts = ["curl", "-sS", "-X", self.method, shlex.quote(self.sanitizer.text(self.url))]
        parts += self._curl_auth()
        for name, value in self.request_headers.items():
            if name.lower() == "content-type":
                parts += ["-H", shlex.quote(f"{name}: {value}")]
        if self.request_body:
            body = self.request_body.decode("utf-8", "replace")
            parts += ["--data-raw", shlex.quote(self.sanitizer.text(body))]
        return " ".join(parts)

    def _curl_auth(self) -> list[str]:
        """The credentials as curl options: the token as `$SIGNALWIRE_API_TOKEN`, in double
        quotes so the shell expands it; made-up credentials exactly as they were sent."""
        words = self.sanitizer.shell_words
        if self.auth == "configured":
            return ["-u", f'"{words(self.project_id, TOKEN_VARIABLE)}:{TOKEN_VARIABLE}"']
        if self.auth == "none" or not self.auth_header:
            return []
        scheme, _, credentials = self.auth_header.partition(" ")
        if scheme.lower() == "basic":
            try:
                pair = base64.b64decode(credentials, validate=True).decode()
            except ValueError:
                pair = ""
            if ":" in pair:
                return ["-u", f'"{words(pair, TOKEN_VARIABLE)}"']
        return ["-H", f'"Authorization: {words(self.auth_header, TOKEN_VARIABLE)}"']

    def summary(self) -> str:
        """Request line, status and body excerpt, for failure messages."""
        request_body = self.sanitizer.text(self.request_body.decode("utf-8", "replace"))
        return (
            f"{self.method} {self.sanitizer.text(self.url)}\n"
            f"  body: {request_body or '(empty)'}\n"
            f"  -> {self.status} {self.content_type or '(no Content-Type)'}\n"
            f"  {self.response_excerpt() or '(empty body)'}"
        )

    def __repr__(self) -> str:
        return f"<Exchange {self.method} {self.sanitizer.text(self.url)} -> {self.status}>"
