"""Validation in two layers: the template's JSON Schema, then the consistency rules."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import orjson

from ._compiled import Checker, Rules, Verdict, compile_checker
from ._declare import Report, Template, TemplateSet
from ._errors import ReportMismatchError, ReportSyntaxError
from ._findings import CODES, Finding, Operand
from ._layout import Layout, layout
from ._limits import LIMITS
from ._rules import (
    PREVIOUS,
    Context,
    agency_clean,
    bound_list,
    equation_list,
    not_applicable,
    rules_clean,
    run,
    run_checked,
    texts_clean,
)
from ._structure import (
    CompiledRaised,
    amounts_as_written,
    checked,
    colons_add_up,
    explained,
    fallbacks,
    field_positions,
    is_plain,
    known_template,
    reference_errors,
    structure_of,
    template_problem,
)
from ._templates import templates

if TYPE_CHECKING:
    from ._identity import Renames

__all__ = [
    "ValidationResult",
    "check_series",
    "compiled_source",
    "fallbacks",
    "reference_validate",
    "validate",
]


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
        """The warnings that count against the report: those its notes do not explain."""
        return tuple(f for f in self.findings if f.severity == "warning" and f.explanation is None)

    @property
    def explained(self) -> tuple[Finding, ...]:
        """The findings the report's own notes explain (a note at the finding's pointer).
        An explained warning does not count against the report; an explained error is still
        an error."""
        return tuple(f for f in self.findings if f.explanation is not None)

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


_CODE_ORDER = {code: index for index, code in enumerate(CODES)}


def _explain(findings: Iterable[Finding], document: Any) -> Iterator[Finding]:
    """The findings, each with the report's note at its pointer as its explanation."""
    notes = document.get("notes") if isinstance(document, dict) else None
    if not isinstance(notes, dict):
        yield from findings
        return
    for finding in findings:
        note = notes.get(finding.pointer)
        explained = isinstance(note, str) and finding.code != "SCHEMA"
        yield attrs.evolve(finding, explanation=note) if explained else finding


def _order(
    findings: Iterable[Finding], lay: Layout | None, document: Any = None
) -> tuple[Finding, ...]:
    findings = _explain(findings, document)
    positions = field_positions(lay) if lay else {}

    def key(finding: Finding) -> tuple[int, int, str, str]:
        position = positions.get(finding.pointer, len(positions))
        return _CODE_ORDER[finding.code], position, finding.pointer, finding.keyword or ""

    return tuple(sorted(findings, key=key))


@functools.cache
def _rules_of(template: Template) -> Rules:
    lay = layout(template)
    return Rules(equation_list(lay), bound_list(lay), agency_clean, rules_clean, texts_clean)


@functools.cache
def _checker_of(template: Template, chosen: TemplateSet) -> Checker:
    return compile_checker(template, chosen, _rules_of(template))


_UNTYPED = 2000
"""The texts a process checks before it builds the typed reader (`_typed`): building it
(importing msgspec, making the structs, generating ``clean``) took about 23 ms on the
project's machine, and it saves about 8 µs a valid report, so it is made once a process has
checked enough texts to be likely to check as many more. A command that checks a few files
never pays for it."""

_TYPED: dict[str, Any] = {"untyped": _UNTYPED}
"""The typed reader and the set of templates it was made of (``reader``), and the texts
still to check before it is made (``untyped``)."""


def _typed(value: str | bytes | bytearray) -> ValidationResult | None:
    """The result of the typed reader (`_typed`); None where it cannot say, or is not made
    yet."""
    chosen = templates()
    made = _TYPED.get("reader")
    if made is None or made[0] is not chosen:
        if _TYPED["untyped"] > 0:
            _TYPED["untyped"] -= 1
            return None
        from ._typed import typed_reader  # msgspec: only for a process with many reports

        made = _TYPED["reader"] = (chosen, typed_reader(chosen, _rules_of))
    reader = made[1]
    if reader is None:
        return None
    read = reader.read(value)
    if read is None:
        return None
    template, verdict, report = read
    if verdict.clean:
        return _valid(template)
    if verdict.texts:
        # Settled, and the rules of the text find nothing: the sums alone are left, and they
        # read nothing of the document but the values the check compared (`Verdict.read`).
        return _result(template, verdict, {})
    return _result(template, verdict, reader.builtins(report))


_LAST: dict[str, tuple[TemplateSet, Checker, Layout]] = {}
"""The checker and layout of each template id, with the set of templates they were made in:
looked up by id for each document, without hashing the template."""


def _checker_and_layout(template: str) -> tuple[Checker, Layout]:
    chosen = templates()
    last = _LAST.get(template)
    if last is None or last[0] is not chosen:
        last = _LAST[template] = (chosen, _checker_of(chosen[template], chosen), layout(template))
    return last[1], last[2]


def _checker(template: str) -> Checker:
    return _checker_and_layout(template)[0]


def compiled_source(template: str) -> str:
    """The generated source of the compiled checks of `template`, for review."""
    return _checker(template).source


def _fast(value: str | bytes | bytearray, document: Any) -> ValidationResult | None:
    """Validate text already parsed by orjson, or None when the reference path must answer.

    orjson keeps the last of duplicate keys silently, and reads a fraction as a float
    whose digits as written are lost; the compiled check counts object members and the
    colons inside strings, so that every other colon of the text is a member's. Where the
    counts disagree (a duplicate key, or a colon written as an escape), where a float was
    read, or where the structure is broken (its findings quote the values as written), the
    text is read again with exact decimals, refusing duplicate keys.
    """
    template = known_template(document)
    if template is None:
        return _exact(value)
    checker, lay = _checker_and_layout(template)
    try:
        verdict = checked(checker, document)
    except CompiledRaised:
        return None
    if verdict is None or not colons_add_up(value, verdict.members, verdict.colons):
        return _exact(value)
    if verdict.inexact:
        if not amounts_as_written(value, document, lay):
            return _exact(value)
        if checker.amounts_summed:
            return _parsed(document, plain=True)
        # the checker leaves these rules to exact amounts, which are now as written
        return _result(template, verdict, document, verdict.clean and rules_clean(lay, document))
    return _result(template, verdict, document)


