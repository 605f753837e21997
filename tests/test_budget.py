"""The request budget: N requests for the whole run, in one process or shared by several; what
the report makes of a budget that ran out."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from recording_conformance.conformance.budget import (
    RequestBudget,
    RequestBudgetExhausted,
    budget_ran_out,
)
from recording_conformance.conformance.client import ConformanceClient
from recording_conformance.conformance.records import BudgetUse, TestRecord
from recording_conformance.conformance.request import CreateRequest
from recording_conformance.conformance.sanitize import Sanitizer
from recording_conformance.conformance.target import Target
from recording_conformance.reports.model import PARTIAL, Run, budget_sentence, build_report


def _spend(shared: tuple[str, int], attempts: int) -> int:
    """In another process: take units from a shared budget; how many were granted."""
    budget = RequestBudget.attach(shared)
    granted = 0
    for _ in range(attempts):
        try:
            budget.take()
        except RequestBudgetExhausted:
            continue
        granted += 1
    budget.close()
    return granted


def test_a_budget_in_memory_grants_its_limit_and_then_refuses() -> None:
    budget = RequestBudget(3)
    for _ in range(3):
        budget.take()
    assert budget.use() == BudgetUse(limit=3, spent=3, ran_out=False)
    for _ in range(2):
        with pytest.raises(RequestBudgetExhausted, match="its 3 requests"):
            budget.take()
    assert budget.use() == BudgetUse(limit=3, spent=3, ran_out=True)


@pytest.mark.parametrize("limit", [0, -1])
def test_a_budget_needs_at_least_one_request(limit: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        RequestBudget(limit)


def test_sharing_keeps_what_was_spent_and_every_holder_counts_against_it() -> None:
    controller = RequestBudget(5)
    controller.take()
    shared = controller.share()
    assert controller.share() == shared  # one file, however many workers
    workers = [RequestBudget.attach(shared) for _ in range(2)]
    workers[0].take()
    workers[1].take()
    workers[1].take()
    workers[0].take()
    with pytest.raises(RequestBudgetExhausted):
        workers[1].take()
    assert controller.use() == BudgetUse(limit=5, spent=5, ran_out=True)
    for worker in workers:
        worker.close()


def test_the_process_that_shared_the_budget_removes_its_file_and_keeps_the_count() -> None:
    budget = RequestBudget(2)
    path, _ = budget.share()
    RequestBudget.attach((path, 2)).take()
    budget.close()
    assert not Path(path).exists()
    assert not Path(path).parent.exists()
    assert budget.use() == BudgetUse(limit=2, spent=1, ran_out=False)


def test_processes_sharing_a_budget_are_granted_its_limit_and_no_more() -> None:
    budget = RequestBudget(150)
    shared = budget.share()
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        granted = pool.starmap(_spend, [(shared, 100)] * 4)
    assert sum(granted) == 150, granted
    assert budget.use() == BudgetUse(limit=150, spent=150, ran_out=True)
    budget.close()


def test_clients_with_one_shared_budget_send_its_limit_between_them(
    mock_target: Target, mock_sanitizer: Sanitizer
) -> None:
    budget = RequestBudget(3)
    shared = budget.share()
    first = ConformanceClient(mock_target, mock_sanitizer, budget=budget)
    second = ConformanceClient(mock_target, mock_sanitizer, budget=RequestBudget.attach(shared))
    first.create_recording(CreateRequest())
    second.create_recording(CreateRequest())
    first.create_recording(CreateRequest())
    with pytest.raises(RequestBudgetExhausted):
        second.create_recording(CreateRequest())
    assert (first.requests_sent, second.requests_sent) == (2, 1)
    for client in (first, second):
        client.close()
    budget.close()


def test_a_client_without_a_limit_has_no_budget(
    mock_target: Target, mock_sanitizer: Sanitizer
) -> None:
    # No limit, no counter: nothing is done per request on loopback runs.
    assert ConformanceClient(mock_target, mock_sanitizer).budget is None


def test_a_search_that_ended_on_refusals_alone_is_the_budget_running_out() -> None:
    refusal = RequestBudgetExhausted("the run has sent its 3 requests (--max-requests)")
    assert budget_ran_out(refusal) == str(refusal)
    assert budget_ran_out(ExceptionGroup("search", [refusal, refusal])) == str(refusal)
    assert budget_ran_out(ExceptionGroup("search", [refusal, AssertionError("x")])) is None
    assert budget_ran_out(AssertionError("x")) is None


CATALOGUE = [
    {"id": rid, "level": "MUST", "text": rid, "source": "spec", "checks": [rid.lower()]}
    for rid in ("REC-TRIM", "REC-CHANNELS")
]


def _report(records: list[TestRecord], budget: BudgetUse | None) -> dict[str, object]:
    return build_report(
        records,
        catalogue=CATALOGUE,
        provenance={},
        deviations={},
        run=Run(duration=1.0, budget=budget),
        coverage_axes={},
    )


def test_a_budget_that_ran_out_makes_the_run_partial_even_when_every_requirement_was_judged() -> (
    None
):
    records = [
        TestRecord("a", "call", ["REC-TRIM", "REC-CHANNELS"], checks_ran={"REC-TRIM": 1}),
        TestRecord("b", "call", ["REC-CHANNELS"], checks_ran={"REC-CHANNELS": 1}),
        TestRecord("c", "teardown", [], requests=4, clean_up_requests=4),
        TestRecord("d", "setup", ["REC-TRIM"], outcome="skipped", skip_reason="budget"),
    ]
    report = _report(records, BudgetUse(limit=10, spent=10, ran_out=True))
    assert report["verdict"] == PARTIAL
    assert "request budget" in str(report["verdict_detail"])
    totals = report["totals"]
    assert isinstance(totals, dict)
    assert totals["budget"] == {"limit": 10, "spent": 10, "ran_out": True}
    assert totals["clean_up_requests"] == 4
    assert budget_sentence(totals) == (
        "the request budget of 10 ran out after 10 requests (--max-requests), and the tests "
        "past it were skipped; 4 more for the clean-up, outside the budget"
    )
    unspent = _report(records[:3], BudgetUse(limit=10, spent=6, ran_out=False))
    assert unspent["verdict"] == "conformant"
    assert budget_sentence(unspent["totals"]) == (  # type: ignore[arg-type]
        "6 requests within the budget of 10; 4 more for the clean-up, outside the budget"
    )
    assert budget_sentence(_report(records[:3], None)["totals"]) is None  # type: ignore[arg-type]
