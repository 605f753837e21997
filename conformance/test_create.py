"""Create a Recording: valid requests are accepted as documented, invalid ones rejected."""

from __future__ import annotations

import pytest
from hypothesis import given, note

from conformance.checks import CheckContext, Expectation, run_checks
from conformance.client import ConformanceClient
from conformance.request import CreateRequest
from conformance.target import Target
from spec import Spec
from strategies import invalid_create_requests, valid_create_requests

pytestmark = pytest.mark.slice


@given(create=valid_create_requests())
def test_valid_create_is_accepted(
    client: ConformanceClient, spec: Spec, target: Target, create: CreateRequest
) -> None:
    note(f"sent {create.describe()}")
    exchange = client.create_recording(create)
    run_checks(CheckContext(spec, target, exchange, create), Expectation.VALID_CREATE)


@given(create=invalid_create_requests())
def test_out_of_enum_value_is_rejected(
    client: ConformanceClient, spec: Spec, target: Target, create: CreateRequest
) -> None:
    note(f"sent {create.describe()}")
    exchange = client.create_recording(create)
    run_checks(CheckContext(spec, target, exchange, create), Expectation.INVALID_CREATE)
