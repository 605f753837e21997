"""What a choice is, the helpers that build one, and the sentences several groups quote."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Decision = Literal["required", "free"]

# What `sentence` says when nothing in the spec or the standards it relies on speaks.
SILENT = "the spec is silent"
# Options of the suite's own test harness (tests/mutation.py), beside the mock's variations.
SLOW_ANSWERS = "slow-answers"
OCCASIONAL_503 = "occasional-503"
HARNESS_OPTIONS = (SLOW_ANSWERS, OCCASIONAL_503)
# Both ends of every value the suite leaves open: the mock accepts them all, or refuses them all.
OPEN_VALUES = ("lenient", "strict")


@dataclass(frozen=True)
class Choice:
    """One place where a space has (free) or has not (required) a choice."""

    id: str
    subject: str
    decision: Decision
    # The source sentence, quoted verbatim, or SILENT.
    sentence: str
    # Where the sentence is: "spec: Schema.field", "RFC 9110 section 10.2.3", ...
    source: str
    # Free: every answer a conformant space may give. Required: the one answer.
    answers: tuple[str, ...]
    # Required: the requirement whose checks enforce it.
    requirement: str | None = None
    # Free: mock variations / harness options under which the suite must still pass.
    variations: tuple[str, ...] = ()
    # Free: what no variation exercises yet.
    gap: str = ""


def required(
    id: str, subject: str, *, sentence: str, source: str, answer: str, requirement: str
) -> Choice:
    return Choice(id, subject, "required", sentence, source, (answer,), requirement)


def free(
    id: str,
    subject: str,
    *,
    sentence: str,
    source: str,
    answers: tuple[str, ...],
    variations: tuple[str, ...] = (),
    gap: str = "",
) -> Choice:
    return Choice(id, subject, "free", sentence, source, answers, None, variations, gap)


OPENAPI_RESPONSES = "spec: responses of POST /Accounts/{AccountSid}/Calls/{CallSid}/Recordings"
APPENDIX_C = (
    "For robustness, software that accepts user-typed URI should attempt to recognize and "
    "strip both delimiters and embedded whitespace."
)
CALLBACK_URL = "The URL to request to when recording is available."
EVENTS = (
    "The different recording statuses. To specify multiple events, separate with a space. "
    "Valid values: completed, in-progress, absent. Default is `completed`."
)
METHOD = (
    "Whether the request to `RecordingStatusCallback` URL is a `GET` or a `POST`. "
    "Default is `POST`."
)
ENUM = (
    "An instance validates successfully against this keyword if its value is equal to one of "
    "the elements in this keyword's array value."
)
ACCEPT_OR_REFUSE = (
    "accepted (200)",
    "refused with a documented 4xx (400, 401, 404 or 422) and a CompatibilityErrorResponse",
)
