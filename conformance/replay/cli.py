"""python -m conformance.replay: replay a cassette against a target, or compare two targets.

    python -m conformance.replay CASSETTE --space-url URL --project-id P --api-token T --call-sid C
    python -m conformance.replay --compare-with URL2 --compare-project-id P2 \\
        --compare-api-token T2 --compare-call-sid C2 [--space-url URL1 ...] [--seed N] \\
        [-- more options for the recorded run]

Exit 0 when no answer differs, 1 when one does, and the exit codes of `conformance.stops` when
the replay cannot start or go on (one sentence, no traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TextIO

from recording_conformance.conformance.cassette import CassetteError
from recording_conformance.conformance.client import TargetUnavailable, TargetUnreachable
from recording_conformance.conformance.preflight import check_callback_forwarding
from recording_conformance.conformance.receiver import (
    DEFAULT_CALLBACK_LISTEN,
    check_public_url,
    parse_listen,
)
from recording_conformance.conformance.replay.callbacks import watching
from recording_conformance.conformance.replay.cli_errors import SetUpProblem
from recording_conformance.conformance.replay.compare import Comparer, Fields
from recording_conformance.conformance.replay.entries import load_entries
from recording_conformance.conformance.replay.render import lines
from recording_conformance.conformance.replay.replayer import Replayer, ReplayResult, replay_client
from recording_conformance.conformance.replay.two_targets import record_first, suite_command
from recording_conformance.conformance.stops import EXIT_CREDENTIALS, EXIT_TARGET_DOWN, EXIT_USAGE
from recording_conformance.conformance.target import (
    Target,
    TargetError,
    api_base_from_space_url,
)
from recording_conformance.spec import SpecError, load_spec

# (option, environment variable): the replay target, as the suite names its target.
TARGET = (
    ("space_url", "SIGNALWIRE_SPACE_URL"),
    ("project_id", "SIGNALWIRE_PROJECT_ID"),
    ("api_token", "SIGNALWIRE_API_TOKEN"),
    ("call_sid", "SIGNALWIRE_CALL_SID"),
)

CALLBACKS = (
    ("callback_url", "CONFORMANCE_CALLBACK_URL"),
    ("callback_listen", "CONFORMANCE_CALLBACK_LISTEN"),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise SetUpProblem(f"{message} (see --help)", EXIT_USAGE)


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = _Parser(
        prog=prog,
        description="Replay a cassette (`--record`) against a target and report every answer "
        "that differs beyond what the spec allows; or send the same seeded cases to two "
        "targets (--compare-with).",
    )
    parser.add_argument("cassette", nargs="?", help="the HAR cassette to replay")
    for dest, variable in TARGET:
        parser.add_argument(f"--{dest.replace('_', '-')}", dest=dest, help=f"[env: {variable}]")
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="how long to wait for each answer (30); a request left unanswered is a difference",
    )
    parser.add_argument(
        "--exact",
        action="store_true",
        help="report what the spec's freedoms allow too (400 for 422, other error codes...)",
    )
    callbacks = parser.add_argument_group("status callbacks")
    callbacks.add_argument(
        "--callback-url",
        metavar="URL",
        help="a public URL that forwards to the replay's callback receiver, to compare the "
        "callbacks of a remote target (a loopback target reaches the receiver directly, and "
        "this is not used) [env: CONFORMANCE_CALLBACK_URL]",
    )
    callbacks.add_argument(
        "--callback-listen",
        metavar="HOST:PORT",
        help=f"where the receiver listens (loopback; default any port, {DEFAULT_CALLBACK_LISTEN} "
        "with --callback-url) [env: CONFORMANCE_CALLBACK_LISTEN]",
    )
    group = parser.add_argument_group("comparing two targets")
    group.add_argument("--compare-with", metavar="URL", help="the second target's space URL")
    group.add_argument("--compare-project-id", metavar="UUID")
    group.add_argument("--compare-api-token", metavar="TOKEN")
    group.add_argument("--compare-call-sid", metavar="UUID")
    group.add_argument("--seed", type=int, default=1, help="Hypothesis seed of the run (1)")
    group.add_argument("--profile", default="ci", help="Hypothesis profile of the run (ci)")
    group.add_argument("--keep", metavar="PATH", help="keep the first target's cassette here")
    return parser


def _target(
    space_url: str | None, project: str | None, token: str | None, call: str | None
) -> Target:
    missing = [name for name, value in (("a space URL", space_url), ("--project-id", project),
               ("--api-token", token), ("--call-sid", call)) if not value]  # fmt: skip
    if missing:
        raise SetUpProblem(f"the target to replay against needs {', '.join(missing)}", EXIT_USAGE)
    try:
        api_base = api_base_from_space_url(space_url or "")
    except TargetError as exc:
        raise SetUpProblem(str(exc), EXIT_USAGE) from None
    return Target(api_base, project or "", token or "", call or "")


def _credentials_refused(result: ReplayResult) -> bool:
    """Every request sent with the target's own credentials was refused with 401, where the
    recorded run was not: the replay target does not accept them."""
    mine = [c for c in result.compared if c.entry.auth.get("type") == "configured"]
    mine = [c for c in mine if c.entry.status != 401]
    return bool(mine) and all(c.replayed.status == 401 for c in mine)


def _callback_options(
    callback_url: str | None, callback_listen: str | None
) -> tuple[str | None, tuple[str, int]]:
    """The public URL and the address to listen at, checked as the suite checks them."""
    try:
        public = check_public_url(callback_url)
        return public, parse_listen(callback_listen, public=bool(public))
    except ValueError as exc:
        raise SetUpProblem(str(exc), EXIT_USAGE) from None


@dataclass(frozen=True)
class ReplayOptions:
    """How to replay: `--exact`, `--timeout`, `--callback-url`, `--callback-listen`."""

    exact: bool = False
    timeout: float = 30.0
    callback_url: str | None = None
    callback_listen: str | None = None


def replay(cassette: Path, target: Target, options: ReplayOptions, *, out: TextIO) -> int:
    exact, timeout = options.exact, options.timeout
    try:
        entries = load_entries(cassette)
        fields = Fields.of(load_spec())
    except (CassetteError, SpecError) as exc:
        raise SetUpProblem(str(exc), EXIT_USAGE) from None
    if not entries:
        # Nothing compared is no verdict of sameness.
        raise SetUpProblem(f"{cassette} holds no exchange to replay", EXIT_USAGE)
    # A loopback target reaches the receiver directly: its callback options are not used, and a
    # stray variable of another run's must not stop it.
    remote = not target.is_loopback
    public, listen = _callback_options(
        options.callback_url if remote else None, options.callback_listen if remote else None
    )
    # A receiver only for a cassette that holds callbacks to compare.
    holds_callbacks = any(entry.callbacks is not None for entry in entries)
    if holds_callbacks and public:
        # A tunnel that forwards elsewhere would show as every callback missing.
        stop = check_callback_forwarding(public, listen)
        if stop is not None:
            raise SetUpProblem(stop.reason, stop.exit_code)
    client = replay_client(target, timeout=timeout)
    try:
        with ExitStack() as stack:
            try:
                callbacks = stack.enter_context(
                    watching(target, callback_url=public, listen=listen, wanted=holds_callbacks)
                )
            except OSError as exc:
                where = f"{listen[0]}:{listen[1]}"
                problem = f"the callback receiver cannot listen at {where}: {exc.strerror}"
                raise SetUpProblem(problem, EXIT_USAGE) from None
            result = Replayer(client, Comparer(fields, exact=exact), callbacks).replay(entries)
    except (TargetUnreachable, TargetUnavailable) as exc:
        # `requests_sent` counts the answers that came.
        what = "stopped answering" if client.requests_sent else "cannot be reached"
        raise SetUpProblem(f"the replay target {what}: {exc}", EXIT_TARGET_DOWN) from None
    finally:
        client.close()
    if not result.compared:
        reasons = "; ".join(f"{n} {reason}" for reason, n in sorted(result.skipped.items()))
        raise SetUpProblem(
            f"none of the {len(entries)} requests of {cassette} could be sent again ({reasons})",
            EXIT_USAGE,
        )
    if _credentials_refused(result):
        raise SetUpProblem(
            f"{target.api_base} refused the project id and token with 401 on every request",
            EXIT_CREDENTIALS,
        )
    for line in lines(result, target.api_base):
        out.write(line + "\n")
    return 1 if result.differing else 0


def _compare(options: argparse.Namespace, out: TextIO) -> int:
    second = _target(
        options.compare_with,
        options.compare_project_id,
        options.compare_api_token,
        options.compare_call_sid,
    )
    with tempfile.TemporaryDirectory(prefix="conformance-compare-") as folder:
        cassette = Path(options.keep).resolve() if options.keep else Path(folder) / "first.har"
        command, env = suite_command(
            cassette,
            space_url=options.space_url,
            project_id=options.project_id,
            api_token=options.api_token,
            call_sid=options.call_sid,
            seed=options.seed,
            profile=options.profile,
            extra=options.pytest_args,
            scratch=Path(folder),
        )
        first = options.space_url or "the embedded mock"
        out.write(f"recording the run against {first} (seed {options.seed})...\n")
        verdict = record_first(command, env, cassette)
        out.write(f"  {verdict or 'no verdict line'}\n")
        return replay(cassette, second, _replay_options(options), out=out)


def _replay_options(options: argparse.Namespace) -> ReplayOptions:
    return ReplayOptions(
        exact=options.exact,
        timeout=options.timeout,
        callback_url=options.callback_url,
        callback_listen=options.callback_listen,
    )


def main(
    argv: Sequence[str] | None = None,
    out: TextIO = sys.stdout,
    *,
    prog: str = "python -m recording_conformance.conformance.replay",
) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # After `--`: options for the recorded run, which argparse would take for the cassette.
    cut = argv.index("--") if "--" in argv else len(argv)
    argv, pytest_args = argv[:cut], argv[cut + 1 :]
    try:
        options = _parser(prog).parse_args(argv)
        options.pytest_args = pytest_args
        for dest, variable in (*TARGET, *CALLBACKS):
            if getattr(options, dest) is None:
                setattr(options, dest, os.environ.get(variable) or None)
        if options.compare_with:
            if options.cassette:
                raise SetUpProblem("give a cassette or --compare-with, not both", EXIT_USAGE)
            return _compare(options, out)
        if not options.cassette:
            raise SetUpProblem("name the cassette to replay, or use --compare-with", EXIT_USAGE)
        target = _target(options.space_url, options.project_id, options.api_token, options.call_sid)
        return replay(Path(options.cassette), target, _replay_options(options), out=out)
    except SetUpProblem as problem:
        sys.stderr.write(f"replay: {problem}\n")
        return problem.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("replay: interrupted\n")
        return 2
