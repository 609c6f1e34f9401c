"""The words of the library's errors, Chinese and English: each error carries a key of
`ERROR_WORDS` and the values that go into its words.

They sit below everything that raises an error (the basics raise too), so that an error is
data — a key and values — from the moment it is raised, and its words come last: in English
for `str(error)`, in either language through `_messages.error_message` (the command line's
``--lang``, the web page's language).
"""

from __future__ import annotations

import errno
import re
from collections.abc import Mapping
from typing import Literal

import attrs

__all__ = [
    "ERROR_WORDS", "THINGS", "JsonDetail", "OsDetail", "Pages", "Phrase", "Thing", "detail_of",
    "say",
]  # fmt: skip


@attrs.frozen
class Phrase:
    """Words of `THINGS` or of `ERROR_WORDS` (the key), with values of their own."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **values: object) -> Phrase:
        return cls(key, tuple(values.items()))

    def words(self, lang: str) -> str:
        return say(self.key, lang, dict(self.values))


@attrs.frozen
class Pages:
    """Page numbers (1-based), the first few named and the rest counted."""

    numbers: tuple[int, ...]
    named: int = 10

    def words(self, lang: str) -> str:
        shown = [str(page) for page in self.numbers[: self.named]]
        more = len(self.numbers) - len(shown)
        if lang == "zh":
            return "、".join(shown) + (f" 等 {len(self.numbers)} 页" if more else "")
        return ", ".join(shown) + (f" and {more} more" if more else "")


@attrs.frozen
class JsonDetail:
    """What Python's JSON reader says is wrong, in English, and in Chinese where it is one of
    the reader's known complaints."""

    text: str

    def words(self, lang: str) -> str:
        if lang == "en":
            return self.text
        for pattern, zh in _JSON_DETAILS:
            found = re.fullmatch(pattern, self.text)
            if found:
                return zh.format(*found.groups())
        return self.text


_JSON_DETAILS: tuple[tuple[str, str], ...] = (
    (r"Expecting value", "此处应为一个值"),
    (r"Expecting ',' delimiter", "此处应为逗号 ,"),
    (r"Expecting ':' delimiter", "此处应为冒号 :"),
    (r"Expecting property name enclosed in double quotes", "此处应为双引号括起的键名"),
    (r"Extra data", "JSON 结束后还有多余的内容"),
    (r"Unterminated string starting at", "字符串没有结束"),
    (r"Invalid control character at", "字符串中有控制字符"),
    (r"Invalid \\escape", "无效的转义 \\"),
    (r"Invalid \\uXXXX escape", "无效的 \\uXXXX 转义"),
    (r"Illegal trailing comma before end of (?:object|array)", "结尾多了一个逗号"),
    (r"duplicate key (.*) in an object", "对象中有重复的键 {0}"),
    (r"(.*) is not a JSON number", "{0} 不是 JSON 数字"),
)
"""The complaints of `json` (and of the reader's hooks) that are said in Chinese, as regular
expressions (compiled when a complaint is first said: a valid document never needs them)."""


@attrs.frozen
class OsDetail:
    """What the operating system says is wrong (an `OSError`'s ``strerror``): in English as
    it says it, in Chinese for its common complaints, and otherwise its English in
    parentheses behind a Chinese word for what it is."""

    number: int | None
    text: str

    @classmethod
    def of(cls, error: OSError) -> OsDetail:
        return cls(error.errno, error.strerror or str(error))

    def words(self, lang: str) -> str:
        if lang == "en":
            return self.text
        name = errno.errorcode.get(self.number, "") if self.number is not None else ""
        return _OS_DETAILS.get(name) or f"操作系统报告的错误（{self.text}）"


def detail_of(error: BaseException) -> OsDetail | str:
    """What `error` says, to be put into words: the operating system's complaint in either
    language (`OsDetail`), a library's own words as it wrote them (a technical note, which
    the words around it put in parentheses)."""
    if isinstance(error, OSError) and error.strerror:
        return OsDetail.of(error)
    return str(error) or type(error).__name__


