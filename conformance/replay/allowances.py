"""Which differences between two answers the spec allows, each by an entry of the freedoms
catalogue (`conformance/freedoms/`): the comparison cites the entry's id, never a list of its
own. `tests/test_replay_compare.py` holds every id here to the catalogue, and every rule to a
case just outside it that is reported.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from recording_conformance.conformance.checks.callbacks import DOCUMENTED_PARAMETERS

# The suite's one reading of an RFC 2822 date, as REC-DATES-RFC2822's check makes it.
from recording_conformance.conformance.checks.recordings import _rfc2822 as rfc2822_moment
from recording_conformance.conformance.freedoms import BY_ID, CHOICES, OPEN_VALUES
from recording_conformance.conformance.freedoms.model import Choice

# Differences every replay has, which no freedom needs to grant: the times of the run.
EXPECTED = "expected"
TIMES = frozenset({"date_created", "date_updated", "start_time", "end_time"})
NULLABLE_TIMES = frozenset({"start_time", "end_time"})
FINISHED = frozenset({"stopped", "completed", "absent"})
STARTING = frozenset({"queued", "in-progress"})
DOCUMENTED_REFUSALS = frozenset({400, 401, 404, 422})

# Every value the spec leaves open may be accepted or refused (`ACCEPT_OR_REFUSE`): the entries
# whose variations are both ends of the open values.
OPEN_VALUE_FREEDOMS: tuple[str, ...] = tuple(c.id for c in CHOICES if c.variations == OPEN_VALUES)

# Expectation of the recorded exchange -> the statuses one may answer for another, and the
# entries that allow it.
STATUS_FREEDOMS: dict[str, tuple[frozenset[int], tuple[str, ...]]] = {
    "INVALID_CREATE": (frozenset({400, 422}), ("FREE-INVALID-400-OR-422",)),
    "OPEN_CREATE": (DOCUMENTED_REFUSALS | {200}, OPEN_VALUE_FREEDOMS),
    "OTHER_ACCOUNT": (frozenset({401, 404}), ("FREE-OTHER-ACCOUNT-401-OR-404",)),
    "MALFORMED_SID": (DOCUMENTED_REFUSALS, ("FREE-MALFORMED-SID-4XX",)),
}
# Stopping a recording that has already ended: any of these (the clean-up's second stop).
STOP_ENDED: tuple[frozenset[int], tuple[str, ...]] = (
    DOCUMENTED_REFUSALS - {401} | {200},
    ("FREE-STOP-ENDED",),
)

# A field of a recording -> the entry that leaves its value free, and the JSON types its
# answers take (the entry's answers: `duration` an integer, `price` a decimal string or null...).
RECORDING_FIELDS: dict[str, tuple[str, tuple[type, ...]]] = {
    "duration": ("FREE-DURATION-VALUE", (int,)),
    "price": ("FREE-PRICE-FORM", (str, type(None))),
    "price_unit": ("FREE-PRICE-FORM", (str,)),
    "error_code": ("FREE-ERROR-CODE-FIELD", (str, type(None))),
}
ERROR_FIELDS = {
    "code": "FREE-ERROR-CODE-AND-MESSAGE",
    "message": "FREE-ERROR-CODE-AND-MESSAGE",
    "more_info": "FREE-ERROR-MORE-INFO-FORM",
}
EXTRA_FIELDS = {"recording": "FREE-EXTRA-RESPONSE-FIELDS", "error": "FREE-EXTRA-ERROR-FIELDS"}
MEDIA_TYPE_FORM = "FREE-MEDIA-TYPE-FORM"
# Status callbacks: when they come is never compared (FREE-CALLBACK-TIMING); how often and in
# which order, and any parameter beyond the documented eight, are free.
CALLBACK_DUPLICATES = "FREE-CALLBACK-DUPLICATES"
CALLBACK_ORDER = "FREE-CALLBACK-ORDER"
CALLBACK_EXTRA_PARAMETERS = "FREE-CALLBACK-EXTRA-PARAMETERS"


def cited() -> set[str]:
    """Every catalogue entry the comparison cites."""
    ids = {*OPEN_VALUE_FREEDOMS, *STOP_ENDED[1], MEDIA_TYPE_FORM}
    ids |= {freedom for freedom, _ in RECORDING_FIELDS.values()}
    ids |= {i for _, named in STATUS_FREEDOMS.values() for i in named}
    ids |= {*ERROR_FIELDS.values(), *EXTRA_FIELDS.values()}
    ids |= {CALLBACK_DUPLICATES, CALLBACK_ORDER, CALLBACK_EXTRA_PARAMETERS}
    ids |= {"FREE-NULLABLE-TIMES", "FREE-STOPPED-STATUS-NAME", "FREE-FETCH-PROGRESS"}
    return ids | {"FREE-INITIAL-STATUS", "FREE-URI-FORMS"}


def is_date(value: Any) -> bool:
    """An RFC 2822 date-time, as the spec gives every date of a recording."""
    return isinstance(value, str) and rfc2822_moment(value) is not None


def choice(freedom: str) -> Choice:
    return BY_ID[freedom]


def status_freedom(
    recorded: int, replayed: int, expectations: frozenset[str], *, stopped_before: bool
) -> str | None:
    """The entry that allows `replayed` for `recorded`, or None."""
    rules = [STATUS_FREEDOMS[e] for e in sorted(expectations) if e in STATUS_FREEDOMS]
    if stopped_before:
        rules.append(STOP_ENDED)
    for statuses, freedoms in rules:
        if recorded in statuses and replayed in statuses:
            if len(freedoms) == 1:
                return freedoms[0]
            return f"{freedoms[0]} and {len(freedoms) - 1} more entries of the open values"
    return None


def recording_field_freedom(
    name: str, recorded: Any, replayed: Any, *, operation: str, sid: Any
) -> str | None:
    """EXPECTED, the entry that allows the two values of field `name` of a recording, or None."""
    both_strings = isinstance(recorded, str) and isinstance(replayed, str)
    if name in TIMES:
        # Each run has its own times; what must not differ is that a date was answered.
        if is_date(recorded) and is_date(replayed):
            return EXPECTED
        dates = [v for v in (recorded, replayed) if v is not None]
        if name in NULLABLE_TIMES and len(dates) == 1 and is_date(dates[0]):
            return "FREE-NULLABLE-TIMES"
        return None
    if name == "status":
        if recorded in FINISHED and replayed in FINISHED:
            return "FREE-STOPPED-STATUS-NAME"
        if operation == "fetch" and both_strings:
            return "FREE-FETCH-PROGRESS"
        if recorded in STARTING and replayed in STARTING:
            return "FREE-INITIAL-STATUS"
    if name in RECORDING_FIELDS:
        freedom, forms = RECORDING_FIELDS[name]
        # bool is an int to Python, never to JSON.
        if all(isinstance(v, forms) and not isinstance(v, bool) for v in (recorded, replayed)):
            return freedom
    if (name == "uri" or name.startswith("subresource_uris.")) and both_strings:
        # Any URI form, so long as both name this recording.
        if isinstance(sid, str) and sid in recorded and sid in replayed:
            return "FREE-URI-FORMS"
    return None


def error_field_freedom(name: str) -> str | None:
    return ERROR_FIELDS.get(name)


def _integer(value: Any) -> bool:
    return isinstance(value, str) and value.removeprefix("-").isdigit()


def callback_parameter_freedom(name: str, recorded: Any, replayed: Any) -> str | None:
    """EXPECTED, the entry that allows the two values of callback parameter `name` (either
    may be ABSENT: left out), or None."""
    if is_date(recorded) and is_date(replayed):
        return EXPECTED  # RecordingStartTime and the like: the times of the run
    if name not in DOCUMENTED_PARAMETERS:
        return CALLBACK_EXTRA_PARAMETERS
    if name == "RecordingDuration" and _integer(recorded) and _integer(replayed):
        return EXPECTED  # how long each run let the recording go on
    if name == "RecordingUrl" and _url(recorded) and _url(replayed):
        # Any URL of the recording: the API's, naming its sid, or the media file's, whose name
        # is the target's own (the documentation fixes no form; RecordingSid names the
        # recording, and is compared).
        return "FREE-URI-FORMS"
    return None


def _url(value: Any) -> bool:
    return isinstance(value, str) and urlsplit(value).scheme in ("http", "https")
