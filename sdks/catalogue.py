"""The SDKs under test: for each, how its environment is built, how its driver is started, and
how it names the API's parameters. Adding an SDK is one entry here and its driver."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from recording_conformance.sdks import envs

HERE = Path(__file__).resolve().parent
PYTHON_DRIVER = HERE / "python_driver.py"
NODE_DRIVER = HERE / "node" / "driver.js"

# How an SDK spells `RecordingStatusCallbackEvent` as an argument and as an attribute:
# `recording_status_callback_event` (snake) or `recordingStatusCallbackEvent` (camel).
Naming = Literal["snake", "camel"]


@dataclass(frozen=True)
class Launch:
    """What starts a driver: its command line and the environment variables it adds."""

    command: list[str]
    env: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sdk:
    """One SDK under test. `prepare` builds its environment (raising `envs.EnvError`, one
    sentence, when it cannot) and says how to start its driver."""

    name: str
    language: str
    naming: Naming
    prepare: Callable[[], Launch]


def _python_sdk(env: envs.PythonEnv, flavour: str) -> Callable[[], Launch]:
    def prepare() -> Launch:
        python = envs.ensure_python_env(env)
        return Launch([str(python), str(PYTHON_DRIVER)], {"SDK_FLAVOUR": flavour})

    return prepare


def _node_sdk() -> Launch:
    modules = envs.ensure_node_env()
    return Launch([envs.node_executable(), str(NODE_DRIVER)], {"NODE_PATH": str(modules)})


SDKS: dict[str, Sdk] = {
    sdk.name: sdk
    for sdk in (
        Sdk(
            "signalwire-python",
            "Python",
            "snake",
            _python_sdk(envs.SIGNALWIRE_PYTHON, "signalwire"),
        ),
        Sdk("twilio-python", "Python", "snake", _python_sdk(envs.TWILIO_PYTHON, "twilio")),
        Sdk("signalwire-node", "Node.js", "camel", _node_sdk),
    )
}


def selected(names: list[str] | None) -> list[Sdk]:
    """The SDKs named (all of them for none); an unknown name is a ValueError of one sentence."""
    if not names:
        return list(SDKS.values())
    unknown = [name for name in names if name not in SDKS]
    if unknown:
        raise ValueError(f"unknown SDK {unknown[0]!r}; the SDKs are {', '.join(SDKS)}")
    return [SDKS[name] for name in names]
