"""The first layer of validation: is a parsed document a report of its template?

Its template's JSON Schema and the digits of its amounts. The structure check compiled
from the schema answers (`_compiled`, without the rules); jsonschema, imported only when
it is needed, answers what the compiled code cannot and stays the reference that the
differential test holds the compiled code to. Loading JSON (`loads`) needs this and
nothing of the consistency rules; `validate` runs the compiled check of the whole report,
and this layer's findings when its structure is broken.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import orjson

from . import _money
from ._compiled import Checker, Explanation, SchemaError, Verdict, compile_checker
from ._declare import Template, TemplateSet
from ._findings import Finding
from ._layout import Cell, Label, Layout, layout, path_of, pointer, value_at
from ._limits import LIMITS
from ._schema import registry, schema
from ._templates import templates

if TYPE_CHECKING:
    import jsonschema

__all__ = [
    "CompiledRaised",
    "amounts_as_written",
    "checked",
    "colons_add_up",
    "explained",
    "fallbacks",
    "field_positions",
    "is_plain",
    "known_template",
    "money_cells",
    "read_typed",
    "reference_errors",
    "structure_findings",
    "structure_of",
    "template_problem",
    "typed",
    "unread_places",
]

Document = Any


def unread_places(document: Document) -> Mapping[str, str]:
    """The places the import could not read, with what was printed there (``unread``)."""
    unread = document.get("unread") if isinstance(document, Mapping) else None
    if not isinstance(unread, dict):
        return {}
    return {at: text for at, text in unread.items() if type(at) is str and type(text) is str}


@functools.cache
def _shape_checker_of(template: Template, chosen: TemplateSet) -> Checker:
    return compile_checker(template, chosen)


def _shape_checker(template: str) -> Checker:
    """The compiled check of the structure alone of `template`."""
    chosen = templates()
    return _shape_checker_of(chosen[template], chosen)


def _is_count(_: Any, instance: Any) -> bool:
    return type(instance) is int


def _is_number(_: Any, instance: Any) -> bool:
    if type(instance) is int:
        return True
    if type(instance) is float:
        return math.isfinite(instance)
    return type(instance) is Decimal and instance.is_finite()


@functools.cache
def _strict_validator() -> type[jsonschema.protocols.Validator]:
    """Draft 2020-12, except that an integer is an int (``3.0`` is not a count) and a number
    is finite (JSON has no NaN: a float or `Decimal` NaN from Python is not a number).

    jsonschema is imported here, by the reference path alone: the compiled checks answer
    without it."""
    import jsonschema

    checker = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine_many(
        {"integer": _is_count, "number": _is_number}
    )
    validator: type[jsonschema.protocols.Validator] = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft202012Validator, type_checker=checker
    )
    return validator


@functools.cache
def _validator_of(template: Template, chosen: TemplateSet) -> jsonschema.protocols.Validator:
    validator: jsonschema.protocols.Validator = _strict_validator()(
        schema(template), registry=registry()
    )
    return validator


def _validator(template: str) -> jsonschema.protocols.Validator:
    chosen = templates()
    return _validator_of(chosen[template], chosen)


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


def _detail(keyword: str, instance: Any, expected: Any) -> str:
    """What is wrong, in a few words that do not depend on the input's key order."""
    return f"{_describe(instance)}: expected {_expectation(keyword, expected)}"


def _schema_findings(lay: Layout | None, error: SchemaError) -> Iterator[Finding]:
    path, keyword, instance = error.path, error.keyword, error.instance
    if keyword == "required" and isinstance(instance, dict):
        for name in error.expected:
            if name not in instance:
                yield _schema_finding(lay, (*path, name), keyword, f"{name!r} is required")
    elif keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = error.schema.get("properties", {})
        for name in instance:
            if name not in allowed:
                yield _schema_finding(lay, (*path, name), keyword, f"{name!r} is not allowed")
    elif keyword == "propertyNames":
        detail = f"{_describe(instance)}: expected a JSON Pointer (RFC 6901)"
        yield _schema_finding(lay, (*path, instance), "propertyNames", detail)
    else:
        yield _schema_finding(lay, path, keyword, _detail(keyword, instance, error.expected))


def reference_errors(template: str, document: Any) -> Iterator[SchemaError]:
    """The structural problems of a document, as jsonschema finds them."""
    for error in _validator(template).iter_errors(document):
        keyword = str(error.validator)
        if "propertyNames" in error.schema_path and isinstance(error.instance, str):
            keyword = "propertyNames"
        schema_node = error.schema if isinstance(error.schema, Mapping) else {}
        path = tuple(str(key) for key in error.absolute_path)
        yield SchemaError(path, keyword, error.instance, error.validator_value, schema_node)


