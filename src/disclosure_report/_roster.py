"""The supervising office's year: who has filed, who is missing, who is late, whose report
holds errors.

A roster lists the units an office oversees (CSV or xlsx; see `read_roster`). `review`
matches the reports received to the units by the identity rule of `same_agency`, checks
the date each was published against its deadline, and validates each report.

Deadlines (条例第四十九条): 县级以上人民政府部门 publish last year's report by 1月31日;
县级以上地方人民政府 (the 本级政府 report) by 3月31日. The regulation sets no date for
乡镇 and 街道: `DEADLINES` gives them 1月31日, as for 部门, and a locality sets its own
through `deadlines=` or a unit's own date in the roster.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from ._error_words import Phrase, detail_of
from ._errors import RosterError
from ._identity import Renames, same_agency
from ._layout import common_label
from ._validation import ValidationResult, validate

__all__ = [
    "DEADLINES",
    "LEVELS",
    "Filing",
    "Review",
    "RosterError",
    "Unit",
    "UnitStatus",
    "deadline_of",
    "read_roster",
    "review",
    "review_json",
]

Level = Literal["部门", "乡镇", "街道", "政府"]
LEVELS: tuple[Level, ...] = ("部门", "乡镇", "街道", "政府")
"""A unit's level: a department (部门), a township (乡镇) or a sub-district (街道), or the
government of the region itself (政府, its 本级政府 report)."""

DEADLINES: Mapping[str, tuple[int, int]] = {
    "部门": (1, 31),
    "乡镇": (1, 31),
    "街道": (1, 31),
    "政府": (3, 31),
}
"""The last day (month, day of the year after the report year) to publish, by level."""

Timeliness = Literal["on_time", "late", "undated", "missing"]


@attrs.frozen
class Unit:
    """A unit on the roster."""

    name: str
    level: Level = "部门"
    credit_code: str | None = None
    division_code: str | None = None
    deadline: datetime.date | None = None
    """The unit's own deadline, where the office set one; else its level's."""
    published_on: datetime.date | None = None
    """The date the office recorded for the report, where it keeps one: it wins over the
    report's own ``published_on``."""
    row: int | None = None
    """The roster row (1 is the header)."""

    def as_agency(self) -> dict[str, Any]:
        """The unit as an agency object of the contract, for the identity rule."""
        agency: dict[str, Any] = {"name": self.name}
        if self.credit_code:
            agency["credit_code"] = self.credit_code
        if self.division_code:
            agency["division_code"] = self.division_code
        return agency


def _columns() -> Mapping[str, tuple[str, ...]]:
    """The column headers a roster may use for each field, English or Chinese: the key, the
    label the templates declare for the field, and the other names offices use."""
    return {
        "name": ("name", "名称", "单位名称", common_label("/agency/name").zh, "单位"),
        "level": ("level", "类别", "层级", "单位类别"),
        "credit_code": ("credit_code", common_label("/agency/credit_code").zh, "信用代码"),
        "division_code": ("division_code", common_label("/agency/division_code").zh, "区划代码"),
        "deadline": ("deadline", "截止日期", "报送期限"),
        "published_on": ("published_on", common_label("/published_on").zh, "发布日期"),
    }


