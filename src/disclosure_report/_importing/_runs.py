"""Text whose cell boundaries were lost: labels followed by numbers run together.

A page copied as text can print a row as ``规范性文件898989`` or ``（一）予以公开7000007``:
the label, then every cell's digits with nothing between them. The template fixes how
many cells the row has and, in 表三 and 表四, that its 总计 is the sum of the others, and
numbers have no leading zeros. Where these identities — the row's own, then the
columns' of 表三 (（七）总计 is the sum of the outcome rows, 一 + 二 = （七） + 四) — admit
exactly one reading, it is taken and reported as recovered; where they admit none or
several, the row is refused and reported with what was printed. Nothing is guessed.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence

import attrs

from .._declare import TemplateSet
from .._layout import Layout, Row, Table, layout
from .._rules import equations
from .._templates import templates
from ._labels import Match, labels
from ._normalize import normalize_label, strip_readings, to_simplified
from ._readers import Text, Where

__all__ = ["Run", "RunRow", "Scan", "scan"]

_NODES = 200_000
"""Readings tried for one row before it is refused as too ambiguous to decide."""
_COMBINATIONS = 100_000
"""Combinations of ambiguous rows of 表三 tried against the column sums."""

_RUN = re.compile(r"[\d\s.+\-元万]*")
_TABLES_END = re.compile(r"五\s*[、.．]\s*\S{0,16}问题")
"""Where the tables of a page run together end: the heading of section 五."""
_COUNT = re.compile(r"0|[1-9]\d*")
_SIGNED = re.compile(r"-?(?:0|[1-9]\d*)")
_MONEY = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?(?:元|万元)?")
_PATTERNS = {"count": _COUNT, "signed": _SIGNED, "money": _MONEY}
_PREFIXES = {
    "count": _COUNT,
    "signed": re.compile(r"-|-?(?:0|[1-9]\d*)"),
    "money": re.compile(r"(?:0|[1-9]\d*)(?:\.\d*)?(?:元|万|万元)?"),
}
"""What a cell's digits may be on the way to a number: a longer piece than one of these
never reads as a number of that kind."""


@attrs.frozen
class Run:
    """A label found in the text and what follows it up to the next label."""

    label: str
    match: Match | None
    """The rows the label names, or None for a header or a group label."""
    printed: str
    where: Where


@attrs.frozen
class RunRow:
    """A row read from run-together digits, or refused."""

    path: tuple[str, ...]
    label: str
    printed: str
    where: Where
    values: tuple[str | None, ...] | None
    """The cells (None for a cell the readings disagree on), or None where the digits
    allow no reading, or no cell the same in every reading."""
    how: str


def _light(text: str) -> str:
    """Text made uniform character for character, so that positions still match."""
    text = unicodedata.normalize("NFKC", strip_readings(text))
    text = to_simplified(text)
    return text.replace("(", "（").replace(")", "）").translate(_QUOTES)


_QUOTES = str.maketrans("“”\"'‘’「」『』", "          ")


@functools.cache
def _pattern(chosen: TemplateSet) -> re.Pattern[str]:
    """Every label of the tables, spaces allowed between its characters, longest first."""
    known = labels()
    alternatives = []
    for label in known.known:
        body = label
        number = re.match(r"^(\d+)\.", label)
        prefix = ""
        if number:
            body = label[number.end() :]
            digit = number.group(1)
            prefix = rf"(?:[（]\s*{digit}\s*[）]|{digit}\s*[.．、,，]?)\s*"
        if len(body) < 2:
            continue
        chars = [re.escape(char) for char in body.replace(" ", "")]
        alternatives.append(prefix + r"\s*".join(chars))
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


@attrs.frozen
class Scan:
    """The labels of a text in order, each with what follows it."""

    runs: tuple[Run, ...]
    evidence: dict[str, int]
    """Votes for a template from the table-2 headers found."""

    def rows(self, lay: Layout) -> list[RunRow]:
        """The rows of `lay` that the runs give, read or refused."""
        found: dict[tuple[str, ...], tuple[Run, Row]] = {}
        for run in self.runs:
            if run.match is None or not run.printed.strip():
                continue
            target = run.match.target(lay.template.id)
            if target is not None and target.row.path not in found:
                found[target.row.path] = (run, target.row)
        review = self._review(lay)
        rows: list[RunRow] = []
        readings: dict[tuple[str, ...], list[tuple[int | str, ...]]] = {}
        for path, (run, row) in found.items():
            options = _readings(run.printed, row)
            readings[path] = options
        _settle_columns(lay, readings)
        for path, (run, row) in found.items():
            options = readings[path]
            rows.append(_row(path, run, options, row))
        if review is not None:
            run, review_rows = review
            rows.extend(_review_rows(run, review_rows))
        return rows

    def _review(self, lay: Layout) -> tuple[Run, tuple[Row, ...]] | None:
        """Table 4's run: the digits after its last column header."""
        table = lay.table("review_litigation")
        headers = {
            label.zh for row in table.rows for label in (row.label, *(c.label for c in row.columns))
        }
        for earlier, run in itertools.pairwise(self.runs):
            if (
                _bare(run.label) in headers
                and _bare(earlier.label) in headers
                and run.printed.strip()
            ):
                return run, table.rows
        return None