_OS_DETAILS: Mapping[str, str] = {
    "ENOENT": "没有这个文件或文件夹",
    "EACCES": "没有权限",
    "EPERM": "不允许这样操作",
    "EISDIR": "这是文件夹，不是文件",
    "ENOTDIR": "路径中有一部分不是文件夹",
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "超出了磁盘配额",
    "EROFS": "文件系统是只读的",
    "ELOOP": "符号链接层数过多（可能绕成了圈）",
    "EEXIST": "文件已存在",
    "ENAMETOOLONG": "文件名过长",
    "EMFILE": "打开的文件过多",
    "ENFILE": "系统中打开的文件过多",
    "EIO": "读写设备出错",
    "EFBIG": "文件过大",
    "ENXIO": "没有这个设备或地址",
    "ENODEV": "没有这个设备",
    "EBUSY": "设备或资源正忙",
    "ETXTBSY": "文件正在使用",
    "EXDEV": "不能跨文件系统移动",
    "EPIPE": "管道的另一端已关闭",
    "EINVAL": "参数无效",
    "ENOTEMPTY": "文件夹不是空的",
    "EAGAIN": "资源暂时不可用",
    "EINTR": "操作被中断",
    "ENOMEM": "内存不足",
    "ESTALE": "网络文件系统的文件句柄已失效",
    "ETIMEDOUT": "操作超时",
}
"""The operating system's common complaints in Chinese, by errno name (the numbers differ
between systems, the names do not)."""


Thing = Literal[
    "document", "report", "input", "archive", "cells", "xml_cells"
]  # fmt: skip
"""What a limit is counted on: the keys of `THINGS`."""

THINGS: Mapping[str, tuple[str, str]] = {
    "document": ("文档", "the document"),
    "report": ("报告", "the report"),
    "input": ("输入的文件", "the input"),
    "archive": ("压缩文件解压后", "the archive decompressed"),
    "cells": ("个表格单元格和文本行", "table cells and lines of text"),
    "xml_cells": ("个单元格（含合并单元格和共享文本）", "cells (present, merged or shared texts)"),
    "rendering": ("{format} 输出", "the {format} rendering"),
    "roster_row": ("{source} 第 {row} 行", "{source}, row {row}"),
    "line_column": ("（第 {line} 行第 {column} 列）", " (line {line}, column {column})"),
    "and_more": ("（另有 {count} 处）", " (and {count} more)"),
    "key_of": ("{at} 的一个键", "a key of {at}"),
    "stdin": ("标准输入", "standard input"),
    "stdout": ("标准输出", "standard output"),
    "stderr": ("标准错误输出", "standard error"),
}
"""Phrases put into errors' words: what a limit counts, where a problem is."""

_LIMIT_ZH = "（可设置环境变量 {variable} 调整上限）"
_LIMIT_EN = " (set {variable} to change the limit)"

