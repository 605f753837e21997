"""The mock pages recording lists as the Compatibility API does (PageSize, Page, PageToken and
the URIs that lead from page to page), and answers 429 at the throttle rate it is given."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
import requests

from recording_conformance.mockspace import MockSpaceServer


def _create(api: requests.Session, recordings_url: str, count: int) -> list[str]:
    sids = []
    for _ in range(count):
        answer = api.post(recordings_url)
        assert answer.status_code == 200, answer.text
        sids.append(answer.json()["sid"])
    return sids


def _follow(api: requests.Session, mock: MockSpaceServer, url: str, **query: str) -> list[Any]:
    """Every page from `url`, following next_page_uri (a path on the same host)."""
    pages = [api.get(url, params=query).json()]
    while pages[-1]["next_page_uri"] is not None:
        assert pages[-1]["next_page_uri"].startswith("/")
        pages.append(api.get(mock.origin + pages[-1]["next_page_uri"]).json())
        assert len(pages) < 100, "next_page_uri never ends"
    return pages


@pytest.mark.parametrize("prefix", ["/api/laml/2010-04-01", "/2010-04-01"])
def test_following_next_page_uri_lists_every_recording_once_newest_first(
    mock: MockSpaceServer, api: requests.Session, recordings_url: str, prefix: str
) -> None:
    sids = _create(api, recordings_url, 7)
    account = f"{mock.origin}{prefix}/Accounts/{mock.config.project_id}"
    call_scoped = f"{account}/Calls/{mock.config.in_progress_call_sid}/Recordings.json"
    for url in (f"{account}/Recordings.json", call_scoped):
        pages = _follow(api, mock, url, PageSize="3")
        listed = [r["sid"] for page in pages for r in page["recordings"]]
        assert listed == sids[::-1]
        assert [len(page["recordings"]) for page in pages] == [3, 3, 1]
        assert [(p["page"], p["page_size"], p["start"], p["end"]) for p in pages] == [
            (0, 3, 0, 2),
            (1, 3, 3, 5),
            (2, 3, 6, 6),
        ]
        assert pages[0]["previous_page_uri"] is None
        assert pages[-1]["next_page_uri"] is None
    assert pages[1]["next_page_uri"].startswith(f"{prefix}/Accounts/")


def test_more_than_the_default_page_size(
    mock: MockSpaceServer, api: requests.Session, recordings_url: str
) -> None:
    sids = _create(api, recordings_url, 55)
    account = f"{mock.api_base}/Accounts/{mock.config.project_id}"
    pages = _follow(api, mock, f"{account}/Recordings.json")
    assert [len(page["recordings"]) for page in pages] == [50, 5]
    listed = [r["sid"] for page in pages for r in page["recordings"]]
    assert listed == sids[::-1]
    whole = api.get(f"{account}/Recordings.json", params={"PageSize": "1000"}).json()
    assert (len(whole["recordings"]), whole["next_page_uri"]) == (55, None)


def test_recordings_created_between_pages_neither_repeat_nor_hide_older_ones(
    mock: MockSpaceServer, api: requests.Session, recordings_url: str
) -> None:
    older = _create(api, recordings_url, 4)
    first = api.get(f"{recordings_url}.json", params={"PageSize": "2"}).json()
    newer = _create(api, recordings_url, 3)
    second = api.get(mock.origin + first["next_page_uri"]).json()
    assert [r["sid"] for r in first["recordings"] + second["recordings"]] == older[::-1]
    back = api.get(mock.origin + second["previous_page_uri"]).json()
    assert [r["sid"] for r in back["recordings"]] == older[:1:-1]
    assert back["previous_page_uri"] is not None  # the newer ones come before it now
    assert newer


def test_old_style_page_numbers_and_filters_carry_into_the_uris(
    mock: MockSpaceServer, api: requests.Session, recordings_url: str
) -> None:
    sids = _create(api, recordings_url, 5)
    api.post(f"{recordings_url}/{sids[0]}", data={"Status": "stopped"})
    account = f"{mock.api_base}/Accounts/{mock.config.project_id}"
    query = {"CallSid": mock.config.in_progress_call_sid, "Status": "in-progress"}
    page = api.get(f"{account}/Recordings", params={**query, "PageSize": "2", "Page": "1"})
    body = page.json()
    assert [r["sid"] for r in body["recordings"]] == [sids[2], sids[1]]
    assert (body["page"], body["start"], body["end"]) == (1, 2, 3)
    for key in ("uri", "first_page_uri", "previous_page_uri"):
        assert f"CallSid={mock.config.in_progress_call_sid}" in body[key], key
        assert "Status=in-progress" in body[key], key
    assert body["next_page_uri"] is None  # sids[0] is completed: filtered out
    assert body["first_page_uri"].endswith("PageSize=2&Page=0")
    completed = api.get(f"{account}/Recordings.json", params={"Status": "completed"}).json()
    assert [r["sid"] for r in completed["recordings"]] == [sids[0]]


@pytest.mark.parametrize(
    "query",
    [
        {"PageSize": "0"},
        {"PageSize": "1001"},
        {"PageSize": "ten"},
        {"PageSize": "-5"},
        {"Page": "-1"},
        {"Page": "first"},
        {"PageToken": "nonsense"},
        {"PageToken": "PA"},
    ],
    ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()),
)
def test_bad_paging_parameters_answer_400(
    api: requests.Session, recordings_url: str, query: dict[str, str]
) -> None:
    answer = api.get(f"{recordings_url}.json", params=query)
    assert answer.status_code == 400, answer.text
    assert (answer.json()["code"], answer.json()["status"]) == (10000, 400)


def test_an_empty_list_is_one_last_page(api: requests.Session, recordings_url: str) -> None:
    body = api.get(f"{recordings_url}.json").json()
    assert body["recordings"] == []
    assert (body["next_page_uri"], body["previous_page_uri"]) == (None, None)
    assert (body["page"], body["page_size"], body["start"], body["end"]) == (0, 50, 0, 0)


def test_throttling_answers_429_at_its_rate_with_both_retry_after_forms(
    mock: MockSpaceServer, api: requests.Session, recordings_url: str
) -> None:
    mock.config.throttle_rate = 0.25
    calls = f"{mock.api_base}/Accounts/{mock.config.project_id}/Calls"
    answers = [
        api.post(recordings_url)
        if n % 2
        else api.get(f"{calls}/{mock.config.in_progress_call_sid}")
        for n in range(16)
    ]
    throttled = [n for n, answer in enumerate(answers, 1) if answer.status_code == 429]
    assert throttled == [4, 8, 12, 16]  # spread evenly, over the recording and calls routes
    assert mock.space.state.throttled_answers == 4
    assert {a.status_code for a in answers} == {200, 429}
    first, second = (answers[n - 1] for n in throttled[:2])
    for answer in (first, second):
        assert answer.json() == {
            "code": 20429,
            "message": "Too Many Requests",
            "more_info": answer.json()["more_info"],
            "status": 429,
        }
    assert first.headers["Retry-After"] == "1"
    assert answers[throttled[2] - 1].headers["Retry-After"] == "1"
    retry_at = parsedate_to_datetime(second.headers["Retry-After"])
    assert second.headers["Retry-After"].endswith(" GMT")
    assert -1 <= (retry_at - datetime.now(UTC)).total_seconds() <= 2


def test_no_throttling_by_default(api: requests.Session, recordings_url: str) -> None:
    assert {api.post(recordings_url).status_code for _ in range(30)} == {200}
