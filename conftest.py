"""Choosing the target of a run: the embedded mock space by default, or a space named by options
(`conformance/options.py` lists them, each with an environment-variable fallback):

    python -m pytest conformance --space-url example.signalwire.com \
        --project-id P --api-token T --call-sid C
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from conformance.client import (
    ConformanceClient,
    RequestBudgetExhausted,
    TargetUnavailable,
    TargetUnreachable,
)
from conformance.compat import restore_hypothesis_printer, skip_assertion_rewriting
from conformance.harness import Harness
from conformance.options import (
    CLIENT_KEY,
    SANITIZER_KEY,
    RunSettings,
    add_options,
    read_settings,
)
from conformance.parallel import EMBEDDED_CREDENTIALS_INPUT, embedded_mock_credentials
from conformance.receiver import CallbackEndpoint, CallbackReceiver
from conformance.requirements import REQUIREMENTS
from conformance.sanitize import Sanitizer, SanitizingStream
from conformance.tally import TALLY_PLUGIN_NAME, TallyPlugin
from conformance.target import Target, api_base_from_space_url
from mockspace import MockConfig, MockSpaceServer
from mockspace.faults import parse_switches
from reports.plugin import DEFAULT_ROOT, ReportPlugin, default_out_dir, provenance
from spec import Spec, SpecError, load_spec
from spec.loader import SPEC_PATH
from strategies.profiles import register_profiles

# Remote spaces are paced: at most this many requests a second, and slower retries.
REMOTE_REQUESTS_PER_SECOND = 5.0
REMOTE_RETRY_BACKOFF_SECONDS = 1.0
# Exit codes beside pytest's own: the run could not reach a verdict.
EXIT_TARGET_DOWN = 3
EXIT_SPEC_UNUSABLE = 4

settings_key = pytest.StashKey[RunSettings]()
embedded_credentials_key = pytest.StashKey[tuple[str, str]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    chosen = read_settings(config)
    config.stash[settings_key] = chosen
    # The one sanitizer: it learns the embedded mock's token when the mock starts.
    sanitizer = Sanitizer()
    if chosen.api_token:
        sanitizer.add(chosen.api_token, user=chosen.project_id)
    if not chosen.space_url:
        project_id, token = embedded_mock_credentials(config)
        config.stash[embedded_credentials_key] = (project_id, token)
        sanitizer.add(token, user=project_id)
    config.stash[SANITIZER_KEY] = sanitizer
    config.pluginmanager.register(TallyPlugin(config), TALLY_PLUGIN_NAME)
    _register_report(config, chosen)
    skip_assertion_rewriting(config)
    restore_hypothesis_printer()
    register_profiles()
    settings.load_profile(chosen.profile)
    config.addinivalue_line(
        "markers", "requirement(*ids): the requirement ids (REC-...) a test verifies"
    )
    for requirement in REQUIREMENTS:
        config.addinivalue_line("markers", f"{requirement.id}: {requirement.level} requirement")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    # pytest-xdist, on the controller: every worker's embedded mock gets the same credentials.
    credentials = node.config.stash.get(embedded_credentials_key, None)
    if credentials is not None:
        node.workerinput[EMBEDDED_CREDENTIALS_INPUT] = credentials


def _register_report(config: pytest.Config, chosen: RunSettings) -> None:
    if chosen.no_report:
        return
    root = Path(str(config.rootpath))
    out_dir = Path(chosen.report_dir).resolve() if chosen.report_dir else default_out_dir(root)
    if chosen.space_url:
        base_url, kind = api_base_from_space_url(chosen.space_url), "remote space"
    else:
        base_url, kind = "embedded mock space on loopback", "embedded mock"
    try:
        spec_facts = {"file": SPEC_PATH.name, "sha256": load_spec().sha256}
    except SpecError:
        spec_facts = {"file": SPEC_PATH.name, "sha256": "0" * 64}
    plugin = ReportPlugin(
        config,
        out_dir,
        chosen.deviations,
        provenance(
            config,
            target={"base_url": base_url, "kind": kind},
            profile=chosen.profile,
            spec=spec_facts,
        ),
        latest=None if chosen.report_dir else root / DEFAULT_ROOT / "latest",
    )
    config.pluginmanager.register(plugin, "conformance-report")


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    # Everything pytest prints from here on passes the sanitizer (tracebacks, locals, notes).
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        writer = reporter._tw
        writer._file = SanitizingStream(writer._file, session.config.stash[SANITIZER_KEY])


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Each requirement id becomes a marker of its own, so `-m REC-TRIM` and `-k REC-TRIM`
    # both select the tests that verify it.
    for item in items:
        for mark in item.iter_markers("requirement"):
            for requirement_id in mark.args:
                item.add_marker(requirement_id)


def pytest_report_header(config: pytest.Config) -> list[str]:
    chosen = config.stash[settings_key]
    try:
        spec_hash = load_spec().sha256[:16]
    except SpecError as exc:
        spec_hash = f"unreadable ({exc})"
    if chosen.space_url:
        where = f"{api_base_from_space_url(chosen.space_url)} (project {chosen.project_id})"
    else:
        switched = ", ".join(chosen.mock_switches)
        where = "embedded mock space on a free loopback port" + (
            f", switched on: {switched}" if switched else ""
        )
    limit = chosen.max_requests if chosen.max_requests is not None else "no limit"
    return [
        f"conformance target: {where}",
        f"spec: {SPEC_PATH.name} sha256 {spec_hash}",
        f"hypothesis profile: {chosen.profile}; request limit: {limit}",
    ]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    if "client" not in getattr(item, "fixturenames", ()):
        return (yield)  # not a conformance test: its exceptions are its own
    try:
        return (yield)
    except RequestBudgetExhausted as exc:
        pytest.skip(str(exc))
    except (TargetUnreachable, TargetUnavailable) as exc:
        # Not a conformance verdict: the run cannot go on, so it ends with its own exit code.
        pytest.exit(f"the target did not answer: {exc}", returncode=EXIT_TARGET_DOWN)


@pytest.fixture(scope="session")
def run_settings(pytestconfig: pytest.Config) -> RunSettings:
    return pytestconfig.stash[settings_key]


@pytest.fixture(scope="session")
def spec() -> Spec:
    """The Create a Recording spec, loaded once."""
    try:
        return load_spec()
    except SpecError as exc:
        pytest.exit(f"cannot load the spec: {exc}", returncode=EXIT_SPEC_UNUSABLE)


@pytest.fixture(scope="session")
def embedded_mock(
    pytestconfig: pytest.Config, run_settings: RunSettings
) -> Iterator[MockSpaceServer | None]:
    """The embedded mock space when no --space-url is given, else None."""
    if run_settings.space_url:
        yield None
        return
    faults, variations, rejected = parse_switches(list(run_settings.mock_switches))
    project_id, token = pytestconfig.stash[embedded_credentials_key]
    config = MockConfig(
        project_id=project_id,
        api_token=token,
        faults=faults,
        variations=variations,
        rejected=rejected,
        latency_ms=run_settings.mock_latency_ms,
        unavailable_rate=run_settings.mock_unavailable_rate,
    )
    with MockSpaceServer(config) as server:
        yield server
        errors = list(server.space.state.unexpected_errors)
    if errors:
        pytest.fail("the mock space raised unexpected errors:\n" + "\n".join(errors))


@pytest.fixture(scope="session")
def target(run_settings: RunSettings, embedded_mock: MockSpaceServer | None) -> Target:
    """The space under test."""
    if embedded_mock is not None:
        cfg = embedded_mock.config
        return Target(
            embedded_mock.api_base,
            cfg.project_id,
            cfg.api_token,
            cfg.in_progress_call_sid,
            embedded=True,
        )
    chosen = run_settings
    assert chosen.space_url
    assert chosen.project_id
    assert chosen.api_token
    assert chosen.call_sid
    return Target(
        api_base_from_space_url(chosen.space_url),
        chosen.project_id,
        chosen.api_token,
        chosen.call_sid,
    )


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
    """The only way to the target; stops every recording the run created when it ends."""
    local = target.is_loopback
    conformance_client = ConformanceClient(
        target,
        sanitizer,
        min_interval=0.0 if local else 1.0 / REMOTE_REQUESTS_PER_SECOND,
        max_requests=run_settings.max_requests,
        retry_backoff=0.05 if local else REMOTE_RETRY_BACKOFF_SECONDS,
    )
    pytestconfig.stash[CLIENT_KEY] = conformance_client
    yield conformance_client
    conformance_client.max_requests = None  # clean-up is never cut short by the budget
    problems = conformance_client.stop_created_recordings()
    conformance_client.close()
    if problems:
        pytest.fail("could not stop recordings the suite created:\n" + "\n".join(problems))


@pytest.fixture(scope="session")
def harness(spec: Spec, target: Target, client: ConformanceClient, sanitizer: Sanitizer) -> Harness:
    """Send, then judge: what every conformance test does."""
    return Harness(spec, target, client, sanitizer)


@pytest.fixture(scope="session")
def callback_endpoint(run_settings: RunSettings, target: Target) -> Iterator[CallbackEndpoint]:
    """A loopback callback receiver; skipped for remote spaces without --callback-url."""
    if not target.is_loopback and not run_settings.callback_url:
        pytest.skip(
            "callbacks of a remote space need --callback-url (a public URL that "
            "forwards to the receiver at --callback-listen)"
        )
    host, port = run_settings.callback_listen
    with CallbackReceiver(host, port) as receiver:
        public = run_settings.callback_url or receiver.base_url
        # A remote space calls back over the internet, after seconds rather than milliseconds.
        yield CallbackEndpoint(receiver, public, 5.0 if target.is_loopback else 60.0)
