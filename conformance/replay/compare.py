"""Two answers to the same request, compared: status, media type, and every field of the body.

Both bodies are read after masking (the replayed one through the replay's sanitizer, as the
recorded one was), and the recorded one after substitution (`substitution.py`), so that what
differs is what the targets did differently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from recording_conformance.conformance.exchange import Exchange
from recording_conformance.conformance.replay import allowances
from recording_conformance.conformance.replay.entries import Delivery, RecordedEntry
from recording_conformance.conformance.replay.substitution import Substitution
from recording_conformance.conformance.sanitize import MASK
from recording_conformance.spec import Spec

# Named apart from an error body's `status` field, which may differ on its own.
HTTP_STATUS = "HTTP status"


class _Absent:
    def __repr__(self) -> str:
        return "(absent)"


ABSENT: Any = _Absent()


@dataclass(frozen=True)
class Difference:
    """One way the replayed answer differs: `what` is `answer` (none came), `HTTP status`,
    `media type`, `body`, `credentials`, `sid` or the dotted name of a body field."""

    what: str
    recorded: Any
    replayed: Any


@dataclass
class Comparison:
    """What differs, and what differs as a freedom allows (entry id, what)."""

    differences: list[Difference] = field(default_factory=list)
    allowed: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Compared:
    """One request sent again: the recorded entry, the replayed exchange, what differs."""

    entry: RecordedEntry
    replayed: Exchange
    comparison: Comparison
    # The status callbacks the replay received for a watched create, in arrival order.
    deliveries: list[Delivery] = field(default_factory=list)


@dataclass(frozen=True)
class Fields:
    """The field names each response schema lists (dotted for nested objects)."""

    recording: frozenset[str]
    error: frozenset[str]

    @classmethod
    def of(cls, spec: Spec) -> Fields:
        schemas = spec.document["components"]["schemas"]

        def names(schema: str) -> frozenset[str]:
            found = set()
            for name, prop in schemas[schema].get("properties", {}).items():
                found.add(name)
                ref = prop.get("$ref", "") if isinstance(prop, dict) else ""
                nested = schemas.get(ref.rsplit("/", 1)[-1], {}) if ref else {}
                found |= {f"{name}.{inner}" for inner in nested.get("properties", {})}
            return frozenset(found)

        return cls(names("CallRecordingResponse"), names("CompatibilityErrorResponse"))


def _flatten(body: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in body.items():
        if isinstance(value, dict) and value:
            flat |= _flatten(value, f"{prefix}{name}.")
        else:
            flat[f"{prefix}{name}"] = value
    return flat


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _replayed_json(exchange: Exchange) -> tuple[str, Any]:
    text = exchange.sanitizer.text(exchange.response_body.decode("utf-8", "replace"))
    try:
        return text, json.loads(text)
    except ValueError:
        return text, None


def allow(result: Comparison, freedom: str | None, difference: Difference, *, exact: bool) -> None:
    """File `difference`: dropped when EXPECTED, allowed by `freedom` (unless `exact`), else
    reported."""
    if freedom == allowances.EXPECTED:
        return
    if freedom is not None and not exact:
        result.allowed.append((freedom, difference.what))
    else:
        result.differences.append(difference)


class Comparer:
    """Compares answers; `exact` reports what the freedoms would allow too."""

    def __init__(self, fields: Fields, *, exact: bool = False) -> None:
        self.fields = fields
        self.exact = exact

    def _allow(self, result: Comparison, freedom: str | None, difference: Difference) -> None:
        allow(result, freedom, difference, exact=self.exact)

    def compare(
        self,
        entry: RecordedEntry,
        replayed: Exchange,
        substitution: Substitution,
        *,
        stopped_before: bool = False,
    ) -> Comparison:
        result = Comparison()
        self._compare_secrets(result, entry, replayed)
        if entry.status != replayed.status:
            freedom = allowances.status_freedom(
                entry.status, replayed.status, entry.expectations, stopped_before=stopped_before
            )
            self._allow(result, freedom, Difference(HTTP_STATUS, entry.status, replayed.status))
        if (200 <= entry.status < 300) != (200 <= replayed.status < 300):
            return result  # a recording against an error: the status says it all
        self._compare_media_type(result, entry.response_type, replayed.content_type)
        text, body = _replayed_json(replayed)
        recorded_text = substitution.text(entry.response_text, entry.target)
        recorded = substitution.value(entry.json(), entry.target)
        if recorded is None or body is None:
            if recorded_text != text:
                result.differences.append(Difference("body", recorded_text[:500], text[:500]))
        elif isinstance(recorded, dict) and isinstance(body, dict):
            kind = "recording" if 200 <= replayed.status < 300 else "error"
            self._compare_fields(result, entry, replayed, recorded, body, kind)
        elif recorded != body:
            result.differences.append(Difference("body", recorded, body))
        return result

    @staticmethod
    def _compare_secrets(result: Comparison, entry: RecordedEntry, replayed: Exchange) -> None:
        # No freedom covers a credential sent back (REQ-NO-CREDENTIAL-LEAK), whatever field or
        # wording carries it; the recorded answer had it masked, if it carried one.
        raw = replayed.response_body.decode("utf-8", "replace")
        if replayed.sanitizer.contains_secret(raw) and MASK not in entry.response_text:
            carried = "carries a credential the request sent (masked here)"
            result.differences.append(Difference("credentials", "none sent back", carried))

    def _compare_media_type(self, result: Comparison, recorded: str, replayed: str) -> None:
        if recorded == replayed:
            return
        if _media_type(recorded) != _media_type(replayed):
            result.differences.append(Difference("media type", recorded, replayed))
        else:
            self._allow(
                result, allowances.MEDIA_TYPE_FORM, Difference("media type", recorded, replayed)
            )

    def _compare_fields(
        self,
        result: Comparison,
        entry: RecordedEntry,
        replayed: Exchange,
        recorded_body: dict[str, Any],
        replayed_body: dict[str, Any],
        kind: str,
    ) -> None:
        listed = self.fields.recording if kind == "recording" else self.fields.error
        old, new = _flatten(recorded_body), _flatten(replayed_body)
        for name in sorted(old.keys() | new.keys()):
            before, after = old.get(name, ABSENT), new.get(name, ABSENT)
            if before == after:
                continue
            difference = Difference(name, before, after)
            if ABSENT in (before, after):
                extra = name not in listed
                self._allow(result, allowances.EXTRA_FIELDS[kind] if extra else None, difference)
            elif kind == "recording":
                freedom = allowances.recording_field_freedom(
                    name, before, after, operation=entry.operation, sid=new.get("sid")
                )
                self._allow(result, freedom, difference)
            elif name == "status" and (before, after) == (entry.status, replayed.status):
                continue  # each equals its own HTTP status: the status comparison covers it
            else:
                self._allow(result, allowances.error_field_freedom(name), difference)
