"""The two national templates, declared once as typed report classes.

Every field carries its wire key, its Chinese label as printed in the official
format, an English label and what it counts, in its metadata (see `Meta`).
The layout, the JSON Schemas, the blanks, the rules and the renderers are all
derived from these classes; nothing else spells a label out.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal, TypeAlias

import attrs

__all__ = [
    "CREDIT_CODE_PATTERN",
    "DATE_PATTERN",
    "META_KEY",
    "TEMPLATES",
    "Agency",
    "ApplicantCounts",
    "Applications2019",
    "Applications2021",
    "Decisions2021",
    "Documents2019",
    "Documents2021",
    "Fees2019",
    "Fees2021",
    "ItemCounts2019",
    "Meta",
    "NotProcessed",
    "OtherOutcomes2021",
    "Outcomes2019",
    "Outcomes2021",
    "Proactive2019",
    "Proactive2021",
    "Procurement2019",
    "Report",
    "Report2019",
    "Report2021",
    "ResultCounts",
    "ReviewLitigation",
    "Sections",
    "TemplateId",
    "TemplateInfo",
    "Unavailable",
    "Withheld",
    "meta_of",
    "template_in_force",
]

META_KEY = "disclosure_report"
"""The key of a declared field's `Meta` (labels, wire key, what it holds) in attrs metadata."""

CREDIT_CODE_PATTERN = "^[0-9]{8}[0-9A-HJ-NPQRTUWXY]{10}$"
"""统一社会信用代码 as python-stdnum reads it: 8 digits, then 10 of the 31 code characters."""
DATE_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
"""A date as `published_on` holds it: `YYYY-MM-DD`."""

TemplateId = Literal["2019", "2021"]
"""The two templates: 国办公开办函〔2019〕60号 and 〔2021〕30号."""


@attrs.frozen
class Meta:
    """What the declaration says about one field."""

    label: str
    """The Chinese label exactly as the official format prints it."""
    en: str
    """An English label, for English messages and documentation."""
    description: str = ""
    """What the field holds or counts."""
    band: str | None = None
    """A spanning header printed over this and its neighbours with the same band.

    It has no key of its own: 第二十条第（一）项 over 规章 and 规范性文件,
    法人或其他组织 over five applicant columns, 行政诉讼 over two groups.
    """
    band_en: str | None = None
    total: bool = False
    """The cell or row is the sum of its siblings."""
    signed: bool = False
    """A count that may be negative (本年增/减)."""
    wire: str | None = None
    """The JSON key, where it is not the field name."""
    optional: bool = False
    """Absent from the JSON document when unset."""
    table: str | None = None
    """For a table field of the report: its short name (表二)."""
    table_en: str | None = None
    section: int | None = None
    """For a field holding a numbered section: its number, 1 to 6."""
    corner: str | None = None
    """For a table: the text of its top-left header cell."""
    columns_header: str | None = None
    """For a table: a header spanning all value columns (申请人情况)."""
    columns_header_en: str | None = None
    transposed: bool = False
    """For a table: its rows are printed as groups of columns, side by side (表四)."""
    pattern: str | None = None
    """For a text field: the regular expression it must match."""
    min_length: int | None = None
    """For a text field: the fewest characters it may have."""
    max_length: int | None = None
    """For a text field: the most characters it may have. With a pattern anchored by ``$``
    it keeps the pattern's meaning the same in every regular expression dialect (Python's
    ``$`` also matches before a final newline)."""


def meta_of(field: "attrs.Attribute[Any]") -> Meta:
    """The `Meta` declared on an attrs field."""
    meta = field.metadata[META_KEY]
    assert isinstance(meta, Meta)
    return meta


def _field(
    label: str, en: str, description: str = "", *, hashed: bool = True, **options: Any
) -> Any:
    meta = Meta(label=label, en=en, description=description, **options)
    default = None if meta.optional else attrs.NOTHING
    return attrs.field(default=default, hash=hashed, metadata={META_KEY: meta})


