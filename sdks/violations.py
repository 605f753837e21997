"""A violation an SDK check found: which requirement, and what was expected and received.

Its identity is the requirement and a stable key (a parameter or field name, a kind of
mistake), never a value: the search then shrinks one mistake to one minimal case.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SdkViolation:
    requirement: str
    key: str
    title: str
    expected: str
    received: str

    @property
    def identity(self) -> str:
        return f"{self.requirement}:{self.key}"


@dataclass(frozen=True)
class Judgement:
    """What one check of one exchange found: the requirements it judged, and the violations."""

    judged: frozenset[str]
    violations: tuple[SdkViolation, ...]
