"""What a cell of one template is in another: the correspondences of the revisions, as queries.

Each revision declares how the rows of the template it revises are read in it
(`Correspondence`); rows at the same path and columns with the same key correspond without
a declaration. From that, for a cell of one template:

- `counterpart` gives the cells of another template that hold the same quantity — one
  cell, or several that add up to it — or None where nothing there is comparable, going
  through as many revisions as lie between the two;
- `comparable` gives a key that cells of different templates share exactly when they hold
  the same quantity: the template and pointer of the oldest cell it is carried from.

`row_counterpart` answers the same for a whole row, as the importer needs it: which rows of
the template being read a row printed in another template's form stands for.

The cross-year rules, the importer and the export all read these; nothing else knows how
the templates differ.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import attrs

from ._declare import Correspondence, Template
from ._errors import DeclarationError
from ._layout import Layout, Row, layout, pointer
from ._templates import templates

__all__ = ["Counterpart", "RowCounterpart", "comparable", "counterpart", "row_counterpart"]

Cells = Mapping[str, tuple[str, ...]]
"""A cell of one template → the cells of the next that add up to it (empty: none)."""


@attrs.frozen
class Counterpart:
    """The cells of `template` that hold what a cell of another template holds: one cell,
    or several whose sum it is."""

    template: str
    pointers: tuple[str, ...]

    @property
    def single(self) -> str | None:
        """The one cell, where it is one."""
        return self.pointers[0] if len(self.pointers) == 1 else None


@attrs.frozen
class RowCounterpart:
    """The rows of a template that a row of another stands for."""

    rows: tuple[Row, ...]
    """One row (the same, or renamed), or several that add up to it."""
    remainder: Row | None = None
    """For several: the row whose cells a report printing only the one row has its figures in."""


def _correspondence(declared: tuple[Correspondence, ...], row: Row) -> Correspondence | None:
    for entry in declared:
        if row.pointer == entry.before or row.pointer.startswith(entry.before + "/"):
            return entry
    return None


def _check(before: Layout, after: Layout) -> None:
    for entry in after.template.correspondences:
        if before.field(entry.before) is None:
            raise DeclarationError(
                key="correspondence_before", template=after.template.id, before=entry.before,
                revised=before.template.id,
            )  # fmt: skip
        for at in (*entry.after, *((entry.remainder,) if entry.remainder else ())):
            if after.row_at(tuple(at.split("/")[1:])) is None:
                raise DeclarationError(
                    key="correspondence_after", template=after.template.id, at=at
                )


def _rows_after(entry: Correspondence | None, row: Row, after: Layout) -> tuple[Row, ...]:
    if entry is None:
        found = after.row_at(row.path)
        return (found,) if found is not None else ()
    if entry.before != row.pointer:  # a group declared as a whole: only dropping it is meant
        if entry.after:
            raise DeclarationError(key="correspondence_group", before=entry.before)
        return ()
    rows = tuple(after.row_at(tuple(at.split("/")[1:])) for at in entry.after)
    return tuple(found for found in rows if found is not None)


@functools.cache
def _forward(before: Template, after: Template) -> Cells:
    """Each cell of `before` → the cells of its revision `after` that add up to it."""
    old, new = layout(before), layout(after)
    _check(old, new)
    cells: dict[str, tuple[str, ...]] = {}
    for row in old.rows:
        entry = _correspondence(after.correspondences, row)
        targets = _rows_after(entry, row, new)
        renamed = dict(entry.columns) if entry is not None and entry.columns is not None else None
        for column in row.columns:
            key = renamed.get(column.key) if renamed is not None else column.key
            parts = tuple(
                pointer((*target.path, key))
                for target in targets
                if key is not None and key in {c.key for c in target.columns}
            )
            cells[pointer((*row.path, column.key))] = parts if len(parts) == len(targets) else ()
    return cells


@functools.cache
def _backward(before: Template, after: Template) -> Cells:
    """Each cell of the revision `after` → the one cell of `before` it holds the same as."""
    cells: dict[str, tuple[str, ...]] = {}
    for old, new in _forward(before, after).items():
        if len(new) == 1:
            cells[new[0]] = (old,)
    return cells


def _resolve(template: str | Template) -> Template:
    return templates()[template] if isinstance(template, str) else template


def _lineage(template: Template) -> list[Template]:
    """`template` and the templates it revises, newest first."""
    chain = [template]
    known = templates()
    while chain[-1].revises is not None:
        chain.append(known[chain[-1].revises])
    return chain


def _steps(source: Template, target: Template) -> list[tuple[Template, Template, bool]] | None:
    """The revisions from `source` to `target`: (before, after, forward) for each."""
    up, down = _lineage(source), _lineage(target)
    common = next((template for template in up if template in down), None)
    if common is None:
        return None
    steps = [(up[i + 1], up[i], False) for i in range(up.index(common))]
    downward = [(down[i + 1], down[i], True) for i in range(down.index(common))]
    return steps + downward[::-1]


def counterpart(at: str, source: str | Template, target: str | Template) -> Counterpart | None:
    """The cells of `target` holding what the cell `at` of `source` holds, or None where
    `target` has nothing comparable (or `at` is no cell of `source`)."""
    first, last = _resolve(source), _resolve(target)
    if layout(first).field(at) is None or layout(first).fields[at].cell is None:
        return None
    steps = _steps(first, last)
    if steps is None:
        return None
    current: tuple[str, ...] = (at,)
    for before, after, forward in steps:
        mapping = _forward(before, after) if forward else _backward(before, after)
        moved: list[str] = []
        for cell in current:
            found = mapping.get(cell, ())
            if not found:
                return None
            moved.extend(found)
        current = tuple(moved)
    return Counterpart(last.id, current)


def comparable(at: str, template: str | Template) -> str | None:
    """A key that cells of any two templates share exactly when they hold the same quantity:
    ``<template>:<pointer>`` of the oldest cell this one is carried from unchanged; None for
    a place that is no cell."""
    current = _resolve(template)
    if layout(current).field(at) is None or layout(current).fields[at].cell is None:
        return None
    while current.revises is not None:
        before = templates()[current.revises]
        found = _backward(before, current).get(at)
        if found is None:
            break
        (at,) = found
        current = before
    return f"{current.id}:{at}"


def row_counterpart(
    path: tuple[str, ...], source: str | Template, target: str | Template
) -> RowCounterpart | None:
    """The rows of `target` that the row at `path` of `source` stands for, or None where
    `target` has no row it stands for alone (a row dropped, or one part of a split)."""
    first, last = _resolve(source), _resolve(target)
    steps = _steps(first, last)
    row = layout(first).row_at(path)
    if steps is None or row is None:
        return None
    rows: tuple[Row, ...] = (row,)
    remainder: Row | None = None
    for before, after, forward in steps:
        if not forward:
            if len(rows) != 1:
                return None
            entry = next((e for e in after.correspondences if rows[0].pointer in e.after), None)
            if entry is not None and len(entry.after) != 1:
                return None
            back = tuple(entry.before.split("/")[1:]) if entry is not None else rows[0].path
            found = layout(before).row_at(back)
            if found is None:
                return None
            rows, remainder = (found,), None
            continue
        new = layout(after)
        moved: list[Row] = []
        for each in rows:
            entry = _correspondence(after.correspondences, each)
            targets = _rows_after(entry, each, new)
            if not targets:
                return None
            moved.extend(targets)
            if entry is not None and entry.remainder and len(rows) == 1:
                remainder = new.row_at(tuple(entry.remainder.split("/")[1:]))
        rows = tuple(moved)
    return RowCounterpart(rows, remainder if len(rows) > 1 else None)
