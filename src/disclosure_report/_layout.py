"""The printed layout of a template, derived from its declaration.

`layout("2021")` walks the template's report class once and returns the tables with their
rows, columns and cells in printed order, each with its JSON Pointer and labels, and the
sums and carries declared on them. Schemas, blanks, rules, messages, renderers and the
importer read this; none of them spells a label or a key out again.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import attrs

from ._declare import (
    Carry,
    CellKind,
    Label,
    Meta,
    Sums,
    TableMeta,
    Template,
    TextMeta,
    cell_kind,
    meta_of,
)
from ._errors import DeclarationError, NotInTemplateError
from ._templates import templates

__all__ = [
    "Cell",
    "CellKind",
    "Column",
    "Field",
    "Group",
    "Label",
    "Layout",
    "Row",
    "Table",
    "TextSection",
    "common_label",
    "layout",
    "path_of",
    "pointer",
    "unit_at",
    "value_at",
]


def pointer(path: tuple[str, ...]) -> str:
    """The RFC 6901 JSON Pointer of a path of keys."""
    joined = "/".join(path)
    if "~" in joined or joined.count("/") != len(path) - 1:  # a key to escape
        return "".join("/" + key.replace("~", "~0").replace("/", "~1") for key in path)
    return "/" + joined if path else ""


def path_of(at: str) -> tuple[str, ...]:
    """The path of keys of an RFC 6901 JSON Pointer."""
    return tuple(key.replace("~1", "/").replace("~0", "~") for key in at.split("/")[1:])


def value_at(document: Any, path: tuple[str, ...], missing: Any = None) -> Any:
    """The value at `path` in a parsed document, or `missing` where the path leads nowhere."""
    node = document
    for key in path:
        if not isinstance(node, dict):
            return missing
        node = node.get(key, _ABSENT)
        if node is _ABSENT:
            return missing
    return node


_ABSENT = object()


def unit_at(document: Any, cell: Cell) -> str | None:
    """The unit of the amount in a money `cell` of a parsed document: 万元 where the
    template sets it, else the unit the report states (None where it states none, or the
    row is not there)."""
    if cell.column.unit_key is None:
        return "万元"
    unit = value_at(document, (*cell.row.path, cell.column.unit_key))
    return unit if unit in ("元", "万元") else None


@attrs.frozen(cache_hash=True)
class Column:
    """A value column of a table row."""

    key: str
    label: Label
    band: Label | None
    kind: CellKind
    is_total: bool
    description: str
    carry: Carry | None = None
    unit_key: str | None = None
    """For money whose unit the template does not print: the key of the field of the same
    row that holds the unit the report states (absent where it states none). None: the
    template's unit, 万元."""
    unit_label: Label | None = None
    """The label of that field."""


@attrs.frozen(cache_hash=True)
class Row:
    """A data row of a table: a fixed set of value cells."""

    key: str
    path: tuple[str, ...]
    label: Label
    groups: tuple[Label, ...]
    """Labels of the group rows enclosing this row, outermost first."""
    band: Label | None
    columns: tuple[Column, ...]
    is_total: bool
    description: str
    carry: Carry | None = None
    pointer: str = attrs.field(init=False, eq=False, repr=False)
    """The JSON Pointer of `path`, computed once."""

    @pointer.default
    def _pointer(self) -> str:
        return pointer(self.path)

    def column(self, key: str) -> Column:
        """The column with wire key `key`."""
        for column in self.columns:
            if column.key == key:
                return column
        raise NotInTemplateError(key="no_column", row=self.pointer, column=key)


@attrs.frozen(cache_hash=True)
class Group:
    """A group row: a label printed over the rows below it."""

    key: str
    path: tuple[str, ...]
    label: Label
    band: Label | None
    children: tuple[Row | Group, ...]

    @property
    def pointer(self) -> str:
        return pointer(self.path)

    @property
    def rows(self) -> tuple[Row, ...]:
        """The data rows below this group, in printed order."""
        return tuple(_leaf_rows(self.children))


@attrs.frozen(cache_hash=True)
class Table:
    """A table of the report."""

    key: str
    name: Label
    label: Label
    section: int
    corner: str | None
    columns_header: Label | None
    children: tuple[Row | Group, ...]
    transposed: bool = False
    """Rows printed side by side as groups of columns."""
    sums: Sums = attrs.field(factory=Sums)

    @property
    def rows(self) -> tuple[Row, ...]:
        """The data rows of the table, in printed order."""
        return tuple(_leaf_rows(self.children))

    @property
    def groups(self) -> tuple[Group, ...]:
        """The groups of the table, outer before inner, in printed order."""
        return tuple(_groups(self.children))

    def find(self, *keys: str) -> Row | Group:
        """The row or group at `keys` below the table."""
        nodes: tuple[Row | Group, ...] = self.children
        found: Row | Group | None = None
        for key in keys:
            found = next((node for node in nodes if node.key == key), None)
            if found is None:
                raise NotInTemplateError(key="no_row", table=self.key, row="/".join(keys))
            nodes = found.children if isinstance(found, Group) else ()
        if found is None:
            raise NotInTemplateError(key="no_row", table=self.key, row="/".join(keys))
        return found

    def row(self, below: str) -> Row:
        """The data row at `below`, keys joined by ``/`` (``outcomes/total``)."""
        found = self.find(*below.split("/"))
        if not isinstance(found, Row):
            raise NotInTemplateError(key="group_not_row", at=f"{self.key}/{below}")
        return found