# ---------------------------------------------------------------------------
# Table 2 — 主动公开政府信息情况 (differs by template)

_BLOCK_1 = "第二十条第（一）项"
_BLOCK_5 = "第二十条第（五）项"
_BLOCK_6 = "第二十条第（六）项"
_BLOCK_8 = "第二十条第（八）项"
_BLOCK_9 = "第二十条第（九）项"


def _block_en(number: int) -> str:
    return f"Article 20, item {number}"


@attrs.frozen
class Documents2019:
    """规章 or 规范性文件, template 2019."""

    made: int | None = _field(
        "本年新制作数量", "made this year", "documents made in the report year"
    )
    published: int | None = _field(
        "本年新公开数量", "published this year", "documents published in the report year"
    )
    total_published: int | None = _field(
        "对外公开总数量", "published in total", "documents published to the public in total"
    )


@attrs.frozen
class Documents2021:
    """规章 or 行政规范性文件, template 2021."""

    issued: int | None = _field(
        "本年制发件数",
        "issued this year",
        "documents issued in the report year (may include revisions)",
    )
    repealed: int | None = _field(
        "本年废止件数", "repealed this year", "documents repealed in the report year"
    )
    in_force: int | None = _field(
        "现行有效件数", "in force", "documents in force at the end of the report year"
    )


@attrs.frozen
class ItemCounts2019:
    """An item list of article 20 with its decisions, template 2019."""

    previous_items: int | None = _field(
        "上一年项目数量", "items last year", "items on the list at the end of the previous year"
    )
    change: int | None = _field(
        "本年增/减",
        "change this year",
        "items added (positive) or removed (negative) in the report year",
        signed=True,
    )
    decisions: int | None = _field("处理决定数量", "decisions", "decisions made in the report year")


@attrs.frozen
class Decisions2021:
    """An item of article 20 counted by its decisions, template 2021."""

    decisions: int | None = _field(
        "本年处理决定数量", "decisions this year", "decisions made in the report year"
    )


@attrs.frozen
class Fees2019:
    """行政事业性收费, template 2019."""

    previous_items: int | None = _field(
        "上一年项目数量", "items last year", "fee items at the end of the previous year"
    )
    change: int | None = _field(
        "本年增/减",
        "change this year",
        "fee items added (positive) or removed (negative) in the report year",
        signed=True,
    )


@attrs.frozen
class Fees2021:
    """行政事业性收费, template 2021."""

    amount_10k_yuan: Decimal | None = _field(
        "本年收费金额（单位：万元）",
        "fees collected (10,000 yuan)",
        "fees collected in the report year, in units of 10,000 yuan (万元)",
    )


@attrs.frozen
class Procurement2019:
    """政府集中采购, template 2019."""

    items: int | None = _field("采购项目数量", "procurement items", "centralised procurement items")
    amount_10k_yuan: Decimal | None = _field(
        "采购总金额",
        "procurement amount",
        "total amount of centralised procurement, in units of 10,000 yuan (万元)",
    )


@attrs.frozen
class Proactive2019:
    """Table 2 of template 2019."""

    rules: Documents2019 = _field("规章", "rules", band=_BLOCK_1, band_en=_block_en(1))
    normative_documents: Documents2019 = _field(
        "规范性文件", "normative documents", band=_BLOCK_1, band_en=_block_en(1)
    )
    licensing: ItemCounts2019 = _field(
        "行政许可", "administrative licensing", band=_BLOCK_5, band_en=_block_en(5)
    )
    other_services: ItemCounts2019 = _field(
        "其他对外管理服务事项",
        "other public administration services",
        band=_BLOCK_5,
        band_en=_block_en(5),
    )
    penalty: ItemCounts2019 = _field(
        "行政处罚", "administrative penalties", band=_BLOCK_6, band_en=_block_en(6)
    )
    coercion: ItemCounts2019 = _field(
        "行政强制", "administrative coercion", band=_BLOCK_6, band_en=_block_en(6)
    )
    fees: Fees2019 = _field(
        "行政事业性收费", "administrative fees", band=_BLOCK_8, band_en=_block_en(8)
    )
    procurement: Procurement2019 = _field(
        "政府集中采购", "centralised procurement", band=_BLOCK_9, band_en=_block_en(9)
    )


