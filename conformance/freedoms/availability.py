"""Availability: 503s and Retry-After."""

from __future__ import annotations

from recording_conformance.conformance.freedoms.model import OCCASIONAL_503, Choice, free, required

CHOICES: tuple[Choice, ...] = (
    # (e) Availability.
    free(
        "FREE-UNAVAILABLE-503",
        "answering 503 to any request, now and then",
        sentence="'503': The service is temporarily unavailable. Please try again later.",
        source="spec: responses.'503'",
        answers=("never", "now and then, with a CompatibilityErrorResponse"),
        variations=(OCCASIONAL_503,),
    ),
    free(
        "FREE-RETRY-AFTER",
        "Retry-After on a 503",
        sentence="The server MAY send a Retry-After header field (Section 10.2.3) to suggest an "
        "appropriate amount of time for the client to wait before retrying the request. / "
        "Retry-After = HTTP-date / delay-seconds",
        source="RFC 9110 section 15.6.4 and section 10.2.3",
        answers=("absent", "delay-seconds", "an HTTP-date"),
        variations=(OCCASIONAL_503, "retry-after-seconds", "retry-after-date"),
    ),
    required(
        "REQ-503-WELL-FORMED",
        "the body of a 503",
        sentence="'503': The service is temporarily unavailable. Please try again later. "
        "(schema: $ref CompatibilityErrorResponse)",
        source="spec: responses.'503'",
        answer="a CompatibilityErrorResponse with status 503 (an HTML 503 or a 502/504 from a "
        "front end is not the documented answer)",
        requirement="REC-STATUS-DOCUMENTED",
    ),
)
