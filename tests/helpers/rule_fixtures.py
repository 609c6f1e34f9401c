"""One valid and one invalid document for every finding code, with the exact findings.

Each invalid document is a consistent sample with the smallest change that breaks
only the rule in question; `expected` lists every finding it must produce, as
(code, pointer, expected, actual, and the schema keyword or the rule it is about).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from disclosure_report import TEMPLATES
from tests.helpers.documents import DELETE, Document, consecutive, get, patch, sample

Expected = tuple[str, str, Any, Any, str | None]


@attrs.frozen
class Case:
    """A document, last year's document where a rule needs it, and the findings expected."""

    document: Document
    previous: Document | None = None
    expected: list[Expected] = attrs.field(factory=list)
    units: list[Document] | None = None
    """For a rule over a roll-up: the units; `document` is then the region's own report."""


@attrs.frozen
class RuleFixture:
    valid: Callable[[str], Case]
    invalid: Callable[[str], Case]
    templates: tuple[str, ...] = tuple(TEMPLATES)
    """The templates the rule applies to."""


def _alone(template: str) -> Case:
    return Case(sample(template))


def _pair(template: str) -> Case:
    current, previous = consecutive(template)
    return Case(current, previous)


def _schema(template: str) -> Case:
    document = patch(
        sample(template),
        {
            "/applications/received/natural_person": "3",
            "/review_litigation/review/pending": DELETE,
            "/extra": 1,
        },
    )
    return Case(
        document,
        expected=[
            ("SCHEMA", "/applications/received/natural_person", None, None, "type"),
            ("SCHEMA", "/review_litigation/review/pending", None, None, "required"),
            ("SCHEMA", "/extra", None, None, "additionalProperties"),
        ],
    )


def _template_year(template: str) -> Case:
    wrong_year = 2023 if template == "2019" else 2020
    in_force = "2021" if template == "2019" else "2019"
    document = patch(sample(template), {"/year": wrong_year})
    return Case(document, expected=[("TEMPLATE_YEAR", "/template", in_force, template, None)])


CREDIT_CODE = "11321322014102290G"
"""A well-formed 统一社会信用代码 of a 机关 in 沭阳县 whose check character is right."""


def _with_codes(template: str) -> Case:
    codes = {"/agency/credit_code": CREDIT_CODE, "/agency/division_code": "321322"}
    return Case(patch(sample(template), codes))


def _credit_code(template: str) -> Case:
    document = patch(sample(template), {"/agency/credit_code": CREDIT_CODE[:17] + "X"})
    return Case(document, expected=[("CREDIT_CODE", "/agency/credit_code", "G", "X", None)])


def _division_code(template: str) -> Case:
    # 洪泽县 became 洪泽区 (320813) in 2016: its old code names no county in the report year.
    document = patch(sample(template), {"/agency/division_code": "320829"})
    return Case(
        document, expected=[("DIVISION_CODE", "/agency/division_code", None, "320829", None)]
    )


def _cell_blank(template: str) -> Case:
    pointer = "/proactive/rules/" + ("made" if template == "2019" else "issued")
    return Case(
        patch(sample(template), {pointer: None}),
        expected=[("CELL_BLANK", pointer, None, None, None)],
    )


def _shift(document: Document, changes: dict[str, int]) -> Document:
    return patch(
        document, {pointer: get(document, pointer) + delta for pointer, delta in changes.items()}
    )


def _row_total(template: str) -> Case:
    base = sample(template)
    disclosed = "/applications/outcomes/disclosed/total"
    partial = "/applications/outcomes/partially_disclosed/total"
    assert get(base, partial) > 0
    document = _shift(base, {disclosed: 1, partial: -1})
    return Case(
        document,
        expected=[
            ("T3_ROW_TOTAL", disclosed, get(base, disclosed), get(base, disclosed) + 1, None),
            ("T3_ROW_TOTAL", partial, get(base, partial), get(base, partial) - 1, None),
        ],
    )


def _outcome_total(template: str) -> Case:
    base = sample(template)
    person, total = (
        "/applications/outcomes/total/natural_person",
        "/applications/outcomes/total/total",
    )
    forward = "/applications/carried_forward/"
    assert get(base, forward + "natural_person") > 0
    document = _shift(
        base, {person: 1, total: 1, forward + "natural_person": -1, forward + "total": -1}
    )
    return Case(
        document,
        expected=[
            ("T3_OUTCOME_TOTAL", person, get(base, person), get(base, person) + 1, None),
            ("T3_OUTCOME_TOTAL", total, get(base, total), get(base, total) + 1, None),
        ],
    )


