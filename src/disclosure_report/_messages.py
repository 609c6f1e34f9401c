"""Findings in words: every message, Chinese and English, is written here."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from . import _money
from ._errors import DisclosureReportError, InvalidArgumentError, SaidOSError
from ._findings import IMPORT_CODES, Finding, Source
from ._layout import layout
from ._templates import templates
from ._templates._common import SCOPES

if TYPE_CHECKING:
    from ._compare import Change
    from ._rollup import RollUp
    from ._roster import Review
    from ._validation import ValidationResult

__all__ = [
    "COMMAND_WORDS",
    "LANGUAGES",
    "PAGE_WORDS",
    "alternatives",
    "argparse_message",
    "argparse_word",
    "cell_and_problem",
    "change_line",
    "command_word",
    "corpus_summary",
    "damaged",
    "error_message",
    "exhausted",
    "explained_words",
    "finding_json",
    "import_hint",
    "letter_row",
    "letter_words",
    "message",
    "mixed_export",
    "os_error",
    "page_verdict",
    "page_word",
    "place",
    "refused_in_panel",
    "rollup_text",
    "roster_summary",
    "roster_table",
    "roster_text",
    "source",
    "structural_problem",
    "summary",
    "verdict",
    "web_refusal",
]

LANGUAGES = ("zh", "en")
"""The languages messages are written in: Chinese (the default) and English."""


_SUMMARIES: Mapping[str, tuple[str, str]] = {
    "SCHEMA": ("不符合模板的数据结构", "breaks the template's JSON Schema"),
    "TEMPLATE_YEAR": ("模板与年度不符", "template not in force for the year"),
    "CREDIT_CODE": (
        "统一社会信用代码校验位有误",
        "the check character of the unified social credit code is wrong",
    ),
    "DIVISION_CODE": (
        "行政区划代码不在本年度的 GB/T 2260 代码表中",
        "the division code is not one of GB/T 2260 in the report year",
    ),
    "T3_ROW_TOTAL": ("表三行总计不等于各类申请人之和", "table 3 row total"),
    "T3_OUTCOME_TOTAL": ("表三（七）总计不等于各项办理结果之和", "table 3 outcome total"),
    "T3_BALANCE": (
        "表三勾稽关系不平：一+二≠三（七）+四",
        "table 3 balance: new + carried over ≠ handled + carried forward",
    ),
    "T4_TOTAL": ("表四总计不等于各项结果之和", "table 4 group total"),
    "T3_CARRY_OVER": (
        "表三上年结转与上年报告的结转下年度不一致",
        "table 3 carried over ≠ last year's carried forward",
    ),
    "CELL_BLANK": ("单元格空白", "blank cell"),
    "T2_IN_FORCE": (
        "表二现行有效件数与上年现行有效+本年制发−本年废止不一致",
        "table 2 in force ≠ last year's in force + issued − repealed",
    ),
    "T2_ITEMS": (
        "表二上一年项目数量与上年报告的项目数量+增减不一致",
        "table 2 items last year ≠ last year's items + change",
    ),
    "T2_ITEMS_NEGATIVE": (
        "表二上一年项目数量加本年增/减为负数",
        "table 2 items last year plus the change is negative",
    ),
    "T2_PUBLISHED_TOTAL": (
        "表二本年新公开数量大于对外公开总数量",
        "table 2 published this year exceeds all published",
    ),
    "T2_ISSUED_IN_FORCE": (
        "表二本年制发件数大于现行有效件数与本年废止件数之和",
        "table 2 issued exceeds in force plus repealed",
    ),
    "MONEY_DIGITS": (
        "金额小数位细于一分，可能误将元填作万元",
        "an amount finer than one fen: likely yuan written as 10,000 yuan",
    ),
    "UNIT_MISSING": (
        "金额未注明单位（元或万元），无法比较或汇总",
        "an amount without its unit (yuan or 10,000 yuan): it cannot be compared or summed",
    ),
    "TEXT_TABLE": ("正文所述数字与表格不一致", "a figure in the text differs from the tables"),
    "TEXT_YEAR": ("正文所述年度与报告年度不一致", "the year the text names is not the report's"),
    "TEXT_EMPTY": (
        "应写明的部分为空或仅为占位文字",
        "a required section is empty or a placeholder",
    ),
    "TEXT_FEE": (
        "其他需要报告的事项未写明信息处理费情况",
        "section 6 does not report the 信息处理费",
    ),
    "TEXT_REPEATED": ("正文与上年报告大量重复", "the text largely repeats last year's"),
    "YOY_JUMP": ("数字与上年相比变化异常", "a figure changed unusually from last year"),
    "REGION_OUTSIDE": (
        "单位的行政区划代码不在汇总地区内",
        "a unit's division code lies outside the region",
    ),
    "REGION_SUM": (
        "本级报告与各单位合计不一致",
        "the region's report differs from the sum of its units",
    ),
    "CROSS_NOT_APPLICABLE": ("跨年度规则不适用", "a rule across years cannot apply"),
    "UNREAD": ("导入时未能从原文读出", "not read from the source when imported"),
    "NOT_ASSESSABLE": (
        "涉及未读出的单元格，无法检查",
        "cannot be checked: it needs a place that was not read",
    ),
    "TEMPLATE_MIXED": ("报告混用了两版模板", "the report mixes the templates"),
    "IMPORT_MISSING": ("报告中没有此项", "not found in the report"),
    "IMPORT_UNREADABLE": ("单元格无法识别", "a cell cannot be read"),
    "IMPORT_UNPLACED": ("有一行无法对应到模板", "a row fits no row of the template"),
    "IMPORT_LABEL": ("标签与模板不一致", "a label differs from the template's"),
    "IMPORT_WIDTH": (
        "一行的数值个数与模板不符，整行未读入",
        "a row has more or fewer values than the template: not read",
    ),
    "IMPORT_POSITION": (
        "数值行没有行名，按模板的行序放入",
        "values without a label, placed by the template's row order",
    ),
    "IMPORT_RECOVERED": (
        "数字连写，只有一种拆法",
        "digits run together, read the one way they can be",
    ),
    "IMPORT_UNSPLIT": (
        "数字连写，无法唯一拆分，未读入",
        "digits run together admit no single reading: not read",
    ),
    "IMPORT_MERGED": (
        "一个数值跨多行合并，不能确定属于哪一行，未读入",
        "a number merged over several rows: not read",
    ),
    "IMPORT_MARKER": (
        "数字后的脚注标记已另存，不计入数值",
        "a footnote marker after a number was set aside",
    ),
    "IMPORT_SCANNED": (
        "扫描页，没有文字层，未读入",
        "a scanned page without a text layer: not read",
    ),
    "IMPORT_UNCERTAIN": (
        "扫描件上的数字识别不确定，未读入",
        "a number on a scanned page was not read with certainty: not read",
    ),
}
"""What each code means, in a few words, Chinese and English: the rule catalogue's."""


def summary(code: str, lang: str = "zh") -> str:
    """What findings of `code` mean, in a few words."""
    zh, en = _SUMMARIES[code]
    return en if lang == "en" else zh


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
    "exclusiveMaximum": (
        f"超出允许范围（小数点前至多 {_money.INTEGER_DIGITS} 位）",
        f"is out of range (at most {_money.INTEGER_DIGITS} digits before the point)",
    ),
    "fractionDigits": (
        f"小数位数过多（小数点后至多 {_money.FRACTION_DIGITS} 位）",
        f"has too many digits after the point (at most {_money.FRACTION_DIGITS})",
    ),
    "maxLength": ("过长", "is too long"),
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
    zh = lang == "zh"
    if because is not None and because.pointer == "/template":
        reason = (
            f"上年报告使用{because.value}年版模板，没有可比的数据"
            if zh
            else f"last year's report uses the {because.value} template, which has no "
            "comparable cell"
        )
    elif because is not None and because.pointer == "/year":
        reason = (
            f"缺少{because.value}年度的报告"
            if zh
            else f"the series has no report for {because.value}"
        )
    else:
        reason = "没有可比的数据" if zh else "nothing to compare with"
    if zh:
        return f"{where}：{finding.rule} 无法检查（{reason}）"
    return f"{where}: {finding.rule} cannot apply: {reason}"


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
    for template in templates():
        field = layout(template).field(at)
        if field is not None:
            labels = (*field.row[-1:], *field.column[-1:]) or field.labels[-1:]
            return " · ".join(label.text(lang) for label in labels)
    return at


def _row_place(at: str, lang: str) -> str:
    """A cell named by its table and row, or by its row and column in 表四."""
    for template in templates():
        field = layout(template).field(at)
        if field is not None and field.table is not None:
            by_row = field.table.key != "review_litigation"
            labels = field.row[-1:] if by_row else (*field.row[-1:], *field.column[-1:])
            named = " · ".join(label.text(lang) for label in labels)
            return f"{field.table.name.text(lang)} {named}"
    return at


