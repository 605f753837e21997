"""Recording status callbacks, delivered the way a space sends them, but only ever to loopback."""

from __future__ import annotations

import ipaddress
import threading
import urllib.error
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from mockspace.config import MockConfig
from mockspace.faults import Fault
from mockspace.render import API_PREFIX, rfc2822
from mockspace.state import Recording

DELIVERY_TIMEOUT_SECONDS = 3.0


@dataclass(frozen=True)
class Delivery:
    """One callback the mock sent or declined to send."""

    url: str
    method: str
    params: dict[str, str]
    # "delivered 204", "refused: not loopback", "failed: <reason>".
    outcome: str


def iri_to_uri(iri: str) -> str:
    """Percent-encode what is not ASCII, as RFC 3987 section 3.1 maps an IRI to a URI."""
    return quote(iri, safe="".join(chr(c) for c in range(0x21, 0x7F)))


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

    def notify(self, recording: Recording, status: str, config: MockConfig) -> None:
        """Send the `status` event for `recording` if its creator asked for it."""
        params = recording.params
        requested = status in params.callback_events or config.has(Fault.CALLBACKS_FOR_EVERY_EVENT)
        if params.callback_url is None or not requested:
            return
        if config.has(Fault.CALLBACKS_NEVER_SENT):
            return
        method = "POST" if config.has(Fault.CALLBACK_METHOD_IGNORED) else params.callback_method
        payload = callback_params(recording, status, config)
        if config.has(Fault.CALLBACKS_WITHOUT_RECORDING_SID):
            del payload["RecordingSid"], payload["RecordingUrl"]
        future = self._pool.submit(self._deliver, params.callback_url, method, payload)
        with self._lock:
            self._pending = [f for f in self._pending if not f.done()] + [future]

    def _deliver(self, url: str, method: str, payload: dict[str, str]) -> None:
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
        """Wait for the callbacks under way (used before shutdown and by tests)."""
        with self._lock:
            pending = list(self._pending)
        for future in pending:
            future.result(timeout=timeout)

    def clear(self) -> None:
        with self._lock:
            self._deliveries.clear()

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
