"""The LENIENT reading of the values the spec leaves open: repair what can be repaired, accept it.

The spec types the callback as `format: uri` and describes the event list only in prose ("space
separated"), so a space may accept more than the reference does. Under LENIENT the mock accepts
everything such a space could, and refuses only what cannot be read as a URI or as event names.
"""

from __future__ import annotations

import re
import string
import unicodedata

from recording_conformance.mockspace.config import MockConfig
from recording_conformance.mockspace.faults import Variation

# Everything RFC 3986 lets appear in a URI (section 2: unreserved, reserved, and "%" as the
# start of a percent-escape); any other character is percent-encoded as UTF-8.
_URI_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=")
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
# RFC 3986 section 3.1: an absolute URI starts with its scheme and a colon.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# Event lists: commas and any whitespace separate names.
_EVENT_SEPARATORS = re.compile(r"[,\s]+")


def applies(config: MockConfig) -> bool:
    """Whether open values get past validation when read this way.

    Under LENIENT they are then accepted. Under STRICT they are then refused as open values
    (see `strict`), so that the line between an open value and an invalid one is drawn in one
    place; this is also why STRICT takes precedence over LENIENT when both are on."""
    return config.varies(Variation.LENIENT) or config.varies(Variation.STRICT)


def repaired_uri(raw: str) -> str | None:
    """`raw` as an absolute URI, or None when it cannot be one.

    RFC 3986 Appendix C: URIs found in text may be wrapped or padded, so "strip both delimiters
    and embedded whitespace"; control characters go the same way. Characters RFC 3986 leaves
    out (`<`, `>`, `"`, `{`, `}`, `|`, `\\`, `^`, backtick, non-ASCII), and a `%` that starts no
    escape, are percent-encoded. What follows the scheme is the scheme's business (section 3.1),
    so any scheme and any remainder are accepted.
    """
    kept = "".join(ch for ch in raw if not (ch.isspace() or unicodedata.category(ch) == "Cc"))
    encoded = "".join(_encoded(ch, kept, index) for index, ch in enumerate(kept))
    return encoded if _SCHEME.match(encoded) else None


def _encoded(ch: str, text: str, index: int) -> str:
    if ch in _URI_CHARACTERS or (ch == "%" and _ESCAPE.match(text, index)):
        return ch
    return "".join(f"%{byte:02X}" for byte in ch.encode("utf-8", "surrogatepass"))


def event_names(raw: str) -> tuple[str, ...]:
    """The names in an event list split on commas and any whitespace, empty tokens dropped and
    repeats ignored (first occurrence kept); an empty tuple when there are none."""
    tokens = (token for token in _EVENT_SEPARATORS.split(raw) if token)
    return tuple(dict.fromkeys(tokens))
