"""Searching an SDK for deviations: Hypothesis draws examples until one shows a violation not
found before, shrinks it to the minimal example that still shows one, and searches again for
the next, so that each distinct mistake is found once, with its minimal case.

`hypothesis.find` is the search: it shrinks towards the simplest example for which the
condition holds, and the SDKs answer the same example the same way, as shrinking needs.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from recording_conformance.sdks.violations import Judgement, SdkViolation

T = TypeVar("T")
# A search ends after this many distinct findings: an SDK that gets everything wrong is told
# so well before every mistake is listed.
MAX_FINDINGS = 12


@dataclass(frozen=True)
class Exchanged:
    """One example sent through an SDK: the judgement, the case as a person reads it (the SDK
    call and what it sent, or the answer served), and the SDK's exception, if any."""

    judgement: Judgement
    case: str
    error: dict[str, Any]


@dataclass
class Finding:
    violation: SdkViolation
    case: str
    error: dict[str, Any]
    # Exchanges that showed this violation, shrinking included.
    count: int = 0


@dataclass
class SearchResult:
    judged: Counter[str] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    examples: int = 0


def search(
    strategy: st.SearchStrategy[T],
    exchange: Callable[[T], Exchanged],
    *,
    examples: int,
    seed: int,
) -> SearchResult:
    """Every distinct violation `exchange` shows on examples of `strategy`, each with the
    minimal case; `examples` draws per round, one round per finding and a last empty one."""
    result = SearchResult()
    seen: Counter[str] = Counter()
    known: set[str] = set()

    def shows_a_new_violation(example: T) -> bool:
        judgement = exchange(example).judgement
        result.examples += 1
        result.judged.update(judgement.judged)
        seen.update({v.identity for v in judgement.violations})
        return any(v.identity not in known for v in judgement.violations)

    config = settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    for round_number in range(MAX_FINDINGS):
        try:
            minimal = find(
                strategy,
                shows_a_new_violation,
                settings=config,
                random=random.Random(seed + round_number),
            )
        except NoSuchExample:
            break
        exchanged = exchange(minimal)
        fresh = [v for v in exchanged.judgement.violations if v.identity not in known]
        if not fresh:  # the SDK answered the same example differently: nothing to shrink to
            break
        for violation in fresh:
            known.add(violation.identity)
            result.findings.append(Finding(violation, exchanged.case, exchanged.error))
    for finding in result.findings:
        finding.count = seen[finding.violation.identity]
    return result
