"""What a create made can be fetched as it was answered, and stopped."""

from __future__ import annotations

import pytest
from hypothesis import given, note, settings

from conformance.checks import Expectation, requirements_for
from conformance.harness import Harness
from conformance.request import CreateRequest
from strategies import valid_create_requests


@pytest.mark.requirement(*requirements_for(Expectation.FETCHED, Expectation.STOPPED))
# Each example creates, fetches and stops a recording: a few are enough, never more than the
# profile allows (the live profile is the cheaper).
@settings(max_examples=min(10, settings().max_examples))
@given(create=valid_create_requests())
def test_created_recording_is_fetched_as_created_then_stopped(
    harness: Harness, create: CreateRequest
) -> None:
    note(f"sent {create.describe()}")
    created = harness.create(create, expect=Expectation.VALID_CREATE)
    harness.judge(harness.fetch(created), Expectation.FETCHED, create, created=created)
    stopped = harness.stop(created)
    harness.judge(
        stopped, Expectation.STOPPED, create, created=created, followup=harness.fetch(created)
    )
