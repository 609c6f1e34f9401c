"""What the national templates share: the agency, the text sections, the rows and columns of
表三 and 表四, the tables' titles, and the fields every report has.

A revision declares its own tables and builds its report class with `report_class`; what
it does not change it takes from here.
"""

from collections.abc import Mapping
from typing import Any, Literal

import attrs

from .._declare import (
    Balance,
    Carry,
    Label,
    Report,
    Sums,
    TableMeta,
    Term,
    TextMeta,
    field,
    make_class,
)

__all__ = [
    "CREDIT_CODE_PATTERN",
    "DATE_PATTERN",
    "REPORT_TITLE",
    "SCOPES",
    "Agency",
    "ApplicantCounts",
    "NotProcessed",
    "ResultCounts",
    "ReviewLitigation",
    "Sections",
    "Unavailable",
    "Withheld",
    "block",
    "outcome_fields",
    "report_class",
]

REPORT_TITLE = "政府信息公开工作年度报告"
"""What every report is titled after its agency and year."""

CREDIT_CODE_PATTERN = "^[0-9]{8}[0-9A-HJ-NPQRTUWXY]{10}$"
"""A unified social credit code as python-stdnum reads it: 8 digits, then 10 of the 31 code
characters."""
SCOPES: Mapping[str, Label] = {
    "agency": Label("本机关", "this body alone"),
    "region": Label("本级政府", "the government's whole region"),
}
"""What each value of ``agency.scope`` is called where a person reads or types it."""
DATE_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


def _text(label: str, en: str, description: str = "", **options: Any) -> Any:
    optional = options.pop("optional", False)
    meta = TextMeta(label=Label(label, en), description=description, optional=optional, **options)
    return field(label, en, description, meta=meta)


def block(number: int) -> tuple[str, str]:
    """The title of a block of 表二, 第二十条第（N）项, in Chinese and English."""
    numerals = "〇一二三四五六七八九"
    return f"第二十条第（{numerals[number]}）项", f"Article 20, item {number}"


# ---------------------------------------------------------------------------
# Table 3 — its columns and the rows both templates share

_LEGAL_PERSONS = "法人或其他组织"
_LEGAL_PERSONS_EN = "legal persons or other organisations"


def _organisation(label: str, en: str) -> Any:
    return field(
        label, en, f"applications from {en}", band=_LEGAL_PERSONS, band_en=_LEGAL_PERSONS_EN
    )


@attrs.frozen
class ApplicantCounts:
    """One row of table 3: applications by type of applicant."""

    natural_person: int | None = field(
        "自然人", "natural persons", "applications from natural persons"
    )
    commercial_enterprise: int | None = _organisation("商业企业", "commercial enterprises")
    research_institution: int | None = _organisation("科研机构", "research institutions")
    public_interest_organization: int | None = _organisation(
        "社会公益组织", "public-interest organisations"
    )
    legal_service_provider: int | None = _organisation("法律服务机构", "legal service providers")
    other_organization: int | None = _organisation("其他", "other organisations")
    total: int | None = field("总计", "total", "applications from all applicants", total=True)


@attrs.frozen
class Withheld:
    """Withheld, by reason (group 3 of the outcomes)."""

    state_secret: ApplicantCounts = field("1.属于国家秘密", "state secret")
    prohibited_by_law: ApplicantCounts = field(
        "2.其他法律行政法规禁止公开", "disclosure prohibited by other laws"
    )
    security_stability: ApplicantCounts = field(
        "3.危及“三安全一稳定”", "endangers security or stability"
    )
    third_party_rights: ApplicantCounts = field(
        "4.保护第三方合法权益", "protects third-party rights"
    )
    internal_affairs: ApplicantCounts = field(
        "5.属于三类内部事务信息", "internal affairs information"
    )
    process_information: ApplicantCounts = field("6.属于四类过程性信息", "process information")
    enforcement_case_file: ApplicantCounts = field("7.属于行政执法案卷", "enforcement case file")
    administrative_query: ApplicantCounts = field("8.属于行政查询事项", "administrative query")


@attrs.frozen
class Unavailable:
    """Cannot be provided, by reason (group 4 of the outcomes)."""

    not_held: ApplicantCounts = field("1.本机关不掌握相关政府信息", "information not held")
    needs_compilation: ApplicantCounts = field(
        "2.没有现成信息需要另行制作", "would need to be compiled"
    )
    unclear_after_correction: ApplicantCounts = field(
        "3.补正后申请内容仍不明确", "unclear after correction"
    )


