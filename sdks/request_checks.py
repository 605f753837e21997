"""The request side: what an SDK sent for a create, judged against what it was given.

`given` is the create in the API's terms (wire names; the events as a list, the SDK's type for
them); the journal gives what arrived. Every check says which requirement it judged, so that a
requirement passes only where it was judged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from recording_conformance.mockspace.journal import ArrivedRequest
from recording_conformance.sdks.session import Answer
from recording_conformance.sdks.violations import Judgement, SdkViolation
from recording_conformance.sdks.wire import (
    FORM,
    JSON,
    ReadRequest,
    basic_credentials,
    path_sids,
    read,
)
from recording_conformance.spec import load_spec

EVENTS = "RecordingStatusCallbackEvent"
CREATE_ROUTE = ("SDK-REQ-PATH", "SDK-REQ-AUTH", "SDK-REQ-ENCODING")


@dataclass(frozen=True)
class Credentials:
    project_id: str
    api_token: str
    call_sid: str


def _violation(
    requirement: str, key: str, title: str, expected: object, received: object
) -> SdkViolation:
    return SdkViolation(requirement, key, title, str(expected), str(received))


def _route(sent: ReadRequest, who: Credentials) -> Iterator[SdkViolation]:
    arrived = sent.arrived
    sids = path_sids(arrived.path)
    expected_path = f"POST .../Accounts/{who.project_id}/Calls/{who.call_sid}/Recordings[.json]"
    if arrived.method != "POST" or sids is None:
        received = f"{arrived.method} {arrived.path}"
        yield _violation("SDK-REQ-PATH", "route", "Not the create route", expected_path, received)
    elif sids != (who.project_id, who.call_sid):
        yield _violation(
            "SDK-REQ-PATH",
            "sids",
            "The path names another account or call",
            expected_path,
            arrived.path,
        )
    credentials = basic_credentials(arrived.header("authorization"))
    if credentials is None or credentials[0] != who.project_id:
        scheme = (arrived.header("authorization") or "no Authorization").split(" ")[0]
        user = credentials[0] if credentials else scheme
        yield _violation(
            "SDK-REQ-AUTH",
            "basic",
            "Not Basic auth with the project id",
            f"Basic, user {who.project_id}",
            user,
        )
    elif credentials[1] != who.api_token:
        yield _violation(
            "SDK-REQ-AUTH",
            "token",
            "Basic auth with another password",
            "the API token",
            "another password",
        )
    if sent.unreadable:
        yield _violation(
            "SDK-REQ-ENCODING",
            "unreadable",
            "A body a space cannot read",
            f"{FORM} or {JSON}",
            sent.unreadable,
        )


def _given_values(given: Mapping[str, object]) -> Iterator[tuple[str, object]]:
    for name, value in given.items():
        if name != EVENTS:
            yield name, value


def _values(sent: ReadRequest, given: Mapping[str, object]) -> Iterator[SdkViolation]:
    for name, value in _given_values(given):
        arrived = sent.values(name)
        if arrived != [value]:
            shown = "nothing" if not arrived else ", ".join(repr(a) for a in arrived)
            title = "A parameter was dropped" if not arrived else "A parameter's value changed"
            yield _violation("SDK-REQ-VALUES", name, title, f"{name}={value!r}", f"{name}: {shown}")


def _nothing_added(sent: ReadRequest, given: Mapping[str, object]) -> Iterator[SdkViolation]:
    for name in load_spec().parameters:
        if name not in given and sent.values(name):
            yield _violation(
                "SDK-REQ-NOTHING-ADDED",
                name,
                "A parameter nobody gave was sent",
                f"no {name}",
                f"{name}={sent.values(name)!r}",
            )


def event_tokens(sent: ReadRequest) -> list[str] | None:
    """The events as a space reads them: one value split on single spaces (the spec's
    grammar), or, form-encoded, one event per repeated key; None for any other form."""
    values = sent.values(EVENTS)
    if not values or not all(isinstance(v, str) for v in values):
        return None
    texts = [str(v) for v in values]
    if len(texts) == 1:
        return texts[0].split(" ")
    if sent.media_type == FORM and all(text and " " not in text for text in texts):
        return texts
    return None


def _events(sent: ReadRequest, given: Mapping[str, object]) -> Iterator[SdkViolation]:
    wanted = given.get(EVENTS)
    if wanted is None:
        return
    expected = [str(e) for e in wanted] if isinstance(wanted, list | tuple) else [str(wanted)]
    tokens = event_tokens(sent)
    if tokens is None or sorted(tokens) != sorted(expected):
        received = ", ".join(repr(v) for v in sent.values(EVENTS)) or "nothing"
        yield _violation(
            "SDK-REQ-EVENTS",
            "events",
            "The events did not arrive as given",
            f"{' '.join(expected)!r} or one key per event",
            received,
        )


def _creates(arrivals: Sequence[ArrivedRequest]) -> list[ReadRequest]:
    return [read(arrived) for arrived in arrivals]


def judge_valid(
    given: Mapping[str, object],
    arrivals: Sequence[ArrivedRequest],
    answer: Answer,
    who: Credentials,
) -> Judgement:
    """A create the spec allows: sent once, to the right route, every parameter as given,
    and accepted by the (conformant) mock."""
    sent = _creates(arrivals)
    if len(sent) != 1:
        why = answer.describe() if not answer.ok else "ok"
        violation = _violation(
            "SDK-REQ-SENT",
            "count",
            "A valid create was not sent exactly once",
            "one request",
            f"{len(sent)} requests (the SDK answered {why}: {answer.error.get('message', '')})",
        )
        return Judgement(frozenset({"SDK-REQ-SENT"}), (violation,))
    one = sent[0]
    found = [*_route(one, who), *_values(one, given), *_nothing_added(one, given)]
    found += _events(one, given)
    if not answer.ok and not found:
        found.append(
            _violation(
                "SDK-REQ-SENT",
                "refused",
                "The space refused what the SDK sent",
                "200",
                f"{answer.describe()}: {answer.error.get('message')}",
            )
        )
    judged = {"SDK-REQ-SENT", *CREATE_ROUTE, "SDK-REQ-VALUES", "SDK-REQ-NOTHING-ADDED"}
    if EVENTS in given:
        judged.add("SDK-REQ-EVENTS")
    return Judgement(frozenset(judged), tuple(found))


def judge_invalid(
    given: Mapping[str, object],
    invalid: Sequence[str],
    arrivals: Sequence[ArrivedRequest],
    answer: Answer,
) -> Judgement:
    """A create with `invalid` parameters: refused before sending, or each sent unchanged."""
    judged = frozenset({"SDK-REQ-INVALID-NOT-FIXED"})
    sent = _creates(arrivals)
    if not sent:
        return Judgement(judged, ())  # the SDK refused it itself
    found = []
    for name in invalid:
        value = given[name]
        if name == EVENTS:
            arrived: list[object] = [" ".join(event_tokens(sent[0]) or ["<not readable>"])]
            value = " ".join(str(v) for v in value) if isinstance(value, list) else value
        else:
            arrived = sent[0].values(name)
        if arrived != [value]:
            shown = ", ".join(repr(a) for a in arrived) or "nothing"
            found.append(
                _violation(
                    "SDK-REQ-INVALID-NOT-FIXED",
                    name,
                    "An invalid value was changed",
                    f"{name}={value!r} refused or sent as given",
                    f"sent {name}: {shown}; the space answered "
                    f"{'200' if answer.ok else answer.describe()}",
                )
            )
    return Judgement(judged, tuple(found))
