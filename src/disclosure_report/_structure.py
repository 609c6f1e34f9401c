"""The first layer of validation: is a parsed document a report of its template?

Its template's JSON Schema (with `jsonschema`, every problem collected with its place)
and the digits of its amounts. Loading JSON (`loads`) needs this and nothing of the
consistency rules; `validate` runs it first and the rules after.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from . import _money
from ._declare import Template, TemplateSet
from ._findings import Finding
from ._layout import Label, Layout, layout, pointer
from ._schema import registry, schema
from ._templates import templates

__all__ = ["structure_findings", "unread_places"]

Document = Any


def _is_count(_: Any, instance: Any) -> bool:
    return type(instance) is int


def _is_number(_: Any, instance: Any) -> bool:
    if type(instance) is int:
        return True
    if type(instance) is float:
        return math.isfinite(instance)
    return type(instance) is Decimal and instance.is_finite()


_TYPE_CHECKER = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine_many(
    {"integer": _is_count, "number": _is_number}
)
_StrictValidator = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator, type_checker=_TYPE_CHECKER
)
"""Draft 2020-12, except that an integer is an int (``3.0`` is not a count) and a number
is finite (JSON has no NaN: a float or `Decimal` NaN from Python is not a number)."""


@functools.cache
def _validator_of(template: Template, chosen: TemplateSet) -> jsonschema.protocols.Validator:
    validator: jsonschema.protocols.Validator = _StrictValidator(
        schema(template), registry=registry()
    )
    return validator


def _validator(template: str) -> jsonschema.protocols.Validator:
    chosen = templates()
    return _validator_of(chosen[template], chosen)


def unread_places(document: Document) -> Mapping[str, str]:
    """The places the import could not read, with what was printed there (``unread``)."""
    unread = document.get("unread") if isinstance(document, Mapping) else None
    if not isinstance(unread, dict):
        return {}
    return {at: text for at, text in unread.items() if type(at) is str and type(text) is str}


def _schema_finding(
    lay: Layout | None, path: tuple[str, ...], keyword: str, detail: str
) -> Finding:
    at = pointer(path)
    place = lay.field(at) if lay else None
    labels: tuple[Label, ...] = place.labels if place else ()
    if place is None and lay is not None:
        parent = lay.field(pointer(path[:-1]))
        if parent is not None:
            labels = (*parent.labels, Label(path[-1], path[-1]))
    return Finding(
        code="SCHEMA",
        severity="error",
        pointer=at,
        labels=labels,
        table=place.table.name if place and place.table else None,
        row=place.row if place else (),
        column=place.column if place else (),
        keyword=keyword,
        detail=detail,
    )


_SHOWN_CHARACTERS = 40


def _describe(value: Any) -> str:
    """A short, order-independent description of a JSON value."""
    if isinstance(value, dict):
        return f"an object of {len(value)} key(s)"
    if isinstance(value, list):
        return f"an array of {len(value)} item(s)"
    if isinstance(value, str) and len(value) > _SHOWN_CHARACTERS:
        return f"{value[:_SHOWN_CHARACTERS]!r}… ({len(value)} characters)"
    if value is None or isinstance(value, bool):
        return "null" if value is None else str(value).lower()
    return repr(value) if isinstance(value, str) else str(value)


def _expectation(keyword: str, wanted: Any) -> str:
    if keyword == "type":
        kinds = [wanted] if isinstance(wanted, str) else list(wanted)
        return " or ".join(kinds)
    if keyword in ("minimum", "maximum", "exclusiveMaximum", "maxLength"):
        return f"{keyword} {wanted}"
    if keyword in ("enum", "const"):
        choices = wanted if keyword == "enum" else [wanted]
        return "one of " + ", ".join(repr(choice) for choice in choices)
    if keyword == "minLength":
        return "a non-empty text"
    if keyword == "pattern":
        return f"matching {wanted}"
    return keyword


def _detail(keyword: str, error: ValidationError) -> str:
    """What is wrong, in a few words that do not depend on the input's key order."""
    return f"{_describe(error.instance)}: expected {_expectation(keyword, error.validator_value)}"


def _schema_findings(lay: Layout | None, error: ValidationError) -> Iterator[Finding]:
    path = tuple(str(key) for key in error.absolute_path)
    keyword = str(error.validator)
    instance = error.instance
    if keyword == "required" and isinstance(instance, dict):
        required: list[str] = list(error.validator_value)  # type: ignore[arg-type]
        for name in required:
            if name not in instance:
                yield _schema_finding(lay, (*path, name), keyword, f"{name!r} is required")
    elif keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = error.schema.get("properties", {}) if isinstance(error.schema, Mapping) else {}
        for name in instance:
            if name not in allowed:
                yield _schema_finding(lay, (*path, name), keyword, f"{name!r} is not allowed")
    elif "propertyNames" in error.schema_path and isinstance(instance, str):
        detail = f"{_describe(instance)}: expected a JSON Pointer (RFC 6901)"
        yield _schema_finding(lay, (*path, instance), "propertyNames", detail)
    else:
        yield _schema_finding(lay, path, keyword, _detail(keyword, error))


def structure_findings(document: Any) -> tuple[str | None, list[Finding]]:
    """The template of a parsed document and its `SCHEMA` findings."""
    if not isinstance(document, dict):
        kind = type(document).__name__
        return None, [_schema_finding(None, (), "type", f"a report is a JSON object, not {kind}")]
    template = document.get("template")
    if "template" not in document:
        return None, [_schema_finding(None, ("template",), "required", "'template' is required")]
    if not isinstance(template, str) or template not in templates():
        known = ", ".join(repr(t) for t in templates())
        detail = f"{template!r} is not a template; use one of {known}"
        return None, [_schema_finding(None, ("template",), "enum", detail)]
    lay = layout(template)
    unread = unread_places(document)
    findings: dict[tuple[str, str], Finding] = {}
    for error in _validator(template).iter_errors(document):
        for finding in _schema_findings(lay, error):
            if finding.keyword == "minLength" and finding.pointer in unread:
                continue  # a name the import could not find is `UNREAD`, not the report's fault
            findings.setdefault((finding.pointer, finding.keyword or ""), finding)
    flagged = {at for at, _ in findings}
    for finding in _money_findings(lay, document):
        if finding.pointer not in flagged:
            findings[(finding.pointer, finding.keyword or "")] = finding
    return template, list(findings.values())


def _money_findings(lay: Layout, document: Any) -> Iterator[Finding]:
    """Amounts written with more digits after the point than the contract allows.

    JSON Schema cannot say this portably (``multipleOf`` on binary floats differs
    between implementations), so the schema says it in words and the library checks it.
    """
    for cell in lay.cells:
        if cell.kind != "money":
            continue
        value: Any = document
        for key in cell.path:
            value = value.get(key) if isinstance(value, dict) else None
        if not _is_number(None, value) or type(value) is bool or value < 0:
            continue
        if _money.fraction_digits(value) > _money.FRACTION_DIGITS:
            detail = (
                f"{_describe(value)}: expected at most {_money.FRACTION_DIGITS} "
                "digits after the point"
            )
            yield _schema_finding(lay, cell.path, "fractionDigits", detail)
