"""The JSON Schemas of the report documents: generated from the declaration, shipped as files.

`generate(template)` builds a schema from the template's declaration and layout; the files
in ``schemas/`` are its output for the national templates, packaged with the library, and
`schema(template)` reads them back (a template declared elsewhere has its schema generated
when it is first asked for). `registry()` resolves every ``$ref`` among the schemas of the
templates in use: nothing is ever fetched.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from types import UnionType
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin

import attrs
import orjson

from . import _money
from ._declare import CellKind, Template, TemplateSet, TextMeta, meta_of
from ._errors import DeclarationError
from ._layout import layout, pointer
from ._templates import TEMPLATES, templates
from ._templates._common import REPORT_TITLE

if TYPE_CHECKING:
    from referencing import Registry

__all__ = [
    "DIALECT",
    "SCHEMA_FILES",
    "generate",
    "generate_dispatcher",
    "registry",
    "schema",
    "schema_id",
    "schema_text",
]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of the published schemas (Draft 2020-12)."""
SCHEMA_VERSION = 2
DISPATCHER = "report"

SCHEMA_FILES = {
    **{template: f"report-{template}.schema.json" for template in TEMPLATES},
    DISPATCHER: "report.schema.json",
}
"""File names of the published schemas, by template id (and ``"report"`` for either)."""

_NOT_A_POINTER = "^[^/]|~([^01]|$)"
"""What no JSON Pointer (RFC 6901) holds: a first character other than ``/``, or a ``~``
that is not ``~0`` or ``~1``. Written as what is refused, it means the same in every
regular expression dialect: Python's ``$`` also matches before a final newline, and
ECMA-262's does not, but a ``~`` followed by a newline is refused by ``[^01]`` anyway."""
_BLANK = "null for a blank cell (left empty, or a placeholder such as '-', '/', '无')"


def schema_id(template: str) -> str:
    """The ``$id`` of the schema of `template` (or ``"report"`` for either template)."""
    name = DISPATCHER if template == DISPATCHER else f"report-{template}"
    return f"urn:disclosure-report:schema:{name}:v{SCHEMA_VERSION}"


def _cell_schema(
    kind: CellKind, title: str, description: str, unit_key: str | None = None
) -> dict[str, Any]:
    if kind == "money":
        unit = "in 万元" if unit_key is None else f"as written, in the unit that {unit_key} states"
        return {
            "title": title,
            "description": (
                f"{description}. A number ≥ 0 {unit}, below 10^{_money.INTEGER_DIGITS} "
                f"(at most {_money.INTEGER_DIGITS} digits before the point) and written with "
                f"at most {_money.FRACTION_DIGITS} digits after it, or {_BLANK}."
            ),
            "type": ["number", "null"],
            "minimum": 0,
            "exclusiveMaximum": _money.LIMIT,
        }
    if kind == "signed":
        return {
            "title": title,
            "description": f"{description}. A signed integer, or {_BLANK}.",
            "type": ["integer", "null"],
        }
    return {
        "title": title,
        "description": f"{description}. An integer ≥ 0, or {_BLANK}.",
        "type": ["integer", "null"],
        "minimum": 0,
    }


def _value_schema(
    annotation: Any, meta_pattern: str | None, min_length: int | None, max_length: int | None
) -> dict[str, Any]:
    """The schema of a field that is neither a table cell nor a nested class."""
    value = annotation
    if get_origin(annotation) in (Union, UnionType):
        (value,) = (arg for arg in get_args(annotation) if arg is not type(None))
    if get_origin(value) is Literal:
        choices = list(get_args(value))
        return {"const": choices[0]} if len(choices) == 1 else {"enum": choices}
    if value is int:
        return {"type": "integer", "minimum": 1900, "maximum": 2999}
    if value is str:
        result: dict[str, Any] = {"type": "string"}
        if min_length:
            result["minLength"] = min_length
        if max_length:
            result["maxLength"] = max_length
        if meta_pattern:
            if meta_pattern.endswith("$") and not max_length:
                raise DeclarationError(key="pattern_dollar", pattern=meta_pattern)
            result["pattern"] = meta_pattern
        return result
    if get_origin(value) is tuple:
        return {"type": "array", "items": {"type": "string", "minLength": 1}}
    if get_origin(value) is Mapping:
        return {
            "type": "object",
            "propertyNames": {"not": {"pattern": _NOT_A_POINTER}},
            "additionalProperties": {"type": "string"},
        }
    raise DeclarationError(key="no_schema", annotation=annotation)


def _object_schema(cls: type, path: tuple[str, ...], template: Template) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        meta = meta_of(field)
        key = meta.wire or field.name
        field_path = (*path, key)
        if not meta.optional:
            required.append(key)
        properties[key] = _field_schema(field, field_path, template)
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _field_schema(
    field: attrs.Attribute[Any], path: tuple[str, ...], template: Template
) -> dict[str, Any]:
    meta = meta_of(field)
    place = layout(template).field(pointer(path))
    title, description = meta.label.zh, meta.description or meta.label.en
    if place is not None and place.cell is not None:
        where = " · ".join(label.en for label in (place.cell.table.name, *place.row))
        column = place.cell.column
        return _cell_schema(column.kind, title, f"{meta.description} ({where})", column.unit_key)
    if isinstance(field.type, type) and attrs.has(field.type):
        return {
            "title": title,
            "description": description,
            **_object_schema(field.type, path, template),
        }
    text = meta if isinstance(meta, TextMeta) else TextMeta(label=meta.label)
    return {
        "title": title,
        "description": description,
        **_value_schema(field.type, text.pattern, text.min_length, text.max_length),
    }


