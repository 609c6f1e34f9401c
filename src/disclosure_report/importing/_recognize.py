"""From a stream of text lines and table rows to the contract's document.

Rows are placed by their labels, matched against both templates' layouts after
normalisation; values are read cell by cell. Whatever cannot be placed, read or
found is reported — nothing is guessed, and a blank stays blank.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from ..blank import blank, default_year
from ..findings import Finding, Source
from ..jsonio import structure, unstructure
from ..layout import Layout, layout, pointer, value_at
from ..layout import Row as LayoutRow
from ..model import TEMPLATES, Report2019, Report2021, template_in_force
from ..rules import finding_at
from ._normalize import core, is_value, normalize_label, read_cell, strip_readings, to_simplified
from ._readers import Block, Row, Text, Where

__all__ = ["ImportResult", "recognize"]

VARIANTS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("applications", "outcomes", "withheld", "prohibited_by_law"): ("2.其他法律行政止公开",),
    ("proactive", "other_services"): ("其他对完管理服务事项",),
}
"""Known misprints of row labels in published reports, by the row they stand for."""

_FUZZY = 0.82


@attrs.frozen
class _Target:
    """A row of one template that a printed label can stand for."""

    template: str
    table: str
    row: LayoutRow


@functools.cache
def _targets() -> dict[str, list[_Target]]:
    """Every data-row label of both templates (normalised), with the rows it names."""
    found: dict[str, list[_Target]] = {}
    for template in TEMPLATES:
        for table in layout(template).tables:
            for row in table.rows:
                target = _Target(template, table.key, row)
                found.setdefault(normalize_label(row.label.zh), []).append(target)
    return found


@functools.cache
def _variants() -> dict[str, list[_Target]]:
    """The known misprints (normalised), with the rows they stand for."""
    found: dict[str, list[_Target]] = {}
    for template in TEMPLATES:
        for table in layout(template).tables:
            for row in table.rows:
                for variant in VARIANTS.get(row.path, ()):
                    target = _Target(template, table.key, row)
                    found.setdefault(normalize_label(variant), []).append(target)
    return found


@functools.cache
def _header_labels() -> frozenset[str]:
    """Every label printed in the tables of either template (normalised): on its own, a
    row of these is a header and places nothing."""
    labels: set[str] = set()
    for template in TEMPLATES:
        lay = layout(template)
        for field in lay.fields.values():
            if field.table is not None:
                labels.update(normalize_label(label.zh) for label in field.labels)
        for table in lay.tables:
            extra = [table.label.zh, table.corner, table.columns_header and table.columns_header.zh]
            labels.update(normalize_label(text) for text in extra if text)
    return frozenset(labels)


@functools.cache
def _column_evidence() -> dict[str, frozenset[str]]:
    """Table-2 column labels that only one template has: a header naming one is evidence."""
    columns = {
        template: {
            normalize_label(column.label.zh)
            for row in layout(template).table("proactive").rows
            for column in row.columns
        }
        for template in TEMPLATES
    }
    return {
        template: frozenset(own - set().union(*(c for t, c in columns.items() if t != template)))
        for template, own in columns.items()
    }


@attrs.frozen
class _Placed:
    targets: tuple[_Target, ...]
    """The rows the label can stand for: one per template that has it."""
    hint: str | None
    """The template the nearest table-2 header names, if any."""
    values: tuple[str | None, ...]
    where: Where
    columns: tuple[int, ...]
    """The position of each value among the row's cells, for provenance."""
    label: str
    exact: bool


@attrs.frozen
class ImportResult:
    """An imported report: the document, the findings of the import, and provenance."""

    document: dict[str, Any]
    template: str
    findings: tuple[Finding, ...]
    provenance: dict[str, str]
    """Where each value came from, by the JSON Pointer of its cell."""

    def report(self) -> Report2019 | Report2021:
        """The document as a report object; `InvalidReportError` if it is not one yet
        (an agency name that could not be found, say)."""
        return structure(self.document)


