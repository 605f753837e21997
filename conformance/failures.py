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
        severity: str = "MUST",
    ) -> None:
        self.check = check
        self.title = title
        self.received = received
        self.documented = documented
        self.exchange = exchange
        self.clause = clause
        self.key = key
        self.severity = severity
        super().__init__(self.render())

    @property
    def identity(self) -> tuple[str, str]:
        return (self.check, self.key)

    def render(self) -> str:
        """The message a person reads: what, expected vs received, the exchange, the curl."""
        sanitize = self.exchange.sanitizer.text
        lines = [
            f"[{self.check}] {self.title}",
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