@attrs.frozen
class Proactive2021:
    """Table 2 of template 2021."""

    rules: Documents2021 = _field("规章", "rules", band=_BLOCK_1, band_en=_block_en(1))
    normative_documents: Documents2021 = _field(
        "行政规范性文件",
        "administrative normative documents",
        band=_BLOCK_1,
        band_en=_block_en(1),
    )
    licensing: Decisions2021 = _field(
        "行政许可", "administrative licensing", band=_BLOCK_5, band_en=_block_en(5)
    )
    penalty: Decisions2021 = _field(
        "行政处罚", "administrative penalties", band=_BLOCK_6, band_en=_block_en(6)
    )
    coercion: Decisions2021 = _field(
        "行政强制", "administrative coercion", band=_BLOCK_6, band_en=_block_en(6)
    )
    fees: Fees2021 = _field(
        "行政事业性收费", "administrative fees", band=_BLOCK_8, band_en=_block_en(8)
    )


# ---------------------------------------------------------------------------
# Table 3 — 收到和处理政府信息公开申请情况 (the applications matrix)

_LEGAL_PERSONS = "法人或其他组织"
_LEGAL_PERSONS_EN = "legal persons or other organisations"


def _organisation(label: str, en: str) -> Any:
    return _field(
        label,
        en,
        f"applications from {en}",
        band=_LEGAL_PERSONS,
        band_en=_LEGAL_PERSONS_EN,
    )


@attrs.frozen
class ApplicantCounts:
    """One row of table 3: applications by type of applicant."""

    natural_person: int | None = _field(
        "自然人", "natural persons", "applications from natural persons"
    )
    commercial_enterprise: int | None = _organisation("商业企业", "commercial enterprises")
    research_institution: int | None = _organisation("科研机构", "research institutions")
    public_interest_organization: int | None = _organisation(
        "社会公益组织", "public-interest organisations"
    )
    legal_service_provider: int | None = _organisation("法律服务机构", "legal service providers")
    other_organization: int | None = _organisation("其他", "other organisations")
    total: int | None = _field("总计", "total", "applications from all applicants", total=True)


def _outcome(label: str, en: str, description: str = "") -> Any:
    return _field(label, en, description)


@attrs.frozen
class Withheld:
    """（三）不予公开, by reason."""

    state_secret: ApplicantCounts = _outcome("1.属于国家秘密", "state secret")
    prohibited_by_law: ApplicantCounts = _outcome(
        "2.其他法律行政法规禁止公开", "disclosure prohibited by other laws"
    )
    security_stability: ApplicantCounts = _outcome(
        "3.危及“三安全一稳定”", "endangers security or stability"
    )
    third_party_rights: ApplicantCounts = _outcome(
        "4.保护第三方合法权益", "protects third-party rights"
    )
    internal_affairs: ApplicantCounts = _outcome(
        "5.属于三类内部事务信息", "internal affairs information"
    )
    process_information: ApplicantCounts = _outcome("6.属于四类过程性信息", "process information")
    enforcement_case_file: ApplicantCounts = _outcome("7.属于行政执法案卷", "enforcement case file")
    administrative_query: ApplicantCounts = _outcome("8.属于行政查询事项", "administrative query")


@attrs.frozen
class Unavailable:
    """（四）无法提供, by reason."""

    not_held: ApplicantCounts = _outcome("1.本机关不掌握相关政府信息", "information not held")
    needs_compilation: ApplicantCounts = _outcome(
        "2.没有现成信息需要另行制作", "would need to be compiled"
    )
    unclear_after_correction: ApplicantCounts = _outcome(
        "3.补正后申请内容仍不明确", "unclear after correction"
    )


