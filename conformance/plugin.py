"""The suite's pytest plugin: the spec, the one client and harness, and the conformance report.
The package's plugin (`recording_conformance/plugin.py`) adds the options and registers this one
in a run of the suite; the repository's conftest.py registers it for the project's own tests.

    recording-conformance run --space-url example.signalwire.com \
        --project-id P --api-token T --call-sid C
"""

from __future__ import annotations

import functools
import hashlib
import signal
import threading
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import pytest
from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase

from recording_conformance.conformance import compat
from recording_conformance.conformance.budget import BUDGET_KEY, budget_ran_out, set_up_budget
from recording_conformance.conformance.cassette.plugin import PLUGIN_NAME as CASSETTE_PLUGIN
from recording_conformance.conformance.cassette.plugin import (
    CassettePlugin,
    check_record_path,
    tape_callbacks,
)
from recording_conformance.conformance.client import (
    ConformanceClient,
    RequestBudgetExhausted,
    TargetUnavailable,
    TargetUnreachable,
)
from recording_conformance.conformance.harness import Harness
from recording_conformance.conformance.live import CREATE_ALONE, LiveSession
from recording_conformance.conformance.live import PLUGIN_NAME as LIVE_PLUGIN
from recording_conformance.conformance.options import RunSettings, read_settings
from recording_conformance.conformance.plan import plan_lines
from recording_conformance.conformance.progress import PROGRESS_KEY, Progress
from recording_conformance.conformance.receiver import (
    ARRIVAL_SECONDS,
    CallbackEndpoint,
    CallbackReceiver,
)
from recording_conformance.conformance.recorder import Recorder
from recording_conformance.conformance.reporting import (
    COVERAGE_AXES,
    DEFAULT_ROOT,
    ConformanceReporting,
    default_out_dir,
    provenance,
)
from recording_conformance.conformance.requirements import REQUIREMENTS
from recording_conformance.conformance.sanitize import Sanitizer
from recording_conformance.conformance.selection import collects_the_suite
from recording_conformance.conformance.stops import EXIT_TARGET_DOWN, EXIT_USAGE, RunStopped, Stop
from recording_conformance.conformance.target import (
    Target,
    api_base_from_space_url,
    is_loopback_host,
)
from recording_conformance.spec import Spec, SpecError, load_spec
from recording_conformance.spec.loader import SPEC_PATH
from recording_conformance.strategies.profiles import register_profiles

# Remote spaces are paced: at most this many requests a second, and slower retries.
REMOTE_REQUESTS_PER_SECOND = 5.0
REMOTE_RETRY_BACKOFF_SECONDS = 1.0
REPORTING_PLUGIN = "conformance-reporting"

SETTINGS_KEY = pytest.StashKey[RunSettings]()
SANITIZER_KEY = pytest.StashKey[Sanitizer]()
RECORDER_KEY = pytest.StashKey[Recorder]()
SPEC_KEY = pytest.StashKey[Spec]()


def pytest_configure(config: pytest.Config) -> None:
    chosen = read_settings(config)
    config.stash[SETTINGS_KEY] = chosen
    # The spec is loaded here, once, before collection needs it: a missing or broken file is
    # one sentence and exit 4, not a collection traceback.
    try:
        config.stash[SPEC_KEY] = load_spec()
    except SpecError as exc:
        raise pytest.UsageError(f"cannot load the spec: {exc}") from None
    # The one sanitizer: the embedded mock's plugin adds the token it chooses.
    sanitizer = Sanitizer()
    if chosen.api_token:
        sanitizer.add(chosen.api_token, user=chosen.project_id)
    config.stash[SANITIZER_KEY] = sanitizer
    recorder = Recorder(strict=chosen.strict)
    config.stash[RECORDER_KEY] = recorder
    # One budget for the run, however many workers share it.
    # A plan counts everything the run would send, and then says whether it fits the budget.
    set_up_budget(config, None if chosen.plan else chosen.max_requests)
    # What long waits are for, on the terminal; a worker has none (xdist keeps its output).
    quiet = hasattr(config, "workerinput") or not chosen.progress_every
    say = None if quiet else functools.partial(compat.say_now, config)
    every = chosen.progress_every
    config.stash[PROGRESS_KEY] = Progress(say, budget=config.stash[BUDGET_KEY], every=every)
    if chosen.record:
        cassette = CassettePlugin(config, check_record_path(chosen.record))
        recorder.tape = cassette.tape
        config.pluginmanager.register(cassette, CASSETTE_PLUGIN)
    reporting = _reporting(config, chosen, recorder, sanitizer)
    if chosen.space_url:
        # Registered before the reporting plugin, so that its tidy-up at session finish runs
        # before the report is folded (pluggy calls the earlier of two trylast hooks first).
        active = not (config.option.collectonly or chosen.plan) and collects_the_suite(config)
        live = LiveSession(
            config,
            chosen,
            recorder,
            reporting.stopped,
            ended=reporting.found_ended,
            provenance=reporting.provenance,
            active=active,
        )
        config.pluginmanager.register(live, LIVE_PLUGIN)
    config.pluginmanager.register(reporting, REPORTING_PLUGIN)
    _interrupt_on_sigterm(config)
    compat.skip_assertion_rewriting(config)
    compat.restore_hypothesis_printer()
    register_profiles()
    settings.load_profile(chosen.profile)
    config.addinivalue_line(
        "markers", "requirement(*ids): the requirement ids (REC-...) a test verifies"
    )
    for requirement in REQUIREMENTS:
        config.addinivalue_line("markers", f"{requirement.id}: {requirement.level} requirement")


