"""Which reports are of one agency: the one rule that carry-over, series, roll-up, diff,
export and the roster all use.

A 行政区划代码 names a *place*: every 县直单位 and 乡镇 of a county shares the county's
code, so it never tells agencies apart on its own. The rule:

1. When both reports carry a 统一社会信用代码, the codes decide: equal codes, one agency.
   A code whose check character is wrong (`CREDIT_CODE`) identifies nobody and is ignored.
2. Otherwise the full names, normalised (`normalise_name`), must be equal, and so must the
   division codes where both reports have one.
3. A renaming declared — in the later report's `agency.former_names`, or in a `Renames`
   map given by the caller — makes the former name stand for the current one. A declared
   renaming bridges a change of division code too (洪泽县 320829 became 洪泽区 320813).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from ._error_words import detail_of
from ._errors import RenamesError
from ._layout import common_label
from ._templates._common import CREDIT_CODE_PATTERN, Agency

__all__ = ["Renames", "RenamesError", "agency_key", "normalise_name", "same_agency"]

_CREDIT_CODE_LENGTH = len("11321322014102290G")


def normalise_name(name: str) -> str:
    """A name as compared: Unicode NFKC (full-width letters and brackets made plain), and
    no white space anywhere (``沭阳县 教育局`` is ``沭阳县教育局``)."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def _normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


@attrs.frozen
class Renames:
    """Renamings declared outside the reports: each former name, or former credit code, and
    the current one it stands for. Chains are followed (A → B → C makes A stand for C)."""

    names: Mapping[str, str] = attrs.field(factory=dict)
    """Normalised former name → normalised current name."""
    codes: Mapping[str, str] = attrs.field(factory=dict)
    """Former credit code → current credit code."""

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Renames:
        """From (former, current) pairs; a pair of two 18-character credit codes maps codes."""
        names: dict[str, str] = {}
        codes: dict[str, str] = {}
        for former, current in pairs:
            old, new = former.strip(), current.strip()
            if not old or not new:
                raise RenamesError(key="rename_pair", former=former)
            if _is_credit_code(old) and _is_credit_code(new):
                codes[_normalise_code(old)] = _normalise_code(new)
            else:
                names[normalise_name(old)] = normalise_name(new)
        renames = cls(names, codes)
        for table in (names, codes):
            for start in table:
                renames._follow(table, start)
        return renames

    @classmethod
    def read(cls, path: str | Path) -> Renames:
        """From a CSV file of two columns, former and current; a header row (``former,current``
        or ``曾用名,现名称``) is skipped."""
        try:
            with Path(path).open(encoding="utf-8-sig", newline="") as file:
                rows = [row for row in csv.reader(file) if any(cell.strip() for cell in row)]
        except (OSError, UnicodeDecodeError) as error:
            raise RenamesError(
                key="rename_unreadable", path=path, detail=detail_of(error)
            ) from None
        if rows and [cell.strip() for cell in rows[0][:2]] in (
            ["former", "current"],
            [common_label("/agency/former_names").zh, "现名称"],
        ):
            rows = rows[1:]
        for number, row in enumerate(rows, 1):
            if len(row) != 2:
                raise RenamesError(key="rename_columns", path=path, row=number, count=len(row))
        return cls.from_pairs((row[0], row[1]) for row in rows)

    def __or__(self, other: Renames) -> Renames:
        return Renames({**self.names, **other.names}, {**self.codes, **other.codes})

    @staticmethod
    def _follow(table: Mapping[str, str], start: str) -> str:
        seen = [start]
        current = start
        while current in table:
            current = table[current]
            if current in seen:
                raise RenamesError(key="rename_circle", chain=" → ".join(seen))
            seen.append(current)
        return current

    def name(self, name: str) -> str:
        """The current name that normalised `name` stands for."""
        return self._follow(self.names, name)

    def code(self, code: str) -> str:
        """The current credit code that `code` stands for."""
        return self._follow(self.codes, code)


_NO_RENAMES = Renames()


def _is_credit_code(text: str) -> bool:
    code = _normalise_code(text)
    return len(code) == _CREDIT_CODE_LENGTH and re.match(CREDIT_CODE_PATTERN, code) is not None


@attrs.frozen
class _Seen:
    """What the rule reads of one agency, normalised."""

    name: str | None
    names: frozenset[str]
    """The current name and every former name, each as the renames map has it now."""
    division_code: str | None
    credit_code: str | None


def _checks(code: Any) -> bool:
    """Whether `code` is a credit code whose check character is right: one that is not
    identifies nobody, and the rule falls back on name and division code."""
    if not isinstance(code, str) or not _is_credit_code(code):
        return False
    from stdnum.cn import uscc  # python-stdnum imports pydoc and ssl: only when a code is read

    normal = _normalise_code(code)
    return uscc.is_valid(normal)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _seen(agency: Agency | Mapping[str, Any], renames: Renames) -> _Seen:
    name: Any
    code: Any
    credit: Any
    if isinstance(agency, Agency):
        name, code, credit = agency.name, agency.division_code, agency.credit_code
        former: Iterable[Any] = agency.former_names or ()
    else:
        name, code, credit = (agency.get(k) for k in ("name", "division_code", "credit_code"))
        listed = agency.get("former_names")
        former = listed if isinstance(listed, (list, tuple)) else ()
    plain = normalise_name(name) if _text(name) else None
    names = {renames.name(normalise_name(n)) for n in former if _text(n)}
    if plain:
        names.add(plain)
        names.add(renames.name(plain))
    return _Seen(
        name=plain,
        names=frozenset(names),
        division_code=_text(code),
        credit_code=renames.code(_normalise_code(credit)) if _checks(credit) else None,
    )


def _agency_of(value: Agency | Mapping[str, Any] | Any) -> Agency | Mapping[str, Any]:
    """The agency of a report, a parsed document, or an agency itself."""
    if isinstance(value, Agency):
        return value
    if isinstance(value, Mapping):
        inner = value.get("agency")
        if "template" in value or "year" in value:
            return inner if isinstance(inner, Mapping) else {}
        return value
    agency = getattr(value, "agency", None)
    return agency if isinstance(agency, Agency) else {}


def same_agency(first: Any, second: Any, *, renames: Renames | None = None) -> bool | None:
    """Whether two reports (or parsed documents, or agencies) are of one agency, by the rule
    above; None when one of them has no name to tell by."""
    table = renames or _NO_RENAMES
    a, b = _seen(_agency_of(first), table), _seen(_agency_of(second), table)
    if a.credit_code and b.credit_code:
        return a.credit_code == b.credit_code
    if a.name is None or b.name is None:
        return None
    if a.name == b.name:
        return (
            a.division_code is None
            or b.division_code is None
            or (a.division_code == b.division_code)
        )
    # Different names: one agency only through a declared renaming.
    return table.name(a.name) in b.names or table.name(b.name) in a.names


def agency_key(agency: Agency | Mapping[str, Any] | Any, *, renames: Renames | None = None) -> str:
    """A key for grouping an agency's reports: ``uscc:<credit code>`` when the report has one,
    else ``name:<current normalised name>@<division code>`` (``@`` alone without a code).

    The key follows `renames`, not `former_names`: a report of the year before a renaming
    does not know the name that came after it.
    """
    seen = _seen(_agency_of(agency), renames or _NO_RENAMES)
    if seen.credit_code:
        return f"uscc:{seen.credit_code}"
    current = (renames or _NO_RENAMES).name(seen.name) if seen.name else ""
    return f"name:{current}@{seen.division_code or ''}"
