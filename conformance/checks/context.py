"""What a check is given, and how it fails."""

from __future__ import annotations

import enum
from collections.abc import Callable, Container
from dataclasses import dataclass
from typing import Any

from conformance.exchange import Exchange
from conformance.failures import ConformanceFailure
from conformance.receiver import ReceivedCallback
from conformance.request import CreateRequest
from conformance.target import Target
from spec import Spec


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
        """The body of a successful answer; None otherwise (another check reports that), so
        that checks of an accepted recording's content do not pile on."""
        body = self.exchange.json()
        if 200 <= self.exchange.status < 300 and isinstance(body, dict):
            return body
        return None


Check = Callable[[CheckContext], None]


def fail(context: CheckContext, check: Check, **details: Any) -> ConformanceFailure:
    """The failure of `check` on this context's exchange."""
    return ConformanceFailure(check=check.__name__, exchange=context.exchange, **details)
