"""Hypothesis strategies for Create a Recording requests, valid and invalid."""

from __future__ import annotations

from strategies.requests import invalid_create_requests, valid_create_requests
from strategies.values import (
    callback_event_lists,
    callback_urls,
    enum_values,
    out_of_enum_values,
)

__all__ = [
    "callback_event_lists",
    "callback_urls",
    "enum_values",
    "invalid_create_requests",
    "out_of_enum_values",
    "valid_create_requests",
]
