"""Cell-by-cell comparison of two reports: year on year, or a corrected re-publication."""

from __future__ import annotations

import decimal
from collections.abc import Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

import attrs

from . import _money
from ._declare import Report
from ._jsonio import unstructure
from ._layout import Cell, Label, Layout, layout, pointer, unit_at, value_at

__all__ = ["Change", "diff"]

Status = Literal["changed", "added", "removed"]
_ABSENT = object()


@attrs.frozen
class Change:
    """One place where two reports differ."""

    pointer: str
    labels: tuple[Label, ...]
    before: Any
    """The value in the first report (None for blank; None too when `status` is "added")."""
    after: Any
    status: Status = "changed"
    cell: bool = True
    """Whether the place is a table cell (a count or an amount), not a field or a text."""
    unit_missing: bool = False
    """An amount whose template prints no unit is written without one in either report:
    `before` and `after` are then the amounts as written, with the unit where one is stated
    (``"251000元"``, ``"251000"``), and they are not compared (no `change`)."""

    @property
    def change(self) -> int | Decimal | None:
        """After minus before, for a cell where both are numbers (and in known units)."""
        numbers = all(
            isinstance(value, (int, Decimal)) and not isinstance(value, bool)
            for value in (self.before, self.after)
        )
        if not (self.cell and numbers) or self.unit_missing:
            return None
        try:
            with decimal.localcontext(_money.exact()):
                difference: int | Decimal = self.after - self.before
        except decimal.DecimalException:  # amounts beyond the bounds, built in Python
            return None
        return difference

    @property
    def percent(self) -> Decimal | None:
        """The change in percent of the value before, to one decimal place."""
        change = self.change
        if change is None or not self.before:
            return None
        context = _money.exact()
        context.traps[decimal.Inexact] = False  # a share is rounded, to one place
        try:
            with decimal.localcontext(context):
                share = Decimal(change) * 100 / Decimal(self.before)
                return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        except decimal.DecimalException:
            return None

    def place(self, lang: str = "zh") -> str:
        return " · ".join(label.text(lang) for label in self.labels) or self.pointer

    def to_json(self) -> dict[str, Any]:
        data = {
            "pointer": self.pointer,
            "labels": [label.zh for label in self.labels],
            "status": self.status,
            "before": self.before,
            "after": self.after,
            "change": self.change,
            "percent": self.percent,
        }
        if self.unit_missing:
            data["unit_missing"] = True
        return data


def _places(first: Layout, second: Layout) -> Iterator[tuple[str, ...]]:
    """Every comparable place: report fields, then the cells of both layouts, in order."""
    seen: set[tuple[str, ...]] = set()
    for lay in (first, second):
        for place in lay.fields.values():
            leaf = place.cell is not None or (place.table is None and len(place.path) > 0)
            if leaf and place.path not in seen and place.path[0] not in ("notes", "$schema"):
                seen.add(place.path)
                yield place.path


def diff(first: Report, second: Report) -> list[Change]:
    """Where `second` differs from `first`: fields, texts and cells, in printed order.

    Cells that only one template has are "removed" or "added".
    """
    a, b = unstructure(first), unstructure(second)
    lay_a, lay_b = layout(first.template), layout(second.template)
    changes = []
    for path in _places(lay_a, lay_b):
        before, after = value_at(a, path, _ABSENT), value_at(b, path, _ABSENT)
        place = lay_a.field(pointer(path)) or lay_b.field(pointer(path))
        missing = False
        if place is not None and place.cell is not None and place.cell.column.unit_key:
            before, after, missing = _in_10k_yuan(a, b, place.cell, before, after)
        if isinstance(before, Mapping) or isinstance(after, Mapping) or before == after:
            continue
        labels = place.labels if place else ()
        cell = place is not None and place.cell is not None
        if before is _ABSENT:
            changes.append(Change(pointer(path), labels, None, after, "added", cell, missing))
        elif after is _ABSENT:
            changes.append(Change(pointer(path), labels, before, None, "removed", cell, missing))
        else:
            changes.append(Change(pointer(path), labels, before, after, "changed", cell, missing))
    return changes


def _in_10k_yuan(a: Any, b: Any, cell: Cell, before: Any, after: Any) -> tuple[Any, Any, bool]:
    """An amount whose template prints no unit, in both reports: in 万元 where each states
    its unit (``251000元`` and ``25.1万元`` are the same), else as written, with whether a
    unit is missing (the two are then not compared, unless they are written alike)."""
    units = (unit_at(a, cell), unit_at(b, cell))
    converted: list[Any] = []
    missing = False
    for value, unit in zip((before, after), units, strict=True):
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            value = _money.in_unit(value, unit)
            missing = missing or value is None
        converted.append(value)
    if not missing:
        return converted[0], converted[1], False
    written = [
        f"{format(value, 'f') if isinstance(value, Decimal) else value}{unit or ''}"
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool)
        else value
        for value, unit in zip((before, after), units, strict=True)
    ]
    return written[0], written[1], True
