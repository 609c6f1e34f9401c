"""The compiled fast path gives the reference path's answer, document for document."""

from __future__ import annotations

import inspect
import traceback
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_report import (
    TEMPLATES,
    Report2021,
    ReportSyntaxError,
    Template,
    _money,
    field,
    layout,
    report_class,
    revise,
    use_templates,
    validate,
)
from disclosure_report._compiled import compile_checker, literal
from disclosure_report._declare import META_KEY
from disclosure_report._errors import DeclarationError, InvalidReportError
from disclosure_report._jsonio import dumps, loads, structure, unstructure
from disclosure_report._jsontext import encode, parse
from disclosure_report._rules import BOUNDS, bound_list
from disclosure_report._schema import schema
from disclosure_report._structure import (
    _fraction_digits,
    _shape_checker,
    reference_errors,
    structure_findings,
    structure_of,
    template_problem,
)
from disclosure_report._templates import templates
from disclosure_report._validation import (
    _checker,
    _validate_fast,
    compiled_source,
    fallbacks,
    reference_validate,
)
from tests.helpers.documents import patch, sample
from tests.helpers.mutations import AMOUNTS, CODES, SECTIONS, TEXTS, UNITS, corpus
from tests.helpers.strategies import json_values, valid_documents


def _outcome(check: Any, value: Any) -> Any:
    try:
        return check(value).findings
    except ReportSyntaxError as error:
        return ("syntax error", str(error))


def assert_same_answer(value: Any) -> None:
    assert _outcome(validate, value) == _outcome(reference_validate, value)


def test_thousands_of_generated_documents_get_the_same_findings() -> None:
    texts = corpus(3000)
    before = fallbacks()
    fast = invalid = 0
    for index, text in enumerate(texts):
        assert_same_answer(text.encode("utf-8") if index % 4 == 0 else text)
        answer = _validate_fast(text)
        fast += answer is not None
        invalid += answer is not None and not answer.valid
    assert fast == len(texts), "a generated document was left to the reference path"
    assert invalid > 1000, "too few invalid documents to test the invalid path"
    assert fallbacks() == before, "the compiled code raised: the reference path answered"


def test_the_structure_check_without_the_rules_finds_what_jsonschema_finds() -> None:
    """Loading JSON asks the compiled check of the structure alone (no rule is compiled into
    it): its findings are jsonschema's, on valid and broken documents alike."""
    before = fallbacks()
    broken = 0
    for text in corpus(900):
        document = parse(text)
        template, found = structure_findings(document)
        if template is None:
            assert found == template_problem(document)[1]
            continue
        expected = structure_of(template, document, reference_errors(template, document))
        assert found == expected
        broken += bool(found)
    assert broken > 150, "too few documents with a broken structure"
    assert fallbacks() == before, "the compiled code raised: the reference path answered"
    shape = _shape_checker("2021")
    assert shape.equations == ()
    assert "agency_clean" not in shape.source
    verdict = shape.check(parse(_text()))
    assert verdict is not None
    assert verdict.clean is False, "the structure alone says nothing of the rules"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_documents_and_dicts_agree(data: st.DataObject) -> None:
    template = data.draw(st.sampled_from(list(TEMPLATES)))
    document = data.draw(valid_documents(template))
    pointers = [cell.pointer for cell in layout(template).cells] + ["/year", "/notes", "/x"]
    changes = data.draw(st.dictionaries(st.sampled_from(pointers), json_values, max_size=3))
    units = [
        f"{cell.row.pointer}/{cell.column.unit_key}"
        for cell in layout(template).cells
        if cell.column.unit_key is not None
    ]
    if units:
        changes.update(data.draw(st.dictionaries(st.sampled_from(units), st.sampled_from(UNITS))))
    mutated = patch(document, changes)
    assert_same_answer(mutated)
    assert_same_answer(encode(mutated))


