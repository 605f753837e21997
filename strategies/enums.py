"""Values of the enum parameters: every allowed one, and the near misses around them."""

from __future__ import annotations

import functools

from hypothesis import strategies as st

from recording_conformance.spec import load_spec

# The parameters whose values the spec lists as an enum.
ENUM_PARAMETERS = ("RecordingChannels", "RecordingTrack", "Trim", "RecordingStatusCallbackMethod")

# Cyrillic letters that render like the Latin ones of the enums (Unicode confusables).
LOOKALIKES = {
    "o": "\u043e",
    "a": "\u0430",
    "e": "\u0435",
    "i": "\u0456",
    "c": "\u0441",
    "p": "\u0440",
}
# Other HTTP methods (RFC 9110 section 9), for RecordingStatusCallbackMethod.
OTHER_METHODS = ("PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT")
# Numbers where a name is asked for: the answer's `channels` is '1' or '2', and a client may
# send those back.
NUMBERS = ("0", "1", "2")


def allowed_values(name: str) -> tuple[str, ...]:
    """The enum of `name`, read from the spec."""
    enum = load_spec().parameters[name].enum
    if enum is None:
        raise ValueError(f"{name} has no enum in the spec")
    return enum


@functools.cache
def enum_values(name: str) -> st.SearchStrategy[str]:
    """Every value the spec's enum allows for `name`."""
    return st.sampled_from(allowed_values(name))


# Every value below is outside the schema's `enum`, which CreateCallRecordingRequest declares
# for each of these parameters ("enum: [mono, dual]", "enum: [GET, POST]", ...): a value that
# is not exactly one of the listed strings is not valid, however close it comes.
def near_misses(name: str) -> list[str]:
    """Values one small step from an allowed one: the mistakes real clients make.
    Case variants, surrounding whitespace, empty strings, numbers, separators swapped,
    look-alike letters, truncations and over-long repetitions."""
    allowed = allowed_values(name)
    misses: list[str] = ["", " ", *NUMBERS]
    for value in allowed:
        misses += [
            value.upper(),
            value.lower(),
            value.capitalize(),
            value.swapcase(),
            f" {value}",
            f"{value} ",
            f"\t{value}\n",
            value + value[-1],
            value[:-1],
            value.replace("-", "_"),
            value.replace("-", " "),
            value.replace("-", ""),
            "".join(LOOKALIKES.get(ch, ch) for ch in value),
            f"{value},{value}",
            value * 40,
        ]
    if name == "RecordingStatusCallbackMethod":
        misses += [*OTHER_METHODS, "GET POST"]
    return [miss for miss in dict.fromkeys(misses) if miss not in allowed]


@functools.cache
def out_of_enum_values(name: str) -> st.SearchStrategy[str]:
    """Strings the enum of `name` does not allow: near misses first, then any text."""
    allowed = allowed_values(name)
    arbitrary = st.text(min_size=1, max_size=64).filter(lambda value: value not in allowed)
    return st.sampled_from(near_misses(name)) | arbitrary | st.integers().map(str)


# One of each JSON kind that is not a string; CreateCallRecordingRequest declares every
# property `type: string` (its enums are `type: string` too).
NON_STRING_JSON: tuple[object, ...] = (None, True, 0, 1.5, [], ["x"], {})


@functools.cache
def non_string_json_values() -> st.SearchStrategy[object]:
    """JSON values that are not strings, where the spec declares `type: string`."""
    scalars = (
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    )
    return (
        st.sampled_from(NON_STRING_JSON)
        | scalars
        | st.lists(st.text(max_size=8), max_size=3)
        | st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2)
    )
