"""The internals `conformance/compat.py` reaches into are still there: when pytest, Hypothesis
or schemathesis change them, these tests fail, rather than the suite going quietly wrong (a
blank `Failing test case:`, a token on the terminal)."""

from __future__ import annotations

import io

import pytest

from recording_conformance.conformance import compat
from recording_conformance.conformance.sanitize import Sanitizer, SanitizingStream


def test_pytest_keeps_its_assertion_rewrite_list_where_compat_looks(
    pytestconfig: pytest.Config,
) -> None:
    from _pytest.assertion.rewrite import assertstate_key

    state = pytestconfig.stash.get(assertstate_key, None)
    assert state is not None
    assert state.hook is not None
    assert isinstance(state.hook._must_rewrite, set)


def test_the_hypothesis_printer_is_the_real_one_after_schemathesis_loads() -> None:
    compat.restore_hypothesis_printer()
    from hypothesis import core
    from hypothesis.vendor import pretty

    assert core.RepresentationPrinter is pretty.RepresentationPrinter  # type: ignore[attr-defined]
    printer = pretty.RepresentationPrinter(io.StringIO())
    printer.pretty({"RecordingChannels": "dual"})
    printer.flush()


def test_the_terminal_writer_is_sanitized(pytestconfig: pytest.Config) -> None:
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    assert reporter is not None
    assert hasattr(reporter._tw, "_file")

    screen = io.StringIO()

    class Reporter:
        def __init__(self) -> None:
            self._tw = type("Writer", (), {"_file": screen})()

    fake = Reporter()
    compat.sanitize_terminal(fake, Sanitizer(["PTsecret0000"]))
    assert isinstance(fake._tw._file, SanitizingStream)
    fake._tw._file.write("token PTsecret0000 here")
    assert screen.getvalue() == "token *** here"


def test_an_interrupt_traceback_keeps_its_frames_with_line_numbers() -> None:
    def inner() -> None:
        raise KeyboardInterrupt

    try:
        inner()
    except KeyboardInterrupt:
        excinfo = pytest.ExceptionInfo.from_current()
    before = [entry.lineno for entry in excinfo.traceback]
    compat.drop_frames_without_line_numbers(excinfo)
    assert [entry.lineno for entry in excinfo.traceback] == before
    assert "inner" in str(excinfo.getrepr())
