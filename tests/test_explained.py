"""Explained findings: a note of the report at a finding's pointer explains it."""

from __future__ import annotations

import json
from typing import Any

import attrs

from disclosure_report import validate
from disclosure_report._jsontext import encode
from disclosure_report._messages import finding_json, message, verdict
from disclosure_report._validation import reference_validate
from tests.helpers.cli import run
from tests.helpers.documents import get, patch, sample

BLANK = "/proactive/rules/issued"
NOTE = "本年度未制发规章，本栏不适用"


def _blank_with_note(note: bool = True) -> dict[str, Any]:
    changes: dict[str, Any] = {BLANK: None}
    if note:
        changes["/notes"] = {BLANK: NOTE}
    return patch(sample("2021"), changes)


def test_an_explained_warning_is_listed_with_its_note_and_does_not_count() -> None:
    result = validate(_blank_with_note())
    [finding] = result.findings
    assert (finding.code, finding.explanation) == ("CELL_BLANK", NOTE)
    assert result.warnings == ()
    assert result.explained == (finding,)
    assert result.valid
    assert message(finding) == message(attrs.evolve(finding, explanation=None))
    assert finding_json(finding)["explanation"] == NOTE
    assert "1 项已说明" in verdict(result)
    assert "0 warning(s), 1 explained" in verdict(result, "en")


def test_without_a_note_the_warning_counts() -> None:
    result = validate(_blank_with_note(note=False))
    assert [f.code for f in result.warnings] == ["CELL_BLANK"]
    assert result.explained == ()
    assert "explanation" not in finding_json(result.findings[0])


def test_an_explained_error_is_still_an_error() -> None:
    base = sample("2021")
    total = "/review_litigation/review/total"
    document = patch(base, {total: get(base, total) + 1, "/notes": {total: "含撤回的申请"}})
    result = validate(document)
    assert [(f.code, f.explanation) for f in result.errors] == [("T4_TOTAL", "含撤回的申请")]
    assert not result.valid


def test_a_note_elsewhere_explains_nothing() -> None:
    document = patch(_blank_with_note(note=False), {"/notes": {"/proactive/rules/in_force": "x"}})
    assert validate(document).explained == ()


def test_both_paths_explain_alike() -> None:
    for document in (_blank_with_note(), _blank_with_note(note=False)):
        text = encode(document)
        assert validate(text).findings == reference_validate(text).findings


def test_the_command_line_counts_explained_findings_apart(tmp_path: Any) -> None:
    path = tmp_path / "report.json"
    path.write_text(encode(_blank_with_note()), encoding="utf-8")
    result = run("validate", "--lang", "en", str(path))
    assert result.returncode == 0
    assert "0 warning(s), 1 explained" in result.stdout
    listed = run("validate", "--format", "json", str(path))
    [finding] = json.loads(listed.stdout)["findings"]
    assert finding["explanation"] == NOTE