@attrs.frozen
class NotProcessed:
    """（五）不予处理, by reason."""

    petition_or_complaint: ApplicantCounts = _outcome(
        "1.信访举报投诉类申请", "petition, report or complaint"
    )
    duplicate: ApplicantCounts = _outcome("2.重复申请", "duplicate application")
    publication: ApplicantCounts = _outcome("3.要求提供公开出版物", "asks for a publication")
    excessive_repetition: ApplicantCounts = _outcome(
        "4.无正当理由大量反复申请", "excessive repetition without good reason"
    )
    confirmation_or_reissue: ApplicantCounts = _outcome(
        "5.要求行政机关确认或重新出具已获取信息",
        "asks to confirm or reissue information already obtained",
    )


@attrs.frozen
class OtherOutcomes2021:
    """（六）其他处理 of template 2021, by reason."""

    overdue_correction: ApplicantCounts = _outcome(
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "applicant did not correct in time",
    )
    overdue_fee: ApplicantCounts = _outcome(
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "applicant did not pay the fee in time",
    )
    other: ApplicantCounts = _outcome("3.其他", "other")


_DISCLOSED = ("（一）予以公开", "disclosed")
_PARTIALLY_DISCLOSED = (
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "partially disclosed",
)
_WITHHELD = ("（三）不予公开", "withheld")
_UNAVAILABLE = ("（四）无法提供", "cannot be provided")
_NOT_PROCESSED = ("（五）不予处理", "not processed")
_OTHER_OUTCOME = ("（六）其他处理", "other handling")
_OUTCOME_TOTAL = ("（七）总计", "total")


@attrs.frozen
class Outcomes2019:
    """三、本年度办理结果 of template 2019."""

    disclosed: ApplicantCounts = _outcome(*_DISCLOSED)
    partially_disclosed: ApplicantCounts = _outcome(*_PARTIALLY_DISCLOSED)
    withheld: Withheld = _outcome(*_WITHHELD)
    unavailable: Unavailable = _outcome(*_UNAVAILABLE)
    not_processed: NotProcessed = _outcome(*_NOT_PROCESSED)
    other: ApplicantCounts = _outcome(*_OTHER_OUTCOME)
    total: ApplicantCounts = _field(*_OUTCOME_TOTAL, total=True)


@attrs.frozen
class Outcomes2021:
    """三、本年度办理结果 of template 2021."""

    disclosed: ApplicantCounts = _outcome(*_DISCLOSED)
    partially_disclosed: ApplicantCounts = _outcome(*_PARTIALLY_DISCLOSED)
    withheld: Withheld = _outcome(*_WITHHELD)
    unavailable: Unavailable = _outcome(*_UNAVAILABLE)
    not_processed: NotProcessed = _outcome(*_NOT_PROCESSED)
    other: OtherOutcomes2021 = _outcome(*_OTHER_OUTCOME)
    total: ApplicantCounts = _field(*_OUTCOME_TOTAL, total=True)


_RECEIVED = ("一、本年新收政府信息公开申请数量", "new applications this year")
_CARRIED_OVER = ("二、上年结转政府信息公开申请数量", "carried over from last year")
_OUTCOMES = ("三、本年度办理结果", "outcomes this year")
_CARRIED_FORWARD = ("四、结转下年度继续办理", "carried forward to next year")


@attrs.frozen
class Applications2019:
    """Table 3 of template 2019."""

    received: ApplicantCounts = _field(*_RECEIVED)
    carried_over: ApplicantCounts = _field(*_CARRIED_OVER)
    outcomes: Outcomes2019 = _field(*_OUTCOMES)
    carried_forward: ApplicantCounts = _field(*_CARRIED_FORWARD)


@attrs.frozen
class Applications2021:
    """Table 3 of template 2021."""

    received: ApplicantCounts = _field(*_RECEIVED)
    carried_over: ApplicantCounts = _field(*_CARRIED_OVER)
    outcomes: Outcomes2021 = _field(*_OUTCOMES)
    carried_forward: ApplicantCounts = _field(*_CARRIED_FORWARD)


