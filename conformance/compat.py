"""Keep Hypothesis's failure reports intact next to schemathesis.

schemathesis swaps Hypothesis's pretty printer for one that prints nothing (a speed-up for its own
runs), which blanks every `Failing test case:` line of this suite. The suite's failures must show
the minimal request, so the printer is put back once schemathesis has patched it.
"""

from __future__ import annotations

from typing import Any

# Packages pytest would rewrite for assertions because they ship a pytest plugin; nothing in
# them is a test, and rewriting schemathesis's few hundred modules costs seconds per start.
NOT_REWRITTEN = ("schemathesis",)


def skip_assertion_rewriting(config: Any) -> None:
    """Take plugin packages with no tests of ours off pytest's assertion-rewrite list. Must run
    before they are imported; harmless if pytest's internals differ (they are only skipped)."""
    from _pytest.assertion.rewrite import assertstate_key

    state = config.stash.get(assertstate_key, None)
    marked = getattr(getattr(state, "hook", None), "_must_rewrite", None)
    if isinstance(marked, set):
        marked.difference_update(NOT_REWRITTEN)


def restore_hypothesis_printer() -> None:
    """Undo schemathesis's replacement of `hypothesis.core.RepresentationPrinter`."""
    # Importing the builder runs schemathesis's one-time patch now, so it cannot run again later.
    import schemathesis.generation.hypothesis.builder  # noqa: F401
    from hypothesis import core
    from hypothesis.vendor import pretty

    core.RepresentationPrinter = pretty.RepresentationPrinter  # type: ignore[attr-defined]
