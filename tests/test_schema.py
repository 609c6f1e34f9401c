"""The published schemas: generated from the declaration, complete, offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing.exceptions

from disclosure_report import TEMPLATES
from disclosure_report._schema import SCHEMA_FILES, generate, registry, schema, schema_id
from tests.helpers.documents import DELETE, patch, sample, zeros
from tests.helpers.rule_fixtures import FIXTURES
from tests.helpers.scripts import script

ROOT = Path(__file__).resolve().parents[1]


def test_committed_generated_files_equal_what_the_declaration_generates() -> None:
    stale = [
        str(path.relative_to(ROOT))
        for path, text in script("generate").generated_files().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], "run: python scripts/generate.py"


@pytest.mark.parametrize("name", list(SCHEMA_FILES))
def test_the_library_validates_with_the_published_files(name: str) -> None:
    committed = (ROOT / "schemas" / SCHEMA_FILES[name]).read_text(encoding="utf-8")
    assert schema(name) == json.loads(committed)


@pytest.mark.parametrize("name", list(SCHEMA_FILES))
def test_schemas_are_valid_draft_2020_12_with_an_absolute_id(name: str) -> None:
    published = schema(name)
    jsonschema.Draft202012Validator.check_schema(published)
    assert published["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert published["$id"] == schema_id(name)
    assert published["$id"].startswith("urn:")


def _properties(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    for key, child in node.get("properties", {}).items():
        found.append((f"{path}/{key}", child))
        found.extend(_properties(child, f"{path}/{key}"))
    return found


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_every_property_has_a_chinese_title_and_a_description(template: str) -> None:
    properties = _properties(generate(template))
    assert len(properties) > 200
    for pointer, node in properties:
        assert node.get("title"), pointer
        assert node.get("description"), pointer


def test_cell_titles_and_descriptions_say_what_is_counted() -> None:
    cell = generate("2021")["properties"]["applications"]["properties"]["outcomes"]["properties"][
        "withheld"
    ]["properties"]["state_secret"]["properties"]["natural_person"]
    assert cell["title"] == "自然人"
    assert "applications from natural persons" in cell["description"]
    assert "state secret" in cell["description"]
    assert cell["type"] == ["integer", "null"]
    assert cell["minimum"] == 0


def _validator(name: str) -> jsonschema.protocols.Validator:
    validator: jsonschema.protocols.Validator = jsonschema.Draft202012Validator(
        schema(name), registry=registry()
    )
    return validator


@pytest.mark.parametrize("name", [*TEMPLATES, "report"])
@pytest.mark.parametrize("code", list(FIXTURES))
def test_plain_jsonschema_accepts_every_valid_fixture(code: str, name: str) -> None:
    for template in TEMPLATES:
        if name not in ("report", template):
            continue
        case = FIXTURES[code].valid(template)
        for document in (case.document, case.previous):
            if document is not None:
                assert list(_validator(name).iter_errors(document)) == []


@pytest.mark.parametrize("name", [*TEMPLATES, "report"])
def test_plain_jsonschema_rejects_the_structural_fixtures(name: str) -> None:
    templates = TEMPLATES if name == "report" else [name]
    for template in templates:
        document = FIXTURES["SCHEMA"].invalid(template).document
        errors = list(_validator(name).iter_errors(document))
        keywords = {str(error.validator) for error in errors}
        if name != "report":
            assert keywords == {"type", "required", "additionalProperties"}, template
        else:
            assert errors, template


def test_a_schema_of_one_template_rejects_the_other() -> None:
    assert list(_validator("2019").iter_errors(zeros("2021")))
    assert list(_validator("report").iter_errors(patch(zeros("2021"), {"/template": "2020"})))


def test_plain_jsonschema_and_validate_agree_on_missing_cells() -> None:
    document = patch(sample("2021"), {"/applications/outcomes/total/other_organization": DELETE})
    assert list(_validator("2021").iter_errors(document))


def test_the_registry_never_fetches() -> None:
    with pytest.raises(referencing.exceptions.Unresolvable):
        registry().resolver().lookup("https://example.com/elsewhere.json")
