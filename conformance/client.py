"""The one door to the target. Every request of the suite goes through `ConformanceClient`, which
records each exchange, masks credentials, paces requests to remote spaces and stops every
recording the suite created."""

from __future__ import annotations

import base64
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Literal

import requests

from conformance.exchange import Exchange
from conformance.request import CreateRequest
from conformance.sanitize import Sanitizer
from conformance.target import Target

Auth = Literal["configured", "none"] | str
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0
HISTORY_LIMIT = 100_000


class TargetUnreachable(ConnectionError):
    """The target did not answer at all (connection refused, DNS, timeout)."""


class TargetUnavailable(ConnectionError):
    """The target kept answering a well-formed 503 after every retry."""


class RequestBudgetExhausted(RuntimeError):
    """The run has sent as many requests as it may (a limit that protects live spaces)."""


# A well-formed 503 is the spec's "temporarily unavailable": retried, never judged.
RETRIES_ON_UNAVAILABLE = 4
MAX_RETRY_AFTER_SECONDS = 30.0


@dataclass
class ClientStats:
    """What the client sent, for the report and the benchmark."""

    requests: int = 0
    by_status: Counter[int] = field(default_factory=Counter)
    # Wall-clock times (seconds since the epoch), comparable between the processes of a run:
    # the span from the first request sent to the last answer is what throughput is over.
    first_sent: float | None = None
    last_answered: float | None = None
    # Exchanges judged per requirement id: what a report calls "requests that exercised it".
    judged: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class SidsSoFar:
    """The sids seen before some moment: those among the first `count` ever seen."""

    order: dict[str, int] = field(repr=False)
    count: int

    def __contains__(self, sid: object) -> bool:
        return isinstance(sid, str) and self.order.get(sid, self.count) < self.count

    def __len__(self) -> int:
        return self.count


