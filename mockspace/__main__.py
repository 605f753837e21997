"""`python -m mockspace --port 8080`: serve a mock space until interrupted."""

from __future__ import annotations

import argparse
import dataclasses
import signal
import sys
import threading
import uuid

from recording_conformance.mockspace.calls import BEHAVIOURS_HELP, parse_call_behaviours
from recording_conformance.mockspace.config import MockConfig
from recording_conformance.mockspace.faults import (
    FAULT_DESCRIPTIONS,
    VARIATION_DESCRIPTIONS,
    parse_switches,
)
from recording_conformance.mockspace.server import MockSpaceError, MockSpaceServer


def _uuid(text: str) -> str:
    try:
        uuid.UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a UUID") from None
    return text


def _rate(text: str) -> float:
    try:
        rate = float(text)
    except ValueError:
        rate = -1.0
    if not 0.0 <= rate <= 1.0:
        raise argparse.ArgumentTypeError(f"the rate must be from 0 to 1, not {text!r}")
    return rate


def _call_behaviour(text: str) -> str:
    try:
        parse_call_behaviours([text])
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Serve a reference SignalWire mock space for Create a Recording on loopback.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="loopback address (default %(default)s)"
    )
    parser.add_argument(
        "--port", type=int, default=8080, help="port, 0 for any (default %(default)s)"
    )
    # The spec's path parameters are `format: uuid`: a mock serving another form would fail
    # the suite on its own answers (REC-BODY-SCHEMA).
    parser.add_argument(
        "--project-id", type=_uuid, help="project id to accept, a UUID (default: a new one)"
    )
    parser.add_argument("--api-token", help="API token to accept (default: a new random token)")
    parser.add_argument(
        "--call-sid", type=_uuid, help="sid of the in-progress call, a UUID (default: a new one)"
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="NAME",
        help="switch on a fault or variation (repeatable); --list-faults shows them",
    )
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay before every answer")
    parser.add_argument(
        "--unavailable-rate", type=float, default=0.0, help="share of requests answered 503 (0-1)"
    )
    parser.add_argument(
        "--throttle-rate",
        type=_rate,
        default=0.0,
        help="share of requests answered 429 with a Retry-After header (0-1)",
    )
    parser.add_argument(
        "--call",
        action="append",
        default=[],
        type=_call_behaviour,
        metavar="BEHAVIOUR",
        help=f"how calls behave: {BEHAVIOURS_HELP} (repeatable)",
    )
    parser.add_argument("--list-faults", action="store_true", help="list faults and variations")
    return parser


def main(argv: list[str] | None = None, *, prog: str = "python -m mockspace") -> int:
    args = _parser(prog).parse_args(argv)
    if args.list_faults:
        for fault, text in FAULT_DESCRIPTIONS.items():
            print(f"fault      {fault.value:36} {text}")
        for variation, text in VARIATION_DESCRIPTIONS.items():
            print(f"variation  {variation.value:36} {text}")
        return 0
    try:
        faults, variations, rejected = parse_switches(args.fault)
    except ValueError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 2
    calls = parse_call_behaviours(args.call)
    config = MockConfig(
        faults=faults,
        variations=variations,
        rejected=rejected,
        latency_ms=args.latency_ms,
        unavailable_rate=args.unavailable_rate,
        throttle_rate=args.throttle_rate,
        calls_never_answer=calls.never_answers,
        calls_drop_after=calls.drop_after,
    )
    overrides = {
        "project_id": args.project_id,
        "api_token": args.api_token,
        "in_progress_call_sid": args.call_sid,
    }
    config = dataclasses.replace(config, **{k: v for k, v in overrides.items() if v})
    server = MockSpaceServer(config, host=args.host, port=args.port)
    try:
        server.start()
    except MockSpaceError as exc:
        print(f"{prog}: {exc} (is the port in use?)", file=sys.stderr)
        return 1
    print(f"mock space listening on {server.origin}")
    print(f"  space URL        {server.origin}")
    print(f"  API base         {server.api_base}")
    print(f"  project id       {config.project_id}")
    print(f"  API token        {config.api_token}")
    print(f"  in-progress call {config.in_progress_call_sid}")
    print(f"  completed call   {config.completed_call_sid}")
    print(f"  silent call      {config.silent_call_sid}")
    print(f"  place calls at   {server.api_base}/Accounts/{config.project_id}/Calls")
    if args.call:
        print(f"  calls            {', '.join(args.call)}")
    if args.throttle_rate:
        print(f"  throttle rate    {args.throttle_rate} (answered 429)")
    if faults or variations or rejected:
        switched = sorted([*faults, *variations, *(f"rejects:{r}" for r in rejected)])
        print(f"  switched on      {', '.join(switched)}")
    print("Ctrl-C to stop.", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
