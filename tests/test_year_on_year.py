"""`TEXT_REPEATED` and `YOY_JUMP`: this year's report against last year's."""

from __future__ import annotations

from typing import Any

import pytest

from disclosure_report import layout, validate
from disclosure_report._rules import (
    PREVIOUS,
    REPEATED_LENGTH,
    Context,
    repeated_share,
    year_on_year,
)
from tests.helpers.documents import consecutive, get, patch
from tests.helpers.rule_fixtures import LAST_YEAR_TEXT, THIS_YEAR_TEXT
from tests.helpers.texts import keyed_rows


def _codes(document: Any, previous: Any, code: str) -> list[tuple[str, Any, Any]]:
    return [
        (f.pointer, f.expected, f.actual)
        for f in validate(document, previous=previous).findings
        if f.code == code
    ]


def test_a_text_copied_with_new_figures_is_all_repeated() -> None:
    copied = LAST_YEAR_TEXT.replace("3215", "1").replace("4次", "12次")
    assert repeated_share(copied, LAST_YEAR_TEXT) == 100
    assert repeated_share(THIS_YEAR_TEXT, LAST_YEAR_TEXT) == 0


def test_half_a_text_copied_is_half_repeated() -> None:
    half = LAST_YEAR_TEXT[: len(LAST_YEAR_TEXT) // 2] + THIS_YEAR_TEXT[len(THIS_YEAR_TEXT) // 2 :]
    share = repeated_share(half, LAST_YEAR_TEXT)
    assert share is not None
    assert 40 <= share <= 60


def test_short_sections_are_not_compared() -> None:
    short = LAST_YEAR_TEXT[: REPEATED_LENGTH - 1]
    assert repeated_share(short, short) is None
    assert repeated_share(LAST_YEAR_TEXT, short) is None


def test_section_5_is_compared_and_section_6_is_not() -> None:
    current, previous = consecutive("2021")
    texts = {"/sections/problems": LAST_YEAR_TEXT, "/sections/other": LAST_YEAR_TEXT}
    found = _codes(patch(current, texts), patch(previous, texts), "TEXT_REPEATED")
    assert found == [("/sections/problems", 60, 100)]


def test_suqian_2023_to_2024_has_no_jump() -> None:
    last, this = keyed_rows("2023_宿迁市人民政府"), keyed_rows("2024_宿迁市人民政府")
    assert _codes(this, last, "YOY_JUMP") == []


@pytest.mark.parametrize(
    ("before", "now", "jumps"),
    [(10, 101, True), (10, 100, False), (9, 95, False), (1000, 99, True), (1000, 100, False),
     (100, 0, True), (99, 0, False), (0, 500, False)],
)  # fmt: skip
def test_jump_thresholds(before: int, now: int, jumps: bool) -> None:
    current, previous = consecutive("2021")
    cell = "/proactive/licensing/decisions"
    found = _codes(patch(current, {cell: now}), patch(previous, {cell: before}), "YOY_JUMP")
    assert found == ([(cell, before, now)] if jumps else [])


def test_thresholds_are_parameters_of_the_rule() -> None:
    current, previous = consecutive("2021")
    cell = "/proactive/licensing/decisions"
    current, previous = patch(current, {cell: 30}), patch(previous, {cell: 10})
    context = Context(layout("2021"), current, previous=(layout("2021"), previous))
    found = [(f.pointer, f.expected, f.actual) for f in year_on_year(2, 20).check(context)]
    assert (cell, 10, 30) in found
    finding = next(f for f in year_on_year(2, 20).check(context) if f.pointer == cell)
    assert finding.operands[0].document == PREVIOUS


def test_a_cell_last_year_could_not_read_is_not_compared() -> None:
    current, previous = consecutive("2021")
    cell = "/proactive/licensing/decisions"
    previous = patch(previous, {cell: 1000, "/unread": {cell: "“1OOO”"}})
    assert get(current, cell) < 100
    assert _codes(current, previous, "YOY_JUMP") == []


def test_cells_are_compared_across_a_change_of_template() -> None:
    current, previous = consecutive("2021", previous_template="2019")
    total = "/applications/outcomes/total/total"
    before = get(previous, total)
    assert before >= 100
    found = _codes(patch(current, {total: 0}), previous, "YOY_JUMP")
    assert found == [(total, before, 0)]
