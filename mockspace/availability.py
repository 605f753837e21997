"""Outages and throttling: requests answered 503, at the configured rate or under a
RETRY_AFTER_* variation, and requests answered 429 at the configured throttle rate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from recording_conformance.mockspace import errors
from recording_conformance.mockspace.errors import ApiError
from recording_conformance.mockspace.faults import Variation
from recording_conformance.mockspace.space import MockSpace

# Under a RETRY_AFTER_* variation without a configured rate, every 20th request is an outage.
RETRY_AFTER_RATE = 1 / 20


def check_available(space: MockSpace) -> None:
    """Raise a well-formed 503 when this request falls in an outage."""
    config = space.config
    retry_after = _retry_after(space)
    rate = config.unavailable_rate or (RETRY_AFTER_RATE if retry_after is not None else 0.0)
    if not rate or not space.unavailable_now(rate):
        return
    headers = {"Retry-After": retry_after} if retry_after is not None else None
    raise ApiError(
        503, errors.SERVICE_UNAVAILABLE, "Service temporarily unavailable.", headers=headers
    )


def _retry_after(space: MockSpace) -> str | None:
    """The Retry-After value (RFC 9110 section 10.2.3), if a variation asks for one.

    Both forms say "now". When both variations are on, delta-seconds win: it is the form
    declared first, and the one every client reads.
    """
    if space.config.varies(Variation.RETRY_AFTER_SECONDS):
        return "0"
    if space.config.varies(Variation.RETRY_AFTER_DATE):
        # IMF-fixdate (RFC 9110 section 5.6.7): `Wed, 25 Nov 2026 13:00:00 GMT`.
        return format_datetime(datetime.now(UTC).replace(microsecond=0), usegmt=True)
    return None


def check_throttled(space: MockSpace) -> None:
    """Raise a 429 (SignalWire's code 20429) when this request is throttled. Retry-After
    (RFC 9110 section 10.2.3) alternates between its two forms, both a second from now:
    delay-seconds on the first, third, ... throttled answer, an HTTP-date on the others."""
    if not space.config.throttle_rate or not space.throttled_now():
        return
    if space.state.throttled_answers % 2:
        retry_after = "1"
    else:
        later = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1)
        retry_after = format_datetime(later, usegmt=True)
    raise ApiError(
        429, errors.RATE_LIMITED, "Too Many Requests", headers={"Retry-After": retry_after}
    )
