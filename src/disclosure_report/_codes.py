"""The two national codes an agency carries, as python-stdnum knows them.

统一社会信用代码 (GB 32100-2015): `credit_check_character` computes its check character as
`stdnum.cn.uscc.calc_check_digit` does. 行政区划代码 (GB/T 2260): python-stdnum ships the
codes with the years each name was in use (``stdnum/cn/loc.dat``); `division` reads its
entry for one code there, as `stdnum.numdb` reads the file.

Neither imports python-stdnum: its package imports pydoc, ssl and pkgutil, and `numdb` parses
all of ``loc.dat`` (some 7,000 lines) to answer for one code — together more than the rest
of checking one report. The tests hold both to python-stdnum's own answers, for every code
of the file.
"""

from __future__ import annotations

import functools
import re

import attrs

__all__ = ["Division", "credit_check_character", "division", "region_prefix"]


_CODE_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters of a credit code, in the order of their values (GB 32100-2015)."""
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_check_character(code: str) -> str:
    """The check character (the 18th) that the first 17 characters of `code` call for, as
    `stdnum.cn.uscc.calc_check_digit` gives it (spaces and dashes left out, letters read
    as capitals); ValueError for a character outside the code's alphabet."""
    compact = "".join(c for c in code[:17] if c not in " -").upper().strip()
    total = sum(_CODE_CHARACTERS.index(c) * w for c, w in zip(compact, _WEIGHTS, strict=False))
    return _CODE_CHARACTERS[(31 - total) % 31]


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
    entries = _info(_locations(), code)
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


# --- python-stdnum's number databases, read for one number -------------------------------

_LINE = re.compile(
    r"^(?P<indent> *)(?P<ranges>([^-,\s]+(-[^-,\s]+)?)(,[^-,\s]+(-[^-,\s]+)?)*)\s*(?P<props>.*)$"
)
_PROPERTY = re.compile(r'(?P<prop>[0-9a-zA-Z-_]+)="(?P<value>[^"]*)"')
"""The lines of a number database, as `stdnum.numdb` reads them."""


@attrs.frozen
class _Block:
    """Lines of a number database at one depth: each entry's children are the deeper lines
    below it, read only when a number is looked up among them."""

    lines: tuple[str, ...]

    @functools.cached_property
    def entries(self) -> list[tuple[int, str, str, dict[str, str], _Block]]:
        """(length, low, high, properties, children) of each prefix, as `stdnum.numdb`;
        read once, for the next number looked up."""
        found: list[tuple[int, str, str, dict[str, str], _Block]] = []
        if not self.lines:
            return found
        first = self.lines[0]
        deeper = " " * (len(first) - len(first.lstrip(" ")) + 1)
        heads = [(line, index) for index, line in enumerate(self.lines)
                 if not line.startswith(deeper)]  # fmt: skip
        for number, (line, index) in enumerate(heads):
            end = heads[number + 1][1] if number + 1 < len(heads) else len(self.lines)
            match = _LINE.search(line)
            if match is None:  # a line `stdnum.numdb` would refuse
                raise ValueError(f"unreadable line of a number database: {line!r}")
            properties = dict(_PROPERTY.findall(match["props"]))
            children = _Block(self.lines[index + 1 : end])
            for span in match["ranges"].split(","):
                low, _, high = span.partition("-")
                found.append((len(low), low, high or low, properties, children))
        return found


def _info(block: _Block, number: str) -> list[tuple[str, dict[str, str]]]:
    """`stdnum.numdb.NumDB.info`: the parts of `number` with their properties."""
    if not number:
        return []
    part = number
    properties: dict[str, str] = {}
    following: list[_Block] = []
    for length, low, high, props, children in block.entries:
        if len(part) >= length and low <= part[:length] <= high:
            if length < len(part):  # only the shortest match counts
                part = part[:length]
                properties = {}
                following = []
            properties.update(props)
            following.append(children)
    deeper = (
        following[0]
        if len(following) == 1
        else _Block(tuple(line for child in following for line in child.lines))
    )
    return [(part, properties), *_info(deeper, number[len(part) :])]


@functools.cache
def _locations() -> _Block:
    """python-stdnum's ``cn/loc.dat``, found without importing python-stdnum."""
    import importlib.machinery

    spec = importlib.machinery.PathFinder.find_spec("stdnum")
    folders = spec.submodule_search_locations if spec is not None else None
    if not folders:  # not on the file system (a zip archive): ask its loader
        import importlib.resources

        text = importlib.resources.files("stdnum").joinpath("cn/loc.dat").read_text("utf-8")
    else:
        with open(f"{next(iter(folders))}/cn/loc.dat", encoding="utf-8") as data:
            text = data.read()
    return _Block(
        tuple(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    )
