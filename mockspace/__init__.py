"""The reference mock space: a conformant Create a Recording endpoint, with switchable faults."""

from __future__ import annotations

from mockspace.config import MockConfig
from mockspace.faults import FAULT_DESCRIPTIONS, VARIATION_DESCRIPTIONS, Fault, Variation
from mockspace.server import MockSpaceServer

__all__ = [
    "FAULT_DESCRIPTIONS",
    "VARIATION_DESCRIPTIONS",
    "Fault",
    "MockConfig",
    "MockSpaceServer",
    "Variation",
]
