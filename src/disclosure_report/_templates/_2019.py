"""Template 2019: 《中华人民共和国政府信息公开工作年度报告格式（试行）》 (国办公开办函〔2019〕60号),
for report years 2019 and 2020.

Its own tables: 表二 with item counts and centralised procurement, and a single row
（六）其他处理 in 表三. Everything else it shares with every national template (`_common`).
"""

from decimal import Decimal

import attrs

from .._declare import Carry, Template, Term, Unit, field, make_class
from ._common import ApplicantCounts, application_fields, block, outcome_fields, report_class

__all__ = ["TEMPLATE", "Report2019"]

_ITEMS = Carry("T2_ITEMS", (Term("previous_items", previous=True), Term("change", previous=True)))
"""上一年项目数量 is last year's count plus last year's change."""


@attrs.frozen
class Documents2019:
    """Rules or normative documents, template 2019."""

    made: int | None = field(
        "本年新制作数量", "made this year", "documents made in the report year"
    )
    published: int | None = field(
        "本年新公开数量", "published this year", "documents published in the report year"
    )
    total_published: int | None = field(
        "对外公开总数量", "published in total", "documents published to the public in total"
    )


@attrs.frozen
class ItemCounts2019:
    """An item list of article 20 with its decisions, template 2019."""

    previous_items: int | None = field(
        "上一年项目数量",
        "items last year",
        "items on the list at the end of the previous year",
        carry=_ITEMS,
    )
    change: int | None = field(
        "本年增/减",
        "change this year",
        "items added (positive) or removed (negative) in the report year",
        signed=True,
    )
    decisions: int | None = field("处理决定数量", "decisions", "decisions made in the report year")


@attrs.frozen
class Fees2019:
    """Administrative fees, template 2019."""

    previous_items: int | None = field(
        "上一年项目数量",
        "items last year",
        "fee items at the end of the previous year",
        carry=_ITEMS,
    )
    change: int | None = field(
        "本年增/减",
        "change this year",
        "fee items added (positive) or removed (negative) in the report year",
        signed=True,
    )


@attrs.frozen
class Procurement2019:
    """Centralised procurement, template 2019. The template prints no unit for the amount:
    reports write it in 元 (``251000元``) or 万元, and it is kept as written with the unit
    the report states."""

    items: int | None = field("采购项目数量", "procurement items", "centralised procurement items")
    amount: Decimal | None = field(
        "采购总金额",
        "procurement amount",
        "total amount of centralised procurement",
    )
    amount_unit: Unit | None = field(
        "金额单位",
        "unit of the amount",
        "the unit the report states for 采购总金额 (元 or 万元); absent where it states none",
        optional=True,
        unit_of="amount",
    )


_BLOCK_1, _BLOCK_5, _BLOCK_6, _BLOCK_8, _BLOCK_9 = (block(n) for n in (1, 5, 6, 8, 9))


@attrs.frozen
class Proactive2019:
    """Table 2 of template 2019."""

    rules: Documents2019 = field("规章", "rules", band=_BLOCK_1[0], band_en=_BLOCK_1[1])
    normative_documents: Documents2019 = field(
        "规范性文件", "normative documents", band=_BLOCK_1[0], band_en=_BLOCK_1[1]
    )
    licensing: ItemCounts2019 = field(
        "行政许可", "administrative licensing", band=_BLOCK_5[0], band_en=_BLOCK_5[1]
    )
    other_services: ItemCounts2019 = field(
        "其他对外管理服务事项",
        "other public administration services",
        band=_BLOCK_5[0],
        band_en=_BLOCK_5[1],
    )
    penalty: ItemCounts2019 = field(
        "行政处罚", "administrative penalties", band=_BLOCK_6[0], band_en=_BLOCK_6[1]
    )
    coercion: ItemCounts2019 = field(
        "行政强制", "administrative coercion", band=_BLOCK_6[0], band_en=_BLOCK_6[1]
    )
    fees: Fees2019 = field(
        "行政事业性收费", "administrative fees", band=_BLOCK_8[0], band_en=_BLOCK_8[1]
    )
    procurement: Procurement2019 = field(
        "政府集中采购", "centralised procurement", band=_BLOCK_9[0], band_en=_BLOCK_9[1]
    )


Outcomes2019 = make_class(
    "Outcomes2019",
    "三、本年度办理结果 of template 2019: （六）其他处理 is one row.",
    outcome_fields(ApplicantCounts),
    module=__name__,
)
Applications2019 = make_class(
    "Applications2019",
    "Table 3 of template 2019.",
    application_fields(Outcomes2019),
    module=__name__,
)

Report2019 = report_class(
    "2019",
    "An annual report in the 2019 trial format (国办公开办函〔2019〕60号).",
    proactive=Proactive2019,
    applications=Applications2019,
    module=__name__,
)

TEMPLATE = Template(
    id="2019",
    notice="国办公开办函〔2019〕60号",
    title="中华人民共和国政府信息公开工作年度报告格式（试行）",
    published="2019-11-27",
    first_year=2019,
    last_year=2020,
    report_class=Report2019,
)
