"""Authentication and addressing: only the project's own credentials reach its own calls."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from recording_conformance.conformance.checks import Expectation, requirements_for
from recording_conformance.conformance.exchange import Auth, RawAuthorization
from recording_conformance.conformance.harness import Harness
from recording_conformance.conformance.request import CreateRequest

WITH_DUAL = CreateRequest.of(RecordingChannels="dual", suffix=".json")
# A well-formed sid no space has issued (RFC 9562 nil-adjacent, version 4 bits set).
UNKNOWN_SID = "00000000-0000-4000-8000-000000000000"

CREDENTIALS: dict[str, Callable[[Harness], Auth]] = {
    "none": lambda h: "none",
    "bearer-token": lambda h: RawAuthorization(f"Bearer {h.target.api_token}"),
    "basic-empty": lambda h: RawAuthorization("Basic "),
    "basic-not-base64": lambda h: RawAuthorization("Basic %%%not-base64%%%"),
    "wrong-token": lambda h: h.basic_auth(h.target.project_id, "PT" + uuid.uuid4().hex * 2),
    "wrong-project": lambda h: h.basic_auth(str(uuid.uuid4()), h.target.api_token),
    "token-as-user": lambda h: h.basic_auth(h.target.api_token, h.target.project_id),
    "project-only": lambda h: h.basic_auth(h.target.project_id, ""),
}


@pytest.mark.requirement(*requirements_for(Expectation.BAD_CREDENTIALS))
@pytest.mark.parametrize("create", [CreateRequest(), WITH_DUAL], ids=["empty", "dual"])
@pytest.mark.parametrize("credentials", list(CREDENTIALS), ids=str)
def test_bad_credentials_are_refused(
    harness: Harness, credentials: str, create: CreateRequest
) -> None:
    harness.create(
        create, expect=Expectation.BAD_CREDENTIALS, auth=CREDENTIALS[credentials](harness)
    )


@pytest.mark.requirement(*requirements_for(Expectation.OTHER_ACCOUNT))
@pytest.mark.parametrize("create", [CreateRequest(), WITH_DUAL], ids=["empty", "dual"])
def test_another_accounts_path_is_refused(harness: Harness, create: CreateRequest) -> None:
    harness.create(create, expect=Expectation.OTHER_ACCOUNT, account_sid=str(uuid.uuid4()))


@pytest.mark.requirement(*requirements_for(Expectation.UNKNOWN_CALL))
@pytest.mark.parametrize("call_sid", [UNKNOWN_SID, "random"], ids=["nil-like", "random"])
def test_unknown_call_is_not_found(harness: Harness, call_sid: str) -> None:
    sid = str(uuid.uuid4()) if call_sid == "random" else call_sid
    harness.create(CreateRequest(), expect=Expectation.UNKNOWN_CALL, call_sid=sid)


# Path segments only: a sid like `..` would be resolved away by the client before sending.
MALFORMED_SIDS = [
    "not-a-uuid",
    "0",
    "CA" + "0" * 32,
    "%00",
    "a" * 300,
    "00000000-0000-4000-8000-00000000000g",
    "%E2%9C%93",
]


@pytest.mark.requirement(*requirements_for(Expectation.MALFORMED_SID))
@pytest.mark.parametrize("sid", MALFORMED_SIDS)
@pytest.mark.parametrize("where", ["call", "account"])
def test_malformed_sid_is_refused(harness: Harness, where: str, sid: str) -> None:
    call_sid, account_sid = (sid, None) if where == "call" else (None, sid)
    harness.create(
        CreateRequest(),
        expect=Expectation.MALFORMED_SID,
        call_sid=call_sid,
        account_sid=account_sid,
    )
