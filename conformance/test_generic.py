"""schemathesis's generic checks against the same target, through the same client."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import schemathesis
from hypothesis import given, note, settings
from hypothesis import strategies as st
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation import GenerationMode

from recording_conformance.conformance.checks import Expectation, Violation
from recording_conformance.conformance.failures import ConformanceFailure
from recording_conformance.conformance.generic import (
    NEGATIVE_CHECKS,
    POSITIVE_CHECKS,
    encode_case,
    negative_document,
    pinned_document,
)
from recording_conformance.conformance.harness import Harness
from recording_conformance.spec import Spec

CALLBACK = "RecordingStatusCallback"
SAFE_CALLBACK_HOST = "example.com"

pytestmark = pytest.mark.requirement("REC-GENERIC")


def _cases(spec: Spec, harness: Harness, mode: GenerationMode) -> st.SearchStrategy[Any]:
    document = pinned_document(spec, harness.target)
    if mode is GenerationMode.NEGATIVE:
        document = negative_document(document)
    schema = schemathesis.openapi.from_dict(document)
    loaded: Any = next(iter(schema.get_all_operations()))
    strategy: st.SearchStrategy[Any] = loaded.ok().as_strategy(generation_mode=mode)
    return strategy


@pytest.fixture(scope="module")
def positive_cases(spec: Spec, harness: Harness) -> st.SearchStrategy[Any]:
    return _cases(spec, harness, GenerationMode.POSITIVE)


@pytest.fixture(scope="module")
def negative_cases(spec: Spec, harness: Harness) -> st.SearchStrategy[Any]:
    return _cases(spec, harness, GenerationMode.NEGATIVE)


def _keep_callbacks_on_reserved_hosts(case: Any) -> None:
    # schemathesis invents callback hosts (some of them real domains); a live space would call
    # them. A well-formed http(s) URL stays well-formed with a reserved host instead.
    body = case.body
    if isinstance(body, dict) and isinstance(body.get(CALLBACK), str):
        parts = urlsplit(body[CALLBACK])
        if parts.scheme in ("http", "https") and parts.hostname:
            body[CALLBACK] = urlunsplit(parts._replace(netloc=SAFE_CALLBACK_HOST))


def _run(harness: Harness, case: Any, checks: list[Any], expectation: Expectation) -> None:
    __tracebackhide__ = True
    _keep_callbacks_on_reserved_hosts(case)
    kwargs = case.as_transport_kwargs(base_url=harness.target.api_base)
    body, content_type = encode_case(kwargs)
    note(f"sent {content_type}: {harness.sanitizer.text(body.decode('utf-8', 'replace'))[:500]}")
    ids = {"account_sid": harness.target.project_id, "call_sid": harness.target.call_sid}
    exchange = harness.client.post_create(kwargs["url"], body, content_type, path_ids=ids)
    harness.recorder.ran("REC-GENERIC")
    names = [f"schemathesis.{check.__name__}" for check in checks]
    if expectation == Expectation.VALID_CREATE and not 200 <= exchange.status < 300:
        # A case the schema allows and the prose rules out (an unknown event token): the
        # target refused it as invalid, and another may refuse it with 400 or 422 alike.
        expectation = Expectation.INVALID_CREATE
    harness.recorder.judged_elsewhere(exchange, expectation.name, names)
    try:
        case.validate_response(exchange.raw, checks=checks)
    except (Failure, FailureGroup) as exc:
        first = exc.exceptions[0] if isinstance(exc, FailureGroup) else exc
        failure = ConformanceFailure(
            check=f"schemathesis.{type(first).__name__}",
            requirement="REC-GENERIC",
            level="MUST",
            violation=Violation(
                title=first.title,
                received=harness.sanitizer.text(first.message or "")[:1000],
                documented="what the OpenAPI document declares for this operation",
                key=(type(first).__name__, first.title),
            ),
            exchange=exchange,
        )
        harness.recorder.violation(failure)
        raise failure from None


# schemathesis is the generic safety net beside the suite's own strategies, and the slower of
# the two per case: a third of the profile's examples.
GENERIC_SHARE = settings(max_examples=max(1, settings().max_examples // 3))


@GENERIC_SHARE
@given(data=st.data())
def test_schemathesis_positive_cases(
    harness: Harness, positive_cases: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    _run(harness, data.draw(positive_cases), POSITIVE_CHECKS, Expectation.VALID_CREATE)


@GENERIC_SHARE
@given(data=st.data())
def test_schemathesis_negative_cases(
    harness: Harness, negative_cases: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    # schemathesis's negative cases break the request schema: invalid creates.
    _run(harness, data.draw(negative_cases), NEGATIVE_CHECKS, Expectation.INVALID_CREATE)