def _target_key(chosen: RunSettings) -> str:
    if not chosen.space_url:
        return "embedded-mock"
    base = api_base_from_space_url(chosen.space_url)
    return "space-" + hashlib.sha256(base.encode()).hexdigest()[:16]


def _load_profile(config: pytest.Config, chosen: RunSettings) -> None:
    """Load the chosen profile; a profile that keeps examples keeps them per target, so that a
    failure saved against one space is never replayed against another."""
    profile = settings.get_profile(chosen.profile)
    if profile.database is None:
        settings.load_profile(chosen.profile)
        return
    folder = Path(str(config.rootpath)) / ".hypothesis" / "examples" / _target_key(chosen)
    name = f"{chosen.profile}@{_target_key(chosen)}"
    settings.register_profile(name, profile, database=DirectoryBasedExampleDatabase(folder))
    settings.load_profile(name)


def _interrupt_on_sigterm(config: pytest.Config) -> None:
    """SIGTERM ends a run as Ctrl-C does: recordings stopped, a placed call hung up, the
    report written with the verdict "interrupted"."""
    if hasattr(config, "workerinput") or threading.current_thread() is not threading.main_thread():
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt("SIGTERM")

    signal.signal(signal.SIGTERM, interrupt)


def _planner(chosen: RunSettings, target: str) -> Callable[[dict[str, Any]], list[str]]:
    """The plan's lines, from the report of the run against the mock posing as the target."""
    remote = chosen.remote and chosen.space_url is not None

    def lines(report: dict[str, Any]) -> list[str]:
        return plan_lines(
            report,
            target=target,
            requests_per_second=REMOTE_REQUESTS_PER_SECOND if remote else None,
            budget=chosen.max_requests,
            callback_url=chosen.callback_url,
            places_call=chosen.places_call,
        )

    return lines


def _reporting(
    config: pytest.Config, chosen: RunSettings, recorder: Recorder, sanitizer: Sanitizer
) -> ConformanceReporting:
    root = Path(str(config.rootpath))
    if chosen.no_report or (chosen.plan and not chosen.report_dir):
        out_dir = None
    else:
        out_dir = Path(chosen.report_dir).resolve() if chosen.report_dir else default_out_dir(root)
    if chosen.space_url:
        # The same words as `Target.kind`: a server on this machine (a mock such as Prism, a
        # tunnel's end) is no remote space, and the report should not call it one.
        base_url = api_base_from_space_url(chosen.space_url)
        loopback = is_loopback_host(urlsplit(base_url).hostname or "")
        kind = "local server" if loopback else "remote space"
    else:
        base_url, kind = "embedded mock space on loopback", "embedded mock"
    spec = config.stash[SPEC_KEY]
    plugin = ConformanceReporting(
        config,
        recorder,
        sanitizer,
        provenance=provenance(
            config,
            target={"base_url": base_url, "kind": kind},
            profile=chosen.profile,
            spec={"file": SPEC_PATH.name, "sha256": spec.sha256},
        ),
        deviations=chosen.deviations,
        coverage_axes={name: list(spec.parameters[name].enum or ()) for name in COVERAGE_AXES},
        out_dir=out_dir,
        latest=None if chosen.report_dir else root / DEFAULT_ROOT / "latest",
        strict=chosen.strict,
        active=collects_the_suite(config),
        budget=config.stash[BUDGET_KEY],
        plan=_planner(chosen, base_url) if chosen.plan else None,
        keep=chosen.keep_reports,
    )
    return plugin


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    # Here rather than at configure time: Hypothesis's own plugin loads the profile named by
    # --hypothesis-profile when it is configured, which may come after this plugin.
    _load_profile(session.config, session.config.stash[SETTINGS_KEY])
    # Everything pytest prints from here on passes the sanitizer (tracebacks, locals, notes).
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        compat.sanitize_terminal(reporter, session.config.stash[SANITIZER_KEY])


