"""Command-line options of the conformance suite and what they say about the run.

Every option has an environment-variable fallback and a file fallback (`settings_files.py`),
and every mistake is one sentence.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from recording_conformance.conformance.deviations import DeviationsError, load_deviations
from recording_conformance.conformance.progress import DEFAULT_EVERY_SECONDS
from recording_conformance.conformance.receiver import check_public_url, parse_listen
from recording_conformance.conformance.report_folders import DEFAULT_KEEP
from recording_conformance.conformance.settings_files import (
    FileSetting,
    add_ini_keys,
    read_file_settings,
)
from recording_conformance.conformance.target import (
    TargetError,
    api_base_from_space_url,
    is_loopback_host,
)
from recording_conformance.strategies.profiles import PROFILES, default_profile


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
        "an in-progress call on that space to record (or let the suite place one: --from/--to)",
    ),
)
CALL_OPTIONS = (
    Option(
        "--from",
        "call_from",
        "CONFORMANCE_CALL_FROM",
        "NUMBER",
        "place the call to record from this number of the project (with --to; the run hangs "
        "it up at the end)",
    ),
    Option(
        "--to",
        "call_to",
        "CONFORMANCE_CALL_TO",
        "ADDRESS",
        "where the placed call goes: a number or SIP address that answers",
    ),
    Option(
        "--call-url",
        "call_laml_url",
        "CONFORMANCE_CALL_URL",
        "URL",
        "a LaML document the placed call runs, one that keeps it up (e.g. a LaML bin with "
        '<Pause length="3600"/>); default: the same document sent inline',
    ),
    Option(
        "--call-answer-timeout",
        "call_answer_timeout",
        "CONFORMANCE_CALL_ANSWER_TIMEOUT",
        "SECONDS",
        "how long to wait for the placed call to be answered (default 60)",
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
        "--keep-reports",
        "keep_reports",
        "CONFORMANCE_KEEP_REPORTS",
        "N",
        "how many run folders to keep under reports/out/ besides latest/ (default 10; 0 keeps "
        "latest/ only); older ones are removed. Not applied with --report-dir",
    ),
    Option(
        "--progress-every",
        "progress_every",
        "CONFORMANCE_PROGRESS_EVERY",
        "SECONDS",
        "say what the run waits for (pacing, retries, callbacks, a ringing call) once every "
        "SECONDS of waiting (default 3; 0: never)",
    ),
    Option(
        "--record",
        "record",
        "CONFORMANCE_RECORD",
        "PATH",
        "write every exchange of the run to a HAR 1.2 cassette at PATH (token masked), to "
        "replay with `python -m conformance.replay`",
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
DEFAULT_CALL_ANSWER_TIMEOUT = 60.0
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
    # Where --space-url came from: the option, or an environment variable (named first).
    space_url_source: str = "--space-url"
    call_from: str | None = None
    call_to: str | None = None
    call_laml_url: str | None = None
    call_answer_timeout: float = DEFAULT_CALL_ANSWER_TIMEOUT
    plan: bool = False
    # Run folders kept under reports/out/ (besides latest/), the newest first.
    keep_reports: int = DEFAULT_KEEP
    # Seconds of waiting between two progress lines; 0 for none.
    progress_every: float = DEFAULT_EVERY_SECONDS
    # --record: the cassette to write.
    record: str | None = None

    @property
    def places_call(self) -> bool:
        """Whether the run places the call it records (and hangs it up at the end)."""
        return bool(self.space_url and not self.call_sid and self.call_from)


ALL_OPTIONS = TARGET_OPTIONS + CALL_OPTIONS + RUN_OPTIONS
FILES_KEY = pytest.StashKey[dict[str, FileSetting]]()


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "Recording conformance")
    add_ini_keys(parser, [(option.flag, option.help) for option in ALL_OPTIONS])
    for option in ALL_OPTIONS:
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
        "--plan",
        "--dry-run",
        dest="plan",
        action="store_true",
        default=False,
        help="send nothing to the target: print what the run would send (requests by kind, "
        "recordings, time at the pace, callbacks, the budget)",
    )
    group.addoption(
        "--exhaustive-grid",
        action="store_true",
        default=False,
        help="run the exhaustive parameter grid (216 recordings) and the enumerated values "
        "(474 requests) on a remote space too",
    )


def _file_settings(config: pytest.Config) -> dict[str, FileSetting]:
    if FILES_KEY not in config.stash:
        config.stash[FILES_KEY] = read_file_settings(config, [o.flag for o in ALL_OPTIONS])
    return config.stash[FILES_KEY]


def _layers(config: pytest.Config, option: Option) -> list[tuple[object, str]]:
    """The option's value in each place it may come from, highest precedence first."""
    from_file = _file_settings(config).get(option.flag.removeprefix("--"))
    return [
        (config.getoption(option.dest), "command line"),
        (option.variable and os.environ.get(option.variable), f"environment ({option.variable})"),
        (from_file.value if from_file else None, from_file.source if from_file else ""),
    ]


