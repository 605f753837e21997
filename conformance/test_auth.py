"""Authentication: the operation requires HTTP Basic credentials."""

from __future__ import annotations

import pytest

from conformance.checks import CheckContext, Expectation, run_checks
from conformance.client import ConformanceClient
from conformance.request import CreateRequest
from conformance.target import Target
from spec import Spec

pytestmark = pytest.mark.slice


@pytest.mark.parametrize(
    "create",
    [CreateRequest(), CreateRequest.of(RecordingChannels="dual", suffix=".json")],
    ids=["empty-body", "dual-json-suffix"],
)
def test_missing_credentials_are_rejected(
    client: ConformanceClient, spec: Spec, target: Target, create: CreateRequest
) -> None:
    exchange = client.create_recording(create, auth="none")
    run_checks(CheckContext(spec, target, exchange, create), Expectation.NO_CREDENTIALS)
