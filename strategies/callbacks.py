"""Status callback settings: URLs and event lists, valid, invalid, and left open by the spec."""

from __future__ import annotations

import functools
from urllib.parse import quote

from hypothesis import strategies as st

from spec import load_spec

# Hosts reserved for documentation by RFC 2606 section 3: a live space that calls them back
# reaches no one's server. Punycode forms are internationalised names written as URIs allow.
RESERVED_HOSTS = (
    "example.com",
    "example.net",
    "example.org",
    "hooks.example.com",
    "xn--bcher-kva.example",
    "xn--80ak6aa92e.example.com",
)
# Absolute http(s) URIs (RFC 3986 section 4.3) that parsers get wrong, simplest first.
TRICKY_CALLBACK_URLS = (
    "http://example.com",
    "https://example.com/",
    "https://example.com:8443/status?run=1&x=%20",
    "https://example.com/%7Euser/status",
    "https://example.com/caf%C3%A9/%E2%9C%93?q=%C3%BC",
    "https://xn--bcher-kva.example/status",
    "https://hook:secret@example.com/status",
    "https://example.com/a;b=c/d,e/f:g@h!$&'()*+",
    "https://example.com/status?" + "&".join(f"k{i}=v{i}" for i in range(200)),
    "https://example.com/" + "a" * 3000,
)
# Not absolute URIs at all: what the spec's `format: uri` excludes.
INVALID_CALLBACK_URLS = (
    "",
    " ",
    "status",
    "/recording/status",
    "example.com/status",
    "//example.com/status",
    "https://exa mple.com/status",
    "https://example.com/a b",
    " https://example.com/status",
    "https://example.com/status ",
    "https://example.com/<status>",
    'https://example.com/"status"',
    "https://example.com/{status}",
    "https://example.com/st|tus",
    "://example.com/status",
    "https://example.com/\nstatus",
)
# URIs the spec's `format: uri` allows but a space may reasonably refuse as a callback:
# only the documented status and schema are asserted for these.
OPEN_CALLBACK_URLS = (
    "ftp://example.com/status",
    "mailto:ops@example.com",
    "urn:example:recording-status",
    "wss://example.com/status",
    "HTTPS://EXAMPLE.COM/status",
    "https://example.com/status#fragment",
    "http://192.0.2.10/status",
    "http://[2001:db8::1]/status",
    "https:/example.com/status",
    "http://",
    "https://bücher.example/ünïcode",
    "https://example.com/" + "a" * 20000,
)

_UNRESERVED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"
# Subdomains of the reserved hosts: digits only, hyphens, the longest label DNS allows (63
# characters), several levels. Listed rather than generated: a regex strategy for labels cost
# more per request than everything else in a callback URL together.
_SUBDOMAINS = ("a", "www", "123", "x-1", "hooks-v2", "a.b.c", "l" * 63)
_HOSTS = RESERVED_HOSTS + tuple(f"{sub}.{host}" for sub in _SUBDOMAINS for host in RESERVED_HOSTS)
# Path segments parsers trip over; generated text (percent-encoded) comes beside them.
_SEGMENTS = (
    "status",
    "a",
    "~user",
    "v1.2",
    "-_.~",
    "%20",
    "%2F",
    "%25",
    "caf%C3%A9",
    "%E2%9C%93",
    "%F0%9F%8E%99",
    "%E9%8C%B2%E9%9F%B3",
    "%D7%A9%D7%9C%D7%95%D7%9D",
    "a;b=c",
    "!$&'()*+,;=:@",
    "UPPER",
)


def _segments() -> st.SearchStrategy[str]:
    # Path segments: the listed ones, and any text percent-encoded as UTF-8.
    encoded = st.text(max_size=8).map(lambda text: quote(text, safe="") or "x")
    return st.sampled_from(_SEGMENTS) | encoded


def _queries() -> st.SearchStrategy[str]:
    pair = st.builds(
        lambda k, v: f"{quote(k, safe='')}={quote(v, safe='')}",
        st.sampled_from(("run", "id", "k", "X-Key", "a b", "ü")),
        st.text(max_size=10),
    )
    return st.lists(pair, min_size=1, max_size=3).map(lambda pairs: "?" + "&".join(pairs))


