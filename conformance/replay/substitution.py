"""The recorded target's ids, and the recordings it made, replaced by the replay target's own.

Every id the suite puts in a request is a UUID or a URL prefix, so a plain replacement cannot
hit anything else. The same replacement is applied to a recorded answer before it is compared,
so that a recorded `uri` naming the recorded sid compares equal to the replayed one naming the
new sid.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from recording_conformance.conformance.exchange import (
    TOKEN_VARIABLE,
    Auth,
    BasicCredentials,
    RawAuthorization,
)
from recording_conformance.conformance.replay.entries import RecordedEntry, RecordedTarget
from recording_conformance.conformance.target import Target


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Substitution:
    """Recorded -> replayed, for one replay target; learns recording sids as creates answer."""

    def __init__(self, target: Target) -> None:
        self.target = target
        # Recorded recording sid -> the sid the replay target gave the same create.
        self.sids: dict[str, str] = {}
        # Recorded sids whose create made no recording on the replay target.
        self.unmatched: set[str] = set()

    def learn(self, recorded_sid: str, replayed_sid: str | None) -> None:
        if replayed_sid is None:
            self.unmatched.add(recorded_sid)
        else:
            self.sids[recorded_sid] = replayed_sid

    def _pairs(self, recorded: RecordedTarget) -> list[tuple[str, str]]:
        pairs = [
            (recorded.api_base, self.target.api_base),
            (_origin(recorded.api_base), _origin(self.target.api_base)),
            (recorded.project_id, self.target.project_id),
            (recorded.call_sid, self.target.call_sid),
            *self.sids.items(),
        ]
        # Longest first: the API base before the origin it starts with.
        return sorted((p for p in pairs if p[0] and p[0] != p[1]), key=lambda p: -len(p[0]))

    def text(self, value: str, recorded: RecordedTarget) -> str:
        for old, new in self._pairs(recorded):
            value = value.replace(old, new)
        return value

    def body(self, body: bytes, recorded: RecordedTarget) -> bytes:
        """A request body with the replay's ids; one that is not UTF-8 is sent as it was."""
        try:
            return self.text(body.decode("utf-8"), recorded).encode()
        except UnicodeDecodeError:
            return body

    def value(self, value: Any, recorded: RecordedTarget) -> Any:
        """A recorded JSON value with every string substituted."""
        if isinstance(value, str):
            return self.text(value, recorded)
        if isinstance(value, list):
            return [self.value(v, recorded) for v in value]
        if isinstance(value, dict):
            return {k: self.value(v, recorded) for k, v in value.items()}
        return value

    def follows_unmatched(self, entry: RecordedEntry) -> bool:
        """Whether the request names a recording the replay target never made."""
        named = (entry.url, entry.request_text, entry.path_ids.get("sid", ""))
        return any(sid in text for sid in self.unmatched for text in named if text)

    def auth(self, entry: RecordedEntry) -> Auth:
        """The credentials the recorded request meant, with the replay target's token."""
        auth = entry.auth
        kind = auth.get("type")
        if kind in ("configured", "none"):
            return "configured" if kind == "configured" else "none"

        def filled(text: str) -> str:
            return self.text(text, entry.target).replace(TOKEN_VARIABLE, self.target.api_token)

        if kind == "basic":
            return BasicCredentials(filled(auth["user"]), filled(auth["password"]))
        return RawAuthorization(filled(auth["value"]))
