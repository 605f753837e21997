"""The call-recording endpoints of the mock: create, fetch, update, list and delete."""

from __future__ import annotations

import struct
import uuid

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from recording_conformance.mockspace import errors, strict
from recording_conformance.mockspace.config import MockConfig
from recording_conformance.mockspace.errors import ApiError
from recording_conformance.mockspace.faults import Fault, Variation
from recording_conformance.mockspace.paging import paginate
from recording_conformance.mockspace.params import InjectedCrash, parse_body, validate_create
from recording_conformance.mockspace.render import recording_body, recording_page
from recording_conformance.mockspace.space import MockSpace
from recording_conformance.mockspace.state import Recording, now

FINISHED = frozenset({"stopped", "completed", "absent"})


def not_found(what: str) -> ApiError:
    return ApiError(404, errors.NOT_FOUND, f"The requested resource {what} was not found")


def _call_in_space(request: Request, space: MockSpace) -> tuple[str, str]:
    account, call = request.path_params["account_sid"], request.path_params["call_sid"]
    if space.config.has(Fault.CRASH_ON_MALFORMED_SID) and not is_uuid(call):
        raise InjectedCrash("malformed CallSid")
    if space.state.call_status(call) is None:
        if space.config.has(Fault.UNKNOWN_CALL_RECORDED) and is_uuid(call):
            return account, call
        raise not_found(f"/Calls/{call}")
    return account, call


def _origin(request: Request) -> str:
    """`http://host:port/`: where the request reached the space."""
    return str(request.base_url)


def is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


async def create_recording(request: Request, space: MockSpace) -> Response:
    account, call = _call_in_space(request, space)
    config = space.config
    if config.refuses("suffix", request.path_params["suffix"] or "none"):
        raise errors.invalid(errors.INVALID_ARGUMENT, "Unsupported path.")
    raw = parse_body(request.headers.get("content-type", ""), await request.body(), config)
    params = validate_create(raw, config)
    if config.varies(Variation.STRICT):
        strict.refuse_open_values(raw, space)
    if space.state.call_status(call) not in (None, "in-progress"):
        # None: an unknown call let through by UNKNOWN_CALL_RECORDED.
        raise ApiError(400, errors.CALL_NOT_IN_PROGRESS, "Call is not in-progress.")
    moment = now()
    recording = Recording(
        sid=space.state.new_sid(reuse=config.has(Fault.REUSED_RECORDING_SID)),
        account_sid=account,
        call_sid=call,
        params=params,
        status="queued" if config.varies(Variation.QUEUED_STATUS) else "in-progress",
        date_created=moment,
        date_updated=moment,
        start_time=moment,
        origin=_origin(request),
    )
    space.state.add(recording)
    space.callbacks.notify(recording, "in-progress", config)
    status = 201 if config.has(Fault.CREATED_201) else 200
    body = recording_body(recording, config, origin=_origin(request))
    if space.state.note_recording(call):
        # `drops-after:N`: the call ends right after the recording that reaches N is answered.
        end_recordings(call, space)
    return JSONResponse(body, status_code=status)


def _recording(request: Request, space: MockSpace) -> Recording:
    sid = request.path_params["recording_sid"]
    recording = space.state.get(sid)
    call = request.path_params.get("call_sid")
    account = request.path_params["account_sid"]
    if (
        recording is None
        or recording.account_sid != account
        or call not in (None, recording.call_sid)
    ):
        raise not_found(f"/Recordings/{sid}")
    return recording


async def fetch_recording(request: Request, space: MockSpace) -> Response:
    recording = _recording(request, space)
    if "call_sid" not in request.path_params and not request.path_params["suffix"]:
        # Account-level fetch without `.json` is the media file itself.
        return Response(_empty_wav(), media_type="audio/x-wav")
    body = recording_body(recording, space.config, fetched=True, origin=_origin(request))
    return JSONResponse(body)


