"""Whole create requests: parameters, encoding and path suffix together."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from conformance.request import EVENT_PARAMETER, CreateRequest, Encoding
from strategies.values import (
    ENUM_PARAMETERS,
    callback_event_lists,
    callback_urls,
    enum_values,
    out_of_enum_values,
)

ENCODINGS: tuple[Encoding, ...] = ("form", "json")
SUFFIXES = ("", ".json")


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    # None means "leave the parameter out", so that the spec's default applies.
    return st.none() | strategy


@st.composite
def valid_create_requests(draw: st.DrawFn) -> CreateRequest:
    """Requests the spec allows: each parameter present or omitted, any encoding and suffix."""
    encoding = draw(st.sampled_from(ENCODINGS))
    params: list[tuple[str, object]] = []
    for name in ENUM_PARAMETERS:
        value = draw(_optional(enum_values(name)))
        if value is not None:
            params.append((name, value))
    callback = draw(_optional(callback_urls()))
    if callback is not None:
        params.append(("RecordingStatusCallback", callback))
    events = draw(_optional(callback_event_lists()))
    if events is not None:
        repeated = encoding == "form" and draw(st.booleans())
        if repeated:
            params += [(EVENT_PARAMETER, event) for event in events]
        else:
            params.append((EVENT_PARAMETER, " ".join(events)))
    params = draw(st.permutations(params)) if params else params
    return CreateRequest(tuple(params), encoding, draw(st.sampled_from(SUFFIXES)))


@st.composite
def invalid_create_requests(draw: st.DrawFn) -> CreateRequest:
    """Requests with one enum parameter out of its enum, the others valid or omitted."""
    wrong = draw(st.sampled_from(ENUM_PARAMETERS))
    params: list[tuple[str, object]] = []
    for name in ENUM_PARAMETERS:
        if name == wrong:
            params.append((name, draw(out_of_enum_values(name))))
        else:
            value = draw(_optional(enum_values(name)))
            if value is not None:
                params.append((name, value))
    encoding = draw(st.sampled_from(ENCODINGS))
    return CreateRequest(tuple(params), encoding, draw(st.sampled_from(SUFFIXES)))
