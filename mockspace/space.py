"""A running mock space: its state, configuration and callback dispatcher."""

from __future__ import annotations

from dataclasses import dataclass, field

from mockspace.callbacks import CallbackDispatcher
from mockspace.config import MockConfig
from mockspace.state import SpaceState


@dataclass
class MockSpace:
    """Everything a running mock holds: state, configuration and the callback dispatcher."""

    state: SpaceState
    callbacks: CallbackDispatcher = field(default_factory=CallbackDispatcher)
    # Outages are spread evenly rather than drawn at random, so runs repeat: at rate r, the
    # n-th request is unavailable when floor(n*r) steps up.
    _outage_credit: float = 0.0

    def unavailable_now(self) -> bool:
        """Whether this request falls in an outage, at the configured rate."""
        self._outage_credit += self.config.unavailable_rate
        if self._outage_credit >= 1.0:
            self._outage_credit -= 1.0
            return True
        return False

    @property
    def config(self) -> MockConfig:
        return self.state.config