def _not_assessable(finding: Finding, lang: str) -> str:
    where = place(finding, lang)
    missing = [operand for operand in finding.operands if operand.unread]
    names = ("、" if lang == "zh" else ", ").join(
        _short_place(operand.pointer, lang) for operand in missing
    )
    bare = ("、" if lang == "zh" else ", ").join(
        f"{operand.document or ''} {_value(operand.value, lang)}".strip()
        for operand in finding.operands
        if operand.unit_missing
    )
    if lang == "zh":
        why = "；".join(
            part for part in (names and f"{names} 未读出", bare and f"{bare} 未注明单位") if part
        )
        return f"{where}：无法按 {finding.rule} 检查（{why}）"
    why = "; ".join(
        part for part in (names and f"{names} not read", bare and f"{bare} without a unit") if part
    )
    return f"{where}: {finding.rule} cannot be checked ({why})"


def source(where: Source, lang: str = "zh") -> str:
    """Where in an imported document, as a person looks it up: ``第 2 页第 1 个表格第 5 行``."""
    if where.sheet is not None:
        if where.cell is not None:
            return f"{where.sheet}!{where.cell}"
        if lang == "zh":
            return f"工作表“{where.sheet}”第 {where.line} 行"
        return f"{where.sheet}, row {where.line}"
    steps: tuple[tuple[int | None, str, str], ...] = (
        (where.page, "第 {} 页", "page {}"),
        (where.table, "第 {} 个表格", "table {}"),
        (where.row, "第 {} 行", "row {}"),
        (where.line, "第 {} 行", "line {}"),
        (where.column, "第 {} 列", "column {}"),
    )
    if where.row is not None and where.line is not None:
        steps = tuple(step for step in steps if step[1:] != ("第 {} 行", "line {}"))
    parts = [(zh if lang == "zh" else en).format(n) for n, zh, en in steps if n is not None]
    if where.box is not None:  # on a scanned page: where the cell is in the page image
        box = "{},{}–{},{}".format(*where.box)
        parts.append(f"（图像像素 {box}）" if lang == "zh" else f"pixels {box}")
    return "".join(parts) if lang == "zh" else ", ".join(parts)


def _import_detail(finding: Finding, lang: str) -> str:
    """What an import finding met, from its data; empty when it has none to tell."""
    zh = lang == "zh"
    code, expected, actual = finding.code, finding.expected, finding.actual
    if code == "IMPORT_UNREADABLE":
        return f"原文为“{actual}”" if zh else f"printed “{actual}”"
    if code == "IMPORT_MISSING" and expected is not None:
        if zh:
            return f"应有 {expected} 个单元格，只有 {actual} 个"
        return f"{expected} cells expected, {actual} found"
    if code == "IMPORT_MISSING" and finding.pointer == "/agency/name":
        if zh:
            return "标题中没有机关名称，可用 --agency 指定"
        return "no agency name found; give it with --agency"
    if code == "IMPORT_LABEL" and expected is not None:
        return f"“{actual}”按“{expected}”读取" if zh else f"“{actual}” read as “{expected}”"
    if code == "IMPORT_LABEL":
        if zh:
            return f"标题或表头行印作“{actual}”"
        return f"a title or header row printed as “{actual}”"
    if code == "IMPORT_UNPLACED" and isinstance(expected, tuple):
        found, rows, places = expected
        if zh:
            return (
                f"无行名的数值“{actual}”：此处有 {found} 行这样的数值，模板在此有 {rows} 行"
                f"（{places}），无法按行序放入"
            )
        return (
            f"values without a label “{actual}”: {found} such row(s) where the template has "
            f"{rows} ({places}); not placed"
        )
    if code == "IMPORT_UNPLACED" and finding.pointer:
        return f"此行再次出现，数值为 {actual}" if zh else f"a second copy of the row: {actual}"
    if code == "IMPORT_WIDTH":
        if zh:
            return f"模板此行有 {expected} 列，原文印有“{actual}”，整行未读入，不作移位"
        return f"the template has {expected} cells here, printed “{actual}”; not read, not shifted"
    if code == "IMPORT_POSITION":
        if zh:
            return f"原文“{actual}”没有行名，按模板的行序放在此行，其中的空白按未读出处理"
        return f"“{actual}” printed without a label, placed by the template's row order"
    if code == "IMPORT_RECOVERED":
        read = " | ".join(str(value) for value in expected or ())
        if zh:
            return f"原文“{actual}”，按模板的列数、合计关系和数字不以 0 开头，只有一种拆法：{read}"
        return (
            f"printed “{actual}”, read the one way the template's cells, its sums and numbers "
            f"without leading zeros allow: {read}"
        )
    if code == "IMPORT_UNSPLIT":
        if zh:
            how = f"有 {expected} 种拆法" if expected else "没有一种拆法符合合计关系"
            return f"原文“{actual}”，{how}，无法确定的单元格未读入"
        how = f"{expected} readings fit" if expected else "no reading fits the sums"
        return f"printed “{actual}”: {how}; the cells it cannot decide are not read"
    if code == "IMPORT_MERGED":
        if zh:
            return f"“{actual}”是跨多行合并的单元格"
        return f"“{actual}” is one cell merged over several rows"
    if code == "IMPORT_MARKER":
        if zh:
            return f"原文为“{actual}”，脚注标记不计入数值"
        return f"printed “{actual}”: the footnote marker is not part of the number"
    if code == "IMPORT_SCANNED":
        if zh:
            return (
                f"共 {expected} 页，此页只有图像，需要文字识别（OCR）才能读出："
                "pip install 'disclosure-report[ocr]'"
            )
        return (
            f"one of {expected} pages; it holds only an image, which only OCR could read: "
            "pip install 'disclosure-report[ocr]'"
        )
    if code == "IMPORT_UNCERTAIN":
        if zh:
            return (
                f"OCR 读作“{actual}”，没有足够把握，不作猜测"
                if actual
                else "此处有字迹，OCR 未能读出"
            )
        if actual:
            return f"OCR read “{actual}” without enough confidence; not guessed"
        return "OCR found print here but could not read it"
    if code == "IMPORT_UNPLACED":
        return f"“{actual}”"
    if code == "TEMPLATE_MIXED":
        rows = "、".join(f"“{label}”" for label in actual or ())
        if zh:
            return f"表格按{expected}年版模板，但这些行按另一版：{rows}"
        rows = ", ".join(f"“{label}”" for label in actual or ())
        return f"the tables follow the {expected} template, except {rows}"
    return ""


def _import(finding: Finding, lang: str) -> str:
    zh = lang == "zh"
    said = summary(finding.code, lang)
    detail = _import_detail(finding, lang)
    if finding.source is not None:
        where = source(finding.source, lang)
        detail = f"{where}：{detail}" if zh else f"{where}: {detail}"
    if not detail and not zh and finding.detail not in ("", said):
        detail = finding.detail  # a finding that carries no data to tell it from
    if zh:
        return f"{place(finding, lang)}：{said}" + (f"（{detail}）" if detail else "")
    return f"{place(finding, lang)}: {said}" + (f" ({detail})" if detail else "")


_NAMED_UNITS = 10
"""How many units a `REGION_SUM` message names before it says how many more there are."""


def _region_sum(finding: Finding, lang: str) -> str:
    where = place(finding, lang)
    expected, actual = _value(finding.expected, lang), _value(finding.actual, lang)
    named = [f"{o.document} {_value(o.value, lang)}" for o in finding.operands[:_NAMED_UNITS]]
    more = len(finding.operands) - len(named)
    if lang == "zh":
        units = "、".join(named) + (f" 等 {len(finding.operands)} 个单位" if more else "")
        parts = f"（{units}）" if units else ""
        return f"{where}：各单位合计 {expected}{parts}，本级报告为 {actual}"
    units = ", ".join(named) + (f" and {more} more" if more else "")
    parts = f" ({units})" if units else ""
    return f"{where}: the units add up to {expected}{parts}; the region's report has {actual}"


def _region_outside(finding: Finding, lang: str) -> str:
    unit = finding.operands[0].document if finding.operands else "?"
    if lang == "zh":
        return f"{unit}：行政区划代码 {finding.actual} 不在汇总地区（{finding.expected}）内"
    return f"{unit}: division code {finding.actual} lies outside the region ({finding.expected})"


_SECTION_NAMES = {
    "/sections/overview": ("一、总体情况", "section 1 (overview)"),
    "/sections/problems": ("五、存在的主要问题及改进情况", "section 5 (problems)"),
    "/sections/other": ("六、其他需要报告的事项", "section 6 (other matters)"),
}
_QUOTED = 80
"""How many characters of a quoted sentence a message shows."""


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTED else text[: _QUOTED - 1] + "…"


def _text_table(finding: Finding, lang: str) -> str:
    quote = finding.quote
    zh = lang == "zh"
    names = _SECTION_NAMES.get(quote.pointer, (quote.pointer, quote.pointer)) if quote else None
    section = (names[0] if zh else names[1]) if names else "?"
    sentence = _quoted(quote.text) if quote else ""
    span = f"{quote.start}–{quote.end}" if quote else "?"
    cells = ("、" if zh else ", ").join(
        dict.fromkeys(_row_place(operand.pointer, lang) for operand in finding.operands)
    )
    upheld = finding.detail.endswith("/upheld")
    stated, table = _value(finding.actual, lang), _value(finding.expected, lang)
    if zh:
        claim = f"称均获维持（{stated} 件）" if upheld else f"称 {stated} 件"
        return f"{section}第 {span} 字“{sentence}”{claim}，表格（{cells}）为 {table}"
    claim = f"says all {stated} were upheld" if upheld else f"says {stated}"
    return f"{section}, characters {span}, “{sentence}” {claim}; the tables ({cells}) give {table}"