def _balance(template: str) -> Case:
    base = sample(template)
    document = _shift(
        base,
        {"/applications/received/natural_person": 1, "/applications/received/total": 1},
    )
    forward = "/applications/carried_forward/"
    return Case(
        document,
        expected=[
            (
                "T3_BALANCE",
                forward + key,
                get(base, forward + key) + 1,
                get(base, forward + key),
                None,
            )
            for key in ("natural_person", "total")
        ],
    )


def _t4_total(template: str) -> Case:
    base = sample(template)
    total = "/review_litigation/litigation_after_review/total"
    document = _shift(base, {total: 1})
    return Case(
        document, expected=[("T4_TOTAL", total, get(base, total), get(base, total) + 1, None)]
    )


def _carry_over(template: str) -> Case:
    current, previous = consecutive(template)
    cell = "/applications/carried_over/legal_service_provider"
    total = "/applications/carried_over/total"
    # Last year carried one more application forward than this year says it carried over.
    forward = "/applications/carried_forward/"
    previous = patch(
        previous,
        {
            forward + "legal_service_provider": get(previous, forward + "legal_service_provider")
            + 1,
            forward + "total": get(previous, forward + "total") + 1,
            "/applications/received/legal_service_provider": get(
                previous, "/applications/received/legal_service_provider"
            )
            + 1,
            "/applications/received/total": get(previous, "/applications/received/total") + 1,
        },
    )
    return Case(
        current,
        previous,
        [
            ("T3_CARRY_OVER", cell, get(current, cell) + 1, get(current, cell), None),
            ("T3_CARRY_OVER", total, get(current, total) + 1, get(current, total), None),
        ],
    )


def _in_force(template: str) -> Case:
    current, previous = consecutive(template)
    cell = "/proactive/normative_documents/in_force"
    document = patch(current, {cell: get(current, cell) + 2})
    return Case(
        document,
        previous,
        [
            ("T2_IN_FORCE", cell, get(current, cell), get(current, cell) + 2, None),
        ],
    )


def _items(template: str) -> Case:
    current, previous = consecutive(template)
    cell = "/proactive/penalty/previous_items"
    document = patch(current, {cell: get(current, cell) - 1})
    return Case(
        document,
        previous,
        [
            ("T2_ITEMS", cell, get(current, cell), get(current, cell) - 1, None),
        ],
    )


def _not_applicable(template: str) -> Case:
    current, previous = consecutive(template, previous_template="2019")
    return Case(
        current,
        previous,
        [
            ("CROSS_NOT_APPLICABLE", "/proactive/rules/in_force", None, None, "T2_IN_FORCE"),
            (
                "CROSS_NOT_APPLICABLE",
                "/proactive/normative_documents/in_force",
                None,
                None,
                "T2_IN_FORCE",
            ),
        ],
    )


def _items_negative(template: str) -> Case:
    base = sample(template)
    row = "/proactive/penalty/"
    previous = get(base, row + "previous_items")
    document = patch(base, {row + "change": -previous - 3})
    return Case(
        document,
        expected=[("T2_ITEMS_NEGATIVE", row + "change", -previous, -previous - 3, None)],
    )


def _published_total(template: str) -> Case:
    base = sample(template)
    row = "/proactive/rules/"
    published = get(base, row + "published")
    document = patch(base, {row + "published": published + 1, row + "total_published": published})
    return Case(
        document,
        expected=[("T2_PUBLISHED_TOTAL", row + "total_published", published + 1, published, None)],
    )


def _issued_in_force(template: str) -> Case:
    base = sample(template)
    row = "/proactive/normative_documents/"
    issued = get(base, row + "in_force") + get(base, row + "repealed") + 2
    document = patch(base, {row + "issued": issued})
    return Case(
        document,
        expected=[("T2_ISSUED_IN_FORCE", row + "issued", issued - 2, issued, None)],
    )


_AMOUNTS = {"2019": "/proactive/procurement/amount", "2021": "/proactive/fees/amount_10k_yuan"}
_UNIT = "/proactive/procurement/amount_unit"


def _money_digits(template: str) -> Case:
    cell = _AMOUNTS[template]
    document = patch(sample(template), {cell: Decimal("25.1000001")})
    return Case(document, expected=[("MONEY_DIGITS", cell, 6, 7, None)])


def _money_exact(template: str) -> Case:
    cell = _AMOUNTS[template]
    exact = patch(sample(template), {cell: Decimal("25.1000010")})
    if template == "2019":  # in 元 the same digits are a whole 分 finer than none
        exact = patch(exact, {cell: Decimal("251000.12"), _UNIT: "元"})
    return Case(exact)


def _unit_stated(template: str) -> Case:
    """An amount in 元 as the report writes it (template 2019; 2021 prints every unit)."""
    if template != "2019":
        return Case(sample(template))
    return Case(patch(sample(template), {_AMOUNTS[template]: Decimal("251000"), _UNIT: "元"}))


