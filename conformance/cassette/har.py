"""Exchanges as HAR 1.2 entries, and cassettes written and read as HAR 1.2 documents.

HAR 1.2: http://www.softwareishard.com/blog/har-12-spec/ ("custom fields ... must start with an
underscore"). Times are milliseconds; a body that is not UTF-8 is kept in base64, as HAR allows.
"""

from __future__ import annotations

import base64
import http
import json
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from recording_conformance.conformance.exchange import (
    TOKEN_VARIABLE,
    BasicCredentials,
    Exchange,
    RawAuthorization,
)
from recording_conformance.conformance.sanitize import Sanitizer

HAR_VERSION = "1.2"
# The log's own custom field: which targets the entries were sent to, one per process.
LOG_FIELD = "_recordingConformance"
FORMAT = 1


class CassetteError(ValueError):
    """A cassette that cannot be read or written; the message is one sentence."""


def _header_list(headers: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in headers.items()]


def _content(body: bytes, sanitizer: Sanitizer) -> dict[str, Any]:
    try:
        return {"text": sanitizer.text(body.decode("utf-8"))}
    except UnicodeDecodeError:
        return {"text": base64.b64encode(body).decode(), "encoding": "base64"}


def _status_text(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def auth_field(exchange: Exchange) -> dict[str, str]:
    """The credentials the request meant, for sending it again: the token is written
    `$SIGNALWIRE_API_TOKEN` (as in reproductions) and stands for the replay target's own."""
    auth, named = exchange.auth, exchange.sanitizer.named
    if auth == "configured" or auth == "none":
        return {"type": auth}
    if isinstance(auth, BasicCredentials):
        return {
            "type": "basic",
            "user": named(auth.user, TOKEN_VARIABLE),
            "password": named(auth.password, TOKEN_VARIABLE),
        }
    if isinstance(auth, RawAuthorization):
        return {"type": "raw", "value": named(auth.value, TOKEN_VARIABLE)}
    raise TypeError(f"unknown credentials {type(auth).__name__}")


def entry(
    exchange: Exchange,
    *,
    nodeid: str,
    phase: str,
    process: str,
    checks: Iterable[str] = (),
    expectations: Iterable[str] = (),
    retried: bool = False,
) -> dict[str, Any]:
    """One HAR entry for `exchange`, every text masked by the exchange's sanitizer."""
    clean = exchange.sanitizer
    url = clean.text(exchange.url)
    content_type = exchange.request_headers.get("Content-Type", "")
    request: dict[str, Any] = {
        "method": exchange.method,
        "url": url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        # Credentials were masked when the client recorded them (the scheme word is kept).
        "headers": _header_list(exchange.request_headers),
        "queryString": [
            {"name": name, "value": value}
            for name, value in parse_qsl(urlsplit(url).query, keep_blank_values=True)
        ],
        "headersSize": -1,
        "bodySize": len(exchange.request_body),
    }
    if exchange.request_body:
        request["postData"] = {"mimeType": content_type, **_content(exchange.request_body, clean)}
    milliseconds = round(exchange.elapsed * 1000, 3)
    return {
        "startedDateTime": datetime.fromtimestamp(exchange.sent_at, UTC).isoformat(),
        "time": milliseconds,
        "request": request,
        "response": {
            "status": exchange.status,
            "statusText": _status_text(exchange.status),
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _header_list(clean.headers(exchange.response_headers)),
            "content": {
                "size": len(exchange.response_body),
                "mimeType": exchange.content_type,
                **_content(exchange.response_body, clean),
            },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(exchange.response_body),
        },
        "cache": {},
        # The client sees a request's whole round trip, not its parts.
        "timings": {"send": 0, "wait": milliseconds, "receive": 0},
        "_test": nodeid,
        "_phase": phase,
        "_process": process,
        "_operation": exchange.operation,
        "_pathIds": dict(exchange.path_ids),
        "_auth": auth_field(exchange),
        "_checks": sorted(set(checks)),
        "_expectations": sorted(set(expectations)),
        # A 429 or a well-formed 503 that the client sent again: no answer to compare.
        "_retried": retried,
    }


def write_cassette(
    path: Path,
    entries: list[dict[str, Any]],
    targets: Mapping[str, Mapping[str, str]],
    *,
    creator_version: str,
    log: Mapping[str, Any] | None = None,
) -> None:
    """Write the HAR document, entries in the order they were sent (whole or not at all);
    `log`: more of the suite's own fields of the log (the callback receivers)."""
    entries.sort(key=lambda e: e["startedDateTime"])
    document = {
        "log": {
            "version": HAR_VERSION,
            "creator": {"name": "recording-conformance", "version": creator_version},
            "pages": [],
            "entries": entries,
            LOG_FIELD: {"format": FORMAT, "targets": dict(targets), **(log or {})},
        }
    }
    partial = path.with_name(path.name + ".partial")
    # Compact: an indent would take json's pure-Python encoder, several times slower.
    partial.write_text(json.dumps(document), encoding="utf-8")
    os.replace(partial, path)


def read_cassette(path: Path) -> tuple[list[dict[str, Any]], dict[str, dict[str, str]]]:
    """The entries and the recorded targets of a cassette this suite wrote."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CassetteError(f"cannot read the cassette {path}: {exc.strerror}") from None
    except ValueError:
        raise CassetteError(f"{path} is not JSON, so it is no HAR cassette") from None
    log = document.get("log") if isinstance(document, dict) else None
    if not isinstance(log, dict) or not isinstance(log.get("entries"), list):
        raise CassetteError(f"{path} has no log.entries, so it is no HAR 1.2 document")
    ours = log.get(LOG_FIELD)
    if not isinstance(ours, dict) or ours.get("format") != FORMAT:
        raise CassetteError(
            f"{path} was not recorded by this suite (`--record`): it has no {LOG_FIELD} field "
            "naming the targets its requests were sent to"
        )
    return log["entries"], ours["targets"]
