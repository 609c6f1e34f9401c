"""The JSON Schemas of the report documents: generated from the declaration, shipped as files.

`generate(template)` builds a schema from `model` and `layout`; the files in
``schemas/`` are its output, packaged with the library, and `schema(template)`
reads them back. `registry()` resolves every ``$ref`` from those files alone:
nothing is ever fetched.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from collections.abc import Mapping
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

import attrs
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from . import _money
from ._errors import DeclarationError
from ._jsontext import encode
from ._layout import Kind, layout, pointer
from ._model import TEMPLATES, meta_of

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


def _cell_schema(kind: Kind, title: str, description: str) -> dict[str, Any]:
    if kind == "money":
        return {
            "title": title,
            "description": (
                f"{description}. A number ≥ 0 in 万元, below 10^{_money.INTEGER_DIGITS} "
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
                raise DeclarationError(
                    f"{meta_pattern!r} ends in $, which Python also matches before a final "
                    "newline: declare max_length, so that it means what ECMA-262 reads"
                )
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
    raise DeclarationError(f"no schema for {annotation!r}")


def _object_schema(cls: type, path: tuple[str, ...], template: str) -> dict[str, Any]:
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
    field: attrs.Attribute[Any], path: tuple[str, ...], template: str
) -> dict[str, Any]:
    meta = meta_of(field)
    place = layout(template).field(pointer(path))
    if place is not None and place.cell is not None:
        where = " · ".join(label.en for label in (place.cell.table.name, *place.row))
        return _cell_schema(place.cell.kind, meta.label, f"{meta.description} ({where})")
    if isinstance(field.type, type) and attrs.has(field.type):
        description = meta.description or meta.en
        return {
            "title": meta.label,
            "description": description,
            **_object_schema(field.type, path, template),
        }
    return {
        "title": meta.label,
        "description": meta.description or meta.en,
        **_value_schema(field.type, meta.pattern, meta.min_length, meta.max_length),
    }


def generate(template: str) -> dict[str, Any]:
    """The JSON Schema of a report in `template`, built from the declaration."""
    info = TEMPLATES[template]
    body = _object_schema(info.report_class, (), template)
    return {
        "$schema": DIALECT,
        "$id": schema_id(template),
        "title": f"政府信息公开工作年度报告（{info.title}，{info.notice}）",
        "description": (
            f"An annual government information disclosure report in the {template} "
            f"national template, for report years {info.first_year}"
            + (f"–{info.last_year}" if info.last_year else " and later")
            + ". Every key's Chinese label is its title."
        ),
        **body,
    }


def generate_dispatcher() -> dict[str, Any]:
    """A schema for a report of either template, dispatching on ``template``."""
    return {
        "$schema": DIALECT,
        "$id": schema_id(DISPATCHER),
        "title": "政府信息公开工作年度报告",
        "description": "A report in either national template, chosen by its `template` key.",
        "type": "object",
        "required": ["template"],
        "properties": {"template": {"title": "模板", "enum": list(TEMPLATES)}},
        "allOf": [
            {
                "if": {"properties": {"template": {"const": template}}},
                "then": {"$ref": schema_id(template)},
            }
            for template in TEMPLATES
        ],
    }


def schema_text(template: str) -> str:
    """The published text of a schema, as the generator writes it."""
    generated = generate_dispatcher() if template == DISPATCHER else generate(template)
    return encode(generated) + "\n"


def _read_packaged(name: str) -> str:
    packaged = importlib.resources.files(__package__).joinpath("schemas").joinpath(name)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    # A source checkout (editable install): the files are at the top of the tree.
    return (Path(__file__).resolve().parents[2] / "schemas" / name).read_text(encoding="utf-8")


@functools.cache
def schema(template: str) -> Mapping[str, Any]:
    """The published schema of `template` (``"2019"``, ``"2021"``, or ``"report"``)."""
    loaded: dict[str, Any] = json.loads(_read_packaged(SCHEMA_FILES[template]))
    return loaded


@functools.cache
def registry() -> Registry[Any]:
    """The published schemas by ``$id``; it has no way to fetch anything else."""
    resources = [
        (schema_id(name), Resource.from_contents(schema(name), default_specification=DRAFT202012))
        for name in SCHEMA_FILES
    ]
    return Registry().with_resources(resources)
