"""A running mock space: its state, configuration and callback dispatcher."""

from __future__ import annotations

from dataclasses import dataclass, field

from recording_conformance.mockspace.callbacks import CallbackDispatcher
from recording_conformance.mockspace.config import MockConfig
from recording_conformance.mockspace.state import SpaceState

REFUSAL_STATUSES = (400, 401, 404, 422)


@dataclass
class MockSpace:
    """Everything a running mock holds: state, configuration and the callback dispatcher."""

    state: SpaceState
    callbacks: CallbackDispatcher = field(default_factory=CallbackDispatcher)
    # Outages are spread evenly rather than drawn at random, so runs repeat: at rate r, the
    # n-th request is unavailable when floor(n*r) steps up.
    _outage_credit: float = 0.0
    _throttle_credit: float = 0.0
    # Refusals of open values under the STRICT variation take these statuses in turn.
    _refusals: int = 0

    def unavailable_now(self, rate: float | None = None) -> bool:
        """Whether this request falls in an outage, at `rate` (default: the configured one)."""
        self._outage_credit += self.config.unavailable_rate if rate is None else rate
        if self._outage_credit >= 1.0:
            self._outage_credit -= 1.0
            return True
        return False

    def throttled_now(self) -> bool:
        """Whether this request is answered 429, spread evenly at `throttle_rate` as outages
        are; counted on the state."""
        self._throttle_credit += self.config.throttle_rate
        if self._throttle_credit < 1.0:
            return False
        self._throttle_credit -= 1.0
        with self.state.lock:
            self.state.throttled_answers += 1
        return True

    def next_refusal_status(self) -> int:
        """The status of the next STRICT refusal: 400, 401, 404, 422, then 400 again."""
        status = REFUSAL_STATUSES[self._refusals % len(REFUSAL_STATUSES)]
        self._refusals += 1
        return status

    def reset_counters(self) -> None:
        """Start outages, throttling and refusal statuses from the beginning, so runs repeat."""
        self._outage_credit = 0.0
        self._throttle_credit = 0.0
        self._refusals = 0

    @property
    def config(self) -> MockConfig:
        return self.state.config
