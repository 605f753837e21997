"""The STRICT reading of the values the spec leaves open: refuse every one of them.

Checked after the reference validation, which (reading open values leniently, see `lenient`)
has already refused what the spec forbids; what is left and not plainly allowed is refused here.
The spec allows a space to answer such a request with any documented error, so the status
rotates through 400, 401, 404 and 422 and a client cannot come to rely on one of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from rfc3986_validator import validate_rfc3986

from recording_conformance.mockspace import errors
from recording_conformance.mockspace.errors import ApiError
from recording_conformance.mockspace.params import EVENT_PARAMETER
from recording_conformance.mockspace.space import MockSpace
from recording_conformance.spec import load_spec

CALLBACK_PARAMETER = "RecordingStatusCallback"
# Common practice for URLs a server must handle (and what browsers and proxies keep to).
MAX_CALLBACK_LENGTH = 2000


def refuse_open_values(params: Mapping[str, str], space: MockSpace) -> None:
    """Raise the next rotating refusal if `params` holds a value the spec leaves open."""
    found = _open_value(params)
    if found is not None:
        code, message = found
        raise ApiError(space.next_refusal_status(), code, message)


def _open_value(params: Mapping[str, str]) -> tuple[int, str] | None:
    # Names compare case-sensitively: the spec spells each one exactly.
    unknown = sorted(set(params) - set(load_spec().parameters))
    if unknown:
        return errors.INVALID_ARGUMENT, f"Unknown parameter {unknown[0]!r}."
    callback = params.get(CALLBACK_PARAMETER)
    if callback is not None:
        problem = _callback_problem(callback)
        if problem:
            return errors.INVALID_CALLBACK_URL, f"{CALLBACK_PARAMETER} {problem}."
    events = params.get(EVENT_PARAMETER)
    if events is not None and not _is_plain_event_list(events):
        return (
            errors.INVALID_CALLBACK_EVENT,
            f"{EVENT_PARAMETER} must be distinct event names separated by single spaces.",
        )
    return None


def _callback_problem(url: str) -> str | None:
    """Why `url` is not a plain http(s) callback URL, or None when it is one."""
    if len(url) > MAX_CALLBACK_LENGTH:
        return f"is longer than {MAX_CALLBACK_LENGTH} characters"
    # RFC 3986 characters only, so no whitespace and nothing that would need encoding.
    if validate_rfc3986(url, rule="URI") is None:
        return "is not an RFC 3986 URI"
    parts = urlsplit(url)
    # Lower case only (urlsplit lower-cases, so the text is compared): RFC 3986 section 3.1
    # makes it the canonical form that producers should use.
    scheme = url.partition(":")[0]
    if scheme not in ("http", "https") or not parts.hostname:
        return "must be an http or https URL with a host"
    if "#" in url:
        return "must not have a fragment"
    if "@" in parts.netloc:
        return "must not carry user information"
    # RFC 3986's IP-literal is the bracketed form (IPv6, IPvFuture). Dotted IPv4 hosts stay
    # allowed: they are reg-names to most parsers, and loopback callbacks use 127.0.0.1.
    if parts.netloc.startswith("["):
        return "must not name its host by an IP literal"
    return None


def _is_plain_event_list(raw: str) -> bool:
    # Split on single spaces only: any other separator leaves a token that is no event name.
    names = raw.split(" ")
    known = load_spec().parameters[EVENT_PARAMETER].described_values or ()
    return all(name in known for name in names) and len(set(names)) == len(names)
