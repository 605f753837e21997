"""Read and validate the create request, the way a conformant space would.

Enums, defaults and event names come from the spec document; the SignalWire error codes come from
the error catalogue. Each parameter can be told (by a fault) to accept anything.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlsplit

from rfc3986_validator import validate_rfc3986

from recording_conformance.mockspace import errors, lenient
from recording_conformance.mockspace.callbacks import iri_to_uri
from recording_conformance.mockspace.config import MockConfig
from recording_conformance.mockspace.errors import ApiError
from recording_conformance.mockspace.faults import Fault
from recording_conformance.mockspace.state import CreateParams
from recording_conformance.spec import ParameterSpec, load_spec

EVENT_PARAMETER = "RecordingStatusCallbackEvent"

# Which fault lets each parameter through unvalidated, and the code its rejection carries.
_LENIENCY: dict[str, tuple[Fault, int]] = {
    "RecordingChannels": (Fault.ACCEPTS_INVALID_CHANNELS, errors.INVALID_ARGUMENT),
    "RecordingTrack": (Fault.ACCEPTS_INVALID_TRACK, errors.INVALID_ARGUMENT),
    "Trim": (Fault.ACCEPTS_INVALID_TRIM, errors.INVALID_TRIM),
    "RecordingStatusCallbackMethod": (
        Fault.ACCEPTS_INVALID_METHOD,
        errors.INVALID_CALLBACK_METHOD,
    ),
    "RecordingStatusCallback": (Fault.ACCEPTS_INVALID_CALLBACK, errors.INVALID_CALLBACK_URL),
    EVENT_PARAMETER: (Fault.ACCEPTS_INVALID_EVENTS, errors.INVALID_CALLBACK_EVENT),
}


def parse_body(content_type: str, body: bytes, config: MockConfig) -> dict[str, str]:
    """Turn a form or JSON body into parameters; repeated event keys join with spaces."""
    # The request body is optional (`requestBody` is not `required`): no body, no parameters.
    # A body of whitespace is something, and for JSON a malformed something.
    if not body:
        return {}
    media_type = content_type.split(";", 1)[0].strip().lower()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise errors.invalid(errors.INVALID_ARGUMENT, "The request body is not UTF-8.") from None
    if media_type == "application/json":
        if config.refuses("encoding", "json"):
            raise errors.invalid(errors.INVALID_ARGUMENT, "Unsupported Content-Type.")
        return _json_parameters(text)
    if media_type in ("application/x-www-form-urlencoded", ""):
        if config.refuses("encoding", "form"):
            raise errors.invalid(errors.INVALID_ARGUMENT, "Unsupported Content-Type.")
        return _form_parameters(text)
    raise errors.invalid(errors.INVALID_ARGUMENT, f"Unsupported Content-Type {media_type!r}.")


def _form_parameters(text: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for key, value in parse_qsl(text, keep_blank_values=True):
        if key == EVENT_PARAMETER and key in params:
            # SDKs send a list of events as repeated keys.
            params[key] = f"{params[key]} {value}"
        else:
            params[key] = value
    return params


def _json_parameters(text: str) -> dict[str, str]:
    try:
        data = json.loads(text)
    except ValueError:
        raise errors.invalid(errors.INVALID_ARGUMENT, "The JSON body is malformed.") from None
    if not isinstance(data, dict):
        raise errors.invalid(errors.INVALID_ARGUMENT, "The JSON body must be an object.")
    spec = load_spec().parameters
    for key, value in data.items():
        if key in spec and not isinstance(value, str):
            # CreateCallRecordingRequest declares every property `type: string`.
            raise errors.invalid(_code_for(key), f"{key} must be a string.")
    # Names the spec does not define are kept whatever their value (as JSON text), so that a
    # space that refuses unknown parameters (the STRICT variation) sees them all.
    return {k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}


def _code_for(name: str) -> int:
    return _LENIENCY.get(name, (None, errors.INVALID_ARGUMENT))[1]


def _enum_value(spec: ParameterSpec, raw: str, config: MockConfig) -> str:
    assert spec.enum is not None
    if raw in spec.enum:
        return raw
    if config.has(Fault.ACCEPTS_CASE_VARIANTS):
        for allowed in spec.enum:
            if allowed.casefold() == raw.casefold():
                return allowed
    fault, code = _LENIENCY[spec.name]
    if config.has(fault):
        return raw
    allowed_text = ", ".join(spec.enum)
    raise errors.invalid(code, f"{spec.name} must be one of {allowed_text}; got {raw!r}.")


def _is_absolute_http_url(value: str) -> bool:
    if not value or any(ch.isspace() for ch in value):
        return False
    # Internationalised URLs (IRIs) are accepted: they are mapped to URIs before sending.
    as_uri = iri_to_uri(value)
    if validate_rfc3986(as_uri, rule="URI") is None:
        return False
    parts = urlsplit(as_uri)
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _callback_url(raw: str | None, config: MockConfig) -> str | None:
    if raw is None or _is_absolute_http_url(raw) or config.has(Fault.ACCEPTS_INVALID_CALLBACK):
        return raw
    repaired = lenient.repaired_uri(raw) if lenient.applies(config) else None
    if repaired is not None:
        # Called back (if http(s) with a host) in the repaired, percent-encoded form.
        return repaired
    raise errors.invalid(
        errors.INVALID_CALLBACK_URL,
        f"RecordingStatusCallback must be an absolute http or https URL; got {raw!r}.",
    )


def _events(raw: str | None, spec: ParameterSpec, config: MockConfig) -> tuple[str, ...]:
    if raw is None:
        assert spec.default is not None
        return (spec.default,)
    tokens = lenient.event_names(raw) if lenient.applies(config) else tuple(raw.split(" "))
    if not tokens:
        # Only a lenient reading finds no names (the empty list): the default applies.
        assert spec.default is not None
        return (spec.default,)
    valid = spec.described_values or ()
    if all(token in valid for token in tokens) or config.has(Fault.ACCEPTS_INVALID_EVENTS):
        return tokens
    raise errors.invalid(
        errors.INVALID_CALLBACK_EVENT,
        f"{EVENT_PARAMETER} must be space-separated values of {', '.join(valid)}; got {raw!r}.",
    )


def validate_create(params: Mapping[str, str], config: MockConfig) -> CreateParams:
    """Apply defaults and check every parameter; raise `ApiError` for the first invalid one."""
    spec = load_spec().parameters

    def enum(name: str) -> str:
        raw = params.get(name)
        default = spec[name].default
        assert default is not None
        return default if raw is None else _enum_value(spec[name], raw, config)

    channels = enum("RecordingChannels")
    track = enum("RecordingTrack")
    trim = enum("Trim")
    if "Trim" not in params and config.has(Fault.TRIM_DEFAULT_TRIM_SILENCE):
        trim = "trim-silence"
    method = enum("RecordingStatusCallbackMethod")
    callback = _callback_url(params.get("RecordingStatusCallback"), config)
    events = _events(params.get(EVENT_PARAMETER), spec[EVENT_PARAMETER], config)
    _refusals(params, config)
    _crash_faults(channels, track, trim, method, callback, config)
    if len(events) > 1 and events[0] == "absent" and config.has(Fault.CRASH_ON_ABSENT_FIRST):
        raise InjectedCrash("event list starting with absent")
    return CreateParams(
        channels=2 if channels == "dual" else 1,
        track=track,
        trim=trim,
        callback_url=callback,
        callback_events=events,
        callback_method=method,
    )


def _refusals(params: Mapping[str, str], config: MockConfig) -> None:
    """Valid values the mock was told to reject (a fault: the spec allows them)."""
    for name, value in params.items():
        values = value.split(" ") if name == EVENT_PARAMETER else [value]
        for one in values:
            if config.refuses(name, one):
                raise errors.invalid(_code_for(name), f"{name} {one} is not supported.")


class InjectedCrash(Exception):
    """A crash the mock was told to have; answered as a 500, like an unhandled server error."""


def _crash_faults(
    channels: str, track: str, trim: str, method: str, callback: str | None, config: MockConfig
) -> None:
    rare = (channels, track, trim, method) == ("dual", "outbound", "trim-silence", "GET")
    if rare and config.has(Fault.CRASH_ON_RARE_COMBINATION):
        raise InjectedCrash("rare parameter combination")
    if callback and "%" in callback and config.has(Fault.CRASH_ON_PERCENT_ENCODED_CALLBACK):
        raise InjectedCrash("percent-encoded callback URL")


__all__ = ["ApiError", "InjectedCrash", "parse_body", "validate_create"]