@attrs.frozen
class NotProcessed:
    """Not processed, by reason (group 5 of the outcomes)."""

    petition_or_complaint: ApplicantCounts = field(
        "1.信访举报投诉类申请", "petition, report or complaint"
    )
    duplicate: ApplicantCounts = field("2.重复申请", "duplicate application")
    publication: ApplicantCounts = field("3.要求提供公开出版物", "asks for a publication")
    excessive_repetition: ApplicantCounts = field(
        "4.无正当理由大量反复申请", "excessive repetition without good reason"
    )
    confirmation_or_reissue: ApplicantCounts = field(
        "5.要求行政机关确认或重新出具已获取信息",
        "asks to confirm or reissue information already obtained",
    )


def outcome_fields(other: type) -> dict[str, Any]:
    """The rows of 三、本年度办理结果, in order, with `other` as the type of （六）其他处理."""
    return {
        "disclosed": field("（一）予以公开", "disclosed", type=ApplicantCounts),
        "partially_disclosed": field(
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "partially disclosed",
            type=ApplicantCounts,
        ),
        "withheld": field("（三）不予公开", "withheld", type=Withheld),
        "unavailable": field("（四）无法提供", "cannot be provided", type=Unavailable),
        "not_processed": field("（五）不予处理", "not processed", type=NotProcessed),
        "other": field("（六）其他处理", "other handling", type=other),
        "total": field("（七）总计", "total", total=True, type=ApplicantCounts),
    }


def application_fields(outcomes: type) -> dict[str, Any]:
    """The rows of table 3, in order, with `outcomes` as the type of 三、本年度办理结果."""
    carry = Carry("T3_CARRY_OVER", (Term("carried_forward", previous=True),))
    return {
        "received": field(
            "一、本年新收政府信息公开申请数量", "new applications this year", type=ApplicantCounts
        ),
        "carried_over": field(
            "二、上年结转政府信息公开申请数量",
            "carried over from last year",
            carry=carry,
            type=ApplicantCounts,
        ),
        "outcomes": field("三、本年度办理结果", "outcomes this year", type=outcomes),
        "carried_forward": field(
            "四、结转下年度继续办理", "carried forward to next year", type=ApplicantCounts
        ),
    }


# ---------------------------------------------------------------------------
# Table 4 — identical in both templates


@attrs.frozen
class ResultCounts:
    """One group of five in table 4: cases by result."""

    upheld: int | None = field("结果维持", "upheld", "cases whose decision was upheld")
    corrected: int | None = field("结果纠正", "corrected", "cases whose decision was corrected")
    other: int | None = field("其他结果", "other result", "cases with another result")
    pending: int | None = field("尚未审结", "pending", "cases not yet concluded")
    total: int | None = field("总计", "total", "all cases", total=True)


_LITIGATION = "行政诉讼"
_LITIGATION_EN = "administrative litigation"


@attrs.frozen
class ReviewLitigation:
    """Table 4: administrative reviews and lawsuits about disclosure."""

    review: ResultCounts = field("行政复议", "administrative review")
    litigation_direct: ResultCounts = field(
        "未经复议直接起诉",
        "lawsuits without prior review",
        band=_LITIGATION,
        band_en=_LITIGATION_EN,
    )
    litigation_after_review: ResultCounts = field(
        "复议后起诉", "lawsuits after review", band=_LITIGATION, band_en=_LITIGATION_EN
    )


# ---------------------------------------------------------------------------
# The agency and the texts


@attrs.frozen
class Agency:
    """The administrative body the report is of."""

    name: str = _text("机关名称", "agency name", "name of the reporting body", min_length=1)
    division_code: str | None = _text(
        "行政区划代码",
        "division code",
        "six-digit administrative division code (GB/T 2260)",
        optional=True,
        pattern="^[0-9]{6}$",
        max_length=6,
    )
    credit_code: str | None = _text(
        "统一社会信用代码",
        "unified social credit code",
        "the body's own 18-character identifier (GB 32100-2015): 机关 start 11, 事业单位 12;"
        " its check character is the rule CREDIT_CODE",
        optional=True,
        pattern=CREDIT_CODE_PATTERN,
        max_length=18,
    )
    former_names: tuple[str, ...] | None = field(
        "曾用名",
        "former names",
        "names the body reported under before a renaming, so that its reports of earlier"
        " years are recognised as its own",
        optional=True,
    )
    scope: Literal["agency", "region"] | None = field(
        "统计范围",
        "scope",
        '"agency": the figures of this body alone (本机关); '
        '"region": a government\'s report covering its whole region (本级政府)',
        optional=True,
    )


