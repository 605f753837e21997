"""Before any test: a few requests that establish the run can judge the target at all.

Each way it cannot is one sentence and an exit code of its own (`conformance.stops`), never a
failure per test: a closed port, a URL that serves something other than this API, credentials
the space refuses, a call that is unknown or not in progress, a callback URL that does not
reach the receiver. Nothing here is a conformance verdict; none of it is judged.
"""

from __future__ import annotations

import time
import uuid

import requests

from recording_conformance.conformance.calls import Answer, CallControl, SetupRequestFailed
from recording_conformance.conformance.receiver import CallbackReceiver
from recording_conformance.conformance.stops import (
    EXIT_CALL_UNUSABLE,
    EXIT_CREDENTIALS,
    EXIT_TARGET_DOWN,
    EXIT_USAGE,
    Stop,
)
from recording_conformance.conformance.target import unreachable

CALLBACK_PROBE_SECONDS = 10.0
USE_ANOTHER_CALL = "start a new call and pass its sid, or let the suite place one with --from/--to"


def _target_down(reason: str) -> Stop:
    return Stop(reason, EXIT_TARGET_DOWN, before_start=True)


def check_target(control: CallControl) -> tuple[Stop | None, bool]:
    """The target can be connected to, answers as an API, and does not refuse the credentials.
    Two requests: the account's recordings listed without and with them. Also says whether the
    target serves that list (a whole space does; a mock of Create a Recording alone may not,
    and is then judged without the call and the credentials checked beforehand)."""
    problem = unreachable(control.api_base)
    if problem:
        return _target_down(f"the target did not answer: {problem}"), False
    listing = f"{control.account}/Recordings.json"
    try:
        anonymous = control.request("GET", listing, params={"PageSize": "1"}, authenticated=False)
        if not anonymous.is_json_object:
            return _target_down(
                f"{control.api_base} does not answer as the Compatibility API: listing the "
                f"account's recordings without credentials answered {anonymous.describe()}, "
                "not a JSON error; check --space-url"
            ), False
        listed = control.request("GET", listing, params={"PageSize": "1"})
    except SetupRequestFailed as exc:
        return _target_down(f"the target did not answer: {exc}"), False
    if listed.status in (401, 403):
        return Stop(
            f"the space refused the credentials (listing the account's recordings answered "
            f"{listed.describe()}); check --project-id and --api-token (a token with the Voice "
            "scope)",
            EXIT_CREDENTIALS,
            before_start=True,
        ), False
    if not listed.is_json_object:
        return _target_down(
            f"{control.api_base} does not answer as the Compatibility API: listing the account's "
            f"recordings answered {listed.describe()}; check --space-url"
        ), False
    return None, listed.status == 200


def describe_call_status(call_sid: str, status: str) -> str:
    """`the call C has completed` / `the call C is ringing`: for one sentence."""
    ended = status in ("completed", "canceled", "failed", "busy", "no-answer")
    return f"the call {call_sid} {'has ' if ended else 'is '}{status}"


def check_call(control: CallControl, call_sid: str) -> Stop | None:
    """The call exists and is in progress (only such a call can be recorded)."""
    try:
        answer = control.fetch_call(call_sid)
    except SetupRequestFailed as exc:
        return _target_down(f"the target did not answer: {exc}")
    return call_problem(call_sid, answer)


def call_problem(call_sid: str, answer: Answer) -> Stop | None:
    """What a fetch of the call says about recording it (None: it is in progress)."""
    if answer.status == 404:
        reason = f"the call {call_sid} does not exist on this space (fetching it answered 404)"
    elif answer.status != 200 or not answer.is_json_object:
        reason = f"fetching the call {call_sid} answered {answer.describe()}"
    else:
        status = str(answer.body.get("status"))
        if status == "in-progress":
            return None
        reason = describe_call_status(call_sid, status)
    return Stop(f"{reason}; {USE_ANOTHER_CALL}", EXIT_CALL_UNUSABLE, before_start=True)


def check_callback_forwarding(public_url: str, listen: tuple[str, int]) -> Stop | None:
    """A request to the public callback URL must reach the receiver at `listen`: a tunnel that
    forwards elsewhere would otherwise cost a minute of silence per callback test, and then
    blame the space."""
    probe_path = f"/recording-status/probe-{uuid.uuid4()}"
    probe_url = public_url.rstrip("/") + probe_path
    host, port = listen
    try:
        receiver = CallbackReceiver(host, port)
    except OSError as exc:
        return Stop(
            f"the callback receiver cannot listen on {host}:{port} ({exc.strerror})",
            EXIT_USAGE,
            before_start=True,
        )
    with receiver:
        answered = ""
        try:
            response = requests.get(probe_url, timeout=(5.0, CALLBACK_PROBE_SECONDS))
            answered = f"it answered {response.status_code}"
        except requests.RequestException as exc:
            answered = f"it got no answer ({type(exc).__name__})"
        arrived = receiver.wait_for(
            lambda got: any(r.path.endswith(probe_path) for r in got),
            timeout=0.5 if answered.startswith("it got no") else 2.0,
        )
        if any(r.path.endswith(probe_path) for r in arrived):
            return None
    return Stop(
        f"--callback-url (or CONFORMANCE_CALLBACK_URL) {public_url} does not reach the "
        f"callback receiver on {host}:{port}: "
        f"a GET of {probe_url} never arrived ({answered}); check that it forwards to "
        f"{host}:{port}",
        EXIT_USAGE,
        before_start=True,
    )


def place_call(
    control: CallControl,
    *,
    from_: str,
    to: str,
    laml_url: str | None,
    answer_timeout: float,
    poll: float,
) -> tuple[str | None, Stop | None]:
    """Place a call that keeps itself up and wait until it is in progress: its sid, or why
    not (a call that never answered is canceled before the run ends)."""
    try:
        placed = control.place_call(from_=from_, to=to, laml_url=laml_url)
    except SetupRequestFailed as exc:
        return None, _target_down(f"the target did not answer: {exc}")
    sid = placed.body.get("sid") if placed.is_json_object else None
    if placed.status not in (200, 201) or not isinstance(sid, str):
        refused_inline = not laml_url and placed.status in (400, 422)
        hint = " (a space that only fetches LaML needs --call-url)" if refused_inline else ""
        return None, Stop(
            f"placing a call from {from_} to {to} answered {placed.describe()}{hint}",
            EXIT_CALL_UNUSABLE,
            before_start=True,
        )
    started = time.monotonic()
    try:
        status = control.wait_for_answer(sid, timeout=answer_timeout, poll=poll)
    except SetupRequestFailed as exc:
        return sid, _target_down(f"the target did not answer: {exc}")
    if status == "in-progress":
        return sid, None
    waited = time.monotonic() - started
    if status in ("queued", "ringing", "initiated", "unknown"):
        reason = (
            f"the call placed from {from_} to {to} ({sid}) never answered in {waited:.0f} s "
            f"(status {status}); check that {to} answers"
        )
    else:
        reason = f"{describe_call_status(sid, status)} before it was answered; check {to}"
    return sid, Stop(reason, EXIT_CALL_UNUSABLE, before_start=True)
