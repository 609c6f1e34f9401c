"""Findings in words: every message, Chinese and English, is written here."""

from __future__ import annotations

from typing import Any

from .findings import IMPORT_CODES, Finding
from .layout import layout
from .model import TEMPLATES

__all__ = ["LANGUAGES", "place", "render"]

LANGUAGES = ("zh", "en")


def place(finding: Finding, lang: str = "zh") -> str:
    """Where the finding is, as a person reads the printed report."""
    if finding.labels:
        return " · ".join(label.text(lang) for label in finding.labels)
    if finding.pointer:
        return finding.pointer
    return "文档" if lang == "zh" else "document"


def _value(value: Any, lang: str) -> str:
    if value is None:
        return "空白" if lang == "zh" else "blank"
    return str(value)


_SCHEMA_PROBLEMS = {
    "type": ("类型不符", "has the wrong type"),
    "required": ("缺少此项", "is missing"),
    "additionalProperties": ("不应有此项", "is not part of the template"),
    "minimum": ("不得为负数", "must not be negative"),
    "maximum": ("超出允许范围", "is out of range"),
    "const": ("取值不符", "has the wrong value"),
    "enum": ("取值不在允许范围内", "is not one of the allowed values"),
    "minLength": ("不得为空", "must not be empty"),
    "pattern": ("格式不符", "has the wrong format"),
    "propertyNames": ("键名格式不符", "has a key of the wrong format"),
}


def _schema(finding: Finding, lang: str) -> str:
    zh, en = _SCHEMA_PROBLEMS.get(finding.keyword or "", ("不符合数据结构", "breaks the schema"))
    problem = zh if lang == "zh" else en
    where = place(finding, lang)
    if lang == "zh":
        return f"{where}：{problem}（{finding.detail}）"
    return f"{where} {problem} ({finding.detail})"


def _template_year(finding: Finding, lang: str) -> str:
    year = finding.operands[0].value if finding.operands else "?"
    if lang == "zh":
        if finding.expected is None:
            return f"{year}年度没有适用的国家模板，本报告使用了{finding.actual}年版模板"
        return f"{year}年度应使用{finding.expected}年版模板，本报告使用了{finding.actual}年版模板"
    if finding.expected is None:
        return (
            f"no national template applies to {year}; the report uses the {finding.actual} template"
        )
    return f"{year} reports use the {finding.expected} template; this one uses {finding.actual}"


def _formula(finding: Finding, lang: str) -> str:
    values = [_value(o.value, lang) for o in finding.operands]
    zh = lang == "zh"
    if finding.code == "T3_BALANCE":
        received, carried_over, handled = values
        return f"{received} + {carried_over} − {handled}"
    if finding.code == "T3_CARRY_OVER":
        return (
            f"上年报告的结转下年度 {values[0]}"
            if zh
            else f"last year's carried forward {values[0]}"
        )
    if finding.code == "T2_IN_FORCE":
        last, issued, repealed = values
        if zh:
            return f"上年现行有效 {last} + 本年制发 {issued} − 本年废止 {repealed}"
        return f"last year's {last} + issued {issued} − repealed {repealed}"
    if finding.code == "T2_ITEMS":
        last, change = values
        if zh:
            return f"上年项目数量 {last} + 上年增/减 {change}"
        return f"last year's {last} + last year's change {change}"
    # Zeros add nothing and would bury the terms that matter; blanks are shown.
    terms = [_value(o.value, lang) for o in finding.operands if o.value != 0]
    return " + ".join(terms) or "0"


def _arithmetic(finding: Finding, lang: str) -> str:
    where = place(finding, lang)
    expected = _value(finding.expected, lang)
    actual = _value(finding.actual, lang)
    formula = _formula(finding, lang)
    if lang == "zh":
        return f"{where}：应为 {expected}（{formula}），实为 {actual}"
    return f"{where}: expected {expected} ({formula}), found {actual}"


def _blank(finding: Finding, lang: str) -> str:
    where = place(finding, lang)
    if lang == "zh":
        return f"{where}：空白（空白不等于 0，请填写数字）"
    return f"{where}: blank (blank is not zero; fill in a number)"