@attrs.frozen(cache_hash=True)
class TextSection:
    """A numbered section printed as text."""

    key: str
    path: tuple[str, ...]
    label: Label
    section: int
    pointer: str = attrs.field(init=False, eq=False, repr=False)
    """The JSON Pointer of `path`, computed once."""

    @pointer.default
    def _pointer(self) -> str:
        return pointer(self.path)


@attrs.frozen(cache_hash=True)
class Cell:
    """One value cell, where it sits and what it holds."""

    table: Table
    row: Row
    column: Column
    path: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)
    """Where the cell is, computed once: the rules read it for every cell of a document."""
    pointer: str = attrs.field(init=False, eq=False, repr=False)
    """The JSON Pointer of `path`, computed once."""

    @path.default
    def _path(self) -> tuple[str, ...]:
        return (*self.row.path, self.column.key)

    @pointer.default
    def _pointer(self) -> str:
        return pointer(self.path)

    @property
    def kind(self) -> CellKind:
        return self.column.kind


@attrs.frozen(cache_hash=True)
class Field:
    """Any field of the document: where it is and how a person names it."""

    path: tuple[str, ...]
    labels: tuple[Label, ...]
    """From the table (or the report) down to the field, as a person reads it."""
    table: Table | None
    row: tuple[Label, ...]
    column: tuple[Label, ...]
    cell: Cell | None = None
    """The value cell at this place, for a field of a table row."""


@attrs.frozen(eq=False)
class Layout:
    """Everything printed in one template, in order.

    A layout is one value per template (`layout` caches it), compared and hashed by
    identity: the rules look up what is derived from a layout (its equations, the order of
    its fields) by the layout, for every document, and hashing its whole tree took longer
    than the lookups."""

    template: Template
    tables: tuple[Table, ...]
    text_sections: tuple[TextSection, ...]
    cells: tuple[Cell, ...]
    fields: dict[str, Field] = attrs.field(eq=False, repr=False)
    """Every field of the document by JSON Pointer."""
    rows_by_path: dict[tuple[str, ...], Row] = attrs.field(eq=False, repr=False, factory=dict)
    """Every data row by its path."""

    @property
    def sections(self) -> tuple[Table | TextSection, ...]:
        """The numbered sections, in order."""
        parts: list[Table | TextSection] = [*self.tables, *self.text_sections]
        return tuple(sorted(parts, key=lambda part: part.section))

    @property
    def rows(self) -> tuple[Row, ...]:
        """The data rows of every table, in printed order."""
        return tuple(row for table in self.tables for row in table.rows)

    def table(self, key: str) -> Table:
        """The table with wire key `key` (``proactive``, ``applications``, …)."""
        for table in self.tables:
            if table.key == key:
                return table
        raise NotInTemplateError(key="no_table", template=self.template.id, table=key)

    def field(self, pointer: str) -> Field | None:
        """The field at `pointer`, or None where the template has no such field."""
        return self.fields.get(pointer)

    def row_at(self, path: tuple[str, ...]) -> Row | None:
        """The data row at `path`, or None where the template has none there."""
        return self.rows_by_path.get(path)


def _leaf_rows(nodes: tuple[Row | Group, ...]) -> Iterator[Row]:
    for node in nodes:
        if isinstance(node, Row):
            yield node
        else:
            yield from _leaf_rows(node.children)


def _groups(nodes: tuple[Row | Group, ...]) -> Iterator[Group]:
    for node in nodes:
        if isinstance(node, Group):
            yield node
            yield from _groups(node.children)


def _attrs_class(annotation: Any) -> type | None:
    if isinstance(annotation, type) and attrs.has(annotation):
        return annotation
    return None


def _is_row_class(cls: type) -> bool:
    return not any(_attrs_class(field.type) for field in attrs.fields(cls))


def _columns(cls: type) -> tuple[Column, ...]:
    units = {
        meta.unit_of: (field.name, meta.label)
        for field in attrs.fields(cls)
        if (meta := meta_of(field)).unit_of is not None
    }
    columns = []
    for field in attrs.fields(cls):
        meta = meta_of(field)
        if meta.unit_of is not None:
            if meta.unit_of not in attrs.fields_dict(cls):
                raise DeclarationError(
                    key="unit_of_unknown", name=cls.__name__, field=field.name, column=meta.unit_of
                )
            continue
        unit_key, unit_label = units.get(field.name, (None, None))
        columns.append(
            Column(
                key=field.name,
                label=meta.label,
                band=meta.band,
                kind=cell_kind(field.type, meta),
                is_total=meta.total,
                description=meta.description,
                carry=meta.carry,
                unit_key=unit_key,
                unit_label=unit_label,
            )
        )
    return tuple(columns)


