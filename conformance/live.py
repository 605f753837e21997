"""A run against a space of the user's (`--space-url`): what happens before the first test and
after the last, on the controller (or the only process).

Before: the preflight (`conformance.preflight`), and the call to record: the one given, or one
the suite places and waits for. After, also when the run failed or was interrupted: every
recording in progress on the call that the run may have started is stopped (the list is paged
through, so that a create whose answer never arrived is not forgotten), and a placed call is
hung up. What cannot be stopped is listed with the command that stops it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest

from recording_conformance.conformance import compat
from recording_conformance.conformance.calls import RUNNING, CallControl, SetupRequestFailed
from recording_conformance.conformance.options import RunSettings
from recording_conformance.conformance.preflight import (
    check_call,
    check_callback_forwarding,
    check_target,
    place_call,
)
from recording_conformance.conformance.recorder import Recorder
from recording_conformance.conformance.stops import Stop
from recording_conformance.conformance.target import api_base_from_space_url, is_loopback_host

CALL_INPUT = "conformance_call_sid"
LISTS_INPUT = "conformance_lists_recordings"
# Why the tests of other operations skip against a mock of Create a Recording alone.
CREATE_ALONE = (
    "the target serves Create a Recording alone (it lists no recordings): fetch and update, "
    "from the platform documentation, are not its to serve"
)
PLUGIN_NAME = "conformance-live"


class LiveSession:
    """Set-up and tidy-up of one run against a space. `stopped` is told of a preflight that
    failed (the reporting plugin's `stopped`)."""

    def __init__(
        self,
        config: pytest.Config,
        chosen: RunSettings,
        recorder: Recorder,
        stopped: Any,
        *,
        ended: Callable[[frozenset[str]], None],
        provenance: dict[str, Any],
        active: bool,
    ) -> None:
        self.config = config
        self.chosen = chosen
        self.recorder = recorder
        self.stopped = stopped
        self.report_ended = ended
        # Whether this run talks to the target at all (not --collect-only, --plan, or the
        # project's own tests, which load the plugin too).
        self.active = active
        self.call_sid: str | None = chosen.call_sid
        self.placed = False
        # Whether the target lists the call's recordings (for the final sweep).
        self.lists_recordings = True
        self.stop: Stop | None = None
        # Recordings already in progress on the call before the run: not the run's to stop.
        self.before: set[str] = set()
        # What the set-up and tidy-up did, for the report (its provenance's "live").
        self.summary: dict[str, Any] = {}
        provenance["live"] = self.summary
        workerinput = getattr(config, "workerinput", None)
        if workerinput is not None and workerinput.get(CALL_INPUT):
            self.call_sid = str(workerinput[CALL_INPUT])
        if workerinput is not None and LISTS_INPUT in workerinput:
            self.lists_recordings = bool(workerinput[LISTS_INPUT])
        api_base = api_base_from_space_url(chosen.space_url or "")
        self.control = CallControl(api_base, chosen.project_id or "", chosen.api_token or "")

    @property
    def is_worker(self) -> bool:
        return hasattr(self.config, "workerinput")

    def _say(self, line: str, **markup: bool) -> None:
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            compat.write_own_line(reporter, line, **markup)

    # --- Before the first test --------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        if self.is_worker or not self.active:
            return
        base = self.control.api_base
        self._say(f"conformance target: {base}, from {self.chosen.space_url_source}", bold=True)
        stop = self._prepare()
        if stop is not None:
            self.stop = stop
            self.stopped(stop)
            self._say(f"stopped before any test: {stop.reason}", red=True, bold=True)
            # No worker is started for a run that cannot judge anything.
            compat.run_without_workers(self.config)

    def _prepare(self) -> Stop | None:
        chosen = self.chosen
        stop, whole_space = check_target(self.control)
        if stop is None and chosen.callback_url:
            stop = check_callback_forwarding(chosen.callback_url, chosen.callback_listen)
        if stop is not None:
            return stop
        if not whole_space and not chosen.places_call:
            # A mock of this endpoint alone: nothing else to ask it before the run.
            self.lists_recordings = False
            self._say(
                "the target serves no recording list (a mock of Create a Recording alone?): "
                "the call is not checked before the run, and the end of the run relies on what "
                "the run itself created"
            )
            return None
        if chosen.places_call:
            local = is_loopback_host(urlsplit(self.control.api_base).hostname or "")
            self._say(f"placing a call from {chosen.call_from} to {chosen.call_to}...")
            sid, stop = place_call(
                self.control,
                from_=chosen.call_from or "",
                to=chosen.call_to or "",
                laml_url=chosen.call_laml_url,
                answer_timeout=chosen.call_answer_timeout,
                poll=0.05 if local else 1.0,
            )
            self.call_sid, self.placed = sid, sid is not None
            if stop is not None:
                self._hang_up()
                return stop
            self._say(f"call {sid} in progress; it is hung up when the run ends")
        elif self.call_sid:
            stop = check_call(self.control, self.call_sid)
            if stop is not None:
                return stop
        try:
            self.before = {
                str(r.get("sid"))
                for r in self.control.recordings_of(self.call_sid or "")
                if r.get("status") in RUNNING
            }
        except SetupRequestFailed:
            self.before = set()  # the clean-up then stops only what the run knows it made
        return None

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection(self, session: pytest.Session) -> bool | None:
        # A run stopped before its first test collects nothing: its verdict is the stop.
        return True if self.stop is not None else None

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        # pytest-xdist, on the controller: every worker records the same call.
        node.workerinput[CALL_INPUT] = self.call_sid or ""
        # And every worker knows what the preflight found the target to serve.
        node.workerinput[LISTS_INPUT] = self.lists_recordings

    # --- After the last test ----------------------------------------------------------------

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        # After pytest has torn the session's fixtures down (the harness has stopped what it
        # knows it created), before the report is folded (registered before the reporting
        # plugin, this trylast hook runs before its own).
        if self.is_worker or not self.active or self.call_sid is None:
            return
        if self.stop is None and self.lists_recordings:
            self._sweep()  # a run stopped by its preflight created nothing
        self._hang_up()
        if self.stop is None and self.lists_recordings:
            self._last_look()
        self.summary.update(
            {
                "call": self.call_sid,
                "call_placed": self.placed,
                "space_url_from": self.chosen.space_url_source,
                # Preflight, placing and hanging up the call, and the sweep: outside the
                # budget and never judged.
                "set_up_requests": self.control.requests_sent,
            }
        )
        self.control.close()

    def _sweep(self) -> None:
        """Stop every recording in progress on the call that the run may have started."""
        call = self.call_sid or ""
        try:
            running = [
                str(r.get("sid"))
                for r in self.control.recordings_of(call)
                if r.get("status") in RUNNING and str(r.get("sid")) not in self.before
            ]
        except SetupRequestFailed as exc:
            self._say(f"could not list the call's recordings to check none is left: {exc}")
            return
        except KeyboardInterrupt:
            self._say("listing the call's recordings was interrupted", red=True)
            return
        self.summary["swept"] = len(running)
        if not running:
            return
        self._say(f"stopping {len(running)} recordings still in progress on call {call}...")
        for index, sid in enumerate(running):
            url = f"{self.control.account}/Calls/{call}/Recordings/{sid}.json"
            try:
                answer = self.control.stop_recording(call, sid)
            except SetupRequestFailed as exc:
                self.recorder.unstopped(sid, url, str(exc))
                continue
            except KeyboardInterrupt:
                for left in running[index:]:
                    self.recorder.unstopped(
                        left,
                        f"{self.control.account}/Calls/{call}/Recordings/{left}.json",
                        "the clean-up was interrupted",
                    )
                return
            if not 200 <= answer.status < 300:
                self.recorder.unstopped(sid, url, f"stopping answered {answer.describe()}")

    def _last_look(self) -> None:
        """List the call's recordings once more: a recording the clean-up could not stop that
        has ended since (the sweep stopped it, or the call hung up ended it) is not reported
        as left running."""
        try:
            listed = self.control.recordings_of(self.call_sid or "")
        except (SetupRequestFailed, KeyboardInterrupt):
            return
        self.report_ended(
            frozenset(str(r.get("sid")) for r in listed if r.get("status") not in RUNNING)
        )

    def _hang_up(self) -> None:
        if not (self.placed and self.call_sid):
            return
        try:
            fetched = self.control.fetch_call(self.call_sid)
            ok = fetched.status == 200 and fetched.is_json_object
            status = str(fetched.body.get("status")) if ok else ""
            if status in ("completed", "canceled", "failed", "busy", "no-answer"):
                self.summary["call_hung_up"] = status
                return
            wanted = "canceled" if status in ("queued", "ringing") else "completed"
            answer = self.control.hang_up(self.call_sid, wanted)
        except (SetupRequestFailed, KeyboardInterrupt) as exc:
            self._say(
                f"NOT HUNG UP: call {self.call_sid} ({type(exc).__name__}): hang it up with "
                f"curl -X POST {self.control.call_url(self.call_sid)} "
                '-u "$SIGNALWIRE_PROJECT_ID:$SIGNALWIRE_API_TOKEN" --data Status=completed',
                red=True,
            )
            return
        self.summary["call_hung_up"] = wanted if answer.status == 200 else answer.describe()
        if answer.status == 200:
            self._say(f"call {self.call_sid} hung up")
