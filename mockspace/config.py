"""What a mock space is: its credentials, its calls, and which faults are switched on."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field

from recording_conformance.mockspace.faults import Fault, Variation


def new_token() -> str:
    """A made-up API token in SignalWire's shape: "PT" followed by 48 hex characters."""
    return "PT" + secrets.token_hex(24)


@dataclass
class MockConfig:
    """Settings of one mock space. Mutable so a running mock can be reconfigured between tests."""

    project_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    api_token: str = field(default_factory=new_token)
    in_progress_call_sid: str = field(default_factory=lambda: str(uuid.uuid4()))
    completed_call_sid: str = field(default_factory=lambda: str(uuid.uuid4()))
    # A call whose recordings capture no audio: they end `absent` instead of `completed`.
    silent_call_sid: str = field(default_factory=lambda: str(uuid.uuid4()))
    faults: frozenset[Fault] = frozenset()
    variations: frozenset[Variation] = frozenset()
    # Valid `NAME=VALUE`s the mock refuses (see `faults.rejection`).
    rejected: frozenset[str] = frozenset()
    latency_ms: float = 0.0
    unavailable_rate: float = 0.0
    # Share of answers that are 429 Too Many Requests, with a Retry-After header.
    throttle_rate: float = 0.0
    # Placed calls (Calls API): seconds from placing to answering. They ring after
    # `calls.RINGING_AFTER_SECONDS`; a delay longer than the call's Timeout is no answer.
    call_answer_delay: float = 0.3
    # `--call never-answers`: placed calls ring until their Timeout, then end `no-answer`.
    calls_never_answer: bool = False
    # `--call drops-after:N`: every call ends `completed` once N recordings were made on it.
    calls_drop_after: int | None = None

    def has(self, fault: Fault) -> bool:
        """Whether `fault` is switched on."""
        return fault in self.faults

    def refuses(self, name: str, value: str) -> bool:
        """Whether the mock was told to reject the valid `name=value`."""
        return f"{name}={value}" in self.rejected

    def varies(self, variation: Variation) -> bool:
        """Whether `variation` is switched on."""
        return variation in self.variations
