"""Whole create requests: parameters, encoding and path suffix together."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable

from hypothesis import strategies as st

from recording_conformance.conformance.request import EVENT_PARAMETER, CreateRequest, Encoding
from recording_conformance.strategies.callbacks import (
    callback_urls,
    invalid_callback_urls,
    open_callback_urls,
)
from recording_conformance.strategies.enums import (
    ENUM_PARAMETERS,
    allowed_values,
    enum_values,
    non_string_json_values,
    out_of_enum_values,
)
from recording_conformance.strategies.events import (
    callback_event_lists,
    invalid_callback_events,
    open_callback_events,
)

CALLBACK = "RecordingStatusCallback"
PARAMETERS = (*ENUM_PARAMETERS, CALLBACK, EVENT_PARAMETER)
ENCODINGS: tuple[Encoding, ...] = ("form", "json")
SUFFIXES = ("", ".json")
# Parameter names the spec does not define, each with a harmless value. CreateCallRecordingRequest
# does not forbid additional properties (no `additionalProperties: false`), so a request that
# carries one is still one the schema allows: a space should accept it.
UNKNOWN_PARAMETER_VALUES = {
    "FriendlyName": "conformance probe",
    "X-Conformance-Probe": "1",
    "recordingchannels": "mono",
    "Timeout": "10",
}
UNKNOWN_PARAMETERS = tuple(UNKNOWN_PARAMETER_VALUES)
# The callback URL of the exhaustive grid: a reserved host, so a live space calls nobody.
GRID_CALLBACK = "https://example.com/recording-status"


@functools.cache
def _valid_value(name: str) -> st.SearchStrategy[str]:
    if name == CALLBACK:
        return callback_urls()
    if name == EVENT_PARAMETER:
        return callback_event_lists().map(" ".join)
    return enum_values(name)


@functools.cache
def _optional_valid_value(name: str) -> st.SearchStrategy[str | None]:
    # None means "leave the parameter out", so that the spec's default applies; it comes first
    # so that failures shrink towards fewer parameters. Finite choices are one draw each, and
    # every strategy is built once: Hypothesis validates each new strategy object, which cost
    # more than the draw itself.
    if name == CALLBACK:
        return st.none() | callback_urls()
    if name == EVENT_PARAMETER:
        return st.none() | _valid_value(name)
    return st.sampled_from((None, *allowed_values(name)))


@st.composite
def _valid_parameters(draw: st.DrawFn, encoding: Encoding) -> list[tuple[str, object]]:
    params: list[tuple[str, object]] = []
    for name in PARAMETERS:
        value = draw(_optional_valid_value(name))
        if value is None:
            continue
        params.append((name, value))
    return params


_SUFFIX = st.sampled_from(SUFFIXES)
_BOOLEANS = st.booleans()
_BROKEN_NAMES = st.sets(st.sampled_from(PARAMETERS), min_size=1, max_size=3)
_TWISTS = st.sampled_from(["callback", "events", "repeated-event-keys"])
_UNKNOWN_PARAMETER = st.tuples(st.sampled_from(UNKNOWN_PARAMETERS), st.text(max_size=20))


@functools.cache
def _order(count: int) -> st.SearchStrategy[list[int]]:
    # The order parameters are sent in; shrinks towards the order they were drawn in.
    return st.permutations(range(count))


@st.composite
def _ordered(
    draw: st.DrawFn, params: st.SearchStrategy[list[tuple[str, object]]], encoding: Encoding
) -> CreateRequest:
    drawn = draw(params)
    ordered = [drawn[i] for i in draw(_order(len(drawn)))]
    return CreateRequest(tuple(ordered), encoding, draw(_SUFFIX))


def _encoded(
    params: Callable[[Encoding], st.SearchStrategy[list[tuple[str, object]]]],
) -> st.SearchStrategy[CreateRequest]:
    return st.one_of(*(_ordered(params(encoding), encoding) for encoding in ENCODINGS))


@functools.cache
def valid_create_requests() -> st.SearchStrategy[CreateRequest]:
    """Requests the spec allows: every parameter present or omitted, with any value the spec
    allows, in any order, form-encoded or JSON, with or without `.json`."""
    return _encoded(_valid_parameters)


@functools.cache
def _invalid_value(name: str, encoding: Encoding) -> st.SearchStrategy[object]:
    if name == CALLBACK:
        strings: st.SearchStrategy[object] = invalid_callback_urls()
    elif name == EVENT_PARAMETER:
        strings = invalid_callback_events()
    else:
        strings = out_of_enum_values(name)
    return strings | non_string_json_values() if encoding == "json" else strings


@functools.cache
def _valid_parameter_lists(encoding: Encoding) -> st.SearchStrategy[list[tuple[str, object]]]:
    return _valid_parameters(encoding)


@st.composite
def _invalid_parameters(draw: st.DrawFn, encoding: Encoding) -> list[tuple[str, object]]:
    broken = draw(_BROKEN_NAMES)
    params: list[tuple[str, object]] = []
    for name in PARAMETERS:
        if name in broken:
            params.append((name, draw(_invalid_value(name, encoding))))
        else:
            value = draw(_optional_valid_value(name))
            if value is not None:
                params.append((name, value))
    return params


@functools.cache
def invalid_create_requests() -> st.SearchStrategy[CreateRequest]:
    """Requests with one to three parameters the spec does not allow (out-of-enum values,
    callbacks that are not absolute URIs, events with a token that is no valid value,
    non-string JSON), the others valid or omitted."""
    return _encoded(_invalid_parameters)


@st.composite
def _open_parameters(draw: st.DrawFn, encoding: Encoding) -> list[tuple[str, object]]:
    params = [(k, v) for k, v in draw(_valid_parameter_lists(encoding)) if k != EVENT_PARAMETER]
    twist = draw(_TWISTS)
    if twist == "callback":
        params = [(k, v) for k, v in params if k != CALLBACK]
        params.append((CALLBACK, draw(open_callback_urls())))
    elif twist == "repeated-event-keys" and encoding == "form":
        # SDKs send a list of events as repeated keys; the spec's parameter is one string, and
        # OpenAPI defines repeated form keys for arrays only: a space may take them or refuse.
        events = draw(callback_event_lists(min_size=2))
        params += [(EVENT_PARAMETER, event) for event in events]
    else:
        params.append((EVENT_PARAMETER, draw(open_callback_events())))
    return params


@functools.cache
def open_create_requests() -> st.SearchStrategy[CreateRequest]:
    """Valid requests with one twist the spec neither allows nor forbids: a callback URI that
    is not http(s) or holds whitespace or unsafe characters, or events separated by commas or
    other whitespace than one space, repeated, or none at all; or a list of events sent as
    repeated form keys, as SDKs send them."""
    return _encoded(_open_parameters)


@st.composite
def _extra_parameters(draw: st.DrawFn, encoding: Encoding) -> list[tuple[str, object]]:
    params = draw(_valid_parameter_lists(encoding))
    params.append(draw(_UNKNOWN_PARAMETER))
    return params


@functools.cache
def extra_parameter_create_requests() -> st.SearchStrategy[CreateRequest]:
    """Valid requests with a parameter the spec does not name: the request schema does not
    forbid additional properties, so the request is still one the schema allows."""
    return _encoded(_extra_parameters)


def grid_requests() -> list[CreateRequest]:
    """The finite part of the space, whole: every enum value or its omission for channels,
    track, trim and callback method, each with and without a callback URL (3*4*3*3*2 = 216)."""
    axes = [(None, *allowed_values(name)) for name in ENUM_PARAMETERS]
    requests = []
    for values in itertools.product(*axes, (False, True)):
        params: list[tuple[str, object]] = [
            (name, value)
            for name, value in zip(ENUM_PARAMETERS, values, strict=False)
            if value is not None
        ]
        if values[-1]:
            params.append((CALLBACK, GRID_CALLBACK))
        requests.append(CreateRequest(tuple(params)))
    return requests


def grid_id(request: CreateRequest) -> str:
    """A readable test id: the values sent, `default` for an omitted parameter."""
    sent = request.meaning()
    parts = [str(sent.get(name, "default")) for name in ENUM_PARAMETERS]
    return "-".join(parts) + ("-callback" if CALLBACK in sent else "")
