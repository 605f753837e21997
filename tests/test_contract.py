"""The contract other tools rely on, run as a user runs it:

    python -m pytest conformance [--space-url URL --project-id P --api-token T --call-sid C]

exits 0 when the target conforms, 1 when a check fails; bad options are one sentence.
"""

from __future__ import annotations

from recording_conformance.mockspace import Fault, MockSpaceServer
from tests.conftest import Run
from tests.runs import target_options

# A fast selection for tests about the command line rather than about the checks.
QUICK = ("-k", "test_bad_credentials or test_every_enum_combination")


def test_embedded_mock_conforms(run_suite: Run) -> None:
    result = run_suite()
    assert result.returncode == 0, result.stdout[-3000:]
    assert "conformance target: embedded mock space" in result.stdout


def test_a_fault_makes_the_run_exit_1_with_a_reproduction(run_suite: Run) -> None:
    result = run_suite("--mock-fault", Fault.AUTH_BYPASS.value, "-m", "REC-AUTH-REQUIRED")
    assert result.returncode == 1, result.stdout[-3000:]
    assert "bad_credentials_are_rejected" in result.stdout
    assert "MUST REC-AUTH-REQUIRED" in result.stdout
    assert "Reproduce with:" in result.stdout
    assert "curl -sS -X POST" in result.stdout


def test_a_running_space_given_by_options_conforms_and_its_token_never_shows(
    run_suite: Run, mock: MockSpaceServer
) -> None:
    result = run_suite(*target_options(mock), *QUICK)
    assert result.returncode == 0, result.stdout[-3000:]
    assert f"conformance target: {mock.api_base}" in result.stdout
    assert mock.config.api_token not in result.stdout + result.stderr


def test_environment_variables_stand_in_for_options(run_suite: Run, mock: MockSpaceServer) -> None:
    cfg = mock.config
    env = {
        "SIGNALWIRE_SPACE_URL": mock.origin,
        "SIGNALWIRE_PROJECT_ID": cfg.project_id,
        "SIGNALWIRE_API_TOKEN": cfg.api_token,
        "SIGNALWIRE_CALL_SID": cfg.in_progress_call_sid,
    }
    result = run_suite(*QUICK, env=env)
    assert result.returncode == 0, result.stdout[-3000:]
    assert f"conformance target: {mock.api_base}" in result.stdout


def test_failures_against_a_faulty_space_never_show_its_token(
    run_suite: Run, mock: MockSpaceServer
) -> None:
    mock.config.faults = frozenset({Fault.ECHOES_CREDENTIALS, Fault.CHANNELS_AS_INTEGER})
    result = run_suite(*target_options(mock), *QUICK)
    assert result.returncode == 1
    assert mock.config.api_token not in result.stdout + result.stderr


def test_a_live_target_missing_an_option_is_one_sentence(run_suite: Run) -> None:
    result = run_suite(
        "--space-url", "example.signalwire.com", "--project-id", "p", "--api-token", "t"
    )
    assert result.returncode == 4
    assert (
        "ERROR: --call-sid (or SIGNALWIRE_CALL_SID) is required to test the space at "
        "example.signalwire.com"
    ) in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_an_unreachable_target_ends_the_run_with_its_own_exit_code(run_suite: Run) -> None:
    from recording_conformance.mockspace.server import free_port

    result = run_suite(
        "--space-url",
        f"http://127.0.0.1:{free_port()}",
        "--project-id",
        "p",
        "--api-token",
        "PTunreachable",
        "--call-sid",
        "c",
    )
    assert result.returncode == 3, result.stdout[-2000:]
    assert "the target did not answer" in result.stdout
    assert "PTunreachable" not in result.stdout + result.stderr
