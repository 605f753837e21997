"""The finite lists, sent whole: every listed value, alone in an otherwise valid request.

The Hypothesis searches combine wrong values and generate new ones; they may spend all their
examples without ever sending one near miss alone. These lists make sure that each listed value
is sent by itself, in both encodings, on every run, beside every combination of the others.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from recording_conformance.conformance.request import EVENT_PARAMETER, CreateRequest, Encoding
from recording_conformance.strategies.callbacks import (
    INVALID_CALLBACK_URLS,
    LONG_CALLBACK_URLS,
    OPEN_CALLBACK_URLS,
)
from recording_conformance.strategies.enums import (
    ENUM_PARAMETERS,
    NON_STRING_JSON,
    allowed_values,
    near_misses,
)
from recording_conformance.strategies.events import (
    OPEN_EVENT_LISTS,
    UNKNOWN_EVENTS,
    callback_events,
    listed_invalid_events,
)
from recording_conformance.strategies.requests import (
    CALLBACK,
    ENCODINGS,
    PARAMETERS,
    SUFFIXES,
    UNKNOWN_PARAMETER_VALUES,
    grid_requests,
)

# Short names for test ids.
SHORT_NAMES = {
    "RecordingChannels": "channels",
    "RecordingTrack": "track",
    "Trim": "trim",
    "RecordingStatusCallbackMethod": "method",
    CALLBACK: "callback",
    EVENT_PARAMETER: "events",
}
# Values longer than this are shown by their start and length in test ids.
_SHOWN_CHARACTERS = 32


@dataclass(frozen=True)
class EnumeratedCase:
    """One request of a finite list: the parameter and value under test, and the request that
    carries them beside valid values of the others (grid case `grid_index`)."""

    parameter: str
    value: object
    request: CreateRequest
    grid_index: int

    @property
    def id(self) -> str:
        """A short readable test id: parameter, value (ASCII, cut when long), encoding."""
        name = SHORT_NAMES.get(self.parameter, self.parameter)
        return f"{name}={_shown(self.value)}-{self.request.encoding}"


def _shown(value: object) -> str:
    if not isinstance(value, str):
        return json.dumps(value)
    if len(value) > _SHOWN_CHARACTERS:
        return f"{value[:_SHOWN_CHARACTERS]!a}+{len(value) - _SHOWN_CHARACTERS}"
    return ascii(value)


def _cases(
    blocks: Iterable[tuple[tuple[Encoding, ...], Iterable[tuple[str, object]]]],
) -> list[EnumeratedCase]:
    # Case i takes grid case i mod 216 for the parameters not under test, and the suffixes in
    # turn: over a list longer than the grid, its values meet every combination of the others.
    grid = grid_requests()
    cases: list[EnumeratedCase] = []
    for encodings, values in blocks:
        listed = list(values)
        for encoding in encodings:
            for name, value in listed:
                index = len(cases) % len(grid)
                others = [(k, v) for k, v in grid[index].params if k != name]
                params = sorted([*others, (name, value)], key=lambda kv: _position(kv[0]))
                request = CreateRequest(tuple(params), encoding, SUFFIXES[len(cases) % 2])
                cases.append(EnumeratedCase(name, value, request, index))
    return cases


def _position(name: str) -> int:
    # Parameters in the spec's order, unknown ones last.
    return PARAMETERS.index(name) if name in PARAMETERS else len(PARAMETERS)


def must_reject_cases() -> list[EnumeratedCase]:
    """Every listed value the spec forbids, alone: each near miss of each enum parameter, each
    listed callback that is not an absolute URI and each listed invalid event value, in form
    and JSON; each non-string JSON kind for every parameter, in JSON only."""
    enum_misses = [(name, miss) for name in ENUM_PARAMETERS for miss in near_misses(name)]
    return _cases(
        [
            (ENCODINGS, enum_misses),
            (ENCODINGS, [(CALLBACK, url) for url in INVALID_CALLBACK_URLS]),
            (ENCODINGS, [(EVENT_PARAMETER, events) for events in listed_invalid_events()]),
            (("json",), [(name, kind) for name in PARAMETERS for kind in NON_STRING_JSON]),
        ]
    )


# The sampled callback: a path where an absolute URI is asked for, the likeliest mistake.
SAMPLED_INVALID_CALLBACK = "/recording/status"


def _case_variant(name: str) -> str:
    # A space that matches enum values case-insensitively is the likeliest to let a near miss
    # through; one that checks nothing lets this one through as well.
    allowed = {value.casefold() for value in allowed_values(name)}
    return next(miss for miss in near_misses(name) if miss.casefold() in allowed)


def must_reject_samples() -> list[EnumeratedCase]:
    """One listed value the spec forbids per parameter, alone, in form and JSON: a case variant
    of each enum, a callback path that is not an absolute URI, an unknown event beside a valid
    one. What a remote space is sent in place of `must_reject_cases()`: a refused create makes
    no recording, so each costs a request and no money, and a space that validates a parameter
    not at all (or any one in one encoding only) is found."""
    valid_events = callback_events()
    picks = [
        *((name, _case_variant(name)) for name in ENUM_PARAMETERS),
        (CALLBACK, SAMPLED_INVALID_CALLBACK),
        (EVENT_PARAMETER, f"{valid_events[0]} {UNKNOWN_EVENTS[0]}"),
    ]
    return _cases([(ENCODINGS, picks)])


def open_cases() -> list[EnumeratedCase]:
    """Every listed value the spec leaves open, alone, in form and JSON: each open callback URL
    and each open event list."""
    return _cases(
        [
            (ENCODINGS, [(CALLBACK, url) for url in OPEN_CALLBACK_URLS]),
            (ENCODINGS, [(EVENT_PARAMETER, events) for events in OPEN_EVENT_LISTS]),
        ]
    )


def extra_parameter_cases() -> list[EnumeratedCase]:
    """Every listed request a space should accept though no sentence makes refusing it wrong,
    in form and JSON: each unknown parameter beside valid ones, each long callback URL."""
    return _cases(
        [
            (ENCODINGS, list(UNKNOWN_PARAMETER_VALUES.items())),
            (ENCODINGS, [(CALLBACK, url) for url in LONG_CALLBACK_URLS]),
        ]
    )
