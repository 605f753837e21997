"""How a conformance check fails: one exception type carrying everything a report needs."""

from __future__ import annotations

from typing import Any

from conformance.exchange import Exchange


class ConformanceFailure(AssertionError):
    """A target departed from the spec.

    `check` and `key` make the identity of the failure (never free text such as sids or dates),
    so that Hypothesis keeps shrinking one bug instead of hopping between near-duplicates.
    """

    def __init__(
        self,
        *,
        check: str,
        title: str,
        received: Any,
        documented: Any,
        exchange: Exchange,
        clause: str = "",
        key: str = "",
    ) -> None:
        self.check = check
        self.title = title
        self.received = received
        self.documented = documented
        self.exchange = exchange
        self.clause = clause
        self.key = key
        # Set by the registry when it runs the check: which requirement failed, how badly.
        self.requirement = ""
        self.level = ""
        # Other checks that failed on the same exchange (reported beside this one).
        self.others: list[ConformanceFailure] = []
        super().__init__(self.render())

    def attribute(self, requirement: str, level: str) -> None:
        """Name the requirement this failure breaks (and render the message again)."""
        self.requirement, self.level = requirement, level
        self.args = (self.render(),)

    @property
    def identity(self) -> tuple[str, str]:
        return (self.check, self.key)

    def render(self) -> str:
        """The message a person reads: what, expected vs received, the exchange, the curl."""
        sanitize = self.exchange.sanitizer.text
        verifies = f" -- {self.level} {self.requirement}" if self.requirement else ""
        lines = [
            f"[{self.check}] {self.title}{verifies}",
            f"  Received:   {sanitize(str(self.received))}",
            f"  Documented: {self.documented}",
        ]
        if self.clause:
            lines.append(f"  Spec:       {self.clause}")
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
        return {
            "check": self.check,
            "requirement": self.requirement,
            "level": self.level,
            "title": self.title,
            "expected": clean(str(self.documented)),
            "received": clean(str(self.received)),
            "clause": self.clause,
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
        }
