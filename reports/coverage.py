"""What a run exercised: each create's parameter combination and encoding, from its exchange."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

from conformance.exchange import Exchange
from spec import load_spec

AXES = ("RecordingChannels", "RecordingTrack", "Trim", "RecordingStatusCallbackMethod")
SEPARATOR = "|"


def _is_create(exchange: Exchange) -> bool:
    path = urlsplit(exchange.url).path.removesuffix(".json")
    return exchange.method == "POST" and path.endswith("/Recordings")


def _parameters(exchange: Exchange) -> tuple[dict[str, object], str] | None:
    content_type = next(
        (v for k, v in exchange.request_headers.items() if k.lower() == "content-type"), ""
    )
    body = exchange.request_body.decode("utf-8", "replace")
    if "json" in content_type:
        try:
            data = json.loads(body or "{}")
        except ValueError:
            return None
        return (data, "json") if isinstance(data, dict) else None
    return dict(parse_qsl(body, keep_blank_values=True)), "form"


def combination_key(exchange: Exchange) -> str | None:
    """`channels|track|trim|method|encoding` of a create, `default` for an omitted parameter
    and `other` for a value outside the enum; None for any other request."""
    if not _is_create(exchange):
        return None
    parsed = _parameters(exchange)
    if parsed is None:
        return None
    params, encoding = parsed
    spec = load_spec().parameters
    values = []
    for axis in AXES:
        value = params.get(axis)
        if value is None:
            values.append("default")
        else:
            values.append(str(value) if value in (spec[axis].enum or ()) else "other")
    return SEPARATOR.join([*values, encoding])


def combinations(exchanges: Iterable[Exchange]) -> Counter[str]:
    """How many creates each combination had."""
    return Counter(key for e in exchanges if (key := combination_key(e)) is not None)
