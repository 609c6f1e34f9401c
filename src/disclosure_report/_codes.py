"""The two national codes an agency carries, read through python-stdnum.

统一社会信用代码 (GB 32100-2015): `stdnum.cn.uscc` computes its check character.
行政区划代码 (GB/T 2260): python-stdnum ships the codes with the years each name was in
use (``stdnum/cn/loc.dat``); `division` reads them.
"""

from __future__ import annotations

import functools
import re

import attrs

__all__ = ["Division", "credit_check_character", "division", "region_prefix"]


def credit_check_character(code: str) -> str:
    """The check character (the 18th) that the first 17 characters of `code` call for."""
    from stdnum.cn import uscc  # python-stdnum imports pydoc and ssl: only when a code is read

    return uscc.calc_check_digit(code[:17])


_SPAN = re.compile(r"^\[(?P<first>\d{4})?-(?P<last>\d{4})?\](?P<name>.*)$")


@attrs.frozen
class Division:
    """A division code as GB/T 2260 knows it: its names, each with the years it was in use."""

    code: str
    names: tuple[tuple[str, int | None, int | None], ...]
    """(name, first year or None, last year or None), oldest first."""

    def name_in(self, year: int | None = None) -> str | None:
        """The name in use in `year` (the latest name when `year` is None), or None."""
        for name, first, last in reversed(self.names):
            if year is None or ((first or 0) <= year <= (last or 9999)):
                return name
        return None

    @property
    def described(self) -> str:
        """Every name with its years, as in ``洪泽县（1983–2016）``."""
        parts = []
        for name, first, last in self.names:
            span = "" if first is None and last is None else f"（{first or ''}–{last or ''}）"
            parts.append(name + span)
        return "、".join(parts)


@functools.cache
def division(code: str) -> Division | None:
    """GB/T 2260's entry for a six-digit `code`, or None when python-stdnum does not know it."""
    from stdnum import numdb

    entries = numdb.get("cn/loc").info(code)
    county = next((props["county"] for _, props in entries if "county" in props), None)
    if county is None:
        return None
    names: list[tuple[str, int | None, int | None]] = []
    for part in county.split(","):
        match = _SPAN.match(part)
        if match is None:
            names.append((part, None, None))
            continue
        first, last = match["first"], match["last"]
        names.append((match["name"], int(first) if first else None, int(last) if last else None))
    return Division(code, tuple(names))


def region_prefix(code: str) -> str:
    """The leading digits every code inside the region of `code` shares.

    A county's own units share its code (``321322``); a city's counties share its first
    four digits (``321300`` → ``3213``), a province's its first two (``320000`` → ``32``).
    """
    prefix = code
    while prefix.endswith("00") and len(prefix) > 2:
        prefix = prefix[:-2]
    return prefix
