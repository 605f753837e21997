"""Hypothesis strategies for Create a Recording requests: valid, invalid, and left open."""

from __future__ import annotations

from recording_conformance.strategies.callbacks import (
    callback_urls,
    invalid_callback_urls,
    open_callback_urls,
)
from recording_conformance.strategies.enums import (
    enum_values,
    non_string_json_values,
    out_of_enum_values,
)
from recording_conformance.strategies.events import (
    callback_event_lists,
    invalid_callback_events,
    open_callback_events,
)
from recording_conformance.strategies.requests import (
    extra_parameter_create_requests,
    grid_id,
    grid_requests,
    invalid_create_requests,
    open_create_requests,
    valid_create_requests,
)

__all__ = [
    "callback_event_lists",
    "callback_urls",
    "enum_values",
    "extra_parameter_create_requests",
    "grid_id",
    "grid_requests",
    "invalid_callback_events",
    "invalid_callback_urls",
    "invalid_create_requests",
    "non_string_json_values",
    "open_callback_events",
    "open_callback_urls",
    "open_create_requests",
    "out_of_enum_values",
    "valid_create_requests",
]