def _bare(label: str) -> str:
    return re.sub(r"\s+", "", label)


def _row(path: tuple[str, ...], run: Run, options: list[tuple[int | str, ...]], row: Row) -> RunRow:
    printed = run.printed.strip()
    if len(options) == 1:
        values = tuple(str(value) for value in options[0])
        if printed.split() == list(values):
            how = "printed apart"
        else:
            how = "run together; one reading only"
        return RunRow(path, run.label, printed, run.where, values, how)
    if not options:
        return RunRow(path, run.label, printed, run.where, None, "no reading fits the row")
    agreed = _agreed(options)
    how = f"{len(options)} readings fit the row"
    if all(value is None for value in agreed):
        return RunRow(path, run.label, printed, run.where, None, how)
    return RunRow(path, run.label, printed, run.where, agreed, f"{how}; they agree on some cells")


def _agreed(options: Sequence[tuple[int | str, ...]]) -> tuple[str | None, ...]:
    """Each cell's value where every reading gives it the same, else None."""
    return tuple(
        str(column[0]) if len(set(column)) == 1 else None for column in zip(*options, strict=True)
    )


def _review_rows(run: Run, rows: Sequence[Row]) -> Iterator[RunRow]:
    widths = [len(row.columns) for row in rows]
    kinds = [column.kind for row in rows for column in row.columns]
    groups = []
    start = 0
    for row, width in zip(rows, widths, strict=True):
        total = next(i for i, column in enumerate(row.columns) if column.is_total)
        groups.append((start, start + width, start + total))
        start += width
    options = list(_split(run.printed, kinds, groups))
    printed = run.printed.strip()
    start = 0
    for row, width in zip(rows, widths, strict=True):
        if len(options) == 1:
            values = tuple(str(value) for value in options[0][start : start + width])
            how = "run together; one reading only"
            yield RunRow(row.path, row.label.zh, printed, run.where, values, how)
        else:
            how = "no reading fits" if not options else f"{len(options)} readings fit"
            yield RunRow(row.path, row.label.zh, printed, run.where, None, how)
        start += width


def _readings(printed: str, row: Row) -> list[tuple[int | str, ...]]:
    kinds = [column.kind for column in row.columns]
    totals = [i for i, column in enumerate(row.columns) if column.is_total]
    groups = [(0, len(kinds), totals[0])] if totals else []
    return list(_split(printed, kinds, groups))


def _split(
    printed: str, kinds: Sequence[str], groups: Sequence[tuple[int, int, int]]
) -> Iterator[tuple[int | str, ...]]:
    """Every reading of `printed` as len(kinds) numbers, spaces always between numbers,
    each group's total the sum of its other cells."""
    tokens = printed.split()
    text = "".join(tokens)
    bounds = set(itertools.accumulate(len(token) for token in tokens))
    ends = {end: (start, total) for start, end, total in groups}
    budget = [_NODES]
    parts: list[int | str] = []

    def walk(position: int, cell: int) -> Iterator[tuple[int | str, ...]]:
        budget[0] -= 1
        if budget[0] < 0:
            raise _TooMany
        if cell == len(kinds):
            if position == len(text):
                yield tuple(parts)
            return
        left = len(kinds) - cell - 1
        for end in range(position + 1, len(text) - left + 1):
            piece = text[position:end]
            if any(position < b < end for b in bounds):
                break  # a space can never fall inside a number
            if not _PATTERNS[kinds[cell]].fullmatch(piece):
                if not _PREFIXES[kinds[cell]].fullmatch(piece):
                    break
                continue
            parts.append(piece if kinds[cell] == "money" else int(piece))
            if cell + 1 in ends:
                start, total = ends[cell + 1]
                numbers = parts[start : cell + 1]
                if sum(int(n) for i, n in enumerate(numbers, start) if i != total) != int(
                    parts[total]
                ):
                    parts.pop()
                    continue
            if end == len(text) or end in bounds or cell + 1 < len(kinds):
                yield from walk(end, cell + 1)
            parts.pop()

    try:
        yield from walk(0, 0)
    except _TooMany:
        return


