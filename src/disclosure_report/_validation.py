"""Validation in two layers: the template's JSON Schema, then the consistency rules."""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import orjson

from . import _money
from ._compiled import Checker, Explanation, SchemaError, Verdict, compile_checker
from ._declare import Report, Template, TemplateSet
from ._errors import ReportMismatchError, ReportSyntaxError
from ._findings import CODES, Finding, Operand
from ._identity import Renames, same_agency
from ._jsontext import parse
from ._layout import Label, Layout, layout, pointer, value_at
from ._limits import LIMITS
from ._rules import PREVIOUS, Context, not_applicable, run
from ._schema import registry, schema
from ._structure import unread_places
from ._templates import templates

if TYPE_CHECKING:
    import jsonschema

__all__ = [
    "ValidationResult",
    "check_series",
    "compiled_source",
    "fallbacks",
    "read_typed",
    "reference_validate",
    "structure_findings",
    "typed",
    "validate",
]


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


@attrs.frozen
class ValidationResult:
    """The verdict on one document: its template and every finding."""

    template: str | None
    findings: tuple[Finding, ...]

    @property
    def valid(self) -> bool:
        """True when no finding is an error (warnings allowed)."""
        return not self.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def unread(self) -> tuple[Finding, ...]:
        """The places the import could not read (`UNREAD`)."""
        return tuple(f for f in self.findings if f.code == "UNREAD")

    @property
    def not_assessable(self) -> tuple[Finding, ...]:
        """The checks that need a place that was not read (`NOT_ASSESSABLE`)."""
        return tuple(f for f in self.findings if f.code == "NOT_ASSESSABLE")

    @property
    def complete(self) -> bool:
        """Whether every place was read, so that the verdict covers the whole report."""
        return not any(f.code in ("UNREAD", "NOT_ASSESSABLE") for f in self.findings)


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


def _reference_errors(template: str, document: Any) -> Iterator[SchemaError]:
    """The structural problems of a document, as jsonschema finds them."""
    for error in _validator(template).iter_errors(document):
        keyword = str(error.validator)
        if "propertyNames" in error.schema_path and isinstance(error.instance, str):
            keyword = "propertyNames"
        schema_node = error.schema if isinstance(error.schema, Mapping) else {}
        path = tuple(str(key) for key in error.absolute_path)
        yield SchemaError(path, keyword, error.instance, error.validator_value, schema_node)


def _template_problem(document: Any) -> tuple[str | None, list[Finding]]:
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
    template, problems = _template_problem(document)
    if template is None:
        return template, problems
    checker = _checker(template)
    try:
        verdict = _check(checker, document)
    except _Raised:
        return template, _structure(template, document, _reference_errors(template, document))
    if verdict is not None and not verdict.inexact:
        return template, []
    explanation = _explain(checker, document) if _plain(document) else None
    if explanation is None:
        return template, _structure(template, document, _reference_errors(template, document))
    return template, _structure(template, document, explanation.errors)


def _structure(template: str, document: Any, errors: Iterable[SchemaError]) -> list[Finding]:
    """The `SCHEMA` findings of `errors` and of the amounts of a document."""
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
    return list(findings.values())


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


@functools.cache
def _positions(lay: Layout) -> Mapping[str, int]:
    return {at: index for index, at in enumerate(lay.fields)}


_CODE_ORDER = {code: index for index, code in enumerate(CODES)}


def _order(findings: Iterable[Finding], lay: Layout | None) -> tuple[Finding, ...]:
    positions = _positions(lay) if lay else {}

    def key(finding: Finding) -> tuple[int, int, str, str]:
        position = positions.get(finding.pointer, len(positions))
        return _CODE_ORDER[finding.code], position, finding.pointer, finding.keyword or ""

    return tuple(sorted(findings, key=key))


@functools.cache
def _checker_of(template: Template, chosen: TemplateSet) -> Checker:
    return compile_checker(template, chosen)


def _checker(template: str) -> Checker:
    chosen = templates()
    return _checker_of(chosen[template], chosen)


def compiled_source(template: str) -> str:
    """The generated source of the compiled checks of `template`, for review."""
    return _checker(template).source


_FALLBACKS: Counter[str] = Counter()
"""How often the compiled code raised, by function: each time the reference path answered
instead. A bug in the generated code shows here (and in the tests), not as mere slowness."""


