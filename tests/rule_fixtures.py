"""One valid and one invalid document for every finding code, with the exact findings.

Each invalid document is a consistent sample with the smallest change that breaks
only the rule in question; `expected` lists every finding it must produce, as
(code, pointer, expected, actual, keyword).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
from documents import DELETE, Document, get, patch, sample

Expected = tuple[str, str, Any, Any, str | None]


@attrs.frozen
class RuleFixture:
    valid: Callable[[str], Document]
    invalid: Callable[[str], tuple[Document, list[Expected]]]


def _schema(template: str) -> tuple[Document, list[Expected]]:
    document = patch(
        sample(template),
        {
            "/applications/received/natural_person": "3",
            "/review_litigation/review/pending": DELETE,
            "/extra": 1,
        },
    )
    return document, [
        ("SCHEMA", "/applications/received/natural_person", None, None, "type"),
        ("SCHEMA", "/review_litigation/review/pending", None, None, "required"),
        ("SCHEMA", "/extra", None, None, "additionalProperties"),
    ]


def _template_year(template: str) -> tuple[Document, list[Expected]]:
    wrong_year = 2023 if template == "2019" else 2020
    in_force = "2021" if template == "2019" else "2019"
    document = patch(sample(template), {"/year": wrong_year})
    return document, [("TEMPLATE_YEAR", "/template", in_force, template, None)]


def _cell_blank(template: str) -> tuple[Document, list[Expected]]:
    pointer = "/proactive/rules/" + ("made" if template == "2019" else "issued")
    return patch(sample(template), {pointer: None}), [("CELL_BLANK", pointer, None, None, None)]


def _shift(document: Document, changes: dict[str, int]) -> Document:
    return patch(
        document, {pointer: get(document, pointer) + delta for pointer, delta in changes.items()}
    )


def _row_total(template: str) -> tuple[Document, list[Expected]]:
    base = sample(template)
    disclosed = "/applications/outcomes/disclosed/total"
    partial = "/applications/outcomes/partially_disclosed/total"
    assert get(base, partial) > 0
    document = _shift(base, {disclosed: 1, partial: -1})
    return document, [
        ("T3_ROW_TOTAL", disclosed, get(base, disclosed), get(base, disclosed) + 1, None),
        ("T3_ROW_TOTAL", partial, get(base, partial), get(base, partial) - 1, None),
    ]


def _outcome_total(template: str) -> tuple[Document, list[Expected]]:
    base = sample(template)
    person, total = (
        "/applications/outcomes/total/natural_person",
        "/applications/outcomes/total/total",
    )
    forward = "/applications/carried_forward/"
    assert get(base, forward + "natural_person") > 0
    document = _shift(
        base, {person: 1, total: 1, forward + "natural_person": -1, forward + "total": -1}
    )
    return document, [
        ("T3_OUTCOME_TOTAL", person, get(base, person), get(base, person) + 1, None),
        ("T3_OUTCOME_TOTAL", total, get(base, total), get(base, total) + 1, None),
    ]


def _balance(template: str) -> tuple[Document, list[Expected]]:
    base = sample(template)
    document = _shift(
        base,
        {"/applications/received/natural_person": 1, "/applications/received/total": 1},
    )
    forward = "/applications/carried_forward/"
    return document, [
        ("T3_BALANCE", forward + key, get(base, forward + key) + 1, get(base, forward + key), None)
        for key in ("natural_person", "total")
    ]


def _t4_total(template: str) -> tuple[Document, list[Expected]]:
    base = sample(template)
    total = "/review_litigation/litigation_after_review/total"
    document = _shift(base, {total: 1})
    return document, [("T4_TOTAL", total, get(base, total), get(base, total) + 1, None)]


FIXTURES: dict[str, RuleFixture] = {
    "SCHEMA": RuleFixture(sample, _schema),
    "TEMPLATE_YEAR": RuleFixture(sample, _template_year),
    "CELL_BLANK": RuleFixture(sample, _cell_blank),
    "T3_ROW_TOTAL": RuleFixture(sample, _row_total),
    "T3_OUTCOME_TOTAL": RuleFixture(sample, _outcome_total),
    "T3_BALANCE": RuleFixture(sample, _balance),
    "T4_TOTAL": RuleFixture(sample, _t4_total),
}
