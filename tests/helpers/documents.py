"""Documents for tests, built from the layout so they follow any template."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from disclosure_report import TEMPLATES, templates
from disclosure_report._blank import blank
from disclosure_report._jsonio import unstructure
from disclosure_report._jsontext import encode
from disclosure_report._layout import Cell, Group, layout
from disclosure_report._rules import PREVIOUS, Equation, carries

Document = dict[str, Any]
DELETE = object()
"""A patch value: remove the key."""


def year_of(template: str) -> int:
    """A report year `template` is in force for, with a year before it in the same template:
    its last year, or the third year of a template still in force."""
    declared = templates()[template]
    return declared.last_year if declared.last_year is not None else declared.first_year + 2


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


def cells(document: Document) -> dict[str, Any]:
    """Every cell of `document` by its pointer, money as `Decimal` (floats read exactly)."""
    values = {}
    for cell in layout(document["template"]).cells:
        node: Any = document
        for key in cell.path:
            node = node[key]
        values[cell.pointer] = Decimal(str(node)) if isinstance(node, (Decimal, float)) else node
    return values


SECTIONS = {
    "overview": "总体情况。",
    "problems": "政策解读的形式还不够丰富，将增加图解。",
    "other": "本年度收取信息处理费0元。",
}
"""The texts of a test document: sections 五 and 六 say something, and 六 reports the
信息处理费 with its amount, as the rules of the required contents ask."""


def consistent(template: str, count: Callable[[], int], money: Callable[[], Decimal]) -> Document:
    """A document of `template` whose every sum holds, its numbers drawn from `count`."""
    lay = layout(template)
    document = unstructure(blank(template, year=year_of(template), agency="测试机关"))
    document["sections"] = dict(SECTIONS)

    def put(cell: Cell, value: Any) -> None:
        _node(document, cell.row.path)[cell.column.key] = value

    for cell in lay.cells:
        if cell.table.key != "proactive":
            continue
        if cell.kind == "money":
            put(cell, money())
            if cell.column.unit_key is not None:  # the amount drawn is in 万元, and says so
                _node(document, cell.row.path)[cell.column.unit_key] = "万元"
        elif cell.kind == "signed":
            put(cell, count() - count())
        else:
            put(cell, count())

    within_bounds(document)
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


def within_bounds(document: Document) -> None:
    """Bring the rows of 表二 within the bounds a report keeps (`BOUNDS`), changing only a
    cell that is out of them: a list does not lose more items than it had, 本年新公开 is
    part of 对外公开总数, what was issued is in force or repealed."""
    for row in document["proactive"].values():
        if "change" in row and row["previous_items"] + row["change"] < 0:
            row["change"] = -row["previous_items"]
        if "total_published" in row:
            row["total_published"] = max(row["total_published"], row["published"])
        if "in_force" in row and row["issued"] > row["in_force"] + row["repealed"]:
            row["in_force"] = row["issued"] - row["repealed"]


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
    """The document of a blank filled with zeros, with an agency name and the texts of a
    test document (`SECTIONS`)."""
    document = unstructure(blank(template, year=year_of(template), zeros=True, agency="测试机关"))
    document["sections"] = dict(SECTIONS)
    return document


__all__ = ["DELETE", "TEMPLATES", "consistent", "get", "patch", "sample", "year_of", "zeros"]


def _carried(previous: Document, current: Document) -> list[Equation]:
    """The equations across the years the template of `current` declares against `previous`."""
    declared = carries(layout(current["template"]), layout(previous["template"]))
    return [eq for found in declared.values() for eq in found if isinstance(eq, Equation)]


def link(previous: Document, current: Document) -> None:
    """Make `current` follow `previous` across the year, as the templates declare it: every
    carried cell (carry-over, documents in force, item counts) is set from its terms, and
    the new applications then balance 表三 again. Changes `current` only."""
    documents = {None: current, PREVIOUS: previous}
    for equation in _carried(previous, current):
        value = sum(
            term.sign * _node(documents[term.document], term.path) for term in equation.terms
        )
        *parents, key = equation.target.path
        _node(current, tuple(parents))[key] = value
    applications = current["applications"]
    handled = applications["outcomes"]["total"]
    applications["received"] = {
        key: handled[key] + applications["carried_forward"][key] - applications["carried_over"][key]
        for key in handled
    }
    within_bounds(current)


def _start(document: Document) -> None:
    """Give the cells that add to their own value of last year a start large enough that
    no later year of a series goes below zero."""
    for equation in _carried(document, document):
        if any(term.document == PREVIOUS and term.path == equation.target.path
               for term in equation.terms):  # fmt: skip
            *parents, key = equation.target.path
            _node(document, tuple(parents))[key] = 200


def series(template: str, count: int, first_year: int | None = None) -> list[Document]:
    """`count` consecutive reports of one agency, consistent across the years."""
    reports = [sample(template, seed) for seed in range(10, 10 + count)]
    start = first_year or templates()[template].first_year
    for offset, report in enumerate(reports):
        report["year"] = start + offset
    _start(reports[0])
    for previous, current in itertools.pairwise(reports):
        link(previous, current)
    return reports


def consecutive(template: str, previous_template: str | None = None) -> tuple[Document, Document]:
    """A report of `template` and the same agency's report of the year before, consistent
    across the years; the year before may use another template (then the report is of the
    first year of `template`)."""
    last_template = previous_template or template
    if last_template == template:
        previous, current = series(template, 2)
        return current, previous
    previous = sample(last_template, 2)
    current = sample(template, 1)
    current["year"] = templates()[template].first_year
    previous["year"] = current["year"] - 1
    _start(previous)
    link(previous, current)
    return current, previous


def jsonl(folder: Path, count: int, broken: int | None = None) -> Path:
    """A JSON Lines file of `count` 2021 reports in `folder`, every fifth with a wrong sum,
    line `broken` cut short, and a blank line as the third."""
    lines = []
    for index in range(count):
        document = sample("2021", index % 7)
        if index % 5 == 3:
            document = patch(document, {"/review_litigation/review/total": 10**6})
        lines.append(encode(document, indent=None))
    if broken is not None:
        lines[broken] = lines[broken][:100]
    lines.insert(2, "")  # a blank line is skipped, and still counts for line numbers
    path = folder / "reports.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
