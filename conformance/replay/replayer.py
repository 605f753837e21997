"""Send a cassette's requests to a target, in the order recorded, and compare every answer.

A request that names a recording the replay target never made (its create was answered
differently) is not sent: the difference was reported, or allowed, at the create. Whatever the
replay creates and does not stop is stopped at the end, as a run's clean-up does, and never
compared: a live space bills what keeps recording.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from recording_conformance.conformance.client import (
    READ_TIMEOUT,
    ConformanceClient,
    TargetUnreachable,
)
from recording_conformance.conformance.exchange import BasicCredentials, Exchange, Operation
from recording_conformance.conformance.replay.callbacks import CallbackWatch
from recording_conformance.conformance.replay.compare import (
    Compared,
    Comparer,
    Comparison,
    Difference,
)
from recording_conformance.conformance.replay.entries import RecordedEntry
from recording_conformance.conformance.replay.substitution import Substitution
from recording_conformance.conformance.replay.watched import WatchedCreates
from recording_conformance.conformance.sanitize import MASK, Sanitizer
from recording_conformance.conformance.target import Target

OPERATIONS: dict[str, Operation] = {"fetch": "fetch", "update": "update"}
# As the suite paces a remote space: at most 5 requests a second, slower retries.
REMOTE_INTERVAL_SECONDS = 0.2
REMOTE_RETRY_BACKOFF_SECONDS = 1.0
SKIP_RETRIED = "a 429 or 503 the recorded run sent again (no answer to compare)"
SKIP_UNMATCHED = "names a recording the replay target did not make"
SKIP_MASKED = "holds the masked token in its URL or body, which cannot be sent again"


@dataclass
class ReplayResult:
    compared: list[Compared] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    # Freedom entry id -> how many differences it allowed.
    allowed: Counter[str] = field(default_factory=Counter)
    cleaned_up: int = 0
    # Why the callbacks of watched creates were not compared -> how many creates.
    callbacks_not_compared: Counter[str] = field(default_factory=Counter)

    @property
    def differing(self) -> list[Compared]:
        return [c for c in self.compared if c.comparison.differences]


def replay_client(target: Target, *, timeout: float = READ_TIMEOUT) -> ConformanceClient:
    """The suite's one client, bound to the replay target and masking its token; `timeout`:
    how long to wait for an answer."""
    sanitizer = Sanitizer()
    sanitizer.add(target.api_token, user=target.project_id)
    local = target.is_loopback
    return ConformanceClient(
        target,
        sanitizer,
        min_interval=0.0 if local else REMOTE_INTERVAL_SECONDS,
        retry_backoff=0.05 if local else REMOTE_RETRY_BACKOFF_SECONDS,
        read_timeout=timeout,
    )


def _created_sid(exchange: Exchange | RecordedEntry) -> str | None:
    body = exchange.json()
    sid = body.get("sid") if isinstance(body, dict) else None
    return sid if 200 <= exchange.status < 300 and isinstance(sid, str) else None


class Replayer:
    """`callbacks`: the replay's callback receiver; without one, the callbacks a cassette
    holds are not compared (and the result says why)."""

    def __init__(
        self, client: ConformanceClient, comparer: Comparer, callbacks: CallbackWatch | None = None
    ) -> None:
        self.client = client
        self.comparer = comparer
        self.watched = WatchedCreates(callbacks)
        self.substitution = Substitution(client.target)
        # Recorded sids the recorded run had stopped: stopping them again may answer otherwise.
        self._stopped: set[str] = set()
        self._replay_stopped: set[str] = set()
        # Replayed sid -> the entry whose create got it first.
        self._sid_owner: dict[str, RecordedEntry] = {}

    def replay(self, entries: Iterable[RecordedEntry]) -> ReplayResult:
        result = ReplayResult()
        for entry in entries:
            reason = self._skip_reason(entry)
            if reason:
                result.skipped[reason] += 1
                continue
            compared = self._replay_one(entry)
            result.compared.append(compared)
            result.allowed.update(freedom for freedom, _ in compared.comparison.allowed)
        # Before the clean-up: what the cassette's own requests made the target send.
        result.allowed.update(self.watched.compare(self.substitution, exact=self.comparer.exact))
        result.callbacks_not_compared = self.watched.not_compared
        result.cleaned_up = self._clean_up()
        return result

    def _skip_reason(self, entry: RecordedEntry) -> str:
        if entry.retried:
            return SKIP_RETRIED
        if self.substitution.follows_unmatched(entry):
            return SKIP_UNMATCHED
        if MASK in entry.url or MASK in entry.request_text:
            return SKIP_MASKED
        return ""

    def _send(self, entry: RecordedEntry, body: bytes) -> Exchange:
        text = self.substitution.text
        url = text(entry.url, entry.target)
        path_ids = {k: text(v, entry.target) for k, v in entry.path_ids.items()}
        auth = self.substitution.auth(entry)
        if isinstance(auth, BasicCredentials) and auth.password != self.client.target.project_id:
            # As the suite does: a made-up password sent back is a leak too.
            self.client.sanitizer.watch(auth.password, user=auth.user)
        content_type = entry.content_type or None
        if entry.operation == "create":
            return self.client.post_create(url, body, content_type, path_ids=path_ids, auth=auth)
        return self.client.send(
            entry.method,
            url,
            operation=OPERATIONS.get(entry.operation, "other"),
            path_ids=path_ids,
            body=body,
            content_type=content_type,
            auth=auth,
        )

    def _unanswered(self, entry: RecordedEntry, body: bytes) -> Compared:
        """The request as sent, with no answer: a target that answers other requests and
        never this one differs on this one."""
        text = self.substitution.text
        sent = Exchange(
            method=entry.method,
            url=text(entry.url, entry.target),
            request_headers={"Content-Type": entry.content_type} if entry.content_type else {},
            request_body=body,
            status=0,
            response_headers={},
            response_body=b"",
            elapsed=self.client.read_timeout,
            sanitizer=self.client.sanitizer,
            auth=self.substitution.auth(entry),
            project_id=self.client.target.project_id,
        )
        waited = f"no answer within {self.client.read_timeout:g} s"
        return Compared(entry, sent, Comparison([Difference("answer", entry.status, waited)]))

    def _replay_one(self, entry: RecordedEntry) -> Compared:
        body = self.substitution.body(entry.request_body, entry.target)
        body, watch_key = self.watched.body_for(entry, body)
        self.watched.before_sending(entry)
        compared = self._send_and_compare(entry, body)
        if watch_key is not None:
            recorded_sid = _created_sid(entry) if entry.operation == "create" else None
            self.watched.sent(compared, watch_key, recorded_sid)
        return compared

    def _send_and_compare(self, entry: RecordedEntry, body: bytes) -> Compared:
        try:
            replayed = self._send(entry, body)
        except TargetUnreachable as exc:
            # A target that has answered before and takes this request without answering it
            # differs here; one that refuses connections, or never answered, is down.
            if not (exc.timed_out and self.client.requests_sent):
                raise
            if entry.operation == "create" and _created_sid(entry) is not None:
                self.substitution.learn(str(_created_sid(entry)), None)
            return self._unanswered(entry, body)
        recorded_sid = _created_sid(entry) if entry.operation == "create" else None
        reused: Difference | None = None
        if recorded_sid is not None:
            new_sid = _created_sid(replayed)
            self.substitution.learn(recorded_sid, new_sid)
            if new_sid is not None:
                owner = self._sid_owner.setdefault(new_sid, entry)
                if owner is not entry:
                    reused = Difference("sid", "a new sid", f"a sid given before ({owner.label})")
        stop = entry.is_stop
        recorded_target_sid = entry.path_ids.get("sid", "")
        comparison = self.comparer.compare(
            entry,
            replayed,
            self.substitution,
            stopped_before=stop and recorded_target_sid in self._stopped,
        )
        if reused is not None:
            comparison.differences.append(reused)
        if stop and 200 <= entry.status < 300:
            self._stopped.add(recorded_target_sid)
        if stop and 200 <= replayed.status < 300:
            self._replay_stopped.add(replayed.path_ids.get("sid", ""))
        return Compared(entry, replayed, comparison)

    def _clean_up(self) -> int:
        stopped = 0
        for created in self.client.take_created():
            if created.sid not in self._replay_stopped:
                self.client.stop_at(created.url, created.path_ids)
                stopped += 1
        return stopped