def option_value(config: pytest.Config, option: Option) -> str | None:
    """The option's value: the command line, else the environment, else a file."""
    for value, _ in _layers(config, option):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def option_source(config: pytest.Config, option: Option) -> str | None:
    """Where the option's value came from ("command line", "environment (VAR)", a file)."""
    for value, source in _layers(config, option):
        if isinstance(value, str) and value.strip():
            return source
    return None


def switch_value(config: pytest.Config, dest: str) -> bool:
    """A switch (`--no-report`): on the command line, or set true in a file."""
    from_file = _file_settings(config).get(dest.replace("_", "-"))
    return bool(config.getoption(dest)) or bool(from_file and from_file.value is True)


def settings_provenance(config: pytest.Config) -> dict[str, str]:
    """For the report: where each option that was set came from (never its value)."""
    sources = {o.flag: option_source(config, o) for o in ALL_OPTIONS}
    return {flag: source for flag, source in sources.items() if source}


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
    try:
        return parse_listen(text, public=public)
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None


def _callback_url(text: str | None, *, flag: str = "--callback-url") -> str | None:
    try:
        return check_public_url(text, flag=flag)
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None


def _check_call_options(call_sid: str | None, call: dict[str, str | None], space: str) -> None:
    """A live run records a call it is given (--call-sid) or one it places (--from/--to)."""
    placing = call["call_from"] or call["call_to"]
    if call_sid and placing:
        raise pytest.UsageError(
            "give either --call-sid (a call in progress) or --from/--to (a call the suite "
            "places), not both"
        )
    if not call_sid and not placing:
        raise pytest.UsageError(
            f"--call-sid (or SIGNALWIRE_CALL_SID) is required to test the space at {space}, "
            "or --from and --to to let the suite place the call"
        )
    if placing and not (call["call_from"] and call["call_to"]):
        missing = "--to" if call["call_from"] else "--from"
        raise pytest.UsageError(f"{missing} is required to place a call (with --from and --to)")


def _seconds(text: str | None) -> float:
    if text is None:
        return DEFAULT_CALL_ANSWER_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 600:
        raise pytest.UsageError(
            f"--call-answer-timeout must be a number of seconds from 1 to 600, not {text!r}"
        )
    return value


def _progress_every(text: str | None) -> float:
    if text is None:
        return DEFAULT_EVERY_SECONDS
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:
        raise pytest.UsageError(
            f"--progress-every must be a number of seconds from 0 to 3600, not {text!r}"
        )
    return value


def _space_url_source(config: pytest.Config) -> str:
    """`--space-url`, or the environment variable or file it was read from: a live space
    chosen by an exported variable or a file alone is easy to hit by surprise, so the run says
    so first."""
    source = option_source(config, TARGET_OPTIONS[0])
    if source in (None, "command line"):
        return "--space-url"
    if source and source.startswith("environment"):
        return "SIGNALWIRE_SPACE_URL in the environment"
    return f"space-url in {source}"


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
    call = {o.dest: option_value(config, o) for o in CALL_OPTIONS}
    space_url = target["space_url"]
    if space_url:
        # An address exported and forgotten is named as such in every complaint about it.
        named = space_url
        if not config.getoption("space_url"):
            named += f" (from {_space_url_source(config)})"
        for option in TARGET_OPTIONS[1:3]:
            if not target[option.dest]:
                raise pytest.UsageError(
                    f"{option.flag} (or {option.variable}) is required to test the space at {named}"
                )
        _check_call_options(target["call_sid"], call, named)
        try:
            api_base_from_space_url(space_url)
        except TargetError as exc:
            raise pytest.UsageError(str(exc)) from None
    limit = run["max_requests"]
    if limit is not None and not (limit.isdigit() and int(limit) > 0):
        raise pytest.UsageError(
            f"--max-requests must be a whole number of at least 1, not {limit!r}"
        )
    keep = run["keep_reports"]
    if keep is not None and not keep.isdigit():
        raise pytest.UsageError(f"--keep-reports must be a whole number, not {keep!r}")
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
    if run["record"] and config.getoption("plan"):
        raise pytest.UsageError("--record writes what a run sends; a --plan sends nothing")
    return RunSettings(
        **target,
        record=run["record"],
        space_url_source=_space_url_source(config),
        call_from=call["call_from"],
        call_to=call["call_to"],
        call_laml_url=_callback_url(call["call_laml_url"], flag="--call-url"),
        call_answer_timeout=_seconds(call["call_answer_timeout"]),
        plan=bool(config.getoption("plan")),
        report_dir=_report_dir(run["report_dir"]),
        no_report=switch_value(config, "no_report"),
        keep_reports=int(keep) if keep is not None else DEFAULT_KEEP,
        progress_every=_progress_every(run["progress_every"]),
        deviations=deviations,
        max_requests=int(limit) if limit else (REMOTE_MAX_REQUESTS if remote else None),
        callback_url=_callback_url(run["callback_url"]),
        callback_listen=_listen(run["callback_listen"], public=bool(run["callback_url"])),
        exhaustive_grid=switch_value(config, "exhaustive_grid"),
        remote=remote,
        profile=profile,
        strict=bool(config.getoption("strict", False)),
    )
