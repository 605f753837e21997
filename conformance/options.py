"""Command-line options of the conformance suite and what they say about the run.

Every option has an environment-variable fallback, and every mistake is one sentence.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conformance.deviations import DeviationsError, load_deviations
from conformance.target import TargetError, api_base_from_space_url, is_loopback_host
from strategies.profiles import PROFILES, default_profile


@dataclass(frozen=True)
class Option:
    flag: str
    dest: str
    variable: str | None
    metavar: str
    help: str


TARGET_OPTIONS = (
    Option(
        "--space-url",
        "space_url",
        "SIGNALWIRE_SPACE_URL",
        "URL",
        "space to test: example.signalwire.com, https://example.signalwire.com or "
        "http://127.0.0.1:8080 (default: the embedded mock space)",
    ),
    Option(
        "--project-id",
        "project_id",
        "SIGNALWIRE_PROJECT_ID",
        "UUID",
        "project id (the AccountSid), the Basic auth user",
    ),
    Option(
        "--api-token",
        "api_token",
        "SIGNALWIRE_API_TOKEN",
        "TOKEN",
        "API token with the Voice scope, the Basic auth password (never printed)",
    ),
    Option(
        "--call-sid",
        "call_sid",
        "SIGNALWIRE_CALL_SID",
        "UUID",
        "an in-progress call on that space to record",
    ),
)
RUN_OPTIONS = (
    Option(
        "--max-requests",
        "max_requests",
        "CONFORMANCE_MAX_REQUESTS",
        "N",
        f"stop sending after N requests (default: {1000} to a remote space, no limit on "
        "loopback); tests past the limit are skipped",
    ),
    Option(
        "--callback-url",
        "callback_url",
        "CONFORMANCE_CALLBACK_URL",
        "URL",
        "public URL that forwards to the callback receiver, to test callbacks of a remote "
        "space (default: callback tests of remote spaces are skipped)",
    ),
    Option(
        "--callback-listen",
        "callback_listen",
        "CONFORMANCE_CALLBACK_LISTEN",
        "HOST:PORT",
        "where the callback receiver listens (default 127.0.0.1, any port; 127.0.0.1:8788 "
        "with --callback-url)",
    ),
    Option(
        "--report-dir",
        "report_dir",
        "CONFORMANCE_REPORT_DIR",
        "DIR",
        "where the report goes (default reports/out/<UTC timestamp>/, copied to "
        "reports/out/latest/)",
    ),
    Option(
        "--deviations",
        "deviations",
        "CONFORMANCE_DEVIATIONS",
        "FILE",
        "TOML file of known deviations: [REC-...] tables with a reason",
    ),
)
REMOTE_MAX_REQUESTS = 1000
DEFAULT_CALLBACK_LISTEN = "127.0.0.1:8788"
# The embedded mock's `--mock-pose-remote`: its plugin owns the option, and the suite reads it by
# name (as it asks for the mock's fixture by name) so that it never imports the mock.
POSE_REMOTE_DEST = "mock_pose_remote"


@dataclass(frozen=True)
class RunSettings:
    """What the options say about the run, checked at start-up."""

    space_url: str | None
    project_id: str | None
    api_token: str | None
    call_sid: str | None
    max_requests: int | None
    callback_url: str | None
    callback_listen: tuple[str, int]
    exhaustive_grid: bool
    # The run treats its target as a remote space (see `is_remote`).
    remote: bool
    report_dir: str | None
    no_report: bool
    deviations: dict[str, str]
    profile: str
    # pytest's --strict: SHOULD failures fail the run too.
    strict: bool


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "Recording conformance")
    for option in TARGET_OPTIONS + RUN_OPTIONS:
        group.addoption(
            option.flag,
            dest=option.dest,
            metavar=option.metavar,
            default=None,
            help=f"{option.help} [env: {option.variable}]",
        )
    group.addoption(
        "--no-report", action="store_true", default=False, help="write no conformance report"
    )
    group.addoption(
        "--exhaustive-grid",
        action="store_true",
        default=False,
        help="run the exhaustive parameter grid (216 recordings) and the enumerated values "
        "(474 requests) on a remote space too",
    )


def option_value(config: pytest.Config, option: Option) -> str | None:
    value = config.getoption(option.dest) or (option.variable and os.environ.get(option.variable))
    return value.strip() if isinstance(value, str) and value.strip() else None


def is_remote(config: pytest.Config) -> bool:
    """Whether the run treats its target as a remote space, which decides the default profile
    (`live`), the request budget, one process, and the finite lists sampled rather than sent
    whole: a --space-url off this machine, or the embedded mock posing as one (the suite's own
    tests of a live run). Where the target really is decides the rest (`Target.is_loopback`)."""
    space_url = option_value(config, TARGET_OPTIONS[0])
    if not space_url:
        return bool(config.getoption(POSE_REMOTE_DEST, False))
    try:
        host = urlsplit(api_base_from_space_url(space_url)).hostname or ""
    except TargetError:
        return False  # read_settings says what is wrong with it
    return not is_loopback_host(host)


def _listen(text: str | None, *, public: bool) -> tuple[str, int]:
    text = text or (DEFAULT_CALLBACK_LISTEN if public else "127.0.0.1:0")
    host, _, port = text.rpartition(":")
    if not is_loopback_host(host) or not port.isdigit() or int(port) > 65535:
        raise pytest.UsageError(f"--callback-listen must be a loopback HOST:PORT, not {text!r}")
    return host, int(port)


def _callback_url(text: str | None) -> str | None:
    parts = urlsplit(text or "")
    if text and (parts.scheme not in ("http", "https") or not parts.hostname):
        raise pytest.UsageError(
            f"--callback-url must be an absolute http(s) URL the space can reach, not {text!r}"
        )
    return text


def _report_dir(text: str | None) -> str | None:
    """The report folder, created now: a folder that cannot be written is found before a run
    (paid for on a live space) rather than after it."""
    if text:
        try:
            Path(text).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise pytest.UsageError(
                f"--report-dir {text!r} cannot be created: {exc.strerror}"
            ) from None
    return text


def read_settings(config: pytest.Config) -> RunSettings:
    """Check the options and return them; any problem is a one-sentence `UsageError`."""
    target = {o.dest: option_value(config, o) for o in TARGET_OPTIONS}
    run = {o.dest: option_value(config, o) for o in RUN_OPTIONS}
    space_url = target["space_url"]
    if space_url:
        for option in TARGET_OPTIONS[1:]:
            if not target[option.dest]:
                raise pytest.UsageError(
                    f"{option.flag} (or {option.variable}) is required to test the space at "
                    f"{space_url}"
                )
        try:
            api_base_from_space_url(space_url)
        except TargetError as exc:
            raise pytest.UsageError(str(exc)) from None
    limit = run["max_requests"]
    if limit is not None and not limit.isdigit():
        raise pytest.UsageError(f"--max-requests must be a whole number, not {limit!r}")
    remote = is_remote(config)
    profile = config.getoption("hypothesis_profile", None) or default_profile(remote=remote)
    if profile not in PROFILES:
        raise pytest.UsageError(
            f"unknown Hypothesis profile {profile!r}; choose one of {', '.join(PROFILES)}"
        )
    try:
        deviations = load_deviations(Path(run["deviations"])) if run["deviations"] else {}
    except DeviationsError as exc:
        raise pytest.UsageError(str(exc)) from None
    return RunSettings(
        **target,
        report_dir=_report_dir(run["report_dir"]),
        no_report=config.getoption("no_report"),
        deviations=deviations,
        max_requests=int(limit) if limit else (REMOTE_MAX_REQUESTS if remote else None),
        callback_url=_callback_url(run["callback_url"]),
        callback_listen=_listen(run["callback_listen"], public=bool(run["callback_url"])),
        exhaustive_grid=config.getoption("exhaustive_grid"),
        remote=remote,
        profile=profile,
        strict=bool(config.getoption("strict", False)),
    )