class _Recognizer:
    def __init__(self) -> None:
        self.targets = _targets()
        self.variants = _variants()
        self.damaged: list[tuple[Where, str]] = []
        self.headers = _header_labels()
        self.placed: list[_Placed] = []
        self.evidence: Counter[str] = Counter()
        self.table2_template: str | None = None
        self.review: tuple[Row, list[tuple[int, str]]] | None = None
        """Table 4's row of values, each with its position in the row."""
        self.unplaced: list[tuple[Where, str]] = []
        review = layout(max(TEMPLATES)).table("review_litigation")
        self.review_label = normalize_label(review.rows[0].label.zh)
        self.review_width = sum(len(row.columns) for row in review.rows)
        self.review_header = False
        """Whether table 4's header was seen: its row of values may then be all empty."""

    # --- matching labels ---------------------------------------------------------

    def match(self, raw: str) -> tuple[list[_Target], bool]:
        """The rows a printed label names, and whether it names them exactly."""
        label = normalize_label(raw)
        if label in self.targets:
            return self.targets[label], True
        if label in self.variants:
            return self.variants[label], False
        for known, targets in self.targets.items():
            if core(known) == core(label) and len(core(label)) >= 4:
                return targets, False
        close = difflib.get_close_matches(label, list(self.targets), n=1, cutoff=_FUZZY)
        if close:
            return self.targets[close[0]], False
        return [], False

    def is_header(self, raw: str) -> bool:
        label = normalize_label(raw)
        if label in self.headers:
            return True
        return bool(re.match(r"^第二十条", label)) or label.startswith("信息内容")

    # --- rows ----------------------------------------------------------------------

    def row(self, row: Row) -> None:
        cells = list(row.cells)
        labels = [
            (index, cell) for index, cell in enumerate(cells)
            if cell is not None and cell.strip() and not is_value(cell)
        ]  # fmt: skip
        values = [cell for cell in cells if cell is not None and is_value(cell)]
        self._header_evidence(labels)
        if any(normalize_label(cell) == self.review_label for _, cell in labels):
            self.review_header = True
        for index, cell in reversed(labels):
            if not self._values_follow(cells[index + 1 :]):
                continue  # a header: nothing but other labels follows
            targets, exact = self.match(cell)
            if targets:
                self._place(row, index, cell, targets, exact)
                return
        present = [(index, cell) for index, cell in enumerate(cells) if cell is not None]
        width = self.review_width
        if not labels and len(present) == width and (len(values) == width or self.review_header):
            self.review = (row, present)
            return
        if not values:
            return
        if labels and all(self.is_header(cell) for _, cell in labels):
            return
        if not labels and len(values) == 1:
            # A title or header cell that lost its text, printed as a lone number.
            self.damaged.append((row.where, values[0] or ""))
            return
        text = " | ".join(cell for cell in cells if cell)
        self.unplaced.append((row.where, text))

    def _values_follow(self, cells: Sequence[str | None]) -> bool:
        """Whether cells after a label hold values — readable or not, or left empty as in a
        blank form — rather than more labels."""
        present = [cell for cell in cells if cell is not None]
        after = [cell for cell in present if cell.strip()]
        if any(is_value(cell) for cell in after):
            return True
        if present and not after:
            return True  # every cell empty: a row of a blank form
        return bool(after) and not any(self.is_header(c) or self.match(c)[0] for c in after)

    def _header_evidence(self, labels: list[tuple[int, str]]) -> None:
        evidence = _column_evidence()
        found = {
            template
            for _, cell in labels
            for template, own in evidence.items()
            if normalize_label(cell) in own
        }
        for template in found:
            self.evidence[template] += 1
        if len(found) == 1:
            self.table2_template = next(iter(found))

    def _place(self, row: Row, index: int, label: str, targets: list[_Target], exact: bool) -> None:
        cells = list(row.cells)
        after = [
            (position, cell)
            for position, cell in enumerate(cells)
            if position > index and cell is not None
        ]
        width = max(len(target.row.columns) for target in targets)
        # Empty cells beyond the row's width: padding after the values (a grid's spare
        # column) or before them (an empty label column), in that order.
        while len(after) > width and after[-1][1] == "":
            after.pop()
        while len(after) > width and after[0][1] == "":
            after.pop(0)
        chosen = after[:width]
        hint = self.table2_template if targets[0].table == "proactive" else None
        self.placed.append(
            _Placed(
                tuple(targets),
                hint,
                tuple(cell for _, cell in chosen),
                row.where,
                tuple(position for position, _ in chosen),
                label,
                exact,
            )
        )
        if len(targets) == 1 and targets[0].row.path[:3] == ("applications", "outcomes", "other"):
            self._other_evidence(targets[0])

    def _other_evidence(self, target: _Target) -> None:
        """（六）其他处理 as one row is the 2019 form; as three rows, the 2021 form."""
        if len(target.row.path) == 3:
            self.evidence["2019"] += 1
        else:
            self.evidence["2021"] += 1

    def lines(self, texts: Sequence[Text]) -> None:
        """Tables printed one cell per line: a label line followed by its values."""
        index = 0
        while index < len(texts):
            targets, exact = self.match(texts[index].text)
            if not targets or len(normalize_label(texts[index].text)) < 2:
                index += 1
                continue
            width = max(len(t.row.columns) for t in targets)
            values: list[str] = []
            following = index + 1
            while (
                following < len(texts) and len(values) < width and is_value(texts[following].text)
            ):
                values.append(texts[following].text)
                following += 1
            if values:
                cells = (texts[index].text, *values)
                self._place(Row(cells, texts[index].where), 0, texts[index].text, targets, exact)
                index = following
            else:
                index += 1


