"""The pairwise creates a remote space is sent in place of the grid: every pair of values of
any two factors at least once, each request valid, and far fewer of them than the grid."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from recording_conformance.conformance.request import EVENT_PARAMETER
from recording_conformance.strategies import grid_requests
from recording_conformance.strategies.callbacks import INVALID_CALLBACK_URLS
from recording_conformance.strategies.covering import (
    covering_array,
    create_factors,
    pairwise_id,
    pairwise_requests,
)
from recording_conformance.strategies.enumerated import (
    SAMPLED_INVALID_CALLBACK,
    must_reject_samples,
)
from recording_conformance.strategies.enums import ENUM_PARAMETERS, allowed_values
from recording_conformance.strategies.events import callback_events, listed_invalid_events
from recording_conformance.strategies.requests import PARAMETERS
from tests.rules import must_reject, plain

# 14 today; the lower bound is the product of the two largest factors (track 4 x 3).
MOST_ROWS = 15


def _missing_pairs(sizes: list[int], rows: list[tuple[int, ...]]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, j in itertools.combinations(range(len(sizes)), 2)
        if {(row[i], row[j]) for row in rows}
        != set(itertools.product(range(sizes[i]), range(sizes[j])))
    ]


@given(st.lists(st.integers(1, 5), max_size=8))
def test_every_pair_of_levels_is_in_some_row(sizes: list[int]) -> None:
    rows = covering_array(sizes)
    assert all(len(row) == len(sizes) for row in rows)
    assert all(0 <= level < size for row in rows for level, size in zip(row, sizes, strict=True))
    assert not _missing_pairs(sizes, rows)
    assert rows == covering_array(sizes)  # deterministic: a run is repeatable


def test_every_pair_of_request_values_is_sent_in_few_requests() -> None:
    factors = create_factors()
    requests = pairwise_requests()
    sent = []
    for request in requests:
        meaning = request.meaning()
        sent.append(
            tuple(
                request.encoding
                if f.name == "encoding"
                else request.suffix
                if f.name == "suffix"
                else meaning.get(f.name)
                for f in factors
            )
        )
    for (i, first), (j, second) in itertools.combinations(enumerate(factors), 2):
        pairs = {(row[i], row[j]) for row in sent}
        assert pairs == set(itertools.product(first.levels, second.levels)), (first, second)
    largest = sorted(len(f.levels) for f in factors)[-2:]
    assert largest[0] * largest[1] <= len(requests) <= MOST_ROWS, len(requests)
    assert len(requests) < len(grid_requests()) / 10


def test_the_factors_are_read_from_the_spec() -> None:
    levels = {f.name: f.levels for f in create_factors()}
    for name in ENUM_PARAMETERS:
        assert levels[name] == (None, *allowed_values(name))
    events = {value for level in levels[EVENT_PARAMETER] if level for value in str(level).split()}
    assert events == set(callback_events())


def test_the_pairwise_requests_are_valid_with_readable_unique_ids() -> None:
    requests = pairwise_requests()
    for request in requests:
        assert all(plain(k, v) for k, v in request.meaning().items()), request
        assert [k for k, _ in request.params] == [p for p in PARAMETERS if p in request.meaning()]
    ids = [pairwise_id(r) for r in requests]
    assert len(set(ids)) == len(ids)
    assert all(i.isascii() and i.isprintable() for i in ids)


def test_one_listed_wrong_value_per_parameter_is_sampled_in_both_encodings() -> None:
    samples = must_reject_samples()
    assert {(c.parameter, c.request.encoding) for c in samples} == set(
        itertools.product(PARAMETERS, ("form", "json"))
    )
    for case in samples:
        assert must_reject(case.parameter, case.value), case.id
        others = {k: v for k, v in case.request.meaning().items() if k != case.parameter}
        assert all(plain(k, v) for k, v in others.items()), case.id
    assert SAMPLED_INVALID_CALLBACK in INVALID_CALLBACK_URLS
    assert {c.value for c in samples if c.parameter == EVENT_PARAMETER} <= set(
        listed_invalid_events()
    )
    for case in samples:
        if case.parameter in ENUM_PARAMETERS:
            # A case variant: what a case-insensitive space lets through.
            assert str(case.value).casefold() in {
                v.casefold() for v in allowed_values(case.parameter)
            }
