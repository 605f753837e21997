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


def test_a_report_marked_hidden_is_left_out_of_pytest_s_failures_section(
    pytestconfig: pytest.Config,
) -> None:
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    assert reporter is not None
    shown, hidden = object(), type("Report", (), {})()
    compat.hide_traceback(hidden)
    stats = type("Stats", (), {"stats": {"failed": [shown, hidden]}})()
    assert type(reporter).getreports(stats, "failed") == [shown]
    # The short summary reads its report characters from this attribute.
    assert isinstance(reporter.reportchars, str)
    holder = type("Reporter", (), {"reportchars": "wsxXEf"})()
    compat.leave_failed_out_of_short_summary(holder)
    assert holder.reportchars == "wsxXE"


def test_a_line_said_now_passes_pytest_s_capture(
    pytestconfig: pytest.Config, capfd: pytest.CaptureFixture[str]
) -> None:
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
    assert hasattr(capture, "global_and_fixture_disabled")
    compat.say_now(pytestconfig, "waiting: nothing at all")
    # Written past the capture, to the terminal: the test's own captured output holds none.
    assert "waiting: nothing at all" not in capfd.readouterr().out