def _section_name(at: str, lang: str) -> str:
    zh_name, en_name = _SECTION_NAMES.get(at, (at, at))
    return zh_name if lang == "zh" else en_name


def _text_year(finding: Finding, lang: str) -> str:
    section = _section_name(finding.pointer, lang)
    sentence = _quoted(finding.quote.text) if finding.quote else ""
    if lang == "zh":
        return f"{section}开头“{sentence}”称 {finding.actual} 年，报告年度为 {finding.expected} 年"
    return (
        f"{section} opens “{sentence}”, naming {finding.actual}; the report year is "
        f"{finding.expected}"
    )


_EMPTINESS = {
    "empty": ("内容为空", "is empty"),
    "placeholder": ("只写了“{text}”", "says only “{text}”"),
    "short": ("只有“{text}”，不足一句话", "says only “{text}”, less than a sentence"),
}


def _text_empty(finding: Finding, lang: str) -> str:
    section = _section_name(finding.pointer, lang)
    zh, en = _EMPTINESS.get(finding.detail, _EMPTINESS["empty"])
    said = (zh if lang == "zh" else en).format(
        text=_quoted(finding.quote.text if finding.quote else "")
    )
    return f"{section}{said}" if lang == "zh" else f"{section} {said}"


def _text_fee(finding: Finding, lang: str) -> str:
    section = _section_name(finding.pointer, lang)
    if finding.detail != "amount":
        if lang == "zh":
            return f"{section}没有写明是否收取信息处理费（国办函〔2020〕109号）"
        return (
            f"{section} does not say whether the 信息处理费 (information processing fee of "
            "国办函〔2020〕109号) was charged"
        )
    sentence = _quoted(finding.quote.text) if finding.quote else ""
    unpaid = _value(finding.actual, lang)
    if lang == "zh":
        return (
            f"{section}“{sentence}”没有写明信息处理费金额，而表三有 {unpaid} 件申请因逾期未缴费"
            "不再处理"
        )
    return (
        f"{section} “{sentence}” states no amount of the 信息处理费, while table 3 counts "
        f"{unpaid} application(s) not processed because the fee was not paid"
    )


def _text_repeated(finding: Finding, lang: str) -> str:
    zh_name, en_name = _SECTION_NAMES.get(finding.pointer, (finding.pointer, finding.pointer))
    if lang == "zh":
        return (
            f"{zh_name}：{finding.actual}% 的文字与上年报告的同一部分相同"
            f"（达到 {finding.expected}% 即提示）"
        )
    return (
        f"{en_name}: {finding.actual}% of its text stands in last year's same section "
        f"(reported from {finding.expected}%)"
    )


def _bound(finding: Finding, lang: str) -> str:
    where = place(finding, lang)
    values = " / ".join(
        f"{_short_place(o.pointer, lang)} {_value(o.value, lang)}" for o in finding.operands
    )
    limit, actual = _value(finding.expected, lang), _value(finding.actual, lang)
    most = finding.code == "T2_ISSUED_IN_FORCE"
    if lang == "zh":
        bound = f"至多为 {limit}" if most else f"至少为 {limit}"
        return f"{where}：{summary(finding.code, lang)}（{values}），此格{bound}，实为 {actual}"
    bound = f"at most {limit}" if most else f"at least {limit}"
    return f"{where}: {summary(finding.code, lang)} ({values}); this cell is {bound}, not {actual}"


def _money_digits(finding: Finding, lang: str) -> str:
    where = place(finding, lang)
    if lang == "zh":
        return (
            f"{where}：小数点后有 {finding.actual} 位，细于一分（万元的小数点后 "
            f"{finding.expected} 位），可能误将元填作万元"
        )
    return (
        f"{where}: {finding.actual} digits after the point, finer than one fen "
        f"({finding.expected} in 10,000 yuan): likely an amount in yuan"
    )


def _unit_missing(finding: Finding, lang: str) -> str:
    where, amount = place(finding, lang), _value(finding.actual, lang)
    if lang == "zh":
        return (
            f"{where}：金额 {amount} 未注明单位，模板也未印单位；元与万元相差一万倍，"
            "此金额按原样保留，不作比较或汇总（无法评估）"
        )
    return (
        f"{where}: the amount {amount} states no unit, and the template prints none; yuan "
        "and 10,000 yuan differ by a factor of 10,000, so it is kept as written and neither "
        "compared nor summed (not assessable)"
    )


def _year_on_year(finding: Finding, lang: str) -> str:
    where = place(finding, lang)
    before, now = _value(finding.expected, lang), _value(finding.actual, lang)
    if lang == "zh":
        return f"{where}：上年为 {before}，本年为 {now}，变化异常，请核实"
    return f"{where}: {before} last year, {now} this year: an unusual change, check it"


_BY_CODE: Mapping[str, Callable[[Finding, str], str]] = {
    "SCHEMA": _schema,
    "TEMPLATE_YEAR": _template_year,
    "CELL_BLANK": _blank,
    "CREDIT_CODE": _credit_code,
    "DIVISION_CODE": _division_code,
    "REGION_SUM": _region_sum,
    "REGION_OUTSIDE": _region_outside,
    "T2_ITEMS_NEGATIVE": _bound,
    "T2_PUBLISHED_TOTAL": _bound,
    "T2_ISSUED_IN_FORCE": _bound,
    "MONEY_DIGITS": _money_digits,
    "UNIT_MISSING": _unit_missing,
    "TEXT_TABLE": _text_table,
    "TEXT_YEAR": _text_year,
    "TEXT_EMPTY": _text_empty,
    "TEXT_FEE": _text_fee,
    "TEXT_REPEATED": _text_repeated,
    "YOY_JUMP": _year_on_year,
    "CROSS_NOT_APPLICABLE": _not_applicable,
    "UNREAD": _unread,
    "NOT_ASSESSABLE": _not_assessable,
    **dict.fromkeys(IMPORT_CODES, _import),
}
"""How findings of each code are put in words; any other code is a sum rule's."""


def message(finding: Finding, lang: str = "zh") -> str:
    """The message of `finding` in `lang` (``"zh"``, the default, or ``"en"``)."""
    if lang not in LANGUAGES:
        raise InvalidArgumentError(
            key="unknown_language", lang=lang, languages=", ".join(LANGUAGES)
        )
    return _BY_CODE.get(finding.code, _arithmetic)(finding, lang)


def finding_json(finding: Finding, lang: str = "zh") -> dict[str, Any]:
    """The finding as the JSON object of the contract: its data, with its message in `lang`."""
    data = finding.to_json()
    head = {key: data.pop(key) for key in ("code", "severity", "pointer")}
    return {**head, "message": message(finding, lang), **data}


def import_hint(name: str, kind: str, lang: str = "zh") -> str:
    """What to say when `validate` is given a published report instead of its JSON."""
    from pathlib import Path  # for this hint alone

    command = f"disclosure-report import {name} -o {Path(name).stem}.json"
    if lang == "zh":
        return (
            f"。这像是已发布的报告（{kind}），不是 JSON：请先导入（{command}），再检查导入的 JSON"
        )
    return (
        f". It looks like a published report ({kind}), not JSON: import it first ({command}), "
        "then validate the JSON"
    )


_SHORT_TEXT = 60
"""Texts up to this long, on one line, are shown whole: “before” → “after”."""


def _text_change(before: str, after: str, lang: str) -> list[str]:
    """A changed text: whole when short, else the paragraphs that differ, − before and + after."""
    if max(len(before), len(after)) <= _SHORT_TEXT and "\n" not in before + after:
        return [f"“{before}” → “{after}”"]
    old, new = before.splitlines(), after.splitlines()
    lines = []
    import difflib  # for a changed text alone

    for line in difflib.ndiff(old, new):
        if line.startswith(("- ", "+ ")):
            sign = "−" if line[0] == "-" else "+"
            lines.append(f"  {sign} {line[2:]}")
    if not lines:  # only blank lines or line ends differ
        lines.append("  （仅空行或换行不同）" if lang == "zh" else "  (only blank lines differ)")
    return ["", *lines]


def _scope(value: object) -> object:
    return SCOPES[value].zh if isinstance(value, str) and value in SCOPES else value


