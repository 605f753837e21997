"""Hypothesis profiles, registered in one place and chosen by option or environment variable."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

PROFILE_VARIABLE = "HYPOTHESIS_PROFILE"
# Network round trips make example timing meaningless: no deadlines, no too-slow health check.
# Built on Hypothesis's "default" profile, not on whatever is loaded: under CI, Hypothesis loads
# its own "ci" profile, which derandomizes every search and keeps no examples, and profiles
# built on it would then run the same examples every time.
_NETWORK = settings(
    settings.get_profile("default"), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

PROFILES = {
    # Quick feedback while developing against the embedded mock.
    "dev": settings(_NETWORK, max_examples=400),
    # Continuous integration: more examples, no example database left behind.
    "ci": settings(_NETWORK, max_examples=400, database=None, print_blob=True),
    # A long search before a release or after a change to the target.
    "thorough": settings(_NETWORK, max_examples=2000),
    # Live spaces cost money per recording: few examples, no shrinking storms.
    "live": settings(
        _NETWORK,
        max_examples=5,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    ),
}


def register_profiles() -> None:
    """Make every profile known to Hypothesis (idempotent)."""
    for name, profile in PROFILES.items():
        settings.register_profile(name, profile)


def default_profile(*, remote: bool) -> str:
    """`live` for remote spaces, `ci` under CI, `dev` otherwise; the environment variable wins."""
    chosen = os.environ.get(PROFILE_VARIABLE)
    if chosen:
        return chosen
    if remote:
        return "live"
    return "ci" if os.environ.get("CI") else "dev"
