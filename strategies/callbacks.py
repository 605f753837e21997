"""Status callback settings: URLs and event lists, valid, invalid, and left open by the spec."""

from __future__ import annotations

import functools
from urllib.parse import quote

from hypothesis import strategies as st

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
# Absolute http(s) URIs (RFC 3986 section 4.3) that parsers get wrong, simplest first. None
# longer than 2,000 characters (see LONG_CALLBACK_URLS) and none with userinfo: RFC 9110 section
# 4.2.4 has a recipient "treat its presence as an error" (it is among the open values).
TRICKY_CALLBACK_URLS = (
    "http://example.com",
    "https://example.com/",
    "https://example.com:8443/status?run=1&x=%20",
    "https://example.com/%7Euser/status",
    "https://example.com/caf%C3%A9/%E2%9C%93?q=%C3%BC",
    "https://xn--bcher-kva.example/status",
    "https://example.com/a;b=c/d,e/f:g@h!$&'()*+",
    "https://example.com/status?" + "&".join(f"k{i}=v{i}" for i in range(200)),
    "https://example.com/" + "a" * 1900,
)
# Longer callbacks: no sentence makes refusing them wrong, but RFC 9110 section 4.1 says "It is
# RECOMMENDED that all senders and recipients support, at a minimum, URIs with lengths of 8000
# octets in protocol elements." Refusing one is a SHOULD failure (REC-SCHEMA-VALID-ACCEPTED).
LONG_CALLBACK_URLS = (
    "https://example.com/" + "a" * 3000,
    "https://example.com/status?" + "&".join(f"key{i:04}=value" for i in range(500)),
    "https://example.com/" + "a" * 7900,
)
# Not absolute URIs, however a space reads them: empty, whitespace only, relative references
# (RFC 3986 section 4.2) and a missing scheme. The spec: "The URL to request to when recording is
# available." and `format: uri`, a URI (RFC 3986 section 3: `URI = scheme ":" hier-part ...`).
# A relative reference is no URL to request: "The term "relative" implies that a "base URI"
# exists against which the relative reference is applied." (section 5.1), and the spec names no
# base. Stripping whitespace and percent-encoding what RFC 3986 leaves out (see below) does not
# give any of these a scheme, so accepting one is wrong. No fragment-only reference is listed:
# section 5.1 makes an exception of them ("Aside from fragment-only references").
INVALID_CALLBACK_URLS = (
    "",
    " ",
    "\t\n",
    "status",
    "./status",
    "../status",
    "/recording/status",
    " /recording/status ",
    "?run=1",
    "example.com/status",
    "www.example.com/status",
    "//example.com/status",
    "://example.com/status",
    "https//example.com/status",
)
# URIs the spec's `format: uri` allows, or absolute URLs that become one once whitespace is
# stripped and the characters RFC 3986 leaves out are percent-encoded. RFC 3986 Appendix C: "In
# some cases, extra whitespace (spaces, line-breaks, tabs, etc.) may have to be added to break a
# long URI across lines. The whitespace should be ignored when the URI is extracted." A space may
# also percent-encode `<`, `"`, `{` and the like when it calls back. Accepting or refusing each
# as a callback is reasonable: only the documented status and schema are asserted for these.
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
    "https://hook:secret@example.com/status",
    "https://exa mple.com/status",
    "https://example.com/a b",
    " https://example.com/status",
    "https://example.com/status ",
    "\thttps://example.com/status\n",
    "https://example.com/<status>",
    'https://example.com/"status"',
    "https://example.com/{status}",
    "https://example.com/st|tus",
    "https://example.com/\tstatus",
    "https://example.com/\nstatus",
)
# What an absolute URL may carry inside that RFC 3986 leaves out (section 2, Appendix C):
# whitespace, and the delimiters it names as unsafe. Inserted after a slash of the path, where
# percent-encoding any of them gives a valid path segment.
UNSAFE_INSIDE = (" ", "\t", "\n", "\r\n", "<", ">", '"', "{", "}", "|")

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
        # Up to 1,000 characters of padding: with the longest host, segments and query drawn,
        # under 2,000 in all (longer ones are LONG_CALLBACK_URLS, a SHOULD).
        st.just("") | st.integers(100, 1000).map(lambda n: "/" + "p" * n),
    )
    return st.sampled_from(TRICKY_CALLBACK_URLS) | built


def _relative_references() -> st.SearchStrategy[str]:
    # RFC 3986 section 4.2: relative-ref = relative-part [ "?" query ] [ "#" fragment ]. Built
    # with no ":" anywhere, so that no prefix can ever read as a scheme.
    segment = st.text(alphabet=_UNRESERVED, min_size=1, max_size=8)
    tail = st.text(alphabet=_UNRESERVED + "/?=&", max_size=10)
    return st.builds(
        lambda prefix, path, query, fragment: prefix + path + query + fragment,
        st.sampled_from(("", "/", "./", "../", "//example.com/")),
        st.lists(segment, min_size=1, max_size=4).map("/".join),
        st.just("") | tail.map(lambda text: "?" + text),
        st.just("") | tail.map(lambda text: "#" + text),
    )


@functools.cache
def invalid_callback_urls() -> st.SearchStrategy[str]:
    """Callback values that are not absolute URIs even with whitespace stripped and unsafe
    characters percent-encoded: empty, whitespace only, relative references, no scheme."""
    return st.sampled_from(INVALID_CALLBACK_URLS) | _relative_references()


def _with_unsafe_inside(url: str, unsafe: str, lead: str, trail: str) -> str:
    # Right after the first slash of the path: percent-encoded there, any unsafe character
    # gives a valid segment (in a port, a scheme or a percent-encoded triplet it would not).
    slash = url.find("/", url.index("://") + 3)
    if slash == -1:
        url, slash = url + "/", len(url)
    return f"{lead}{url[: slash + 1]}{unsafe}{url[slash + 1 :]}{trail}"


@functools.cache
def open_callback_urls() -> st.SearchStrategy[str]:
    """URIs the spec allows as `format: uri` whose use as a callback it leaves open, and
    absolute URLs with whitespace or characters RFC 3986 leaves out inside or around them."""
    padding = st.sampled_from(("", " ", "\t", "\n"))
    unsafe = st.builds(
        _with_unsafe_inside, callback_urls(), st.sampled_from(UNSAFE_INSIDE), padding, padding
    )
    return st.sampled_from(OPEN_CALLBACK_URLS) | unsafe
