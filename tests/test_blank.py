"""Blank templates: every cell blank, or every cell zero."""

from __future__ import annotations

import datetime

import pytest

from disclosure_report import (
    TEMPLATES,
    DisclosureReportError,
    UnknownTemplateError,
    blank,
    dumps,
    layout,
    loads,
    validate,
)
from disclosure_report._blank import default_year
from disclosure_report._jsonio import unstructure
from disclosure_report._layout import pointer
from disclosure_report._rules import OVERDUE_FEE, REQUIRED_SECTIONS


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_a_blank_validates_to_exactly_what_is_left_to_fill_in(template: str) -> None:
    result = validate(blank(template))
    cells = [cell.pointer for cell in layout(template).cells]
    assert [(f.code, f.pointer) for f in result.findings] == [
        ("SCHEMA", "/agency/name"),
        *(("CELL_BLANK", pointer) for pointer in cells),
        *(("TEXT_EMPTY", pointer) for pointer in _required_texts(template)),
    ]


def _required_texts(template: str) -> list[str]:
    """The sections a blank of `template` leaves empty that must say something."""
    lay = layout(template)
    if lay.field(OVERDUE_FEE) is None:
        return []
    return [pointer(s.path) for s in lay.text_sections if s.section in REQUIRED_SECTIONS]


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_a_zero_blank_with_an_agency_name_is_valid(template: str) -> None:
    report = blank(template, zeros=True, agency="某某乡人民政府")
    result = validate(report)
    assert result.valid
    assert [(f.code, f.pointer) for f in result.findings] == [
        ("TEXT_EMPTY", pointer) for pointer in _required_texts(template)
    ]
    assert loads(dumps(report)) == report


def test_blank_cells_are_null_and_texts_empty() -> None:
    document = unstructure(blank("2021", year=2024))
    assert document["applications"]["outcomes"]["other"]["overdue_fee"]["total"] is None
    assert document["proactive"]["fees"]["amount_10k_yuan"] is None
    assert document["sections"] == {"overview": "", "problems": "", "other": ""}
    assert document["year"] == 2024


def test_the_template_defaults_to_the_one_in_force() -> None:
    assert blank(year=2020).template == "2019"
    assert blank(year=2022).template == "2021"
    assert blank().template == "2021"


def test_default_year() -> None:
    last_year = datetime.date.today().year - 1
    assert default_year() == last_year
    assert default_year("2021") == last_year
    assert default_year("2019") == 2020


@pytest.mark.parametrize(("template", "year"), [("2017", None), (None, 2015)])
def test_blank_refuses_what_no_template_covers(template: str | None, year: int | None) -> None:
    with pytest.raises(UnknownTemplateError) as raised:
        blank(template, year=year)
    assert isinstance(raised.value, DisclosureReportError)