def template_problem(document: Any) -> tuple[str | None, list[Finding]]:
    """The template a parsed document names, or the finding that says it names none."""
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
    return template, []


def structure_findings(document: Any) -> tuple[str | None, list[Finding]]:
    """The template of a parsed document and its `SCHEMA` findings, found by the compiled
    checker where it can answer, else by jsonschema."""
    template, problems = template_problem(document)
    if template is None:
        return template, problems
    checker = _shape_checker(template)
    try:
        verdict = checked(checker, document)
    except CompiledRaised:
        return template, structure_of(template, document, reference_errors(template, document))
    if verdict is not None and not verdict.inexact:
        return template, []
    explanation = explained(checker, document) if is_plain(document) else None
    if explanation is None:
        return template, structure_of(template, document, reference_errors(template, document))
    return template, structure_of(template, document, explanation.errors)


@functools.cache
def field_positions(lay: Layout) -> Mapping[str, int]:
    """The place of each field of a layout in its order, by JSON Pointer."""
    return {at: index for index, at in enumerate(lay.fields)}


def structure_of(template: str, document: Any, errors: Iterable[SchemaError]) -> list[Finding]:
    """The `SCHEMA` findings of `errors` and of the amounts of a document, in the order of
    the template's fields (the compiled code and jsonschema find them in different orders)."""
    lay = layout(template)
    unread = unread_places(document)
    findings: dict[tuple[str, str], Finding] = {}
    for error in errors:
        for finding in _schema_findings(lay, error):
            if finding.keyword == "minLength" and finding.pointer in unread:
                continue  # a name the import could not find is `UNREAD`, not the report's fault
            findings.setdefault((finding.pointer, finding.keyword or ""), finding)
    flagged = {at for at, _ in findings}
    for finding in _money_findings(lay, document):
        if finding.pointer not in flagged:
            findings[(finding.pointer, finding.keyword or "")] = finding
    positions = field_positions(lay)
    return sorted(
        findings.values(),
        key=lambda f: (positions.get(f.pointer, len(positions)), f.pointer, f.keyword or ""),
    )


@functools.cache
def money_cells(lay: Layout) -> tuple[Cell, ...]:
    """The cells of `lay` that hold amounts (money)."""
    return tuple(cell for cell in lay.cells if cell.kind == "money")


def _money_findings(lay: Layout, document: Any) -> Iterator[Finding]:
    """Amounts written with more digits after the point than the contract allows.

    JSON Schema cannot say this portably (``multipleOf`` on binary floats differs
    between implementations), so the schema says it in words and the library checks it.
    """
    for cell in money_cells(lay):
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


_FALLBACKS: Counter[str] = Counter()
"""How often the compiled code raised, by function: each time the reference path answered
instead. A bug in the generated code shows here (and in the tests), not as mere slowness."""


def fallbacks() -> Counter[str]:
    """A copy of the count of compiled checks that raised, by function (``check``,
    ``explain``, and the typed reader's ``typed``, after which the fast path answers)."""
    return Counter(_FALLBACKS)


class CompiledRaised(Exception):
    """The compiled code raised: the reference path answers instead."""


def read_typed(value: str | bytes | bytearray) -> Any:
    """JSON text read by orjson, when the compiled check vouches for its structure (and
    the text holds no duplicate key and each amount as written): the same document as
    `parse` reads, with no `SCHEMA` finding to give. None otherwise: read it with `parse`."""
    if len(value) > LIMITS.document_bytes:
        return None
    try:
        document = orjson.loads(value)
    except orjson.JSONDecodeError:
        return None
    template = known_template(document)
    if template is None:
        return None
    verdict = _shape_verdict(template, document)
    if verdict is None or not colons_add_up(value, verdict.members, verdict.colons):
        return None
    if verdict.inexact and not amounts_as_written(value, document, layout(template)):
        return None
    return document


def _shape_verdict(template: str, document: Any) -> Verdict | None:
    """What the compiled structure check says of a document of `template`; None where it
    cannot vouch for it."""
    try:
        return checked(_shape_checker(template), document)
    except CompiledRaised:
        return None


def typed(document: Any) -> bool:
    """Whether the compiled check vouches for a document's structure: every value of the
    type its place allows (no float), no string with a character written as an escape, so
    that orjson writes it as `encode` does (`encode_typed`)."""
    template = known_template(document)
    verdict = None if template is None else _shape_verdict(template, document)
    return verdict is not None and not verdict.inexact and not verdict.escaped