class _TooMany(Exception):
    """More readings to try than the budget allows."""


def _per_column(lay: Layout, table: Table) -> list[tuple[list[tuple[tuple[str, ...], int]], int]]:
    """The sums the template declares down the columns of `table` (an outcome total, the
    balance of 表三), as (row path and sign of each cell, the stated total's with sign −1;
    the column's position)."""
    positions = {column.key: index for index, column in enumerate(table.rows[0].columns)}
    found = []
    for equation in (eq for each in equations(lay).values() for eq in each):
        keys = {place.path[-1] for place in equation.places}
        if len(keys) != 1 or any(place.path[0] != table.key for place in equation.places):
            continue
        terms = [(place.path[:-1], place.sign) for place in equation.terms]
        terms.append((equation.target.path[:-1], -1))
        found.append((terms, positions[keys.pop()]))
    return found


def _settle_columns(
    lay: Layout, readings: dict[tuple[str, ...], list[tuple[int | str, ...]]]
) -> None:
    """Choose among the readings of the rows of a table by the sums the template declares
    down its columns, where exactly one combination holds; rows left with several readings
    stay undecided."""
    for table in lay.tables:
        _settle_table(lay, table, readings)


def _settle_table(
    lay: Layout, table: Table, readings: dict[tuple[str, ...], list[tuple[int | str, ...]]]
) -> None:
    rows = [row for row in table.rows if readings.get(row.path)]
    open_rows = [row for row in rows if len(readings[row.path]) > 1]
    if not open_rows:
        return
    sums = _per_column(lay, table)
    open_paths = {row.path for row in open_rows}
    usable = [
        (terms, column)
        for terms, column in sums
        if all(path in readings and readings[path] for path, _ in terms)
        and any(path in open_paths for path, _ in terms)
    ]
    if not usable:
        return
    fixed = {row.path: readings[row.path][0] for row in rows if row.path not in open_paths}
    fits = []
    for count, choice in enumerate(itertools.product(*(readings[row.path] for row in open_rows))):
        if count >= _COMBINATIONS:
            return
        chosen = {
            **fixed,
            **{row.path: values for row, values in zip(open_rows, choice, strict=True)},
        }
        if all(
            sum(sign * int(chosen[path][column]) for path, sign in terms) == 0
            for terms, column in usable
        ):
            fits.append(choice)
            if len(fits) > 1:
                return
    if len(fits) == 1:
        for row, values in zip(open_rows, fits[0], strict=True):
            readings[row.path] = [values]


@functools.cache
def _openings(chosen: TemplateSet) -> frozenset[str]:
    """What is printed only at the top of a table: its section heading, the block titles of
    表二 (第二十条第（一）项…), the top-left header cells, the header over 表三's columns."""
    found: set[str] = set()
    for template in chosen.values():
        for table in layout(template).tables:
            found.add(table.label.zh)
            found.update(text for text in (table.corner, table.columns_header and
                                           table.columns_header.zh) if text)  # fmt: skip
            found.update(row.band.zh for row in table.rows if row.band and not table.transposed)
    return frozenset(normalize_label(text) for text in found)


def scan(texts: Sequence[Text]) -> Scan:
    """The labels of every line of text, in order, each with the text after it."""
    known = labels()
    pattern = _pattern(templates())
    runs: list[Run] = []
    evidence: dict[str, int] = {}
    for text in texts:
        light = _light(text.text)
        matches = list(pattern.finditer(light))
        if len(matches) < 3:
            continue  # a line with a label or two is a line, not a table run together
        # Only the tables: from the first title or top-left header printed over one of
        # them to the heading of 五, so that the narrative (“行政许可3项”, “行政复议36起”)
        # is never read as a row.
        openings = _openings(templates())
        first = next((m for m in matches if normalize_label(m.group()) in openings), None)
        if first is None:
            continue
        stop = _TABLES_END.search(light, first.start())
        last = stop.start() if stop else len(light)
        inside = [m for m in matches if first.start() <= m.start() < last]
        for match, following in itertools.zip_longest(inside, inside[1:]):
            end = following.start() if following is not None else last
            after = _RUN.match(light, match.end(), end)
            printed = after.group() if after and re.search(r"\d", after.group()) else ""
            label = match.group()
            for template, own in known.evidence.items():
                if _bare(label) in own:
                    evidence[template] = evidence.get(template, 0) + 1
            where = attrs.evolve(text.where, character=match.start() + 1)
            runs.append(Run(label, known.match(label), printed, where))
    return Scan(tuple(runs), evidence)