# --- the document ---------------------------------------------------------------------

_HEADINGS = [
    (1, re.compile(r"^一[、.．]\s*总体情况")),
    (2, re.compile(r"^二[、.．]\s*主动公开")),
    (3, re.compile(r"^三[、.．]\s*收到和处理")),
    (4, re.compile(r"^四[、.．]\s*政府信息公开行政复议")),
    (5, re.compile(r"^五[、.．]\s*(存在的?)?(主要)?问题")),
    (6, re.compile(r"^六[、.．]\s*其他")),
]
_FOOTER = re.compile(r"^[-—–]\s*\d+\s*[-—–]$")
_TITLE = re.compile(r"((?:19|20)\d{2})\s*年度?\s*(?:政府)?信息公开(?:工作)?年度?报告")
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年")


def _heading(text: str) -> int | None:
    label = to_simplified(unicodedata.normalize("NFKC", strip_readings(text))).replace(" ", "")
    label = label.replace("(", "（").replace(")", "）")
    for number, pattern in _HEADINGS:
        if pattern.match(label):
            return number
    return None


def _sections(texts: Sequence[Text]) -> dict[int, str]:
    found: dict[int, list[str]] = {}
    current: int | None = None
    for text in texts:
        if text.text.startswith("===="):
            current = None  # the end of the running text, in table dumps
            continue
        number = _heading(text.text.lstrip("#").strip())
        if number is not None:
            current = number
            found.setdefault(number, [])
            continue
        if current is not None and not _FOOTER.match(text.text):
            found[current].append(text.text)
    return {number: "\n".join(lines).strip() for number, lines in found.items()}


def _title(texts: Sequence[Text]) -> tuple[str | None, int | None]:
    for index, text in enumerate(texts[:20]):
        plain = to_simplified(unicodedata.normalize("NFKC", strip_readings(text.text)))
        match = _TITLE.search(plain)
        if not match:
            continue
        year = int(match.group(1))
        before = plain[: match.start()].strip()
        if before:
            return before, year
        if index > 0:
            return texts[index - 1].text.strip(), year
        return None, year
    for text in texts:
        plain = unicodedata.normalize("NFKC", text.text)
        if _heading(plain) is None and (match := _PERIOD.search(plain)):
            return None, int(match.group(1))
    return None, None


def _finding(lay: Layout, code: str, at: str, detail: str, **data: Any) -> Finding:
    return finding_at(lay, code, at, detail=detail, **data)