def _stop(item: pytest.Item, stop: Stop) -> NoReturn:
    """End the run after this test, in one process or under pytest-xdist alike: pytest's own
    `shouldstop`, which xdist carries to the controller, and the reason and exit code for the
    report. The test itself is skipped: it reached no verdict."""
    reporting = item.config.pluginmanager.get_plugin(REPORTING_PLUGIN)
    if isinstance(reporting, ConformanceReporting):
        reporting.stopped(stop)
    item.session.shouldstop = stop.reason
    pytest.skip(f"the run stopped: {stop.reason}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Each requirement id becomes a marker of its own, so `-m REC-TRIM` and `-k REC-TRIM`
    # both select the tests that verify it.
    for item in items:
        for mark in item.iter_markers("requirement"):
            for requirement_id in mark.args:
                item.add_marker(requirement_id)


def pytest_report_header(config: pytest.Config) -> list[str]:
    chosen = config.stash[SETTINGS_KEY]
    spec_hash = config.stash[SPEC_KEY].sha256[:16]
    if chosen.space_url:
        where = f"{api_base_from_space_url(chosen.space_url)} (project {chosen.project_id})"
    else:
        where = "embedded mock space on a free loopback port"
    if chosen.plan:
        where += "; --plan: nothing is sent to it, the embedded mock poses as it"
    limit = chosen.max_requests if chosen.max_requests is not None else "no limit"
    return [
        f"conformance target: {where}",
        f"spec: {SPEC_PATH.name} sha256 {spec_hash}",
        f"hypothesis profile: {chosen.profile}; request limit: {limit}"
        + ("; strict: SHOULD failures fail the run" if chosen.strict else ""),
    ]


def _guarded(item: pytest.Item) -> Generator[None, object, object]:
    if "harness" not in getattr(item, "fixturenames", ()):
        return (yield)  # not a conformance test: its exceptions are its own
    try:
        return (yield)
    except (RequestBudgetExhausted, BaseExceptionGroup) as exc:
        reason = budget_ran_out(exc)
        if reason is None:
            raise
        pytest.skip(reason)
    except (TargetUnreachable, TargetUnavailable) as exc:
        # Not a conformance verdict: the run cannot go on, so it ends with its own exit code.
        _stop(item, Stop(f"the target stopped answering: {exc}", EXIT_TARGET_DOWN))
    except RunStopped as exc:
        _stop(item, exc.stop)


# In a test and in its fixtures alike (the callback tests create their recordings in one).
pytest_runtest_setup = pytest.hookimpl(wrapper=True)(_guarded)
pytest_runtest_call = pytest.hookimpl(wrapper=True)(_guarded)


@pytest.fixture(scope="session")
def run_settings(pytestconfig: pytest.Config) -> RunSettings:
    return pytestconfig.stash[SETTINGS_KEY]


@pytest.fixture(scope="session")
def spec(pytestconfig: pytest.Config) -> Spec:
    """The Create a Recording spec, loaded once at start-up."""
    return pytestconfig.stash[SPEC_KEY]


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest, run_settings: RunSettings) -> Target:
    """The space under test: the one the options name, else the embedded mock space."""
    chosen = run_settings
    # A plan sends nothing to the target: its run is against the embedded mock, which poses as
    # the target (`RunSettings.remote` follows --space-url).
    if not chosen.space_url or chosen.plan:
        try:
            embedded: Target = request.getfixturevalue("embedded_target")
        except pytest.FixtureLookupError:
            pytest.exit(
                "no --space-url given and the embedded mock space is not installed",
                returncode=EXIT_USAGE,
            )
        return embedded
    # read_settings refused a --space-url without credentials and a call (or --from/--to);
    # a placed call's sid is known once the preflight has placed it.
    live = request.config.pluginmanager.get_plugin(LIVE_PLUGIN)
    call_sid = live.call_sid if isinstance(live, LiveSession) else chosen.call_sid
    return Target(
        api_base_from_space_url(chosen.space_url),
        chosen.project_id or "",
        chosen.api_token or "",
        call_sid or "",
    )


