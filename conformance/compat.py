"""The suite's few reaches into other projects' internals, isolated here. Each has a test
(tests/test_compat.py) that fails when the internal it relies on changes.

- schemathesis swaps Hypothesis's pretty printer for one that prints nothing (a speed-up for its
  own runs), which blanks every `Failing test case:` line of this suite: the printer is put back.
- pytest rewrites the assertions of every package that ships a pytest plugin; schemathesis has
  no tests of ours, and rewriting its few hundred modules costs seconds per start.
- Everything pytest writes to the terminal passes the run's sanitizer (tracebacks, `--showlocals`,
  Hypothesis's notes): pytest has no public hook for its terminal stream.
"""

from __future__ import annotations

from typing import Any

from conformance.sanitize import Sanitizer, SanitizingStream

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


def sanitize_terminal(reporter: Any, sanitizer: Sanitizer) -> None:
    """Route everything pytest's terminal reporter writes through `sanitizer`."""
    writer = reporter._tw
    if not isinstance(writer._file, SanitizingStream):
        writer._file = SanitizingStream(writer._file, sanitizer)
