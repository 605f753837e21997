"""The one door to the target. Every request of the suite goes through `ConformanceClient`, which
records each exchange, masks credentials, paces requests to remote spaces, keeps to the run's
request budget, waits out throttling and stops every recording the suite created."""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

import requests

from recording_conformance.conformance.budget import RequestBudget, RequestBudgetExhausted
from recording_conformance.conformance.exchange import (
    STOP_BODY,
    Auth,
    BasicCredentials,
    Exchange,
    Operation,
    RawAuthorization,
)
from recording_conformance.conformance.progress import Progress, silent
from recording_conformance.conformance.request import CreateRequest
from recording_conformance.conformance.sanitize import Sanitizer
from recording_conformance.conformance.target import Target

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0


class TargetUnreachable(ConnectionError):
    """The target did not answer at all (connection refused, DNS, timeout). `timed_out`: it
    took the request and never answered it, which one request may provoke of a target that
    answers the others."""

    timed_out = False


class TargetUnavailable(ConnectionError):
    """The target kept answering a well-formed 503, or 429, after every retry."""


__all__ = [
    "ConformanceClient",
    "RequestBudgetExhausted",
    "TargetUnavailable",
    "TargetUnreachable",
]

# A well-formed 503 is the spec's "temporarily unavailable": retried, never judged.
RETRIES_ON_UNAVAILABLE = 4
MAX_RETRY_AFTER_SECONDS = 30.0
# A 429 is the platform's rate limit (code 20429), throttling rather than an answer to judge:
# waited out (Retry-After when given), retried, and the rest of the run goes slower. More
# retries than for a 503: a rate limit lifts by itself once the pace is right.
THROTTLED = 429
RETRIES_ON_THROTTLING = 6
# After a 429 the interval between requests doubles, from at least THROTTLED_MIN_INTERVAL (a
# loopback run has none) up to THROTTLED_MAX_INTERVAL: slow enough for any rate limit meant
# for API clients, never so slow that a run cannot finish.
THROTTLED_MIN_INTERVAL = 0.05
THROTTLED_MAX_INTERVAL = 5.0


class ExchangeObserver(Protocol):
    """Who hears of every exchange the client makes (the run's recorder)."""

    def exchange(self, exchange: Exchange, answered_at: float) -> None: ...

    def recording_created(self) -> None: ...

    def throttled(self, exchange: Exchange) -> None:
        """A 429: throttling, never judged."""

    def retrying(self, exchange: Exchange) -> None:
        """An answer that is not judged but sent again (a 429, a well-formed 503)."""