@pytest.fixture
def other_operations_served(request: pytest.FixtureRequest) -> None:
    """Skip a test that needs fetch or update when the preflight found a mock of Create a
    Recording alone: the spec holds create only, and those operations are the platform's."""
    live = request.config.pluginmanager.get_plugin(LIVE_PLUGIN)
    if isinstance(live, LiveSession) and not live.lists_recordings:
        pytest.skip(CREATE_ALONE)


@pytest.fixture(scope="session")
def sanitizer(pytestconfig: pytest.Config, target: Target) -> Sanitizer:
    """The one sanitizer: it knows the token and masks it everywhere."""
    masker = pytestconfig.stash[SANITIZER_KEY]
    masker.add(target.api_token, user=target.project_id)
    return masker


@pytest.fixture(scope="session")
def client(
    pytestconfig: pytest.Config, target: Target, sanitizer: Sanitizer, run_settings: RunSettings
) -> Iterator[ConformanceClient]:
    """The only way to the target."""
    # Pacing protects a real space's rate limit, so it follows where the target is, not
    # whether the run treats it as remote: the embedded mock posing as a remote space is not paced.
    local = target.is_loopback
    conformance_client = ConformanceClient(
        target,
        sanitizer,
        min_interval=0.0 if local else 1.0 / REMOTE_REQUESTS_PER_SECOND,
        budget=pytestconfig.stash[BUDGET_KEY],
        retry_backoff=0.05 if local else REMOTE_RETRY_BACKOFF_SECONDS,
        observer=pytestconfig.stash[RECORDER_KEY],
        progress=pytestconfig.stash[PROGRESS_KEY],
    )
    # Without a budget, progress counts what this client sent.
    pytestconfig.stash[PROGRESS_KEY].sent = lambda: conformance_client.requests_sent
    cassette = pytestconfig.pluginmanager.get_plugin(CASSETTE_PLUGIN)
    if isinstance(cassette, CassettePlugin):
        cassette.tape.bind(target)
    yield conformance_client
    conformance_client.close()


@pytest.fixture(scope="session")
def harness(
    pytestconfig: pytest.Config,
    spec: Spec,
    target: Target,
    client: ConformanceClient,
    sanitizer: Sanitizer,
) -> Iterator[Harness]:
    """Send, then judge: what every conformance test does. Stops every recording the run
    created when the run ends."""
    bound = Harness(spec, target, client, sanitizer, pytestconfig.stash[RECORDER_KEY])
    yield bound
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    # A space of the user's bills what runs: the terminal says what the clean-up does.
    say = None
    if reporter is not None and not target.embedded:
        say = functools.partial(compat.write_own_line, reporter)
    bound.clean_up(say)


@pytest.fixture(scope="session")
def callback_endpoint(
    pytestconfig: pytest.Config, run_settings: RunSettings, target: Target, sanitizer: Sanitizer
) -> Iterator[CallbackEndpoint]:
    """A loopback callback receiver; skipped for remote spaces without --callback-url."""
    # Whether the target can reach the receiver: the embedded mock posing as a remote space
    # can, as a space does through the tunnel a user validating it sets up.
    remote = not target.is_loopback or (run_settings.plan and run_settings.remote)
    if remote and not run_settings.callback_url:
        pytest.skip(
            "callbacks of a remote space need --callback-url (a public URL that "
            "forwards to the receiver at --callback-listen)"
        )
    # A plan's callbacks come from the embedded mock: any free port, reached directly.
    host, port = ("127.0.0.1", 0) if run_settings.plan else run_settings.callback_listen
    progress = pytestconfig.stash[PROGRESS_KEY]
    with CallbackReceiver(host, port, progress=progress) as receiver:
        public = receiver.base_url if run_settings.plan else run_settings.callback_url
        public = public or receiver.base_url
        # A remote space calls back over the internet, after seconds rather than milliseconds.
        yield CallbackEndpoint(receiver, public, ARRIVAL_SECONDS[target.is_loopback])
        tape_callbacks(pytestconfig, public, receiver.received(), sanitizer)


def embedded_secret(config: pytest.Config, token: str, user: str) -> None:
    """Mask a token another plugin chose (the embedded mock's) in everything the run prints."""
    config.stash[SANITIZER_KEY].add(token, user=user)