def change_line(change: Change, lang: str = "zh") -> str:
    """One difference of `diff` in words: place, before → after, and by how much."""
    zh = lang == "zh"
    place = change.place(lang)
    blank = "空白" if zh else "blank"
    colon = "：" if zh else ": "

    def shown(value: object) -> str:
        return blank if value is None else str(value)

    if zh and change.pointer == "/agency/scope":  # a word of the contract: said as people do
        change = attrs.evolve(change, before=_scope(change.before), after=_scope(change.after))
    if change.status == "added":
        return (
            f"{place}：仅见于后者（{shown(change.after)}）"
            if zh
            else f"{place}: only in B ({shown(change.after)})"
        )
    if change.status == "removed":
        return (
            f"{place}：仅见于前者（{shown(change.before)}）"
            if zh
            else f"{place}: only in A ({shown(change.before)})"
        )
    if not change.cell and (isinstance(change.before, str) or isinstance(change.after, str)):
        before = change.before if isinstance(change.before, str) else shown(change.before)
        after = change.after if isinstance(change.after, str) else shown(change.after)
        first, *rest = _text_change(before, after, lang)
        return "\n".join([f"{place}{colon}{first}".rstrip(), *rest])
    arrow = f"{shown(change.before)} → {shown(change.after)}"
    if change.unit_missing:
        return (
            f"{place}：{arrow}（金额未注明单位，无法比较）"
            if zh
            else f"{place}: {arrow} (an amount without its unit: not assessable)"
        )
    parts = [] if change.change is None else [f"{change.change:+}"]
    if change.percent is not None:
        parts.append(f"{change.percent:+}%")
    if not parts:
        return f"{place}{colon}{arrow}"
    return (
        f"{place}：{arrow}（{'，'.join(parts)}）"
        if zh
        else f"{place}: {arrow} ({', '.join(parts)})"
    )


# --- the web page and its API (`disclosure-report serve`) -------------------------------

PAGE_WORDS: dict[str, tuple[str, str]] = {
    "title": ("政府信息公开工作年度报告检查", "Annual disclosure report check"),
    "switch": ("English", "中文"),
    "upload_heading": ("检查一份年度报告", "Check an annual report"),
    "upload_lead": (
        "选择报告文件，检查表格中的数字是否一致、有无空白，问题会标在报告的单元格里。",
        "Choose a report file: the page checks that the tables add up and that no cell is left"
        " blank, and marks each finding in its cell.",
    ),
    "choose": ("选择文件", "Choose a file"),
    "drop": ("或把文件拖到这里", "or drop it here"),
    "check": ("检查", "Check"),
    "busy": ("正在检查……", "Checking…"),
    "formats": (
        "可以上传：JSON、Excel 工作簿（.xlsx）、Word（.docx）、PDF、网页（.html）、"
        "Markdown（.md）、文本（.txt），不超过 {limit}。",
        "Accepted: JSON, Excel workbooks (.xlsx), Word (.docx), PDF, web pages (.html), Markdown"
        " (.md) and text (.txt), up to {limit}.",
    ),
    "private": (
        "文件只在这台服务器上检查，检查完即删除，不会保存。",
        "The file is checked on this server and deleted right after; nothing is kept.",
    ),
    "kept": (
        "注意：这台服务器会保存上传的文件和检查结果。",
        "Note: this server keeps the files uploaded and their verdicts.",
    ),
    "templates_heading": ("空白模板", "Blank templates"),
    "templates_lead": (
        "下载空白报告填写。模板按年度选择：2019、2020 年度用 2019 年版，2021 年度起用 2021 年版。",
        "Download a blank report to fill in. The template follows the year: the 2019 one for"
        " 2019 and 2020, the 2021 one from 2021.",
    ),
    "year": ("年度", "Year"),
    "format": ("格式", "Format"),
    "format_xlsx": ("Excel 工作簿（.xlsx）", "Excel workbook (.xlsx)"),
    "format_json": ("JSON", "JSON"),
    "download": ("下载", "Download"),
    "api": ("程序接口（API）说明：", "For programs, the API is described at "),
    "file": ("文件", "File"),
    "again": ("检查另一份报告", "Check another report"),
    "downloads": ("下载", "Downloads"),
    "download_json": ("报告 JSON", "Report JSON"),
    "download_xlsx": ("批注工作簿（.xlsx）", "Annotated workbook (.xlsx)"),
    "download_letter": ("审核意见书（.docx）", "Review letter (.docx)"),
    "findings_heading": ("检查发现", "Findings"),
    "no_findings": ("没有发现问题。", "Nothing was found."),
    "general": ("报告基本信息", "The report's basic information"),
    "number": ("序号", "No."),
    "place": ("位置", "Cell"),
    "problem": ("问题", "Finding"),
    "unread_heading": ("导入时未读出的位置", "Places the import could not read"),
    "unread_lead": (
        "下列位置未能从上传的文件中读出，在报告中标为“未读出”。这不是报告本身的错误；"
        "用到这些位置的检查无法判断，请对照原文核实。",
        "These places could not be read from the file uploaded and are marked 未读出 (not read)"
        " in the report. They are not defects of the report; the checks that need them cannot"
        " be made: compare them with the original.",
    ),
    "import_heading": ("导入时发现", "What the import met"),
    "import_lead": (
        "读取文件时遇到的情况，涉及文件的格式，不是报告数字的问题。",
        "What reading the file met: these concern the file's form, not the report's numbers.",
    ),
    "report_heading": (
        "报告原貌（按官方格式，问题标在单元格中，数字为问题序号）",
        "The report in the official layout (each finding marked in its cell by its number)",
    ),
    "no_layout": (
        "报告的结构不符合模板，无法按官方格式显示；请先改正上面的问题。",
        "The report does not have its template's structure, so it cannot be shown in the"
        " official layout: correct the findings above first.",
    ),
    "error_heading": ("无法检查这个文件", "This file could not be checked"),
    "valid": ("有效", "Valid"),
    "invalid": ("无效", "Invalid"),
    "partial": ("无法完全检查", "Not fully assessable"),
}
"""The words of the web page, Chinese and English, by key."""


def page_word(key: str, lang: str = "zh") -> str:
    """A word or sentence of the web page in `lang`."""
    zh, en = PAGE_WORDS[key]
    return en if lang == "en" else zh


def page_verdict(result: ValidationResult, lang: str = "zh") -> tuple[str, str]:
    """A report's verdict on the web page: the state (valid, invalid, not fully assessable)
    and a line with the template and the counts."""
    errors, warnings = len(result.errors), len(result.warnings)
    unread, unchecked = len(result.unread), len(result.not_assessable)
    partial = result.valid and not result.complete
    state = page_word("partial" if partial else "valid" if result.valid else "invalid", lang)
    if lang == "en":
        form = f"template {result.template}" if result.template else "unknown template"
        line = f"{form} · {errors} error(s), {warnings} warning(s)"
        line += explained_words(len(result.explained), lang)
        gaps = f" · {unread} place(s) not read, {unchecked} check(s) not assessable"
    else:
        form = f"{result.template}年版模板" if result.template else "模板不明"
        line = f"{form} · {errors} 个错误，{warnings} 个警告"
        line += explained_words(len(result.explained), lang)
        gaps = f" · {unread} 处未读出，{unchecked} 项检查无法判断"
    return state, line + (gaps if unread or unchecked else "")


def cell_and_problem(finding: Finding, lang: str = "zh") -> tuple[str, str]:
    """A finding as a line of a list grouped by table: the cell as a person reads it, below
    the table's own name, and what is wrong there."""
    labels = finding.labels
    if finding.table is not None and labels and labels[0] == finding.table:
        labels = labels[1:]
    where = " · ".join(label.text(lang) for label in labels) or place(finding, lang)
    words = message(finding, lang)
    for prefix in (place(finding, lang) + "：", place(finding, lang) + ": "):
        if words.startswith(prefix):
            words = words[len(prefix) :]
    return where, words


def alternatives(choices: Iterable[str], lang: str = "zh") -> str:
    """Choices to pick one of: ``a or b`` in English, ``a、b`` in Chinese."""
    return "、".join(choices) if lang == "zh" else " or ".join(choices)


def web_refusal(reason: str, lang: str = "zh", **values: object) -> str:
    """Why the web server could not check what it was sent, in one sentence."""
    zh, en = _WEB_REFUSALS[reason]
    return (en if lang == "en" else zh).format(**values)


