"""One request and its response, as the suite records them for checks, failures and reports.

An exchange keeps the structure its request was built from (the operation, the ids in the path,
the create parameters, the credentials meant): nobody parses URLs, bodies or headers back.
"""

from __future__ import annotations

import functools
import json
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from recording_conformance.conformance.request import CreateRequest
from recording_conformance.conformance.sanitize import Sanitizer

# Shown in reproductions instead of the token: set it in the shell and the command runs as is.
TOKEN_VARIABLE = "$SIGNALWIRE_API_TOKEN"
# The body of the update that stops a recording (platform documentation).
STOP_BODY = b"Status=stopped"
EXCERPT_LIMIT = 2000
Operation = Literal["create", "fetch", "update", "other"]


@dataclass(frozen=True)
class BasicCredentials:
    """HTTP Basic credentials of the suite's own making (RFC 7617); `password` is shown in
    reproductions as it was sent, unless it is the real token."""

    user: str
    password: str


@dataclass(frozen=True)
class RawAuthorization:
    """An Authorization header sent exactly as written (other schemes, broken encodings)."""

    value: str


# The credentials a request meant to send: the target's own, none, or others of the suite's
# own making.
Auth = Literal["configured", "none"] | BasicCredentials | RawAuthorization


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
    operation: Operation = "other"
    # The sids the path was built with: account_sid, call_sid and, for one recording, sid.
    path_ids: Mapping[str, str] = field(default_factory=dict)
    # The create request the body was encoded from (None for other operations, or a body
    # another tool built).
    request: CreateRequest | None = None
    auth: Auth = "configured"
    project_id: str = ""
    # Wall-clock time the request was sent (seconds since the epoch), comparable between the
    # processes of a run.
    sent_at: float = 0.0
    # The command that starts the server that answered, when the suite started it (the
    # embedded mock): the curl reproduces against it.
    server_command: str = ""
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
        auth = self.auth
        if auth == "configured":
            return ["-u", f'"{words(self.project_id, TOKEN_VARIABLE)}:{TOKEN_VARIABLE}"']
        if isinstance(auth, BasicCredentials):
            return ["-u", f'"{words(f"{auth.user}:{auth.password}", TOKEN_VARIABLE)}"']
        if isinstance(auth, RawAuthorization):
            return ["-H", f'"Authorization: {words(auth.value, TOKEN_VARIABLE)}"']
        return []

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
