"""HTTP-level choices, on the answers and on the callbacks."""

from __future__ import annotations

from recording_conformance.conformance.freedoms.model import SILENT, SLOW_ANSWERS, Choice, free

CHOICES: tuple[Choice, ...] = (
    # (d) HTTP-level choices, on the answers and on the callbacks.
    free(
        "FREE-FRAMING",
        "how an answer's end is marked",
        sentence="A recipient MUST be able to parse the chunked transfer coding ... because it "
        "plays a crucial role in framing messages when the content size is not known in "
        "advance.",
        source="RFC 9112 section 6.1",
        answers=("Content-Length", "Transfer-Encoding: chunked"),
        variations=("chunked",),
    ),
    free(
        "FREE-CONNECTION-PERSISTENCE",
        "keeping the connection open after an answer",
        sentence="A sender SHOULD send a Connection header field (Section 7.6.1 of [HTTP]) "
        'containing the "close" connection option when it intends to close a connection.',
        source="RFC 9112 section 9.6",
        answers=("keep-alive", "Connection: close on any or every answer"),
        variations=("close-connections",),
    ),
    free(
        "FREE-HEADER-NAME-CASE",
        "the letter case of header names",
        sentence="Field names are case-insensitive",
        source="RFC 9110 section 5.1",
        answers=("Content-Type", "content-type", "CONTENT-TYPE", "any other case"),
        variations=("header-variants",),
    ),
    free(
        "FREE-MEDIA-TYPE-FORM",
        "case and parameters of Content-Type: application/json",
        sentence="The type and subtype tokens are case-insensitive.",
        source="RFC 9110 section 8.3.1 (parameters: section 5.6.6)",
        answers=("application/json", "application/json; charset=utf-8", "Application/JSON"),
        variations=("header-variants",),
    ),
    free(
        "FREE-CONTENT-CODING",
        "compressing an answer with a coding the client accepts",
        sentence='The "Accept-Encoding" header field can be used to indicate preferences '
        "regarding the use of content codings (Section 8.4.1) in the response.",
        source="RFC 9110 section 12.5.3 (the client sends Accept-Encoding: gzip, deflate)",
        answers=("identity", "gzip", "deflate"),
        variations=("compressed",),
    ),
    free(
        "FREE-LATENCY",
        "how long an answer takes",
        sentence=SILENT,
        source="spec: no response time is documented",
        answers=(
            "any delay (the client waits 30 s per answer, then ends the run as "
            "'target did not answer', which is not a verdict)",
        ),
        variations=(SLOW_ANSWERS,),
    ),
    free(
        "FREE-CALLBACK-FRAMING",
        "how a POST callback's body is framed",
        sentence="A recipient MUST be able to parse the chunked transfer coding ... because it "
        "plays a crucial role in framing messages when the content size is not known in "
        "advance.",
        source="RFC 9112 section 6.1 (the suite's receiver is the recipient)",
        answers=("Content-Length", "Transfer-Encoding: chunked"),
        gap="the suite's receiver reads both (tests/test_receiver.py); the mock's callbacks "
        "always carry a Content-Length",
    ),
    free(
        "FREE-CALLBACK-CONTENT-TYPE-FORM",
        "case and parameters of a POST callback's Content-Type",
        sentence="The type and subtype tokens are case-insensitive.",
        source="RFC 9110 section 8.3.1",
        answers=(
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=utf-8",
            "Application/X-WWW-Form-Urlencoded",
        ),
        gap="the suite's receiver compares the media type case-insensitively "
        "(tests/test_receiver.py); header-variants changes the mock's answers, not its "
        "callbacks",
    ),
)
