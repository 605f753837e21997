"""List paging as the Compatibility API does it (Twilio's scheme, which SignalWire's LaML API
follows): `PageSize` (default 50, at most 1000), `Page` (0-based) and an opaque `PageToken` that
the answer's `next_page_uri` and `previous_page_uri` carry.

A token names where the previous page ended (`PA` and the creation order of its last item:
older items follow) or where the next one began (`PB` and that of its first item: the newer ones
come before), so that recordings created or deleted between two requests neither repeat an item
nor skip one. Without a token, `Page` counts pages from the newest recording.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from recording_conformance.mockspace import errors
from recording_conformance.mockspace.errors import ApiError
from recording_conformance.mockspace.state import Recording

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
AFTER, BEFORE = "PA", "PB"


@dataclass(frozen=True)
class Page:
    """One page of a newest-first list, and the URIs that lead around it."""

    items: list[Recording]
    meta: dict[str, Any]


def _bad(message: str) -> ApiError:
    return ApiError(400, errors.INVALID_ARGUMENT, message)


def _whole(query: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise _bad(f"{name} must be a whole number from {low} to {high}; got {raw!r}.")
    return int(raw)


def _token(raw: str) -> tuple[str, int]:
    kind, number = raw[:2], raw[2:]
    if (
        kind not in (AFTER, BEFORE)
        or not number
        or not all(c in "0123456789abcdef" for c in number)
    ):
        raise _bad(f"PageToken {raw!r} is not one this space gave out.")
    return kind, int(number, 16)


def _select(
    listed: Sequence[Recording], page: int, size: int, token: str | None
) -> tuple[int, list[Recording]]:
    """The index of the page's first item in `listed`, and its items."""
    if token is None:
        start = page * size
        return start, list(listed[start : start + size])
    kind, seq = _token(token)
    if kind == AFTER:
        start = next((i for i, r in enumerate(listed) if r.seq < seq), len(listed))
        return start, list(listed[start : start + size])
    newer = [r for r in listed if r.seq > seq]
    start = max(len(newer) - size, 0)
    return start, newer[start:]


def paginate(
    listed: Sequence[Recording], query: Mapping[str, str], path: str, filters: Mapping[str, str]
) -> Page:
    """The page of `listed` (newest first) that `query` asks for; `filters` are the query
    parameters that chose `listed`, carried into every URI."""
    size = _whole(query, "PageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    page = _whole(query, "Page", 0, 0, 10**9)
    start, items = _select(listed, page, size, query.get("PageToken"))

    def uri(number: int, token: str | None = None) -> str:
        params = {**filters, "PageSize": str(size), "Page": str(number)}
        if token is not None:
            params["PageToken"] = token
        return f"{path}?{urlencode(params)}"

    more = bool(items) and start + len(items) < len(listed)
    earlier = bool(items) and start > 0
    meta = {
        "uri": uri(page, query.get("PageToken")),
        "first_page_uri": uri(0),
        "next_page_uri": uri(page + 1, f"{AFTER}{items[-1].seq:x}") if more else None,
        "previous_page_uri": (
            uri(max(page - 1, 0), f"{BEFORE}{items[0].seq:x}") if earlier else None
        ),
        "page": page,
        "page_size": size,
        "start": start,
        "end": start + max(len(items) - 1, 0),
    }
    return Page(items, meta)
