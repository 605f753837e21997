"""The catalogue of freedoms: every choice the spec leaves a space, and every choice it does not.

A conformance verdict has to be defensible sentence by sentence. Wherever the spec (the OpenAPI
document, its prose, and the standards it relies on: RFC 3986 URIs, RFC 2822 dates, RFC 9110 and
RFC 9112 HTTP, RFC 7617 Basic auth, JSON Schema 2020-12 as OpenAPI 3.1 uses it) lets a space
answer in more than one way, this table names the choice, quotes the sentence that grants it,
lists the answers a conformant space may give, and names the mock variations (or harness
options) under which the suite's own tests show that every one of those answers passes. Where
the spec allows exactly one answer, the entry quotes the sentence that rules the others out and
names the requirement (`conformance/requirements.py`) whose checks enforce it.

The table was built by walking, in order: (a) every documented status of every operation the
suite touches, (b) every field of the two response schemas, (c) every class of request value the
suite sends as valid, invalid or open, (d) the HTTP-level choices, (e) availability, (f) the
status callbacks, and (g) authentication and addressing. `spec/NOTES.md` explains the same ground
in prose.

To add an entry: put a `required(...)` or `free(...)` call in the module of the walk's group
it belongs to (`operations`, `answers`, `values`, `transport`, `availability`, `callbacks`,
`addressing`); quote the sentence verbatim (or write `SILENT` when the spec says nothing); for
a required choice name the `REC-...` id that enforces it; for a free one name the variations of
the mock (`mockspace.faults.Variation` values) or the harness options `slow-answers` /
`occasional-503` that exercise it, or, when none does, leave them empty and say so in `gap`.
`tests/test_freedoms.py` keeps the table honest. The suite never imports the mock, so variation
names are plain strings here.
"""

from __future__ import annotations

from recording_conformance.conformance.freedoms import (
    addressing,
    answers,
    availability,
    callbacks,
    operations,
    transport,
    values,
)
from recording_conformance.conformance.freedoms.model import (
    HARNESS_OPTIONS,
    OPEN_VALUES,
    SILENT,
    Choice,
)

# In the order of the walk: (a) to (g).
CHOICES: tuple[Choice, ...] = (
    *operations.CHOICES,
    *answers.CHOICES,
    *values.CHOICES,
    *transport.CHOICES,
    *availability.CHOICES,
    *callbacks.CHOICES,
    *addressing.CHOICES,
)
BY_ID: dict[str, Choice] = {choice.id: choice for choice in CHOICES}

__all__ = ["BY_ID", "CHOICES", "HARNESS_OPTIONS", "OPEN_VALUES", "SILENT", "Choice"]