_WEB_REFUSALS: dict[str, tuple[str, str]] = {
    "too_large": (
        "上传的内容超过 {limit}，未读取（环境变量 {variable} 可调整上限）",
        "the upload is larger than {limit} and was not read (set {variable} to change the limit)",
    ),
    "no_file": ("没有收到文件：请选择一个文件", "no file was sent: choose a file"),
    "empty": ("文件是空的", "the file is empty"),
    "binary": (
        "无法识别这个文件：请上传 JSON、Excel 工作簿（.xlsx）、Word（.docx）、PDF、网页、Markdown"
        " 或文本文件",
        "this is not a file the server reads: send JSON, an Excel workbook (.xlsx), Word"
        " (.docx), PDF, HTML, Markdown or text",
    ),
    "old_office": (
        "这是旧版 Office 文件（.doc 或 .xls），请另存为 .docx 或 .xlsx 后上传",
        "this is an old Office file (.doc or .xls): save it as .docx or .xlsx and send that",
    ),
    "zip": (
        "这个压缩文件既不是 Excel 工作簿也不是 Word 文档",
        "this zip archive is neither an Excel workbook nor a Word document",
    ),
    "media_type": (
        "请求的类型不对：请发送 JSON（Content-Type: application/json）或以 multipart/form-data"
        " 上传文件",
        "send a JSON document (Content-Type: application/json) or a file as multipart/form-data",
    ),
    "form": ("无法读取上传的表单（{detail}）", "the form sent cannot be read: {detail}"),
    "form_field": (
        "无法读取上传的表单：字段 {field} 过长",
        "the form sent cannot be read: {field} is too long",
    ),
    "form_length": (
        "无法读取上传的表单：Content-Length 不是字节数",
        "the form sent cannot be read: bad Content-Length",
    ),
    "form_boundary": (
        "无法读取上传的表单：multipart/form-data 缺少 boundary",
        "the form sent cannot be read: no boundary",
    ),
    "form_parts": (
        "无法读取上传的表单：部分过多",
        "the form sent cannot be read: too many parts",
    ),
    "slow": (
        "上传在 {seconds} 秒内没有完成，已停止接收",
        "the upload did not arrive within {seconds} s and was dropped",
    ),
    "interrupted": ("上传中断了，请重新上传", "the upload was interrupted; send it again"),
    "busy": (
        "服务器正忙，请稍后再试",
        "the server is busy; try again in a moment",
    ),
    "time_limit": (
        "检查 {seconds} 秒仍未完成，已停止（serve --timeout 可调整时限）",
        "checking took more than {seconds} s and was stopped (serve --timeout changes the limit)",
    ),
    "crashed": (
        "检查这个文件时服务器内部出错，已停止；这是本程序的缺陷，不是文件的问题",
        "the server failed while checking this file; this is a bug in disclosure-report, not"
        " a problem with the file",
    ),
    "already_json": (
        "这已经是报告的 JSON，不需要导入：请发送到 /api/validate 检查",
        "this is already a report's JSON; there is nothing to import: POST it to /api/validate",
    ),
    "parameter_year": (
        "参数 year 不对：{given} 不是报告年度（1900–2999）",
        "the parameter year is wrong: {given} is not a report year (1900–2999)",
    ),
    "parameter_choice": (
        "参数 {name} 不对：{given}，可用：{choices}",
        "the parameter {name} is wrong: {given}; use {choices}",
    ),
    "parameter_no_template": (
        "参数 year 不对：没有适用于 {year} 年的国家模板",
        "the parameter year is wrong: no national template applies to {year}",
    ),
    "parameter_not_in_force": (
        "参数 template 不对：{template}年版模板不适用于 {year} 年度，适用的是{in_force}年版",
        "the parameter template is wrong: template {template} is not in force for {year}; "
        "{in_force} is",
    ),
    "not_found": ("没有这个页面", "there is no such page"),
    "method": ("这个地址不接受 {method} 请求", "this address does not take {method}"),
    "missing_extra": ("服务器缺少所需的组件：{detail}", "the server lacks a component: {detail}"),
}


# --- the supervising office: roll-ups, the roster, review letters ----------------------


def explained_words(count: int, lang: str = "zh") -> str:
    """How many findings the report's notes explain, as the counts of a verdict end; empty
    for none."""
    if not count:
        return ""
    return f", {count} explained" if lang == "en" else f"，{count} 项已说明"


def verdict(result: ValidationResult, lang: str = "zh") -> str:
    """A report's verdict in a few words: valid or not, its template, what it has. Warnings
    are those the report's notes do not explain; the explained ones are counted apart."""
    errors, warnings = len(result.errors), len(result.warnings)
    explained = explained_words(len(result.explained), lang)
    if lang == "en":
        state = "valid" if result.valid else "invalid"
        form = f"template {result.template}" if result.template else "unknown template"
        return f"{state} · {form} · {errors} error(s), {warnings} warning(s){explained}"
    state = "有效" if result.valid else "无效"
    form = f"{result.template}年版模板" if result.template else "模板不明"
    return f"{state} · {form} · {errors} 个错误，{warnings} 个警告{explained}"


def rollup_text(
    rollup: RollUp, output: str, lang: str = "zh", sources: Sequence[str] | None = None
) -> str:
    """What `aggregate` prints: the sum and where each of its findings came from, then the
    reconciliation, then the units that have findings, in the order given (each with its
    file, from `sources`)."""
    zh = lang == "zh"
    count = len(rollup.units)
    lines = [
        f"汇总 {output}：{verdict(rollup.result, lang)} · 汇总自 {count} 份报告"
        if zh
        else f"sum {output}: {verdict(rollup.result, lang)} · from {count} reports"
    ]
    for finding in rollup.result.findings:
        origins = "、".join(rollup.origins(finding)) or "?"
        where = (
            f"（来自 {origins}）" if zh else f" (from {', '.join(rollup.origins(finding)) or '?'})"
        )
        lines.append(f"  {finding.code} {message(finding, lang)}{where}")
    if rollup.findings:
        lines.append(
            f"核对：{len(rollup.findings)} 条" if zh else f"reconciliation: {len(rollup.findings)}"
        )
        lines.extend(f"  {f.code} {message(f, lang)}" for f in rollup.findings)
    files = list(sources) if sources is not None else [""] * count
    flagged = [
        (name + (f"（{file}）" if file else ""), result)
        for name, file, result in zip(rollup.names, files, rollup.unit_results, strict=True)
        if result.findings
    ]
    if flagged:
        lines.append("各单位：" if zh else "units:")
    for name, result in flagged:
        lines.append(
            f"  {name}：{verdict(result, lang)}" if zh else f"  {name}: {verdict(result, lang)}"
        )
        lines.extend(f"    {f.code} {message(f, lang)}" for f in result.findings)
    clean = count - len(flagged)
    if flagged and clean:
        lines.append(
            f"其余 {clean} 个单位没有发现问题"
            if zh
            else f"the other {clean} unit(s) have no findings"
        )
    return "\n".join(lines) + "\n"


_TIMELINESS = {
    "on_time": ("按时", "on time"),
    "late": ("逾期", "late"),
    "undated": ("未注明公开日期", "no date"),
    "missing": ("—", "—"),
}


def roster_table(review: Review, lang: str = "zh") -> tuple[list[str], list[list[Any]]]:
    """The review as a table a clerk sorts and filters: one row per unit of the roster, then
    one per report that matched no unit."""
    zh = lang == "zh"
    header = (
        ["序号", "单位", "类别", "统一社会信用代码", "行政区划代码", "报送情况", "公开日期",
         "截止日期", "是否按时", "逾期天数", "校验结果", "错误", "警告", "报告文件"]
        if zh
        else ["no", "unit", "level", "credit_code", "division_code", "received", "published_on",
              "deadline", "timeliness", "days_late", "valid", "errors", "warnings", "files"]
    )  # fmt: skip
    rows: list[list[Any]] = []
    for number, status in enumerate(review.statuses, 1):
        unit = status.unit
        if not status.received:
            received = "未报送" if zh else "missing"
        elif status.duplicate:
            received = (
                f"重复报送（{len(status.filings)} 份）" if zh else f"{len(status.filings)} reports"
            )
        else:
            received = "已报送" if zh else "received"
        valid = {None: "—", True: "有效" if zh else "valid", False: "无效" if zh else "invalid"}
        rows.append(
            [
                number,
                unit.name,
                unit.level,
                unit.credit_code or "",
                unit.division_code or "",
                received,
                status.published_on.isoformat() if status.published_on else "",
                status.deadline.isoformat(),
                _TIMELINESS[status.timeliness][0 if zh else 1],
                status.days_late or "",
                valid[status.valid],
                status.errors if status.received else "",
                status.warnings if status.received else "",
                "、".join(filing.source for filing in status.filings),
            ]
        )
    for filing in review.unmatched:
        name = filing.agency.get("name")
        why = (
            (f"{filing.year}年度报告" if zh else f"report of {filing.year}")
            if filing.year != review.year
            else ("不在名册中" if zh else "not on the roster")
        )
        rows.append(
            ["", name if isinstance(name, str) else "?", "", "", "", why, "", "", "", "",
             ("有效" if zh else "valid") if filing.valid else ("无效" if zh else "invalid"),
             len(filing.result.errors) if filing.result else "",
             len(filing.result.warnings) if filing.result else "", filing.source]
        )  # fmt: skip
    return header, rows


def roster_summary(review: Review, lang: str = "zh") -> str:
    """The year in one line: how many units filed, are missing, late, invalid."""
    total = len(review.statuses)
    c = review.count
    if lang == "zh":
        line = (
            f"{review.year}年度：名册 {total} 个单位，"
            f"已报送 {c('received')}，未报送 {c('missing')}；"
            f"按时 {c('on_time')}，逾期 {c('late')}，未注明日期 {c('undated')}；"
            f"有效 {c('valid')}，无效 {c('invalid')}；重复报送 {c('duplicate')}"
        )
        if review.unmatched:
            line += f"；另有 {len(review.unmatched)} 份报告未能对应名册"
        return line
    line = (
        f"{review.year}: {total} units on the roster, {c('received')} received, "
        f"{c('missing')} missing; {c('on_time')} on time, {c('late')} late, "
        f"{c('undated')} undated; {c('valid')} valid, {c('invalid')} invalid; "
        f"{c('duplicate')} filed twice or more"
    )
    if review.unmatched:
        line += f"; {len(review.unmatched)} report(s) match no unit"
    return line


