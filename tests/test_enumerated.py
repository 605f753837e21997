"""The finite lists hold what they promise: every listed value alone, in each encoding it is
sent in, beside valid values that walk the grid."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from recording_conformance.conformance.request import EVENT_PARAMETER, CreateRequest
from recording_conformance.mockspace import MockConfig
from recording_conformance.mockspace.errors import ApiError
from recording_conformance.mockspace.params import parse_body, validate_create
from recording_conformance.strategies import grid_requests
from recording_conformance.strategies.callbacks import INVALID_CALLBACK_URLS, OPEN_CALLBACK_URLS
from recording_conformance.strategies.enumerated import (
    EnumeratedCase,
    extra_parameter_cases,
    must_reject_cases,
    open_cases,
)
from recording_conformance.strategies.enums import (
    ENUM_PARAMETERS,
    NON_STRING_JSON,
    allowed_values,
    near_misses,
)
from recording_conformance.strategies.events import OPEN_EVENT_LISTS, listed_invalid_events
from recording_conformance.strategies.requests import PARAMETERS, SUFFIXES, UNKNOWN_PARAMETER_VALUES
from tests.rules import CALLBACK, must_reject, plain

BOTH = ("form", "json")
LISTS = {"must-reject": must_reject_cases, "open": open_cases, "extra": extra_parameter_cases}


# (parameter, value, encoding); values by their repr, since JSON kinds are not hashable.
Sent = tuple[str, str, str]


def _sent(cases: list[EnumeratedCase]) -> set[Sent]:
    return {(c.parameter, repr(c.value), c.request.encoding) for c in cases}


def _expected(name: str, values: Iterable[object], encodings: tuple[str, ...] = BOTH) -> set[Sent]:
    return {(name, repr(value), encoding) for value in values for encoding in encodings}


def test_every_near_miss_of_every_enum_value_is_listed_alone_in_both_encodings() -> None:
    sent = _sent(must_reject_cases())
    for name in ENUM_PARAMETERS:
        misses = near_misses(name)
        for value in allowed_values(name):
            # The near misses built from each allowed value, not only the shared ones.
            assert {value.upper(), f" {value}", value * 40} - {value} <= set(misses)
        assert _expected(name, misses) <= sent


def test_every_listed_invalid_callback_event_and_json_kind_is_sent() -> None:
    sent = _sent(must_reject_cases())
    assert _expected(CALLBACK, INVALID_CALLBACK_URLS) <= sent
    assert _expected(EVENT_PARAMETER, listed_invalid_events()) <= sent
    for name in PARAMETERS:
        assert _expected(name, NON_STRING_JSON, ("json",)) <= sent
        assert not _expected(name, NON_STRING_JSON, ("form",)) & sent


def test_every_listed_open_value_and_extra_parameter_is_sent() -> None:
    assert _sent(open_cases()) == _expected(CALLBACK, OPEN_CALLBACK_URLS) | _expected(
        EVENT_PARAMETER, OPEN_EVENT_LISTS
    )
    extra = _sent(extra_parameter_cases())
    for name, value in UNKNOWN_PARAMETER_VALUES.items():
        assert _expected(name, [value]) <= extra


@pytest.mark.parametrize("kind", LISTS)
def test_the_value_under_test_is_alone_among_plain_values(kind: str) -> None:
    for case in LISTS[kind]():
        meaning = case.request.meaning()
        assert meaning[case.parameter] == case.value
        others = {k: v for k, v in meaning.items() if k != case.parameter}
        assert all(plain(k, v) for k, v in others.items()), case.id
        assert must_reject(case.parameter, case.value) is (kind == "must-reject"), case.id
        if kind != "must-reject":
            assert not plain(case.parameter, case.value), case.id


@pytest.mark.parametrize("kind", LISTS)
def test_the_others_walk_the_grid_and_the_suffixes_alternate(kind: str) -> None:
    grid = grid_requests()
    cases = LISTS[kind]()
    for i, case in enumerate(cases):
        assert case.grid_index == i % len(grid)
        assert case.request.suffix == SUFFIXES[i % 2]
        wanted = [kv for kv in grid[case.grid_index].params if kv[0] != case.parameter]
        assert [kv for kv in case.request.params if kv[0] != case.parameter] == wanted


def test_the_enum_near_misses_meet_every_combination_of_the_others() -> None:
    enum_cases = [c for c in must_reject_cases() if c.parameter in ENUM_PARAMETERS]
    assert {c.grid_index for c in enum_cases} == set(range(len(grid_requests())))
    for encoding in BOTH:
        assert {c.request.suffix for c in enum_cases if c.request.encoding == encoding} == set(
            SUFFIXES
        )


def test_ids_are_unique_short_and_printable() -> None:
    ids = [c.id for kind in LISTS for c in LISTS[kind]()]
    assert len(set(ids)) == len(ids)
    for test_id in ids:
        assert len(test_id) <= 64, test_id
        assert test_id.isascii(), test_id
        assert test_id.isprintable(), test_id


def _reference_rejects(request: CreateRequest) -> bool:
    body, content_type = request.body()
    try:
        validate_create(parse_body(content_type or "", body, MockConfig()), MockConfig())
    except ApiError:
        return True
    return False


def test_the_reference_rejects_every_must_reject_case() -> None:
    # The reference mock must agree with the list, or a passing run proves nothing.
    accepted = [c.id for c in must_reject_cases() if not _reference_rejects(c.request)]
    assert accepted == []
