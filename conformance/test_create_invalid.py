"""Invalid creates are rejected with a documented 4xx; values the spec leaves open are answered
as documented, whatever the answer."""

from __future__ import annotations

import pytest
from hypothesis import given, note

from conformance.checks import Expectation, requirements_for
from conformance.harness import Harness
from conformance.request import CreateRequest
from strategies import (
    extra_parameter_create_requests,
    invalid_create_requests,
    open_create_requests,
)


@pytest.mark.requirement(*requirements_for(Expectation.INVALID_CREATE))
@given(create=invalid_create_requests())
def test_invalid_create_is_rejected(harness: Harness, create: CreateRequest) -> None:
    note(f"sent {create.describe()}")
    harness.create(create, expect=Expectation.INVALID_CREATE)


@pytest.mark.requirement(*requirements_for(Expectation.OPEN_CREATE))
@given(create=open_create_requests())
def test_open_value_is_answered_as_documented(harness: Harness, create: CreateRequest) -> None:
    # Non-http callback URIs, unknown extra parameters, comma-separated events: the spec
    # neither allows nor forbids them, so accepting and rejecting are both conformant.
    note(f"sent {create.describe()}")
    harness.create(create, expect=Expectation.OPEN_CREATE)


@pytest.mark.requirement(*requirements_for(Expectation.SCHEMA_VALID_CREATE))
@given(create=extra_parameter_create_requests())
def test_schema_valid_extra_parameter_is_accepted(harness: Harness, create: CreateRequest) -> None:
    # The request schema does not forbid additional properties: a parameter the spec does not
    # name leaves the request valid, and refusing it is a SHOULD failure.
    note(f"sent {create.describe()}")
    harness.create(create, expect=Expectation.SCHEMA_VALID_CREATE)
