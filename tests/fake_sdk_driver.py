"""A driver of no real SDK, for the self-tests of the SDK checks: it speaks the driver protocol
(`sdks/PROTOCOL.md`) with the standard library only, sends creates as a careful SDK would, and
reads answers as one should; `FAKE_SDK_MISTAKE` makes it make one mistake of a real SDK:

  wrong-name     sends RecordingChannels as `RecordingChannel`
  wrong-value    sends RecordingTrack in upper case
  fixes-invalid  trims and lower-cases every enum value before sending
  ignores-zone   reads dates as if every zone were +0000 (what twilio-python does)
  loses-price    reads every price as null
  wrong-code     raises errors without their API error code
"""

from __future__ import annotations

import base64
import datetime
import email.utils
import http.client
import json
import os
import sys
import urllib.parse
from typing import Any

ENUMS = ("recording_channels", "recording_track", "trim", "recording_status_callback_method")
DATES = ("date_created", "date_updated", "start_time", "end_time")
MISTAKE = os.environ.get("FAKE_SDK_MISTAKE", "")


class RestError(Exception):
    def __init__(self, status: int, code: int | None, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def wire_name(argument: str) -> str:
    name = "".join(part.capitalize() for part in argument.split("_"))
    return "RecordingChannel" if MISTAKE == "wrong-name" and name == "RecordingChannels" else name


def form(params: dict[str, Any]) -> bytes:
    pairs: list[tuple[str, str]] = []
    for argument, value in params.items():
        if MISTAKE == "fixes-invalid" and argument in ENUMS:
            value = str(value).strip().lower()
        if MISTAKE == "wrong-value" and argument == "recording_track":
            value = str(value).upper()
        values = value if isinstance(value, list) else [value]
        pairs += [(wire_name(argument), str(one)) for one in values]
    return urllib.parse.urlencode(pairs).encode()


def date(text: str | None) -> object:
    if text is None:
        return None
    moment = email.utils.parsedate_to_datetime(text)
    if MISTAKE == "ignores-zone":
        moment = moment.replace(tzinfo=datetime.UTC)
    return {"$datetime": moment.isoformat()}


def recording(body: dict[str, Any]) -> dict[str, object]:
    parsed: dict[str, object] = dict(body)
    for name in DATES:
        parsed[name] = date(body.get(name))
    parsed["channels"] = int(body["channels"])
    if MISTAKE == "loses-price":
        parsed["price"] = None
    return parsed


def create(call_sid: str, params: dict[str, Any]) -> dict[str, object]:
    base, project = os.environ["SDK_BASE_URL"], os.environ["SDK_PROJECT_ID"]
    origin = urllib.parse.urlsplit(base)
    path = f"/api/laml/2010-04-01/Accounts/{project}/Calls/{call_sid}/Recordings.json"
    token = base64.b64encode(f"{project}:{os.environ['SDK_API_TOKEN']}".encode()).decode()
    headers = {
        "Authorization": f"Basic {token}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    # http.client rather than urllib: a few times faster a request, for quick self-tests.
    connection = http.client.HTTPConnection(origin.hostname or "", origin.port, timeout=10)
    try:
        connection.request("POST", path, body=form(params), headers=headers)
        response = connection.getresponse()
        status, payload = response.status, json.loads(response.read())
    finally:
        connection.close()
    if status >= 400:
        code = None if MISTAKE == "wrong-code" else payload.get("code")
        raise RestError(status, code, str(payload.get("message")))
    return recording(payload)


def answer(command: dict[str, Any]) -> dict[str, object]:
    if command.get("op") != "create":
        refusal = {"type": "ProtocolError", "status": None, "code": None, "message": "create only"}
        return {"id": command.get("id"), "ok": False, "error": refusal}
    try:
        made = create(command["call_sid"], command["params"])
    except RestError as exc:
        error: dict[str, object] = {
            "type": "RestError",
            "status": exc.status,
            "code": exc.code,
            "message": exc.message,
        }
        return {"id": command["id"], "ok": False, "error": error}
    return {"id": command["id"], "ok": True, "object": made}


def main() -> int:
    out = sys.stdout
    out.write(json.dumps({"ready": True, "sdk": "fake", "version": "0", "runtime": "test"}) + "\n")
    out.flush()
    for line in sys.stdin:
        command = json.loads(line)
        if command.get("op") == "quit":
            break
        out.write(json.dumps(answer(command)) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
