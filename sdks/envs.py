"""The SDKs' own environments, built on demand under `.sdk-envs/` and rebuilt only when their
recipe changes.

The signalwire SDK pins twilio 6.54.0, which cannot share a virtual environment with twilio 9,
so each Python SDK has a venv of its own; the Node SDK's packages are installed from the
committed lockfile into a folder of their own, so that the repository holds no `node_modules`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import venv
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _envs_folder() -> Path:
    """Where the SDKs' environments are built: $RECORDING_CONFORMANCE_SDK_ENVS, else the
    checkout's `.sdk-envs/` when this is a checkout, else `.sdk-envs/` in the working folder
    (an installed package must never write into site-packages)."""
    chosen = os.environ.get("RECORDING_CONFORMANCE_SDK_ENVS")
    if chosen:
        return Path(chosen).resolve()
    if (ROOT / "pyproject.toml").is_file() and (ROOT / "sdks").is_dir():
        return ROOT / ".sdk-envs"
    return Path.cwd() / ".sdk-envs"


ENVS = _envs_folder()
NODE_SOURCE = Path(__file__).resolve().parent / "node"
STAMP_NAME = ".recording-conformance-sdk-env"
INSTALL_TIMEOUT_SECONDS = 600


def _shown(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


class EnvError(RuntimeError):
    """An SDK's environment cannot be built; the message is one sentence saying why."""


class RuntimeMissing(EnvError):
    """The SDK's language is not installed here: its tests skip, saying so."""


@dataclass(frozen=True)
class PythonEnv:
    """A venv holding one Python SDK: `steps` are pip install argument lists, run in order."""

    name: str
    steps: tuple[tuple[str, ...], ...]

    @property
    def path(self) -> Path:
        return ENVS / self.name

    @property
    def python(self) -> Path:
        scripts = "Scripts" if os.name == "nt" else "bin"
        return self.path / scripts / ("python.exe" if os.name == "nt" else "python")

    def recipe(self) -> str:
        return json.dumps(self.steps)


SIGNALWIRE_PYTHON = PythonEnv(
    "signalwire-python",
    (
        # What the SDK's REST client needs is twilio 6.54.0 and its dependencies; the SDK's own
        # pins (an old aiohttp for its Relay client) do not build on current Pythons.
        ("twilio==6.54.0",),
        ("--no-deps", "signalwire==2.1.1"),
    ),
)
TWILIO_PYTHON = PythonEnv("twilio-python", (("twilio>=9,<10",),))


def development_build(spec: str) -> tuple[str, ...]:
    """pip's arguments for a development build: a checkout (a folder) installed editable, so
    that its changes need no rebuild; anything else (`twilio==9.2.0`, a wheel, a git URL) as
    pip takes it."""
    path = Path(spec).expanduser()
    return ("--editable", str(path.resolve())) if path.is_dir() else (spec,)


def python_env_with(env: PythonEnv, spec: str) -> PythonEnv:
    """`env` with its SDK replaced by a development build, in a venv of its own (named by a
    hash of the spec, so that the pinned one stays as it is)."""
    build = development_build(spec)
    # The SDK is always the last step; signalwire's goes in without its dependencies (see above).
    *base, last = env.steps
    step = ("--no-deps", *build) if "--no-deps" in last else build
    name = f"{env.name}-dev-{_digest(spec)[:10]}"
    return PythonEnv(name, (*base, step))


def _stamped(path: Path, recipe: str) -> bool:
    stamp = path / STAMP_NAME
    return stamp.exists() and stamp.read_text(encoding="utf-8") == _digest(recipe)


def _stamp(path: Path, recipe: str) -> None:
    (path / STAMP_NAME).write_text(_digest(recipe), encoding="utf-8")


def _digest(recipe: str) -> str:
    return hashlib.sha256(recipe.encode()).hexdigest()


def _run(command: list[str], what: str, cwd: Path | None = None) -> None:
    try:
        result = subprocess.run(
            command,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise EnvError(f"{what} took more than {INSTALL_TIMEOUT_SECONDS} s") from None
    if result.returncode != 0:
        raise EnvError(f"{what} failed (exit {result.returncode}): {_cause(result)}")


def _cause(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line.strip() for line in (result.stderr + result.stdout).splitlines() if line.strip()]
    # pip and npm name the cause on a line of its own; pip's warnings about this machine's extra
    # package indexes come before it and say nothing about it.
    errors = [line for line in lines if line.lower().startswith(("error", "npm error", "npm err"))]
    return (errors or lines or ["no output"])[0 if errors else -1]


def ensure_python_env(env: PythonEnv) -> Path:
    """The venv's interpreter, after building the venv unless it is up to date."""
    if _stamped(env.path, env.recipe()) and env.python.exists():
        return env.python
    if env.path.exists():
        shutil.rmtree(env.path)
    venv.create(env.path, with_pip=True)
    for step in env.steps:
        command = [str(env.python), "-m", "pip", "install", "--quiet", *step]
        _run(command, f"installing {' '.join(step)} into {_shown(env.path)}")
    _stamp(env.path, env.recipe())
    return env.python


def node_executable() -> str:
    """The `node` on PATH; one sentence when there is none."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeMissing("Node.js is not installed (no `node` on PATH)")
    return node


def ensure_node_env(build: str | None = None) -> Path:
    """The `node_modules` folder holding the Node SDK, after `npm ci` unless it is up to date;
    with `build` (a checkout, a tarball or `@signalwire/compatibility-api@3.1.0`), that build
    installed over the pinned one, in a folder of its own."""
    node_executable()
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeMissing("npm is not installed (no `npm` on PATH)")
    files = ("package.json", "package-lock.json")
    recipe = "".join((NODE_SOURCE / name).read_text(encoding="utf-8") for name in files)
    path = ENVS / "signalwire-node"
    if build is not None:
        recipe += build
        path = ENVS / f"signalwire-node-dev-{_digest(build)[:10]}"
    modules = path / "node_modules"
    if _stamped(path, recipe) and modules.is_dir():
        return modules
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    for name in files:
        shutil.copyfile(NODE_SOURCE / name, path / name)
    quiet = ["--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    _run([npm, "ci", *quiet], f"npm ci in {_shown(path)}", cwd=path)
    if build is not None:
        local = Path(build).expanduser()
        # A checkout is linked, so that a rebuilt one is used as it is.
        spec = str(local.resolve()) if local.exists() else build
        _run([npm, "install", "--no-save", *quiet, spec], f"npm install {build}", cwd=path)
    _stamp(path, recipe)
    return modules
