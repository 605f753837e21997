"""Choosing the target of a run: the embedded mock space by default, or a space named by options.

Options live in the `conformance` group, each with an environment-variable fallback:

    python -m pytest conformance --space-url example.signalwire.com \
        --project-id P --api-token T --call-sid C
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from hypothesis import settings

from conformance.client import ConformanceClient, TargetUnreachable
from conformance.compat import restore_hypothesis_printer
from conformance.sanitize import Sanitizer
from conformance.target import Target, TargetError, api_base_from_space_url
from mockspace import MockConfig, MockSpaceServer
from mockspace.faults import parse_switches
from spec import Spec, SpecError, load_spec
from spec.loader import SPEC_PATH
from strategies.profiles import PROFILES, default_profile, register_profiles

# (option, destination, environment variable, metavar, help)
TARGET_OPTIONS = (
    (
        "--space-url",
        "space_url",
        "SIGNALWIRE_SPACE_URL",
        "URL",
        "space to test: example.signalwire.com, https://example.signalwire.com or "
        "http://127.0.0.1:8080 (default: the embedded mock space)",
    ),
    (
        "--project-id",
        "project_id",
        "SIGNALWIRE_PROJECT_ID",
        "UUID",
        "project id (the AccountSid), the Basic auth user",
    ),
    (
        "--api-token",
        "api_token",
        "SIGNALWIRE_API_TOKEN",
        "TOKEN",
        "API token with the Voice scope, the Basic auth password (never printed)",
    ),
    (
        "--call-sid",
        "call_sid",
        "SIGNALWIRE_CALL_SID",
        "UUID",
        "an in-progress call on that space to record",
    ),
)
# Remote spaces are paced: at most this many requests a second.
REMOTE_REQUESTS_PER_SECOND = 5.0


@dataclass(frozen=True)
class TargetSettings:
    """What the options say about the target, checked at start-up."""

    space_url: str | None
    project_id: str | None
    api_token: str | None
    call_sid: str | None
    mock_switches: tuple[str, ...]
    profile: str


settings_key = pytest.StashKey[TargetSettings]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "Recording conformance target")
    for option, dest, variable, metavar, text in TARGET_OPTIONS:
        group.addoption(
            option, dest=dest, metavar=metavar, default=None, help=f"{text} [env: {variable}]"
        )
    group.addoption(
        "--mock-fault",
        dest="mock_faults",
        action="append",
        default=[],
        metavar="NAME",
        help="switch a fault or variation on in the embedded mock (for the suite's own tests; "
        "`python -m mockspace --list-faults` lists them)",
    )


def _setting(config: pytest.Config, dest: str, variable: str) -> str | None:
    value = config.getoption(dest) or os.environ.get(variable) or None
    return value.strip() if isinstance(value, str) else value


def pytest_configure(config: pytest.Config) -> None:
    values = {dest: _setting(config, dest, var) for _, dest, var, _, _ in TARGET_OPTIONS}
    space_url = values["space_url"]
    if space_url:
        for option, dest, variable, _, _ in TARGET_OPTIONS[1:]:
            if not values[dest]:
                raise pytest.UsageError(
                    f"{option} (or {variable}) is required to test the space at {space_url}"
                )
        try:
            api_base_from_space_url(space_url)
        except TargetError as exc:
            raise pytest.UsageError(str(exc)) from None
    try:
        parse_switches(config.getoption("mock_faults"))
    except ValueError as exc:
        raise pytest.UsageError(f"--mock-fault: {exc}") from None
    restore_hypothesis_printer()
    register_profiles()
    profile = config.getoption("hypothesis_profile", None) or default_profile(
        remote=bool(space_url)
    )
    if profile not in PROFILES:
        raise pytest.UsageError(
            f"unknown Hypothesis profile {profile!r}; choose one of {', '.join(PROFILES)}"
        )
    settings.load_profile(profile)
    config.stash[settings_key] = TargetSettings(
        mock_switches=tuple(config.getoption("mock_faults")), profile=profile, **values
    )


def pytest_report_header(config: pytest.Config) -> list[str]:
    chosen = config.stash[settings_key]
    try:
        spec_hash = load_spec().sha256[:16]
    except SpecError as exc:
        spec_hash = f"unreadable ({exc})"
    if chosen.space_url:
        where = f"{api_base_from_space_url(chosen.space_url)} (project {chosen.project_id})"
    else:
        switched = (
            f", switched on: {', '.join(chosen.mock_switches)}" if chosen.mock_switches else ""
        )
        where = f"embedded mock space on a free loopback port{switched}"
    return [
        f"conformance target: {where}",
        f"spec: {SPEC_PATH.name} sha256 {spec_hash}",
        f"hypothesis profile: {chosen.profile}",
    ]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    try:
        return (yield)
    except TargetUnreachable as exc:
        # Not a conformance verdict: the run cannot go on, so it ends with its own exit code.
        pytest.exit(f"the target did not answer: {exc}", returncode=3)


@pytest.fixture(scope="session")
def spec() -> Spec:
    """The Create a Recording spec, loaded once."""
    try:
        return load_spec()
    except SpecError as exc:
        pytest.exit(f"cannot load the spec: {exc}", returncode=4)


@pytest.fixture(scope="session")
def embedded_mock(pytestconfig: pytest.Config) -> Iterator[MockSpaceServer | None]:
    """The embedded mock space when no --space-url is given, else None."""
    chosen = pytestconfig.stash[settings_key]
    if chosen.space_url:
        yield None
        return
    faults, variations = parse_switches(list(chosen.mock_switches))
    with MockSpaceServer(MockConfig(faults=faults, variations=variations)) as server:
        yield server
        errors = list(server.space.state.unexpected_errors)
    if errors:
        pytest.fail("the mock space raised unexpected errors:\n" + "\n".join(errors))


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config, embedded_mock: MockSpaceServer | None) -> Target:
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
    chosen = pytestconfig.stash[settings_key]
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
def sanitizer(target: Target) -> Sanitizer:
    """The one sanitizer: it knows the token and masks it everywhere."""
    masker = Sanitizer()
    masker.add(target.api_token, user=target.project_id)
    return masker


@pytest.fixture(scope="session")
def client(target: Target, sanitizer: Sanitizer) -> Iterator[ConformanceClient]:
    """The only way to the target; stops every recording the run created when it ends."""
    pace = 0.0 if target.is_loopback else 1.0 / REMOTE_REQUESTS_PER_SECOND
    conformance_client = ConformanceClient(target, sanitizer, min_interval=pace)
    yield conformance_client
    problems = conformance_client.stop_created_recordings()
    conformance_client.close()
    if problems:
        pytest.fail("could not stop recordings the suite created:\n" + "\n".join(problems))
