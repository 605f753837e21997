"""The response side: what an SDK made of an answer the mock served it, judged against it.

Values are compared as the SDK converts them: a numeral may come back as a number (an integer,
a Decimal, a float to within float precision), an integer as its numeral, an RFC 2822 date as
a datetime of the same instant; a field the answer held as null comes back null.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime
from typing import Any

from recording_conformance.sdks.answers import DATE_FIELDS, response_fields
from recording_conformance.sdks.session import Answer, attribute_name, decode
from recording_conformance.sdks.violations import Judgement, SdkViolation

_COMMENT = re.compile(r"\s*\([^()]*\)")
_DECIMAL_REPR = re.compile(r"Decimal\('(?P<value>[^']*)'\)")
RECORDING_REQUIREMENTS = frozenset({"SDK-RESP-ACCEPTS", "SDK-RESP-VALUES", "SDK-RESP-FIELDS"})


def instant(text: str) -> datetime:
    """The moment an RFC 2822 date of `answers.rfc2822_dates` names (comments dropped)."""
    return parsedate_to_datetime(_COMMENT.sub("", text))


def _number(value: object) -> Decimal | None:
    if isinstance(value, dict) and value.get("$type") == "decimal.Decimal":
        match = _DECIMAL_REPR.fullmatch(str(value.get("$repr")))
        value = match["value"] if match else None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def reaches(answered: object, parsed: object) -> bool:
    """Whether the SDK's value is the answered one, in the SDK's type for it."""
    if answered is None:
        return parsed is None
    if isinstance(parsed, dict) and ("$raises" in parsed or "$repr" in parsed):
        # Only a Decimal is a value a tagged repr can equal; a raising read never is.
        return _number(parsed) is not None and _number(parsed) == _number(answered)
    is_number = isinstance(parsed, int | float) and not isinstance(parsed, bool)
    if isinstance(answered, str) and is_number:
        expected, got = _number(answered), _number(parsed)
        if expected is None or got is None:
            return False
        # A float holds a decimal to its own precision only (a documented conversion).
        return expected == got or float(expected) == float(got)
    if isinstance(answered, int) and isinstance(parsed, str):
        return parsed == str(answered)
    return answered == parsed


def _shown(value: object) -> str:
    return repr(value) if not isinstance(value, dict) else str(value)


def _dates(body: Mapping[str, Any], answer: Answer) -> Iterator[SdkViolation]:
    for name in DATE_FIELDS:
        attribute = attribute_name(name, answer.naming)
        if attribute not in answer.attributes:
            continue
        answered, parsed = body[name], decode(answer.attributes[attribute])
        if answered is None:
            if parsed is not None:
                yield SdkViolation(
                    "SDK-RESP-DATES", "null", "A null date came back set", "None", _shown(parsed)
                )
            continue
        expected = instant(answered)
        if not isinstance(parsed, datetime) or parsed.tzinfo is None:
            yield SdkViolation(
                "SDK-RESP-DATES",
                "not-parsed",
                "An RFC 2822 date was not parsed",
                f"{name}={answered!r}: {expected.isoformat()}",
                f"{attribute}: {_shown(answer.attributes[attribute])}",
            )
        elif parsed != expected:
            yield SdkViolation(
                "SDK-RESP-DATES",
                "another-instant",
                "A date was read as another instant",
                f"{name}={answered!r}: {expected.isoformat()}",
                f"{attribute}: {parsed.isoformat()}",
            )


def judge_recording(body: Mapping[str, Any], answer: Answer) -> Judgement:
    """A schema-valid 200: parsed, every exposed field holding its value, every date its
    instant, every field exposed."""
    if not answer.ok:
        violation = SdkViolation(
            "SDK-RESP-ACCEPTS",
            str(answer.error.get("type", "?")),
            "A schema-valid answer raised an exception",
            "the SDK's recording",
            f"{answer.error.get('type')}: {answer.error.get('message')}",
        )
        return Judgement(frozenset({"SDK-RESP-ACCEPTS"}), (violation,))
    found: list[SdkViolation] = []
    missing = []
    judged = set(RECORDING_REQUIREMENTS)
    for name in response_fields():
        attribute = attribute_name(name, answer.naming)
        if attribute not in answer.attributes:
            missing.append(name)
        elif name in DATE_FIELDS:
            judged.add("SDK-RESP-DATES")
        elif not reaches(body[name], answer.attributes[attribute]):
            found.append(
                SdkViolation(
                    "SDK-RESP-VALUES",
                    name,
                    "A field does not hold the answered value",
                    f"{name}={body[name]!r}",
                    f"{attribute}: {_shown(answer.attributes[attribute])}",
                )
            )
    if missing:
        found.append(
            SdkViolation(
                "SDK-RESP-FIELDS",
                ",".join(missing),
                "Fields of the answer cannot be read on the SDK's recording",
                "every field of CallRecordingResponse",
                f"no attribute for {', '.join(missing)}",
            )
        )
    found += _dates(body, answer)
    return Judgement(frozenset(judged), tuple(found))


def judge_error(status: int, body: Mapping[str, Any], answer: Answer) -> Judgement:
    """A documented error: the SDK's exception, with the answer's status and code."""
    judged = frozenset({"SDK-RESP-ERRORS"})
    if answer.ok:
        violation = SdkViolation(
            "SDK-RESP-ERRORS",
            "no-exception",
            "An error answer became a recording",
            f"an exception with {status}/{body['code']}",
            "a recording",
        )
        return Judgement(judged, (violation,))
    got = (answer.error.get("status"), answer.error.get("code"))
    found = []
    if got[0] != status:
        found.append(
            SdkViolation(
                "SDK-RESP-ERRORS",
                "status",
                "The exception carries another status",
                str(status),
                f"{answer.error.get('type')} status {got[0]}",
            )
        )
    if got[1] != body["code"]:
        found.append(
            SdkViolation(
                "SDK-RESP-ERRORS",
                "code",
                "The exception carries another error code",
                str(body["code"]),
                f"{answer.error.get('type')} code {got[1]}",
            )
        )
    return Judgement(judged, tuple(found))
