"""Keep Hypothesis's failure reports intact next to schemathesis.

schemathesis swaps Hypothesis's pretty printer for one that prints nothing (a speed-up for its own
runs), which blanks every `Failing test case:` line of this suite. The suite's failures must show
the minimal request, so the printer is put back once schemathesis has patched it.
"""

from __future__ import annotations


def restore_hypothesis_printer() -> None:
    """Undo schemathesis's replacement of `hypothesis.core.RepresentationPrinter`."""
    # Importing the builder runs schemathesis's one-time patch now, so it cannot run again later.
    import schemathesis.generation.hypothesis.builder  # noqa: F401
    from hypothesis import core
    from hypothesis.vendor import pretty

    core.RepresentationPrinter = pretty.RepresentationPrinter  # type: ignore[attr-defined]
