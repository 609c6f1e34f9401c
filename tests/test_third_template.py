"""A third template revision, declared here and nowhere else: everything the library does
with a template works on it, with nothing under ``src/`` knowing it exists.

The revision below is what a future notice might publish: 表三's （六）其他处理 gains a fourth
row, and 表二's 行政许可 block is renamed 行政许可和备案 (a new key, the same column). It is
declared with the public vocabulary (`revise`, `field`, `report_class`, `Template`,
`Correspondence`) and used through `use_templates`. docs/development.md walks through it
as the worked example of adding a template revision.
"""

from __future__ import annotations

import html
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from disclosure_report import (
    TEMPLATES,
    Correspondence,
    Report2021,
    Template,
    TemplateSet,
    aggregate,
    blank,
    check_series,
    comparable,
    counterpart,
    diff,
    field,
    import_report,
    layout,
    loads,
    render,
    report_class,
    revise,
    schema,
    templates,
    to_records,
    use_templates,
    validate,
)
from disclosure_report._jsonio import unstructure
from disclosure_report._jsontext import encode
from disclosure_report._rendering import FORMATS
from disclosure_report._schema import generate_dispatcher
from disclosure_report._validation import _validate_fast, reference_validate
from tests.helpers.documents import cells, consecutive, get, patch, sample

WITHDRAWN = "/applications/outcomes/other/withdrawn"
PERMITS = "/proactive/permits"


def _type(cls: type, name: str) -> Any:
    """The type of the field `name` of the attrs class `cls`."""
    return getattr(attrs.fields(cls), name).type


def _declare() -> Template:
    """Template 2027: a fourth row in （六）其他处理, and 行政许可 renamed 行政许可和备案."""
    applications = _type(Report2021, "applications")
    outcomes = _type(applications, "outcomes")
    other = _type(outcomes, "other")
    proactive = _type(Report2021, "proactive")
    other_2027 = revise(
        other,
        "OtherOutcomes2027",
        "（六）其他处理 of template 2027: four rows.",
        before="other",
        withdrawn=field("4.申请人撤回申请", "applicant withdrew", type=_type(other, "other")),
    )
    outcomes_2027 = revise(outcomes, "Outcomes2027", "Outcomes, 2027.", other=other_2027)
    applications_2027 = revise(
        applications, "Applications2027", "Table 3, 2027.", outcomes=outcomes_2027
    )
    licensing = attrs.fields(proactive).licensing
    proactive_2027 = revise(
        proactive,
        "Proactive2027",
        "Table 2, 2027: 行政许可 renamed.",
        before="penalty",
        licensing=None,
        permits=field(
            "行政许可和备案",
            "licensing and filing",
            type=licensing.type,
            band=licensing.metadata["disclosure_report"].band.zh,
            band_en=licensing.metadata["disclosure_report"].band.en,
        ),
    )
    report = report_class(
        "2027",
        "An annual report in the (synthetic) 2027 format.",
        proactive=proactive_2027,
        applications=applications_2027,
        module=__name__,
    )
    return Template(
        id="2027",
        notice="测试〔2027〕1号",
        title="政府信息公开工作年度报告格式（测试）",
        published="2027-01-15",
        first_year=2027,
        last_year=None,
        report_class=report,
        revises="2021",
        correspondences=(Correspondence("/proactive/licensing", (PERMITS,)),),
    )


THIRD = _declare()
CHOSEN = TEMPLATES.extend(THIRD)


@pytest.fixture
def third() -> Iterator[TemplateSet]:
    """The national templates and template 2027, in use for the test."""
    with use_templates(CHOSEN) as chosen:
        yield chosen


def test_the_declaration_is_used_for_the_block_only(third: TemplateSet) -> None:
    assert templates() is third
    assert third.in_force(2027) is THIRD
    assert third.latest is THIRD
    assert list(TEMPLATES) == ["2019", "2021"]
    assert "2027" in third
    assert "2027" not in TEMPLATES
    unhashable: object = []  # what no template's id can be
    assert unhashable not in third
    number: object = 2027
    assert number not in third


def test_the_layout_has_the_new_row_and_the_renamed_block(third: TemplateSet) -> None:
    lay, before = layout("2027"), layout("2021")
    assert len(lay.cells) == len(before.cells) + len(lay.table("applications").rows[0].columns)
    withdrawn = lay.fields[f"{WITHDRAWN}/total"]
    assert [label.zh for label in withdrawn.row][-1] == "4.申请人撤回申请"
    assert lay.field("/proactive/licensing") is None
    assert [label.zh for label in lay.fields[f"{PERMITS}/decisions"].row][-1] == "行政许可和备案"


