"""The generated checks of one SDK, both directions, against the embedded mock: valid creates
and creates with invalid values sent through the driver (judged on what arrived), schema-valid
answers and documented errors served to it (judged on what it parsed or raised)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from recording_conformance.conformance.request import CreateRequest
from recording_conformance.mockspace.journal import ArrivedRequest
from recording_conformance.sdks.answers import error_bodies, recording_bodies
from recording_conformance.sdks.request_checks import (
    EVENTS,
    Credentials,
    judge_invalid,
    judge_valid,
)
from recording_conformance.sdks.response_checks import judge_error, judge_recording
from recording_conformance.sdks.search import Exchanged, SearchResult, search
from recording_conformance.sdks.session import Answer, SdkSession, sdk_arguments
from recording_conformance.sdks.wire import read
from recording_conformance.strategies import (
    invalid_callback_events,
    invalid_callback_urls,
    out_of_enum_values,
    valid_create_requests,
)
from recording_conformance.strategies.enums import ENUM_PARAMETERS

if TYPE_CHECKING:
    from recording_conformance.mockspace.server import MockSpaceServer

CALLBACK = "RecordingStatusCallback"
SIDES = ("requests", "invalid requests", "answers", "errors")
DEFAULT_EXAMPLES = 100


def given_of(request: CreateRequest) -> dict[str, object]:
    """A generated request in the API's terms for an SDK: the events as a list, the type the
    SDKs document for them (`recording_status_callback_event=[...]`)."""
    given = dict(request.meaning())
    if EVENTS in given:
        given[EVENTS] = str(given[EVENTS]).split(" ")
    return given


def _invalid_value(name: str) -> st.SearchStrategy[object]:
    if name == CALLBACK:
        return invalid_callback_urls()
    if name == EVENTS:
        return invalid_callback_events().map(lambda value: [value])
    return out_of_enum_values(name)


_INVALID_NAMES = st.sampled_from((*ENUM_PARAMETERS, CALLBACK, EVENTS))


@st.composite
def invalid_creates(draw: st.DrawFn) -> tuple[dict[str, object], str]:
    """A valid create with one parameter given a value the spec does not allow (the suite's
    own invalid strategies: out-of-enum values, callbacks that are no absolute URI, events
    with an unknown token); the SDK's own types, strings and a list of events."""
    given = given_of(draw(valid_create_requests()))
    name = draw(_INVALID_NAMES)
    given[name] = draw(_invalid_value(name))
    return given, name


@dataclass
class SdkCheckRun:
    """What the checks of one SDK found, side by side."""

    sides: dict[str, SearchResult] = field(default_factory=dict)


class SdkChecks:
    """The checks of one started driver against `mock` (whose journal and scripted answers
    they use), `examples` draws per search round."""

    def __init__(
        self, session: SdkSession, mock: MockSpaceServer, *, examples: int, seed: int
    ) -> None:
        self.session = session
        self.mock = mock
        self.examples = examples
        self.seed = seed
        config = mock.config
        self.who = Credentials(config.project_id, config.api_token, config.in_progress_call_sid)

    def run(self, sides: tuple[str, ...] = SIDES) -> SdkCheckRun:
        searches: dict[str, Callable[[], SearchResult]] = {
            "requests": self.requests,
            "invalid requests": self.invalid_requests,
            "answers": self.answers,
            "errors": self.errors,
        }
        return SdkCheckRun({side: searches[side]() for side in sides})

    def _call(self, given: Mapping[str, object]) -> str:
        arguments = sdk_arguments(given, self.session.sdk.naming)
        return "create(" + ", ".join(f"{k}={v!r}" for k, v in arguments.items()) + ")"

    def _send(self, given: Mapping[str, object]) -> tuple[Answer, list[ArrivedRequest], str]:
        journal = self.mock.space.journal
        journal.take()
        answer = self.session.create(self.who.call_sid, given)
        arrivals = journal.take()
        sent = "; ".join(read(a).describe() for a in arrivals) or "nothing"
        return answer, arrivals, f"{self._call(given)} sent: {sent}"

    def requests(self) -> SearchResult:
        def exchange(request: CreateRequest) -> Exchanged:
            given = given_of(request)
            answer, arrivals, case = self._send(given)
            return Exchanged(judge_valid(given, arrivals, answer, self.who), case, answer.error)

        return self._journaled(valid_create_requests(), exchange)

    def invalid_requests(self) -> SearchResult:
        def exchange(drawn: tuple[dict[str, object], str]) -> Exchanged:
            given, name = drawn
            answer, arrivals, case = self._send(given)
            return Exchanged(judge_invalid(given, [name], arrivals, answer), case, answer.error)

        return self._journaled(invalid_creates(), exchange)

    def _journaled(
        self, strategy: st.SearchStrategy[Any], exchange: Callable[[Any], Exchanged]
    ) -> SearchResult:
        self.mock.space.journal.start()
        try:
            return search(strategy, exchange, examples=self.examples, seed=self.seed)
        finally:
            self.mock.space.journal.stop()

    def answers(self) -> SearchResult:
        def exchange(body: dict[str, Any]) -> Exchanged:
            self.mock.space.scripted.serve(200, body)
            answer = self.session.create(self.who.call_sid, {})
            case = f"the space answered 200 {json.dumps(body)}"
            return Exchanged(judge_recording(body, answer), case, answer.error)

        return search(recording_bodies(), exchange, examples=self.examples, seed=self.seed)

    def errors(self) -> SearchResult:
        def exchange(drawn: tuple[int, dict[str, Any]]) -> Exchanged:
            status, body = drawn
            self.mock.space.scripted.serve(status, body)
            answer = self.session.create(self.who.call_sid, {})
            case = f"the space answered {status} {json.dumps(body)}"
            return Exchanged(judge_error(status, body, answer), case, answer.error)

        return search(error_bodies(), exchange, examples=self.examples, seed=self.seed)