# ---------------------------------------------------------------------------
# Table 4 — 政府信息公开行政复议、行政诉讼情况 (identical in both templates)


@attrs.frozen
class ResultCounts:
    """One group of five in table 4: cases by result."""

    upheld: int | None = _field("结果维持", "upheld", "cases whose decision was upheld")
    corrected: int | None = _field("结果纠正", "corrected", "cases whose decision was corrected")
    other: int | None = _field("其他结果", "other result", "cases with another result")
    pending: int | None = _field("尚未审结", "pending", "cases not yet concluded")
    total: int | None = _field("总计", "total", "all cases", total=True)


_LITIGATION = "行政诉讼"
_LITIGATION_EN = "administrative litigation"


@attrs.frozen
class ReviewLitigation:
    """Table 4: administrative reviews and lawsuits about disclosure."""

    review: ResultCounts = _field("行政复议", "administrative review")
    litigation_direct: ResultCounts = _field(
        "未经复议直接起诉",
        "lawsuits without prior review",
        band=_LITIGATION,
        band_en=_LITIGATION_EN,
    )
    litigation_after_review: ResultCounts = _field(
        "复议后起诉",
        "lawsuits after review",
        band=_LITIGATION,
        band_en=_LITIGATION_EN,
    )


# ---------------------------------------------------------------------------
# The report


@attrs.frozen
class Agency:
    """The administrative body the report is of."""

    name: str = _field("机关名称", "agency name", "name of the reporting body", min_length=1)
    division_code: str | None = _field(
        "行政区划代码",
        "division code",
        "six-digit administrative division code (GB/T 2260)",
        optional=True,
        pattern="^[0-9]{6}$",
        max_length=6,
    )
    credit_code: str | None = _field(
        "统一社会信用代码",
        "unified social credit code",
        "the body's own 18-character identifier (GB 32100-2015): 机关 start 11, 事业单位 12;"
        " its check character is the rule CREDIT_CODE",
        optional=True,
        pattern=CREDIT_CODE_PATTERN,
        max_length=18,
    )
    former_names: tuple[str, ...] | None = _field(
        "曾用名",
        "former names",
        "names the body reported under before a renaming, so that its reports of earlier"
        " years are recognised as its own",
        optional=True,
    )
    scope: Literal["agency", "region"] | None = _field(
        "统计范围",
        "scope",
        '"agency": the figures of this body alone (本机关); '
        '"region": a government\'s report covering its whole region (本级政府)',
        optional=True,
    )


@attrs.frozen
class Sections:
    """The text sections 一, 五 and 六."""

    overview: str = _field("一、总体情况", "1. Overview", "section 一 as text", section=1)
    problems: str = _field(
        "五、存在的主要问题及改进情况",
        "5. Main problems and improvements",
        "section 五 as text",
        section=5,
    )
    other: str = _field(
        "六、其他需要报告的事项",
        "6. Other matters to report",
        "section 六 as text; from 2021 it reports fee income",
        section=6,
    )


_TEMPLATE = ("模板", "template", "the national template the report follows")
_YEAR = ("年度", "year", "report year; statistics cover 1 January to 31 December")
_AGENCY = ("机关", "agency")
_SECTIONS = ("正文", "text sections")
_PUBLISHED_ON = (
    "公开日期",
    "published on",
    "the date the report was published (YYYY-MM-DD); the deadlines of 条例第四十九条 are"
    " checked against it",
)
_NOTES = (
    "注释",
    "notes",
    "footnotes keyed by the JSON Pointer (RFC 6901) of a cell or section",
)
_UNREAD = (
    "未读出",
    "unread",
    "places the import could not read from the source, keyed by JSON Pointer, with what was "
    "printed there; their values are blank (null) or a stand-in, never a reading",
)
_SCHEMA = ("$schema", "$schema", "the schema the document claims to follow")
_PROACTIVE: dict[str, Any] = {
    "label": "二、主动公开政府信息情况",
    "en": "2. Proactive disclosure",
    "table": "表二",
    "table_en": "Table 2",
    "section": 2,
    "corner": "信息内容",
}
_APPLICATIONS: dict[str, Any] = {
    "label": "三、收到和处理政府信息公开申请情况",
    "en": "3. Applications received and handled",
    "table": "表三",
    "table_en": "Table 3",
    "section": 3,
    "corner": "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "columns_header": "申请人情况",
    "columns_header_en": "applicants",
}
_REVIEW_LITIGATION: dict[str, Any] = {
    "label": "四、政府信息公开行政复议、行政诉讼情况",
    "en": "4. Administrative review and litigation",
    "table": "表四",
    "table_en": "Table 4",
    "section": 4,
    "transposed": True,
}