@dataclass(frozen=True)
class CreatedRecording:
    """A recording a create answered with success: where to stop it, and its sid."""

    url: str
    sid: str
    path_ids: Mapping[str, str]


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
    """A keep-alive session bound to one target. `budget` is the run's request budget (shared
    with other processes or not); `max_requests` makes one for this client alone."""

    def __init__(
        self,
        target: Target,
        sanitizer: Sanitizer,
        *,
        min_interval: float = 0.0,
        max_requests: int | None = None,
        budget: RequestBudget | None = None,
        retry_backoff: float = 0.05,
        observer: ExchangeObserver | None = None,
        progress: Progress | None = None,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        self.target = target
        # Every wait (pacing, retries) goes through it, so that a long one is said.
        self.progress = progress or silent()
        self.sanitizer = sanitizer
        self.min_interval = min_interval
        if budget is None and max_requests is not None:
            budget = RequestBudget(max_requests)
        # None: no limit, and no cost per request. The clean-up sets it to None.
        self.budget = budget
        self.retry_backoff = retry_backoff
        self.observer = observer
        self.read_timeout = read_timeout
        self.requests_sent = 0
        # Answers that were sent again (429, well-formed 503), and the 429s among all answers.
        self.retries = 0
        self.throttled = 0
        # Everything a create answered with success, to be stopped at the end.
        self.created: list[CreatedRecording] = []
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
        return f"<ConformanceClient {self.target.api_base} sent={self.requests_sent}>"

    def _pace(self) -> None:
        if not self.min_interval:
            return
        with self._lock:
            wait = self._last_sent + self.min_interval - time.monotonic()
            if wait > 0:
                pace = f"pacing requests to {1 / self.min_interval:.2g} a second"
                self.progress.sleep(wait, pace)
            self._last_sent = time.monotonic()

    def _auth_header(self, auth: Auth) -> dict[str, str]:
        if auth == "none":
            return {}
        if isinstance(auth, RawAuthorization):
            return {"Authorization": auth.value}
        if isinstance(auth, BasicCredentials):
            user, password = auth.user, auth.password
        else:
            user, password = self.target.project_id, self.target.api_token
        pair = f"{user}:{password}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode()}

    def send(
        self,
        method: str,
        url: str,
        *,
        operation: Operation = "other",
        path_ids: Mapping[str, str] | None = None,
        request: CreateRequest | None = None,
        body: bytes = b"",
        content_type: str | None = None,
        auth: Auth = "configured",
    ) -> Exchange:
        """Send one request and record the exchange; a well-formed 503 and a 429 are retried
        after Retry-After or a backoff, and a 429 slows the client down for good."""
        shape = {
            "operation": operation,
            "path_ids": path_ids or {},
            "request": request,
            "auth": auth,
        }
        unavailable = throttled = 0
        while True:
            exchange = self._send_once(method, url, body, content_type, shape)
            if exchange.status == THROTTLED:
                throttled += 1
                self._throttled(exchange)
                if throttled > RETRIES_ON_THROTTLING:
                    break
                attempt = throttled
            elif _is_well_formed_unavailable(exchange):
                unavailable += 1
                if unavailable > RETRIES_ON_UNAVAILABLE:
                    break
                attempt = unavailable
            else:
                return exchange
            self.retries += 1
            if self.observer is not None:
                self.observer.retrying(exchange)
            delay = _retry_delay(exchange, self.retry_backoff * 2 ** (attempt - 1))
            self.progress.sleep(delay, _retry_phrase(exchange.status, attempt))
        times = throttled if exchange.status == THROTTLED else unavailable
        raise TargetUnavailable(
            f"{method} {self.sanitizer.text(url)} answered {exchange.status} {times} times"
        )

    def _throttled(self, exchange: Exchange) -> None:
        self.throttled += 1
        if self.observer is not None:
            self.observer.throttled(exchange)
        with self._lock:
            slower = max(self.min_interval * 2, THROTTLED_MIN_INTERVAL)
            self.min_interval = min(slower, max(self.min_interval, THROTTLED_MAX_INTERVAL))

    def _send_once(
        self,
        method: str,
        url: str,
        body: bytes,
        content_type: str | None,
        shape: Mapping[str, Any],
    ) -> Exchange:
        if self.budget is not None:
            self.budget.take()
        auth = shape["auth"]
        headers = self._auth_header(auth)
        if content_type:
            headers["Content-Type"] = content_type
        self._pace()
        sent_at = time.time()
        started = time.perf_counter()
        try:
            response = self._session.request(
                method,
                url,
                data=body,
                headers=headers,
                timeout=(CONNECT_TIMEOUT, self.read_timeout),
            )
        except requests.RequestException as exc:
            where = self.sanitizer.text(url)
            unreachable = TargetUnreachable(f"{method} {where} got no answer: {type(exc).__name__}")
            unreachable.timed_out = isinstance(exc, requests.ReadTimeout)
            raise unreachable from None
        elapsed = time.perf_counter() - started
        exchange = Exchange(
            method=method,
            url=url,
            # Credentials masked here; `Exchange.curl` rebuilds them from `auth`.
            request_headers=self.sanitizer.headers(headers),
            request_body=body,
            status=response.status_code,
            response_headers=dict(response.headers),
            response_body=response.content,
            elapsed=elapsed,
            sanitizer=self.sanitizer,
            project_id=self.target.project_id,
            sent_at=sent_at,
            server_command=self.target.started_by,
            raw=response,
            **shape,
        )
        self.requests_sent += 1
        if self.observer is not None:
            self.observer.exchange(exchange, time.time())
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
        ids = {
            "account_sid": account_sid or self.target.project_id,
            "call_sid": call_sid or self.target.call_sid,
        }
        url = self.target.recordings_url(**ids, suffix=request.suffix)
        body, content_type = request.body()
        return self.post_create(url, body, content_type, path_ids=ids, request=request, auth=auth)

    def post_create(
        self,
        url: str,
        body: bytes,
        content_type: str | None,
        *,
        path_ids: Mapping[str, str],
        request: CreateRequest | None = None,
        auth: Auth = "configured",
    ) -> Exchange:
        """POST an already encoded create to `url`, remembering what it created (and where:
        a space that wrongly accepts another account's path gets its recording stopped there)."""
        exchange = self.send(
            "POST",
            url,
            operation="create",
            path_ids=path_ids,
            request=request,
            body=body,
            content_type=content_type,
            auth=auth,
        )
        payload = exchange.json()
        if 200 <= exchange.status < 300 and isinstance(payload, dict):
            sid = payload.get("sid")
            if isinstance(sid, str):
                collection = url.split("?", 1)[0].removesuffix(".json")
                ids = {**path_ids, "sid": sid}
                self.created.append(CreatedRecording(f"{collection}/{sid}.json", sid, ids))
                self._sids.setdefault(sid, len(self._sids))
                if self.observer is not None:
                    self.observer.recording_created()
        return exchange

    def fetch_recording(self, sid: str) -> Exchange:
        """GET a recording account-level with `.json` (the API's own form of fetch)."""
        return self.send(
            "GET",
            f"{self.target.account_path()}/Recordings/{sid}.json",
            operation="fetch",
            path_ids={"account_sid": self.target.project_id, "sid": sid},
        )

    def fetch_call(self, call_sid: str) -> Exchange:
        """GET the call (the Calls API): is it still in progress?"""
        return self.send(
            "GET",
            f"{self.target.account_path()}/Calls/{call_sid}.json",
            operation="other",
            path_ids={"account_sid": self.target.project_id, "call_sid": call_sid},
        )

    def stop_recording(self, call_sid: str, recording_sid: str) -> Exchange:
        """Update the recording with `Status=stopped`."""
        ids = {"account_sid": self.target.project_id, "call_sid": call_sid, "sid": recording_sid}
        url = f"{self.target.recordings_url(call_sid=call_sid)}/{recording_sid}.json"
        return self.stop_at(url, ids)

    def stop_at(self, recording_url: str, path_ids: Mapping[str, str]) -> Exchange:
        """POST `Status=stopped` to a recording's own URL."""
        return self.send(
            "POST",
            recording_url,
            operation="update",
            path_ids=path_ids,
            body=STOP_BODY,
            content_type="application/x-www-form-urlencoded",
        )

    def take_created(self) -> list[CreatedRecording]:
        """Every recording created so far and not yet handed out, once each."""
        pending, self.created = self.created, []
        return list({(c.url, c.sid): c for c in pending}.values())

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


def _retry_phrase(status: int, attempt: int) -> str:
    if status == THROTTLED:
        return f"throttled (429), sending again: retry {attempt} of {RETRIES_ON_THROTTLING}"
    return f"unavailable (503), sending again: retry {attempt} of {RETRIES_ON_UNAVAILABLE}"


def _retry_delay(exchange: Exchange, backoff: float) -> float:
    """Retry-After when the target says, else the exponential backoff."""
    return retry_delay(exchange.response_headers, backoff)


def retry_delay(headers: Mapping[str, str], backoff: float) -> float:
    """Retry-After when the target says, in either of its forms (RFC 9110 section 10.2.3:
    delay-seconds or an HTTP-date), else the exponential backoff."""
    for name, value in headers.items():
        if name.lower() != "retry-after":
            continue
        text = value.strip()
        if text.isdigit():
            return min(float(text), MAX_RETRY_AFTER_SECONDS)
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return backoff
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        wait = (moment - datetime.now(UTC)).total_seconds()
        return min(max(wait, 0.0), MAX_RETRY_AFTER_SECONDS)
    return backoff