def roster_text(review: Review, lang: str = "zh") -> str:
    """The review as text: one line per unit, then the summary."""
    header, rows = roster_table(review, lang)
    lines = []
    for row in rows:
        number, name, _, _, _, received, published, deadline, timely, late, valid = row[:11]
        errors, warnings, files = row[11:]
        parts = [str(received)]
        if late:
            timely = f"逾期 {late} 天" if lang == "zh" else f"{late} day(s) late"
        if timely and timely != "—":
            parts.append(f"{timely}（{published or '—'}，截止 {deadline}）" if lang == "zh"
                         else f"{timely} ({published or '—'}, due {deadline})")  # fmt: skip
        if valid and valid != "—":
            parts.append(
                f"{valid}（错误 {errors}，警告 {warnings}）" if lang == "zh"
                else f"{valid} ({errors} error(s), {warnings} warning(s))"
            )  # fmt: skip
        prefix = f"{number}. " if number != "" else "   "
        suffix = f"  [{files}]" if files else ""
        lines.append(f"{prefix}{name}：" + "；".join(parts) + suffix if lang == "zh"
                     else f"{prefix}{name}: " + "; ".join(parts) + suffix)  # fmt: skip
    lines.append(roster_summary(review, lang))
    del header
    return "\n".join(lines) + "\n"


def structural_problem(finding: Finding, lang: str = "zh") -> str:
    """Where a structural problem is (its pointer, and in Chinese the labels of the place)
    and what it is: the JSON Schema validator's words in English, and in Chinese the
    problem as `message` says it."""
    at = finding.pointer or "/"
    if lang == "en":
        return f"{at}: {finding.detail}"
    words = message(finding, lang)
    where = place(finding, lang)
    words = words.removeprefix(where + "：")
    return f"{at}（{where}）：{words}" if finding.labels else f"{at}：{words}"


def letter_row(finding: Finding) -> tuple[str, str, str, str]:
    """A finding as a row of a review letter: where (below the table's own name), what is
    wrong in plain Chinese, what the cell should hold, and what the report printed."""
    labels = finding.labels
    if finding.table is not None and labels and labels[0] == finding.table:
        labels = labels[1:]
    where = " · ".join(label.zh for label in labels) or place(finding)
    said = summary(finding.code)
    dash = "—"
    if finding.code == "CELL_BLANK":
        return where, "单元格空白：空白不等于 0，没有发生的事项请填写 0", "填写数字", "空白"
    if finding.arithmetic:
        expected = _value(finding.expected, "zh")
        problem = f"{said}。计算：{_formula(finding, 'zh')} = {expected}"
        return where, problem, _value(finding.expected, "zh"), _value(finding.actual, "zh")
    words = message(finding, "zh")
    for prefix in (place(finding) + "：", place(finding) + ": "):
        if words.startswith(prefix):
            words = words[len(prefix) :]
    expected = dash if finding.expected is None else _value(finding.expected, "zh")
    actual = dash if finding.actual is None else _value(finding.actual, "zh")
    return where, f"{said}：{words}" if words != said else said, expected, actual


def letter_words(agency: str, year: int | None, source: str, errors: int, warnings: int) -> str:
    """The opening paragraph of a review letter (审核意见书)."""
    report = f"《{year}年政府信息公开工作年度报告》" if year else "政府信息公开工作年度报告"
    asks = (
        "请对照下列意见逐项核实，修改后重新报送并更新公开的报告。"
        if errors
        else "下列事项请核实，如有需要请修改后重新报送。"
    )
    return (
        f"{agency}：\n　　你单位报送的{report}（文件：{source}）经审核，"
        f"发现错误 {errors} 处、需核实的事项 {warnings} 处。{asks}"
        "“应为”是按报告其他单元格计算出的数值，“实为”是报告所填数值。"
    )


_REPORT_TO = "the disclosure_report maintainers"
"""Where bugs are reported: the project's issue tracker, named in the package metadata
(``Project-URL: Issues``) when it has one."""


def _report_to() -> str:
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls: list[str] = metadata("disclosure-report").get_all("Project-URL") or []
    except PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("issues", "bug tracker", "tracker"):
            return url.strip()
    return _REPORT_TO


def bug(error: BaseException, version: str, lang: str = "zh") -> str:
    """The one line an unexpected exception gets: it is a bug, and where to report it."""
    words = str(error).replace("\n", " ")
    if len(words) > 300:
        words = words[:300] + "…"
    if lang == "zh":
        return (
            f"内部错误（{type(error).__name__}: {words}）：这是 disclosure-report {version} 的"
            f"缺陷，不是输入的问题；请报告给 {_report_to()}，附上命令、可以提供的输入和 --debug "
            "打印的内容"
        )
    return (
        f"internal error ({type(error).__name__}: {words}): this is a bug in disclosure-report "
        f"{version}, not a problem with the input; please report it to {_report_to()} with the "
        "command, the input if you can share it, and what --debug prints"
    )


def out_of_memory(lang: str = "zh") -> str:
    """The one line for running out of memory."""
    if lang == "zh":
        return (
            "内存不足；docs/security.md 中的上限使每个输入只占用几百 MiB 以内的内存，"
            "所以也请报告造成这种情况的输入"
        )
    return (
        "ran out of memory; the limits of docs/security.md keep every input within a few "
        "hundred MiB, so please also report the input that did this"
    )


_FORMS = {
    "pdf": ("PDF", "PDF"), "html": ("网页", "HTML"), "docx": ("Word", "Word"),
    "xlsx": ("Excel", "Excel"), "md": ("Markdown", "Markdown"), "txt": ("文本", "text"),
}  # fmt: skip
_OUTCOMES = {
    "complete": ("完整导入", "imported complete"),
    "unread": ("导入但有未读出的单元格", "imported with unread cells"),
    "refused": ("未导入", "refused"),
}
_REASONS = {
    "not_a_report": ("不是年度报告", "not a report"),
    "scanned": ("扫描件（没有文字层）", "scanned without a text layer"),
    "damaged": ("文件损坏", "damaged"),
    "over_limit": ("超出限制", "over a limit"),
    "unreadable": ("无法打开", "cannot be opened"),
    "failed": ("程序错误", "an error of the importer"),
}


def _words(table: Mapping[str, tuple[str, str]], key: str, lang: str) -> str:
    zh, en = table.get(key, (key, key))
    return zh if lang == "zh" else en


def corpus_summary(
    outcomes: Mapping[str, int],
    reasons: Mapping[str, int],
    forms: Mapping[str, Mapping[str, int]],
    resumed: int = 0,
    lang: str = "zh",
) -> str:
    """The closing summary of importing many files: by outcome (refusals by why), by form."""
    zh = lang == "zh"
    total = sum(outcomes.values())
    sep = "，" if zh else ", "

    def counts(tally: Mapping[str, int], names: Mapping[str, tuple[str, str]]) -> str:
        parts = [
            f"{_words(names, key, lang)} {tally[key]}"
            if zh
            else f"{tally[key]} {_words(names, key, lang)}"
            for key in names
            if tally.get(key)
        ]
        return sep.join(parts)

    refused = counts(reasons, _REASONS)
    line = counts(outcomes, _OUTCOMES) or ("无" if zh else "none")
    if refused:
        line += f"（{refused}）" if zh else f" ({refused})"
    head = f"共 {total} 个文件：{line}" if zh else f"{total} files: {line}"
    lines = [head]
    for form in sorted(
        forms,
        key=lambda key: (key not in _FORMS, list(_FORMS).index(key) if key in _FORMS else 0, key),
    ):
        tally = forms[form]
        name = _words(_FORMS, form, lang) if form in _FORMS else form
        each = counts(tally, _OUTCOMES)
        lines.append(
            f"  {name}：{sum(tally.values())}（{each}）"
            if zh
            else f"  {name}: {sum(tally.values())} ({each})"
        )
    if resumed:
        lines.append(
            f"其中 {resumed} 个已由上次运行导入"
            if zh
            else f"{resumed} of them done by an earlier run"
        )
    return "\n".join(lines) + "\n"


def mixed_export(lang: str = "zh") -> str:
    """Why an export that began with the records of `import` over a corpus stops."""
    if lang == "zh":
        return (
            "这不是批量 `import` 的记录，而第一个输入是：export 只能导出报告，或者导入的记录，"
            "不能二者混在一起"
        )
    return (
        "not a record of `import` over a corpus, though the first input was one: export "
        "reports, or the records of an import, not both at once"
    )


def refused_in_panel(count: int, lang: str = "zh") -> str:
    """What a panel leaves out: the files the import refused, which have no report."""
    if lang == "zh":
        return f"{count} 个文件未导入，没有报告，不在表中（见导入的汇总）"
    return f"{count} file(s) were refused by the import and have no report: not in the table"


def damaged(kind: str, said: str, lang: str = "zh") -> str:
    """Why a file is refused as damaged: what was wrong, and the kind of error (a technical
    note, in parentheses in Chinese)."""
    return f"{said}（{kind}）" if lang == "zh" else f"{kind}: {said}"


def exhausted(error: RecursionError | MemoryError, lang: str = "zh") -> str:
    """A file whose reading ran too deep or out of memory: damaged, or built to do that."""
    if lang == "zh":
        deep = isinstance(error, RecursionError)
        return "嵌套过深，无法读取" if deep else "读取时内存不足"
    return str(error)


