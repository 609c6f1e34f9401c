"""The declaration and its layout match the contract's description of both templates."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_report import TEMPLATES, layout
from disclosure_report._layout import Group, Row, Table, path_of, pointer


def _labels(nodes: tuple[Row | Group, ...]) -> list[object]:
    return [
        (node.label.zh, _labels(node.children)) if isinstance(node, Group) else node.label.zh
        for node in nodes
    ]


def _span(node: Row | Group) -> int:
    return 1 if isinstance(node, Row) else sum(_span(child) for child in node.children)


@pytest.mark.parametrize(("template", "rows", "span"), [("2019", 23, 20), ("2021", 25, 22)])
def test_table_3_rows_and_the_span_of_the_outcomes_group(
    template: str, rows: int, span: int
) -> None:
    applications = layout(template).table("applications")
    assert len(applications.rows) == rows
    assert _span(applications.find("outcomes")) == span
    assert {len(row.columns) for row in applications.rows} == {7}


def test_table_3_row_labels_as_printed() -> None:
    withheld = [
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
    ]
    unavailable = [
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
    ]
    not_processed = [
        "1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
    ]
    other_2021 = [
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ]

    def expected(other: object) -> list[object]:
        return [
            "一、本年新收政府信息公开申请数量",
            "二、上年结转政府信息公开申请数量",
            (
                "三、本年度办理结果",
                [
                    "（一）予以公开",
                    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                    ("（三）不予公开", withheld),
                    ("（四）无法提供", unavailable),
                    ("（五）不予处理", not_processed),
                    other,
                    "（七）总计",
                ],
            ),
            "四、结转下年度继续办理",
        ]

    assert _labels(layout("2019").table("applications").children) == expected("（六）其他处理")
    assert _labels(layout("2021").table("applications").children) == expected(
        ("（六）其他处理", other_2021)
    )


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_table_3_columns(template: str) -> None:
    applications = layout(template).table("applications")
    columns = applications.rows[0].columns
    assert [(c.key, c.label.zh, c.band.zh if c.band else None) for c in columns] == [
        ("natural_person", "自然人", None),
        ("commercial_enterprise", "商业企业", "法人或其他组织"),
        ("research_institution", "科研机构", "法人或其他组织"),
        ("public_interest_organization", "社会公益组织", "法人或其他组织"),
        ("legal_service_provider", "法律服务机构", "法人或其他组织"),
        ("other_organization", "其他", "法人或其他组织"),
        ("total", "总计", None),
    ]
    assert applications.columns_header is not None
    assert applications.columns_header.zh == "申请人情况"
    assert (
        applications.corner
        == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    )


def _blocks(table: Table) -> list[tuple[str, str, list[str]]]:
    return [
        (row.band.zh if row.band else "", row.label.zh, [c.label.zh for c in row.columns])
        for row in table.rows
    ]


def test_table_2_of_2019() -> None:
    items = ["上一年项目数量", "本年增/减", "处理决定数量"]
    assert _blocks(layout("2019").table("proactive")) == [
        ("第二十条第（一）项", "规章", ["本年新制作数量", "本年新公开数量", "对外公开总数量"]),
        (
            "第二十条第（一）项",
            "规范性文件",
            ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ),
        ("第二十条第（五）项", "行政许可", items),
        ("第二十条第（五）项", "其他对外管理服务事项", items),
        ("第二十条第（六）项", "行政处罚", items),
        ("第二十条第（六）项", "行政强制", items),
        ("第二十条第（八）项", "行政事业性收费", ["上一年项目数量", "本年增/减"]),
        ("第二十条第（九）项", "政府集中采购", ["采购项目数量", "采购总金额"]),
    ]
    kinds = {c.pointer: c.kind for c in layout("2019").cells if c.table.key == "proactive"}
    assert kinds["/proactive/licensing/change"] == "signed"
    assert kinds["/proactive/procurement/amount"] == "money"
    # The template prints no unit for 采购总金额: the report's own unit is kept beside it.
    amount = layout("2019").table("proactive").row("procurement").column("amount")
    assert amount.unit_key == "amount_unit"
    assert layout("2019").field("/proactive/procurement/amount_unit") is not None
    assert all(
        cell.column.unit_key is None for cell in layout("2021").cells if cell.kind == "money"
    )
    assert kinds["/proactive/rules/made"] == "count"


def test_table_2_of_2021() -> None:
    decisions = ["本年处理决定数量"]
    assert _blocks(layout("2021").table("proactive")) == [
        ("第二十条第（一）项", "规章", ["本年制发件数", "本年废止件数", "现行有效件数"]),
        ("第二十条第（一）项", "行政规范性文件", ["本年制发件数", "本年废止件数", "现行有效件数"]),
        ("第二十条第（五）项", "行政许可", decisions),
        ("第二十条第（六）项", "行政处罚", decisions),
        ("第二十条第（六）项", "行政强制", decisions),
        ("第二十条第（八）项", "行政事业性收费", ["本年收费金额（单位：万元）"]),
    ]


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_table_4_is_fifteen_cells_in_three_groups(template: str) -> None:
    table = layout(template).table("review_litigation")
    assert [(r.band.zh if r.band else None, r.label.zh) for r in table.rows] == [
        (None, "行政复议"),
        ("行政诉讼", "未经复议直接起诉"),
        ("行政诉讼", "复议后起诉"),
    ]
    assert {tuple(c.label.zh for c in r.columns) for r in table.rows} == {
        ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    }
    assert sum(len(r.columns) for r in table.rows) == 15


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_six_sections_in_order(template: str) -> None:
    assert [s.label.zh for s in layout(template).sections] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]


@pytest.mark.parametrize(
    ("template", "cells"),
    [("2019", 3 * 2 + 3 * 4 + 2 + 2 + 23 * 7 + 15), ("2021", 3 * 2 + 3 + 1 + 25 * 7 + 15)],
)
def test_cell_count(template: str, cells: int) -> None:
    assert len(layout(template).cells) == cells


def test_every_cell_has_a_person_readable_place() -> None:
    place = layout("2021").field("/applications/outcomes/withheld/state_secret/natural_person")
    assert place is not None
    assert " · ".join(label.zh for label in place.labels) == (
        "表三 · 三、本年度办理结果 · （三）不予公开 · 1.属于国家秘密 · 自然人"
    )
    assert place.labels[0].en == "Table 3"


@given(st.lists(st.text(alphabet="ab~/01", max_size=4), max_size=4).map(tuple))
def test_a_pointer_escapes_every_key_and_reads_back(path: tuple[str, ...]) -> None:
    """RFC 6901: ``~`` is written ``~0`` and ``/`` is written ``~1`` in every key."""
    escaped = "".join("/" + key.replace("~", "~0").replace("/", "~1") for key in path)
    assert pointer(path) == escaped
    assert path_of(pointer(path)) == path
