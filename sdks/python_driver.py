"""The driver of the two Python SDKs, `signalwire` (`SDK_FLAVOUR=signalwire`) and `twilio`
(`SDK_FLAVOUR=twilio`): one JSON command a line on stdin, one JSON answer a line on stdout, as
`sdks/PROTOCOL.md` says.

It runs in the SDK's own venv (`.sdk-envs/NAME/bin/python sdks/python_driver.py`), so it imports
nothing of the suite and needs nothing but the SDK and the standard library. signalwire's REST
`Client` is twilio's, given a space URL, so one driver serves both.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import json
import math
import os
import platform
import sys
from typing import IO, Any
from urllib.parse import urlsplit


class ProtocolError(Exception):
    """A command the driver cannot carry out as written (not the SDK's doing)."""


def signalwire_client(base_url: str, project_id: str, api_token: str) -> Any:
    from signalwire.rest import Client

    # Without `signalwire_space_url` the SDK reads SIGNALWIRE_SPACE_URL (a KeyError when it is
    # unset), and it always makes the URL https; the API's base URL is then set as given.
    client = Client(project_id, api_token, signalwire_space_url=urlsplit(base_url).netloc)
    client.api.base_url = f"{base_url}/api/laml"
    return client


def twilio_client(base_url: str, project_id: str, api_token: str) -> Any:
    from twilio.rest import Client

    client = Client(project_id, api_token)
    client.api.base_url = f"{base_url}/api/laml"
    return client


FLAVOURS = {
    "signalwire": ("signalwire-python", "signalwire", signalwire_client),
    "twilio": ("twilio-python", "twilio", twilio_client),
}


def encode(value: object) -> object:
    """A value as the protocol carries it: JSON natives as they are, datetimes tagged,
    anything else as its repr and type."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    if isinstance(value, datetime.datetime | datetime.date):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dict):
        return {str(key): encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    kind, module = type(value), type(value).__module__
    qualified = kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"
    return {"$repr": repr(value), "$type": qualified}


def public_attributes(instance: object) -> dict[str, object]:
    """Every public, non-callable attribute of the SDK's object (twilio 6 exposes its fields as
    properties, twilio 9 as attributes: both are read the way a user reads them)."""
    attributes: dict[str, object] = {}
    for name in dir(instance):
        if name.startswith("_"):
            continue
        try:
            value = getattr(instance, name)
        except Exception as exc:
            # A property that raises when read is what a user of the SDK meets too (signalwire
            # 2.1.1 replaces twilio's fields of a recording with fewer than its properties read).
            kind = type(exc)
            raised = {"type": f"{kind.__module__}.{kind.__qualname__}", "message": str(exc)}
            attributes[name] = {"$raises": raised}
            continue
        if callable(value):
            continue
        attributes[name] = encode(value)
    return attributes


def error_of(exc: BaseException) -> dict[str, object]:
    """The protocol's error shape: the exception's type, and the HTTP status, API error code and
    message where the SDK's exception carries them."""
    status = getattr(exc, "status", None)
    code = getattr(exc, "code", None)
    message = getattr(exc, "msg", None)
    kind = type(exc)
    return {
        "type": f"{kind.__module__}.{kind.__qualname__}",
        "status": status if isinstance(status, int) else None,
        "code": code if isinstance(code, int) else None,
        "message": message if isinstance(message, str) else str(exc),
    }


def _field(command: dict[str, Any], name: str, kind: type) -> Any:
    value = command.get(name)
    if not isinstance(value, kind):
        raise ProtocolError(f"`{command.get('op')}` needs {name!r} as a {kind.__name__}")
    return value


def carry_out(client: Any, command: dict[str, Any]) -> object:
    """Run one command through the SDK and return the object it parsed."""
    op = command.get("op")
    if op == "create":
        call = client.calls(_field(command, "call_sid", str))
        return call.recordings.create(**_field(command, "params", dict))
    if op == "fetch":
        return client.recordings(_field(command, "sid", str)).fetch()
    if op == "update":
        call = client.calls(_field(command, "call_sid", str))
        recording = call.recordings(_field(command, "sid", str))
        return recording.update(**_field(command, "params", dict))
    raise ProtocolError(f"unknown op {op!r}; the ops are create, fetch, update and quit")


def answer(line: str, client: Any) -> tuple[dict[str, object], bool]:
    """The answer to one stdin line, and whether the driver should go on reading."""
    command_id: object = None
    try:
        command = json.loads(line)
        if not isinstance(command, dict):
            raise ProtocolError("a command is a JSON object")
        command_id = command.get("id")
        if command.get("op") == "quit":
            return {"id": command_id, "ok": True}, False
        attributes = public_attributes(carry_out(client, command))
    except ProtocolError as exc:
        error = {"type": "ProtocolError", "status": None, "code": None, "message": str(exc)}
        return {"id": command_id, "ok": False, "error": error}, True
    except json.JSONDecodeError as exc:
        message = f"the line is not JSON: {exc}"
        error = {"type": "ProtocolError", "status": None, "code": None, "message": message}
        return {"id": None, "ok": False, "error": error}, True
    except Exception as exc:  # whatever the SDK raised is the answer
        return {"id": command_id, "ok": False, "error": error_of(exc)}, True
    return {"id": command_id, "ok": True, "object": attributes}, True


def write(out: IO[str], message: dict[str, object]) -> None:
    out.write(json.dumps(message) + "\n")
    out.flush()


def main() -> int:
    # Only protocol lines go to the real stdout; anything an SDK prints goes to stderr.
    out, sys.stdout = sys.stdout, sys.stderr
    flavour = os.environ.get("SDK_FLAVOUR", "")
    if flavour not in FLAVOURS:
        sys.stderr.write(f"python_driver: SDK_FLAVOUR must be signalwire or twilio: {flavour!r}\n")
        return 2
    name, distribution, make_client = FLAVOURS[flavour]
    try:
        base_url = os.environ["SDK_BASE_URL"].rstrip("/")
        client = make_client(base_url, os.environ["SDK_PROJECT_ID"], os.environ["SDK_API_TOKEN"])
    except KeyError as exc:
        sys.stderr.write(f"python_driver: the environment variable {exc} is not set\n")
        return 2
    runtime = f"{platform.python_implementation()} {platform.python_version()}"
    if flavour == "signalwire":
        runtime += f", twilio {importlib.metadata.version('twilio')}"
    version = importlib.metadata.version(distribution)
    write(out, {"ready": True, "sdk": name, "version": version, "runtime": runtime})
    for line in sys.stdin:
        if not line.strip():
            continue
        message, go_on = answer(line, client)
        write(out, message)
        if not go_on:
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
