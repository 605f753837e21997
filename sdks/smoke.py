"""The smoke session of one SDK: creates that use every parameter and between them every value,
a fetch, a stop, and an unknown call, each answer checked for what the SDK must have parsed."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from recording_conformance.sdks.catalogue import Sdk
from recording_conformance.sdks.driver import DriverError, DriverProcess
from recording_conformance.sdks.session import Answer, SdkSession
from recording_conformance.spec import Spec

ENUM_PARAMETERS = ("RecordingChannels", "RecordingTrack", "Trim", "RecordingStatusCallbackMethod")
EVENTS = "RecordingStatusCallbackEvent"
CHANNEL_COUNTS = {"mono": 1, "dual": 2}
NOT_FOUND = (404, 20404)


@dataclass(frozen=True)
class Target:
    """Where the drivers send their requests: a space's origin, credentials, a call to record."""

    base_url: str
    project_id: str
    api_token: str
    call_sid: str
    callback_url: str


@dataclass
class SmokeResult:
    """What one SDK's smoke session showed: its ready line, what worked, what did not."""

    sdk: Sdk
    ready: dict[str, object] = field(default_factory=dict)
    worked: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    skipped: str | None = None

    @property
    def ok(self) -> bool:
        return not self.failures

    def line(self) -> str:
        """One line: the SDK, its version, and what worked or why not."""
        if self.skipped is not None:
            return f"{self.sdk.name}: skipped: {self.skipped}"
        verdict = "ok" if self.ok else "FAILED: " + "; ".join(self.failures)
        if not self.ready:  # it never started: nothing to name but the failure
            return f"{self.sdk.name}: {verdict}"
        version = f"{self.ready.get('version', '?')} ({self.ready.get('runtime', '?')})"
        return f"{self.sdk.name} {version}: {verdict}; worked: {', '.join(self.worked) or 'none'}"


def smoke_requests(spec: Spec, callback_url: str) -> list[dict[str, object]]:
    """Creates with every parameter, as few as use every value of each once: value i of each
    enum in create i (round robin), and a list of two events, so that each event is in one."""
    enums = {name: spec.parameters[name].enum or () for name in ENUM_PARAMETERS}
    events = spec.parameters[EVENTS].described_values or ()
    count = max(len(values) for values in [*enums.values(), events])
    requests: list[dict[str, object]] = []
    for index in range(count):
        request: dict[str, object] = {
            name: values[index % len(values)] for name, values in enums.items()
        }
        request["RecordingStatusCallback"] = callback_url
        request[EVENTS] = [events[index % len(events)], events[(index + 1) % len(events)]]
        requests.append(request)
    return requests


def _problems_with_created(answer: Answer, request: dict[str, object]) -> Iterator[str]:
    if not answer.ok:
        yield f"refused ({answer.describe()}: {answer.error.get('message')})"
        return
    channels = CHANNEL_COUNTS.get(str(request["RecordingChannels"]))
    if answer.field("channels") != channels:
        yield f"channels {answer.attributes.get('channels')!r}, not {channels}"
    if not isinstance(answer.field("date_created"), datetime):
        yield f"date_created {answer.attributes.get('date_created')!r} is not a tagged datetime"
    if not isinstance(answer.field("sid"), str):
        yield "no sid"


def run_smoke(sdk: Sdk, driver: DriverProcess, spec: Spec, target: Target) -> SmokeResult:
    """Drive one started driver through the smoke session; a DriverError ends it as a failure."""
    result = SmokeResult(sdk, ready=dict(driver.ready))
    session = SdkSession(sdk, driver)
    try:
        _smoke(session, spec, target, result)
    except DriverError as exc:
        result.failures.append(str(exc))
    return result


def _smoke(session: SdkSession, spec: Spec, target: Target, result: SmokeResult) -> None:
    sids: list[str] = []
    requests = smoke_requests(spec, target.callback_url)
    for index, request in enumerate(requests, 1):
        answer = session.create(target.call_sid, request)
        problems = list(_problems_with_created(answer, request))
        result.failures += [f"create {index}: {problem}" for problem in problems]
        if answer.ok:
            sids.append(str(answer.field("sid")))
    if not result.failures:
        result.worked.append(f"{len(requests)} creates with every parameter and every value")
    if not sids:
        return
    fetched = session.fetch(sids[0])
    if fetched.ok and fetched.field("sid") == sids[0]:
        result.worked.append("fetch")
    else:
        result.failures.append(f"fetch: {fetched.describe()} {fetched.error or fetched.attributes}")
    stopped = [session.update(target.call_sid, sid, {"Status": "stopped"}) for sid in sids]
    wrong = [a for a in stopped if not a.ok or a.field("status") != "stopped"]
    if wrong:
        result.failures.append(f"update to stopped: {wrong[0].describe()} {wrong[0].error}")
    else:
        result.worked.append(f"update status=stopped ({len(stopped)})")
    unknown = session.create(str(uuid.uuid4()), {})
    if not unknown.ok and (unknown.error.get("status"), unknown.error.get("code")) == NOT_FOUND:
        result.worked.append(f"unknown call: {unknown.describe()}")
    else:
        result.failures.append(f"unknown call: {unknown.describe()}, not 404/20404")