def _unit_missing(template: str) -> Case:
    cell = _AMOUNTS[template]
    document = patch(sample(template), {cell: Decimal("251000"), _UNIT: DELETE})
    return Case(document, expected=[("UNIT_MISSING", cell, None, Decimal("251000"), None)])


def _stating(template: str, shift: int = 0) -> Document:
    """The sample with a section 一 that restates figures of its tables in set phrases,
    the first one off by `shift`."""
    base = sample(template)
    received = get(base, "/applications/received/total") + shift
    disclosed = get(base, "/applications/outcomes/disclosed/total")
    partially = get(base, "/applications/outcomes/partially_disclosed/total")
    review = get(base, "/review_litigation/review/total")
    text = (
        f"2019年共收到申请99件。本年共收到政府信息公开申请{received}件，"
        f"予以公开及部分公开{disclosed + partially}件。"
        f"因政府信息公开工作被申请行政复议{review}件。"
    )
    return patch(base, {"/sections/overview": text})


def _text_agrees(template: str) -> Case:
    return Case(_stating(template))


def _text_table(template: str) -> Case:
    document = _stating(template, 1)
    received = get(document, "/applications/received/total")
    return Case(
        document,
        expected=[("TEXT_TABLE", "/applications/received/total", received, received + 1, None)],
    )


def _opening(template: str, year_shift: int = 0) -> Document:
    """The sample with a section 一 that opens with the report year, shifted by `year_shift`."""
    base = sample(template)
    year = get(base, "/year") + year_shift
    text = f"{year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。"
    return patch(base, {"/sections/overview": text})


def _year_agrees(template: str) -> Case:
    return Case(_opening(template))


def _text_year(template: str) -> Case:
    document = _opening(template, -1)
    year = get(document, "/year")
    return Case(document, expected=[("TEXT_YEAR", "/sections/overview", year, year - 1, None)])


def _text_empty(template: str) -> Case:
    document = patch(sample(template), {"/sections/problems": "无。", "/sections/other": " "})
    return Case(
        document,
        expected=[
            ("TEXT_EMPTY", "/sections/problems", 5, 1, None),
            ("TEXT_EMPTY", "/sections/other", 5, 0, None),
        ],
    )


def _text_fee(template: str) -> Case:
    document = patch(sample(template), {"/sections/other": "本机关无其他需要报告的事项。"})
    return Case(document, expected=[("TEXT_FEE", "/sections/other", None, None, None)])


LAST_YEAR_TEXT = (
    "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，围绕中心工作，坚持以公开为常态、"
    "不公开为例外，持续加强政府信息公开平台建设，规范依申请公开办理流程，完善主动公开目录，"
    "加大政策解读力度，积极回应社会关切，推动重点领域信息公开走深走实。全年通过门户网站发布"
    "各类信息3215条，组织开展政务公开业务培训4次，政府信息公开工作的规范化、标准化水平进一步"
    "提升，人民群众的获得感和满意度不断增强。同时，坚持问题导向，及时整改上级评估中发现的问题，"
    "确保各项工作任务落到实处，为经济社会高质量发展营造了公开透明的政务环境。"
)
"""A section 一 of 200 characters and more."""

THIS_YEAR_TEXT = (
    "今年以来，我局把政务公开作为转变作风、提升效能的重要抓手，聚焦群众关心关注的热点难点，"
    "在教育、医疗、社保、住房等民生领域开设专题栏目，发布办事指南和常见问题解答，方便企业和"
    "群众查询。建立健全信息发布审核机制，明确保密审查责任，杜绝泄密风险；优化网站栏目结构，"
    "完善站内搜索功能，提高信息检索效率。通过新闻发布会、在线访谈、图解等多种形式解读重要政策，"
    "收集意见建议并逐条反馈，公众参与渠道更加畅通，政务公开的实效性和影响力明显提高。"
)
"""Another section 一, worded anew."""


def _texts(template: str, this_year: str) -> Case:
    current, previous = consecutive(template)
    current = patch(current, {"/sections/overview": this_year})
    previous = patch(previous, {"/sections/overview": LAST_YEAR_TEXT})
    return Case(current, previous)


def _text_new(template: str) -> Case:
    return _texts(template, THIS_YEAR_TEXT)


def _text_repeated(template: str) -> Case:
    copied = LAST_YEAR_TEXT.replace("3215", "3607").replace("4次", "6次")
    case = _texts(template, copied)
    return attrs.evolve(case, expected=[("TEXT_REPEATED", "/sections/overview", 60, 100, None)])


def _year_on_year(template: str) -> Case:
    current, previous = consecutive(template)
    cell = "/proactive/penalty/decisions"
    return Case(
        patch(current, {cell: 0}),
        patch(previous, {cell: 150}),
        [("YOY_JUMP", cell, 150, 0, None)],
    )


