"""What a create made can be fetched as it was answered, and stopped."""

from __future__ import annotations

import pytest
from hypothesis import example, given, note, settings

from recording_conformance.conformance.checks import Expectation, requirements_for
from recording_conformance.conformance.harness import Harness, Judging
from recording_conformance.conformance.request import CreateRequest
from recording_conformance.strategies import valid_create_requests


@pytest.mark.requirement(*requirements_for(Expectation.FETCHED, Expectation.STOPPED))
# Fetch and update are the platform's, not the spec's: a mock of create alone skips this.
@pytest.mark.usefixtures("other_operations_served")
# Each example creates, fetches and stops a recording: a few are enough, never more than the
# profile allows (the live profile is the cheaper).
@settings(max_examples=min(10, settings().max_examples))
# Every value of the echoed parameters fetched once, whatever the few draws pick: a fetch that
# loses one of them is found on every run.
@example(
    create=CreateRequest.of(RecordingChannels="dual", RecordingTrack="both", Trim="trim-silence")
)
@example(
    create=CreateRequest.of(RecordingChannels="mono", RecordingTrack="outbound", Trim="do-not-trim")
)
@example(create=CreateRequest.of(RecordingTrack="inbound"))
@given(create=valid_create_requests())
def test_created_recording_is_fetched_as_created_then_stopped(
    harness: Harness, create: CreateRequest
) -> None:
    note(f"sent {create.describe()}")
    seen = harness.client.created_sids()
    created = harness.client.create_recording(create)
    judging: list[Judging] = [(created, Expectation.VALID_CREATE, create, {"seen_sids": seen})]
    if not harness.made_recording(created):
        # Nothing to fetch or stop: the fetch and stop checks are recorded as not applicable,
        # so that their requirements say why they were not judged.
        judging += [
            (created, Expectation.FETCHED, create, {"created": created}),
            (created, Expectation.STOPPED, create, {"created": created}),
        ]
    else:
        # Fetched and stopped whatever the create's body got wrong: each is judged on its own.
        fetched = harness.fetch(created)
        stopped = harness.stop(created)
        after: dict[str, object] = {"created": created, "followup": harness.fetch(created)}
        judging += [
            (fetched, Expectation.FETCHED, create, {"created": created}),
            (stopped, Expectation.STOPPED, create, after),
        ]
    harness.judge_all(*judging)
