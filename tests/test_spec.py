"""The spec file is the published document, rebuilt faithfully, and the loader reads it right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from openapi_spec_validator import validate

from recording_conformance.spec import SpecError, load_spec
from recording_conformance.spec.loader import SPEC_PATH

SOURCE_PAGE = Path(__file__).parent.parent / "spec" / "source-page.txt"


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _published_yaml() -> str:
    page = SOURCE_PAGE.read_text(encoding="utf-8")
    # The YAML block runs from its fence to the fence before the SDK examples; the description
    # of Authorization holds a fence of its own, so the end is anchored on the next heading.
    match = re.search(r"```yaml (?P<yaml>.*?) ``` ## SDK Code Examples", page, re.DOTALL)
    assert match, "the source page has no YAML block"
    return match["yaml"]


def test_spec_file_equals_the_published_yaml_whitespace_collapsed() -> None:
    assert _collapsed(SPEC_PATH.read_text(encoding="utf-8")) == _collapsed(_published_yaml())


def test_spec_file_is_a_valid_openapi_3_1_document() -> None:
    document = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_parameters_are_read_from_the_document() -> None:
    parameters = load_spec().parameters
    document = load_spec().document["components"]["schemas"]
    for name, schema_name in [
        ("RecordingChannels", "CreateCallRecordingRequestRecordingChannels"),
        ("RecordingTrack", "CreateCallRecordingRequestRecordingTrack"),
        ("Trim", "CreateCallRecordingRequestTrim"),
        (
            "RecordingStatusCallbackMethod",
            "CreateCallRecordingRequestRecordingStatusCallbackMethod",
        ),
    ]:
        assert parameters[name].enum == tuple(document[schema_name]["enum"])
        assert parameters[name].default == document[schema_name]["default"]
    assert parameters["Trim"].default == "do-not-trim"
    assert parameters["RecordingStatusCallback"].format == "uri"


def test_event_values_are_parsed_from_the_description() -> None:
    events = load_spec().parameters["RecordingStatusCallbackEvent"]
    assert events.enum is None
    assert events.described_values == ("completed", "in-progress", "absent")
    assert events.default == "completed"


def test_documented_statuses_and_their_schemas() -> None:
    spec = load_spec()
    assert spec.documented_statuses == {200, 400, 401, 404, 422, 503}
    assert spec.response_schema_name(200) == "CallRecordingResponse"
    assert spec.response_schema_name(422) == "CompatibilityErrorResponse"
    assert spec.response_schema_name(201) is None


@pytest.mark.parametrize(
    ("schema", "instance", "valid"),
    [
        ("CreateCallRecordingRequest", {"RecordingStatusCallback": "https://example.com/cb"}, True),
        ("CreateCallRecordingRequest", {"RecordingStatusCallback": "not a url"}, False),
        ("CreateCallRecordingRequest", {"RecordingStatusCallback": "/relative"}, False),
        ("CreateCallRecordingRequest", {"Trim": "trim-silence"}, True),
        ("CreateCallRecordingRequest", {"Trim": "Trim-Silence"}, False),
        (
            "CompatibilityErrorResponse",
            {"code": 1, "message": "m", "more_info": "u", "status": 400},
            True,
        ),
        (
            "CompatibilityErrorResponse",
            {"code": "1", "message": "m", "more_info": "u", "status": 400},
            False,
        ),
        ("CallRecordingResponse", {"sid": "not-a-uuid"}, False),
    ],
)
def test_validators_resolve_refs_and_check_formats(
    schema: str, instance: dict[str, object], valid: bool
) -> None:
    assert load_spec().validator(schema).is_valid(instance) is valid


def test_uuid_format_is_checked_on_sids() -> None:
    validator = load_spec().validator("CallRecordingResponse")
    errors = {e.message for e in validator.iter_errors({"sid": "123", "call_sid": None})}
    assert "'123' is not a 'uuid'" in errors


def test_missing_spec_file_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match=r"^cannot read the spec file .*missing\.yaml"):
        load_spec(tmp_path / "missing.yaml")


def test_spec_without_the_schemas_is_one_sentence(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\npaths: {}\n")
    with pytest.raises(SpecError, match="lacks CreateCallRecordingRequest"):
        load_spec(broken)


def test_spec_is_loaded_once() -> None:
    assert load_spec() is load_spec()
