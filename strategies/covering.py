"""A pairwise covering array of valid creates: every pair of values of any two factors in at
least one request, in far fewer requests than the grid.

A live space bills every recording. Most faults of a real space hang on one value or on two
values together (a track the space mishandles in JSON, a callback method it forgets with a
callback); the whole grid of 216 costs 216 recordings to find them, the pairs cost about a
dozen. Faults that need three or more values together are left to the Hypothesis searches
and to the grid (`--exhaustive-grid`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from recording_conformance.conformance.request import EVENT_PARAMETER, CreateRequest, Encoding
from recording_conformance.spec import load_spec
from recording_conformance.strategies.enums import ENUM_PARAMETERS, allowed_values
from recording_conformance.strategies.requests import (
    CALLBACK,
    ENCODINGS,
    GRID_CALLBACK,
    PARAMETERS,
    SUFFIXES,
)

# A pair of values: (factor, level, other factor, other level), the lower factor first.
Pair = tuple[int, int, int, int]


def _pairs_of(row: Sequence[int | None], factor: int) -> list[Pair]:
    """The pairs `row` covers between `factor` and every factor before it that is set."""
    level = row[factor]
    assert level is not None
    return [(j, other, factor, level) for j, other in enumerate(row[:factor]) if other is not None]


def covering_array(sizes: Sequence[int]) -> list[tuple[int, ...]]:
    """Rows of level indices (one per factor, `sizes[i]` levels for factor i) in which every
    pair of levels of any two factors appears at least once. Deterministic.

    In-parameter-order (IPOG, Lei et al. 2007): start from every pair of the two largest
    factors, then add one factor at a time, first choosing its level in each row to cover the
    most pairs still missing, then adding rows for the pairs that remain. Which level wins a
    tie decides how many rows are added; two rules are tried and the smaller array kept. The
    rows are then ordered so that each covers as many values, and then pairs, not yet seen as
    it can: a run cut short (a request budget, `-x`) has still sent every value early."""
    if any(size < 1 for size in sizes):
        raise ValueError(f"every factor needs at least one level, not {list(sizes)}")
    if len(sizes) < 2:
        return [(level,) for level in range(sizes[0])] if sizes else []
    # Largest factors first: the first two fix the lower bound on the rows (their product).
    order = sorted(range(len(sizes)), key=lambda i: -sizes[i])
    ordered = [sizes[i] for i in order]
    built = min((_ipog(ordered, rotate=rotate) for rotate in (False, True)), key=len)
    # A factor no pair needed in a row takes its first level (for the creates: left out).
    filled = [tuple(level or 0 for level in row) for row in built]
    return _most_new_first(
        [tuple(row[order.index(i)] for i in range(len(sizes))) for row in filled]
    )


def _ipog(sizes: list[int], *, rotate: bool) -> list[list[int | None]]:
    rows: list[list[int | None]] = [
        [a, b] for a, b in itertools.product(range(sizes[0]), range(sizes[1]))
    ]
    for factor in range(2, len(sizes)):
        missing = {
            (j, a, factor, b)
            for j in range(factor)
            for a in range(sizes[j])
            for b in range(sizes[factor])
        }
        used = [0] * sizes[factor]
        for index, row in enumerate(rows):
            row.append(None)
            scores = []
            for level in range(sizes[factor]):
                row[factor] = level
                covered = sum(pair in missing for pair in _pairs_of(row, factor))
                # Ties: the level used least so far, or the levels in turn down the rows
                # (a Latin square where the greedy choice allows one).
                turn = (level - index) % sizes[factor]
                scores.append((covered, -turn, 0) if rotate else (covered, -used[level], -level))
            best = max(range(sizes[factor]), key=scores.__getitem__)
            row[factor] = best
            used[best] += 1
            missing.difference_update(_pairs_of(row, factor))
        for j, a, _, b in sorted(missing):
            # A row added earlier for this factor may still have `j` free.
            for row in rows:
                if row[factor] == b and row[j] is None:
                    row[j] = a
                    break
            else:
                added: list[int | None] = [None] * (factor + 1)
                added[j], added[factor] = a, b
                rows.append(added)
    return rows


def _most_new_first(rows: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    seen_values: set[tuple[int, int]] = set()
    seen_pairs: set[Pair] = set()
    ordered: list[tuple[int, ...]] = []
    left = list(rows)
    while left:

        def news(row: tuple[int, ...]) -> tuple[int, int]:
            values = set(enumerate(row)) - seen_values
            return len(values), len(set(_all_pairs(row)) - seen_pairs)

        best = max(left, key=news)  # the first of equals: deterministic
        left.remove(best)
        ordered.append(best)
        seen_values.update(enumerate(best))
        seen_pairs.update(_all_pairs(best))
    return ordered


def _all_pairs(row: Sequence[int]) -> list[Pair]:
    return [(i, row[i], j, row[j]) for i, j in itertools.combinations(range(len(row)), 2)]


@dataclass(frozen=True)
class Factor:
    """One dimension of a create: a parameter (None: left out) or the encoding or suffix."""

    name: str
    levels: tuple[object, ...]


def create_factors() -> tuple[Factor, ...]:
    """The factors of a valid create, read from the spec: every enum value or its omission for
    channels, track, trim and callback method; a callback URL or none; the events left out,
    the default event alone, or every event the prose names in one list; form or JSON; with
    or without `.json`."""
    events = load_spec().parameters[EVENT_PARAMETER]
    named = events.described_values or ()
    event_levels = (None, events.default, " ".join(named)) if named else (None,)
    return (
        *(Factor(name, (None, *allowed_values(name))) for name in ENUM_PARAMETERS),
        Factor(CALLBACK, (None, GRID_CALLBACK)),
        Factor(EVENT_PARAMETER, tuple(dict.fromkeys(event_levels))),
        Factor("encoding", ENCODINGS),
        Factor("suffix", SUFFIXES),
    )


def pairwise_requests() -> list[CreateRequest]:
    """Valid creates in which every pair of values of any two `create_factors()` appears at
    least once, the requests that bring the most values not yet sent first."""
    factors = create_factors()
    requests = []
    for row in covering_array([len(f.levels) for f in factors]):
        chosen = {f.name: f.levels[level] for f, level in zip(factors, row, strict=True)}
        params = [(name, chosen[name]) for name in PARAMETERS if chosen[name] is not None]
        encoding: Encoding = "json" if chosen["encoding"] == "json" else "form"
        requests.append(CreateRequest(tuple(params), encoding, str(chosen["suffix"])))
    return requests


def pairwise_id(request: CreateRequest) -> str:
    """A readable test id: channels, track, trim, method (`default` when left out), callback,
    events, encoding and suffix."""
    sent = request.meaning()
    parts = [str(sent.get(name, "default")) for name in ENUM_PARAMETERS]
    if CALLBACK in sent:
        parts.append("callback")
    if EVENT_PARAMETER in sent:
        parts.append(str(sent[EVENT_PARAMETER]).replace(" ", "+"))
    parts.append(request.encoding + request.suffix)
    return "-".join(parts)
