"""The strategies generate what they promise: valid means valid, invalid means must-reject by the
rule of tests/rules.py, open means neither, and every edge case is reachable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from recording_conformance.conformance.request import EVENT_PARAMETER, CreateRequest
from recording_conformance.mockspace import MockConfig
from recording_conformance.mockspace.errors import ApiError
from recording_conformance.mockspace.params import validate_create
from recording_conformance.spec import load_spec
from recording_conformance.strategies import (
    callback_event_lists,
    callback_urls,
    extra_parameter_create_requests,
    grid_requests,
    invalid_callback_events,
    invalid_callback_urls,
    invalid_create_requests,
    non_string_json_values,
    open_callback_events,
    open_callback_urls,
    open_create_requests,
    out_of_enum_values,
    valid_create_requests,
)
from recording_conformance.strategies.callbacks import (
    INVALID_CALLBACK_URLS,
    OPEN_CALLBACK_URLS,
    UNSAFE_INSIDE,
)
from recording_conformance.strategies.enums import ENUM_PARAMETERS, NON_STRING_JSON, near_misses
from recording_conformance.strategies.events import OPEN_EVENT_LISTS, listed_invalid_events
from recording_conformance.strategies.requests import PARAMETERS
from tests.rules import CALLBACK, must_reject, plain

OMITTED = object()
SEARCH = settings(max_examples=3000, suppress_health_check=list(HealthCheck), database=None)


def _request_validator() -> Any:
    return load_spec().validator("CreateCallRecordingRequest")


def _rejected(request: CreateRequest) -> list[str]:
    return [name for name, value in request.meaning().items() if must_reject(name, value)]


def _twisted(request: CreateRequest) -> list[str]:
    twisted = [name for name, value in request.meaning().items() if not plain(name, value)]
    if [name for name, _ in request.params].count(EVENT_PARAMETER) > 1:
        twisted.append("repeated event keys")
    return twisted


@given(valid_create_requests())
def test_valid_requests_are_valid_per_spec_and_accepted_by_the_reference(
    request: CreateRequest,
) -> None:
    meaning = request.meaning()
    assert _request_validator().is_valid(meaning)
    assert not _twisted(request)
    validate_create({k: str(v) for k, v in meaning.items()}, MockConfig())


@given(invalid_create_requests())
def test_invalid_requests_carry_a_value_that_must_be_rejected(request: CreateRequest) -> None:
    assert _rejected(request)


@given(open_create_requests())
def test_open_requests_differ_from_a_valid_one_by_an_open_twist(request: CreateRequest) -> None:
    assert not _rejected(request)
    assert _twisted(request)


@given(extra_parameter_create_requests())
def test_extra_parameter_requests_are_valid_with_one_unknown_name(request: CreateRequest) -> None:
    assert not _rejected(request)
    assert _request_validator().is_valid(request.meaning())
    assert [name for name in request.meaning() if name not in PARAMETERS] != []


@given(
    st.sampled_from(ENUM_PARAMETERS).flatmap(lambda n: st.tuples(st.just(n), out_of_enum_values(n)))
)
def test_out_of_enum_values_must_be_rejected(case: tuple[str, str]) -> None:
    assert must_reject(*case)


@given(st.sampled_from(PARAMETERS), non_string_json_values())
def test_non_string_json_values_must_be_rejected(name: str, value: object) -> None:
    assert must_reject(name, value)


@given(callback_urls())
def test_callback_urls_are_absolute_http_uris_on_reserved_hosts(url: str) -> None:
    assert _request_validator().is_valid({CALLBACK: url})
    assert plain(CALLBACK, url)


@given(invalid_callback_urls())
def test_invalid_callback_urls_must_be_rejected(url: str) -> None:
    assert must_reject(CALLBACK, url)


@given(open_callback_urls())
def test_open_callback_urls_are_neither_plain_nor_must_reject(url: str) -> None:
    assert not must_reject(CALLBACK, url)
    assert not plain(CALLBACK, url)


@given(invalid_callback_events())
def test_invalid_events_must_be_rejected(value: str) -> None:
    assert must_reject(EVENT_PARAMETER, value)


@given(open_callback_events())
def test_open_events_are_neither_plain_nor_must_reject(value: str) -> None:
    assert not must_reject(EVENT_PARAMETER, value)
    assert not plain(EVENT_PARAMETER, value)


def _listed() -> list[tuple[str, object, bool]]:
    # (parameter, value, must be rejected) for every table of the strategies.
    rows: list[tuple[str, object, bool]] = []
    rows += [(name, miss, True) for name in ENUM_PARAMETERS for miss in near_misses(name)]
    rows += [(name, kind, True) for name in PARAMETERS for kind in NON_STRING_JSON]
    rows += [(CALLBACK, url, True) for url in INVALID_CALLBACK_URLS]
    rows += [(EVENT_PARAMETER, value, True) for value in listed_invalid_events()]
    rows += [(CALLBACK, url, False) for url in OPEN_CALLBACK_URLS]
    rows += [(EVENT_PARAMETER, value, False) for value in OPEN_EVENT_LISTS]
    return rows


@pytest.mark.parametrize(("name", "value", "rejected"), _listed())
def test_every_listed_value_is_classified_by_the_rule(
    name: str, value: object, rejected: bool
) -> None:
    assert must_reject(name, value) is rejected
    assert not plain(name, value)


@pytest.mark.parametrize(
    ("name", "value", "rejected"),
    [
        # Absolute once whitespace is stripped and unsafe characters are encoded: open.
        (CALLBACK, "https://exa mple.com/<a>", False),
        (CALLBACK, " http://example.com/{x}|\n", False),
        (CALLBACK, "example.com:8080/status", False),  # a URI: its scheme is "example.com"
        (CALLBACK, "ht<tps://example.com/", True),  # no scheme can hold "<"
        (EVENT_PARAMETER, "completed,\tabsent ", False),
        (EVENT_PARAMETER, "", False),
        (EVENT_PARAMETER, "completed;absent", True),
        (EVENT_PARAMETER, "completed\u00a0finished", True),
        ("Trim", "trim-silence ", True),
        ("FriendlyName", 7, False),
    ],
)
def test_the_rule_itself(name: str, value: object, rejected: bool) -> None:
    assert must_reject(name, value) is rejected


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
    # Repeated keys are what SDKs send; the spec does not define them, so they are open.
    find(
        open_create_requests(),
        lambda r: [k for k, _ in r.params].count(EVENT_PARAMETER) >= 2,
        settings=SEARCH,
    )


def test_case_variants_whitespace_empty_lookalikes_and_numbers_are_reachable() -> None:
    values = out_of_enum_values("RecordingChannels")
    for wanted in ["Mono", "DUAL", " mono", "", "m\u043en\u043e", "mono" * 40, "2"]:
        find(values, _equals(wanted), settings=SEARCH)
    find(values, lambda v: v.lstrip("-").isdigit() and len(v) > 1, settings=SEARCH)


def test_every_event_subset_and_order_is_reachable() -> None:
    for wanted in (
        ["absent", "completed", "in-progress"],
        ["in-progress", "absent"],
        ["completed"],
    ):
        find(callback_event_lists(), _equals(wanted), settings=SEARCH)


def test_unusual_callback_urls_are_reachable() -> None:
    urls = callback_urls()
    find(urls, lambda u: len(u) > 1000, settings=SEARCH)
    find(urls, lambda u: "%" in u and "?" in u, settings=SEARCH)
    find(urls, lambda u: "xn--" in u, settings=SEARCH)
    find(urls, lambda u: u.count(":") == 2, settings=SEARCH)  # a port


def _generated(listed: tuple[str, ...]) -> Callable[[Callable[[str], bool]], Callable[[str], bool]]:
    # Conditions met by values the strategy made up, not taken from its table.
    return lambda condition: lambda value: value not in listed and condition(value)


def test_every_invalid_callback_class_is_reachable() -> None:
    made_up = _generated(INVALID_CALLBACK_URLS)
    urls = invalid_callback_urls()
    for condition in (
        lambda u: u.startswith("//"),
        lambda u: u.startswith("/") and not u.startswith("//"),
        lambda u: u.startswith("../"),
        lambda u: u[0].isalnum() and "?" in u and "#" in u,
    ):
        find(urls, made_up(condition), settings=SEARCH)
    for wanted in INVALID_CALLBACK_URLS[:3]:
        find(urls, _equals(wanted), settings=SEARCH)


def _inside(unsafe: str) -> Callable[[str], bool]:
    return lambda url: unsafe in url.strip()


def test_every_open_callback_class_is_reachable() -> None:
    made_up = _generated(OPEN_CALLBACK_URLS)
    urls = open_callback_urls()
    for unsafe in UNSAFE_INSIDE:
        find(urls, made_up(_inside(unsafe)), settings=SEARCH)
    find(urls, made_up(lambda u: u[0].isspace() and u[-1].isspace()), settings=SEARCH)
    for wanted in ("http://", "mailto:ops@example.com", "https://example.com/status#fragment"):
        find(urls, _equals(wanted), settings=SEARCH)


def test_every_event_class_is_reachable() -> None:
    invalid, loose = invalid_callback_events(), open_callback_events()
    names = ("completed", "in-progress", "absent")
    made_up = _generated(listed_invalid_events())
    find(invalid, made_up(lambda v: v.isalpha()), settings=SEARCH)
    find(
        invalid,
        made_up(lambda v: "," in v and any(n in v.split(",") for n in names)),
        settings=SEARCH,
    )
    find(invalid, made_up(lambda v: v.count(";") == 2), settings=SEARCH)
    for wanted in ("", " ", "\t", "completed,in-progress"):
        find(loose, _equals(wanted), settings=SEARCH)
    made_up_open = _generated(OPEN_EVENT_LISTS)
    for condition in (
        lambda v: v.count(",") == 2,
        lambda v: "\n" in v and v.strip(),
        lambda v: v.startswith(" , "),
        lambda v: len(v.split(" ")) == 4 and len(set(v.split(" "))) == 3,
    ):
        find(loose, made_up_open(condition), settings=SEARCH)


def test_non_string_json_and_several_wrong_parameters_are_reachable() -> None:
    requests = invalid_create_requests()
    find(
        requests,
        lambda r: r.encoding == "json" and any(not isinstance(v, str) for _, v in r.params),
        settings=SEARCH,
    )
    find(requests, lambda r: len(_rejected(r)) >= 3, settings=SEARCH)


def test_open_callbacks_and_open_events_are_reachable_in_whole_requests() -> None:
    requests = open_create_requests()
    find(requests, lambda r: _twisted(r) == [CALLBACK], settings=SEARCH)
    find(requests, lambda r: _twisted(r) == [EVENT_PARAMETER], settings=SEARCH)
    find(requests, _asks(EVENT_PARAMETER, ""), settings=SEARCH)


def test_the_grid_is_every_combination_once() -> None:
    grid = grid_requests()
    assert len(grid) == 3 * 4 * 3 * 3 * 2
    assert len({r.params for r in grid}) == len(grid)
    for request in grid:
        assert not _twisted(request)


def test_the_reference_rejects_every_invalid_kind() -> None:
    # The reference mock must agree with the strategies, or the self-tests prove nothing.
    for request in [
        CreateRequest.of(RecordingStatusCallbackEvent="completed;absent"),
        CreateRequest.of(RecordingStatusCallback="//example.com/x"),
    ]:
        try:
            validate_create({k: str(v) for k, v in request.meaning().items()}, MockConfig())
        except ApiError:
            continue
        raise AssertionError(f"accepted {request.describe()}")