@attrs.frozen
class Report2019:
    """An annual report in the 2019 trial format (国办公开办函〔2019〕60号)."""

    template: Literal["2019"] = _field(*_TEMPLATE)
    year: int = _field(*_YEAR)
    agency: Agency = _field(*_AGENCY)
    sections: Sections = _field(*_SECTIONS)
    proactive: Proactive2019 = _field(**_PROACTIVE)
    applications: Applications2019 = _field(**_APPLICATIONS)
    review_litigation: ReviewLitigation = _field(**_REVIEW_LITIGATION)
    published_on: str | None = _field(
        *_PUBLISHED_ON, optional=True, pattern=DATE_PATTERN, max_length=10
    )
    notes: Mapping[str, str] | None = _field(*_NOTES, optional=True, hashed=False)
    unread: Mapping[str, str] | None = _field(*_UNREAD, optional=True, hashed=False)
    schema: str | None = _field(*_SCHEMA, wire="$schema", optional=True)


@attrs.frozen
class Report2021:
    """An annual report in the 2021 format (国办公开办函〔2021〕30号)."""

    template: Literal["2021"] = _field(*_TEMPLATE)
    year: int = _field(*_YEAR)
    agency: Agency = _field(*_AGENCY)
    sections: Sections = _field(*_SECTIONS)
    proactive: Proactive2021 = _field(**_PROACTIVE)
    applications: Applications2021 = _field(**_APPLICATIONS)
    review_litigation: ReviewLitigation = _field(**_REVIEW_LITIGATION)
    published_on: str | None = _field(
        *_PUBLISHED_ON, optional=True, pattern=DATE_PATTERN, max_length=10
    )
    notes: Mapping[str, str] | None = _field(*_NOTES, optional=True, hashed=False)
    unread: Mapping[str, str] | None = _field(*_UNREAD, optional=True, hashed=False)
    schema: str | None = _field(*_SCHEMA, wire="$schema", optional=True)


Report: TypeAlias = Report2019 | Report2021
"""A report of either template."""


@attrs.frozen
class TemplateInfo:
    """One national template: the notice that set it and the years it applies to."""

    id: TemplateId
    notice: str
    title: str
    published: str
    first_year: int
    last_year: int | None
    report_class: type[Report2019] | type[Report2021]

    def applies_to(self, year: int) -> bool:
        """Whether the template is the one in force for report year `year`."""
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


TEMPLATES: Mapping[str, TemplateInfo] = {
    "2019": TemplateInfo(
        id="2019",
        notice="国办公开办函〔2019〕60号",
        title="中华人民共和国政府信息公开工作年度报告格式（试行）",
        published="2019-11-27",
        first_year=2019,
        last_year=2020,
        report_class=Report2019,
    ),
    "2021": TemplateInfo(
        id="2021",
        notice="国办公开办函〔2021〕30号",
        title="中华人民共和国政府信息公开工作年度报告格式",
        published="2021-09-26",
        first_year=2021,
        last_year=None,
        report_class=Report2021,
    ),
}
"""The national templates by id, oldest first."""


def template_in_force(year: int) -> TemplateInfo | None:
    """The template in force for report year `year`, or None before 2019."""
    for info in TEMPLATES.values():
        if info.applies_to(year):
            return info
    return None
