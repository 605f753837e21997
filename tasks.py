"""Set up the project's virtual environment and run the suite, with nothing but Python and pip.

python3 tasks.py conformance [PYTEST ARGS]   set up, then run the conformance suite
                                             (against the embedded mock unless told otherwise)
python3 tasks.py test [PYTEST ARGS]          set up, then run the project's own tests
python3 tasks.py sdks [--sdk NAME] [--sdk-path BUILD] [--deviations FILE] [PYTEST ARGS]
                                             set up, build the SDKs' environments under
                                             `.sdk-envs/`, run each SDK's smoke session and
                                             generated checks against the embedded mock
                                             (reports in reports/out/sdks/), then the `sdk`
                                             tests; --sdk-path: a development build of the
                                             one --sdk (a checkout or a package spec)
python3 tasks.py setup                       only set up `.venv`

`test` leaves out the tests marked `sdk` (unless given `-m`): building the SDKs' environments
takes longer than CI can spare.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".recording-conformance-setup"
# The signalwire SDK pins an old aiohttp it does not need for REST calls, so it is installed
# without dependencies; the twilio release it is built on comes with the `dev` extra.
SDK_WITHOUT_DEPENDENCIES = ["signalwire==2.1.1"]


def _python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def _fingerprint() -> str:
    # Set up again whenever what is installed could have changed.
    recipe = (ROOT / "pyproject.toml").read_bytes() + Path(__file__).read_bytes()
    return hashlib.sha256(recipe).hexdigest()


def _pip(*args: str) -> None:
    subprocess.run([str(_python()), "-m", "pip", "install", "--quiet", *args], check=True)


def setup() -> None:
    """Create `.venv` and install the project with its development tools and the SDK."""
    if STAMP.exists() and STAMP.read_text() == _fingerprint() and _python().exists():
        return
    if not _python().exists():
        print(f"creating {VENV}", flush=True)
        venv.create(VENV, with_pip=True)
    print("installing the project and its tools into .venv", flush=True)
    _pip("--editable", f"{ROOT}[dev]")
    _pip("--no-deps", *SDK_WITHOUT_DEPENDENCIES)
    STAMP.write_text(_fingerprint())


def install_chromium() -> None:
    """Debian's chromium, for the test that renders the HTML report, when it is missing and
    this machine can install it (root with apt-get); otherwise that test says why it skips."""
    if shutil.which("chromium") or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    print("installing chromium (for the HTML report test)", flush=True)
    quiet = {
        "stdout": subprocess.DEVNULL,
        "env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    }
    subprocess.run(["apt-get", "update", "-qq"], check=False, **quiet)  # type: ignore[call-overload]
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, **quiet)  # type: ignore[call-overload]


# `python -m sdks` options that take a value, passed on to it; the first two go to pytest too.
SDK_OPTIONS = ("--sdk-path", "--deviations", "--examples", "--seed", "--report-dir")
SDK_TESTS = ["tests/test_sdk_drivers.py", "tests/test_sdk_checks.py"]


def sdks(rest: list[str]) -> int:
    """Each SDK's smoke session and generated checks (or those named by --sdk), then the `sdk`
    tests."""
    names: list[str] = []
    options: dict[str, str] = {}
    pytest_args: list[str] = []
    args = iter(rest)
    for arg in args:
        name, equals, value = arg.partition("=")
        if name == "--sdk":
            names.append(value if equals else next(args, ""))
        elif name in SDK_OPTIONS:
            options[name] = value if equals else next(args, "")
        else:
            pytest_args.append(arg)
    selection = [part for name in names for part in ("--sdk", name)]
    passed = [part for option, value in options.items() for part in (option, value)]
    run = subprocess.run([str(_python()), "-m", "sdks", *selection, *passed], cwd=ROOT)
    if run.returncode == 2:  # an unusable option, already said
        return run.returncode
    pytest = [str(_python()), "-m", "pytest", *SDK_TESTS, "-m", "sdk"]
    if names:
        pytest += ["-k", " or ".join(names)]
    # --sdk-path and --deviations go with one --sdk (python -m sdks has checked that).
    for option, pytest_option in (
        ("--sdk-path", "--sdk-path"),
        ("--deviations", "--sdk-deviations"),
    ):
        if option in options:
            pytest.append(f"{pytest_option}={names[0]}={options[option]}")
    tests = subprocess.run([*pytest, *pytest_args], cwd=ROOT).returncode
    return run.returncode or tests


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 -- tasks.py may be started by an older python3
        print("tasks.py: Python 3.11 or newer is needed", file=sys.stderr)
        return 2
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command not in ("setup", "conformance", "test", "sdks"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        setup()
    except subprocess.CalledProcessError as exc:
        print(f"tasks.py: set-up failed ({exc.cmd[3:]} exited {exc.returncode})", file=sys.stderr)
        return 2
    if command == "setup":
        return 0
    if command == "sdks":
        return sdks(rest)
    if command == "test":
        install_chromium()
        if not any(arg == "-m" or arg.startswith("-m") for arg in rest):
            rest = ["-m", "not sdk", *rest]
    target = "conformance" if command == "conformance" else "tests"
    pytest = [str(_python()), "-m", "pytest", target, *rest]
    return subprocess.run(pytest, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
