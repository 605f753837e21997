"""The target of a run: where the space is, whose credentials, and which call to record."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

API_VERSION = "2010-04-01"
API_BASE_PATH = f"/api/laml/{API_VERSION}"


class TargetError(ValueError):
    """The target settings cannot work; the message is one sentence for the user."""


def api_base_from_space_url(space_url: str) -> str:
    """`example.signalwire.com`, `https://example.signalwire.com` or `http://127.0.0.1:8080`
    (optionally already ending in the API path) become the API base URL."""
    text = space_url.strip()
    if not text:
        raise TargetError("--space-url is empty")
    if "://" not in text:
        # A space is reached over TLS; a server on this machine (a mock, a tunnel's end) over
        # plain HTTP, which is what `127.0.0.1:8080` means to anyone who types it.
        host = urlsplit("//" + text).hostname or ""
        text = ("http://" if is_loopback_host(host) else "https://") + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetError(f"--space-url must be a host name or an http(s) URL, not {space_url!r}")
    try:
        port = parts.port  # urlsplit checks the port only when asked for it
    except ValueError:
        port = -1
    if port is not None and not 0 < port <= 65535:
        raise TargetError(
            f"--space-url {space_url!r} has a port that is not a number from 1 to 65535"
        )
    if parts.username or parts.password:
        # Credentials in a URL end up in logs and reports: they have their own options.
        raise TargetError(
            "--space-url must not carry credentials; use --project-id and --api-token"
        )
    path = parts.path.rstrip("/")
    if path in ("", "/api/laml"):
        path = API_BASE_PATH if not path else path + f"/{API_VERSION}"
    elif not path.endswith(f"/{API_VERSION}"):
        raise TargetError(
            f"--space-url path {parts.path!r} is not the Compatibility API base ({API_BASE_PATH})"
        )
    return f"{parts.scheme}://{parts.netloc}{path}"


CONNECT_SECONDS = 5.0


def unreachable(api_base: str) -> str | None:
    """Why no connection can be opened to the target ('' or None when one can): the name does
    not resolve, or nothing listens on the port."""
    parts = urlsplit(api_base)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=CONNECT_SECONDS):
            return None
    except socket.gaierror:
        return f"the host name {host} does not resolve"
    except OSError as exc:
        return f"cannot connect to {host}:{port} ({exc.strerror or type(exc).__name__})"


def is_loopback_host(host: str) -> bool:
    """Whether `host` is this machine (127.0.0.0/8, ::1 or localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Target:
    """A space to test. `api_token` is a secret: it is never printed, only sent."""

    api_base: str
    project_id: str
    api_token: str
    call_sid: str
    embedded: bool = False
    # The command that starts this same target again (the embedded mock, with its switches),
    # printed beside reproductions so that they run as printed after the run has ended.
    started_by: str = ""

    @property
    def kind(self) -> str:
        """`embedded mock`, `local server` or `remote space`."""
        if self.embedded:
            return "embedded mock"
        return "local server" if self.is_loopback else "remote space"

    @property
    def is_loopback(self) -> bool:
        """Whether the target runs on this machine (callbacks can then reach a local receiver)."""
        return is_loopback_host(urlsplit(self.api_base).hostname or "")

    def account_path(self, account_sid: str | None = None) -> str:
        """`/Accounts/{AccountSid}` under the API base; the configured project by default."""
        return f"{self.api_base}/Accounts/{account_sid or self.project_id}"

    def recordings_url(
        self, *, call_sid: str | None = None, account_sid: str | None = None, suffix: str = ""
    ) -> str:
        """The Create a Recording URL for a call (the configured call by default)."""
        call = call_sid or self.call_sid
        return f"{self.account_path(account_sid)}/Calls/{call}/Recordings{suffix}"

    def __repr__(self) -> str:
        # Dataclass reprs land in tracebacks and Hypothesis output: keep the token out of them.
        return (
            f"Target(api_base={self.api_base!r}, project_id={self.project_id!r}, "
            f"kind={self.kind!r})"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Hypothesis prints dataclasses field by field, token included, unless told otherwise.
        printer.text(repr(self))