def fallbacks() -> Counter[str]:
    """A copy of the count of compiled checks that raised, by function (``check``,
    ``explain``)."""
    return Counter(_FALLBACKS)


class _Raised(Exception):
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
    template = _known_template(document)
    if template is None:
        return None
    try:
        verdict = _check(_checker(template), document)
    except _Raised:
        return None
    if verdict is None or not _colons_add_up(value, verdict.members, verdict.colons):
        return None
    if verdict.inexact and not _amounts_as_written(value, document, layout(template)):
        return None
    return document


def typed(document: Any) -> bool:
    """Whether the compiled check vouches for a document's structure: every value of the
    type its place allows (no float), so that it is written as JSON without surprise."""
    template = _known_template(document)
    if template is None:
        return False
    try:
        verdict = _check(_checker(template), document)
    except _Raised:
        return False
    return verdict is not None and not verdict.inexact


def _check(checker: Checker, document: Any) -> Verdict | None:
    """The verdict of ``check``, None for a structure it refuses; `_Raised` if it raised."""
    try:
        return checker.check(document)
    except (KeyError, TypeError, ArithmeticError):
        _FALLBACKS["check"] += 1
        raise _Raised from None


def _explain(checker: Checker, document: Any) -> Explanation | None:
    try:
        return checker.explain(document)
    except (KeyError, TypeError, ArithmeticError):
        _FALLBACKS["explain"] += 1
        return None


_PLAIN = frozenset({str, int, float, Decimal, bool, type(None)})


def _plain(document: Any) -> bool:
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


def _colons_add_up(value: str | bytes | bytearray, members: int, inside: int) -> bool:
    """Whether every colon of the text outside strings is an object member's, and none was
    written as an escape (``\\u003a``), which the count inside strings would not see."""
    if isinstance(value, str):
        count, escaped = value.count(":"), "\\u003a" in value or "\\u003A" in value
    else:  # in UTF-8 a colon is one byte, never part of another character
        count, escaped = value.count(b":"), b"\\u003a" in value or b"\\u003A" in value
    return count == members + inside and not escaped


def _known_template(document: Any) -> str | None:
    template = document.get("template") if type(document) is dict else None
    return template if type(template) is str and template in templates() else None


def _fast(value: str | bytes | bytearray, document: Any) -> ValidationResult | None:
    """Validate text already parsed by orjson, or None when the reference path must answer.

    orjson keeps the last of duplicate keys silently, and reads a fraction as a float
    whose digits as written are lost; the compiled check counts object members and the
    colons inside strings, so that every other colon of the text is a member's. Where the
    counts disagree (a duplicate key, or a colon written as an escape), where a float was
    read, or where the structure is broken (its findings quote the values as written), the
    text is read again with exact decimals, refusing duplicate keys.
    """
    template = _known_template(document)
    if template is None:
        return _exact(value)
    checker = _checker(template)
    try:
        verdict = _check(checker, document)
    except _Raised:
        return None
    if verdict is None or not _colons_add_up(value, verdict.members, verdict.colons):
        return _exact(value)
    if verdict.inexact:
        if not _amounts_as_written(value, document, layout(template)):
            return _exact(value)
        if checker.amounts_summed:
            return _parsed(document, plain=True)
        verdict = verdict._replace(inexact=False)
    return _result(template, verdict, document)


_AMOUNT = rb"\s*:\s*(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)"
"""What follows an amount's key in JSON text: the colon and the number as written."""


@functools.cache
def _amount_cells(lay: Layout) -> tuple[tuple[tuple[str, ...], str, re.Pattern[bytes]], ...]:
    """Each money cell: the path of its row, its key, and the pattern of its member."""
    return tuple(
        (cell.row.path, cell.column.key, re.compile(orjson.dumps(cell.column.key) + _AMOUNT))
        for cell in lay.cells
        if cell.kind == "money"
    )


def _amounts_as_written(value: str | bytes | bytearray, document: Any, lay: Layout) -> bool:
    """Put back in place of each float amount the `Decimal` the text writes, as `parse`
    would read it; False where the text does not say it at one place alone (the key is
    written twice, or with an escape), and the whole text must be read again.

    A key followed by a colon cannot be the inside of a string: a quote in a string is
    written as an escape. So the member found is the amount's own.
    """
    data = value.encode("utf-8") if isinstance(value, str) else bytes(value)
    for path, key, member in _amount_cells(lay):
        row = value_at(document, path)
        amount = row.get(key) if type(row) is dict else None
        if type(amount) is not float:
            continue
        found = member.findall(data)
        if len(found) != 1:
            return False
        written = Decimal(found[0].decode("ascii"))
        if float(written) != amount or _money.fraction_digits(written) > _money.FRACTION_DIGITS:
            return False
        row[key] = written
    return True