def _not_applicable(finding: Finding, lang: str) -> str:
    where = place(finding, lang)
    because = finding.operands[0] if finding.operands else None
    if lang == "en":
        return f"{where}: {finding.keyword} cannot apply: {finding.detail}"
    if because is not None and because.pointer == "/template":
        reason = f"上年报告使用{because.value}年版模板，没有可比的数据"
    elif because is not None and because.pointer == "/year":
        reason = f"缺少{because.value}年度的报告"
    else:
        reason = finding.detail
    return f"{where}：{finding.keyword} 无法检查（{reason}）"


def _credit_code(finding: Finding, lang: str) -> str:
    where = place(finding, lang)
    if lang == "zh":
        return f"{where}：校验位（第18位）应为 {finding.expected}，实为 {finding.actual}"
    expected, actual = finding.expected, finding.actual
    return f"{where}: the check character (the 18th) should be {expected}, not {actual}"


def _division_code(finding: Finding, lang: str) -> str:
    where = place(finding, lang)
    year = finding.operands[0].value if finding.operands else None
    if lang == "zh":
        if year is None:
            return f"{where}：{finding.actual} 不是 GB/T 2260 行政区划代码"
        return f"{where}：{finding.actual} 在 {year} 年已不使用（{finding.detail}）"
    if year is None:
        return f"{where}: {finding.actual} is not a GB/T 2260 division code"
    return f"{where}: {finding.actual} was not in use in {year} ({finding.detail})"


def _unread(finding: Finding, lang: str) -> str:
    where = place(finding, lang)
    if finding.pointer == "/agency/name":
        if lang == "zh":
            return f"{where}：未能从原文找到机关名称，请用 --agency 指定"
        return f"{where}: no agency name was found in the source; give it with --agency"
    if finding.pointer == "/year":
        if lang == "zh":
            return f"{where}：未能从原文找到年度（{finding.detail}），请用 --year 指定"
        return f"{where}: no report year was found in the source ({finding.detail}); give --year"
    if lang == "zh":
        return f"{where}：导入时未能读出（{finding.detail}），不是报告本身的问题"
    return f"{where}: not read when imported ({finding.detail}); not a defect of the report"


def _short_place(at: str, lang: str) -> str:
    """A cell named by its row and column, for listing the cells a check needs."""
    for template in TEMPLATES:
        field = layout(template).field(at)
        if field is not None:
            labels = (*field.row[-1:], *field.column[-1:]) or field.labels[-1:]
            return " · ".join(label.text(lang) for label in labels)
    return at


def _not_assessable(finding: Finding, lang: str) -> str:
    where = place(finding, lang)
    missing = [operand for operand in finding.operands if operand.unread]
    names = ("、" if lang == "zh" else ", ").join(
        _short_place(operand.pointer, lang) for operand in missing
    )
    if lang == "zh":
        return f"{where}：无法按 {finding.rule} 检查（{names} 未读出）"
    return f"{where}: {finding.rule} cannot be checked ({names} not read)"


def render(finding: Finding, lang: str = "zh") -> str:
    """The message of `finding` in `lang` (``"zh"``, the default, or ``"en"``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    if finding.code == "SCHEMA":
        return _schema(finding, lang)
    if finding.code == "TEMPLATE_YEAR":
        return _template_year(finding, lang)
    if finding.code == "CELL_BLANK":
        return _blank(finding, lang)
    if finding.code == "CREDIT_CODE":
        return _credit_code(finding, lang)
    if finding.code == "DIVISION_CODE":
        return _division_code(finding, lang)
    if finding.code == "CROSS_NOT_APPLICABLE":
        return _not_applicable(finding, lang)
    if finding.code == "UNREAD":
        return _unread(finding, lang)
    if finding.code == "NOT_ASSESSABLE":
        return _not_assessable(finding, lang)
    if finding.arithmetic:
        return _arithmetic(finding, lang)
    if finding.code in IMPORT_CODES:
        entry = IMPORT_CODES[finding.code]
        if lang == "zh":
            return f"{place(finding, lang)}：{entry.summary}（{finding.detail}）"
        return f"{place(finding, lang)}: {entry.summary_en} ({finding.detail})"
    return f"{place(finding, lang)}: {finding.code}"
