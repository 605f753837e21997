"""What a mock space is: its credentials, its calls, and which faults are switched on."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field

from mockspace.faults import Fault, Variation


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

    def has(self, fault: Fault) -> bool:
        """Whether `fault` is switched on."""
        return fault in self.faults

    def refuses(self, name: str, value: str) -> bool:
        """Whether the mock was told to reject the valid `name=value`."""
        return f"{name}={value}" in self.rejected

    def varies(self, variation: Variation) -> bool:
        """Whether `variation` is switched on."""
        return variation in self.variations
