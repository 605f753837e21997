"""The calls and recordings around a run, outside what is judged: fetching the call to record,
placing one and hanging it up, and listing what was recorded on it.

These requests set the run up and tidy after it; none of them is a conformance verdict, so they
go through a session of their own rather than the judged client. Their count is reported.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests

from recording_conformance.conformance.client import retry_delay
from recording_conformance.conformance.target import is_loopback_host

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0
# A call the suite places keeps itself up with a LaML pause this long (the run hangs it up).
KEEP_UP_SECONDS = 3600
KEEP_UP_LAML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Response><Pause length="{KEEP_UP_SECONDS}"/></Response>'
)
# A recording in one of these may still be recording.
RUNNING = frozenset({"in-progress", "paused", "queued", "processing"})
# A list page asks for this many recordings; the clean-up follows `next_page_uri`.
PAGE_SIZE = 100
MAX_PAGES = 50
# Throttled or unavailable set-up requests are sent again this many times, after Retry-After.
RETRIES = 6
BACKOFF_SECONDS = 0.5


class SetupRequestFailed(ConnectionError):
    """A request of the set-up got no answer (the message says which, without credentials)."""


@dataclass(frozen=True)
class Answer:
    """What the space answered to a set-up request."""

    status: int
    body: Any
    content_type: str

    @property
    def is_json_object(self) -> bool:
        return isinstance(self.body, dict)

    @property
    def is_error_shape(self) -> bool:
        """The documented error shape: a JSON object with an integer `code` and a `message`."""
        return (
            isinstance(self.body, dict)
            and isinstance(self.body.get("code"), int)
            and isinstance(self.body.get("message"), str)
        )

    def describe(self) -> str:
        """`404 text/html` or `400 (code 21220: Call is not in-progress.)`: for one sentence."""
        if self.is_error_shape:
            return f"{self.status} (code {self.body['code']}: {self.body['message']})"
        kind = self.content_type.split(";", 1)[0] or "no content type"
        return f"{self.status} {kind}"


@dataclass
class CallControl:
    """An authenticated session to the space's Calls and Recordings resources."""

    api_base: str
    project_id: str
    api_token: str = field(repr=False)
    requests_sent: int = 0

    def __post_init__(self) -> None:
        self._session = requests.Session()
        self._session.headers["User-Agent"] = "recording-conformance"
        self._session.trust_env = not is_loopback_host(urlsplit(self.api_base).hostname or "")

    @property
    def account(self) -> str:
        return f"{self.api_base}/Accounts/{self.project_id}"

    def request(
        self,
        method: str,
        url: str,
        *,
        data: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
        authenticated: bool = True,
    ) -> Answer:
        """Send, waiting out a rate limit (429) or a temporary outage (503) as the target's
        Retry-After says, like the judged client does: the set-up must not take throttling
        for an answer."""
        for attempt in range(RETRIES + 1):
            answer, headers = self._send_once(method, url, data, params, authenticated)
            if answer.status not in (429, 503):
                return answer
            if attempt < RETRIES:
                time.sleep(retry_delay(headers, BACKOFF_SECONDS * 2**attempt))
        why = "rate limited" if answer.status == 429 else "unavailable"
        raise SetupRequestFailed(
            f"{method} {url} answered {answer.status} {RETRIES + 1} times ({why})"
        )

    def _send_once(
        self,
        method: str,
        url: str,
        data: dict[str, str] | None,
        params: dict[str, str] | None,
        authenticated: bool,
    ) -> tuple[Answer, Mapping[str, str]]:
        auth = (self.project_id, self.api_token) if authenticated else None
        try:
            response = self._session.request(
                method,
                url,
                data=data,
                params=params,
                auth=auth,
                timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
            )
        except requests.RequestException as exc:
            raise SetupRequestFailed(
                f"{method} {url} got no answer ({type(exc).__name__})"
            ) from None
        finally:
            self.requests_sent += 1
        try:
            body = response.json()
        except ValueError:
            body = None
        content_type = response.headers.get("Content-Type", "")
        return Answer(response.status_code, body, content_type), response.headers

    def call_url(self, call_sid: str) -> str:
        return f"{self.account}/Calls/{call_sid}.json"

    def fetch_call(self, call_sid: str) -> Answer:
        return self.request("GET", self.call_url(call_sid))

    def place_call(self, *, from_: str, to: str, laml_url: str | None) -> Answer:
        """POST a call that keeps itself up: to a LaML document the user names, else with the
        document inline (`Twiml`, which spaces that only fetch `Url` refuse: say so)."""
        data = {"From": from_, "To": to, "Timeout": "60"}
        if laml_url:
            data["Url"] = laml_url
        else:
            data["Twiml"] = KEEP_UP_LAML
        return self.request("POST", f"{self.account}/Calls.json", data=data)

    def hang_up(self, call_sid: str, status: str) -> Answer:
        """`completed` ends a call in progress; `canceled` one still queued or ringing."""
        return self.request("POST", self.call_url(call_sid), data={"Status": status})

    def wait_for_answer(self, call_sid: str, *, timeout: float, poll: float) -> str:
        """Poll the call until it is in progress or has ended, or `timeout` passes; return its
        last status."""
        deadline = time.monotonic() + timeout
        status = "unknown"
        while True:
            answer = self.fetch_call(call_sid)
            if answer.status == 200 and answer.is_json_object:
                status = str(answer.body.get("status"))
            if status not in ("queued", "ringing", "initiated", "unknown"):
                return status
            if time.monotonic() >= deadline:
                return status
            time.sleep(poll)

    def recordings_of(self, call_sid: str) -> list[dict[str, Any]]:
        """Every recording of the call, newest first, following the list's pages."""
        found: list[dict[str, Any]] = []
        url: str | None = f"{self.account}/Recordings.json"
        params: dict[str, str] | None = {"CallSid": call_sid, "PageSize": str(PAGE_SIZE)}
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.api_base))
        for _ in range(MAX_PAGES):
            if url is None:
                break
            answer = self.request("GET", url, params=params)
            if answer.status != 200 or not answer.is_json_object:
                raise SetupRequestFailed(
                    f"listing the call's recordings answered {answer.describe()}"
                )
            page = answer.body
            found += [r for r in page.get("recordings") or [] if isinstance(r, dict)]
            following = page.get("next_page_uri")
            url = origin + following if isinstance(following, str) and following else None
            params = None  # the next page's URI carries its own query
        return [r for r in found if r.get("call_sid") in (None, call_sid)]

    def stop_recording(self, call_sid: str, recording_sid: str) -> Answer:
        url = f"{self.account}/Calls/{call_sid}/Recordings/{recording_sid}.json"
        return self.request("POST", url, data={"Status": "stopped"})

    def close(self) -> None:
        self._session.close()