def _unread(template: str) -> Case:
    document = patch(
        sample(template), {"/agency/name": "", "/unread": {"/agency/name": "no name found"}}
    )
    return Case(document, expected=[("UNREAD", "/agency/name", None, None, None)])


def _not_assessable(template: str) -> Case:
    base = sample(template)
    pending, total = "/review_litigation/review/pending", "/review_litigation/review/total"
    document = patch(base, {pending: None, "/unread": {pending: "“1O”"}})
    return Case(
        document,
        expected=[
            ("UNREAD", pending, None, None, None),
            ("NOT_ASSESSABLE", total, None, get(base, total), "T4_TOTAL"),
        ],
    )


def _units(template: str) -> tuple[list[Document], Document]:
    """Three units of 沭阳县 (two departments sharing the county code, one township) and the
    county's report that is their exact sum."""
    from disclosure_report import Agency, aggregate, loads
    from disclosure_report._jsonio import unstructure
    from disclosure_report._jsontext import encode

    names = ("沭阳县教育局", "沭阳县发展和改革局", "沭阳县韩山镇人民政府")
    units = [
        patch(sample(template, seed), {"/agency": {"name": name, "division_code": "321322"}})
        for seed, name in enumerate(names)
    ]
    county = Agency(name="沭阳县人民政府", division_code="321322")
    total = aggregate([loads(encode(unit)) for unit in units], agency=county)
    return units, unstructure(total)


def _region(template: str) -> Case:
    units, region = _units(template)
    return Case(region, units=units)


def _region_outside(template: str) -> Case:
    units, region = _units(template)
    units[2] = patch(units[2], {"/agency/division_code": "321323"})
    return Case(
        region,
        units=units,
        expected=[("REGION_OUTSIDE", "/agency/division_code", "321322", "321323", None)],
    )


def _region_sum(template: str) -> Case:
    units, region = _units(template)
    cell = "/review_litigation/review/upheld"
    printed = get(region, cell) + 2
    region = patch(region, {cell: printed})
    return Case(region, units=units, expected=[("REGION_SUM", cell, printed - 2, printed, None)])


FIXTURES: dict[str, RuleFixture] = {
    "SCHEMA": RuleFixture(_alone, _schema),
    "TEMPLATE_YEAR": RuleFixture(_alone, _template_year),
    "CREDIT_CODE": RuleFixture(_with_codes, _credit_code),
    "DIVISION_CODE": RuleFixture(_with_codes, _division_code),
    "CELL_BLANK": RuleFixture(_alone, _cell_blank),
    "T3_ROW_TOTAL": RuleFixture(_alone, _row_total),
    "T3_OUTCOME_TOTAL": RuleFixture(_alone, _outcome_total),
    "T3_BALANCE": RuleFixture(_alone, _balance),
    "T4_TOTAL": RuleFixture(_alone, _t4_total),
    "T3_CARRY_OVER": RuleFixture(_pair, _carry_over),
    "T2_IN_FORCE": RuleFixture(_pair, _in_force, ("2021",)),
    "T2_ITEMS": RuleFixture(_pair, _items, ("2019",)),
    "T2_ITEMS_NEGATIVE": RuleFixture(_alone, _items_negative, ("2019",)),
    "T2_PUBLISHED_TOTAL": RuleFixture(_alone, _published_total, ("2019",)),
    "T2_ISSUED_IN_FORCE": RuleFixture(_alone, _issued_in_force, ("2021",)),
    "MONEY_DIGITS": RuleFixture(_money_exact, _money_digits),
    "UNIT_MISSING": RuleFixture(_unit_stated, _unit_missing, ("2019",)),
    "TEXT_TABLE": RuleFixture(_text_agrees, _text_table),
    "TEXT_YEAR": RuleFixture(_year_agrees, _text_year),
    "TEXT_EMPTY": RuleFixture(_alone, _text_empty, ("2021",)),
    "TEXT_FEE": RuleFixture(_alone, _text_fee, ("2021",)),
    "TEXT_REPEATED": RuleFixture(_text_new, _text_repeated),
    "YOY_JUMP": RuleFixture(_pair, _year_on_year),
    "REGION_OUTSIDE": RuleFixture(_region, _region_outside),
    "REGION_SUM": RuleFixture(_region, _region_sum),
    "CROSS_NOT_APPLICABLE": RuleFixture(_pair, _not_applicable, ("2021",)),
    "UNREAD": RuleFixture(_alone, _unread),
    "NOT_ASSESSABLE": RuleFixture(_alone, _not_assessable),
}

CASES = [(code, template) for code, fixture in FIXTURES.items() for template in fixture.templates]
"""Every (code, template) pair with fixtures."""