def _exact(value: str | bytes | bytearray) -> ValidationResult | None:
    """The compiled checks again, on the text read with exact decimals (which also refuses
    duplicate keys)."""
    from ._jsontext import parse

    try:
        document = parse(value)
    except ReportSyntaxError:
        return None  # the reference path raises it again
    return _parsed(document, plain=True)


def _parsed(document: Any, *, plain: bool = False) -> ValidationResult | None:
    """The compiled checks of a parsed document (`plain`: as `parse` gives it) or of a
    Python value, or None for the reference path."""
    template = known_template(document)
    if template is None:
        if not plain and not is_plain(document):
            return None
        return ValidationResult(None, tuple(template_problem(document)[1]))
    checker = _checker(template)
    try:
        verdict = checked(checker, document)
    except CompiledRaised:
        return None
    if verdict is not None and not verdict.inexact:
        return _result(template, verdict, document)
    if not plain and not is_plain(document):
        return None
    return _explained(template, checker, document)


def _explained(template: str, checker: Checker, document: Any) -> ValidationResult | None:
    """The result for a document whose structure the compiled check refused (or holds
    floats given from Python): the structural findings, then the rules."""
    explanation = explained(checker, document)
    if explanation is None:
        return None
    lay = layout(template)
    findings = structure_of(template, document, explanation.errors)
    blanks, suspects = explanation.blanks, explanation.suspects
    findings.extend(run_checked(Context(lay, document, blanks=blanks, suspects=suspects)))
    return ValidationResult(template, _order(findings, lay, document))


_VALID: dict[str, ValidationResult] = {}
"""The result without findings of each template: made once (it cannot change)."""


def _valid(template: str) -> ValidationResult:
    """The result without findings of `template`."""
    valid = _VALID.get(template)
    return (
        valid if valid is not None else _VALID.setdefault(template, ValidationResult(template, ()))
    )


def _result(
    template: str, verdict: Verdict, document: Any, clean: bool | None = None
) -> ValidationResult:
    """The result for a document whose structure the compiled check vouched for (`clean`:
    whether it is, where the verdict on floats could not say)."""
    if (verdict.clean if clean is None else clean) and not document.get("unread"):
        return _valid(template)
    lay = layout(template)
    context = Context(
        lay, document, blanks=verdict.blanks, suspects=verdict.suspects, read=verdict.read
    )
    return ValidationResult(
        template,
        _order(run_checked(context, settled=verdict.settled, texts=verdict.texts), lay, document),
    )


def _unstructure(report: Report) -> Any:
    from ._converter import converter  # cattrs: only for report objects

    return converter.unstructure(report)


def _as_document(value: Any) -> Any:
    from ._jsontext import parse

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
        raise ReportMismatchError(key="previous_no_template")
    _check_agency_and_year(document, last, renames)
    context = Context(lay, document, previous=(layout(last_template), last))
    findings.extend(run("previous", context))
    return ValidationResult(template, _order(findings, lay, document))


def _validate_fast(value: Any) -> ValidationResult | None:
    """The compiled path, where it can answer alone; None otherwise."""
    if isinstance(value, (str, bytes, bytearray)):
        if len(value) > LIMITS.document_bytes:
            return None  # the reference path refuses it, saying why
        typed = _typed(value)
        if typed is not None:
            return typed
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
    document = _as_document(value)
    template, findings = _reference(document)
    if template is None:
        return ValidationResult(None, tuple(findings))
    return ValidationResult(template, _order(findings, layout(template), document))


def _reference(document: Any) -> tuple[str | None, list[Finding]]:
    """The template and the findings of the schema (by jsonschema) and the rules on a
    parsed document."""
    template, findings = template_problem(document)
    if template is not None:
        findings = structure_of(template, document, reference_errors(template, document))
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
    from ._identity import same_agency  # the agencies' names: only for two reports or more

    documents = [_as_document(report) for report in reports]
    years: list[int] = []
    for index, document in enumerate(documents):
        year = document.get("year") if isinstance(document, dict) else None
        if type(year) is not int:
            raise ReportMismatchError(key="series_no_year", number=index + 1)
        if year in years:
            raise ReportMismatchError(key="series_two_reports", year=year)
        years.append(year)
    order = sorted(range(len(documents)), key=years.__getitem__)
    for earlier, later in itertools.pairwise(order):
        if same_agency(documents[earlier], documents[later], renames=renames) is False:
            raise ReportMismatchError(
                key="series_agencies", earlier=earlier + 1, earlier_year=years[earlier],
                later=later + 1, later_year=years[later],
            )  # fmt: skip
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
            result = ValidationResult(
                result.template, _order([*result.findings, *gaps], lay, documents[index])
            )
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
    from ._identity import same_agency

    if same_agency(document, previous, renames=renames) is False:
        raise ReportMismatchError(
            key="different_agencies", previous=_agency_name(previous),
            current=_agency_name(document),
        )  # fmt: skip
    year, last_year = document.get("year"), previous.get("year")
    if type(year) is int and type(last_year) is int and last_year != year - 1:
        raise ReportMismatchError(key="previous_year", last_year=last_year, expected=year - 1)