class ConformanceClient:
    """A keep-alive session bound to one target."""

    def __init__(
        self,
        target: Target,
        sanitizer: Sanitizer,
        *,
        min_interval: float = 0.0,
        max_requests: int | None = None,
        retry_backoff: float = 0.05,
    ) -> None:
        self.target = target
        self.sanitizer = sanitizer
        self.min_interval = min_interval
        self.max_requests = max_requests
        self.retry_backoff = retry_backoff
        self.history: deque[Exchange] = deque(maxlen=HISTORY_LIMIT)
        self.stats = ClientStats()
        # (URL of the recording, its sid) for everything a create answered with success.
        self.created: list[tuple[str, str]] = []
        self._session = requests.Session()
        self._session.headers["User-Agent"] = "recording-conformance"
        # Proxy settings from the environment are for reaching remote spaces; looking them up
        # costs a request's worth of time on loopback.
        self._session.trust_env = not target.is_loopback
        self._lock = threading.Lock()
        self._last_sent = 0.0
        # Recording sid -> how many distinct sids had been seen before it.
        self._sids: dict[str, int] = {}

    def __repr__(self) -> str:
        return f"<ConformanceClient {self.target.api_base} sent={self.stats.requests}>"

    def _pace(self) -> None:
        if not self.min_interval:
            return
        with self._lock:
            wait = self._last_sent + self.min_interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last_sent = time.monotonic()

    def _auth_header(self, auth: Auth) -> dict[str, str]:
        if auth == "none":
            return {}
        if auth == "configured":
            pair = f"{self.target.project_id}:{self.target.api_token}".encode()
            return {"Authorization": "Basic " + base64.b64encode(pair).decode()}
        return {"Authorization": auth}

    def send(
        self,
        method: str,
        url: str,
        *,
        body: bytes = b"",
        content_type: str | None = None,
        auth: Auth = "configured",
    ) -> Exchange:
        """Send one request and record the exchange; a well-formed 503 is retried with backoff."""
        for attempt in range(RETRIES_ON_UNAVAILABLE + 1):
            exchange = self._send_once(method, url, body=body, content_type=content_type, auth=auth)
            if not _is_well_formed_unavailable(exchange):
                return exchange
            if attempt < RETRIES_ON_UNAVAILABLE:
                time.sleep(_retry_delay(exchange, self.retry_backoff * 2**attempt))
        raise TargetUnavailable(
            f"{method} {self.sanitizer.text(url)} answered 503 {RETRIES_ON_UNAVAILABLE + 1} times"
        )

    def _send_once(
        self, method: str, url: str, *, body: bytes, content_type: str | None, auth: Auth
    ) -> Exchange:
        if self.max_requests is not None and self.stats.requests >= self.max_requests:
            raise RequestBudgetExhausted(
                f"the run has sent its {self.max_requests} requests (--max-requests)"
            )
        headers = self._auth_header(auth)
        if content_type:
            headers["Content-Type"] = content_type
        self._pace()
        if self.stats.first_sent is None:
            self.stats.first_sent = time.time()
        started = time.perf_counter()
        try:
            response = self._session.request(
                method, url, data=body, headers=headers, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT)
            )
        except requests.RequestException as exc:
            where = self.sanitizer.text(url)
            raise TargetUnreachable(
                f"{method} {where} got no answer: {type(exc).__name__}"
            ) from None
        elapsed = time.perf_counter() - started
        kind = auth if auth in ("configured", "none") else "custom"
        exchange = Exchange(
            method=method,
            url=url,
            # Credentials masked here; `Exchange.curl` rebuilds them from `auth_header`.
            request_headers=self.sanitizer.headers(headers),
            request_body=body,
            status=response.status_code,
            response_headers=dict(response.headers),
            response_body=response.content,
            elapsed=elapsed,
            sanitizer=self.sanitizer,
            auth=kind,
            project_id=self.target.project_id,
            raw=response,
            auth_header=headers.get("Authorization", ""),
        )
        self.history.append(exchange)
        self.stats.requests += 1
        self.stats.by_status[exchange.status] += 1
        self.stats.last_answered = time.time()
        return exchange

    def created_sids(self) -> SidsSoFar:
        """Sids of every recording this client has seen created so far (a view that later
        creates do not change, without copying them all)."""
        return SidsSoFar(self._sids, len(self._sids))

    def create_recording(
        self,
        request: CreateRequest,
        *,
        call_sid: str | None = None,
        account_sid: str | None = None,
        auth: Auth = "configured",
    ) -> Exchange:
        """POST a create; a success is remembered so the recording is stopped at the end."""
        call = call_sid or self.target.call_sid
        url = self.target.recordings_url(
            call_sid=call, account_sid=account_sid, suffix=request.suffix
        )
        body, content_type = request.body()
        return self.post_create(url, body, content_type, auth=auth)

    def post_create(
        self,
        url: str,
        body: bytes,
        content_type: str | None,
        *,
        auth: Auth = "configured",
    ) -> Exchange:
        """POST an already encoded create to `url`, remembering what it created (and where:
        a space that wrongly accepts another account's path gets its recording stopped there)."""
        exchange = self.send("POST", url, body=body, content_type=content_type, auth=auth)
        payload = exchange.json()
        if 200 <= exchange.status < 300 and isinstance(payload, dict):
            sid = payload.get("sid")
            if isinstance(sid, str):
                collection = url.split("?", 1)[0].removesuffix(".json")
                self.created.append((f"{collection}/{sid}.json", sid))
                self._sids.setdefault(sid, len(self._sids))
        return exchange

    def stop_recording(self, call_sid: str, recording_sid: str) -> Exchange:
        """Update the recording with `Status=stopped`."""
        return self.stop_at(f"{self.target.recordings_url(call_sid=call_sid)}/{recording_sid}.json")

    def stop_at(self, recording_url: str) -> Exchange:
        """POST `Status=stopped` to a recording's own URL."""
        return self.send(
            "POST",
            recording_url,
            body=b"Status=stopped",
            content_type="application/x-www-form-urlencoded",
        )

    def stop_created_recordings(self) -> list[str]:
        """Stop every recording the suite created; return what could not be stopped."""
        problems = []
        pending, self.created = self.created, []
        for recording_url, sid in dict.fromkeys(pending):
            try:
                exchange = self.stop_at(recording_url)
            except TargetUnreachable as exc:
                problems.append(f"{sid}: {exc}")
                continue
            # 400 answers a recording that had already stopped: nothing left to do.
            if exchange.status not in (200, 400):
                problems.append(f"{sid}: stopping answered {exchange.status}")
        return problems

    def close(self) -> None:
        self._session.close()


def _is_well_formed_unavailable(exchange: Exchange) -> bool:
    body = exchange.json()
    return (
        exchange.status == 503
        and isinstance(body, dict)
        and isinstance(body.get("code"), int)
        and isinstance(body.get("message"), str)
    )


def _retry_delay(exchange: Exchange, backoff: float) -> float:
    """Retry-After (seconds) when the target says, else the exponential backoff."""
    for name, value in exchange.response_headers.items():
        if name.lower() == "retry-after" and value.strip().isdigit():
            return min(float(value), MAX_RETRY_AFTER_SECONDS)
    return backoff