def _text(template: str = "2021") -> str:
    return encode(sample(template))


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_an_unknown_member_in_place_of_one_required_is_answered_by_the_fast_path(
    template: str,
) -> None:
    """An object with as many members as it must hold, one of them unknown and one it must
    hold missing: the compiled check refuses it (it does not raise), and says what the
    reference path says."""
    objects: list[tuple[str, ...]] = []
    stack: list[tuple[tuple[str, ...], Any]] = [((), sample(template))]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            objects.append(path)
            stack.extend(((*path, key), value) for key, value in node.items())
    before = fallbacks()
    for path in objects:
        document = sample(template)
        node = document
        for key in path:
            node = node[key]
        first = next(iter(node))
        node["不在模板中"] = node.pop(first)
        assert_same_answer(encode(document).encode("utf-8"))
        assert_same_answer(document)
    assert len(objects) > 20
    assert fallbacks() == before, "the compiled code raised: the reference path answered"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"year": 2023', '"year": 2023, "year": 2023'),
        ('"upheld": ', '"upheld": 0, "upheld": '),
        ('"name": "测试机关"', '"name": "测试机关", "name": "别的"'),
    ],
)
def test_duplicate_keys_are_refused_by_both_paths(old: str, new: str) -> None:
    text = _text()
    assert old in text
    duplicated = text.replace(old, new, 1)
    assert _validate_fast(duplicated) is None
    with pytest.raises(ReportSyntaxError, match="duplicate key"):
        validate(duplicated)


def test_colons_in_texts_and_notes_do_not_confuse_the_member_count() -> None:
    document = patch(
        sample("2021"),
        {"/sections/overview": "时间: 2024-01-01 12:00:00", "/notes": {"/year": "a:b:c"}},
    )
    text = encode(document)
    assert _validate_fast(text) is not None
    assert validate(text).findings == ()


def test_an_escaped_colon_is_read_again_exactly() -> None:
    problems = "政策解读的形式还不够丰富x"
    text = encode(patch(sample("2021"), {"/sections/problems": problems}))
    text = text.replace('丰富x"', '丰富\\u003a"')
    assert _validate_fast(text) == reference_validate(text)
    assert validate(text).findings == ()


def test_a_fractional_count_and_a_blank_take_the_right_paths() -> None:
    three = encode(sample("2021")).replace('"pending": 0', '"pending": 0.0', 1)
    if three == encode(sample("2021")):
        three = encode(patch(sample("2021"), {"/review_litigation/review/pending": Decimal("1.0")}))
    fast = _validate_fast(three)
    assert fast is not None
    assert fast == reference_validate(three)
    assert [(f.code, f.keyword, f.detail) for f in fast.findings] == [
        ("SCHEMA", "type", "1.0: expected integer or null")
    ]
    blank = encode(patch(sample("2021"), {"/proactive/licensing/decisions": None}))
    fast = _validate_fast(blank)
    assert fast is not None
    assert [f.code for f in fast.findings] == ["CELL_BLANK"]


def _codes(value: Any) -> set[str]:
    return {finding.code for finding in reference_validate(value).findings}


@pytest.mark.parametrize("template", list(TEMPLATES))
@pytest.mark.parametrize("blank", [False, True])
@pytest.mark.parametrize("unread", [False, True])
def test_every_bound_broken_gets_the_same_findings(
    template: str, blank: bool, unread: bool
) -> None:
    """The compiled check tests the bounds of 表二 itself: each one broken, alone, beside a
    blank cell, or beside an unread one, gets the reference path's findings."""
    lay = layout(template)
    for places in bound_list(lay):
        for place in places:
            if place.sign > 0 and place.kind != "signed":
                continue  # a count cannot be negative: the bound breaks on its other cells
            large = 10**6 if place.sign < 0 else -(10**6)
            document = patch(sample(template), {place.pointer: large})
            other = next(cell.pointer for cell in lay.cells if cell.table.key != "proactive")
            if blank:
                document = patch(document, {other: None})
            if unread:
                document = patch(document, {"/unread": {places[0].pointer: "“3O”"}})
            said = {"NOT_ASSESSABLE"} if unread else {bound.code for bound in BOUNDS}
            assert _codes(document) & said
            assert_same_answer(encode(document))
            assert_same_answer(document)


