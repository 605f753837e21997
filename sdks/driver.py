"""A driver as a long-lived process: started once, sent one command at a time, answered within a
timeout, closed at the end. Every way it can go wrong is a `DriverError` of one sentence."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
from collections import deque
from collections.abc import Mapping
from types import TracebackType
from typing import IO, Any

START_TIMEOUT_SECONDS = 60.0
COMMAND_TIMEOUT_SECONDS = 30.0
STDERR_LINES_KEPT = 40
# Set by a user for their SDKs; the driver is told everything it needs by SDK_* alone.
SCRUBBED_ENVIRONMENT = ("SIGNALWIRE_SPACE_URL", "SIGNALWIRE_API_HOSTNAME", "SDK_FLAVOUR")


class DriverError(RuntimeError):
    """The driver process did not keep the protocol: it crashed, hung or wrote something else."""


def _pump(stream: IO[str], into: queue.Queue[str | None]) -> None:
    for line in stream:
        into.put(line)
    into.put(None)


def _keep(stream: IO[str], into: deque[str]) -> None:
    for line in stream:
        into.append(line.rstrip("\n"))


class DriverProcess:
    """One driver: `start()` reads its ready line, `call(op, **fields)` answers one command."""

    def __init__(
        self,
        name: str,
        command: list[str],
        *,
        base_url: str,
        project_id: str,
        api_token: str,
        env: Mapping[str, str] | None = None,
        timeout: float = COMMAND_TIMEOUT_SECONDS,
        start_timeout: float = START_TIMEOUT_SECONDS,
    ) -> None:
        self.name = name
        self.command = command
        self.timeout = timeout
        self.start_timeout = start_timeout
        inherited = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENVIRONMENT}
        self.env = {
            **inherited,
            **(env or {}),
            "SDK_BASE_URL": base_url,
            "SDK_PROJECT_ID": project_id,
            "SDK_API_TOKEN": api_token,
        }
        self.ready: dict[str, Any] = {}
        self._process: subprocess.Popen[str] | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._stderr: deque[str] = deque(maxlen=STDERR_LINES_KEPT)
        self._next_id = 1
        self._stderr_reader: threading.Thread | None = None

    @property
    def stderr(self) -> str:
        """The last lines the driver wrote to stderr."""
        return "\n".join(self._stderr)

    def start(self) -> DriverProcess:
        """Start the process and wait for its ready line."""
        try:
            self._process = subprocess.Popen(
                self.command,
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                bufsize=1,
            )
        except OSError as exc:
            raise DriverError(f"the {self.name} driver could not be started: {exc}") from None
        assert self._process.stdout is not None
        assert self._process.stderr is not None
        threading.Thread(
            target=_pump, args=(self._process.stdout, self._lines), daemon=True
        ).start()
        self._stderr_reader = threading.Thread(
            target=_keep, args=(self._process.stderr, self._stderr), daemon=True
        )
        self._stderr_reader.start()
        ready = self._read("start", self.start_timeout)
        if ready.get("ready") is not True:
            raise DriverError(f"the {self.name} driver's first line is not its ready line: {ready}")
        self.ready = ready
        return self

    def call(self, op: str, **fields: object) -> dict[str, Any]:
        """Send one command and return the driver's answer (`ok` true or false)."""
        process = self._process
        if process is None or process.stdin is None:
            raise DriverError(f"the {self.name} driver is not running")
        command_id, self._next_id = self._next_id, self._next_id + 1
        line = json.dumps({"id": command_id, "op": op, **fields})
        try:
            process.stdin.write(line + "\n")
            process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise self._crashed(op) from None
        answer = self._read(op, self.timeout)
        if answer.get("id") != command_id:
            self._kill()
            raise DriverError(
                f"the {self.name} driver answered `{op}` (id {command_id}) "
                f"with id {answer.get('id')!r}"
            )
        return answer

    def _read(self, op: str, timeout: float) -> dict[str, Any]:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            self._kill()
            raise DriverError(
                f"the {self.name} driver did not answer `{op}` within {timeout:g} s "
                f"(stopped){self._stderr_tail()}"
            ) from None
        if line is None:
            raise self._crashed(op)
        try:
            answer = json.loads(line)
        except json.JSONDecodeError:
            answer = None
        if not isinstance(answer, dict):
            # Out of step with the protocol, its later lines cannot be trusted either.
            self._kill()
            raise DriverError(
                f"the {self.name} driver wrote a line that is not a JSON object after `{op}`: "
                f"{line.strip()[:200]!r}"
            )
        return answer

    def _crashed(self, op: str) -> DriverError:
        code: int | None = None
        if self._process is not None:
            try:
                code = self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._kill()
        if self._stderr_reader is not None:
            # Its last words are what says why; they may still be on their way.
            self._stderr_reader.join(timeout=2)
        return DriverError(
            f"the {self.name} driver exited (code {code}) during `{op}`{self._stderr_tail()}"
        )

    def _stderr_tail(self) -> str:
        lines = [line for line in self._stderr if line.strip()]
        return f"; its stderr ends: {lines[-1].strip()}" if lines else ""

    def _kill(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait(timeout=5)

    def close(self) -> None:
        """Ask the driver to quit; stop it if it does not within a few seconds."""
        process, self._process = self._process, None
        if process is None:
            return
        try:
            if process.poll() is None and process.stdin is not None:
                process.stdin.write(json.dumps({"id": self._next_id, "op": "quit"}) + "\n")
                process.stdin.close()
            process.wait(timeout=5)
        except (BrokenPipeError, OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait(timeout=5)

    def __enter__(self) -> DriverProcess:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
