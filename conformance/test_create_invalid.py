"""Invalid creates are rejected with a documented 4xx; values the spec leaves open are answered
as documented, whatever the answer; requests the schema allows are accepted."""

from __future__ import annotations

import pytest
from hypothesis import given, note

from recording_conformance.conformance.checks import Expectation, requirements_for
from recording_conformance.conformance.harness import Harness
from recording_conformance.conformance.request import CreateRequest
from recording_conformance.strategies import (
    extra_parameter_create_requests,
    invalid_create_requests,
    open_create_requests,
)
from recording_conformance.strategies.enumerated import (
    EnumeratedCase,
    extra_parameter_cases,
    must_reject_cases,
    must_reject_samples,
    open_cases,
)

INVALID = pytest.mark.requirement(*requirements_for(Expectation.INVALID_CREATE))
OPEN = pytest.mark.requirement(*requirements_for(Expectation.OPEN_CREATE))
SCHEMA_VALID = pytest.mark.requirement(*requirements_for(Expectation.SCHEMA_VALID_CREATE))


def _params(cases: list[EnumeratedCase]) -> list[object]:
    return [pytest.param(case.request, id=case.id) for case in cases]


# Every listed wrong value alone in an otherwise valid request, in both encodings: the search
# below mixes wrong values, and may never send a given near miss by itself.
@INVALID
@pytest.mark.usefixtures("exhaustive_allowed")
@pytest.mark.parametrize("create", _params(must_reject_cases()))
def test_listed_invalid_value_alone_is_rejected(harness: Harness, create: CreateRequest) -> None:
    harness.create(create, expect=Expectation.INVALID_CREATE)


# On a remote space, in place of the list: one wrong value per parameter in each encoding. A
# refused create makes no recording, so these cost requests, not recordings.
@INVALID
@pytest.mark.in_place_of_lists
@pytest.mark.parametrize("create", _params(must_reject_samples()))
def test_one_listed_invalid_value_per_parameter_is_rejected(
    harness: Harness, create: CreateRequest
) -> None:
    harness.create(create, expect=Expectation.INVALID_CREATE)


@INVALID
@given(create=invalid_create_requests())
def test_invalid_create_is_rejected(harness: Harness, create: CreateRequest) -> None:
    note(f"sent {create.describe()}")
    harness.create(create, expect=Expectation.INVALID_CREATE)


@OPEN
@pytest.mark.usefixtures("exhaustive_allowed")
@pytest.mark.parametrize("create", _params(open_cases()))
def test_listed_open_value_alone_is_answered_as_documented(
    harness: Harness, create: CreateRequest
) -> None:
    harness.create(create, expect=Expectation.OPEN_CREATE)


@OPEN
@given(create=open_create_requests())
def test_open_value_is_answered_as_documented(harness: Harness, create: CreateRequest) -> None:
    # Callback URIs that are not http(s) or carry whitespace or unsafe characters, events
    # separated by commas or other whitespace, none or repeated: the spec neither allows nor
    # forbids them, so accepting and rejecting are both conformant.
    note(f"sent {create.describe()}")
    harness.create(create, expect=Expectation.OPEN_CREATE)


@SCHEMA_VALID
@pytest.mark.usefixtures("exhaustive_allowed")
@pytest.mark.parametrize("create", _params(extra_parameter_cases()))
def test_listed_should_accept_value_is_accepted(harness: Harness, create: CreateRequest) -> None:
    # An unknown extra parameter, a callback URL of up to 8000 characters (RFC 9110 section 4.1).
    # Refusing one is a SHOULD failure.
    harness.create(create, expect=Expectation.SCHEMA_VALID_CREATE)


@SCHEMA_VALID
@given(create=extra_parameter_create_requests())
def test_schema_valid_extra_parameter_is_accepted(harness: Harness, create: CreateRequest) -> None:
    # The request schema does not forbid additional properties: a parameter the spec does not
    # name leaves the request valid, and refusing it is a SHOULD failure.
    note(f"sent {create.describe()}")
    harness.create(create, expect=Expectation.SCHEMA_VALID_CREATE)
