"""What a check is given, what it yields, and when it applies.

A check is a generator of `Violation`s, the way jsonschema's validators yield errors: it never
decides what happens to them. A check that cannot judge an exchange (a recording's echo on a
refused create) says so through its preconditions (`@applies_when(accepted)`) instead of
returning silently, so that the registry can tell "ran and found nothing" from "did not apply".
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field
from typing import Any

from recording_conformance.conformance.exchange import Exchange
from recording_conformance.conformance.receiver import ReceivedCallback
from recording_conformance.conformance.request import CreateRequest
from recording_conformance.conformance.target import Target
from recording_conformance.spec import Spec


class Expectation(enum.Enum):
    """What the request behind an exchange should lead to."""

    VALID_CREATE = "a valid create"
    INVALID_CREATE = "an invalid create"
    # A value the spec neither allows nor forbids: only status and schema are judged.
    OPEN_CREATE = "a create the spec leaves open"
    # A request the request schema allows that the prose does not name (an unknown extra
    # parameter): refusing it is a SHOULD failure, a warning.
    SCHEMA_VALID_CREATE = "a create the request schema allows"
    BAD_CREDENTIALS = "a create with missing or wrong credentials"
    OTHER_ACCOUNT = "a create on another account's path"
    UNKNOWN_CALL = "a create for a call the space does not know"
    MALFORMED_SID = "a create with a malformed sid in the path"
    # Other operations, used to verify what a create made.
    FETCHED = "a fetch of a created recording"
    STOPPED = "a stop of a created recording"
    CALLBACKS = "the status callbacks of a created recording"
    # The stops of the clean-up at the end of a run: any documented answer is fine.
    CLEAN_UP = "a stop of the clean-up"


# Exchanges of Create a Recording itself, which every-response checks judge.
CREATE_OPERATION = frozenset(
    {
        Expectation.VALID_CREATE,
        Expectation.INVALID_CREATE,
        Expectation.OPEN_CREATE,
        Expectation.SCHEMA_VALID_CREATE,
        Expectation.BAD_CREDENTIALS,
        Expectation.OTHER_ACCOUNT,
        Expectation.UNKNOWN_CALL,
        Expectation.MALFORMED_SID,
    }
)

# A structured difference: strings, numbers, booleans or None, never free text such as sids
# or dates, so that one bug is one identity however many exchanges show it.
Key = tuple[str | int | bool | None, ...]


@dataclass(frozen=True)
class Violation:
    """One way an exchange departs from the spec, as a check sees it."""

    title: str
    received: Any
    documented: Any
    clause: str = ""
    key: Key = ()


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may look at: the spec, the target, what was sent, what came back."""

    spec: Spec
    target: Target
    exchange: Exchange
    request: CreateRequest | None = None
    # The create answer that a fetch or stop follows, and what a fetch answered after a stop.
    created: Exchange | None = None
    followup: Exchange | None = None
    # Callbacks received for the recording, in arrival order.
    callbacks: tuple[ReceivedCallback, ...] = ()
    # Recording sids the run has seen created before this exchange (shared, append-only).
    seen_sids: Container[str] = frozenset()

    def requested(self, name: str) -> object:
        """The value the request asked for, or the spec's default when it left it out."""
        meaning = self.request.meaning() if self.request else {}
        return meaning.get(name, self.spec.parameters[name].default)

    def accepted_body(self) -> dict[str, Any] | None:
        """The body of a successful answer; None otherwise."""
        body = self.exchange.json()
        if 200 <= self.exchange.status < 300 and isinstance(body, dict):
            return body
        return None

    @property
    def body(self) -> dict[str, Any]:
        """The accepted body, for checks that apply only when there is one (`accepted`)."""
        body = self.accepted_body()
        assert body is not None, "a check reads the body without @applies_when(accepted)"
        return body


Check = Callable[[CheckContext], Iterator[Violation]]


@dataclass(frozen=True)
class Precondition:
    """When a check can judge an exchange; `reason` says what it needs when it cannot."""

    holds: Callable[[CheckContext], bool] = field(compare=False)
    reason: str

    def __call__(self, context: CheckContext) -> bool:
        return self.holds(context)


def applies_when(*conditions: Precondition) -> Callable[[Check], Check]:
    """Declare the preconditions of a check; the registry runs it only where all hold."""

    def declare(check: Check) -> Check:
        check.preconditions = conditions  # type: ignore[attr-defined]
        return check

    return declare


def preconditions_of(check: Check) -> tuple[Precondition, ...]:
    """The preconditions `check` declared (none: it applies to every exchange it is given)."""
    found: tuple[Precondition, ...] = getattr(check, "preconditions", ())
    return found


def _is_accepted(context: CheckContext) -> bool:
    return context.accepted_body() is not None


def _has_sid(context: CheckContext) -> bool:
    body = context.accepted_body()
    return body is not None and isinstance(body.get("sid"), str)


def _documented(context: CheckContext) -> bool:
    return context.exchange.status in context.spec.documented_statuses


def _error_answer(context: CheckContext) -> bool:
    is_error = context.spec.response_schema_name(context.exchange.status) == (
        "CompatibilityErrorResponse"
    )
    return is_error and isinstance(context.exchange.json(), dict)


def _created(context: CheckContext) -> bool:
    created = context.created
    body = created.json() if created is not None else None
    return (
        created is not None
        and 200 <= created.status < 300
        and isinstance(body, dict)
        and isinstance(body.get("sid"), str)
    )


accepted = Precondition(_is_accepted, "needs an accepted create (a 2xx answer with a JSON object)")
has_sid = Precondition(_has_sid, "needs an accepted create whose body has a recording sid")
documented_status = Precondition(_documented, "needs an answer with a documented status")
error_answer = Precondition(_error_answer, "needs an error answer with a JSON object body")
recording_created = Precondition(_created, "needs a recording that a create made")
callbacks_received = Precondition(
    lambda context: bool(context.callbacks), "needs at least one callback of the recording"
)