def recognize(
    blocks: Iterable[Block],
    *,
    agency: str | None = None,
    year: int | None = None,
    template: str | None = None,
    division_code: str | None = None,
    scope: str | None = None,
) -> ImportResult | None:
    """The document a stream of blocks holds, or None when it holds no report table."""
    blocks = list(blocks)
    texts = [block for block in blocks if isinstance(block, Text)]
    rows = [block for block in blocks if isinstance(block, Row)]
    recognizer = _Recognizer()
    for block in rows:
        recognizer.row(block)
    if not rows:
        recognizer.lines(texts)
    if not recognizer.placed and recognizer.review is None:
        return None

    title_agency, title_year = _title(texts)
    year = year or title_year
    votes = recognizer.evidence
    if template in TEMPLATES:
        pass  # the document says which (a workbook's basic information)
    elif votes["2019"] != votes["2021"]:
        template = max(votes, key=lambda t: votes[t])
    else:
        in_force = template_in_force(year) if year else None
        template = in_force.id if in_force else max(TEMPLATES)
    year = year or default_year(template)
    lay = layout(template)
    assert template is not None
    document = unstructure(blank(template, year=year, agency=agency or title_agency or ""))
    if division_code:
        document["agency"]["division_code"] = division_code
    if scope:
        document["agency"]["scope"] = scope
    findings: list[Finding] = []
    notes: dict[str, str] = {}
    provenance: dict[str, str] = {}
    seen_rows: set[tuple[str, ...]] = set()
    first_values: dict[tuple[str, ...], tuple[str | None, ...]] = {}
    mixed: list[tuple[tuple[str, ...], str]] = []
    mixed_rows: list[tuple[str, Source]] = []

    sections = _sections(texts)
    for section in lay.text_sections:
        document["sections"][section.key] = sections.get(section.section, "")

    def put(row: LayoutRow, placed: _Placed, columns: Sequence[str]) -> None:
        node = value_at(document, row.path)
        for key, raw, position in zip(columns, placed.values, placed.columns, strict=False):
            column = row.column(key)
            at = pointer((*row.path, key))
            reading = read_cell(raw, column.kind)
            node[key] = reading.value
            provenance[at] = placed.where.describe(position)
            if not reading.readable:
                findings.append(
                    _finding(
                        lay, "IMPORT_UNREADABLE", at, f"{placed.where.describe(position)}: “{raw}”",
                        source=placed.where.source(position), actual=raw,
                    )
                )  # fmt: skip
                notes[at] = f"原文为“{raw}”，无法识别"
            elif reading.note:
                notes[at] = reading.note
        if len(placed.values) < len(row.columns):
            found = len(placed.values)
            detail = f"{placed.where.describe()}: {len(row.columns)} cells expected, {found} found"
            findings.append(
                _finding(
                    lay, "IMPORT_MISSING", pointer(row.path), detail,
                    source=placed.where.source(), expected=len(row.columns), actual=found,
                )
            )  # fmt: skip

    for placed in recognizer.placed:
        target = _resolve(placed, template)
        if not placed.exact:
            detail = f"{placed.where.describe()}: “{placed.label}” read as “{target.row.label.zh}”"
            findings.append(
                _finding(
                    lay, "IMPORT_LABEL", pointer(target.row.path), detail,
                    source=placed.where.source(), expected=target.row.label.zh,
                    actual=placed.label,
                )
            )  # fmt: skip
        if target.template == template or _same_row(lay, target):
            here = _row_at(lay, target.row.path)
            assert here is not None
            if here.path in seen_rows:
                if placed.values != first_values.get(here.path):
                    printed = " | ".join(value or "" for value in placed.values)
                    detail = f"{placed.where.describe()}: a second “{placed.label}” row: {printed}"
                    findings.append(
                        _finding(
                            lay, "IMPORT_UNPLACED", here.pointer, detail,
                            source=placed.where.source(), actual=printed,
                        )
                    )  # fmt: skip
                continue
            first_values[here.path] = placed.values
            seen_rows.add(here.path)
            put(here, placed, [column.key for column in here.columns])
            continue
        # A row of the other template: kept where it has a place, never merged silently.
        mixed.append((target.row.path, f"{placed.where.describe()}: “{placed.label}”"))
        mixed_rows.append((placed.label, placed.where.source()))
        if target.row.path == ("applications", "outcomes", "other"):
            destination = _row_at(lay, ("applications", "outcomes", "other", "other"))
            assert destination is not None
            seen_rows.update({destination.path, *(r.path for r in _siblings(lay, destination))})
            put(destination, placed, [column.key for column in destination.columns])
            notes[pointer(("applications", "outcomes", "other"))] = (
                "原表为2019年版的单行“（六）其他处理”，其数值记入“3.其他”，其余两行空白"
            )
        else:
            printed = " ".join(value or "" for value in placed.values)
            notes[pointer(target.row.path)] = f"原表此行按{target.template}年版格式：{printed}"

    if recognizer.review is not None:
        row_block, values = recognizer.review
        cells = [
            cell for table in lay.tables if table.key == "review_litigation" for cell in table.rows
        ]
        ordered = [(r, c) for r in cells for c in r.columns]
        for (group, column), (position, raw) in zip(ordered, values, strict=True):
            at = pointer((*group.path, column.key))
            reading = read_cell(raw, column.kind)
            document["review_litigation"][group.key][column.key] = reading.value
            provenance[at] = row_block.where.describe(position)
            if not reading.readable:
                findings.append(
                    _finding(
                        lay, "IMPORT_UNREADABLE", at, f"“{raw}”",
                        source=row_block.where.source(position), actual=raw,
                    )
                )  # fmt: skip
                notes[at] = f"原文为“{raw}”，无法识别"
            elif reading.note:
                notes[at] = reading.note
        seen_rows.update(group.path for group in cells)

    if mixed:
        places = "; ".join(description for _, description in mixed)
        detail = f"the tables follow the {template} template, except {places}"
        findings.append(
            _finding(
                lay, "TEMPLATE_MIXED", pointer(mixed[0][0]), detail, source=mixed_rows[0][1],
                expected=template, actual=tuple(label for label, _ in mixed_rows),
            )
        )  # fmt: skip
    for table in lay.tables:
        for missing in table.rows:
            if missing.path not in seen_rows:
                findings.append(
                    _finding(lay, "IMPORT_MISSING", missing.pointer, "not found in the report")
                )
    for where, text in recognizer.damaged:
        detail = f"{where.describe()}: a title or header row printed as “{text}”"
        findings.append(
            _finding(lay, "IMPORT_LABEL", "", detail, source=where.source(), actual=text)
        )
    for where, text in recognizer.unplaced:
        detail = f"{where.describe()}: “{text}”"
        findings.append(
            _finding(lay, "IMPORT_UNPLACED", "", detail, source=where.source(), actual=text)
        )
    if not document["agency"]["name"]:
        findings.append(_finding(lay, "IMPORT_MISSING", "/agency/name", "no agency name found"))
    if notes:
        document["notes"] = notes
    return ImportResult(document, template, tuple(findings), provenance)


def _resolve(placed: _Placed, template: str) -> _Target:
    """The row a placed label stands for: the template its table-2 header names, else the
    report's template, else the only template that has the label."""
    for wanted in (placed.hint, template):
        for target in placed.targets:
            if target.template == wanted:
                return target
    return placed.targets[0]


def _row_at(lay: Layout, path: tuple[str, ...]) -> LayoutRow | None:
    for table in lay.tables:
        for row in table.rows:
            if row.path == path:
                return row
    return None


def _same_row(lay: Layout, target: _Target) -> bool:
    """Whether the other template's row has the same place and columns in this one."""
    row = _row_at(lay, target.row.path)
    return row is not None and [c.key for c in row.columns] == [c.key for c in target.row.columns]


def _siblings(lay: Layout, row: LayoutRow) -> list[LayoutRow]:
    return [
        other for table in lay.tables for other in table.rows
        if other.path[:-1] == row.path[:-1] and other is not row
    ]  # fmt: skip
