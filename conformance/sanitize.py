"""The one place secrets are masked. Every output of the suite goes through a `Sanitizer`."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from typing import Any, TextIO
from urllib.parse import quote, quote_plus

MASK = "***"
_SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})


class Sanitizer:
    """Replaces every known secret, and the encodings it travels in, with `***`."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._needles: set[str] = set()
        self._raw: set[str] = set()
        self._watched: set[str] = set()
        for secret in secrets:
            self.add(secret)

    def __repr__(self) -> str:
        return f"<Sanitizer masking {len(self._needles)} forms>"

    def add(self, secret: str, *, user: str | None = None) -> None:
        """Mask `secret` from now on, also URL-encoded and, with `user`, as Basic credentials."""
        if not secret:
            return
        self._raw.add(secret)
        # Longest first when masking, so that a form containing another is masked whole.
        self._needles |= self._forms(secret, user)

    def watch(self, password: str, *, user: str | None = None) -> None:
        """Look out for a made-up password the suite sent (a leak if a response carries it)
        without masking it: it is no credential, and reproductions need it as it was."""
        if password:
            self._watched |= self._forms(password, user)

    @staticmethod
    def _forms(value: str, user: str | None) -> set[str]:
        forms = {value, quote(value, safe=""), quote_plus(value)}
        if user is not None:
            forms.add(base64.b64encode(f"{user}:{value}".encode()).decode())
        return {form for form in forms if len(form) >= 4}

    def shell_words(self, text: str, variable: str) -> str:
        """`text` for inside shell double quotes, each raw secret written as `variable`."""
        placeholder = "\x00secret\x00"
        for secret in sorted(self._raw, key=len, reverse=True):
            text = text.replace(secret, placeholder)
        for special in ("\\", '"', "$", "`"):
            text = text.replace(special, "\\" + special)
        return text.replace(placeholder, variable)

    def named(self, text: str, variable: str) -> str:
        """`text` with each raw secret written as `variable` (as reproductions name the token)
        and every other form of it masked: what a cassette keeps of credentials it must send
        again, with another target's token in place of `variable`."""
        placeholder = "\x00secret\x00"
        for secret in sorted(self._raw, key=len, reverse=True):
            text = text.replace(secret, placeholder)
        return self.text(text).replace(placeholder, variable)

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
        """Whether any secret or watched password (in any of its encodings) is in `value`."""
        return any(needle in value for needle in self._needles | self._watched)


class SanitizingStream:
    """A text stream that masks secrets in everything written to it (pytest's terminal)."""

    def __init__(self, stream: TextIO, sanitizer: Sanitizer) -> None:
        self._stream = stream
        self._sanitizer = sanitizer

    def write(self, text: str) -> int:
        return self._stream.write(self._sanitizer.text(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