def os_error(error: OSError, lang: str = "zh") -> str:
    """What an `OSError` says, in `lang`: the library's own (`SaidOSError`) in its words, the
    operating system's with its complaint in Chinese (`OsDetail`) and the file it names."""
    if isinstance(error, SaidOSError):
        return error.words(lang)
    if lang == "en" or not error.strerror:
        return str(error)
    from ._error_words import OsDetail  # the words of the operating system's complaints

    detail = OsDetail.of(error).words(lang)
    if error.filename is None:
        return detail
    if error.filename2 is None:
        return f"{error.filename}：{detail}"
    return f"{error.filename} → {error.filename2}：{detail}"


# --- the command line (`disclosure-report`) ----------------------------------------------

COMMAND_WORDS: dict[str, tuple[str, str]] = {
    # what the program and each command is for
    "program": ("检查、填写政府信息公开工作年度报告。",
                "Check and fill in annual government-information-disclosure reports."),
    "validate": ("按模板及其规则检查报告", "check reports against their template and its rules"),
    "template": ("生成待填写的空白报告", "write a blank report to fill in"),
    "render": ("按官方格式输出报告", "print a report in the official layout"),
    "aggregate": ("把同一年度的报告汇总为本地区报告",
                  "add up reports of one year into a regional report"),
    "review": ("主管部门的年度审核：谁已报送、谁缺报或逾期，出具审核意见书",
               "the supervising office's year: who filed, who is missing or late, review letters"),
    "diff": ("逐格比较两份报告", "compare two reports cell by cell"),
    "export": ("每个单元格一行，供数据分析", "one row per cell, for data frames"),
    "import": ("把已发布的报告（HTML、PDF、Word、Markdown、文本）读为 JSON",
               "read a published report (HTML, PDF, Word, Markdown, text) into JSON"),
    "schema": ("输出报告的 JSON Schema", "print a report JSON Schema"),
    "serve": ("检查报告的网页和 HTTP 接口（需要 web 扩展）",
              "a web page and HTTP API to check reports (needs the web extra)"),
    # the options
    "files": ("报告 JSON 文件或工作簿（.xlsx），或在其中查找二者的文件夹；- 从标准输入读一份",
              "report JSON files or workbooks (.xlsx), or folders to search for both; "
              "- reads one report from stdin"),
    "jsonl": ("JSON Lines 文件，每行一份报告（- 读标准输入）；可重复",
              "a JSON Lines file, one report a line (- reads stdin); may be repeated"),
    "format": ("输出格式", "the output's format"),
    "jobs": ("使用的进程数（默认：每个处理器核心一个）", "processes to use (default: every core)"),
    "quiet": ("不显示进度和汇总", "no progress line and no summary"),
    "timing": ("在汇总中列出最慢的文件", "name the slowest documents in the summary"),
    "bom": ("CSV：以字节顺序标记开头，使中文 Windows 上的 Excel 按 UTF-8 读取",
            "CSV: begin with a byte-order mark, so that Excel on Chinese Windows reads UTF-8"),
    "lang": ("提示信息的语言", "language of messages"),
    "all": ("显示全部发现，而不是每类 {count} 条", "show every finding, not {count} per code"),
    "previous": ("上一年度的报告：同时做跨年度检查",
                 "last year's report: also check across the two years"),
    "series": ("这些文件是同一机关多个年度的报告：每份与上一年度对照检查",
               "the FILEs are one agency's reports of several years: check each against the last"),
    "rename": ("改名：原名称（或信用代码）即现名称；可重复",
               "a renaming: the former name (or credit code) stands for the current one; "
               "repeatable"),
    "renames": ("从两列的 CSV 文件读改名：原名称,现名称",
                "renamings from a CSV file of two columns: former,current"),
    "template_choice": ("默认：该年度适用的模板", "default: the one in force for the year"),
    "year": ("报告年度（默认：上一年）", "report year (default: last year)"),
    "zeros": ("数字填 0，而不是留空", "fill counts with 0 instead of leaving them blank"),
    "agency": ("机关名称", "the agency name"),
    "output": ("写到这里，而不是标准输出", "write here instead of stdout"),
    "report_file": ("报告文件：JSON 或工作簿（.xlsx），或只含一份报告的文件夹",
                    "a report file: JSON or a workbook (.xlsx), or a folder holding one"),
    "annotate": ("标出有发现的单元格，并列出发现",
                 "mark the cells that have findings, and list them"),
    "aggregate_files": ("报告 JSON 文件、工作簿（.xlsx）或文件夹",
                        "report JSON files, workbooks (.xlsx) or folders"),
    "agency_name": ("汇总报告的机关名称", "name of the regional report's body"),
    "division_code": ("其六位行政区划代码", "its six-digit division code"),
    "region_report": ("本地区自己发布的报告：REGION_SUM 指出每个不一致的单元格",
                      "the region's own published report: REGION_SUM names each cell it differs "
                      "in"),
    "breakdown": ("写出每个单元格由哪些单位贡献了多少（{formats}，按文件后缀）",
                  "write which unit contributed what to every cell ({formats}, by the file's "
                  "suffix)"),
    "rollup_findings": ("全部发现的 JSON，附其来源单位",
                        "every finding as JSON, with the units it came from"),
    "review_files": ("报告 JSON 文件或文件夹", "report JSON files or folders"),
    "roster": ("所辖单位名册，CSV 或 xlsx：name、level（部门/乡镇/街道/政府）、credit_code、"
               "division_code、deadline、published_on",
               "the units overseen, CSV or xlsx: name, level (部门/乡镇/街道/政府), credit_code,"
               " division_code, deadline, published_on"),
    "review_year": ("报告年度（默认：报告所写的年度）", "the report year (default: the reports')"),
    "deadline": ("本地对某一层级规定的报送截止日，在报告年度的下一年",
                 "a locality's own last day for a level, in the year after the report year"),
    "letters": ("为每份有发现的报告写一份审核意见书（.docx）",
                "write a review letter (.docx) per report with findings"),
    "office": ("审核意见书的署名机关", "who signs the review letters"),
    "letter_date": ("审核意见书的日期（默认：今天）", "the letters' date (default: today)"),
    "export_files": ("与 validate 相同：报告 JSON 或工作簿、文件夹，- 为标准输入",
                     "as for validate: report JSON or workbooks, folders, - for stdin"),
    "export_jsonl": ("JSON Lines 文件，每行一份报告；可重复",
                     "a JSON Lines file, one report a line; may be repeated"),
    "import_output": ("把 JSON 写到这里，而不是标准输出（多个文件：JSON Lines，每个文件一行）",
                      "write the JSON here, not to stdout (many files: JSON Lines, one file a "
                      "line)"),
    "import_files": ("已发布的报告；或多份报告、在其中查找的文件夹和通配符（包括 **）",
                     "a published report; or many, folders (searched for them) and globs "
                     "(** too)"),
    "import_output_dir": ("多个文件：每份报告一个 JSON 文件写在 DIR 中，每个文件在 "
                          "DIR/index.jsonl 中记一行",
                          "many files: one JSON file per report in DIR, and DIR/index.jsonl "
                          "for every file"),
    "import_many_findings": ("多个文件：导入和检查的发现，写成 FILE.jsonl 或 FILE.csv",
                             "many files: the import and validation findings, as FILE.jsonl "
                             "or FILE.csv"),
    "import_jobs": ("多个文件：进程数（默认：每个处理器核心一个）",
                    "many files: processes (default: one per core)"),
    "import_resume": ("多个文件：跳过输出中已有、且此后未改动的文件",
                      "many files: pass over the files the output already holds, as they are "
                      "now"),
    "export_output": ("写到这里，而不是标准输出（面板的 Parquet：按年度分的文件夹）",
                      "write here instead of stdout (the Parquet of a panel: a folder, by "
                      "year)"),
    "import_findings": ("导入发现及每个数值的出处", "the import findings and provenance"),
    "import_agency": ("机关名称（标题中没有时）",
                      "the agency name, where the title does not say it"),
    "import_year": ("报告年度（标题中没有时）", "the report year, where the title does not say it"),
    "schema_template": ("{templates}，或 {dispatcher!r} 表示任一模板（默认：{latest}）",
                        "{templates}, or {dispatcher!r} for either (default: {latest})"),
    "host": ("监听的地址（默认：%(default)s）", "address to listen on (default: %(default)s)"),
    "port": ("端口（默认：%(default)s；0：任一空闲端口）",
             "port (default: %(default)s; 0: any free one)"),
    "keep": ("把每次上传及其结论保存在 DIR 中（默认：不保存）",
             "keep every upload and its verdict in DIR (default: keep nothing)"),
    "workers": ("检查上传文件的进程数（默认：每个处理器核心一个）",
                "processes that check uploads (default: one per core)"),
    "timeout": ("请求每一步（接收、等待、检查）可用的秒数（默认：30）",
                "seconds each step of a request may take: receiving, waiting, checking "
                "(default: 30)"),
    "debug": ("出现内部错误时显示其回溯（以及各个库记录的内容）",
              "on an internal error, show its traceback (and what the libraries log)"),
    # what the commands say
    "severity_error": ("错误", "error"),
    "severity_warning": ("警告", "warning"),
    "severity_info": ("提示", "info"),
    "verdict_partial": ("无法完全检查", "not fully assessable"),
    "verdict_valid": ("有效", "valid"),
    "verdict_invalid": ("无效", "invalid"),
    "verdict_template": ("{template}年版模板", "template {template}"),
    "verdict_no_template": ("模板不明", "unknown template"),
    "verdict_gaps": (" · {unread} 处未读出，{unchecked} 项检查无法判断",
                     " · {unread} unread, {unchecked} check(s) not assessable"),
    "verdict_line": ("{state} · {form} · {errors} 个错误，{warnings} 个警告{said}{gaps}",
                     "{state} · {form} · {errors} error(s), {warnings} warning(s){said}{gaps}"),
    "more_findings": ("… 另有 {hidden} 条（--all 显示全部）", "… {hidden} more (--all shows them)"),
    "summary_counts": ("共 {total} 份：有效 {valid}，无效 {invalid}，无法读取 {unreadable}",
                       "{total} documents: {valid} valid, {invalid} invalid, "
                       "{unreadable} unreadable"),
    "summary_common": ("最常见：{codes}", "most common: {codes}"),
    "summary_slowest": ("最慢：{documents}", "slowest: {documents}"),
    "milliseconds": ("{value:.1f} 毫秒", "{value:.1f} ms"),
    "list_separator": ("，", ", "),
    "letters_written": ("审核意见书 {count} 份：{folder}", "{count} review letter(s) in {folder}"),
    "different_agencies": ("注意：两份报告不属于同一机关：{first} / {second}",
                           "note: the reports are of different agencies: {first} / {second}"),
    "same_reports": ("两份报告相同", "the reports are the same"),
    "imported": ("{source}：按{template}年版模板导入，{count} 条导入发现",
                 "{source}: imported as template {template}, {count} finding(s)"),
    "review_sheet": ("{year}年度报送情况", "filings {year}"),
    # why a command could not do its job (exit status 2)
    "error": ("错误：", "error: "),
    "is_a_directory": ("{source}：是文件夹，不是报告文件",
                       "{source}: is a directory, not a report file"),
    "no_such_file": ("{source}：没有这个文件", "{source}: no such file"),
    "permission_denied": ("{source}：没有读取权限", "{source}: permission denied"),
    "not_a_valid_report": ("{name}：不是有效的报告，共 {count} 处结构问题，第一处在 {first}；"
                           "用 validate 查看全部",
                           "{name}: not a valid report ({count} structural problem(s), first at "
                           "{first}); run validate for all of them"),
    "rename_form": ("--rename 的格式是 FORMER=CURRENT，而不是 {given!r}",
                    "--rename takes FORMER=CURRENT, not {given!r}"),
    "previous_one_file": ("--previous 把一份报告与上一年度的对照：只给一个 FILE",
                          "--previous compares one report with last year's: give one FILE"),
    "series_and_previous": ("--series 和 --previous 不能同时使用",
                            "--series and --previous do not go together"),
    "renames_across_years": ("--rename 和 --renames 只用于 --previous 或 --series",
                             "--rename and --renames apply only with --previous or --series"),
    "no_inputs": ("请给出报告文件、文件夹或 --jsonl FILE",
                  "give report files, folders, or --jsonl FILE"),
    "jobs_count": ("--jobs 是进程数，至少为 1", "--jobs takes a number of processes, 1 or more"),
    "no_report_found": ("在 {where} 中没有找到报告", "no report found in {where}"),
    "not_in_force": ("{template}年版模板不适用于 {year} 年度（适用于 {years}）",
                     "template {template} is not in force for {year} (it applies to {years})"),
    "years_open": ("{first} 年起", "{first} on"),
    "binary_needs_file": ("{form} 是二进制格式：请用 -o 给出文件",
                          "{form} is binary: give a file with -o"),
    "deadline_form": ("--deadline 的格式是 LEVEL=MM-DD，层级为 {levels}，而不是 {given!r}",
                      "--deadline takes LEVEL=MM-DD with a level of {levels}, not {given!r}"),
    "not_a_date": ("{text!r} 不是日期（YYYY-MM-DD）", "{text!r} is not a date (YYYY-MM-DD)"),
    "not_utf8": ("{shown!r} 不是 UTF-8 文本", "{shown!r} is not UTF-8 text"),
    "not_a_year": ("{text!r} 不是年份", "{text!r} is not a year"),
    "not_a_report_year": ("{year} 不是报告年度", "{year} is not a report year"),
    "serve_needs_web": ("serve 需要 web 扩展（缺少 {missing}）："
                        "pip install 'disclosure-report[web]'",
                        "serve needs the web extra ({missing} is missing): "
                        "pip install 'disclosure-report[web]'"),
    "serve_options": ("--workers 至少为 1，--timeout 为大于 0 的秒数，--port 为 0 到 65535",
                      "--workers takes 1 or more, --timeout seconds above 0, --port 0 to 65535"),
    "cannot_write_stdout": ("无法写入标准输出（{error}）",
                            "cannot write standard output ({error})"),
    "cannot_read": ("{name}：无法读取", "{name}: cannot read"),
    "index_on_stdin": ("{name}：--output-dir 的 index.jsonl 的报告在它旁边的文件里："
                       "请给出 index.jsonl 的路径，不要从标准输入读取",
                       "{name}: the reports of an --output-dir run's index.jsonl are in the "
                       "files beside it: give the path of index.jsonl, not standard input"),
    "parquet_needs_folder": ("Parquet 是二进制格式：请用 -o 给出文件夹",
                             "Parquet is binary: give a folder with -o"),
    "one_file_only": ("{options}：只用于单个文件；多个文件按原样读取",
                      "{options}: for one file; a corpus is read as it is"),
    "jobs_at_least_one": ("--jobs 至少为 1", "--jobs takes 1 or more"),
    "output_or_dir": ("请给出 -o FILE.jsonl 或 --output-dir DIR，不要同时给出",
                      "give -o FILE.jsonl or --output-dir DIR, not both"),
    "findings_suffix": ("--findings 写成 FILE.jsonl 或 FILE.csv",
                        "--findings writes FILE.jsonl or FILE.csv"),
    "resume_needs_output": ("--resume 需要要续接的那次运行的输出：-o FILE 或 --output-dir",
                            "--resume needs the output of the run to resume: -o FILE or "
                            "--output-dir"),
    "one_report": ("{source} 中有 {count} 份报告：这里只读一份",
                   "{source} holds {count} reports: give one"),
}  # fmt: skip
"""What the command line says, in Chinese and English: the help of each command and option,
its own lines of output, and why it could not do its job. A text may name values in
braces, given to `command_word`."""


