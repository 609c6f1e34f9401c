"""The printed layout of each template, derived from the declaration in `model`.

`layout("2021")` walks the report classes once and returns the tables with their
rows, columns and cells in printed order, each with its JSON Pointer and labels.
Schemas, blanks, rules, messages and renderers read this; none of them spells a
label or a key out again.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Literal, get_args

import attrs

from ._errors import NotInTemplateError
from ._model import TEMPLATES, Meta, TemplateInfo, meta_of

__all__ = [
    "Cell",
    "Column",
    "Field",
    "Group",
    "Kind",
    "Label",
    "Layout",
    "Row",
    "Table",
    "TextSection",
    "layout",
    "path_of",
    "pointer",
    "value_at",
]

Kind = Literal["count", "signed", "money"]
"""What a cell holds: a count ≥ 0, a signed count, or money in 万元."""


@attrs.frozen
class Label:
    """A label in Chinese (as printed) and English."""

    zh: str
    en: str

    def text(self, lang: str) -> str:
        """The label in `lang` (``"zh"`` or ``"en"``)."""
        return self.en if lang == "en" else self.zh


def pointer(path: tuple[str, ...]) -> str:
    """The RFC 6901 JSON Pointer of a path of keys."""
    return "".join("/" + key.replace("~", "~0").replace("/", "~1") for key in path)


def path_of(at: str) -> tuple[str, ...]:
    """The path of keys of an RFC 6901 JSON Pointer."""
    return tuple(key.replace("~1", "/").replace("~0", "~") for key in at.split("/")[1:])


def value_at(document: Any, path: tuple[str, ...], missing: Any = None) -> Any:
    """The value at `path` in a parsed document, or `missing` where the path leads nowhere."""
    node = document
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return missing
        node = node[key]
    return node


@attrs.frozen
class Column:
    """A value column of a table row."""

    key: str
    label: Label
    band: Label | None
    kind: Kind
    is_total: bool
    description: str


@attrs.frozen
class Row:
    """A data row: a fixed set of value cells."""

    key: str
    path: tuple[str, ...]
    label: Label
    groups: tuple[Label, ...]
    """Labels of the group rows enclosing this row, outermost first."""
    band: Label | None
    columns: tuple[Column, ...]
    is_total: bool
    description: str

    @property
    def pointer(self) -> str:
        return pointer(self.path)

    def column(self, key: str) -> Column:
        """The column with wire key `key`."""
        for column in self.columns:
            if column.key == key:
                return column
        raise NotInTemplateError(f"{self.pointer} has no column {key!r}")


@attrs.frozen
class Group:
    """A group row: a label over rows (（三）不予公开 over its eight reasons)."""

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


@attrs.frozen
class Table:
    """One of the tables 表二, 表三, 表四."""

    key: str
    name: Label
    label: Label
    section: int
    corner: str | None
    columns_header: Label | None
    children: tuple[Row | Group, ...]
    transposed: bool = False
    """Rows printed side by side as groups of columns (表四)."""

    @property
    def rows(self) -> tuple[Row, ...]:
        """The data rows of the table, in printed order."""
        return tuple(_leaf_rows(self.children))

    def find(self, *keys: str) -> Row | Group:
        """The row or group at `keys` below the table."""
        nodes: tuple[Row | Group, ...] = self.children
        found: Row | Group | None = None
        for key in keys:
            found = next((node for node in nodes if node.key == key), None)
            if found is None:
                raise NotInTemplateError(f"{self.key} has no row {'/'.join(keys)!r}")
            nodes = found.children if isinstance(found, Group) else ()
        if found is None:
            raise NotInTemplateError(f"{self.key} has no row {'/'.join(keys)!r}")
        return found


@attrs.frozen
class TextSection:
    """A numbered section printed as text (一, 五, 六)."""

    key: str
    path: tuple[str, ...]
    label: Label
    section: int


@attrs.frozen
class Cell:
    """One value cell, where it sits and what it holds."""

    table: Table
    row: Row
    column: Column

    @property
    def path(self) -> tuple[str, ...]:
        return (*self.row.path, self.column.key)

    @property
    def pointer(self) -> str:
        return pointer(self.path)

    @property
    def kind(self) -> Kind:
        return self.column.kind


@attrs.frozen
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


@attrs.frozen
class Layout:
    """Everything printed in one template, in order."""

    template: TemplateInfo
    tables: tuple[Table, ...]
    text_sections: tuple[TextSection, ...]
    cells: tuple[Cell, ...]
    fields: dict[str, Field] = attrs.field(eq=False, repr=False)
    """Every field of the document by JSON Pointer."""

    @property
    def sections(self) -> tuple[Table | TextSection, ...]:
        """The six sections, 一 to 六."""
        parts: list[Table | TextSection] = [*self.tables, *self.text_sections]
        return tuple(sorted(parts, key=lambda part: part.section))

    def table(self, key: str) -> Table:
        """The table with wire key `key` (``proactive``, ``applications``, …)."""
        for table in self.tables:
            if table.key == key:
                return table
        raise NotInTemplateError(f"template {self.template.id} has no table {key!r}")

    def field(self, pointer: str) -> Field | None:
        """The field at `pointer`, or None where the template has no such field."""
        return self.fields.get(pointer)


def _leaf_rows(nodes: tuple[Row | Group, ...]) -> Iterator[Row]:
    for node in nodes:
        if isinstance(node, Row):
            yield node
        else:
            yield from _leaf_rows(node.children)


def _band(meta: Meta) -> Label | None:
    return Label(meta.band, meta.band_en or meta.band) if meta.band else None


def _label(meta: Meta) -> Label:
    return Label(meta.label, meta.en)


def _attrs_class(annotation: Any) -> type | None:
    if isinstance(annotation, type) and attrs.has(annotation):
        return annotation
    return None


def _is_row_class(cls: type) -> bool:
    return not any(_attrs_class(field.type) for field in attrs.fields(cls))


def _kind(field: attrs.Attribute[Any], meta: Meta) -> Kind:
    if Decimal in get_args(field.type):
        return "money"
    return "signed" if meta.signed else "count"


def _columns(cls: type) -> tuple[Column, ...]:
    columns = []
    for field in attrs.fields(cls):
        meta = meta_of(field)
        columns.append(
            Column(
                key=field.name,
                label=_label(meta),
                band=_band(meta),
                kind=_kind(field, meta),
                is_total=meta.total,
                description=meta.description,
            )
        )
    return tuple(columns)


def _nodes(cls: type, path: tuple[str, ...], groups: tuple[Label, ...]) -> tuple[Row | Group, ...]:
    nodes: list[Row | Group] = []
    for field in attrs.fields(cls):
        meta = meta_of(field)
        child = _attrs_class(field.type)
        assert child is not None, f"{cls.__name__}.{field.name} is not a row or group"
        child_path = (*path, field.name)
        if _is_row_class(child):
            nodes.append(
                Row(
                    key=field.name,
                    path=child_path,
                    label=_label(meta),
                    groups=groups,
                    band=_band(meta),
                    columns=_columns(child),
                    is_total=meta.total,
                    description=meta.description,
                )
            )
        else:
            children = _nodes(child, child_path, (*groups, _label(meta)))
            nodes.append(Group(field.name, child_path, _label(meta), _band(meta), children))
    return tuple(nodes)


def _table(field: attrs.Attribute[Any], meta: Meta) -> Table:
    cls = _attrs_class(field.type)
    assert cls is not None
    assert meta.table
    assert meta.section
    header = meta.columns_header
    return Table(
        key=field.name,
        name=Label(meta.table, meta.table_en or meta.table),
        label=_label(meta),
        section=meta.section,
        corner=meta.corner,
        columns_header=Label(header, meta.columns_header_en or header) if header else None,
        children=_nodes(cls, (field.name,), ()),
        transposed=meta.transposed,
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
        field_labels = (*labels, _label(meta))
        yield Field(field_path, field_labels, None, (), ())
        child = _attrs_class(field.type)
        if child is not None and meta.table is None:
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

    yield Field((table.key,), (table.name,), table, (), ())
    yield from walk(table.children, ())


@functools.cache
def layout(template: str) -> Layout:
    """The layout of template ``"2019"`` or ``"2021"``."""
    info = TEMPLATES[template]
    tables: list[Table] = []
    texts: list[TextSection] = []
    fields: dict[str, Field] = {}
    for field in _document_fields(info.report_class, (), ()):
        fields[pointer(field.path)] = field
    for field in attrs.fields(info.report_class):
        meta = meta_of(field)
        if meta.table:
            table = _table(field, meta)
            tables.append(table)
            fields.update((pointer(f.path), f) for f in _table_fields(table))
        child = _attrs_class(field.type)
        if child is not None and meta.table is None:
            for text in attrs.fields(child):
                text_meta = meta_of(text)
                if text_meta.section:
                    path = (field.name, text.name)
                    texts.append(TextSection(text.name, path, _label(text_meta), text_meta.section))
    cells = tuple(field.cell for field in fields.values() if field.cell is not None)
    return Layout(info, tuple(tables), tuple(texts), cells, fields)
