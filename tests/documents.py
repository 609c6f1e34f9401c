"""Documents for tests, built from the layout so they follow any template."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from disclosure_report.blank import blank
from disclosure_report.jsonio import unstructure
from disclosure_report.layout import Cell, Group, layout
from disclosure_report.model import TEMPLATES

Document = dict[str, Any]
DELETE = object()
"""A patch value: remove the key."""

YEARS = {"2019": 2020, "2021": 2023}
"""A report year each template is in force for."""


def _node(document: Document, path: tuple[str, ...]) -> Any:
    node: Any = document
    for key in path:
        node = node[key]
    return node


def get(document: Document, pointer: str) -> Any:
    return _node(document, tuple(pointer.split("/")[1:]))


def patch(document: Document, changes: Mapping[str, Any]) -> Document:
    """A copy of `document` with values set (or `DELETE`d) at JSON Pointers."""
    result = copy.deepcopy(document)
    for pointer, value in changes.items():
        *parents, key = pointer.split("/")[1:]
        node = _node(result, tuple(parents))
        if value is DELETE:
            del node[key]
        else:
            node[key] = value
    return result


def consistent(template: str, count: Callable[[], int], money: Callable[[], Decimal]) -> Document:
    """A document of `template` whose every sum holds, its numbers drawn from `count`."""
    lay = layout(template)
    document = unstructure(blank(template, year=YEARS[template], agency="测试机关"))
    document["sections"] = {"overview": "总体情况。", "problems": "存在问题。", "other": ""}

    def put(cell: Cell, value: Any) -> None:
        _node(document, cell.row.path)[cell.column.key] = value

    for cell in lay.cells:
        if cell.table.key != "proactive":
            continue
        if cell.kind == "money":
            put(cell, money())
        elif cell.kind == "signed":
            put(cell, count() - count())
        else:
            put(cell, count())

    applications = lay.table("applications")
    outcomes = applications.find("outcomes")
    assert isinstance(outcomes, Group)
    columns = applications.rows[0].columns
    parts = [column for column in columns if not column.is_total]
    sums = {column.key: 0 for column in parts}

    def fill_row(path: tuple[str, ...], values: dict[str, int]) -> None:
        row = _node(document, path)
        row.update(values)
        row["total"] = sum(values.values())

    for row in outcomes.rows:
        if row.is_total:
            continue
        values = {column.key: count() for column in parts}
        fill_row(row.path, values)
        for key, value in values.items():
            sums[key] += value
    total_row = next(row for row in outcomes.rows if row.is_total)
    fill_row(total_row.path, {column.key: sums[column.key] for column in parts})
    carried_over = {column.key: min(count(), sums[column.key]) for column in parts}
    carried_forward = {column.key: count() for column in parts}
    received = {key: sums[key] + carried_forward[key] - carried_over[key] for key in carried_over}
    fill_row(applications.find("carried_over").path, carried_over)
    fill_row(applications.find("carried_forward").path, carried_forward)
    fill_row(applications.find("received").path, received)

    for row in lay.table("review_litigation").rows:
        fill_row(row.path, {column.key: count() for column in row.columns if not column.is_total})
    return document


def sample(template: str, seed: int = 0) -> Document:
    """A fixed consistent document of `template`, different for each `seed`."""
    import random

    rng = random.Random(f"{template}-{seed}")
    return consistent(
        template,
        lambda: rng.randint(0, 40),
        lambda: Decimal(rng.randint(0, 10**7)).scaleb(-rng.randint(0, 4)),
    )


def zeros(template: str) -> Document:
    """The document of a blank filled with zeros, with an agency name."""
    return unstructure(blank(template, year=YEARS[template], zeros=True, agency="测试机关"))


__all__ = ["DELETE", "TEMPLATES", "YEARS", "consistent", "get", "patch", "sample", "zeros"]