def _national(template: Template) -> bool:
    return TEMPLATES.get(template.id) is template


def generate(template: str | Template) -> dict[str, Any]:
    """The JSON Schema of a report in `template`, built from its declaration."""
    info = templates()[template] if isinstance(template, str) else template
    body = _object_schema(info.report_class, (), info)
    kind = "national template" if _national(info) else "template"
    return {
        "$schema": DIALECT,
        "$id": schema_id(info.id),
        "title": f"{REPORT_TITLE}（{info.title}，{info.notice}）",
        "description": (
            f"An annual government information disclosure report in the {info.id} "
            f"{kind}, for report years {info.first_year}"
            + (f"–{info.last_year}" if info.last_year else " and later")
            + ". Every key's Chinese label is its title."
        ),
        **body,
    }


def generate_dispatcher(chosen: TemplateSet | None = None) -> dict[str, Any]:
    """A schema for a report of any template of `chosen` (the templates in use),
    dispatching on ``template``."""
    chosen = templates() if chosen is None else chosen
    kind = "national template" if all(_national(t) for t in chosen.values()) else "template"
    field = attrs.fields(chosen.latest.report_class).template
    return {
        "$schema": DIALECT,
        "$id": schema_id(DISPATCHER),
        "title": REPORT_TITLE,
        "description": f"A report in either {kind}, chosen by its `template` key.",
        "type": "object",
        "required": ["template"],
        "properties": {"template": {"title": meta_of(field).label.zh, "enum": list(chosen)}},
        "allOf": [
            {
                "if": {"properties": {"template": {"const": template}}},
                "then": {"$ref": schema_id(template)},
            }
            for template in chosen
        ],
    }


def schema_text(template: str) -> str:
    """The published text of a schema, as the generator writes it."""
    from ._jsontext import encode

    generated = generate_dispatcher() if template == DISPATCHER else generate(template)
    return encode(generated) + "\n"


def _read_packaged(name: str) -> bytes:
    """The UTF-8 text of a published schema: packaged beside this module, or at the top of
    the tree in a source checkout (an editable install). Read from the file system directly:
    `importlib.resources`, and what it imports, is asked only of a package that is not on
    it (imported from a zip archive)."""
    here = os.path.dirname(__file__)
    if not os.path.isdir(here):
        import importlib.resources

        packaged = importlib.resources.files(__package__).joinpath("schemas").joinpath(name)
        return packaged.read_bytes()
    installed = os.path.join(here, "schemas", name)
    if not os.path.isfile(installed):  # a source checkout: the schemas at the top of the tree
        top = os.path.dirname(os.path.dirname(os.path.realpath(here)))
        installed = os.path.join(top, "schemas", name)
    with open(installed, "rb") as stream:
        return stream.read()


@functools.cache
def _packaged(name: str) -> Mapping[str, Any]:
    # orjson: a tenth of the time of `json` on the 120 kB of a template's schema, which the
    # compiled check reads at every start (the files hold no number but integers)
    loaded: dict[str, Any] = orjson.loads(_read_packaged(name))
    return loaded


@functools.cache
def _generated(template: Template) -> Mapping[str, Any]:
    return generate(template)


@functools.cache
def _dispatcher(chosen: TemplateSet) -> Mapping[str, Any]:
    return generate_dispatcher(chosen)


def schema(template: str | Template) -> Mapping[str, Any]:
    """The schema of `template` (an id of the templates in use, or ``"report"`` for any of
    them): the published file for a national template, else generated from its
    declaration."""
    return _schema_in(templates(), template)


def _schema_in(chosen: TemplateSet, template: str | Template) -> Mapping[str, Any]:
    if template == DISPATCHER:
        return _packaged(SCHEMA_FILES[DISPATCHER]) if chosen == TEMPLATES else _dispatcher(chosen)
    info = chosen[template] if isinstance(template, str) else template
    return _packaged(SCHEMA_FILES[info.id]) if _national(info) else _generated(info)


@functools.cache
def _registry(chosen: TemplateSet) -> Registry[Any]:
    from referencing import Registry, Resource  # the reference path's: imported when it runs
    from referencing.jsonschema import DRAFT202012

    names = [*chosen, DISPATCHER]
    resources = [
        (
            schema_id(name),
            Resource.from_contents(_schema_in(chosen, name), default_specification=DRAFT202012),
        )
        for name in names
    ]
    return Registry().with_resources(resources)


def registry() -> Registry[Any]:
    """The schemas of the templates in use by ``$id``; it has no way to fetch anything else."""
    return _registry(templates())