@pytest.mark.parametrize("template", list(TEMPLATES))
@pytest.mark.parametrize("amount", AMOUNTS)
def test_amounts_finer_than_a_fen_get_the_same_findings(template: str, amount: Decimal) -> None:
    """`MONEY_DIGITS` is asked of exact amounts only: read as floats by orjson, an amount is
    judged once its digits are as written."""
    for cell in (cell for cell in layout(template).cells if cell.kind == "money"):
        document = patch(sample(template), {cell.pointer: amount})
        finer = amount == Decimal("251000.1234567") or amount == Decimal("3.14159265")
        assert ("MONEY_DIGITS" in _codes(document)) == finer
        assert_same_answer(encode(document))
        assert_same_answer(encode(document).encode("utf-8"))
        assert_same_answer(document)


@pytest.mark.parametrize("unit", ["元", "万元", None])
@pytest.mark.parametrize("amount", [*AMOUNTS, Decimal("251000"), 0])
def test_an_amount_in_the_unit_its_report_states_gets_the_same_findings(
    unit: str | None, amount: Decimal | int
) -> None:
    """The 2019 procurement amount is written in the unit the report states: `MONEY_DIGITS`
    judges it in 万元, and a figure other than 0 without its unit is `UNIT_MISSING`."""
    document = sample("2019")
    document["proactive"]["procurement"]["amount"] = amount
    document["proactive"]["procurement"].pop("amount_unit")
    if unit is not None:
        document["proactive"]["procurement"]["amount_unit"] = unit
    codes = _codes(document)
    assert ("UNIT_MISSING" in codes) == (unit is None and amount != 0)
    exponent = Decimal(amount).scaleb(-4 if unit == "元" else 0).normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    assert ("MONEY_DIGITS" in codes) == (unit is not None and -exponent > 6)
    assert_same_answer(encode(document))
    assert_same_answer(encode(document).encode("utf-8"))
    assert_same_answer(document)


@pytest.mark.parametrize("template", list(TEMPLATES))
@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("section", SECTIONS)
def test_texts_against_the_tables_get_the_same_findings(
    template: str, text: str, section: str
) -> None:
    """The rules of the text run on the fast path through cheap tests first: a text that
    contradicts the tables, names another year, says nothing or leaves out the fee gets the
    reference path's findings; so does one with an unpaid fee and one whose figure holds."""
    document = patch(sample(template), {section: text})
    assert_same_answer(encode(document))
    assert_same_answer(document)
    received = layout(template).field("/applications/received/total")
    if received is not None and "99999" in text:
        held = patch(document, {"/applications/received/total": 99999})
        assert_same_answer(encode(held))
    unpaid = layout(template).field("/applications/outcomes/other/overdue_fee/total")
    if unpaid is not None:
        owed = patch(document, {"/applications/outcomes/other/overdue_fee/total": 3})
        assert_same_answer(encode(owed))


@pytest.mark.parametrize("template", list(TEMPLATES))
@pytest.mark.parametrize("key", ["credit_code", "division_code", "former_names"])
@pytest.mark.parametrize("value", CODES)
def test_agency_codes_get_the_same_findings(template: str, key: str, value: Any) -> None:
    document = patch(sample(template), {f"/agency/{key}": value})
    assert_same_answer(encode(document))
    assert_same_answer(document)


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_the_compiled_source_is_kept_for_review_and_tracebacks(template: str) -> None:
    checker = _checker(template)
    assert compiled_source(template) == checker.source
    assert inspect.getsource(checker.check).startswith("def check(document, ")
    assert inspect.getsource(checker.explain).startswith("def explain(document):")
    cell = layout(template).cells[-1].pointer.rsplit("/", 1)[-1]
    assert repr(cell) in checker.source


