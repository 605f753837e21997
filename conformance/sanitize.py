"""The one place secrets are masked. Every output of the suite goes through a `Sanitizer`."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from urllib.parse import quote, quote_plus

MASK = "***"
_SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})


class Sanitizer:
    """Replaces every known secret, and the encodings it travels in, with `***`."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._needles: set[str] = set()
        for secret in secrets:
            self.add(secret)

    def __repr__(self) -> str:
        return f"<Sanitizer masking {len(self._needles)} forms>"

    def add(self, secret: str, *, user: str | None = None) -> None:
        """Mask `secret` from now on, also URL-encoded and, with `user`, as Basic credentials."""
        if not secret:
            return
        forms = {secret, quote(secret, safe=""), quote_plus(secret)}
        if user is not None:
            forms.add(base64.b64encode(f"{user}:{secret}".encode()).decode())
        # Longest first, so that a form containing another is masked whole.
        self._needles |= {form for form in forms if len(form) >= 4}

    def text(self, value: str) -> str:
        """`value` with every secret masked."""
        for needle in sorted(self._needles, key=len, reverse=True):
            value = value.replace(needle, MASK)
        return value

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        """Headers with credentials masked (the scheme word of Authorization is kept)."""
        masked = {}
        for name, value in headers.items():
            if name.lower() in _SENSITIVE_HEADERS:
                scheme = value.split(" ", 1)[0] if " " in value else ""
                masked[name] = f"{scheme} {MASK}".strip()
            else:
                masked[name] = self.text(value)
        return masked

    def contains_secret(self, value: str) -> bool:
        """Whether any secret (in any of its encodings) appears in `value`."""
        return any(needle in value for needle in self._needles)