def _nodes(cls: type, path: tuple[str, ...], groups: tuple[Label, ...]) -> tuple[Row | Group, ...]:
    nodes: list[Row | Group] = []
    for field in attrs.fields(cls):
        meta = meta_of(field)
        child = _attrs_class(field.type)
        if child is None:
            raise NotInTemplateError(key="not_row_or_group", name=f"{cls.__name__}.{field.name}")
        child_path = (*path, field.name)
        if _is_row_class(child):
            nodes.append(
                Row(
                    key=field.name,
                    path=child_path,
                    label=meta.label,
                    groups=groups,
                    band=meta.band,
                    columns=_columns(child),
                    is_total=meta.total,
                    description=meta.description,
                    carry=meta.carry,
                )
            )
        else:
            children = _nodes(child, child_path, (*groups, meta.label))
            nodes.append(Group(field.name, child_path, meta.label, meta.band, children))
    return tuple(nodes)


def _table(field: attrs.Attribute[Any], meta: TableMeta) -> Table:
    cls = _attrs_class(field.type)
    if cls is None:
        raise NotInTemplateError(key="table_not_rows", name=field.name)
    return Table(
        key=field.name,
        name=meta.name,
        label=meta.label,
        section=meta.section,
        corner=meta.corner,
        columns_header=meta.columns_header,
        children=_nodes(cls, (field.name,), ()),
        transposed=meta.transposed,
        sums=meta.sums,
    )


def _wire_key(field: attrs.Attribute[Any]) -> str:
    return meta_of(field).wire or field.name


def _document_fields(
    cls: type, path: tuple[str, ...], labels: tuple[Label, ...]
) -> Iterator[Field]:
    """Fields outside the tables, by walking the classes."""
    for field in attrs.fields(cls):
        meta = meta_of(field)
        field_path = (*path, _wire_key(field))
        field_labels = (*labels, meta.label)
        yield Field(field_path, field_labels, None, (), ())
        child = _attrs_class(field.type)
        if child is not None and not isinstance(meta, TableMeta):
            yield from _document_fields(child, field_path, field_labels)


def _table_fields(table: Table) -> Iterator[Field]:
    def row_labels(node: Row | Group, groups: tuple[Label, ...]) -> tuple[Label, ...]:
        band = (node.band,) if node.band else ()
        return (*groups, *band, node.label)

    def walk(nodes: tuple[Row | Group, ...], groups: tuple[Label, ...]) -> Iterator[Field]:
        for node in nodes:
            row = row_labels(node, groups)
            yield Field(node.path, (table.name, *row), table, row, ())
            if isinstance(node, Group):
                yield from walk(node.children, row)
                continue
            for column in node.columns:
                col = (*((column.band,) if column.band else ()), column.label)
                cell = Cell(table, node, column)
                yield Field(cell.path, (table.name, *row, *col), table, row, col, cell)
                if column.unit_key is not None and column.unit_label is not None:
                    unit = (*col, column.unit_label)
                    path = (*node.path, column.unit_key)
                    yield Field(path, (table.name, *row, *unit), table, row, unit)

    yield Field((table.key,), (table.name,), table, (), ())
    yield from walk(table.children, ())


def _text_sections(field: attrs.Attribute[Any]) -> Iterator[TextSection]:
    child = _attrs_class(field.type)
    if child is None or isinstance(meta_of(field), TableMeta):
        return
    for text in attrs.fields(child):
        meta: Meta = meta_of(text)
        if isinstance(meta, TextMeta) and meta.section:
            yield TextSection(text.name, (field.name, text.name), meta.label, meta.section)


@functools.cache
def _layout(template: Template) -> Layout:
    tables: list[Table] = []
    texts: list[TextSection] = []
    fields: dict[str, Field] = {}
    for field in _document_fields(template.report_class, (), ()):
        fields[pointer(field.path)] = field
    for field in attrs.fields(template.report_class):
        meta = meta_of(field)
        if isinstance(meta, TableMeta):
            table = _table(field, meta)
            tables.append(table)
            fields.update((pointer(f.path), f) for f in _table_fields(table))
        texts.extend(_text_sections(field))
    cells = tuple(field.cell for field in fields.values() if field.cell is not None)
    rows = {row.path: row for table in tables for row in table.rows}
    return Layout(template, tuple(tables), tuple(texts), cells, fields, rows)


def layout(template: str | Template) -> Layout:
    """The layout of a template, by id among the templates in use (`templates`), or given."""
    if isinstance(template, str):
        template = templates()[template]
    return _layout(template)


def common_label(at: str) -> Label:
    """The label declared for `at`, a field every report has (``/notes``, ``/agency/name``),
    as the latest template in use prints it."""
    return layout(templates().latest).fields[at].labels[-1]
