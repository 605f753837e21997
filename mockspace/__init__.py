"""The reference mock space: a conformant Create a Recording endpoint, with switchable faults.

The server (and with it uvicorn and Starlette) is imported only when first asked for, so that
loading the mock's pytest plugin for a run against a live space costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recording_conformance.mockspace.config import MockConfig
from recording_conformance.mockspace.faults import (
    FAULT_DESCRIPTIONS,
    VARIATION_DESCRIPTIONS,
    Fault,
    Variation,
)

if TYPE_CHECKING:
    from recording_conformance.mockspace.server import MockSpaceServer

__all__ = [
    "FAULT_DESCRIPTIONS",
    "VARIATION_DESCRIPTIONS",
    "Fault",
    "MockConfig",
    "MockSpaceServer",
    "Variation",
]


def __getattr__(name: str) -> Any:
    if name == "MockSpaceServer":
        from recording_conformance.mockspace.server import MockSpaceServer

        return MockSpaceServer
    raise AttributeError(f"module 'mockspace' has no attribute {name!r}")
