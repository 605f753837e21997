"""`--record PATH`: the run's cassette, in one process or under pytest-xdist alike.

The controller (or the only process) makes a folder for the parts and hands it to every worker
in its `workerinput`, as the reporting plugin hands out its outbox; each process writes its own
part through its `Tape`, and the controller merges them into PATH at session finish, after
every worker has stopped and every record has been taken.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Generator
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from recording_conformance.conformance.cassette.har import CassetteError
from recording_conformance.conformance.cassette.tape import Tape, merge_parts
from recording_conformance.conformance.receiver import ReceivedCallback
from recording_conformance.conformance.sanitize import Sanitizer

PARTS_INPUT = "conformance_cassette_parts"
PLUGIN_NAME = "conformance-cassette"


def check_record_path(text: str) -> Path:
    """The cassette's path, checked before the run (a live run is paid for): a folder that
    exists, and no folder of that name."""
    path = Path(text).resolve()
    if path.is_dir():
        raise pytest.UsageError(f"--record {text!r} is a folder; name the cassette file to write")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise pytest.UsageError(
            f"--record {text!r}: its folder cannot be created: {exc.strerror}"
        ) from None
    return path


def tape_callbacks(
    config: pytest.Config,
    public_base: str,
    received: list[ReceivedCallback],
    sanitizer: Sanitizer,
) -> None:
    """In a recorded run, write down every callback that reached a receiver of this process
    (whose URLs start with `public_base`): a replay compares its own deliveries with them."""
    cassette = config.pluginmanager.get_plugin(PLUGIN_NAME)
    if isinstance(cassette, CassettePlugin):
        cassette.tape.callbacks(public_base, received, sanitizer)


def _suite_version() -> str:
    try:
        return metadata.version("recording-conformance")
    except metadata.PackageNotFoundError:
        return "unknown"


class CassettePlugin:
    """Hands out the parts folder, and merges the parts once the run is over."""

    def __init__(self, config: pytest.Config, path: Path) -> None:
        self.config = config
        self.path = path
        workerinput = getattr(config, "workerinput", None)
        self.is_worker = workerinput is not None
        if workerinput is not None:
            self.folder = Path(workerinput[PARTS_INPUT])
            process = str(workerinput.get("workerid", "worker"))
        else:
            self.folder = Path(tempfile.mkdtemp(prefix="conformance-cassette-"))
            process = "main"
        self.tape = Tape(self.folder, process)
        self.entries: int | None = None
        self.error: str | None = None

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        node.workerinput[PARTS_INPUT] = str(self.folder)

    # The innermost wrapper: after every plain session finish (the last records, the clean-up
    # of an interrupted run, have been taken, and pytest-xdist has stopped every worker), and
    # before the terminal reporter's, which prints the summary.
    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> Generator[None, None, None]:
        result = yield
        self.tape.close()
        if self.is_worker:
            return result
        try:
            self.entries = merge_parts(self.folder, self.path, creator_version=_suite_version())
        except CassetteError as exc:
            self.error = str(exc)
            session.exitstatus = pytest.ExitCode.USAGE_ERROR
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
        return result

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.error is not None:
            terminalreporter.write_line(self.error, red=True)
        elif self.entries is not None:
            terminalreporter.write_line(f"cassette: {self.entries} exchanges in {self.path}")
