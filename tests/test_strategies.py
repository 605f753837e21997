"""The strategies generate what they promise: valid means valid, invalid means invalid, and the
edge cases are reachable."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from conformance.request import EVENT_PARAMETER, CreateRequest
from spec import load_spec
from strategies import (
    callback_event_lists,
    callback_urls,
    invalid_create_requests,
    out_of_enum_values,
    valid_create_requests,
)
from strategies.values import ENUM_PARAMETERS

OMITTED = object()
SEARCH = settings(max_examples=2000, suppress_health_check=list(HealthCheck), database=None)


def _as_json_body(request: CreateRequest) -> dict[str, object]:
    return {k: str(v) for k, v in request.meaning().items()}


@given(valid_create_requests())
def test_valid_requests_validate_against_the_request_schema(request: CreateRequest) -> None:
    validator = load_spec().validator("CreateCallRecordingRequest")
    assert validator.is_valid(_as_json_body(request))
    events = request.meaning().get(EVENT_PARAMETER)
    if events is not None:
        allowed = load_spec().parameters[EVENT_PARAMETER].described_values or ()
        assert all(event in allowed for event in str(events).split(" "))


@given(invalid_create_requests())
def test_invalid_requests_break_the_request_schema(request: CreateRequest) -> None:
    validator = load_spec().validator("CreateCallRecordingRequest")
    assert not validator.is_valid(_as_json_body(request))


@given(
    st.sampled_from(ENUM_PARAMETERS).flatmap(lambda n: st.tuples(st.just(n), out_of_enum_values(n)))
)
def test_out_of_enum_values_are_never_allowed(case: tuple[str, str]) -> None:
    name, value = case
    assert value not in (load_spec().parameters[name].enum or ())


def _asks(name: str, value: object) -> Callable[[CreateRequest], bool]:
    return lambda request: request.meaning().get(name, OMITTED) == value


def _equals(wanted: object) -> Callable[[object], bool]:
    return lambda value: value == wanted


def test_every_enum_value_and_omission_is_reachable() -> None:
    for name in ENUM_PARAMETERS:
        for value in load_spec().parameters[name].enum or ():
            find(valid_create_requests(), _asks(name, value), settings=SEARCH)
        find(valid_create_requests(), _asks(name, OMITTED), settings=SEARCH)


def test_encodings_suffixes_and_repeated_event_keys_are_reachable() -> None:
    find(
        valid_create_requests(),
        lambda r: r.encoding == "json" and r.suffix == ".json",
        settings=SEARCH,
    )
    find(
        valid_create_requests(),
        lambda r: [k for k, _ in r.params].count(EVENT_PARAMETER) >= 2,
        settings=SEARCH,
    )


def test_case_variants_whitespace_empty_and_lookalikes_are_reachable() -> None:
    values = out_of_enum_values("RecordingChannels")
    for wanted in ["Mono", "DUAL", " mono", "", "m\u043en\u043e"]:
        find(values, _equals(wanted), settings=SEARCH)


def test_every_event_subset_and_order_is_reachable() -> None:
    find(
        callback_event_lists(),
        lambda e: e == ["absent", "completed", "in-progress"],
        settings=SEARCH,
    )
    find(callback_event_lists(), lambda e: e == ["in-progress"], settings=SEARCH)


@given(callback_urls())
def test_callback_urls_are_absolute_uris(url: str) -> None:
    validator = load_spec().validator("CreateCallRecordingRequest")
    assert validator.is_valid({"RecordingStatusCallback": url})
