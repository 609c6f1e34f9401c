"""The templates as values, and what a cell of one template is in another."""

from __future__ import annotations

import itertools

import attrs
import pytest

from disclosure_report import (
    TEMPLATES,
    Correspondence,
    DeclarationError,
    Template,
    UnknownTemplateError,
    comparable,
    counterpart,
    layout,
    templates,
    use_templates,
)
from disclosure_report._revisions import row_counterpart

OTHER = "/applications/outcomes/other"


def test_the_national_templates_are_the_templates_in_use() -> None:
    assert templates() is TEMPLATES
    assert list(TEMPLATES) == ["2019", "2021"]
    assert TEMPLATES.latest.id == "2021"
    assert [TEMPLATES.in_force(year) for year in (2018, 2020, 2021, 2030)] == [
        None,
        TEMPLATES["2019"],
        TEMPLATES["2021"],
        TEMPLATES["2021"],
    ]


def test_an_unknown_template_is_the_library_s_error() -> None:
    with pytest.raises(UnknownTemplateError, match="'2027'"):
        TEMPLATES["2027"]
    assert TEMPLATES.get("2027") is None
    with pytest.raises(UnknownTemplateError):
        layout("2027")


def test_a_set_is_extended_into_a_new_value_used_for_a_block_only() -> None:
    later = attrs.evolve(TEMPLATES["2021"], id="2027", first_year=2027, revises="2021",
                         correspondences=())  # fmt: skip
    extended = TEMPLATES.extend(later)
    assert list(TEMPLATES) == ["2019", "2021"]
    assert list(extended) == ["2019", "2021", "2027"]
    with use_templates(extended):
        assert templates() is extended
        assert extended.in_force(2026).id == "2021"  # type: ignore[union-attr]
        assert extended.in_force(2027) is later
    assert templates() is TEMPLATES


def test_a_set_refuses_two_templates_of_one_id_and_an_unknown_revision() -> None:
    with pytest.raises(DeclarationError, match="two templates"):
        TEMPLATES.extend(TEMPLATES["2021"])
    orphan = attrs.evolve(TEMPLATES["2021"], id="2027", revises="2025")
    with pytest.raises(DeclarationError, match="revises '2025'"):
        TEMPLATES.extend(orphan)


def test_the_single_other_row_of_2019_is_the_sum_of_the_three_of_2021() -> None:
    found = counterpart(f"{OTHER}/total", "2019", "2021")
    assert found is not None
    assert found.pointers == tuple(
        f"{OTHER}/{row}/total" for row in ("overdue_correction", "overdue_fee", "other")
    )
    assert found.single is None
    assert counterpart(f"{OTHER}/overdue_fee/total", "2021", "2019") is None


@pytest.mark.parametrize(
    ("pointer", "expected"),
    [
        ("/applications/received/natural_person", "/applications/received/natural_person"),
        ("/review_litigation/review/total", "/review_litigation/review/total"),
        ("/proactive/licensing/decisions", "/proactive/licensing/decisions"),
        ("/proactive/licensing/previous_items", None),
        ("/proactive/normative_documents/made", None),
        ("/proactive/rules/total_published", None),
        ("/proactive/other_services/decisions", None),
        ("/proactive/procurement/amount", None),
        ("/proactive/fees/change", None),
    ],
)
def test_what_a_2019_cell_is_in_2021(pointer: str, expected: str | None) -> None:
    found = counterpart(pointer, "2019", "2021")
    assert (found.single if found else None) == expected


def test_a_one_to_one_counterpart_goes_back_to_where_it_came_from() -> None:
    for source, target in itertools.permutations(TEMPLATES, 2):
        for cell in layout(source).cells:
            found = counterpart(cell.pointer, source, target)
            if found is not None and found.single is not None:
                back = counterpart(found.single, target, source)
                assert back is not None
                assert back.single == cell.pointer


def test_comparable_keys_are_shared_exactly_by_cells_that_hold_the_same() -> None:
    assert comparable("/applications/received/total", "2021") == (
        "2019:/applications/received/total"
    )
    assert comparable("/applications/received/total", "2019") == (
        "2019:/applications/received/total"
    )
    assert comparable("/proactive/rules/in_force", "2021") == "2021:/proactive/rules/in_force"
    assert comparable(f"{OTHER}/total", "2019") == f"2019:{OTHER}/total"
    assert comparable(f"{OTHER}/other/total", "2021") == f"2021:{OTHER}/other/total"
    assert comparable("/year", "2021") is None
    keys = {
        template: {comparable(cell.pointer, template) for cell in layout(template).cells}
        for template in TEMPLATES
    }
    shared = keys["2019"] & keys["2021"]
    assert shared == {
        f"2019:{cell.pointer}"
        for cell in layout("2019").cells
        if (found := counterpart(cell.pointer, "2019", "2021")) and found.single
    }


def test_rows_printed_in_another_template_s_form() -> None:
    renamed = row_counterpart(("proactive", "normative_documents"), "2019", "2021")
    assert renamed is not None
    assert [row.label.zh for row in renamed.rows] == ["行政规范性文件"]
    split = row_counterpart(("applications", "outcomes", "other"), "2019", "2021")
    assert split is not None
    assert [row.key for row in split.rows] == ["overdue_correction", "overdue_fee", "other"]
    assert split.remainder is not None
    assert split.remainder.label.zh == "3.其他"
    assert row_counterpart(("proactive", "other_services"), "2019", "2021") is None
    part = ("applications", "outcomes", "other", "overdue_fee")
    assert row_counterpart(part, "2021", "2019") is None
    back = row_counterpart(("proactive", "normative_documents"), "2021", "2019")
    assert back is not None
    assert [row.label.zh for row in back.rows] == ["规范性文件"]


def test_a_correspondence_naming_no_row_is_a_declaration_error() -> None:
    wrong = attrs.evolve(
        TEMPLATES["2021"],
        id="2027",
        first_year=2027,
        revises="2021",
        correspondences=(Correspondence("/proactive/procurement"),),
    )
    with use_templates(TEMPLATES.extend(wrong)), pytest.raises(DeclarationError, match="2027"):
        counterpart("/applications/received/total", "2021", "2027")


def test_a_template_is_a_value() -> None:
    assert isinstance(TEMPLATES["2021"], Template)
    assert hash(TEMPLATES["2021"]) == hash(TEMPLATES["2021"])
    assert TEMPLATES.extend() == TEMPLATES
