"""Template 2021: the revised 《中华人民共和国政府信息公开工作年度报告格式》
(国办公开办函〔2021〕30号), for report years 2021 and later.

It revises template 2019: 表二 counts documents issued, repealed and in force, decisions
alone for the item lists, and fees in 万元, and drops 其他对外管理服务事项 and 政府集中采购;
表三 splits （六）其他处理 into three rows. How each 2019 row is read in 2021 is declared
below (`CORRESPONDENCES`); rows and columns not named there correspond by path and key.
"""

from decimal import Decimal

import attrs

from .._declare import Carry, Correspondence, Template, Term, field, make_class
from ._common import ApplicantCounts, application_fields, block, outcome_fields, report_class

__all__ = ["TEMPLATE", "Report2021"]


@attrs.frozen
class Documents2021:
    """Rules or administrative normative documents, template 2021."""

    issued: int | None = field(
        "本年制发件数",
        "issued this year",
        "documents issued in the report year (may include revisions)",
    )
    repealed: int | None = field(
        "本年废止件数", "repealed this year", "documents repealed in the report year"
    )
    in_force: int | None = field(
        "现行有效件数",
        "in force",
        "documents in force at the end of the report year",
        carry=Carry(
            "T2_IN_FORCE",
            (Term("in_force", previous=True), Term("issued"), Term("repealed", -1)),
        ),
    )


@attrs.frozen
class Decisions2021:
    """An item of article 20 counted by its decisions, template 2021."""

    decisions: int | None = field(
        "本年处理决定数量", "decisions this year", "decisions made in the report year"
    )


@attrs.frozen
class Fees2021:
    """Administrative fees, template 2021."""

    amount_10k_yuan: Decimal | None = field(
        "本年收费金额（单位：万元）",
        "fees collected (10,000 yuan)",
        "fees collected in the report year, in units of 10,000 yuan (万元)",
    )


_BLOCK_1, _BLOCK_5, _BLOCK_6, _BLOCK_8 = (block(n) for n in (1, 5, 6, 8))


@attrs.frozen
class Proactive2021:
    """Table 2 of template 2021."""

    rules: Documents2021 = field("规章", "rules", band=_BLOCK_1[0], band_en=_BLOCK_1[1])
    normative_documents: Documents2021 = field(
        "行政规范性文件",
        "administrative normative documents",
        band=_BLOCK_1[0],
        band_en=_BLOCK_1[1],
    )
    licensing: Decisions2021 = field(
        "行政许可", "administrative licensing", band=_BLOCK_5[0], band_en=_BLOCK_5[1]
    )
    penalty: Decisions2021 = field(
        "行政处罚", "administrative penalties", band=_BLOCK_6[0], band_en=_BLOCK_6[1]
    )
    coercion: Decisions2021 = field(
        "行政强制", "administrative coercion", band=_BLOCK_6[0], band_en=_BLOCK_6[1]
    )
    fees: Fees2021 = field(
        "行政事业性收费", "administrative fees", band=_BLOCK_8[0], band_en=_BLOCK_8[1]
    )


@attrs.frozen
class OtherOutcomes2021:
    """（六）其他处理 of template 2021, by reason."""

    overdue_correction: ApplicantCounts = field(
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "applicant did not correct in time",
    )
    overdue_fee: ApplicantCounts = field(
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "applicant did not pay the fee in time",
    )
    other: ApplicantCounts = field("3.其他", "other")


Outcomes2021 = make_class(
    "Outcomes2021",
    "三、本年度办理结果 of template 2021: （六）其他处理 is a group of three rows.",
    outcome_fields(OtherOutcomes2021),
    module=__name__,
)
Applications2021 = make_class(
    "Applications2021",
    "Table 3 of template 2021.",
    application_fields(Outcomes2021),
    module=__name__,
)

Report2021 = report_class(
    "2021",
    "An annual report in the 2021 format (国办公开办函〔2021〕30号).",
    proactive=Proactive2021,
    applications=Applications2021,
    module=__name__,
)

_OTHER = "/applications/outcomes/other"

CORRESPONDENCES = (
    Correspondence(
        "/proactive/normative_documents",
        ("/proactive/normative_documents",),
        columns=(),
    ),
    Correspondence("/proactive/other_services"),
    Correspondence("/proactive/procurement"),
    Correspondence(
        _OTHER,
        (f"{_OTHER}/overdue_correction", f"{_OTHER}/overdue_fee", f"{_OTHER}/other"),
        remainder=f"{_OTHER}/other",
    ),
)
"""How the rows of template 2019 are read in 2021, where path and keys do not say it:
规范性文件 became 行政规范性文件, with columns that count other things (and 规章's columns,
at the same path, have no key in common either); 其他对外管理服务事项 and 政府集中采购 have
nothing comparable; the single （六）其他处理 is the sum of the three rows of 2021, and a
report that prints only the single row has its figures in 3.其他."""

TEMPLATE = Template(
    id="2021",
    notice="国办公开办函〔2021〕30号",
    title="中华人民共和国政府信息公开工作年度报告格式",
    published="2021-09-26",
    first_year=2021,
    last_year=None,
    report_class=Report2021,
    revises="2019",
    correspondences=CORRESPONDENCES,
)
