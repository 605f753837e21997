"""Which parameter combinations a run's creates exercised, from the requests they were built
from."""

from __future__ import annotations

import functools

from recording_conformance.conformance.request import CreateRequest
from recording_conformance.spec import load_spec

AXES = ("RecordingChannels", "RecordingTrack", "Trim", "RecordingStatusCallbackMethod")
SEPARATOR = "|"


@functools.cache
def _enums() -> tuple[tuple[str, ...], ...]:
    parameters = load_spec().parameters
    return tuple(parameters[axis].enum or () for axis in AXES)


def combination_key(request: CreateRequest) -> str:
    """`channels|track|trim|method|encoding` of a create: `default` for an omitted parameter
    and `other` for a value outside the enum."""
    sent = request.meaning()
    values = []
    for axis, enum in zip(AXES, _enums(), strict=True):
        value = sent.get(axis)
        if value is None:
            values.append("default")
        else:
            values.append(str(value) if value in enum else "other")
    return SEPARATOR.join([*values, request.encoding])
