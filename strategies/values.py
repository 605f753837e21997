"""Parameter values: the spec's own enums and events, and values just outside them."""

from __future__ import annotations

from hypothesis import strategies as st

from spec import load_spec

ENUM_PARAMETERS = ("RecordingChannels", "RecordingTrack", "Trim", "RecordingStatusCallbackMethod")

# Hosts reserved for documentation by RFC 2606 section 3: a live space that calls them back
# reaches no one's server.
CALLBACK_HOSTS = ("example.com", "example.net", "example.org", "callbacks.example.com")

# Characters that look like ASCII letters of the enums but are not (Unicode confusables).
LOOKALIKES = {"o": "\u043e", "a": "\u0430", "e": "\u0435", "i": "\u0456", "c": "\u0441"}


def _enum(name: str) -> tuple[str, ...]:
    enum = load_spec().parameters[name].enum
    if enum is None:
        raise ValueError(f"{name} has no enum in the spec")
    return enum


def enum_values(name: str) -> st.SearchStrategy[str]:
    """Every value the spec's enum allows for `name`."""
    return st.sampled_from(_enum(name))


def _near_misses(allowed: tuple[str, ...]) -> list[str]:
    """Values one small step away from an allowed one: the mistakes real clients make."""
    misses: list[str] = ["", " "]
    for value in allowed:
        misses += [
            value.upper(),
            value.capitalize(),
            value.swapcase(),
            f" {value}",
            f"{value} ",
            f"{value}\n",
            value + value[-1],
            value[:-1],
            value.replace("-", "_"),
            value.replace("-", " "),
            "".join(LOOKALIKES.get(ch, ch) for ch in value),
            value * 40,
        ]
    return [m for m in dict.fromkeys(misses) if m not in allowed]


def out_of_enum_values(name: str) -> st.SearchStrategy[str]:
    """Strings the enum of `name` does not allow: near misses first, then arbitrary text."""
    allowed = _enum(name)
    arbitrary = st.text(min_size=1, max_size=64).filter(lambda v: v not in allowed)
    return st.sampled_from(_near_misses(allowed)) | arbitrary | st.integers().map(str)


def callback_event_lists() -> st.SearchStrategy[list[str]]:
    """Any non-empty subset of the events the spec names, in any order."""
    events = load_spec().parameters["RecordingStatusCallbackEvent"].described_values or ()
    return st.permutations(events).flatmap(
        lambda ordered: st.integers(1, len(ordered)).map(lambda n: list(ordered[:n]))
    )


def callback_urls() -> st.SearchStrategy[str]:
    """Absolute http(s) URLs on hosts reserved for documentation."""
    segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_~", min_size=1, max_size=12)
    return st.builds(
        lambda scheme, host, port, path, query: f"{scheme}://{host}{port}/{path}{query}",
        st.sampled_from(["https", "http"]),
        st.sampled_from(CALLBACK_HOSTS),
        st.sampled_from(["", ":443", ":8443"]),
        st.lists(segment, max_size=4).map("/".join),
        st.sampled_from(["", "?source=conformance"]),
    )
