"""The suite's reading of the spec, written out once and apart from the strategies, so that the
self-tests can hold every generated or listed value against it.

`must_reject` is the rule of spec/NOTES.md: a value whose acceptance the spec makes wrong.
`plain` is what the valid strategies send. A value that is neither is open.
"""

from __future__ import annotations

import re
import string
from urllib.parse import urlsplit

from rfc3986_validator import validate_rfc3986

from recording_conformance.conformance.request import EVENT_PARAMETER
from recording_conformance.spec import load_spec

CALLBACK = "RecordingStatusCallback"
# RFC 3986 section 2: unreserved, gen-delims, sub-delims, and "%" of percent-encoding. Anything
# else is left out of URIs, and percent-encoded before the rule below is applied.
URI_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")
# Hosts the valid strategies call back: names RFC 2606 reserves for documentation.
RESERVED_SUFFIXES = (".example", "example.com", "example.net", "example.org")
# Longer callbacks are ones a space SHOULD accept (RFC 9110 section 4.1 recommends 8000 octets),
# not ones it must.
PLAIN_URL_LIMIT = 2_000


def valid_events() -> tuple[str, ...]:
    """ "Valid values: completed, in-progress, absent." """
    return load_spec().parameters[EVENT_PARAMETER].described_values or ()


def event_tokens(value: str) -> list[str]:
    """The event names in `value`, split on commas and any whitespace, empty pieces dropped:
    the most lenient reading a space may reasonably make."""
    return [token for token in re.split(r"[,\s]+", value) if token]


def callback_as_uri(value: str) -> str:
    """`value` with all whitespace stripped (RFC 3986 Appendix C) and every character RFC 3986
    leaves out percent-encoded as UTF-8: the most lenient reading a space may reasonably make."""
    stripped = "".join(ch for ch in value if not ch.isspace())
    return "".join(
        ch if ch in URI_CHARACTERS else "".join(f"%{byte:02X}" for byte in ch.encode())
        for ch in stripped
    )


def must_reject(name: str, value: object) -> bool:
    """Whether accepting `value` for `name` is wrong by the spec."""
    parameters = load_spec().parameters
    if name not in parameters:
        return False  # the request schema does not forbid additional properties
    if not isinstance(value, str):
        return True  # every property is `type: string`
    enum = parameters[name].enum
    if enum is not None:
        return value not in enum
    if name == EVENT_PARAMETER:
        return any(token not in valid_events() for token in event_tokens(value))
    if name == CALLBACK:
        # "The URL to request to": a URI (RFC 3986 section 3), not a relative reference, which
        # needs a base URI (section 5.1) that the spec never names.
        return validate_rfc3986(callback_as_uri(value), rule="URI") is None
    return False


def plain(name: str, value: object) -> bool:
    """Whether `value` is what the valid strategies send for `name`: an enum value, events
    separated by one space without repeats, an http(s) URL on a reserved host."""
    if not isinstance(value, str) or name not in load_spec().parameters:
        return False
    if name == EVENT_PARAMETER:
        events = value.split(" ")
        return len(set(events)) == len(events) and all(e in valid_events() for e in events)
    if name == CALLBACK:
        # The validator's pattern ends in `$`, which also matches before a final newline.
        if any(ch.isspace() for ch in value) or validate_rfc3986(value, rule="URI") is None:
            return False
        parts = urlsplit(value)
        host = parts.hostname or ""
        return (
            value.startswith(("http://", "https://"))
            and host.endswith(RESERVED_SUFFIXES)
            and "#" not in value
            # Userinfo: RFC 9110 section 4.2.4 has a recipient treat it as an error.
            and "@" not in parts.netloc
            and len(value) <= PLAIN_URL_LIMIT
        )
    return not must_reject(name, value)
