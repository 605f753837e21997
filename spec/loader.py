"""Load the Create a Recording OpenAPI document once and derive what the suite needs from it.

Everything the suite knows about parameters (enums, defaults, event names) is read from the
document here, never retyped elsewhere, so a change to the spec file changes the suite.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from rfc3986_validator import validate_rfc3986

SPEC_PATH = Path(__file__).with_name("create-recording.openapi.yaml")
OPERATION_PATH = "/Accounts/{AccountSid}/Calls/{CallSid}/Recordings"
OPERATION_METHOD = "post"
REQUEST_SCHEMA = "CreateCallRecordingRequest"
RESPONSE_SCHEMA = "CallRecordingResponse"
ERROR_SCHEMA = "CompatibilityErrorResponse"
SCHEMA_NAMES = (REQUEST_SCHEMA, RESPONSE_SCHEMA, ERROR_SCHEMA)
_DOCUMENT_URI = "urn:recording-conformance:create-recording"
# "Valid values: completed, in-progress, absent." -- the event grammar lives only in prose.
_VALID_VALUES = re.compile(r"Valid values:\s*(?P<values>[a-z-]+(?:\s*,\s*[a-z-]+)*)")


class SpecError(Exception):
    """The spec document cannot be read or does not have the shape the suite relies on."""


@dataclass(frozen=True)
class ParameterSpec:
    """One request-body parameter of Create a Recording, as the document declares it."""

    name: str
    enum: tuple[str, ...] | None
    default: str | None
    format: str | None
    description: str
    # Values named in the description (only RecordingStatusCallbackEvent has such a list).
    described_values: tuple[str, ...] | None = None


def _format_checker() -> FormatChecker:
    """Check the two formats the document uses: `uuid` (built in) and `uri` (RFC 3986)."""
    checker = FormatChecker(formats=("uuid",))

    @checker.checks("uri")
    def is_uri(instance: object) -> bool:
        # An absolute URI per RFC 3986 section 4.3; only strings are constrained by a format.
        return not isinstance(instance, str) or validate_rfc3986(instance, rule="URI") is not None

    return checker


@dataclass(frozen=True)
class Spec:
    """The loaded document, its hash, and validators for the schemas the suite checks."""

    path: Path
    document: dict[str, Any] = field(repr=False)
    sha256: str
    validators: dict[str, Draft202012Validator] = field(repr=False)
    parameters: dict[str, ParameterSpec] = field(repr=False)

    def __repr__(self) -> str:
        return f"Spec({self.path.name}, sha256={self.sha256[:12]})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Hypothesis pretty-prints dataclasses field by field: the whole document, otherwise.
        printer.text(repr(self))

    @property
    def operation(self) -> dict[str, Any]:
        """The `post` operation object of the create path."""
        op: dict[str, Any] = self.document["paths"][OPERATION_PATH][OPERATION_METHOD]
        return op

    @property
    def documented_statuses(self) -> frozenset[int]:
        """Every HTTP status the operation documents (`responses` keys)."""
        return frozenset(int(code) for code in self.operation["responses"])

    def response_schema_name(self, status: int) -> str | None:
        """The component schema documented for `status`, or None if the status is undocumented."""
        response = self.operation["responses"].get(str(status))
        if response is None:
            return None
        ref: str = response["content"]["application/json"]["schema"]["$ref"]
        return ref.rsplit("/", 1)[-1]

    def validator(self, schema_name: str) -> Draft202012Validator:
        """A Draft 2020-12 validator for a component schema, `$ref`s resolved, formats checked."""
        try:
            return self.validators[schema_name]
        except KeyError:
            raise SpecError(f"the spec has no validator for schema {schema_name!r}") from None


def _resolve(document: dict[str, Any], ref: str) -> dict[str, Any]:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    if not isinstance(node, dict):
        raise SpecError(f"{ref} does not point to a schema object")
    return node


def _parameter(document: dict[str, Any], name: str, schema: dict[str, Any]) -> ParameterSpec:
    target = _resolve(document, schema["$ref"]) if "$ref" in schema else schema
    description = str(schema.get("description") or target.get("description") or "")
    match = _VALID_VALUES.search(description)
    described = tuple(v.strip() for v in match["values"].split(",")) if match else None
    enum = target.get("enum")
    return ParameterSpec(
        name=name,
        enum=tuple(enum) if enum is not None else None,
        default=target.get("default"),
        format=target.get("format"),
        description=description,
        described_values=described,
    )


def _build(path: Path) -> Spec:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SpecError(f"cannot read the spec file {path}: {exc.strerror}") from None
    try:
        document = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        # One line: the YAML parser's message spans several, with a drawing of the spot.
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}, column {where.column + 1}" if where else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise SpecError(f"the spec file {path} is not valid YAML{at}: {problem}") from None
    if not isinstance(document, dict):
        raise SpecError(f"the spec file {path} does not hold an OpenAPI document")
    schemas = document.get("components", {}).get("schemas", {})
    missing = [name for name in SCHEMA_NAMES if name not in schemas]
    if missing or OPERATION_PATH not in document.get("paths", {}):
        what = ", ".join(missing) or f"the path {OPERATION_PATH}"
        raise SpecError(f"the spec file {path} lacks {what}")
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(_DOCUMENT_URI, resource)
    checker = _format_checker()
    validators = {}
    for name in SCHEMA_NAMES:
        schema = {"$ref": f"{_DOCUMENT_URI}#/components/schemas/{name}"}
        try:
            Draft202012Validator.check_schema(schemas[name])
        except SchemaError as exc:
            raise SpecError(f"schema {name} in {path} is invalid: {exc.message}") from None
        validators[name] = Draft202012Validator(schema, registry=registry, format_checker=checker)
    properties = schemas[REQUEST_SCHEMA].get("properties", {})
    parameters = {name: _parameter(document, name, s) for name, s in properties.items()}
    return Spec(
        path=path,
        document=document,
        sha256=hashlib.sha256(raw).hexdigest(),
        validators=validators,
        parameters=parameters,
    )


@functools.cache
def load_spec(path: Path = SPEC_PATH) -> Spec:
    """Load and cache the spec; raise `SpecError` with one readable sentence when it is unusable."""
    return _build(path)