async def update_recording(request: Request, space: MockSpace) -> Response:
    recording = _recording(request, space)
    config = space.config
    raw = parse_body(request.headers.get("content-type", ""), await request.body(), config)
    wanted = raw.get("Status")
    if wanted not in ("paused", "in-progress", "stopped"):
        raise errors.invalid(
            errors.INVALID_ARGUMENT, "Status must be paused, in-progress or stopped."
        )
    if raw.get("PauseBehavior", "silence") not in ("skip", "silence"):
        raise errors.invalid(errors.INVALID_ARGUMENT, "PauseBehavior must be skip or silence.")
    if recording.status in FINISHED:
        if wanted == "stopped":
            return _stop_ended(request, recording, config)
        raise ApiError(400, errors.CALL_NOT_IN_PROGRESS, "Recording is not in progress.")
    if config.has(Fault.STOP_IGNORED) and wanted == "stopped":
        return JSONResponse(recording_body(recording, config, origin=_origin(request)))
    moment = now()
    with space.state.lock:
        recording.status = wanted
        recording.date_updated = moment
        if wanted == "stopped":
            recording.end_time = moment
    body = recording_body(recording, config, origin=_origin(request))
    if wanted == "stopped":
        _finish(recording, space)
    return JSONResponse(body)


def _stop_ended(request: Request, recording: Recording, config: MockConfig) -> Response:
    """Stopping a recording that has ended: the spec documents 200, 400, 404 and 422 and says
    nothing of which fits. The reference answers 400; a STOP_ENDED_* variation picks another.
    When several are on, the first declared wins: 200, then 404, then 422."""
    if config.varies(Variation.STOP_ENDED_200):
        # Already stopped: nothing to do, and the recording is answered as it is.
        return JSONResponse(recording_body(recording, config, origin=_origin(request)))
    if config.varies(Variation.STOP_ENDED_404):
        raise not_found(f"/Recordings/{recording.sid}")
    status = 422 if config.varies(Variation.STOP_ENDED_422) else 400
    raise ApiError(status, errors.CALL_NOT_IN_PROGRESS, "Recording is not in progress.")


def _finish(recording: Recording, space: MockSpace) -> None:
    """The file becomes available: `completed`, or `absent` when the call had no audio."""
    final = "absent" if space.state.is_silent(recording.call_sid) else "completed"
    with space.state.lock:
        recording.status = final
    space.callbacks.notify(recording, final, space.config)


def end_recordings(call_sid: str, space: MockSpace) -> None:
    """The call has ended, and with it every recording of it still under way: each stops and
    completes (with its callbacks) as if it had been stopped."""
    moment = now()
    for recording in space.state.unfinished_recordings(call_sid):
        with space.state.lock:
            recording.date_updated = recording.end_time = moment
        _finish(recording, space)


async def list_recordings(request: Request, space: MockSpace) -> Response:
    account = request.path_params["account_sid"]
    query = request.query_params
    filters = {k: query[k] for k in ("CallSid", "Status") if query.get(k)}
    if "call_sid" in request.path_params:
        _call_in_space(request, space)
        filters.pop("CallSid", None)  # the path names the call
    call = request.path_params.get("call_sid") or filters.get("CallSid")
    found = list(space.state.listing(account, call, filters.get("Status")))
    page = paginate(found, query, request.url.path, filters)
    return JSONResponse(recording_page(page, space.config, origin=_origin(request)))


async def delete_recording(request: Request, space: MockSpace) -> Response:
    recording = _recording(request, space)
    space.state.delete(recording.sid)
    return Response(status_code=204)


def _empty_wav() -> bytes:
    # A valid RIFF/WAVE header with no samples: 8 kHz, 16-bit, mono.
    fmt = struct.pack("<4sIHHIIHH", b"fmt ", 16, 1, 1, 8000, 16000, 2, 16)
    data = struct.pack("<4sI", b"data", 0)
    return struct.pack("<4sI4s", b"RIFF", 4 + len(fmt) + len(data), b"WAVE") + fmt + data
