"""The strategies generate what they promise: valid means valid, invalid means invalid, open
means neither, and every edge case is reachable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from conformance.request import EVENT_PARAMETER, CreateRequest
from mockspace import MockConfig
from mockspace.errors import ApiError
from mockspace.params import validate_create
from spec import load_spec
from strategies import (
    callback_event_lists,
    callback_urls,
    grid_requests,
    invalid_callback_events,
    invalid_callback_urls,
    invalid_create_requests,
    open_callback_urls,
    open_create_requests,
    out_of_enum_values,
    valid_create_requests,
)
from strategies.enums import ENUM_PARAMETERS

OMITTED = object()
SEARCH = settings(max_examples=3000, suppress_health_check=list(HealthCheck), database=None)
CALLBACK = "RecordingStatusCallback"


def _request_validator() -> Any:
    return load_spec().validator("CreateCallRecordingRequest")


def _as_json(request: CreateRequest) -> dict[str, object]:
    return dict(request.meaning())


def _event_grammar_holds(value: object) -> bool:
    allowed = load_spec().parameters[EVENT_PARAMETER].described_values or ()
    return isinstance(value, str) and all(token in allowed for token in value.split(" "))


def _valid_per_spec(request: CreateRequest) -> bool:
    meaning = _as_json(request)
    events_ok = EVENT_PARAMETER not in meaning or _event_grammar_holds(meaning[EVENT_PARAMETER])
    return bool(_request_validator().is_valid(meaning)) and events_ok


@given(valid_create_requests())
def test_valid_requests_are_valid_per_spec_and_accepted_by_the_reference(
    request: CreateRequest,
) -> None:
    assert _valid_per_spec(request)
    validate_create({k: str(v) for k, v in request.meaning().items()}, MockConfig())


@given(invalid_create_requests())
def test_invalid_requests_break_the_spec(request: CreateRequest) -> None:
    assert not _valid_per_spec(request)


@given(open_create_requests())
def test_open_requests_differ_from_a_valid_one_by_one_open_twist(request: CreateRequest) -> None:
    meaning = _as_json(request)
    unknown = set(meaning) - set(load_spec().parameters)
    callback = meaning.get(CALLBACK)
    events = meaning.get(EVENT_PARAMETER)
    twists = [
        bool(unknown),
        isinstance(callback, str) and callback in _open_urls(),
        events is not None and not _event_grammar_holds(events),
        # Repeated events keep the grammar but are not known to be accepted.
        isinstance(events, str) and len(events.split(" ")) != len(set(events.split(" "))),
    ]
    assert sum(twists) >= 1


def _open_urls() -> set[str]:
    from strategies.callbacks import OPEN_CALLBACK_URLS

    return set(OPEN_CALLBACK_URLS)


@given(
    st.sampled_from(ENUM_PARAMETERS).flatmap(lambda n: st.tuples(st.just(n), out_of_enum_values(n)))
)
def test_out_of_enum_values_are_never_allowed(case: tuple[str, str]) -> None:
    name, value = case
    assert value not in (load_spec().parameters[name].enum or ())


@given(callback_urls())
def test_callback_urls_are_absolute_http_uris_on_reserved_hosts(url: str) -> None:
    assert _request_validator().is_valid({CALLBACK: url})
    assert url.startswith(("http://", "https://"))
    host = url.split("://", 1)[1].split("/", 1)[0].split("@")[-1].split(":")[0]
    assert host.endswith((".example", "example.com", "example.net", "example.org"))


@given(invalid_callback_urls())
def test_invalid_callback_urls_are_not_absolute_uris(url: str) -> None:
    assert not _request_validator().is_valid({CALLBACK: url}) or any(c.isspace() for c in url)


@given(open_callback_urls())
def test_open_callback_urls_are_not_plain_http_urls_on_reserved_hosts(url: str) -> None:
    plain = url.startswith(("http://example.com", "https://example.com"))
    assert not plain or "#" in url or len(url) > 10000


@given(invalid_callback_events())
def test_invalid_events_break_the_grammar(value: str) -> None:
    assert not _event_grammar_holds(value)


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


def test_case_variants_whitespace_empty_lookalikes_and_numbers_are_reachable() -> None:
    values = out_of_enum_values("RecordingChannels")
    for wanted in ["Mono", "DUAL", " mono", "", "m\u043en\u043e", "mono" * 40]:
        find(values, _equals(wanted), settings=SEARCH)
    find(values, lambda v: v.lstrip("-").isdigit(), settings=SEARCH)


def test_every_event_subset_and_order_is_reachable() -> None:
    for wanted in (
        ["absent", "completed", "in-progress"],
        ["in-progress", "absent"],
        ["completed"],
    ):
        find(callback_event_lists(), _equals(wanted), settings=SEARCH)


def test_unusual_callback_urls_are_reachable() -> None:
    urls = callback_urls()
    find(urls, lambda u: len(u) > 2000, settings=SEARCH)
    find(urls, lambda u: "%" in u and "?" in u, settings=SEARCH)
    find(urls, lambda u: "xn--" in u, settings=SEARCH)
    find(urls, lambda u: u.count(":") == 2, settings=SEARCH)  # a port


def test_non_string_json_and_several_wrong_parameters_are_reachable() -> None:
    requests = invalid_create_requests()
    find(
        requests,
        lambda r: r.encoding == "json" and any(not isinstance(v, str) for _, v in r.params),
        settings=SEARCH,
    )

    def wrong_count(request: CreateRequest) -> int:
        return sum(not _request_validator().is_valid({k: v}) for k, v in request.meaning().items())

    find(requests, lambda r: wrong_count(r) >= 3, settings=SEARCH)


def test_the_grid_is_every_combination_once() -> None:
    grid = grid_requests()
    assert len(grid) == 3 * 4 * 3 * 3 * 2
    assert len({r.params for r in grid}) == len(grid)
    for request in grid:
        assert _valid_per_spec(request)


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
