"""Recording status callbacks, delivered the way a space sends them, but only ever to loopback."""

from __future__ import annotations

import ipaddress
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from recording_conformance.mockspace.config import MockConfig
from recording_conformance.mockspace.faults import Fault, Variation
from recording_conformance.mockspace.render import API_PREFIX, rfc2822
from recording_conformance.mockspace.state import Recording

DELIVERY_TIMEOUT_SECONDS = 3.0
# How late the CALLBACKS_DELAYED variation delivers each callback.
DELAY_SECONDS = 0.5
# The statuses a recording ends in: CALLBACKS_OUT_OF_ORDER releases in-progress after these.
FINAL_STATUSES = frozenset({"completed", "absent"})


@dataclass(frozen=True)
class Delivery:
    """One callback the mock sent or declined to send."""

    url: str
    method: str
    params: dict[str, str]
    # "delivered 204", "refused: not loopback", "failed: <reason>".
    outcome: str


@dataclass(frozen=True)
class _Job:
    """One callback to deliver `times` times, not before the monotonic time `not_before`."""

    url: str
    method: str
    payload: dict[str, str]
    not_before: float
    times: int


def iri_to_uri(iri: str) -> str:
    """Percent-encode what is not ASCII, as RFC 3987 section 3.1 maps an IRI to a URI."""
    return quote(iri, safe="".join(chr(c) for c in range(0x21, 0x7F)))


def is_http_url(url: str) -> bool:
    """Whether `url` is an http(s) URL with a host: the only callbacks ever sent (other
    absolute URIs can be accepted under the LENIENT variation, and are never called)."""
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def is_loopback_url(url: str) -> bool:
    """Whether `url` names a loopback host (127.0.0.0/8, ::1 or localhost)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def callback_params(recording: Recording, status: str, config: MockConfig) -> dict[str, str]:
    """The documented parameters of a recording status callback."""
    origin = recording.origin.rstrip("/")
    return {
        "AccountSid": recording.account_sid,
        "CallSid": recording.call_sid,
        "RecordingSid": recording.sid,
        "RecordingUrl": f"{origin}{API_PREFIX}/Accounts/{recording.account_sid}"
        f"/Recordings/{recording.sid}",
        "RecordingStatus": status,
        "RecordingDuration": str(recording.duration),
        "RecordingChannels": str(recording.params.channels),
        "RecordingSource": "StartCallRecordingApi",
        "RecordingStartTime": rfc2822(recording.start_time, config) or "",
        "RecordingTrack": recording.params.track,
        "ErrorCode": "0",
    }


class CallbackDispatcher:
    """Sends callbacks from worker threads so a create answers without waiting for them."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="mockspace-callback")
        self._lock = threading.Lock()
        self._deliveries: list[Delivery] = []
        self._pending: list[Future[None]] = []
        # CALLBACKS_OUT_OF_ORDER: in-progress callbacks held back, by recording sid.
        self._held: dict[str, _Job] = {}

    def notify(self, recording: Recording, status: str, config: MockConfig) -> None:
        """Send the `status` event for `recording` if its creator asked for it."""
        held = self._release(recording.sid) if status in FINAL_STATUSES else None
        job = self._job(recording, status, config)
        if job and status == "in-progress" and config.varies(Variation.CALLBACKS_OUT_OF_ORDER):
            # Sent after the recording's final callback, or when the dispatcher drains.
            with self._lock:
                self._held[recording.sid] = job
            return
        self._submit([j for j in (job, held) if j is not None])

    def _job(self, recording: Recording, status: str, config: MockConfig) -> _Job | None:
        params = recording.params
        requested = status in params.callback_events or config.has(Fault.CALLBACKS_FOR_EVERY_EVENT)
        if params.callback_url is None or not requested:
            return None
        if config.has(Fault.CALLBACKS_NEVER_SENT):
            return None
        method = "POST" if config.has(Fault.CALLBACK_METHOD_IGNORED) else params.callback_method
        payload = callback_params(recording, status, config)
        if config.has(Fault.CALLBACKS_WITHOUT_RECORDING_SID):
            del payload["RecordingSid"], payload["RecordingUrl"]
        delay = DELAY_SECONDS if config.varies(Variation.CALLBACKS_DELAYED) else 0.0
        times = 2 if config.varies(Variation.CALLBACKS_TWICE) else 1
        return _Job(params.callback_url, method, payload, time.monotonic() + delay, times)

    def _release(self, sid: str) -> _Job | None:
        with self._lock:
            return self._held.pop(sid, None)

    def _submit(self, jobs: list[_Job]) -> None:
        """Deliver `jobs` one after another, in one worker, so their order holds."""
        if not jobs:
            return
        future = self._pool.submit(self._run, jobs)
        with self._lock:
            self._pending = [f for f in self._pending if not f.done()] + [future]

    def _run(self, jobs: list[_Job]) -> None:
        for job in jobs:
            # Late relative to the event, not to the queue: a busy pool adds no more delay.
            time.sleep(max(0.0, job.not_before - time.monotonic()))
            for _ in range(job.times):
                self._deliver(job.url, job.method, job.payload)

    def _deliver(self, url: str, method: str, payload: dict[str, str]) -> None:
        if not is_http_url(url):
            self._record(Delivery(url, method, payload, "refused: not an http(s) URL"))
            return
        if not is_loopback_url(url):
            self._record(Delivery(url, method, payload, "refused: not loopback"))
            return
        request = _request(iri_to_uri(url), method, payload)
        try:
            with urllib.request.urlopen(request, timeout=DELIVERY_TIMEOUT_SECONDS) as answer:
                outcome = f"delivered {answer.status}"
        except urllib.error.HTTPError as exc:
            outcome = f"delivered {exc.code}"
        except (OSError, ValueError) as exc:
            outcome = f"failed: {exc}"
        self._record(Delivery(url, method, payload, outcome))

    def _record(self, delivery: Delivery) -> None:
        with self._lock:
            self._deliveries.append(delivery)

    def deliveries(self) -> list[Delivery]:
        """Every callback sent or refused so far."""
        with self._lock:
            return list(self._deliveries)

    def drain(self, timeout: float = DELIVERY_TIMEOUT_SECONDS * 2) -> None:
        """Send what is held back, and wait for the callbacks under way (used before shutdown
        and by tests)."""
        with self._lock:
            held = list(self._held.values())
            self._held.clear()
        for job in held:
            self._submit([job])
        with self._lock:
            pending = list(self._pending)
        for future in pending:
            future.result(timeout=timeout)

    def clear(self) -> None:
        with self._lock:
            self._deliveries.clear()
            self._held.clear()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _request(url: str, method: str, payload: dict[str, str]) -> urllib.request.Request:
    encoded = urlencode(payload)
    if method == "GET":
        parts = urlsplit(url)
        query = f"{parts.query}&{encoded}" if parts.query else encoded
        return urllib.request.Request(urlunsplit(parts._replace(query=query)), method="GET")
    return urllib.request.Request(
        url,
        data=encoded.encode(),
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