def _date(text: str, where: Phrase) -> datetime.date | None:
    text = text.strip()
    if not text:
        return None
    for form in ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"):
        try:
            return datetime.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise RosterError(key="roster_date", place=where, text=text)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _decoded(data: bytes, path: Path) -> str:
    """A CSV roster's text: UTF-8 (with or without a byte-order mark), or GBK — what Excel on
    Chinese Windows writes when a sheet is saved as plain CSV — read as GB 18030, its
    superset."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise RosterError(key="roster_encoding", path=path) from None


def _rows(path: Path) -> list[list[str]]:
    try:
        if path.suffix.lower() == ".xlsx":
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            finally:
                book.close()  # a read-only workbook keeps its file open until closed
        text = _decoded(path.read_bytes(), path)
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise RosterError(key="roster_needs_openpyxl") from None
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as error:
        raise RosterError(key="roster_unreadable", path=path, detail=detail_of(error)) from None
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


def read_roster(path: str | Path) -> tuple[Unit, ...]:
    """The units of a roster: a CSV (UTF-8 or GBK) or xlsx file (its first sheet) whose first row
    names the columns — ``name`` (or 名称, 单位名称), and optionally ``level`` (类别: 部门,
    乡镇, 街道 or 政府; 部门 when empty), ``credit_code`` (统一社会信用代码),
    ``division_code`` (行政区划代码), ``deadline`` (截止日期) and ``published_on`` (公开日期)."""
    source = Path(path)
    rows = [row for row in _rows(source) if any(row)]
    if not rows:
        raise RosterError(key="roster_empty", path=source)
    header = [cell.strip().lower() for cell in rows[0]]
    where: dict[str, int] = {}
    for key, names in _columns().items():
        for index, title in enumerate(header):
            if title in names:
                where[key] = index
                break
    if "name" not in where:
        raise RosterError(key="roster_no_name_column", path=source)
    units = []
    for number, row in enumerate(rows[1:], 2):

        def cell(key: str, row: list[str] = row) -> str:
            index = where.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        place = Phrase.of("roster_row", source=source, row=number)
        level = cell("level") or "部门"
        if level not in LEVELS:
            raise RosterError(
                key="roster_level", place=place, level=level, levels=", ".join(LEVELS)
            )
        if not cell("name"):
            raise RosterError(key="roster_unit_no_name", place=place)
        units.append(
            Unit(
                name=cell("name"),
                level=level,
                credit_code=cell("credit_code") or None,
                division_code=cell("division_code") or None,
                deadline=_date(cell("deadline"), place),
                published_on=_date(cell("published_on"), place),
                row=number,
            )
        )
    if not units:
        raise RosterError(key="roster_no_units", path=source)
    return tuple(units)


@attrs.frozen
class Filing:
    """A report received: where it came from, the parsed document, and its validation (or
    why it could not be read)."""

    source: str
    document: Any = None
    result: ValidationResult | None = None
    error: str | None = None

    @classmethod
    def of(cls, source: str, document: Any) -> Filing:
        """A filing of a parsed document, validated."""
        return cls(source, document, validate(document))

    @property
    def agency(self) -> Mapping[str, Any]:
        agency = self.document.get("agency") if isinstance(self.document, dict) else None
        return agency if isinstance(agency, dict) else {}

    @property
    def year(self) -> int | None:
        year = self.document.get("year") if isinstance(self.document, dict) else None
        return year if type(year) is int else None

    @property
    def published_on(self) -> datetime.date | None:
        text = self.document.get("published_on") if isinstance(self.document, dict) else None
        if not isinstance(text, str):
            return None
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return None

    @property
    def valid(self) -> bool:
        return self.result is not None and self.result.valid


@attrs.frozen
class UnitStatus:
    """One unit's year: its filings, its deadline, and what follows from them."""

    unit: Unit
    filings: tuple[Filing, ...]
    deadline: datetime.date
    published_on: datetime.date | None
    """The date that counts: the roster's, else the latest of the reports'."""

    @property
    def received(self) -> bool:
        return bool(self.filings)

    @property
    def duplicate(self) -> bool:
        """More than one report of the unit for the year."""
        return len(self.filings) > 1

    @property
    def timeliness(self) -> Timeliness:
        if not self.filings:
            return "missing"
        if self.published_on is None:
            return "undated"
        return "on_time" if self.published_on <= self.deadline else "late"

    @property
    def days_late(self) -> int:
        if self.timeliness != "late" or self.published_on is None:
            return 0
        return (self.published_on - self.deadline).days

    @property
    def valid(self) -> bool | None:
        """None when nothing was received; else whether every report received is valid."""
        return all(filing.valid for filing in self.filings) if self.filings else None

    @property
    def errors(self) -> int:
        return sum(len(f.result.errors) if f.result else 1 for f in self.filings)

    @property
    def warnings(self) -> int:
        return sum(len(f.result.warnings) for f in self.filings if f.result)

    @property
    def in_order(self) -> bool:
        """Received once, on time, and valid."""
        return self.timeliness == "on_time" and not self.duplicate and bool(self.valid)


