"""How a conformance check fails: one exception type carrying everything a report needs."""

from __future__ import annotations

import json
from typing import Any

from recording_conformance.conformance.checks.context import Violation
from recording_conformance.conformance.exchange import Exchange


class ConformanceFailure(AssertionError):
    """A target departed from the spec: a check's violation on one exchange.

    Its identity is the check, the requirement and the violation's structured key (never free
    text such as sids or dates), so that one bug is one entry however many exchanges show it,
    and Hypothesis keeps shrinking one bug instead of hopping between near-duplicates.
    """

    def __init__(
        self,
        *,
        check: str,
        requirement: str,
        level: str,
        violation: Violation,
        exchange: Exchange,
    ) -> None:
        self.check = check
        self.requirement = requirement
        self.level = level
        self.violation = violation
        self.exchange = exchange
        # Other checks that failed on the same exchange (reported beside this one).
        self.others: list[ConformanceFailure] = []
        super().__init__(self.render())

    @property
    def title(self) -> str:
        return self.violation.title

    @property
    def identity(self) -> str:
        """check, requirement and structured difference, as one comparable string."""
        return json.dumps([self.check, self.requirement, list(self.violation.key)])

    def render(self) -> str:
        """The message a person reads: what, expected vs received, the exchange, the curl."""
        sanitize = self.exchange.sanitizer.text
        violation = self.violation
        lines = [
            f"[{self.check}] {violation.title} -- {self.level} {self.requirement}",
            f"  Received:   {sanitize(str(violation.received))}",
            f"  Documented: {violation.documented}",
        ]
        if violation.clause:
            lines.append(f"  Spec:       {violation.clause}")
        lines += [
            "",
            "Exchange:",
            "  " + self.exchange.summary().replace("\n", "\n  "),
            "",
            "Reproduce with:",
            f"  {self.exchange.curl()}",
        ]
        return "\n".join(lines)

    def evidence(self) -> dict[str, Any]:
        """What a report shows of this failure, every text through the sanitizer."""
        exchange = self.exchange
        clean = exchange.sanitizer.text
        violation = self.violation
        return {
            "identity": self.identity,
            "check": self.check,
            "requirement": self.requirement,
            "level": self.level,
            "title": violation.title,
            "expected": clean(str(violation.documented)),
            "received": clean(str(violation.received)),
            "clause": violation.clause,
            "request": {
                "method": exchange.method,
                "url": clean(exchange.url),
                "headers": exchange.sanitizer.headers(exchange.request_headers),
                "body": clean(exchange.request_body.decode("utf-8", "replace")),
            },
            "response": {
                "status": exchange.status,
                "headers": exchange.sanitizer.headers(exchange.response_headers),
                "body_excerpt": exchange.response_excerpt(),
            },
            "curl": exchange.curl(),
            "count": 1,
        }
