"""A mock space in a process of its own, for benchmarks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from types import TracebackType

from recording_conformance.mockspace.server import free_port

ROOT = Path(__file__).resolve().parent.parent


class MockProcess:
    """`python -m mockspace` on a free port; its banner tells the credentials and the call."""

    def __init__(self, *switches: str) -> None:
        self.port = free_port()
        self.switches = switches
        self.info: dict[str, str] = {}
        self._process: subprocess.Popen[str] | None = None

    @property
    def origin(self) -> str:
        return self.info["space URL"]

    def options(self) -> list[str]:
        """The conformance suite's target options for this space."""
        return [
            "--space-url",
            self.origin,
            "--project-id",
            self.info["project id"],
            "--api-token",
            self.info["API token"],
            "--call-sid",
            self.info["in-progress call"],
        ]

    def __enter__(self) -> MockProcess:
        command = [sys.executable, "-m", "mockspace", "--port", str(self.port)]
        command += [f"--fault={s}" for s in self.switches]
        self._process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert self._process.stdout is not None
        for line in self._process.stdout:
            match = re.match(r"\s+(space URL|project id|API token|in-progress call)\s+(\S+)", line)
            if match:
                self.info[match[1]] = match[2]
            if line.startswith("Ctrl-C"):
                break
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
