"""From a stream of text lines and table rows to the contract's document, in stages.

1. `_Lines` — every table row, and every line of text that holds one, becomes a
   `_Line`: its label, the values printed after it, and the table the headings around
   it put it in. Table-2 headers and template-only labels vote for a template.
2. `_choose_template` — the template the tables follow; else the one in force for the year.
3. `_Placer` — lines go to rows by their labels (the printed columns decide between the
   templates' labels); a run of value lines without labels fills the rows between two
   placed rows by position, where the counts fit exactly; what fits nowhere is
   reported with what was printed.
4. `_Reader` — each placed row's values become its cells; a row with too many or too few
   values, and a cell that cannot be read, are *unread* and reported — never shifted,
   never guessed.
5. `recognize` — rows not found are unread; agency, year and sections are added.

Table rows are read first; lines of text (label and numbers on one line, one cell per
line, numbers alone) only for rows the tables did not give; numbers run together (the
text of a page whose cell boundaries were lost) last, by `_runs`.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

import attrs

from .._blank import blank, default_year
from .._declare import Report, TemplateSet, Unit
from .._errors import MissingExtraError
from .._findings import Code, Finding, Source
from .._jsonio import structure, unstructure
from .._layout import Column, Layout, layout, pointer, value_at
from .._layout import Row as LayoutRow
from .._revisions import row_counterpart
from .._rules import finding_at
from .._templates import templates
from ._agency import identify
from ._labels import Match, Target, labels
from ._normalize import (
    Reading,
    converts_traditional,
    is_value,
    normalize_label,
    read_cell,
    strip_readings,
    to_simplified,
)
from ._readers import Block, Row, Text, Where
from ._runs import RunRow, scan
from ._variants import SECTION_HEADINGS, TRADITIONAL

__all__ = ["ImportResult", "recognize"]

Kind = Literal["row", "label", "values", "unmatched", "damaged"]


@attrs.frozen
class ImportResult:
    """An imported report: the document, the findings of the import, and provenance."""

    document: dict[str, Any]
    template: str
    findings: tuple[Finding, ...]
    provenance: dict[str, str]
    """Where each value came from, by the JSON Pointer of its cell (``表三!E12``,
    ``page 2, table 1, row 5``)."""
    sources: dict[str, Source] = attrs.field(factory=dict)
    """The same places as data, which `message.source` says in Chinese or English."""

    def report(self) -> Report:
        """The document as a report object; `InvalidReportError` if it is not one yet
        (an agency name that could not be found, say)."""
        return structure(self.document)


@attrs.frozen
class _Line:
    """A printed row as the recognizer sees it."""

    order: float
    where: Where
    kind: Kind
    zone: str | None
    """The table the headings around the line put it in."""
    label: str = ""
    match: Match | None = None
    values: tuple[str, ...] = ()
    positions: tuple[int, ...] = ()
    """The position of each value among the printed cells, for provenance."""
    text: str = ""
    """The whole row as printed, for findings."""
    tall: frozenset[int] = frozenset()
    """Positions (among `values`) of numbers merged down over the rows below."""
    as_printed: bool = False
    """Values that the template itself prints without a label (表四's one row of values)."""
    doubts: tuple[tuple[int, str], ...] = ()
    """Printed cells (by position) whose reading is not sure, with why (`Row.doubts`)."""

    def describe(self, value: int | None = None) -> str:
        return self.where.describe(self._position(value))

    def source(self, value: int | None = None) -> Source:
        return self.where.source(self._position(value))

    def _position(self, value: int | None) -> int | None:
        return self.positions[value] if value is not None and self.positions else None


def _import_finding(
    lay: Layout,
    code: Code,
    at: str,
    where: Where,
    column: int | None = None,
    **data: Any,
) -> Finding:
    """An import finding at `at`, with where in the source it was met, as data."""
    detail = where.describe(column)
    return finding_at(lay, code, at, detail=detail, source=where.source(column), **data)


# --- stage 1: lines ---------------------------------------------------------------

_FOOTER = re.compile(r"^[-—–]\s*\d+\s*[-—–]$|^第\s*\d+\s*页")


def _plain(text: str) -> str:
    text = to_simplified(unicodedata.normalize("NFKC", strip_readings(text)))
    return text.lstrip("#").strip().replace(" ", "").replace("(", "（").replace(")", "）")


def heading(text: str) -> int | None:
    """The section a heading starts (1 to 6), or None for any other line."""
    label = _plain(text)
    for number, pattern in SECTION_HEADINGS:
        if pattern.match(label):
            return number
    return None


@functools.cache
def _zones(chosen: TemplateSet) -> dict[str, str]:
    """Table names (表二, …) and section numbers as text, by the table they start."""
    zones: dict[str, str] = {}
    for template in chosen.values():
        for table in layout(template).tables:
            zones[table.name.zh] = table.key
            zones[str(table.section)] = table.key
    return zones


def _zone_of(text: str) -> tuple[bool, str | None]:
    """Whether a line starts a zone, and the table it starts (None: the tables end)."""
    return _zone_in(text, templates(), converts_traditional())


@functools.lru_cache(maxsize=8192)
def _zone_in(text: str, chosen: TemplateSet, converting: bool) -> tuple[bool, str | None]:
    """`_zone_of`, once for each text (a corpus prints the same headings and cells over and
    over) as long as the templates in use and whether traditional characters convert stay."""
    plain = _plain(text)
    number = heading(plain)
    if number is not None:
        return True, _zones(chosen).get(str(number))
    for name, key in _zones(chosen).items():
        if not name.isdigit() and plain.startswith(name):
            return True, key
    return False, None


class _Lines:
    """Stage 1: the blocks of a document as lines, with the template evidence."""

    def __init__(self) -> None:
        self.labels = labels()
        self.evidence: Counter[str] = Counter()
        self.table_lines: list[_Line] = []
        self.text_lines: list[_Line] = []
        self.texts: list[Text] = []
        self.rows: list[Row] = []
        self.zoned = False
        """Whether any heading put lines in zones."""

    def read(self, blocks: Iterable[Block]) -> None:
        zone: str | None = None
        for order, block in enumerate(blocks):
            if isinstance(block, Text):
                if _FOOTER.match(block.text.strip()):
                    continue
                self.texts.append(block)
                starts, started = _zone_of(block.text)
                if starts:
                    zone, self.zoned = started, True
                    continue
                line = self._text_line(block, order, zone)
                if line is not None:
                    self.text_lines.append(line)
                continue
            self.rows.append(block)
            for cell in block.cells:
                if cell and len(cell) < 40:
                    starts, started = _zone_of(cell)
                    if starts:
                        zone, self.zoned = started, True
            line = self._row_line(block, order, zone)
            if line is not None:
                self.table_lines.append(line)
        self.text_lines = _one_cell_per_line(self.text_lines)
        self.table_lines = _labels_above(self.table_lines, self.text_lines)

    def _vote(self, texts: Iterable[str]) -> None:
        found = {
            template
            for text in texts
            for template, own in self.labels.evidence.items()
            if normalize_label(text) in own
        }
        if len(found) == 1:
            self.evidence[found.pop()] += 2

    def _values_follow(self, cells: Sequence[str | None]) -> bool:
        """Whether the cells after a label hold values — readable or not, or left empty as
        in a blank form — rather than more labels."""
        present = [cell for cell in cells if cell is not None]
        after = [cell for cell in present if cell.strip()]
        if any(is_value(cell) for cell in after):
            return True
        if present and not after:
            return True  # every cell empty: a row of a blank form
        return bool(after) and not any(
            self.labels.is_header(cell) or self.labels.match(cell) for cell in after
        )

    def _row_line(self, block: Row, order: int, zone: str | None) -> _Line | None:
        cells = block.cells
        present = [(index, cell) for index, cell in enumerate(cells) if cell is not None]
        named = [(index, cell) for index, cell in present if cell.strip() and not is_value(cell)]
        numbers = [cell for _, cell in present if cell.strip() and is_value(cell)]
        text = " | ".join(cell for _, cell in present if cell.strip())
        self._vote(cell for _, cell in named)
        columns = sum(1 for _, cell in named if self.labels.is_column_header(cell))
        for index, cell in reversed(named):
            match = self.labels.match(cell)
            if match is None or not self._values_follow(cells[index + 1 :]):
                continue
            if not numbers and columns:
                continue  # only labels and empty cells, among them column headers: a header
            after = [(position, value) for position, value in present if position > index]
            tall = frozenset(
                i for i, (position, value) in enumerate(after)
                if position in block.tall and is_value(value)
            )  # fmt: skip
            return _Line(
                order, block.where, "row", zone, cell, match,
                tuple(value for _, value in after), tuple(p for p, _ in after), text, tall,
                doubts=block.doubts,
            )  # fmt: skip
        if not numbers:
            matches = [self.labels.match(cell) for _, cell in named]
            if len(named) == 1 and matches[0] is not None:
                return _Line(order, block.where, "label", zone, named[0][1], matches[0], text=text)
            if not named and zone is not None and len(present) == _row_of_values(zone, templates()):
                # 表四's one row of values, every cell left empty: a blank form's.
                values = tuple(cell for _, cell in present)
                positions = tuple(position for position, _ in present)
                return _Line(order, block.where, "values", zone, "", None, values, positions)
            return None
        values = tuple(cell for _, cell in present if cell.strip() and is_value(cell))
        positions = tuple(p for p, cell in present if cell.strip() and is_value(cell))
        if not named or all(self.labels.is_fragment(cell) for _, cell in named):
            kind: Kind = "values"
        elif all(self.labels.is_header(cell) for _, cell in named):
            kind = "damaged"
        else:
            kind = "unmatched"
        label = " ".join(cell for _, cell in named)
        if kind == "values":
            # A row without a label keeps its empty cells: they are blank values.
            values = tuple(cell for _, cell in present if not cell.strip() or is_value(cell))
            positions = tuple(p for p, cell in present if not cell.strip() or is_value(cell))
        tall = frozenset(i for i, p in enumerate(positions) if p in block.tall)
        return _Line(
            order, block.where, kind, zone, label, None, values, positions, text, tall,
            doubts=block.doubts,
        )  # fmt: skip

    def _text_line(self, block: Text, order: int, zone: str | None) -> _Line | None:
        tokens = block.text.split()
        split = len(tokens)
        while split > 0 and is_value(tokens[split - 1]):
            split -= 1
        label, values = "".join(tokens[:split]), tuple(tokens[split:])
        self._vote(tokens[:split])
        positions = tuple(range(split, len(tokens)))
        if not label:
            return _Line(
                order, block.where, "values", zone, "", None, values, positions, block.text
            )
        match = self.labels.match(label)
        if match is None:
            if values and self.labels.is_fragment(label):
                return _Line(
                    order, block.where, "values", zone, label, None, values, positions, block.text
                )
            return None
        kind: Kind = "row" if values else "label"
        return _Line(order, block.where, kind, zone, label, match, values, positions, block.text)


def _one_cell_per_line(lines: list[_Line]) -> list[_Line]:
    """A table copied one cell per line, joined back into rows: a label line followed by
    exactly as many one-value lines as its row has cells, and, in a table whose rows all
    have one width (表三, 表四), a run of one-value lines cut into rows of that width."""
    joined: list[_Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        run = _single_values(lines, index + 1 if line.kind == "label" else index)
        width = _width(line.match) if line.kind == "label" and line.match else 0
        if width and len(run) >= width:
            values = tuple(f.values[0] for f in run[:width])
            joined.append(attrs.evolve(line, kind="row", values=values, positions=()))
            index += 1 + width
            continue
        width = _zone_width(line.zone, templates())
        if line.kind == "values" and width and len(run) >= width and len(run) % width == 0:
            for start in range(0, len(run), width):
                chunk = run[start : start + width]
                values = tuple(f.values[0] for f in chunk)
                joined.append(attrs.evolve(chunk[0], values=values, positions=()))
            index += len(run)
            continue
        joined.append(line)
        index += 1
    return joined


def _single_values(lines: Sequence[_Line], start: int) -> list[_Line]:
    """The lines from `start` on that each hold one value and follow each other directly."""
    run: list[_Line] = []
    for line in lines[start:]:
        if line.kind != "values" or len(line.values) != 1 or line.label:
            break
        if run and line.order - run[-1].order != 1:
            break
        if not run and start > 0 and line.order - lines[start - 1].order != 1:
            break
        run.append(line)
    return run


@functools.cache
def _row_of_values(zone: str, chosen: TemplateSet) -> int:
    """The cells of the one row of values of a table printed side by side (表四), or 0."""
    for template in chosen.values():
        for table in layout(template).tables:
            if table.key == zone and table.transposed:
                return sum(len(row.columns) for row in table.rows)
    return 0


@functools.cache
def _zone_width(zone: str | None, chosen: TemplateSet) -> int:
    """The one number of cells every row of a table has in every template, or 0."""
    if zone is None:
        return 0
    widths = {
        len(row.columns)
        for template in chosen.values()
        for table in layout(template).tables
        if table.key == zone
        for row in table.rows
    }
    return widths.pop() if len(widths) == 1 else 0


def _labels_above(table: list[_Line], text: Sequence[_Line]) -> list[_Line]:
    """A table row of values right under a Markdown heading that names its row
    (``### 行政复议`` over ``| 27 | 10 | 9 | 15 | 61 |``): the row, labelled by the heading.

    Only a heading: a label left as a loose line of text by a conversion may stand before
    another row's values."""
    headings = [
        line
        for line in text
        if line.kind == "label" and line.match is not None and line.text.startswith("#")
    ]
    if not headings:
        return table
    joined = list(table)
    for heading in headings:
        assert heading.match is not None
        below = next((i for i, line in enumerate(joined) if line.order > heading.order), None)
        if below is None:
            continue
        line = joined[below]
        between = [t for t in text if heading.order < t.order < line.order]
        width = _width(heading.match)
        if line.kind == "values" and not between and len(_trimmed(line.values, width)) == width:
            joined[below] = attrs.evolve(line, kind="row", label=heading.label, match=heading.match)
    return joined


def _width(match: Match) -> int:
    return max(len(target.row.columns) for target in match.targets)


# --- stage 2: the template ----------------------------------------------------------


def _choose_template(
    lines: _Lines, given: str | None, year: int | None
) -> tuple[str, Counter[str]]:
    votes = Counter(lines.evidence)
    for line in [*lines.table_lines, *lines.text_lines]:
        if line.kind != "row" or line.match is None:
            continue
        own = {target.template for target in line.match.targets}
        if line.match.exact and len(own) == 1:
            votes[own.pop()] += 1
    known = templates()
    if given is not None and given in known:
        return given, votes  # the document says which (a workbook's basic information)
    ranked = votes.most_common()
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0], votes
    in_force = known.in_force(year) if year else None
    return (in_force or known.latest).id, votes


# --- stage 3: placing rows -------------------------------------------------------------


@attrs.frozen
class _Placement:
    """The values printed for one row, and how the row was found."""

    line: _Line
    values: tuple[str | None, ...] | None
    """None for a row whose digits allow no single reading, and None for a cell of it
    whose digits do not (`_runs`)."""
    how: Literal["label", "position", "run"]
    source: int
    """The pass that placed it: table rows, lines of text, text run together."""
    label_exact: bool = True
    damaged: bool = False
    """The row lost its label in a conversion: an empty cell in it may be a lost number."""
    recovered: str | None = None
    """For a row read from run-together digits: how the reading was decided."""


class _Placer:
    """Stage 3: lines to the template's rows."""

    def __init__(self, lay: Layout) -> None:
        self.lay = lay
        self.template = lay.template.id
        self.placed: dict[tuple[str, ...], _Placement] = {}
        self.findings: list[Finding] = []
        self.notes: dict[str, str] = {}
        self.blank_rows: dict[tuple[str, ...], _Line] = {}
        """Rows the report does not print because it printed the other template's row
        (the line that printed it)."""
        self.mixed: list[tuple[tuple[str, ...], _Line]] = []
        self.reported: set[float] = set()
        """Lines already reported, by order."""
        self.source = 0
        self.named: list[tuple[float, tuple[str, ...]]] = []
        """(line order, row) for every line of the current pass that names a row."""

    def _finding(
        self, code: Code, at: str, line: _Line, column: int | None = None, **data: Any
    ) -> None:
        position = line.positions[column] if column is not None and line.positions else None
        self.findings.append(_import_finding(self.lay, code, at, line.where, position, **data))

    def row_at(self, path: tuple[str, ...]) -> LayoutRow | None:
        return self.lay.row_at(path)

    def complete(self) -> bool:
        return all(
            row.path in self.placed or row.path in self.blank_rows
            for table in self.lay.tables
            for row in table.rows
        )

    # by label

    def resolve(self, line: _Line, hint: str | None) -> tuple[LayoutRow | None, Target]:
        """The row of this template a labelled line stands for, and the target matched.

        The printed columns decide between the templates: a label of another template that
        stands for one row of this template (by the correspondences of the revisions: the
        2019 row 规范性文件 is the 2021 row 行政规范性文件), printed with this template's
        number of values, is this template's row.
        """
        assert line.match is not None
        mine = line.match.target(self.template)
        if mine is not None:
            return self.row_at(mine.row.path), mine
        target = line.match.targets[0]
        found = row_counterpart(target.row.path, target.template, self.lay.template)
        if found is not None and len(found.rows) == 1:
            here = found.rows[0]
            width = len(here.columns)
            if len(_trimmed(line.values, width)) == width and hint != target.template:
                return here, target
        return None, target

    def by_label(self, lines: Sequence[_Line], hint: str | None) -> None:
        for line in lines:
            if line.kind != "row" or line.match is None:
                continue
            here, target = self.resolve(line, hint)
            if here is None:
                rows = self._other_template(line, target)
                self.named.extend((line.order, row.path) for row in rows)
                continue
            self.named.append((line.order, here.path))
            exact = line.match.exact and target.template == self.template
            if not exact and here.path not in self.placed:
                self._finding(
                    "IMPORT_LABEL", here.pointer, line, expected=here.label.zh, actual=line.label
                )
            self.put(here, _Placement(line, line.values, "label", self.source, exact))

    def put(self, row: LayoutRow, placement: _Placement) -> None:
        first = self.placed.get(row.path)
        if first is None:
            self.placed[row.path] = placement
            return
        if first.source != placement.source or placement.line.order in self.reported:
            return  # a later pass only fills what the earlier ones left
        if first.values != placement.values:
            printed = " | ".join(value or "" for value in placement.values or ())
            line = placement.line
            self._finding("IMPORT_UNPLACED", row.pointer, line, actual=printed)
            self.reported.add(line.order)

    def _other_template(self, line: _Line, target: Target) -> tuple[LayoutRow, ...]:
        """A row of another template: kept where it has a place, never merged silently. The
        rows of this template it stands for are returned."""
        self.mixed.append((target.row.path, line))
        found = row_counterpart(target.row.path, target.template, self.lay.template)
        split = found.rows if found is not None and found.remainder is not None else ()
        if split and all(len(row.columns) == len(target.row.columns) for row in split):
            # A row that this template splits into several (the 2019 single （六）其他处理 in
            # a 2021 report): its numbers are their sum, kept in the row the revision names
            # for it; the others are not printed.
            last = found.remainder if found is not None else None
            assert last is not None
            self.put(last, _Placement(line, line.values, "label", self.source, False))
            others = [row for row in split if row is not last]
            for row in others:
                self.blank_rows.setdefault(row.path, line)
            names = "、".join(row.label.zh for row in others)
            self.notes[pointer(target.row.path)] = (
                f"原表为{target.template}年版的单行“{target.row.label.zh}”，其数值记入"
                f"“{last.label.zh}”，{names}未列出"
            )
            return split
        printed = " ".join(line.values)
        self.notes[pointer(target.row.path)] = f"原表此行按{target.template}年版格式：{printed}"
        return split

    # by position

    def by_position(self, lines: Sequence[_Line], zoned: bool) -> None:
        """Runs of value lines without labels between two placed rows, placed by position
        where their count fits the rows between exactly."""
        orders = {line.order for line in lines}
        for table in self.lay.tables:
            rows = table.rows
            anchors = self._anchors(rows, orders)
            orphans = list(self._orphans(lines, table.key, zoned))
            bounds = [(-1, float("-inf")), *anchors, (len(rows), float("inf"))]
            for (low, after), (high, before) in itertools.pairwise(bounds):
                found = [line for line in orphans if after < line.order < before]
                if found:
                    self._fill(rows[low + 1 : high], found)

    def _anchors(self, rows: Sequence[LayoutRow], orders: set[float]) -> list[tuple[int, float]]:
        """(row index, line order) of the rows placed by label from these lines: the
        longest run whose rows and lines are in the same order."""
        index = {row.path: i for i, row in enumerate(rows)}
        found = sorted(
            (order, index[path]) for order, path in self.named if path in index and order in orders
        )
        return [(row, order) for order, row in _increasing(found)]

    def _orphans(self, lines: Sequence[_Line], table: str, zoned: bool) -> Iterator[_Line]:
        rows = self.lay.table(table).rows
        widths = {len(row.columns) for row in rows}
        full = sum(len(row.columns) for row in rows)
        for line in lines:
            if line.kind != "values" or line.order in self.reported:
                continue
            if not any(len(_trimmed(line.values, w)) == w for w in (*widths, full)):
                continue
            if line.zone != table and (
                len(line.values) not in _unique_widths(table, templates())
                or not any(any(c.isdigit() for c in value) for value in line.values)
            ):
                continue  # a value line belongs to the table it stands in, or its numbers say
            values = _trimmed(line.values, full)
            if self.lay.table(table).transposed and len(values) == full and len(widths) == 1:
                # Table 4 printed as one row of fifteen: its three groups of five.
                (width,) = widths
                lead = line.values.index(values[0]) if values[0] in line.values else 0
                positions = line.positions[lead : lead + full] if line.positions else ()
                for start in range(0, full, width):
                    yield attrs.evolve(
                        line,
                        values=values[start : start + width],
                        positions=positions[start : start + width],
                        order=line.order + start / (full + 1),
                        tall=frozenset(),
                        as_printed=True,
                    )
                continue
            yield line

    def _fill(self, gap: Sequence[LayoutRow], found: Sequence[_Line]) -> None:
        fits = len(gap) == len(found) and all(
            len(_trimmed(line.values, len(row.columns))) == len(row.columns)
            for row, line in zip(gap, found, strict=True)
        )
        if fits:
            for row, line in zip(gap, found, strict=True):
                if row.path in self.placed or row.path in self.blank_rows:
                    continue
                damaged = not line.as_printed
                if damaged:
                    printed = " | ".join(_trimmed(line.values, 0))
                    self._finding("IMPORT_POSITION", row.pointer, line, actual=printed)
                self.placed[row.path] = _Placement(
                    line, line.values, "position", self.source, damaged=damaged
                )
            return
        if gap and all(row.path in self.placed or row.path in self.blank_rows for row in gap):
            return  # an earlier pass placed these rows: the lines are their copies
        places = "、".join(row.label.zh for row in gap) or "—"
        for line in found:
            if line.order in self.reported:
                continue
            self.reported.add(line.order)
            printed = " | ".join(_trimmed(line.values, 0))
            self._finding(
                "IMPORT_UNPLACED", gap[0].pointer if gap else "", line,
                actual=printed, expected=(len(found), len(gap), places),
            )  # fmt: skip

    # text run together

    def by_run(self, runs: Sequence[RunRow]) -> None:
        for run in runs:
            row = self.row_at(run.path)
            if row is None or row.path in self.placed or row.path in self.blank_rows:
                continue
            line = _Line(-1, run.where, "row", row.path[0], run.label, None, (), (), run.printed)

            placement = _Placement(line, run.values, "run", self.source, recovered=run.how)
            self.placed[row.path] = placement
            if run.values is None or None in run.values:
                readings = run.how.split(" ")[0]
                self._finding(
                    "IMPORT_UNSPLIT", row.pointer, line, actual=run.printed,
                    expected=int(readings) if readings.isdigit() else 0,
                )  # fmt: skip
            elif run.how != "printed apart":
                read = tuple(run.values)
                self._finding(
                    "IMPORT_RECOVERED", row.pointer, line, actual=run.printed, expected=read
                )


def _increasing(pairs: Sequence[tuple[float, int]]) -> list[tuple[float, int]]:
    """The longest subsequence of (order, index) pairs whose indexes increase."""
    if not pairs:
        return []
    best: list[int] = [1] * len(pairs)
    before: list[int] = [-1] * len(pairs)
    for i, (_, index) in enumerate(pairs):
        for j in range(i):
            if pairs[j][1] < index and best[j] + 1 > best[i]:
                best[i], before[i] = best[j] + 1, j
    at = max(range(len(pairs)), key=best.__getitem__)
    chain = []
    while at != -1:
        chain.append(pairs[at])
        at = before[at]
    return chain[::-1]


@functools.cache
def _unique_widths(table: str, chosen: TemplateSet) -> frozenset[int]:
    """Numbers of values that only rows of `table` have, in every template."""
    widths: dict[str, set[int]] = {}
    for template in chosen.values():
        for each in layout(template).tables:
            found = widths.setdefault(each.key, set())
            found.update(len(row.columns) for row in each.rows)
            if each.transposed:
                found.add(sum(len(row.columns) for row in each.rows))
    own = widths.get(table, set())
    others = set().union(*(w for key, w in widths.items() if key != table))
    return frozenset(own - others)


@functools.cache
def _side_by_side_widths(chosen: TemplateSet) -> frozenset[int]:
    """Numbers of values that only a table printed side by side (表四) has: a line of them
    is that table's one row of values."""
    tables = {
        table.key for template in chosen.values() for table in layout(template).tables
        if table.transposed
    }  # fmt: skip
    return frozenset().union(*(_unique_widths(key, chosen) for key in tables))


def _trimmed(values: Sequence[str], width: int) -> tuple[str, ...]:
    """The values of a row of `width` cells: empty cells beyond the width, after the values
    (a grid's spare column) or before them (an empty label column), left out."""
    kept = list(values)
    while len(kept) > width and not kept[-1].strip():
        kept.pop()
    while len(kept) > width and not kept[0].strip():
        kept.pop(0)
    return tuple(kept)


# --- stage 4: reading cells ---------------------------------------------------------


def _header_unit(column: Column, printed: Sequence[str]) -> tuple[Unit, str] | None:
    """The one unit that the report's headers give the column (``采购总金额（元）``), with the
    header as printed; None where none does, or they give two."""
    label = re.escape(normalize_label(column.label.zh))
    pattern = re.compile(label + r"（(?:单位:)?(元|万元)）")
    found: dict[Unit, str] = {}
    for text in printed:
        if column.label.zh[0] not in text:
            continue
        match = pattern.search(normalize_label(text))
        if match is not None:
            unit: Unit = "元" if match.group(1) == "元" else "万元"
            found.setdefault(unit, match.group(0))
    if len(found) != 1:
        return None
    ((unit, header),) = found.items()
    return unit, header


def _stated(column: Column) -> bool:
    """Whether an amount in `column` is kept as written, with the unit the report states."""
    return column.unit_key is not None


def _put(node: dict[str, Any], column: Column, reading: Reading) -> None:
    """The value read into its cell, and for an amount kept as written, its unit beside it
    (no unit where the report states none)."""
    node[column.key] = reading.value
    if column.unit_key is None:
        return
    if reading.value is not None and reading.unit is not None:
        node[column.unit_key] = reading.unit
    else:
        node.pop(column.unit_key, None)


class _Reader:
    """Stage 4: placed rows to cells, unread cells and their findings."""

    def __init__(self, lay: Layout, document: dict[str, Any]) -> None:
        self.lay = lay
        self.document = document
        self.unread: dict[str, str] = {}
        self.notes: dict[str, str] = {}
        self.provenance: dict[str, str] = {}
        self.sources: dict[str, Source] = {}
        self.findings: list[Finding] = []

    def _finding(
        self, code: Code, at: str, line: _Line, position: int | None = None, **data: Any
    ) -> None:
        self.findings.append(_import_finding(self.lay, code, at, line.where, position, **data))

    def row(self, row: LayoutRow, placement: _Placement) -> None:
        node = value_at(self.document, row.path)
        line = placement.line
        why = f"原文“{line.text}”数字连写，无法唯一拆分为 {len(row.columns)} 个数"
        if placement.values is None:
            self.missing(row, why)
            return
        if any(value is None for value in placement.values):
            for column, value in zip(row.columns, placement.values, strict=True):
                at = pointer((*row.path, column.key))
                self.provenance[at] = line.describe()
                self.sources[at] = line.source()
                if value is None:
                    node[column.key] = None
                    self.unread[at] = why
                else:
                    _put(node, column, read_cell(value, column.kind, as_written=_stated(column)))
            return
        printed_values = tuple(value or "" for value in placement.values)
        values = _trimmed(printed_values, len(row.columns))
        if len(values) != len(row.columns):
            printed = " | ".join(printed_values) or "—"
            self._finding(
                "IMPORT_WIDTH", row.pointer, line, expected=len(row.columns), actual=printed
            )
            for column in row.columns:
                at = pointer((*row.path, column.key))
                node[column.key] = None
                self.unread[at] = (
                    f"此行印有 {len(values)} 个数值，模板为 {len(row.columns)} 列：{printed}"
                )
            return
        offset = len(printed_values) - len(values)
        lead = next(
            (i for i in range(offset + 1) if printed_values[i : i + len(values)] == values), 0
        )
        for index, (column, raw) in enumerate(zip(row.columns, values, strict=True)):
            at = pointer((*row.path, column.key))
            position = line.positions[lead + index] if line.positions else None
            self.provenance[at] = line.where.describe(position)
            self.sources[at] = line.where.source(position)
            if lead + index in line.tall:
                self._finding("IMPORT_MERGED", at, line, position, actual=raw)
                node[column.key] = None
                self.unread[at] = f"原文“{raw}”是跨多行合并的单元格，不能确定属于哪一行"
                continue
            doubt = dict(line.doubts).get(position) if position is not None else None
            if doubt is not None:
                self._finding("IMPORT_UNCERTAIN", at, line, position, actual=raw)
                node[column.key] = None
                self.unread[at] = doubt
                continue
            reading = read_cell(raw, column.kind, as_written=_stated(column))
            _put(node, column, reading)
            if placement.damaged and not raw.strip():
                # The IMPORT_POSITION finding of the row says why.
                self.unread[at] = "此行在转换中丢失了行名，此处空白不能确定是原文的空白"
                continue
            if not reading.readable:
                self._finding("IMPORT_UNREADABLE", at, line, position, actual=raw)
                self.unread[at] = f"原文为“{raw}”，无法识别"
                continue
            if reading.note:
                self.notes[at] = reading.note
            if reading.marker:
                self._finding("IMPORT_MARKER", at, line, position, actual=raw.strip())

    def header_units(self, printed: Sequence[str]) -> None:
        """An amount read without a unit, in a column whose template prints none: the unit
        its column header states (``采购总金额（元）``, ``采购总金额（单位：万元）``), where the
        report states one unit there, and says so in a note."""
        for row in self.lay.rows:
            for column in row.columns:
                if column.unit_key is None:
                    continue
                node = value_at(self.document, row.path)
                if node.get(column.key) is None or node.get(column.unit_key) is not None:
                    continue
                found = _header_unit(column, printed)
                if found is None:
                    continue
                unit, header = found
                at = pointer((*row.path, column.key))
                node[column.unit_key] = unit
                note = f"单位取自表头“{header}”"
                self.notes[at] = f"{self.notes[at]}；{note}" if at in self.notes else note

    def missing(self, row: LayoutRow, why: str) -> None:
        node = value_at(self.document, row.path)
        for column in row.columns:
            node[column.key] = None
            self.unread[pointer((*row.path, column.key))] = why


# --- the document -------------------------------------------------------------------


_LONG = 500
"""A line this long is a page's text run together (crawler text): its sections are cut
at the headings inside it."""


@functools.cache
def _inline_headings() -> re.Pattern[str]:
    """The section headings as they can stand inside a line: after a full stop, a space,
    or the last number of the table before them."""
    bodies = "|".join(f"(?:{pattern.pattern.lstrip('^')})" for _, pattern in SECTION_HEADINGS)
    return re.compile(rf"(?:(?<=[。；;！!？?\s\d）)])|^)(?={bodies})")


def _cut_at_headings(texts: Sequence[Text]) -> list[Text]:
    cut: list[Text] = []
    for text in texts:
        if len(text.text) < _LONG:
            cut.append(text)
            continue
        simplified = to_simplified(text.text)
        if len(simplified) != len(text.text):
            cut.append(text)
            continue
        starts = [m.start() for m in _inline_headings().finditer(simplified)]
        bounds = [0, *[start for start in starts if start > 0], len(text.text)]
        for start, end in itertools.pairwise(bounds):
            piece = text.text[start:end].strip()
            if piece:
                cut.append(Text(piece, attrs.evolve(text.where, character=start + 1)))
    return cut


def _sections(texts: Sequence[Text]) -> dict[int, str]:
    found: dict[int, list[str]] = {}
    current: int | None = None
    for text in _cut_at_headings(texts):
        if text.text.startswith("===="):
            current = None  # the end of the running text, in table dumps
            continue
        number = heading(text.text)
        if number is not None:
            current = number
            found.setdefault(number, [])
            rest = _after_heading(text.text, number)
            if rest:
                found[number].append(rest)
            continue
        if current is not None and not _FOOTER.match(text.text.strip()):
            found[current].append(text.text)
    return {number: "\n".join(lines).strip() for number, lines in found.items()}


def _after_heading(text: str, number: int) -> str:
    """What a line holds after its section heading, where the heading runs into the text
    (``一、总体情况2021年，我区…``): the template's heading words, then the rest."""
    for section in layout(templates().latest).sections:
        if section.section != number:
            continue
        label = section.label.zh
        simplified = to_simplified(text)
        at = simplified.find(label)
        if at == 0 and len(text) > len(label):
            return text[len(label) :].strip()
    return ""


def recognize(
    blocks: Iterable[Block],
    *,
    agency: str | None = None,
    year: int | None = None,
    template: str | None = None,
    division_code: str | None = None,
    credit_code: str | None = None,
    scope: str | None = None,
) -> ImportResult | None:
    """The document a stream of blocks holds, or None when it holds no report table."""
    blocks = list(blocks)
    _refuse_traditional_without_converter(blocks)
    lines = _Lines()
    lines.read(blocks)
    scanned = scan(lines.texts)
    lines.evidence.update(scanned.evidence)
    usable = [line for line in [*lines.table_lines, *lines.text_lines] if line.kind == "row"]
    fifteen = [
        line for line in [*lines.table_lines, *lines.text_lines]
        if line.kind == "values" and len(line.values) in _side_by_side_widths(templates())
    ]  # fmt: skip
    if not usable and not fifteen and not any(run.match for run in scanned.runs):
        return None

    identity = identify([text.text for text in lines.texts], [row.cells for row in lines.rows])
    found_year = year or identity.year
    chosen, _ = _choose_template(lines, template, found_year)
    lay = layout(chosen)
    final_year = found_year or default_year(chosen)
    name = agency or identity.agency or ""
    document = unstructure(blank(chosen, year=final_year, agency=name))
    if division_code:
        document["agency"]["division_code"] = division_code
    if credit_code:
        document["agency"]["credit_code"] = credit_code
    if scope:
        document["agency"]["scope"] = scope

    hint = _hint(lines.evidence)
    placer = _Placer(lay)
    for source in (lines.table_lines, lines.text_lines):
        placer.named = []
        placer.by_label(source, hint)
        placer.by_position(source, lines.zoned)
        placer.source += 1
        if placer.complete():
            break
    if not placer.complete():
        placer.by_run(scanned.rows(lay))

    reader = _Reader(lay, document)
    for table in lay.tables:
        for row in table.rows:
            placement = placer.placed.get(row.path)
            if placement is not None:
                reader.row(row, placement)
            elif row.path not in placer.blank_rows:
                reader.missing(row, "报告中没有找到此行")
    printed = (
        *(cell for row in lines.rows for cell in row.cells if cell),
        *(text.text for text in lines.texts),
    )
    reader.header_units(printed)

    findings: list[Finding] = [*placer.findings, *reader.findings]
    notes = {**placer.notes, **reader.notes}
    unread = dict(reader.unread)
    if placer.mixed:
        first_path, first_line = placer.mixed[0]
        findings.append(
            _import_finding(
                lay, "TEMPLATE_MIXED", pointer(first_path), first_line.where,
                expected=chosen, actual=tuple(line.label for _, line in placer.mixed),
            )
        )  # fmt: skip
    for table in lay.tables:
        for row in table.rows:
            if row.path not in placer.placed and row.path not in placer.blank_rows:
                findings.append(
                    finding_at(lay, "IMPORT_MISSING", row.pointer, detail="not found in the report")
                )
    for line in [*lines.table_lines, *lines.text_lines]:
        if line.order in placer.reported:
            continue
        if line.kind == "damaged":
            findings.append(_import_finding(lay, "IMPORT_LABEL", "", line.where, actual=line.text))
        elif line.kind == "unmatched" and line.values:
            findings.append(
                _import_finding(lay, "IMPORT_UNPLACED", "", line.where, actual=line.text)
            )

    sections = _sections(lines.texts)
    for section in lay.text_sections:
        text = sections.get(section.section)
        document["sections"][section.key] = text or ""
        if text is None:
            unread[pointer(section.path)] = "报告中没有找到此部分的标题"
    if not name:
        name_label = lay.fields["/agency/name"].labels[-1].zh
        unread["/agency/name"] = f"标题、页面信息和正文开头都没有找到{name_label}"
        findings.append(
            finding_at(lay, "IMPORT_MISSING", "/agency/name", detail="no agency name found")
        )
    if not found_year:
        unread["/year"] = f"报告中没有找到年度，暂按{final_year}年"
        findings.append(finding_at(lay, "IMPORT_MISSING", "/year", detail="no report year found"))
    if notes:
        document["notes"] = notes
    if unread:
        document["unread"] = unread
    return ImportResult(document, chosen, tuple(findings), reader.provenance, reader.sources)


def _refuse_traditional_without_converter(blocks: Sequence[Block]) -> None:
    """Stop, saying what to install, where table labels are in traditional characters and
    OpenCC is missing: without it their rows could not be told apart."""
    if converts_traditional():
        return
    cells = (cell for block in blocks if isinstance(block, Row) for cell in block.cells if cell)
    texts = (block.text for block in blocks if isinstance(block, Text))
    if any(not TRADITIONAL.isdisjoint(text) for text in (*cells, *texts)):
        raise MissingExtraError(key="traditional_needs_opencc")


def _hint(evidence: Counter[str]) -> str | None:
    """The template table 2's headers name, when they name one."""
    ranked = evidence.most_common()
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None
