"""Replay a cassette against another target and compare its answers request by request.

    python -m conformance.replay CASSETTE --space-url URL --project-id P --api-token T --call-sid C

The target's own project, token and call are put in place of the recorded ones, and each
recording the replay creates in place of the one recorded. Differences every run has (new
sids, dates, URIs naming them) are ignored; differences the spec allows are ignored by the
entries of the freedoms catalogue (`conformance/freedoms/`) that allow them, and counted; every
other difference is reported with the request's curl and both answers.
"""