ERROR_WORDS: Mapping[str, tuple[str, str]] = {
    # limits: what is read and written
    "too_large": (
        "{what}大小为 {size}，超过上限 {limit}，未读取" + _LIMIT_ZH,
        "{what} is {size}; at most {limit} is read" + _LIMIT_EN,
    ),
    "too_large_stream": (
        "{what}超过 {limit}，未读取" + _LIMIT_ZH,
        "{what} is more than {limit}; at most {limit} is read" + _LIMIT_EN,
    ),
    "not_a_zip": ("不是可读取的 zip 压缩文件（{detail}）", "not a readable zip archive ({detail})"),
    "zip_members": (
        "压缩文件有 {count:,} 个成员，最多读取 {limit:,} 个" + _LIMIT_ZH,
        "the archive has {count:,} members; at most {limit:,} are read" + _LIMIT_EN,
    ),
    "too_many_cells": (
        "输入超过 {limit:,} {what}，最多读取 {limit:,}" + _LIMIT_ZH,
        "the input has more than {limit:,} {what}; at most {limit:,} are read" + _LIMIT_EN,
    ),
    "too_many_characters": (
        "输入的文本和单元格超过 {limit:,} 个字符，最多读取 {limit:,} 个" + _LIMIT_ZH,
        "the input holds more than {limit:,} characters of text and cells; at most {limit:,} "
        "are read" + _LIMIT_EN,
    ),
    "too_many_elements": (
        "{part} 共有超过 {limit:,} 个元素，最多读取 {limit:,} 个" + _LIMIT_ZH,
        "{part} has more than {limit:,} elements in all; at most {limit:,} are read" + _LIMIT_EN,
    ),
    "pdf_decompressed": (
        "PDF 的数据流解压后超过 {limit}，最多读取 {limit}" + _LIMIT_ZH,
        "the PDF's streams decompress to more than {limit}; at most {limit} is read" + _LIMIT_EN,
    ),
    "pdf_page_bytes": (
        "第 {page} 页解压后的绘制内容超过 {limit}，每页最多读取 {limit}" + _LIMIT_ZH,
        "page {page} draws more than {limit} of content, decompressed; at most {limit} is read "
        "per page" + _LIMIT_EN,
    ),
    "pdf_content_bytes": (
        "PDF 到第 {page} 页为止解压后的绘制内容超过 {limit}，最多读取 {limit}" + _LIMIT_ZH,
        "the PDF draws more than {limit} of content, decompressed, by page {page}; at most "
        "{limit} is read" + _LIMIT_EN,
    ),
    "pdf_page_operators": (
        "第 {page} 页有超过 {limit:,} 个操作符，每页最多读取 {limit:,} 个" + _LIMIT_ZH,
        "page {page} has more than {limit:,} operators; at most {limit:,} are read per page"
        + _LIMIT_EN,
    ),
    "pdf_page_objects": (
        "第 {page} 页绘制了超过 {limit:,} 个字形、图像和路径段，每页最多读取 {limit:,} 个"
        + _LIMIT_ZH,
        "page {page} draws more than {limit:,} glyphs, images and path segments; at most "
        "{limit:,} are read per page" + _LIMIT_EN,
    ),
    "pdf_objects": (
        "PDF 到第 {page} 页为止绘制了超过 {limit:,} 个字形、图像和路径段，最多读取 {limit:,} 个"
        + _LIMIT_ZH,
        "the PDF draws more than {limit:,} glyphs, images and path segments by page {page}; at "
        "most {limit:,} are read" + _LIMIT_EN,
    ),
    "pdf_pages": (
        "PDF 共 {count} 页，最多读取 {limit} 页" + _LIMIT_ZH,
        "the PDF has {count} pages; at most {limit} are read" + _LIMIT_EN,
    ),
    "output_lines": (
        "{what}将有 {count:,} 行文字，最多写出 {limit:,} 行" + _LIMIT_ZH,
        "{what} would hold {count:,} lines of text; at most {limit:,} are written" + _LIMIT_EN,
    ),
    "output_bytes": (
        "{what}将有 {size}，最多写出 {limit}" + _LIMIT_ZH,
        "{what} would be {size}; at most {limit} is written" + _LIMIT_EN,
    ),
    "ccitt_stream": (
        "不读取图像以外的 CCITT 传真数据流",
        "a CCITT fax stream outside an image is not read",
    ),
    "page_image_pixels": (
        "页面图像为 {width}×{height} 像素，超过上限 {limit:,} 像素",
        "a page image of {width}×{height} pixels is larger than {limit:,} pixels",
    ),
    "image_bomb": (
        "图像像素过多，未读取（{detail}）",
        "the image has too many pixels and was not read ({detail})",
    ),
    # files and folders that cannot be read
    "no_such_file": ("没有这个文件", "no such file"),
    "permission_denied": ("没有读取权限", "permission denied"),
    "cannot_read_file": ("无法读取：{detail}", "cannot read ({detail})"),
    "cannot_read_folder": ("无法读取文件夹：{detail}", "cannot read the folder ({detail})"),
    "no_file_matches": ("没有文件与这个模式匹配", "no file matches the pattern"),
    # files that cannot be written, work that cannot be finished
    "output_is_directory": ("{path}：是文件夹，不能写入", "{path}: is a directory"),
    "cannot_write": ("{path}：无法写入：{detail}", "{path}: cannot write ({detail})"),
    "output_not_regular": (
        "{path}：已存在且不是普通文件，未写入",
        "{path}: exists and is not a regular file; not written",
    ),
    "cannot_write_stream": ("无法写入{stream}：{detail}", "cannot write {stream} ({detail})"),
    "stream_closed": ("{stream}已关闭", "{stream} is closed"),
    "worker_not_started": ("有一个工作进程没能启动", "a worker process failed to start"),
    "worker_lost": (
        "有一个工作进程在完成工作之前结束了（被终止，或内存不足）",
        "a worker process ended before its work was done (killed, or out of memory)",
    ),
    "not_a_regular_file": (
        "不是普通文件（而是 FIFO、设备或套接字），未读取",
        "not a regular file (a FIFO, a device or a socket); not read",
    ),
    "line_too_long": (
        "这一行超过 {limit}，最多读取 {limit}（可设置环境变量 DISCLOSURE_REPORT_MAX_BYTES "
        "调整上限），其余内容未读取",
        "the line is more than {limit}; at most {limit} is read (set DISCLOSURE_REPORT_MAX_BYTES "
        "to change the limit), and the rest of the stream is not read",
    ),
    "output_is_input": (
        "{path}：这是输入文件之一，请另选输出文件",
        "{path}: is one of the inputs; choose another output file",
    ),
    "same_output": (
        "{path}：{option} 和 {other} 指向同一个文件",
        "{path}: {option} and {other} name the same file",
    ),
    # JSON text
    "not_utf16": ("第 {byte} 字节处不是有效的 UTF-16", "not valid UTF-16 at byte {byte}"),
    "not_utf8": ("第 {byte} 字节处不是有效的 UTF-8", "not valid UTF-8 at byte {byte}"),
    "lone_surrogate": (
        "{where} 处不是有效文本：单独的代理项（\\u{code}）不是字符",
        "not valid text at {where}: a lone surrogate (\\u{code}) is not a character",
    ),
    "not_json": ("不是有效的 JSON：{detail}", "not valid JSON: {detail}"),
    "nested_too_deeply": ("无法读取：嵌套层数过多", "not readable: nested too deeply"),
    "too_many_digits": (
        "无法读取：有数字超过 {digits} 位",
        "not readable: a number has more than {digits} digits",
    ),
    "no_json_form": ("{value} 没有 JSON 形式", "{value} has no JSON form"),
    "type_no_json_form": ("{type} 在此没有 JSON 形式", "{type} has no JSON form here"),
    "structural_problems": (
        "有 {count} 处结构问题：{shown}{more}",
        "{count} structural problem(s): {shown}{more}",
    ),
    # arguments
    "unknown_language": (
        "未知的语言 {lang!r}，可用：{languages}",
        "unknown language {lang!r}; use one of {languages}",
    ),
    "unknown_format": (
        "未知的格式 {format!r}，可用：{formats}",
        "unknown format {format!r}; use one of {formats}",
    ),
    "not_a_code": (
        "{value!r} 不是检查结果代码：代码是固定的集合",
        "{value!r} is not a finding code: the codes are a closed set",
    ),
    "breakdown_suffix": (
        "{name}：明细只能写为 {formats}，请用其中一种后缀命名文件",
        "{name}: the breakdown is written as {formats}; name the file with one of those suffixes",
    ),
    "one_name_per_report": ("每份报告需要一个名称", "give one name per report"),
    "dask_no_files": ("请给出报告文件或 JSON Lines 文件", "give report files or JSON Lines files"),
    # rendering
    "annotate_format": (
        "{format} 格式无法标注检查结果；--annotate 可用于 {formats}",
        "{format} cannot show findings; --annotate works with {formats}",
    ),
    "control_character": (
        "{at}：工作簿中不能写入控制字符",
        "{at}: a control character cannot be written to a workbook",
    ),
    # optional dependencies
    "parquet_needs_pyarrow": (
        "Parquet 需要 pyarrow：pip install 'disclosure-report[parquet]'",
        "Parquet needs pyarrow: pip install 'disclosure-report[parquet]'",
    ),
    "workbook_needs_openpyxl": (
        "工作簿需要 openpyxl：pip install 'disclosure-report[office]'",
        "workbooks need openpyxl: pip install 'disclosure-report[office]'",
    ),
    "word_needs_docx": (
        "输出 Word 需要 python-docx：pip install 'disclosure-report[office]'",
        "Word output needs python-docx: pip install 'disclosure-report[office]'",
    ),
    "letters_need_docx": (
        "审核意见书需要 python-docx：pip install 'disclosure-report[office]'",
        "review letters need python-docx: pip install 'disclosure-report[office]'",
    ),
    "reading_word_needs_docx": (
        "读取 Word 需要 python-docx：pip install 'disclosure-report[import]'",
        "reading Word needs python-docx: pip install 'disclosure-report[import]'",
    ),
    "reading_pdf_needs_pdfplumber": (
        "读取 PDF 需要 pdfplumber：pip install 'disclosure-report[import]'",
        "reading PDF needs pdfplumber: pip install 'disclosure-report[import]'",
    ),
    "reading_workbooks_needs_openpyxl": (
        "读取工作簿需要 openpyxl：pip install 'disclosure-report[office]'",
        "reading workbooks needs openpyxl: pip install 'disclosure-report[office]'",
    ),
    "traditional_needs_opencc": (
        "报告使用繁体字印刷，导入需要 OpenCC：pip install 'disclosure-report[import]'",
        "the report is printed in traditional characters, which importing needs OpenCC to "
        "read: pip install 'disclosure-report[import]'",
    ),
    "ocr_off": (
        "这是扫描件（页面是图像，没有可读的文字），而文字识别（OCR）已关闭（{variable}=off）",
        "the report is scanned (its pages are images, with no text to read), and OCR is "
        "turned off ({variable}=off)",
    ),
    "ocr_needed": (
        "这是扫描件（页面是图像，没有可读的文字），需要文字识别（OCR）：{install}",
        "the report is scanned (its pages are images, with no text to read); reading it "
        "needs OCR: {install}",
    ),
    "page_images_need_ocr": (
        "读取页面图像需要文字识别（OCR）：{install}",
        "reading page images needs OCR: {install}",
    ),
    "scanned_pages_need_ocr": (
        "读取扫描的 PDF 页面需要文字识别（OCR）：{install}",
        "reading scanned PDF pages needs OCR: {install}",
    ),
    # importing
    "text_encoding": ("文本既不是 UTF-8 也不是 GB 18030", "the text is neither UTF-8 nor GB 18030"),
    "pdf_from_file": ("PDF 只能从文件读取", "PDF is read from a file"),
    "word_from_file": ("Word 文档只能从文件读取", "Word documents are read from a file"),
    "unreadable_as": (
        "无法按 {kind} 读取：文件可能已损坏，或不是这种格式（{detail}）",
        "cannot read it as {kind}: {detail}",
    ),
    "no_report_table": ("没有找到年度报告的表格", "no table of an annual report was found"),
    "scanned_pdf": (
        "扫描件：共 {total} 页，第 {pages} 页没有文字层（只有图像），文字层中没有年度报告的表格；"
        "需要先做文字识别（OCR）：pip install 'disclosure-report[ocr]'",
        "a scan: page(s) {pages} of {total} have no text layer (only an image), and the text "
        "layer holds no table of an annual report; it needs OCR first: "
        "pip install 'disclosure-report[ocr]'",
    ),
    # reports taken together
    "money_overflow": (
        "{at}：金额合计超出了金额允许的范围（{beyond}）",
        "{at}: the amounts add up beyond what money may hold ({beyond})",
    ),
    "nothing_to_aggregate": ("没有可汇总的报告", "nothing to aggregate: no reports given"),
    "aggregate_templates": (
        "不同模板（{first} 和 {other}）的报告不能相加",
        "reports of different templates ({first} and {other}) cannot be added up",
    ),
    "aggregate_years": (
        "不同年度（{first} 和 {other}）的报告不能相加",
        "reports of different years ({first} and {other}) cannot be added up",
    ),
    "aggregate_same_agency": (
        "第 {earlier} 份和第 {later} 份报告属于同一机关（{first}、{other}），会被重复计算",
        "reports {earlier} and {later} are of the same agency ({first}, {other}): it would be "
        "counted twice",
    ),
    "region_template": (
        "本级报告的模板为 {template}（{year} 年），各单位的为 {units_template}（{units_year} 年）",
        "the region's report is of template {template}, {year}; the units' of template "
        "{units_template}, {units_year}",
    ),
    "previous_no_template": (
        "上年报告没有可读取它的模板",
        "the previous report has no template it can be read by",
    ),
    "series_no_year": (
        "系列中第 {number} 份报告没有年度",
        "report {number} of the series has no year",
    ),
    "series_two_reports": ("系列中有两份 {year} 年的报告", "the series has two reports for {year}"),
    "series_agencies": (
        "系列中第 {earlier} 份（{earlier_year} 年）和第 {later} 份（{later_year} 年）报告属于不同"
        "机关；如已更名，请在 agency.former_names 中写明曾用名，或给出更名对照表",
        "reports {earlier} ({earlier_year}) and {later} ({later_year}) of the series are of "
        "different agencies; declare a renaming in agency.former_names or a rename map",
    ),
    "different_agencies": (
        "两份报告属于不同机关：{previous!r} 和 {current!r}（更名的机关在 agency.former_names "
        "中写明曾用名，或给出更名对照表）",
        "the reports are of different agencies: {previous!r} and {current!r} (a renamed agency "
        "lists its former names in agency.former_names, or give a rename map)",
    ),
    "previous_year": (
        "上年报告是 {last_year} 年的，而不是 {expected} 年：跨年度规则比较相邻的两年",
        "the previous report is for {last_year}, not {expected}: rules across years compare "
        "consecutive years",
    ),
    # rename maps
    "rename_pair": (
        "更名需要曾用名和现名称：{former!r}",
        "a renaming needs a former and a current name: {former!r}",
    ),
    "rename_unreadable": (
        "{path}：无法读取更名对照表（{detail}）",
        "{path}: cannot read the rename map ({detail})",
    ),
    "rename_columns": (
        "{path}：第 {row} 行有 {count} 列，应为 2 列",
        "{path}: row {row} has {count} columns, not 2",
    ),
    "rename_circle": (
        "更名对照表绕成了一个圈：{chain}",
        "the rename map goes round in a circle: {chain}",
    ),
    # rosters
    "roster_date": (
        "{place}：{text!r} 不是日期（请写为 YYYY-MM-DD）",
        "{place}: {text!r} is not a date (write YYYY-MM-DD)",
    ),
    "roster_encoding": (
        "{path}：名单既不是 UTF-8 也不是 GBK 文本；请在 Excel 或 WPS 中另存为"
        "“CSV UTF-8（逗号分隔）”，或另存为 .xlsx",
        "{path}: the roster is neither UTF-8 nor GBK text; save it from Excel or WPS as "
        "“CSV UTF-8（逗号分隔）” (CSV UTF-8, comma delimited), or as .xlsx",
    ),
    "roster_needs_openpyxl": (
        "读取 xlsx 名单需要 openpyxl：pip install 'disclosure-report[office]'",
        "an xlsx roster needs openpyxl: pip install 'disclosure-report[office]'",
    ),
    "roster_unreadable": (
        "{path}：无法读取名单（{detail}）",
        "{path}: cannot read the roster ({detail})",
    ),
    "roster_empty": ("{path}：名单是空的", "{path}: the roster is empty"),
    "roster_no_name_column": (
        "{path}：名单第一行没有“名称”（name）列",
        "{path}: the roster has no column 'name' (名称) in its first row",
    ),
    "roster_level": (
        "{place}：类别 {level!r} 不是 {levels} 之一",
        "{place}: level {level!r} is not one of {levels}",
    ),
    "roster_unit_no_name": ("{place}：单位没有名称", "{place}: the unit has no name"),
    "roster_no_units": (
        "{path}：名单在表头下没有列出任何单位",
        "{path}: the roster lists no unit below its header",
    ),
    "roster_no_year": ("没有报告写明年度：请给出年度", "no report says its year: give the year"),
    # templates and their declaration
    "unknown_template": (
        "未知的模板 {template!r}，可用：{known}",
        "unknown template {template!r}; use one of {known}",
    ),
    "no_template_for_year": ("没有适用于 {year} 年的模板", "no template applies to {year}"),
    "no_table": ("模板 {template} 没有表 {table!r}", "template {template} has no table {table!r}"),
    "no_row": ("{table} 没有行 {row!r}", "{table} has no row {row!r}"),
    "no_column": ("{row} 没有列 {column!r}", "{row} has no column {column!r}"),
    "group_not_row": ("{at} 是一组行，不是一行", "{at} is a group, not a row"),
    "not_row_or_group": ("{name} 既不是行也不是行组", "{name} is not a row or a group"),
    "table_not_rows": ("表 {name} 不是由行组成的类", "the table {name} is not a class of rows"),
    "no_label": ("字段 {field!r} 没有声明标签", "the field {field!r} declares no label"),
    "no_type": ("{name}.{field} 声明时没有类型", "{name}.{field} is declared without a type"),
    "unit_of_unknown": (
        "{name}.{field} 声明为列 {column!r} 的单位，但该行没有这一列",
        "{name}.{field} is declared the unit of {column!r}, a column its row does not have",
    ),
    "duplicate_template": ("两个模板的 id 都是 {id!r}", "two templates have the id {id!r}"),
    "revises_unknown": (
        "模板 {id} 修订 {revises!r}，但任何模板集中它都不在前面",
        "template {id} revises {revises!r}, which comes before it in no template set",
    ),
    "report_class_not_attrs": (
        "模板 {id}：报告类不是 attrs 类",
        "template {id}: the report class is not attrs",
    ),
    "pattern_dollar": (
        "{pattern!r} 以 $ 结尾，Python 在末尾换行符前也会匹配：请声明 max_length，使其含义与"
        " ECMA-262 一致",
        "{pattern!r} ends in $, which Python also matches before a final newline: declare "
        "max_length, so that it means what ECMA-262 reads",
    ),
    "no_schema": ("{annotation!r} 没有对应的 JSON Schema", "no schema for {annotation!r}"),
    "cannot_compile_keywords": (
        "无法编译 {at} 处的 JSON Schema 关键字 {keywords}",
        "cannot compile schema keywords {keywords} at {at}",
    ),
    "cannot_compile_type": (
        "无法编译 {at} 处的类型 {kinds}",
        "cannot compile type {kinds} at {at}",
    ),
    "not_written_into_source": (
        "拒绝把 {kind} {value!r} 写入生成的代码",
        "refusing to write {kind} {value!r} into source",
    ),
    "cannot_compile_kind": ("无法编译类型 {kind!r}", "cannot compile type {kind!r}"),
    "cannot_compile_bound": ("无法编译界限 {value!r}", "cannot compile the bound {value!r}"),
    "cannot_compile_array": (
        "只能编译元素为文本的数组",
        "cannot compile an array of anything but texts",
    ),
    "cannot_compile_properties_beside": (
        "无法编译与其余成员的模式并列的 properties",
        "cannot compile properties beside a schema for the rest",
    ),
    "cannot_compile_count": (
        "无法编译 {keyword} {value!r}：不是大于等于 0 的整数",
        "cannot compile {keyword} {value!r}: not a whole number ≥ 0",
    ),
    "cannot_compile_choices": (
        "只能编译文本的选项：{choices!r}",
        "cannot compile choices other than texts: {choices!r}",
    ),
    "cannot_compile_property_names": (
        "无法编译 propertyNames {names!r}",
        "cannot compile propertyNames {names!r}",
    ),
    "cannot_compile_map": ("只能编译值为文本的映射", "cannot compile a map of anything but texts"),
    "jobs_at_least_one": ("jobs 至少为 1，而不是 {jobs}", "jobs must be 1 or more, not {jobs}"),
    "cannot_compile_open_object": (
        "无法编译 {at} 处的开放对象",
        "cannot compile an open object at {at}",
    ),
    "index_file_elsewhere": (
        "{name!r} 不是索引所在文件夹中的文件名",
        "{name!r} is not the name of a file beside the index",
    ),
    "not_a_sum_rule": ("{code!r} 不是求和规则的代码", "{code!r} is not the code of a sum rule"),
    "phrase_place": (
        "短语位置 {at!r} 不在模板 {template} 中",
        "phrase place {at!r} is not in template {template}",
    ),
    "phrase_no_total": (
        "短语位置 {at!r}：行 {row} 没有总计",
        "phrase place {at!r}: row {row} has no total",
    ),
    "correspondence_before": (
        "模板 {template}：{before} 不是模板 {revised} 的行",
        "template {template}: {before} is no row of template {revised}",
    ),
    "correspondence_after": (
        "模板 {template}：{at} 不是它的行",
        "template {template}: {at} is none of its rows",
    ),
    "correspondence_group": (
        "{before} 是一组行：请逐行对应",
        "{before} is a group: map its rows one by one",
    ),
}
"""Every error's words by key: (Chinese, English)."""


def say(key: str, lang: str, values: Mapping[str, object]) -> str:
    """The words of `key` (of `ERROR_WORDS` or `THINGS`) in `lang`, with `values` put in —
    a `Phrase`, `Pages` or `JsonDetail` among them in the same language."""
    zh, en = ERROR_WORDS[key] if key in ERROR_WORDS else THINGS[key]
    shown = {name: _said(value, lang) for name, value in values.items()}
    return (en if lang == "en" else zh).format(**shown)


def _said(value: object, lang: str) -> object:
    return value.words(lang) if isinstance(value, (Phrase, Pages, JsonDetail, OsDetail)) else value
