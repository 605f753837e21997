"""The catalogue of freedoms is well-formed, cites its sentences, and matches the requirements
catalogue and the mock's variations."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from recording_conformance.conformance import freedoms
from recording_conformance.conformance.freedoms import (
    BY_ID,
    CHOICES,
    HARNESS_OPTIONS,
    SILENT,
    Choice,
)
from recording_conformance.conformance.requirements import BY_ID as REQUIREMENTS
from recording_conformance.mockspace.faults import Variation

# REQ-... for required choices, FREE-... for free ones; upper-case words joined by hyphens.
ID_FORMAT = re.compile(r"(REQ|FREE)(-[A-Z0-9]+)+")
PREFIX = {"required": "REQ-", "free": "FREE-"}
KNOWN_VARIATIONS = {v.value for v in Variation} | set(HARNESS_OPTIONS)
FREE = [c for c in CHOICES if c.decision == "free"]
REQUIRED = [c for c in CHOICES if c.decision == "required"]


def _ids(choices: list[Choice]) -> list[str]:
    return [c.id for c in choices]


def test_ids_are_unique_and_well_formed() -> None:
    ids = _ids(list(CHOICES))
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert set(BY_ID) == set(ids)
    malformed = [i for i in ids if not ID_FORMAT.fullmatch(i)]
    assert not malformed, f"malformed ids: {malformed}"


@pytest.mark.parametrize("choice", CHOICES, ids=_ids(list(CHOICES)))
def test_entry_cites_a_sentence_and_a_source(choice: Choice) -> None:
    assert choice.decision in PREFIX
    assert choice.id.startswith(PREFIX[choice.decision])
    assert choice.subject.strip()
    assert choice.sentence.strip(), "quote the sentence, or say the spec is silent"
    assert choice.source.strip()
    assert choice.answers, "name the answers"
    assert all(answer.strip() for answer in choice.answers)


@pytest.mark.parametrize("choice", REQUIRED, ids=_ids(REQUIRED))
def test_required_entry_names_one_answer_and_an_existing_requirement(choice: Choice) -> None:
    assert len(choice.answers) == 1
    assert choice.requirement in REQUIREMENTS, f"unknown requirement {choice.requirement!r}"
    # A required answer is enforced by a check, never merely tolerated under a variation.
    assert choice.sentence != SILENT
    assert not choice.variations
    assert not choice.gap


@pytest.mark.parametrize("choice", FREE, ids=_ids(FREE))
def test_free_entry_names_existing_variations_or_a_gap(choice: Choice) -> None:
    assert choice.requirement is None
    unknown = set(choice.variations) - KNOWN_VARIATIONS
    assert not unknown, f"no such variation or harness option: {sorted(unknown)}"
    assert choice.variations or choice.gap.strip(), "name a variation, or say what is missing"


def test_every_variation_is_used_by_a_free_entry() -> None:
    used = {name for c in FREE for name in c.variations}
    unused = sorted(v.value for v in Variation if v.value not in used)
    assert not unused, f"variations no freedom names: {unused}"


def test_every_harness_option_is_used() -> None:
    used = {name for c in FREE for name in c.variations}
    assert set(HARNESS_OPTIONS) <= used


def test_the_catalogue_does_not_import_the_mock() -> None:
    # The catalogue is part of the suite, which must run against real spaces without the mock:
    # the mock's names appear in it as plain strings.
    for module in Path(freedoms.__file__).parent.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        imported |= {
            node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
        }
        assert not {name for name in imported if name.split(".")[0] == "mockspace"}, module
