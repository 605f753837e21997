"""Valid creates are accepted, and the recording answered is the one asked for."""

from __future__ import annotations

import pytest
from hypothesis import given, note

from recording_conformance.conformance.checks import Expectation, requirements_for
from recording_conformance.conformance.harness import Harness
from recording_conformance.conformance.request import CreateRequest
from recording_conformance.strategies import grid_id, grid_requests, valid_create_requests
from recording_conformance.strategies.covering import pairwise_id, pairwise_requests

VALID = Expectation.VALID_CREATE
pytestmark = pytest.mark.requirement(*requirements_for(VALID))


# The grid is deterministic and cheap, so a fault in one combination is reported in seconds,
# whatever the search finds.
@pytest.mark.usefixtures("exhaustive_allowed")
@pytest.mark.parametrize("create", grid_requests(), ids=grid_id)
def test_every_enum_combination_is_accepted(harness: Harness, create: CreateRequest) -> None:
    # Channels x track x trim x callback method x callback present: small enough to cover
    # whole on every run, so a fault in one combination is never left to chance.
    harness.create(create, expect=VALID)


# On a remote space, in place of the grid: every pair of values (channels, track, trim,
# callback method, callback, events, encoding, suffix) in 14 recordings rather than 216. Faults
# of one value or of two together are found whatever the search draws.
@pytest.mark.in_place_of_lists
@pytest.mark.parametrize("create", pairwise_requests(), ids=pairwise_id)
def test_every_pair_of_values_is_accepted(harness: Harness, create: CreateRequest) -> None:
    harness.create(create, expect=VALID)


@given(create=valid_create_requests())
def test_valid_create_is_accepted_as_asked(harness: Harness, create: CreateRequest) -> None:
    note(f"sent {create.describe()}")
    harness.create(create, expect=VALID)