@functools.cache
def callback_urls() -> st.SearchStrategy[str]:
    """Absolute http(s) URLs on reserved hosts: ports, paths, queries, percent-encoding,
    internationalised (punycode) hosts, and lengths up to a few thousand characters."""
    built = st.builds(
        lambda scheme, host, port, segments, query, padding: (
            f"{scheme}://{host}{port}/{'/'.join(segments)}{padding}{query}"
        ),
        st.sampled_from(["https", "http"]),
        st.sampled_from(_HOSTS),
        st.just("") | st.integers(1, 65535).map(lambda p: f":{p}"),
        st.lists(_segments(), max_size=4),
        st.just("") | _queries(),
        st.just("") | st.integers(100, 3000).map(lambda n: "/" + "p" * n),
    )
    return st.sampled_from(TRICKY_CALLBACK_URLS) | built


@functools.cache
def invalid_callback_urls() -> st.SearchStrategy[str]:
    """Callback values that are not absolute URIs: relative, no scheme, spaces, empty."""
    relative = st.text(alphabet=_UNRESERVED + "/?#", min_size=1, max_size=30)
    return st.sampled_from(INVALID_CALLBACK_URLS) | relative


@functools.cache
def open_callback_urls() -> st.SearchStrategy[str]:
    """URIs the spec allows as `format: uri` whose use as a callback it leaves open."""
    return st.sampled_from(OPEN_CALLBACK_URLS)


def callback_events() -> tuple[str, ...]:
    """The event names the spec lists in prose: completed, in-progress, absent."""
    return load_spec().parameters["RecordingStatusCallbackEvent"].described_values or ()


@functools.cache
def callback_event_lists() -> st.SearchStrategy[list[str]]:
    """Any non-empty subset of the events, in any order. Built from an order and a length
    rather than picked from a list of all 15: failures then shrink step by step (fewer events,
    the spec's order), where an index into a list jumps past the minimal example."""
    events = callback_events()
    return st.builds(
        lambda ordered, n: list(ordered[:n]), st.permutations(events), st.integers(1, len(events))
    )


UNKNOWN_EVENTS = (
    "finished",
    "complete",
    "Completed",
    "COMPLETED",
    "in_progress",
    "inprogress",
    "In-Progress",
    "started",
    "failed",
    "absent!",
    "none",
)
BAD_SEPARATORS = (";", "|", "/", "+", "&", "-")


@functools.cache
def invalid_callback_events() -> st.SearchStrategy[str]:
    """Event values outside the grammar: unknown names (alone or beside valid ones), events
    joined by something other than a space, and the empty string."""
    unknown = st.sampled_from(UNKNOWN_EVENTS) | st.text(
        alphabet="abcdefghijklmnopqrstuvwxyz-_", min_size=1, max_size=12
    ).filter(lambda name: name not in callback_events())
    with_valid = st.builds(
        lambda events, bad: " ".join([*events, bad]), callback_event_lists(), unknown
    )
    joined_badly = st.builds(
        lambda events, sep: sep.join(events),
        callback_event_lists().filter(lambda events: len(events) >= 2),
        st.sampled_from(BAD_SEPARATORS),
    )
    return st.just("") | unknown | with_valid | joined_badly


@functools.cache
def open_callback_events() -> st.SearchStrategy[str]:
    """Event lists the prose neither allows nor forbids: commas, extra whitespace, repeats."""
    lists = callback_event_lists()
    return st.one_of(
        lists.map(",".join).filter(lambda text: "," in text),
        lists.map(", ".join).filter(lambda text: "," in text),
        lists.map("  ".join).filter(lambda text: "  " in text),
        lists.map(lambda events: f" {' '.join(events)} "),
        lists.map(lambda events: "\t".join(events)).filter(lambda text: "\t" in text),
        lists.map(lambda events: " ".join(events + events[:1])),
    )