def _exact(value: str | bytes | bytearray) -> ValidationResult | None:
    """The compiled checks again, on the text read with exact decimals (which also refuses
    duplicate keys)."""
    try:
        document = parse(value)
    except ReportSyntaxError:
        return None  # the reference path raises it again
    return _parsed(document, plain=True)


def _parsed(document: Any, *, plain: bool = False) -> ValidationResult | None:
    """The compiled checks of a parsed document (`plain`: as `parse` gives it) or of a
    Python value, or None for the reference path."""
    template = _known_template(document)
    if template is None:
        if not plain and not _plain(document):
            return None
        return ValidationResult(None, tuple(_template_problem(document)[1]))
    checker = _checker(template)
    try:
        verdict = _check(checker, document)
    except _Raised:
        return None
    if verdict is not None and not verdict.inexact:
        return _result(template, verdict, document)
    if not plain and not _plain(document):
        return None
    return _explained(template, checker, document)


def _explained(template: str, checker: Checker, document: Any) -> ValidationResult | None:
    """The result for a document whose structure the compiled check refused (or holds
    floats given from Python): the structural findings, then the rules."""
    explanation = _explain(checker, document)
    if explanation is None:
        return None
    lay = layout(template)
    findings = _structure(template, document, explanation.errors)
    if document.get("unread"):
        context = Context(lay, document)
    else:
        blanks, suspects = explanation.blanks, explanation.suspects
        context = Context(lay, document, blanks=blanks, suspects=suspects)
    findings.extend(run("report", context))
    return ValidationResult(template, _order(findings, lay))


def _result(template: str, verdict: Verdict, document: Any) -> ValidationResult:
    """The result for a document whose structure the compiled check vouched for."""
    if verdict.clean and not document.get("unread"):
        return ValidationResult(template, ())
    lay = layout(template)
    if document.get("unread"):
        context = Context(lay, document)
    else:
        context = Context(lay, document, blanks=verdict.blanks, suspects=verdict.suspects)
    return ValidationResult(template, _order(run("report", context), lay))


def _unstructure(report: Report) -> Any:
    from ._converter import converter  # cattrs: only for report objects

    return converter.unstructure(report)


def _as_document(value: Any) -> Any:
    if isinstance(value, Report):
        return _unstructure(value)
    if isinstance(value, (str, bytes, bytearray)):
        return parse(value)
    return value


Reportish = Report | Mapping[str, Any] | str | bytes | Any
"""What `validate` reads: a report, JSON text or bytes, or a parsed JSON value."""


def _template_of(document: Any) -> str | None:
    template = document.get("template") if isinstance(document, dict) else None
    return template if isinstance(template, str) and template in templates() else None


def validate(
    value: Reportish, *, previous: Reportish | None = None, renames: Renames | None = None
) -> ValidationResult:
    """Check a report: a `Report`, JSON text or bytes, or a parsed JSON value.

    Every structural problem and every consistency finding is reported in one pass.
    With `previous`, last year's report of the same agency, the rules across years
    run too. Raises `ReportSyntaxError` only when text or bytes are not JSON, and
    `ReportMismatchError` when `previous` is not the agency's report of the year before:
    another agency by the rule of `same_agency` (`renames` declares renamings), or another
    year.
    """
    if previous is None:
        fast = _validate_fast(value)
        return fast if fast is not None else reference_validate(value)
    document = _as_document(value)
    template, findings = _reference(document)
    if template is None:
        return ValidationResult(None, tuple(findings))
    lay = layout(template)
    last = _as_document(previous)
    last_template = _template_of(last)
    if last_template is None:
        raise ReportMismatchError("the previous report has no template it can be read by")
    _check_agency_and_year(document, last, renames)
    context = Context(lay, document, previous=(layout(last_template), last))
    findings.extend(run("previous", context))
    return ValidationResult(template, _order(findings, lay))


