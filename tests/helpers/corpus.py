"""The hand-keyed corpus of real published reports in ``tests/corpus/``, and how an import
of each compares with its keyed truth.

Each folder holds the source as it was found, ``truth.json`` keyed by hand from it (see
``tests/corpus/README.md``), and ``SOURCE.md``. `compare` imports the source and sorts
every cell: right, flagged (unread, with a finding — never a number), or wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from disclosure_report import layout, validate
from disclosure_report._importing import ImportResult, import_report

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

MISSING = "MISSING"
AMBIGUOUS = "AMBIGUOUS"


@attrs.frozen
class Keyed:
    """One report of the corpus and its truth."""

    folder: Path
    truth: dict[str, Any]

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def source(self) -> Path:
        return self.folder / str(self.truth["source"])

    def expected(self) -> dict[str, Any]:
        """The truth of every cell: a number, None (printed blank), or MISSING / AMBIGUOUS;
        an amount the template prints no unit for is (amount as written, unit or None)."""
        cells: dict[str, Any] = {}
        stated = stated_cells(self.truth["template"])
        for keyed_at, value in self.truth["cells"].items():
            pointer = RENAMED.get((self.truth["template"], keyed_at), keyed_at)
            if isinstance(value, str) and value.startswith(AMBIGUOUS):
                cells[pointer] = AMBIGUOUS
            elif value == MISSING or value is None or isinstance(value, int):
                cells[pointer] = value
            elif pointer in stated:
                cells[pointer] = as_written(value)
            else:
                cells[pointer] = money(value)
        for extra in self.truth.get("extra_rows", []):
            if extra["label"].endswith("其他处理") and self.truth["template"] == "2021":
                # The single 2019 row （六）其他处理 in a 2021 report: its numbers are the sum
                # of the three 2021 rows, kept in 3.其他; the other two are not printed.
                row = layout("2021").table("applications").find("outcomes", "other", "other")
                for column, value in zip(row.columns, extra["values"], strict=True):  # type: ignore[union-attr]
                    cells[f"{row.pointer}/{column.key}"] = value
                for key in ("overdue_correction", "overdue_fee"):
                    for column in row.columns:  # type: ignore[union-attr]
                        cells[f"/applications/outcomes/other/{key}/{column.key}"] = None
        return cells


RENAMED = {("2019", "/proactive/procurement/amount_10k_yuan"): "/proactive/procurement/amount"}
"""Cells keyed under the key they had before the contract renamed them. The keyed text is
as printed, with its unit where one is printed, so its meaning did not change."""


def stated_cells(template: str) -> dict[str, str]:
    """The amounts of `template` kept as written, with the key of their unit."""
    return {
        cell.pointer: cell.column.unit_key
        for cell in layout(template).cells
        if cell.column.unit_key is not None
    }


def as_written(printed: str) -> tuple[Decimal, str | None]:
    """A keyed amount as written, with its unit (None where none is printed)."""
    for unit in ("万元", "元"):
        if printed.endswith(unit):
            return Decimal(printed[: -len(unit)]), unit
    return Decimal(printed), None


def money(printed: str) -> Decimal:
    """A keyed amount in 万元."""
    if printed.endswith("万元"):
        return Decimal(printed[:-2])
    if printed.endswith("元"):
        return Decimal(printed[:-1]) / 10000
    return Decimal(printed)


def corpus() -> Iterator[Keyed]:
    for folder in sorted(CORPUS.iterdir()):
        truth = folder / "truth.json"
        if truth.is_file():
            yield Keyed(folder, json.loads(truth.read_text(encoding="utf-8")))


@attrs.frozen
class Comparison:
    """An import against the truth, cell by cell."""

    keyed: Keyed
    result: ImportResult
    right: tuple[str, ...]
    flagged: tuple[str, ...]
    """Cells the import left unread, with a finding: not a number, not wrong."""
    wrong: tuple[tuple[str, Any, Any], ...]
    """(pointer, truth, imported) of every cell imported as something it is not."""

    @property
    def printed(self) -> int:
        """Cells the source shows: every cell but those it does not (MISSING)."""
        return sum(1 for v in self.keyed.expected().values() if v is not MISSING and v != MISSING)

    @property
    def agency(self) -> str:
        name = self.result.document["agency"]["name"]
        truth = self.keyed.truth["agency"]
        if name == truth:
            return "right"
        unread = self.result.document.get("unread", {})
        return "flagged" if not name and "/agency/name" in unread else "wrong"

    @property
    def year(self) -> str:
        if self.result.document["year"] == self.keyed.truth["year"]:
            return "right" if "/year" not in self.result.document.get("unread", {}) else "flagged"
        return "flagged" if "/year" in self.result.document.get("unread", {}) else "wrong"

    @property
    def template(self) -> str:
        return "right" if self.result.template == self.keyed.truth["template"] else "wrong"


def _value(document: dict[str, Any], pointer: str, unit_key: str | None = None) -> Any:
    node: Any = document
    *row, key = pointer.split("/")[1:]
    for step in row:
        node = node[step]
    value = Decimal(str(node[key])) if isinstance(node[key], float) else node[key]
    if unit_key is None or value is None:
        return value
    return value, node.get(unit_key)


_COMPARED: dict[Path, Comparison] = {}


def compare(keyed: Keyed) -> Comparison:
    """The import of a keyed report against its truth; made once per process (an import
    is deterministic, and a scanned report's OCR takes seconds a page)."""
    if keyed.folder not in _COMPARED:
        _COMPARED[keyed.folder] = _compare(keyed)
    return _COMPARED[keyed.folder]


def _compare(keyed: Keyed) -> Comparison:
    result = import_report(keyed.source)
    document = result.document
    unread = document.get("unread", {})
    right: list[str] = []
    flagged: list[str] = []
    wrong: list[tuple[str, Any, Any]] = []
    if result.template != keyed.truth["template"]:
        return Comparison(
            keyed, result, (), (), (("/template", keyed.truth["template"], result.template),)
        )
    stated = stated_cells(keyed.truth["template"])
    for pointer, truth in keyed.expected().items():
        value = _value(document, pointer, stated.get(pointer))
        if pointer in unread and value is None:
            (right if truth in (MISSING, AMBIGUOUS) else flagged).append(pointer)
        elif truth in (MISSING, AMBIGUOUS):
            wrong.append((pointer, truth, value))
        elif value == truth and (value is not None or pointer not in unread):
            right.append(pointer)
        else:
            wrong.append((pointer, truth, value))
    return Comparison(keyed, result, tuple(right), tuple(flagged), tuple(wrong))


def truth_document(keyed: Keyed) -> dict[str, Any]:
    """The keyed truth as a report document: cells the source does not show are unread."""
    template = keyed.truth["template"]
    lay = layout(template)
    from disclosure_report._blank import blank
    from disclosure_report._jsonio import unstructure

    document = unstructure(
        blank(template, year=keyed.truth["year"], agency=keyed.truth["agency"] or "-")
    )
    unread = {}
    for cell in lay.cells:
        value = keyed.expected().get(cell.pointer)
        if value in (MISSING, AMBIGUOUS):
            unread[cell.pointer] = str(value)
            value = None
        node: Any = document
        for key in cell.path[:-1]:
            node = node[key]
        if isinstance(value, tuple):
            value, unit = value
            if unit is not None and cell.column.unit_key is not None:
                node[cell.column.unit_key] = unit
        node[cell.path[-1]] = value
    if unread:
        document["unread"] = unread
    return document


def errors(document: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f.code, f.pointer) for f in validate(document).errors}
