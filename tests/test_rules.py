"""Every finding code: a valid and an invalid fixture, with the exact findings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from disclosure_report import CODES, RULES, TEMPLATES, layout, loads, message, reconcile, validate
from disclosure_report._jsontext import encode
from disclosure_report._layout import Group, Row
from disclosure_report._rules import equations
from tests.helpers.documents import DELETE, get, patch, sample, zeros
from tests.helpers.rule_fixtures import CASES, FIXTURES, Case

TEMPLATE_IDS = list(TEMPLATES)


def _summary(document: object, previous: object = None) -> list[tuple[object, ...]]:
    return [
        (f.code, f.pointer, f.expected, f.actual, f.keyword or f.rule)
        for f in validate(document, previous=previous).findings
    ]


def _case_summary(case: Case) -> list[tuple[object, ...]]:
    if case.units is not None:
        region = loads(encode(case.document))
        rolled = reconcile(
            [loads(encode(unit)) for unit in case.units], agency=region.agency, published=region
        )
        return [
            (f.code, f.pointer, f.expected, f.actual, f.keyword or f.rule) for f in rolled.findings
        ]
    return _summary(case.document, case.previous)


def test_every_code_has_a_valid_and_an_invalid_fixture() -> None:
    assert set(FIXTURES) == set(CODES)
    assert all(FIXTURES[code].templates for code in CODES)


def test_every_rule_has_a_catalogue_entry_and_a_description() -> None:
    assert isinstance(RULES, tuple)
    rules = list(RULES)
    for rule in rules:
        assert rule.code in CODES
        assert rule.description, rule.code
    registered = {rule.code for rule in rules}
    assert registered == set(CODES) - {"SCHEMA", "CROSS_NOT_APPLICABLE", "NOT_ASSESSABLE"}


@pytest.mark.parametrize(("code", "template"), CASES)
def test_valid_fixture_has_no_finding(code: str, template: str) -> None:
    assert _case_summary(FIXTURES[code].valid(template)) == []


@pytest.mark.parametrize(("code", "template"), CASES)
def test_invalid_fixture_has_exactly_the_expected_findings(code: str, template: str) -> None:
    case = FIXTURES[code].invalid(template)
    assert _case_summary(case) == case.expected


@pytest.mark.parametrize("template", TEMPLATE_IDS)
def test_equation_counts_follow_the_template(template: str) -> None:
    applications = layout(template).table("applications")
    columns = len(applications.rows[0].columns)
    groups = len(layout(template).table("review_litigation").rows)
    found = {code: len(found) for code, found in equations(template).items()}
    assert found == {
        "T3_ROW_TOTAL": len(applications.rows),
        "T3_OUTCOME_TOTAL": columns,
        "T3_BALANCE": columns,
        "T4_TOTAL": groups,
    }


@pytest.mark.parametrize("template", TEMPLATE_IDS)
def test_outcome_total_sums_every_result_row(template: str) -> None:
    outcomes = layout(template).table("applications").find("outcomes")
    assert isinstance(outcomes, Group)
    results = [row for row in outcomes.rows if not row.is_total]
    (natural_person, *_) = equations(template)["T3_OUTCOME_TOTAL"]
    assert [term.path[:-1] for term in natural_person.terms] == [row.path for row in results]
    assert natural_person.target.pointer == "/applications/outcomes/total/natural_person"
    assert all(isinstance(row, Row) for row in results)


def test_balance_reports_the_carried_forward_cell_with_its_operands() -> None:
    document = patch(zeros("2021"), {"/applications/received/natural_person": 5})
    balance = [f for f in validate(document).findings if f.code == "T3_BALANCE"]
    assert len(balance) == 1
    (finding,) = balance
    assert finding.pointer == "/applications/carried_forward/natural_person"
    assert (finding.expected, finding.actual) == (5, 0)
    assert [(o.pointer, o.value) for o in finding.operands] == [
        ("/applications/received/natural_person", 5),
        ("/applications/carried_over/natural_person", 0),
        ("/applications/outcomes/total/natural_person", 0),
    ]


def test_a_blank_operand_counts_as_zero_and_is_reported() -> None:
    document = patch(zeros("2021"), {"/review_litigation/review/upheld": None})
    assert _summary(document) == [
        ("CELL_BLANK", "/review_litigation/review/upheld", None, None, None)
    ]


def test_a_blank_total_over_parts_summing_to_zero_is_only_blank() -> None:
    document = patch(zeros("2019"), {"/review_litigation/review/total": None})
    assert [f.code for f in validate(document).findings] == ["CELL_BLANK"]


def test_a_blank_total_over_nonzero_parts_is_a_mismatch_with_actual_null() -> None:
    document = patch(
        zeros("2021"),
        {
            "/review_litigation/review/upheld": 10,
            "/review_litigation/review/corrected": 1,
            "/review_litigation/review/total": None,
        },
    )
    assert _summary(document) == [
        ("T4_TOTAL", "/review_litigation/review/total", 11, None, None),
        ("CELL_BLANK", "/review_litigation/review/total", None, None, None),
    ]


def test_a_structural_error_does_not_hide_arithmetic_errors_elsewhere() -> None:
    document = patch(
        sample("2021"),
        {
            "/applications/received/natural_person": True,
            "/review_litigation/review/total": get(
                sample("2021"), "/review_litigation/review/total"
            )
            + 3,
        },
    )
    codes = [(f.code, f.pointer) for f in validate(document).findings]
    assert codes == [
        ("SCHEMA", "/applications/received/natural_person"),
        ("T4_TOTAL", "/review_litigation/review/total"),
    ]


@pytest.mark.parametrize("broken", ["3", 3.0, True, -1, Decimal("2.5"), [], {}])
def test_an_equation_with_a_broken_operand_is_not_evaluated(broken: object) -> None:
    base = sample("2021")
    document = patch(base, {"/applications/outcomes/disclosed/natural_person": broken})
    codes = {f.code for f in validate(document).findings}
    assert codes == {"SCHEMA"}


def test_a_broken_total_skips_its_equations_only() -> None:
    document = patch(
        zeros("2021"),
        {
            "/applications/outcomes/total/total": "0",
            "/applications/received/commercial_enterprise": 4,
        },
    )
    found = [(f.code, f.pointer) for f in validate(document).findings]
    assert found == [
        ("SCHEMA", "/applications/outcomes/total/total"),
        ("T3_ROW_TOTAL", "/applications/received/total"),
        ("T3_BALANCE", "/applications/carried_forward/commercial_enterprise"),
    ]


@pytest.mark.parametrize(
    ("template", "year", "expected"),
    [
        ("2019", 2019, None),
        ("2019", 2020, None),
        ("2019", 2021, "2021"),
        ("2021", 2020, "2019"),
        ("2021", 2021, None),
        ("2021", 2030, None),
        ("2021", 2018, None),
    ],
)
def test_template_year_boundaries(template: str, year: int, expected: str | None) -> None:
    document = patch(sample(template), {"/year": year})
    found = [f for f in validate(document).findings if f.code == "TEMPLATE_YEAR"]
    if year < 2019:
        assert [(f.expected, f.actual) for f in found] == [(None, template)]
    elif expected is None:
        assert found == []
    else:
        assert [(f.expected, f.actual) for f in found] == [(expected, template)]


_AMOUNT, _UNIT = "/proactive/procurement/amount", "/proactive/procurement/amount_unit"


@pytest.mark.parametrize(
    ("amount", "unit", "found"),
    [
        ("0", None, []),  # zero in any unit
        ("0.00", None, []),
        ("251000.12", "元", []),  # to the 分
        ("251000.123", "元", [("MONEY_DIGITS", 6, 7)]),  # finer than a 分, in 万元 too
        ("25.1000001", "万元", [("MONEY_DIGITS", 6, 7)]),
        ("25.100001", "万元", []),
        ("25.1000001", None, [("UNIT_MISSING", None, Decimal("25.1000001"))]),
        ("251000", None, [("UNIT_MISSING", None, Decimal("251000"))]),
    ],
)
def test_an_amount_is_checked_in_the_unit_its_report_states(
    amount: str, unit: str | None, found: list[tuple[object, ...]]
) -> None:
    document = patch(sample("2019"), {_AMOUNT: Decimal(amount), _UNIT: unit or DELETE})
    assert [(code, e, a) for code, _, e, a, _ in _summary(document)] == found


@pytest.mark.parametrize(
    ("amounts", "published", "found"),
    [
        # 251000元 + 7.5万元 + 0 = 326000元 = 32.6万元
        ([("251000", "元"), ("7.5", "万元"), ("0", None)], ("32.6", "万元"), None),
        ([("251000", "元"), ("7.5", "万元"), ("0", None)], ("326000", "元"), None),
        (
            [("251000", "元"), ("7.5", "万元"), ("0", None)],
            ("33", "万元"),
            ("REGION_SUM", "326000元", "33万元"),
        ),
        (
            [("251000", "元"), ("7.5", None), ("0", None)],
            ("32.6", "万元"),
            ("NOT_ASSESSABLE", None, "32.6万元"),
        ),
        (
            [("251000", "元"), ("7.5", "万元"), ("0", None)],
            ("326000", None),
            ("NOT_ASSESSABLE", None, "326000"),
        ),
    ],
)
def test_a_region_sum_of_amounts_is_compared_in_the_units_the_reports_state(
    amounts: list[tuple[str, str | None]],
    published: tuple[str, str | None],
    found: tuple[object, ...] | None,
) -> None:
    from tests.helpers.rule_fixtures import _units

    def stating(document: dict[str, object], amount: str, unit: str | None) -> Any:
        return loads(encode(patch(document, {_AMOUNT: Decimal(amount), _UNIT: unit or DELETE})))

    units, region = _units("2019")
    rolled = reconcile(
        [stating(unit, *stated) for unit, stated in zip(units, amounts, strict=True)],
        agency=loads(encode(region)).agency,
        published=stating(region, *published),
    )
    at = [(f.code, f.expected, f.actual) for f in rolled.findings if f.pointer == _AMOUNT]
    assert at == ([] if found is None else [found])
    for finding in rolled.findings:
        if finding.pointer == _AMOUNT and finding.code == "NOT_ASSESSABLE":
            assert "未注明单位" in message(finding)
            assert any(operand.unit_missing for operand in finding.operands)
