"""What arrived at the mock, and answers it was told to give: the two hooks the SDK checks use.

The journal keeps every request as it came over the wire (method, path, query, headers, raw
body), so that a check can judge what an SDK sent rather than what the mock made of it. It is
off until started: the conformance runs send thousands of requests nobody reads back. Scripted
answers replace the next creates' answers with given bodies, so that an SDK can be shown every
answer a space may give.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ArrivedRequest:
    """One request as it reached the mock. Header names are lower case (ASGI gives them so)."""

    method: str
    path: str
    query: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of header `name` (any case), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key == wanted), None)


class Journal:
    """The requests that arrived while it was started, in order; thread-safe, as the mock serves
    from its own thread while a test reads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[ArrivedRequest] | None = None

    def start(self) -> None:
        """Keep every request from now on (forgetting any kept before)."""
        with self._lock:
            self._entries = []

    def stop(self) -> None:
        with self._lock:
            self._entries = None

    @property
    def started(self) -> bool:
        return self._entries is not None

    def note(self, request: ArrivedRequest) -> None:
        with self._lock:
            if self._entries is not None:
                self._entries.append(request)

    def take(self) -> list[ArrivedRequest]:
        """The requests kept since the last take, oldest first."""
        with self._lock:
            if self._entries is None:
                return []
            taken, self._entries = self._entries, []
            return taken


@dataclass(frozen=True)
class ScriptedAnswer:
    """An answer the next create gets instead of its own: an HTTP status and a JSON body."""

    status: int
    body: Any


class ScriptedAnswers:
    """Answers for the next creates, first in first out; a create with none left is answered
    as the mock would."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: deque[ScriptedAnswer] = deque()

    def serve(self, status: int, body: Any) -> None:
        """Answer the next create (not yet answered by an earlier script) with `body`."""
        with self._lock:
            self._queue.append(ScriptedAnswer(status, body))

    def take(self) -> ScriptedAnswer | None:
        with self._lock:
            return self._queue.popleft() if self._queue else None

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()