def _validate_fast(value: Any) -> ValidationResult | None:
    """The compiled path, where it can answer alone; None otherwise."""
    if isinstance(value, (str, bytes, bytearray)):
        if len(value) > LIMITS.document_bytes:
            return None  # the reference path refuses it, saying why
        try:
            document = orjson.loads(value)
        except orjson.JSONDecodeError:  # not JSON, or a number beyond a double or 64 bits
            return _exact(value)
        return _fast(value, document)
    if isinstance(value, Report):
        value = _unstructure(value)
    return _parsed(value)


def reference_validate(value: Reportish) -> ValidationResult:
    """Validate by the reference path alone: the JSON Schema with `jsonschema`, then the rules.

    The same answer as `validate`, slower; kept to explain what the fast path refuses
    and to test it against.
    """
    template, findings = _reference(_as_document(value))
    if template is None:
        return ValidationResult(None, tuple(findings))
    return ValidationResult(template, _order(findings, layout(template)))


def _reference(document: Any) -> tuple[str | None, list[Finding]]:
    """The template and the findings of the schema (by jsonschema) and the rules on a
    parsed document."""
    template, findings = _template_problem(document)
    if template is not None:
        findings = _structure(template, document, _reference_errors(template, document))
        findings.extend(run("report", Context(layout(template), document)))
    return template, findings


def check_series(
    reports: Sequence[Reportish], *, renames: Renames | None = None
) -> list[ValidationResult]:
    """Validate a run of one agency's reports, each against the year before it.

    The results are in the order given; the reports are compared in year order. A
    year missing from the run is reported (`CROSS_NOT_APPLICABLE`) on the report after
    the gap. Raises `ReportMismatchError` for reports of different agencies (by the rule
    of `same_agency`; a renaming is declared in the later report's ``former_names`` or in
    `renames`), two reports of one year, or a report without a year.
    """
    documents = [_as_document(report) for report in reports]
    years: list[int] = []
    for index, document in enumerate(documents):
        year = document.get("year") if isinstance(document, dict) else None
        if type(year) is not int:
            raise ReportMismatchError(f"report {index + 1} of the series has no year")
        if year in years:
            raise ReportMismatchError(f"the series has two reports for {year}")
        years.append(year)
    order = sorted(range(len(documents)), key=years.__getitem__)
    for earlier, later in itertools.pairwise(order):
        if same_agency(documents[earlier], documents[later], renames=renames) is False:
            raise ReportMismatchError(
                f"reports {earlier + 1} ({years[earlier]}) and {later + 1} ({years[later]}) "
                "of the series are of different agencies; declare a renaming in "
                "agency.former_names or a rename map"
            )
    results: list[ValidationResult] = [ValidationResult(None, ())] * len(documents)
    for position, index in enumerate(order):
        before = order[position - 1] if position else None
        if before is not None and years[before] == years[index] - 1:
            results[index] = validate(documents[index], previous=documents[before], renames=renames)
            continue
        result = validate(documents[index])
        if before is not None and result.template is not None:
            lay = layout(result.template)
            because = (Operand("/year", years[index] - 1, PREVIOUS),)
            gaps = [
                not_applicable(lay, row.carry.code, row.pointer, because)  # type: ignore[arg-type]
                for row in lay.rows
                if row.carry is not None
            ]
            result = ValidationResult(result.template, _order([*result.findings, *gaps], lay))
        results[index] = result
    return results


def _agency_name(document: Mapping[str, Any]) -> str:
    """The agency name of a parsed document as a person would quote it, or ``?``."""
    agency = document.get("agency")
    name = agency.get("name") if isinstance(agency, dict) else None
    return name.strip() if isinstance(name, str) and name.strip() else "?"


def _check_agency_and_year(
    document: Mapping[str, Any], previous: Mapping[str, Any], renames: Renames | None = None
) -> None:
    """Raise `ReportMismatchError` unless `previous` is the agency's report of the year before
    (one agency by the rule of `same_agency`)."""
    if same_agency(document, previous, renames=renames) is False:
        raise ReportMismatchError(
            f"the reports are of different agencies: {_agency_name(previous)!r} "
            f"and {_agency_name(document)!r} (a renamed agency lists its former names in "
            "agency.former_names, or give a rename map)"
        )
    year, last_year = document.get("year"), previous.get("year")
    if type(year) is int and type(last_year) is int and last_year != year - 1:
        raise ReportMismatchError(
            f"the previous report is for {last_year}, not {year - 1}: "
            "rules across years compare consecutive years"
        )