def checked(checker: Checker, document: Any) -> Verdict | None:
    """The verdict of ``check``, None for a structure it refuses; `CompiledRaised` if it raised."""
    try:
        return checker.check(document)
    except (KeyError, TypeError, ArithmeticError):
        _FALLBACKS["check"] += 1
        raise CompiledRaised from None


def explained(checker: Checker, document: Any) -> Explanation | None:
    try:
        return checker.explain(document)
    except (KeyError, TypeError, ArithmeticError):
        _FALLBACKS["explain"] += 1
        return None


_PLAIN = frozenset({str, int, float, Decimal, bool, type(None)})


def is_plain(document: Any) -> bool:
    """Whether a value holds only the exact types a JSON parser gives: no subclass, tuple,
    key other than a string, or other object (which jsonschema may read otherwise)."""
    stack = [document]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is dict:
            if not all(type(key) is str for key in value):
                return False
            stack.extend(value.values())
        elif kind is list:
            stack.extend(value)
        elif kind not in _PLAIN:
            return False
    return True


def colons_add_up(value: str | bytes | bytearray, members: int, inside: int) -> bool:
    """Whether every colon of the text outside strings is an object member's, and none was
    written as an escape (``\\u003a``), which the count inside strings would not see."""
    if isinstance(value, str):
        if value.count(":") != members + inside:
            return False
        # an escape starts with a backslash: most documents have none, found at once
        return "\\" not in value or not ("\\u003a" in value or "\\u003A" in value)
    # in UTF-8 a colon is one byte, never part of another character
    if value.count(b":") != members + inside:
        return False
    return b"\\" not in value or not (b"\\u003a" in value or b"\\u003A" in value)


def known_template(document: Any) -> str | None:
    template = document.get("template") if type(document) is dict else None
    return template if type(template) is str and template in templates() else None


_AMOUNT = rb"\s*:\s*(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)"
"""What follows an amount's key in JSON text: the colon and the number as written."""


@functools.cache
def _amount_cells(
    lay: Layout,
) -> tuple[tuple[tuple[str, ...], str, bytes, re.Pattern[bytes], bool], ...]:
    """Each money cell: the path of its row, its key, the key as JSON, the pattern of its
    member, and whether the key is its own (no other field of the template has it)."""
    keys = Counter(key for at in lay.fields for key in path_of(at))
    return tuple(
        (cell.row.path, cell.column.key, quoted, re.compile(quoted + _AMOUNT), own)
        for cell in lay.cells
        if cell.kind == "money"
        for quoted, own in [(orjson.dumps(cell.column.key), keys[cell.column.key] == 1)]
    )


def _members(data: bytes, quoted: bytes, member: re.Pattern[bytes], first: bool) -> list[bytes]:
    """The numbers written after the key `quoted` and a colon, as `member.findall` finds
    them, looked for only where the key is written; the `first` alone if asked."""
    found = []
    start = data.find(quoted)
    while start >= 0:
        match = member.match(data, start)
        if match is not None:
            found.append(match[1])
            if first:
                break
        start = data.find(quoted, start + 1)
    return found


def _fraction_digits(number: bytes) -> int:
    """Digits after the point of a JSON number as written (`_AMOUNT`), as a `Decimal` of it
    has them."""
    if b"e" in number or b"E" in number:
        return _money.fraction_digits(Decimal(number.decode("ascii")))
    point = number.find(b".")
    return 0 if point < 0 else len(number) - point - 1


def amounts_as_written(value: str | bytes | bytearray, document: Any, lay: Layout) -> bool:
    """Put back in place of each float amount the `Decimal` the text writes, as `parse`
    would read it; False where the text does not say it at one place alone (the key is
    written twice, or with an escape), and the whole text must be read again.

    A key followed by a colon cannot be the inside of a string: a quote in a string is
    written as an escape. So the member found is the amount's own. The document is one whose
    structure the compiled check vouched for: a number follows no other key than the
    template's (those of ``notes`` and ``unread`` hold text), and a key no other field of the
    template has (`_amount_cells`) is the amount's at the first member found.
    """
    data = value.encode("utf-8") if isinstance(value, str) else bytes(value)
    for path, key, quoted, member, own in _amount_cells(lay):
        row = value_at(document, path)
        amount = row.get(key) if type(row) is dict else None
        if type(amount) is not float:
            continue
        found = _members(data, quoted, member, own)
        if len(found) != 1:
            return False
        number = found[0]
        if float(number) != amount or _fraction_digits(number) > _money.FRACTION_DIGITS:
            return False
        row[key] = Decimal(number.decode("ascii"))
    return True