@attrs.frozen
class Sections:
    """The text sections 一, 五 and 六."""

    overview: str = _text("一、总体情况", "1. Overview", "section 一 as text", section=1)
    problems: str = _text(
        "五、存在的主要问题及改进情况",
        "5. Main problems and improvements",
        "section 五 as text",
        section=5,
    )
    other: str = _text(
        "六、其他需要报告的事项",
        "6. Other matters to report",
        "section 六 as text; from 2021 it reports fee income",
        section=6,
    )


# ---------------------------------------------------------------------------
# The report


def _table(label: str, en: str, name: str, name_en: str, section: int, **options: Any) -> TableMeta:
    return TableMeta(label=Label(label, en), name=Label(name, name_en), section=section, **options)


PROACTIVE = _table(
    "二、主动公开政府信息情况", "2. Proactive disclosure", "表二", "Table 2", 2, corner="信息内容"
)
APPLICATIONS = _table(
    "三、收到和处理政府信息公开申请情况",
    "3. Applications received and handled",
    "表三",
    "Table 3",
    3,
    corner="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    columns_header=Label("申请人情况", "applicants"),
    sums=Sums(
        rows="T3_ROW_TOTAL",
        groups="T3_OUTCOME_TOTAL",
        balance=Balance(
            "T3_BALANCE",
            left=("received", "carried_over"),
            right=("outcomes/total", "carried_forward"),
        ),
    ),
)
REVIEW_LITIGATION = _table(
    "四、政府信息公开行政复议、行政诉讼情况",
    "4. Administrative review and litigation",
    "表四",
    "Table 4",
    4,
    transposed=True,
    sums=Sums(rows="T4_TOTAL"),
)


def _literal(template: str) -> Any:
    """The type of the ``template`` key of a report of `template`: that id alone."""
    return Literal[template]


def report_class(
    template: str,
    doc: str,
    *,
    proactive: type,
    applications: type,
    review_litigation: type = ReviewLitigation,
    sections: type = Sections,
    module: str,
) -> type[Report]:
    """The report class of a template: the fields every report has, with its own tables.

    `module` is the module that declares the template (where the class is said to live).
    """
    fields: Mapping[str, Any] = {
        "template": field(
            "模板", "template", "the national template the report follows", type=_literal(template)
        ),
        "year": field(
            "年度", "year", "report year; statistics cover 1 January to 31 December", type=int
        ),
        "agency": field("机关", "agency", type=Agency),
        "sections": field("正文", "text sections", type=sections),
        "proactive": field("", "", meta=PROACTIVE, type=proactive),
        "applications": field("", "", meta=APPLICATIONS, type=applications),
        "review_litigation": field("", "", meta=REVIEW_LITIGATION, type=review_litigation),
        "published_on": field(
            "",
            "",
            meta=TextMeta(
                label=Label("公开日期", "published on"),
                description="the date the report was published (YYYY-MM-DD); the deadlines "
                "of 条例第四十九条 are checked against it",
                optional=True,
                pattern=DATE_PATTERN,
                max_length=10,
            ),
            type=str | None,
        ),
        "notes": field(
            "注释",
            "notes",
            "footnotes keyed by the JSON Pointer (RFC 6901) of a cell or section",
            optional=True,
            hashed=False,
            type=Mapping[str, str] | None,
        ),
        "unread": field(
            "未读出",
            "unread",
            "places the import could not read from the source, keyed by JSON Pointer, with "
            "what was printed there; their values are blank (null) or a stand-in, never a "
            "reading",
            optional=True,
            hashed=False,
            type=Mapping[str, str] | None,
        ),
        "schema": field(
            "$schema",
            "$schema",
            "the schema the document claims to follow",
            wire="$schema",
            optional=True,
            type=str | None,
        ),
    }
    cls: type[Report] = make_class(f"Report{template}", doc, fields, bases=(Report,), module=module)
    return cls
