"""`--plan`: what a run would send, without sending anything to the target.

The plan is the run itself, against the embedded mock posing as the target (remote or not, as
the options say): the same tests, profile, lists and covering array, the same callbacks. Its
figures are the report's totals, so they are counted the way a real run's are; a target that
answers as the spec says gets the same requests (with the same `--hypothesis-seed`, exactly
the same), and one that fails checks gets more, since Hypothesis shrinks each failure.
"""

from __future__ import annotations

from typing import Any

# Set-up requests a live run adds, outside the budget and never judged: the preflight (the
# account's recordings listed without and with credentials), the call fetched, its recordings
# listed before the run and once more at the end (a page per 100).
SET_UP_REQUESTS = 5
# Placing a call: the create, about one fetch a second until it is answered, and the hang-up.
PLACING_REQUESTS = 2


def plan_lines(
    report: dict[str, Any],
    *,
    target: str,
    requests_per_second: float | None,
    budget: int | None,
    callback_url: str | None,
    places_call: bool,
) -> list[str]:
    """The plan, line by line, from the report of the run against the posing mock."""
    totals = report["totals"]
    requests = totals["requests"]
    clean_up = totals.get("clean_up_requests", 0)
    operations = ", ".join(f"{k} {n}" for k, n in totals.get("by_operation", {}).items())
    callbacks = ", ".join(f"{k} {n}" for k, n in totals.get("callbacks_requested", {}).items())
    lines = [
        f"plan for {target}: nothing was sent to it",
        f"  requests: {requests} ({operations or 'none'}), {clean_up} of them the clean-up",
        f"  recordings: {totals['recordings_created']} created, "
        f"{totals.get('recordings_stopped', 0)} stopped by the run",
    ]
    if callback_url:
        where = f"the callback tests' to {callback_url}, the others' to example.com hosts"
    elif requests_per_second:  # a remote space: its callbacks cannot reach this machine
        where = "all to example.com hosts; the callback tests need --callback-url"
    else:
        where = "the callback tests' to the local receiver, the others' to example.com hosts"
    lines.append(f"  callbacks asked for: {callbacks or 'none'} ({where})")
    if requests_per_second:
        seconds = requests / requests_per_second
        lines.append(
            f"  time: at least {_duration(seconds)} at {requests_per_second:g} requests a second"
        )
    else:
        lines.append("  time: unpaced (a loopback target)")
    set_up = SET_UP_REQUESTS + (PLACING_REQUESTS if places_call else 0)
    lines.append(
        f"  set-up: about {set_up} more requests (preflight, the call"
        + (", placed and hung up, plus a fetch a second until it answers" if places_call else "")
        + ", the final sweep), outside the budget"
    )
    lines.append("  " + budget_fit(requests - clean_up, budget))
    if report["verdict"] not in ("conformant", "partial"):
        lines.append(
            f"  note: against the embedded mock the plan's own run ended {report['verdict']}; "
            "its figures may be short"
        )
    return lines


def budget_fit(spent: int, budget: int | None) -> str:
    """Whether the requests a run sends within its budget fit in it."""
    if budget is None:
        return "request budget: none (--max-requests)"
    if spent <= budget:
        return f"request budget: {budget}: fits ({spent} of {budget}; the clean-up is outside it)"
    return (
        f"request budget: {budget}: does not fit: the run would stop after {budget} of "
        f"{spent} requests and skip the tests past it (raise --max-requests)"
    )


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"
