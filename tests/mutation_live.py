"""What `python -m tests.mutation --live` adds to the mutation summary: the recordings each
faulty run created, their median and largest, and the faults a live run is expected to miss."""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.mutation import Outcome

# Faults a run with the live profile is not expected to catch, and why. Everything else it must
# catch (`python -m tests.mutation --live` exits 1 otherwise).
LIVE_BLIND_SPOTS = {
    "crash-on-rare-combination": "four values together (dual, outbound, trim-silence, GET): the "
    "pairwise creates hold every pair, not every four; the valid searches draw it one time in "
    "108, and only the grid (--exhaustive-grid) always sends it",
}


def live_figures(faults: list[Outcome]) -> dict[str, object]:
    """Per fault: caught, recordings and requests; over the faults: the median and the largest
    recordings a run created, and the misses, expected (with their reason) or not."""
    recordings = [o.recordings for o in faults if o.recordings is not None]
    requests = [o.requests for o in faults if o.requests is not None]
    missed = [o.switch for o in faults if not o.caught]
    return {
        "recordings_median": statistics.median(recordings) if recordings else None,
        "recordings_max": max(recordings, default=None),
        "requests_median": statistics.median(requests) if requests else None,
        "requests_max": max(requests, default=None),
        "recordings_caught_per_fault": {o.switch: o.recordings for o in faults if o.caught},
        "expected_misses": {
            name: LIVE_BLIND_SPOTS[name] for name in missed if name in LIVE_BLIND_SPOTS
        },
        "unexpected_misses": [name for name in missed if name not in LIVE_BLIND_SPOTS],
    }


def render_live(summary: dict[str, object], faults: list[Outcome]) -> str:
    """One line per fault: caught or not, recordings and requests of its run, then the
    figures over all faults."""
    width = max((len(o.switch) for o in faults), default=5)
    lines = [f"{'fault':{width}}  caught  recordings  requests  caught by"]
    for o in faults:
        shown = ", ".join(o.caught_by) if o.caught else LIVE_BLIND_SPOTS.get(o.switch, "MISSED")
        lines.append(
            f"{o.switch:{width}}  {'yes' if o.caught else 'NO':6}  {o.recordings!s:>10}  "
            f"{o.requests!s:>8}  {shown}"
        )
    lines += [
        "",
        f"faults caught: {summary['faults_caught']}/{summary['faults']}; recordings per run: "
        f"median {summary['recordings_median']}, max {summary['recordings_max']}; requests per "
        f"run: median {summary['requests_median']}, max {summary['requests_max']}",
        f"false alarms: {len(summary['false_alarms'])}/{summary['variations']} variations "  # type: ignore[arg-type]
        f"({summary['variation_runs']} runs, {summary['runs_per_variation']} each)",
    ]
    for key in ("expected_misses", "unexpected_misses", "false_alarms"):
        if summary[key]:
            lines.append(f"{key.replace('_', ' ')}: {summary[key]}")
    return "\n".join(lines)
