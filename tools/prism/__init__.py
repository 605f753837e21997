"""Stoplight Prism serving the spec, installed and started on demand, for judging it.

Prism is installed from the committed lockfile beside this file into `.prism-env/` (git-ignored),
so the repository holds no `node_modules`, and reinstalled only when the lockfile changes. It
listens on a port of its own behind `BasePathProxy`, which puts its routes under the spec's
server path; the suite is pointed at the proxy.
"""

from __future__ import annotations

import hashlib
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from tools.prism.basepath import BasePathProxy

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ENV = ROOT / ".prism-env"
SPEC = ROOT / "spec" / "create-recording.openapi.yaml"
STAMP_NAME = ".recording-conformance-prism-env"
INSTALL_TIMEOUT_SECONDS = 600
START_TIMEOUT_SECONDS = 30.0
# Prism's default: answers built from the schema (no example is in the spec), the same every
# time. `--dynamic` draws them with json-schema-faker instead.
MODES = ("static", "dynamic")


class PrismUnavailable(RuntimeError):
    """Prism cannot be installed or started; the message is one sentence saying why."""


def node_missing() -> str | None:
    """Why Prism cannot run here (no Node.js or npm), or None."""
    for tool, name in (("node", "Node.js"), ("npm", "npm")):
        if shutil.which(tool) is None:
            return f"{name} is not installed (no `{tool}` on PATH)"
    return None


def ensure_installed() -> Path:
    """The `prism` executable, after `npm ci` from the lockfile unless it is up to date."""
    missing = node_missing()
    if missing:
        raise PrismUnavailable(missing)
    files = ("package.json", "package-lock.json")
    digest = hashlib.sha256(b"".join((HERE / name).read_bytes() for name in files)).hexdigest()
    prism = ENV / "node_modules" / ".bin" / "prism"
    stamp = ENV / STAMP_NAME
    if prism.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == digest:
        return prism
    if ENV.exists():
        shutil.rmtree(ENV)
    ENV.mkdir()
    for name in files:
        shutil.copyfile(HERE / name, ENV / name)
    npm = shutil.which("npm") or "npm"
    command = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    try:
        result = subprocess.run(
            command, cwd=ENV, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired:
        raise PrismUnavailable(f"npm ci took more than {INSTALL_TIMEOUT_SECONDS} s") from None
    if result.returncode != 0:
        lines = [line for line in (result.stderr + result.stdout).splitlines() if line.strip()]
        raise PrismUnavailable(f"npm ci failed (exit {result.returncode}): {lines[-1:]}")
    stamp.write_text(digest, encoding="utf-8")
    return prism


def version(prism: Path) -> str:
    """What `prism --version` says."""
    result = subprocess.run([str(prism), "--version"], capture_output=True, text=True, timeout=60)
    return result.stdout.strip()


def server_path(spec: Path = SPEC) -> str:
    """The path of the spec's first server URL (`/api/laml/2010-04-01`)."""
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    return str(urlsplit(document["servers"][0]["url"]).path).rstrip("/")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
            raise PrismUnavailable(f"prism exited with {process.returncode} at start: {tail}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise PrismUnavailable(f"prism did not listen on port {port} within {START_TIMEOUT_SECONDS} s")


@dataclass
class PrismServer:
    """Prism on a free port behind the base-path proxy on `port` (0: a free one)."""

    mode: str = "static"
    port: int = 0
    log: Path = field(default_factory=lambda: ENV / "prism.log")
    process: subprocess.Popen[bytes] | None = None
    proxy: BasePathProxy | None = None
    command: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        """The space URL to give the suite."""
        assert self.proxy is not None, "start() first"
        return f"http://127.0.0.1:{self.proxy.port}"

    def start(self) -> PrismServer:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {self.mode!r}")
        prism = ensure_installed()
        upstream = free_port()
        self.command = [str(prism), "mock", str(SPEC.relative_to(ROOT)), "-p", str(upstream)]
        if self.mode == "dynamic":
            self.command.append("--dynamic")
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
            )
        try:
            _wait_listening(upstream, self.process, self.log)
            self.proxy = BasePathProxy(
                "127.0.0.1", self.port, upstream_port=upstream, base_path=server_path()
            )
        except BaseException:
            self.stop()
            raise
        self.proxy.start()
        return self

    def stop(self) -> None:
        if self.proxy is not None:
            self.proxy.stop()
            self.proxy = None
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> PrismServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