def test_schema_and_blank_are_generated(third: TemplateSet) -> None:
    generated = schema("2027")
    assert "2027" in generated["$id"]
    outcomes = generated["properties"]["applications"]["properties"]["outcomes"]
    assert "withdrawn" in outcomes["properties"]["other"]["properties"]
    assert "permits" in generated["properties"]["proactive"]["properties"]
    assert generate_dispatcher()["properties"]["template"]["enum"] == ["2019", "2021", "2027"]
    empty = blank(year=2028)
    assert empty.template == "2027"
    blanks = {f.pointer for f in validate(empty).findings if f.code == "CELL_BLANK"}
    assert f"{WITHDRAWN}/natural_person" in blanks
    assert f"{PERMITS}/decisions" in blanks


def test_validate_fast_and_reference_paths_agree(third: TemplateSet) -> None:
    document = sample("2027")
    text = encode(document)
    fast = _validate_fast(text)
    assert fast is not None, "the compiled path answered for the new template"
    assert fast == reference_validate(text) == validate(text)
    assert fast.valid
    assert fast.template == "2027"

    broken = encode(
        patch(document, {f"{WITHDRAWN}/total": get(document, f"{WITHDRAWN}/total") + 1})
    )
    found = validate(broken)
    assert found == reference_validate(broken)
    assert {(f.code, f.pointer) for f in found.errors} == {
        ("T3_ROW_TOTAL", f"{WITHDRAWN}/total"),
        ("T3_OUTCOME_TOTAL", "/applications/outcomes/total/total"),
    }
    wrong_key = encode(patch(document, {"/proactive/licensing": {"decisions": 1}}))
    refused = validate(wrong_key)
    assert refused == reference_validate(wrong_key)
    assert not refused.valid


@pytest.mark.parametrize("form", FORMATS)
def test_every_rendering_imports_back(third: TemplateSet, form: str, tmp_path: Path) -> None:
    document = sample("2027", 3)
    report = loads(encode(document))
    rendered = render(report, form)  # type: ignore[arg-type]
    data = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
    path = tmp_path / f"report.{form}"
    path.write_bytes(data)
    if form in ("xlsx", "docx"):
        with zipfile.ZipFile(path) as archive:
            text = "".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                           if name.endswith(".xml"))  # fmt: skip
    else:
        text = data.decode("utf-8")
    text = html.unescape(text)
    assert "4.申请人撤回申请" in text
    assert "行政许可和备案" in text
    imported = import_report(path)
    assert imported.template == "2027"
    assert cells(imported.document) == cells(document)


def test_diff_aggregate_and_export(third: TemplateSet) -> None:
    first, second = (loads(encode(sample("2027", seed))) for seed in (1, 2))
    changes = {change.pointer: change for change in diff(first, second)}
    changed = changes[f"{WITHDRAWN}/natural_person"]
    assert changed.place().endswith("4.申请人撤回申请 · 自然人")
    older = loads(encode(sample("2021", 1)))
    across = {change.pointer: change.status for change in diff(older, first)}
    assert across[f"{PERMITS}/decisions"] == "added"
    assert across["/proactive/licensing/decisions"] == "removed"

    other_agency = attrs.evolve(second, agency=attrs.evolve(second.agency, name="另一机关"))
    total = aggregate([first, other_agency], agency="测试汇总")
    assert total.template == "2027"
    for at in (f"{WITHDRAWN}/total", f"{PERMITS}/decisions"):
        assert get(unstructure(total), at) == (
            get(unstructure(first), at) + get(unstructure(second), at)
        )
    assert validate(total).valid

    records = {record["pointer"]: record for record in to_records(first)}
    assert records[f"{PERMITS}/decisions"]["row_label"].endswith("行政许可和备案")
    assert records[f"{PERMITS}/decisions"]["comparable"] == comparable(
        "/proactive/licensing/decisions", "2021"
    )
    assert records[f"{WITHDRAWN}/total"]["comparable"] == f"2027:{WITHDRAWN}/total"
    assert len(records) == len(layout("2027").cells)


def test_across_the_revision_the_declared_correspondence_holds(third: TemplateSet) -> None:
    found = counterpart("/proactive/licensing/decisions", "2021", "2027")
    assert found is not None
    assert found.single == f"{PERMITS}/decisions"
    assert counterpart(f"{WITHDRAWN}/total", "2027", "2021") is None
    current, previous = consecutive("2027", "2021")
    assert [result.valid for result in check_series([previous, current])] == [True, True]
    moved = patch(current, {"/applications/carried_over/natural_person": 10**6})
    codes = {f.code for f in check_series([previous, moved])[1].findings}
    assert "T3_CARRY_OVER" in codes
