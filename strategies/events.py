"""RecordingStatusCallbackEvent: the event lists the prose allows, forbids, and leaves open.

The spec's whole grammar is one sentence of prose: "The different recording statuses. To specify
multiple events, separate with a space. Valid values: completed, in-progress, absent."
"""

from __future__ import annotations

import functools

from hypothesis import strategies as st

from recording_conformance.spec import load_spec

# Tokens that are none of "Valid values: completed, in-progress, absent.": near misses of the
# three names, statuses of other recording APIs, a look-alike letter and an over-long repeat.
# None holds a comma or whitespace, so splitting never turns one into valid values.
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
    "c\u043empleted",
    "completed" * 20,
)
# Joining two names with one of these makes one token that is no valid value: they are not
# the space the prose asks for ("separate with a space"), nor a comma or whitespace, which a
# space may reasonably read as one (see LOOSE_SEPARATORS).
BAD_SEPARATORS = (";", "|", "/", "+", "&", "-")
# Separators and padding the prose neither names nor forbids: it asks for a space, and one
# documentation example separates events with commas (spec/NOTES.md).
LOOSE_SEPARATORS = (",", ", ", " ,", "  ", "\t", "\n", ",,", " \t ")
PADDING = (" ", "\t", "\n", ",", " , ")
# Event values outside the one-space grammar whose every token, split on commas and whitespace,
# is a valid value (or that hold no token at all): whether "" or "," means "no events" or "the
# default" the prose does not say, so accepting and refusing are both conformant.
OPEN_EVENT_LISTS = (
    "",
    " ",
    "\t",
    ",",
    "completed,in-progress",
    "completed, absent",
    "in-progress ,absent",
    "completed  in-progress",
    " completed",
    "absent ",
    "completed\tin-progress",
    "completed\nabsent",
    "completed,,absent",
    ",completed,",
    "completed completed",
    "completed,completed",
    "in-progress absent in-progress",
)


def callback_events() -> tuple[str, ...]:
    """The event names the spec lists in prose: completed, in-progress, absent."""
    return load_spec().parameters["RecordingStatusCallbackEvent"].described_values or ()


@functools.cache
def callback_event_lists(*, min_size: int = 1) -> st.SearchStrategy[list[str]]:
    """Any subset of the events of at least `min_size`, in any order. Built from an order and a
    length rather than picked from a list of all 15: failures then shrink step by step (fewer
    events, the spec's order), where an index into a list jumps past the minimal example."""
    events = callback_events()
    if not 1 <= min_size <= len(events):
        raise ValueError(f"min_size must be between 1 and {len(events)}, not {min_size}")
    return st.builds(
        lambda ordered, n: list(ordered[:n]),
        st.permutations(events),
        st.integers(min_size, len(events)),
    )


@functools.cache
def listed_invalid_events() -> tuple[str, ...]:
    """The finite list of event values that must be rejected: each unknown name alone, each
    beside a valid one (after it with a space, before it with a comma), and the first two
    valid names joined by each bad separator."""
    valid = callback_events()
    beside = [
        f"{valid[i % len(valid)]} {name}" if i % 2 == 0 else f"{name},{valid[i % len(valid)]}"
        for i, name in enumerate(UNKNOWN_EVENTS)
    ]
    joined = [sep.join(valid[:2]) for sep in BAD_SEPARATORS]
    return (*UNKNOWN_EVENTS, *beside, *joined)


@functools.cache
def invalid_callback_events() -> st.SearchStrategy[str]:
    """Event values with a token that is no valid value: unknown names (alone or beside valid
    ones, separated by a space or a comma), and events joined by another separator."""
    unknown = st.sampled_from(UNKNOWN_EVENTS) | st.text(
        alphabet="abcdefghijklmnopqrstuvwxyz-_", min_size=1, max_size=12
    ).filter(lambda name: name not in callback_events())
    with_valid = st.builds(
        lambda events, bad, sep, first: sep.join([bad, *events] if first else [*events, bad]),
        callback_event_lists(),
        unknown,
        st.sampled_from((" ", ",", ", ")),
        st.booleans(),
    )
    joined_badly = st.builds(
        lambda ordered, n, sep: sep.join(ordered[:n]),
        st.permutations(callback_events()),
        st.integers(2, 3),
        st.sampled_from(BAD_SEPARATORS),
    )
    return st.sampled_from(listed_invalid_events()) | unknown | with_valid | joined_badly


@functools.cache
def open_callback_events() -> st.SearchStrategy[str]:
    """Event values the prose neither allows nor forbids: commas, tabs, newlines, extra or
    surrounding whitespace, repeats, and the empty or whitespace-only list."""
    lists = callback_event_lists()
    joined = st.builds(
        lambda ordered, n, sep: sep.join(ordered[:n]),
        st.permutations(callback_events()),
        st.integers(2, 3),
        st.sampled_from(LOOSE_SEPARATORS),
    )
    padded = st.builds(
        lambda events, lead, trail: lead + " ".join(events) + trail,
        lists,
        st.sampled_from(PADDING),
        st.sampled_from(("", *PADDING)),
    )
    repeated = lists.map(lambda events: " ".join(events + events[:1]))
    return st.sampled_from(OPEN_EVENT_LISTS) | joined | padded | repeated