@attrs.frozen
class Review:
    """The year of a roster: every unit's status, in roster order, and the reports that
    match no unit of the roster (another year, or an agency the roster does not list)."""

    year: int
    statuses: tuple[UnitStatus, ...]
    unmatched: tuple[Filing, ...]

    def count(self, what: str) -> int:
        """How many units are ``received``, ``missing``, ``on_time``, ``late``, ``undated``,
        ``valid``, ``invalid`` or ``duplicate``."""
        tests: dict[str, Callable[[UnitStatus], bool]] = {
            "received": lambda s: s.received,
            "missing": lambda s: not s.received,
            "on_time": lambda s: s.timeliness == "on_time",
            "late": lambda s: s.timeliness == "late",
            "undated": lambda s: s.timeliness == "undated",
            "valid": lambda s: s.valid is True,
            "invalid": lambda s: s.valid is False,
            "duplicate": lambda s: s.duplicate,
        }
        return sum(1 for status in self.statuses if tests[what](status))

    @property
    def in_order(self) -> bool:
        """Every unit filed once, on time, validly, and no report is left unmatched."""
        return all(status.in_order for status in self.statuses) and not self.unmatched


def deadline_of(
    unit: Unit, year: int, deadlines: Mapping[str, tuple[int, int]] | None = None
) -> datetime.date:
    """The unit's last day to publish its report of `year`."""
    if unit.deadline is not None:
        return unit.deadline
    month, day = {**DEADLINES, **(deadlines or {})}[unit.level]
    return datetime.date(year + 1, month, day)


def review(
    roster: Sequence[Unit],
    filings: Iterable[Filing],
    *,
    year: int | None = None,
    deadlines: Mapping[str, tuple[int, int]] | None = None,
    renames: Renames | None = None,
) -> Review:
    """Match `filings` to the units of `roster` and say, per unit, what the office needs.

    `year` is the report year (by default, the year most of the filings have). A filing is
    the unit's when `same_agency` says so; one that matches no unit, or two, or is of
    another year, is left unmatched. `deadlines` sets a locality's own last days by level,
    as (month, day) of the year after `year`.
    """
    received = list(filings)
    if year is None:
        years = [filing.year for filing in received if filing.year is not None]
        if not years:
            raise RosterError(key="roster_no_year")
        year = max(set(years), key=years.count)
    matched: dict[int, list[Filing]] = {index: [] for index in range(len(roster))}
    unmatched = []
    for filing in received:
        units = [
            index
            for index, unit in enumerate(roster)
            if same_agency(unit.as_agency(), filing.agency, renames=renames)
        ]
        if filing.year != year or len(units) != 1:
            unmatched.append(filing)
        else:
            matched[units[0]].append(filing)
    statuses = []
    for index, unit in enumerate(roster):
        mine = tuple(matched[index])
        dates = [f.published_on for f in mine if f.published_on is not None]
        published = unit.published_on or (max(dates) if dates else None)
        statuses.append(UnitStatus(unit, mine, deadline_of(unit, year, deadlines), published))
    return Review(year, tuple(statuses), tuple(unmatched))


def _filing_json(filing: Filing) -> dict[str, Any]:
    result = filing.result
    return {
        "source": filing.source,
        "agency": filing.agency.get("name"),
        "year": filing.year,
        "valid": filing.valid,
        "errors": len(result.errors) if result else None,
        "warnings": len(result.warnings) if result else None,
        "error": filing.error,
    }


def review_json(result: Review) -> dict[str, Any]:
    """The review as the JSON object ``review --format json`` prints."""
    units = []
    for status in result.statuses:
        unit = status.unit
        units.append(
            {
                "name": unit.name,
                "level": unit.level,
                "credit_code": unit.credit_code,
                "division_code": unit.division_code,
                "received": status.received,
                "duplicate": status.duplicate,
                "published_on": status.published_on.isoformat() if status.published_on else None,
                "deadline": status.deadline.isoformat(),
                "timeliness": status.timeliness,
                "days_late": status.days_late,
                "valid": status.valid,
                "errors": status.errors,
                "warnings": status.warnings,
                "filings": [_filing_json(filing) for filing in status.filings],
            }
        )
    counts = ("received", "missing", "on_time", "late", "undated", "valid", "invalid", "duplicate")
    return {
        "year": result.year,
        "units": units,
        "unmatched": [_filing_json(filing) for filing in result.unmatched],
        "summary": {"units": len(result.statuses), **{c: result.count(c) for c in counts}},
    }
