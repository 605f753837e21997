"""An arrived request read as a space reads it: the path's sids, the credentials, and the
parameters in the order and form they came (a form key may repeat)."""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote

from recording_conformance.mockspace.journal import ArrivedRequest

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
# The spec's path under its server (`/api/laml/2010-04-01`) or the legacy prefix SDKs built on
# twilio-python use, with or without the `.json` the platform documentation adds.
CREATE_PATH = re.compile(
    r"(?:/api/laml)?/2010-04-01/Accounts/(?P<account>[^/]+)/Calls/(?P<call>[^/]+)"
    r"/Recordings(?:\.json)?"
)


@dataclass(frozen=True)
class ReadRequest:
    """What a space makes of an arrived create."""

    arrived: ArrivedRequest
    media_type: str | None
    # (name, value) in the order sent; JSON values keep their JSON type.
    params: tuple[tuple[str, object], ...]
    # Why the body cannot be read at all, or None.
    unreadable: str | None

    def values(self, name: str) -> list[object]:
        return [value for key, value in self.params if key == name]

    def describe(self) -> str:
        """The request as one line: method, path and query, content type, body."""
        query = f"?{self.arrived.query}" if self.arrived.query else ""
        body = self.arrived.body.decode("utf-8", "replace") or "(no body)"
        kind = self.arrived.header("content-type") or "no Content-Type"
        return f"{self.arrived.method} {self.arrived.path}{query} [{kind}] {body}"


def read(arrived: ArrivedRequest) -> ReadRequest:
    content_type = arrived.header("content-type")
    media_type = content_type.split(";", 1)[0].strip().lower() if content_type else None
    if not arrived.body:
        return ReadRequest(arrived, media_type, (), None)
    try:
        text = arrived.body.decode("utf-8")
    except UnicodeDecodeError:
        return ReadRequest(arrived, media_type, (), "the body is not UTF-8")
    if media_type == JSON:
        try:
            data = json.loads(text)
        except ValueError:
            return ReadRequest(arrived, media_type, (), "the JSON body is malformed")
        if not isinstance(data, dict):
            return ReadRequest(arrived, media_type, (), "the JSON body is not an object")
        return ReadRequest(arrived, media_type, tuple(data.items()), None)
    if media_type == FORM:
        pairs = parse_qsl(text, keep_blank_values=True)
        return ReadRequest(arrived, media_type, tuple(pairs), None)
    return ReadRequest(arrived, media_type, (), f"the body's media type is {media_type!r}")


def path_sids(path: str) -> tuple[str, str] | None:
    """(AccountSid, CallSid) of a create path, or None when the path is no create path."""
    match = CREATE_PATH.fullmatch(path)
    if match is None:
        return None
    return unquote(match["account"]), unquote(match["call"])


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """(user, password) of a Basic Authorization header (the scheme in any case, RFC 9110
    section 11.1), or None."""
    scheme, _, encoded = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, colon, password = (
            base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
        )
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (user, password) if colon else None