def command_word(key: str, lang: str = "zh", **values: object) -> str:
    """The command line's text `key` in `lang`, with `values` put in."""
    zh, en = COMMAND_WORDS[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text


def error_message(error: DisclosureReportError, lang: str = "zh") -> str:
    """What the library's `error` says, in `lang`: the words of its key (`_error_words`)
    with its values, or the text it was raised with."""
    return error.words(lang)


_ARGPARSE_WORDS: dict[str, tuple[str, str]] = {
    "usage": ("用法：", "usage: "),
    "positional_arguments": ("位置参数", "positional arguments"),
    "options": ("选项", "options"),
    "after_title": ("：", ":"),
    "help": ("显示本帮助并退出", "show this help message and exit"),
    "version": ("显示版本号并退出", "show program's version number and exit"),
}
"""The words argparse writes itself around the command line's own (`COMMAND_WORDS`)."""

_ARGPARSE_ERRORS: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.*)", "缺少必需的参数：{0}"),
    (r"unrecognized arguments: (.*)", "无法识别的参数：{0}"),
    (r"argument (.*?): (.*)", "参数 {0}：{1}"),
    (r"invalid choice: (.*) \(choose from (.*)\)", "无效的选择 {0}（可选：{1}）"),
    (r"expected one argument", "需要一个值"),
    (r"expected at least one argument", "至少需要一个值"),
    (r"invalid (\S+) value: (.*)", "无效的 {0} 值：{1}"),
    (r"one of the arguments (.*) is required", "必须给出参数 {0} 之一"),
    (r"not allowed with argument (.*)", "不能与参数 {0} 同时使用"),
    (r"ambiguous option: (.*) could match (.*)", "选项 {0} 有歧义，可能是 {1}"),
    (r"ignored explicit argument (.*)", "忽略了参数中的值 {0}"),
)
"""What argparse says is wrong with the arguments, in Chinese: its English, matched by these
regular expressions (compiled when a complaint is first said)."""


def argparse_word(key: str, lang: str = "zh") -> str:
    """A word argparse writes itself (``usage:``, the titles of the option lists) in `lang`."""
    zh, en = _ARGPARSE_WORDS[key]
    return en if lang == "en" else zh


def argparse_message(text: str, lang: str = "zh") -> str:
    """argparse's complaint about the arguments in `lang`: its English as it is, or the
    Chinese of a complaint it makes (an argument's, its message said the same way)."""
    if lang == "en":
        return text
    for pattern, zh in _ARGPARSE_ERRORS:
        found = re.fullmatch(pattern, text, re.S)
        if found:
            parts = found.groups()
            if pattern.startswith("argument "):
                parts = (parts[0], argparse_message(parts[1], lang))
            return zh.format(*parts)
    return text
