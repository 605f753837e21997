"""schemathesis's generic checks, aimed at the same target through the same client, and tuned
so that a conformant space raises no false alarm.

The operation is handed to schemathesis with the target pinned: the path's AccountSid and
CallSid are written into the path and the `Authorization` header parameter is removed (the
client sends the configured credentials), so that schemathesis varies only the body. The body
is offered as JSON (what the spec declares) and form-encoded (what every client sends).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from recording_conformance.conformance.target import Target
from recording_conformance.spec import Spec
from recording_conformance.spec.loader import OPERATION_PATH

FORM = "application/x-www-form-urlencoded"
# Generic checks that hold for any body the spec allows.
POSITIVE_CHECKS: list[Callable[..., Any]] = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Left out, with the reason:
# - positive_data_acceptance: RecordingStatusCallbackEvent is a bare string whose grammar lives
#   in prose, and `format: uri` admits callbacks (urn:, mailto:) a space may refuse; correct
#   rejections would be flagged.
# - unsupported_method: other methods on this path (a GET list) exist on real spaces.
# - missing_required_header, ignored_auth: authentication is checked by test_auth.py with
#   credentials of the suite's own making.
# negative_data_rejection runs on JSON bodies only: form encoding flattens a list or a number
# into a string that may well be valid, so a "negative" form body is not always invalid.
NEGATIVE_CHECKS: list[Callable[..., Any]] = [*POSITIVE_CHECKS, negative_data_rejection]


def pinned_document(spec: Spec, target: Target) -> dict[str, Any]:
    """The spec's document with the target's ids in the path, no Authorization parameter,
    the form encoding beside JSON, and the target as the server."""
    document = copy.deepcopy(spec.document)
    operation = document["paths"].pop(OPERATION_PATH)
    post = operation["post"]
    post["parameters"] = [
        p for p in post["parameters"] if p["in"] != "header" and p["in"] != "path"
    ]
    content = post["requestBody"]["content"]
    content[FORM] = copy.deepcopy(content["application/json"])
    path = OPERATION_PATH.replace("{AccountSid}", target.project_id).replace(
        "{CallSid}", target.call_sid
    )
    document["paths"] = {path: operation}
    document["servers"] = [{"url": target.api_base}]
    return document


def negative_document(document: dict[str, Any]) -> dict[str, Any]:
    """The pinned document for negative cases: JSON bodies only, and the callback without its
    `format: uri`. In OpenAPI 3.1 `format` is an annotation, so "not a URI" is no proof of an
    invalid request (an absolute URL with characters RFC 3986 leaves out is one a space may
    accept); the suite's own strategies send the callbacks that must be rejected."""
    negative = copy.deepcopy(document)
    for operation in negative["paths"].values():
        operation["post"]["requestBody"]["content"].pop(FORM)
    properties = negative["components"]["schemas"]["CreateCallRecordingRequest"]["properties"]
    properties["RecordingStatusCallback"].pop("format", None)
    return negative


def encode_case(kwargs: dict[str, Any]) -> tuple[bytes, str | None]:
    """The body and Content-Type of schemathesis's transport arguments, as bytes on the wire."""
    headers = {k.lower(): v for k, v in (kwargs.get("headers") or {}).items()}
    if "json" in kwargs and kwargs["json"] is not None:
        return json.dumps(kwargs["json"]).encode(), headers.get("content-type", "application/json")
    data = kwargs.get("data")
    if data is None:
        return b"", headers.get("content-type")
    if isinstance(data, dict):
        return urlencode(data, doseq=True).encode(), headers.get("content-type", FORM)
    raw = data if isinstance(data, bytes) else str(data).encode()
    return raw, headers.get("content-type")
