"""The suite's few reaches into other projects' internals, isolated here. Each has a test
(tests/test_compat.py) that fails when the internal it relies on changes.

- schemathesis swaps Hypothesis's pretty printer for one that prints nothing (a speed-up for its
  own runs), which blanks every `Failing test case:` line of this suite: the printer is put back.
- pytest rewrites the assertions of every package that ships a pytest plugin; schemathesis has
  no tests of ours, and rewriting its few hundred modules costs seconds per start.
- Everything pytest writes to the terminal passes the run's sanitizer (tracebacks, `--showlocals`,
  Hypothesis's notes): pytest has no public hook for its terminal stream.
- Under pytest-xdist the controller never collects, so a mistake in `-m` would surface on each
  worker as an internal error of xdist: the controller checks the expression the way pytest's
  own collection does.
- An interrupt (Ctrl-C, SIGTERM) can land in a frame that has no line number, and pytest then
  crashes formatting its traceback, which turns "interrupted" into an internal error: such
  frames are dropped from the interrupt's traceback before pytest formats it.
- A line the suite prints after the last test (the clean-up's) starts on a line of its own:
  pytest ends its progress line only after every plugin's session finish.
- A run stopped before its first test (a preflight found the target unusable) takes the
  pytest-xdist controller out, so that no worker is started for nothing.
"""

from __future__ import annotations

from typing import Any

from recording_conformance.conformance.sanitize import Sanitizer, SanitizingStream

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


def check_mark_expression(config: Any) -> None:
    """Raise pytest's own UsageError for a `-k` or `-m` expression it would refuse at
    collection."""
    from _pytest.mark import _parse_expression, _validate_marker_names

    keywords = config.option.keyword
    if keywords:
        _parse_expression(keywords, "Wrong expression passed to '-k'")
    expression = config.option.markexpr
    if expression:
        _validate_marker_names(
            _parse_expression(expression, "Wrong expression passed to '-m'"), config
        )


def run_without_workers(config: Any) -> None:
    """Unregister pytest-xdist's controller before it starts its workers (at session start)."""
    for name in ("dsession", "terminaldistreporter"):
        plugin = config.pluginmanager.get_plugin(name)
        if plugin is not None:
            config.pluginmanager.unregister(plugin)


def drop_frames_without_line_numbers(excinfo: Any) -> None:
    """Unlink traceback entries whose line number is unknown (CPython reports None for a frame
    interrupted between instructions), then have pytest's cached traceback rebuilt."""
    from _pytest._code import Traceback

    head = excinfo.tb
    node = head
    while node is not None and node.tb_next is not None:
        following = node.tb_next
        if following.tb_lineno is None:
            node.tb_next = following.tb_next
        else:
            node = following
    excinfo.traceback = Traceback(head)


def write_own_line(reporter: Any, line: str, **markup: bool) -> None:
    """`reporter.write_line`, on a new line even after pytest's progress output."""
    writer = reporter._tw
    if getattr(writer, "width_of_current_line", 0):
        writer.line()
    reporter.write_line(line, **markup)