def test_a_compiled_check_that_raises_is_counted_shown_and_answered_by_the_reference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checker = _checker("2021")

    def broken(_: float) -> bool:
        raise TypeError("a bug in the generated code")

    monkeypatch.setitem(checker.check.__globals__, "isfinite", broken)
    document = patch(sample("2021"), {"/proactive/fees/amount_10k_yuan": 1.5})
    before = fallbacks()
    try:
        checker.check(document)
    except TypeError as error:
        shown = "".join(traceback.format_exception(error))
    assert "isfinite(" in shown, "the traceback shows the generated line"
    assert validate(document) == reference_validate(document)
    assert fallbacks() - before == {"check": 1}


@pytest.mark.parametrize("value", [True, 1.5, None, ("a",), b"x"])
def test_only_checked_ints_and_texts_are_written_into_the_source(value: Any) -> None:
    with pytest.raises(DeclarationError):
        literal(value)
    assert literal(3) == "3"
    assert literal("1); import os; (") == repr("1); import os; (")


def test_a_schema_value_of_another_type_stops_compilation(monkeypatch: pytest.MonkeyPatch) -> None:
    import disclosure_report._compiled as compiled

    published = schema("2021")
    agency = published["properties"]["agency"]["properties"]
    hostile = {**agency["name"], "minLength": "0 or __import__('os')"}
    changed = {**published}
    changed["properties"] = {
        **published["properties"],
        "agency": {
            **published["properties"]["agency"],
            "properties": {**agency, "name": hostile},
        },
    }
    monkeypatch.setattr(compiled, "schema", lambda _: changed)
    chosen = templates()
    with pytest.raises(DeclarationError, match="minLength"):
        compile_checker(chosen["2021"], chosen)


def test_loads_and_dumps_read_and_write_what_the_exact_path_does() -> None:
    read = 0
    for text in corpus(600):
        try:
            expected: Any = dumps(structure(parse(text)))
        except (ReportSyntaxError, InvalidReportError) as error:
            expected = type(error)
        if isinstance(expected, type):
            with pytest.raises(expected):
                loads(text)
            continue
        report = loads(text)
        read += 1
        assert dumps(report) == expected == encode(unstructure(report))
    assert read > 100, "too few documents were read to test loads and dumps"


_JSON_NUMBER = r"-?(0|[1-9][0-9]{0,5})(\.[0-9]{1,14})?([eE][+-]?[0-9]{1,2})?"


@given(number=st.from_regex(_JSON_NUMBER, fullmatch=True))
def test_the_digits_of_an_amount_are_counted_as_written(number: str) -> None:
    """An amount read as a float is put back as written: its digits after the point are
    counted from the text as `Decimal` counts them."""
    assert _fraction_digits(number.encode()) == _money.fraction_digits(Decimal(number))


def _two_fees() -> Template:
    """Template 2029 (synthetic): 表二 with a second row of fees, whose amount has the same
    key as the first's."""
    proactive = attrs.fields(Report2021).proactive.type
    fees = attrs.fields(proactive).fees
    twice = revise(
        proactive,
        "Proactive2029",
        "Table 2 with two rows of fees.",
        fines=field("罚没收入", "fines", type=fees.type, band=fees.metadata[META_KEY].band.zh),
    )
    applications = attrs.fields(Report2021).applications.type
    report = report_class(
        "2029", "Two rows of fees.", proactive=twice, applications=applications, module=__name__
    )
    return Template(
        id="2029",
        notice="测试〔2029〕1号",
        title="政府信息公开工作年度报告格式（测试）",
        published="2029-01-15",
        first_year=2029,
        last_year=None,
        report_class=report,
        revises="2021",
    )


def test_amounts_under_one_key_are_each_read_as_written() -> None:
    """Where two amounts share a key, each is read at its own member: the second is not
    taken for the first, though both are the same float."""
    with use_templates(TEMPLATES.extend(_two_fees())):
        document = patch(
            sample("2021"),
            {
                "/template": "2029",
                "/year": 2029,
                "/proactive/fees/amount_10k_yuan": Decimal("1.5"),
                "/proactive/fines": {"amount_10k_yuan": Decimal("1.50")},
            },
        )
        text = encode(document)
        assert '"amount_10k_yuan": 1.50' in text
        assert _validate_fast(text) == reference_validate(text)
        assert dumps(loads(text)) == text
