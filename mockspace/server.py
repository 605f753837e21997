"""Run a mock space on a loopback port, in a background thread of the current process."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import uvicorn

from recording_conformance.mockspace.app import create_app
from recording_conformance.mockspace.config import MockConfig
from recording_conformance.mockspace.render import API_PREFIX
from recording_conformance.mockspace.space import MockSpace
from recording_conformance.mockspace.state import SpaceState

STARTUP_TIMEOUT_SECONDS = 10.0


class MockSpaceError(RuntimeError):
    """The mock space could not start or stop."""


def free_port(host: str = "127.0.0.1") -> int:
    """A port the OS reports free on `host` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


class MockSpaceServer:
    """A mock space served by uvicorn on loopback; use as a context manager or start/stop."""

    def __init__(
        self, config: MockConfig | None = None, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.space = MockSpace(state=SpaceState(config=config or MockConfig()))
        self.host = host
        self.port = port or free_port(host)
        self._server = uvicorn.Server(
            uvicorn.Config(
                create_app(self.space),
                host=host,
                port=self.port,
                log_level="warning",
                access_log=False,
                lifespan="off",
                # Keep-alive long enough that a test session reuses its connections.
                timeout_keep_alive=30,
            )
        )
        self._thread: threading.Thread | None = None

    @property
    def config(self) -> MockConfig:
        return self.space.config

    @property
    def origin(self) -> str:
        """`http://127.0.0.1:PORT`, where the space answers."""
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        """The API base URL, `http://127.0.0.1:PORT/api/laml/2010-04-01`."""
        return self.origin + API_PREFIX

    def start(self) -> MockSpaceServer:
        """Start serving and return once the port accepts connections."""
        self._thread = threading.Thread(target=self._server.run, name="mockspace", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise MockSpaceError(f"the mock space did not start on {self.origin}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop serving, wait for callbacks under way, and release the port."""
        self.space.callbacks.drain()
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=STARTUP_TIMEOUT_SECONDS)
        self.space.callbacks.close()

    def reset(self, config: MockConfig | None = None) -> None:
        """Forget recordings, callbacks and errors; optionally reconfigure (faults, latency)."""
        self.space.callbacks.drain()
        self.space.callbacks.clear()
        self.space.state.reset(config)
        self.space.reset_counters()

    def __enter__(self) -> MockSpaceServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
