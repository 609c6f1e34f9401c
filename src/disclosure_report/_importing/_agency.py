"""Who filed the report and for which year, from the places real reports say it.

Reports name their agency in the title (before or after the year, on one line or over
several, as a Markdown heading), in page metadata (``名称``, ``发布机构``), in the opening
sentence (``现向社会公布××2023年度…``, ``本报告由××根据…编制``, ``××特编制``) and in a
signature line above the date. Each place gives candidates; a candidate is taken only
when it reads as the name of a body — it ends as one (局, 人民政府, 街道办事处…) and holds
no clause, URL, label or quotation — and the title or two places agree. A name is kept
as printed (an OCR misreading stays); where none is certain, nothing is returned.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from ._normalize import strip_readings, to_simplified

__all__ = ["Identity", "identify"]

_BODY = re.compile(
    r"(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|街道办事处|办事处|管理委员会|管委会"
    r"|委员会|局|厅|委|署|办|院|街道|镇|乡|苏木|中心|公署|管理处|分局|支队|大队|总队|站|所|馆"
    r"|政府|服务中心|事务中心|研究室|社|会|集团|公司|区|县|市|省|州|旗|盟)$"
)
"""How the names of bodies that file reports end."""

_NOT_A_NAME = re.compile(
    r"https?:|www\.|\.cn|\.com|[《》“”\"'：:，,。；;！？?!|｜/\\\\]|根据|要求|按照|现将|现向|特此"
    r"|编制|公布|报告|年度|工作|情况|信息公开|条例|发布时间|来源|索引号|字号|浏览|打印|关闭"
    r"|\d{4}"
)
"""What a name never holds: a URL, punctuation of a clause, words of the title or the page."""

_TITLE = re.compile(
    r"(?P<before>[^\s，,。：:|｜“”《》()（）]*?)[\s（(]*(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*[)）]?\s*"
    r"(?P<after>[^\s，,。：:|｜“”《》]*?)\s*(?:政府)?(?:信息公开|政务公开)(?:工作)?\s*(?:年度)?\s*(?:报告|年报)"
)
_UNDATED_TITLE = re.compile(
    r"^(?P<before>.+?)\s*(?:政府)?(?:信息公开|政务公开)(?:工作)?年度报告\s*$"
)
_METADATA = re.compile(
    r"^\s*(?:名\s*称|发布机构|发文机关|发布单位|公开主体|信息来源|来\s*源|主办单位)\s*[:：|｜]\s*"
    r"(?P<value>.+?)\s*$"
)
_OPENING = (
    re.compile(r"现向社会公布(?P<name>.+?)(?:19|20)\d{2}\s*年"),
    re.compile(r"本(?:年度)?报告由(?P<name>.+?)(?:根据|依据|按照|编制)"),
    re.compile(r"[,，。]\s*(?P<name>[^,，。《》]+?)特?(?:编制|制定)(?:了|完成)?(?:本|此)?"),
    re.compile(r"^(?P<name>[^,，。《》]+?)(?:19|20)\d{2}\s*年(?:度)?(?:政府)?信息公开"),
)
_DATE = re.compile(r"^\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_PERIOD = re.compile(
    r"(?:统计期限|统计时限|统计期|统计周期|统计时间)[^。]{0,12}?(?P<year>(?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"
)
_FIRST_SENTENCE_YEAR = re.compile(r"^(?P<year>(?:19|20)\d{2})\s*年(?:度)?[,，以来]")


@attrs.frozen
class Identity:
    """What the text says of the report's agency and year, and where it says it."""

    agency: str | None
    agency_from: str | None
    """Where the name was found (``title``, ``metadata``, ``opening``, ``signature``)."""
    year: int | None
    year_from: str | None


def _plain(text: str) -> str:
    text = to_simplified(unicodedata.normalize("NFKC", strip_readings(text)))
    return text.lstrip("#").strip()


def _name(candidate: str) -> str | None:
    """`candidate` as a name of a body, or None when it does not read as one."""
    name = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", candidate.strip())
    name = name.strip(" \t-—_·•*#>【】[]（）()")
    if not 2 < len(name) <= 40 or _NOT_A_NAME.search(name) or not _BODY.search(name):
        return None
    if not re.fullmatch(r"[\u4e00-\u9fff0-9A-Za-z（）()·]+", name):
        return None
    return name


def _title(lines: Sequence[str]) -> tuple[str | None, int | None]:
    """The agency and year of the title, within the first lines; a title split over two
    lines is read as one, and a name on the line above a title without one is taken."""
    head = [_plain(line) for line in lines[:40]]
    for index, plain in enumerate(head):
        following = head[index + 1] if index + 1 < len(head) else ""
        match = _TITLE.search(plain)
        if match is None and len(plain) < 40 and not _TITLE.search(following):
            match = _TITLE.search(plain + following)
        if match:
            year = int(match.group("year"))
            for candidate in (match.group("before"), match.group("after")):
                name = _name(candidate)
                if name:
                    return name, year
            above = head[index - 1] if index else ""
            for candidate in (above, "".join(head[max(0, index - 2) : index])):
                name = _name(candidate)
                if name:
                    return name, year
            return None, year
        match = _UNDATED_TITLE.search(plain)
        if match and (name := _name(match.group("before"))):
            return name, None
    return None, None


def _metadata(lines: Iterable[str]) -> list[str]:
    found = []
    for line in lines:
        match = _METADATA.match(_plain(line))
        if not match:
            continue
        value = match.group("value")
        titled, _ = _title([value])
        name = titled or _name(value)
        if name:
            found.append(name)
    return found


def _opening(lines: Iterable[str]) -> list[str]:
    found = []
    for line in lines:
        plain = _plain(line)
        for pattern in _OPENING:
            for match in pattern.finditer(plain):
                name = _name(match.group("name").split("，")[-1].split(",")[-1])
                if name:
                    found.append(name)
    return found


def _signature(lines: Sequence[str]) -> list[str]:
    found = []
    for index, line in enumerate(lines):
        if _DATE.match(_plain(line)) and index:
            name = _name(_plain(lines[index - 1]))
            if name:
                found.append(name)
    return found


def _year(lines: Sequence[str]) -> tuple[int | None, str | None]:
    for line in lines:
        match = _PERIOD.search(_plain(line).replace(" ", ""))
        if match:
            return int(match.group("year")), "period"
    for line in lines:
        match = _FIRST_SENTENCE_YEAR.match(_plain(line))
        if match:
            return int(match.group("year")), "text"
    return None, None


def _printed(name: str, lines: Iterable[str]) -> str:
    """`name` (found in simplified text) as the lines print it: in traditional characters
    where they do."""
    for line in lines:
        text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", strip_readings(line)))
        for start in range(len(text) - len(name) + 1):
            window = text[start : start + len(name)]
            if window[0] != name[0] and to_simplified(window[0]) != name[0]:
                continue
            if to_simplified(window) == name:
                return window
    return name


def identify(lines: Sequence[str], rows: Iterable[Sequence[str | None]] = ()) -> Identity:
    """The agency and year the lines of a report say, with where they say it.

    `rows` are table rows, which hold page metadata on web pages
    (``名称 | 沭阳县发展和改革局…``).
    """
    titled, title_year = _title(lines)
    year, year_from = (title_year, "title") if title_year else _year(lines)
    pairs = _pairs(rows)
    if titled:
        return Identity(_printed(titled, lines), "title", year, year_from)
    metadata = _metadata([*lines[:60], *pairs])
    if metadata:
        return Identity(_printed(metadata[0], [*lines[:60], *pairs]), "metadata", year, year_from)
    others = Counter([*_opening(lines), *_signature(lines)])
    if others:
        name, _ = others.most_common(1)[0]
        where = "opening" if name in _opening(lines) else "signature"
        return Identity(_printed(name, lines), where, year, year_from)
    return Identity(None, None, year, year_from)


def _pairs(rows: Iterable[Sequence[str | None]]) -> list[str]:
    """Metadata printed as a table row (``名称 | 值``), as ``名称：值`` lines."""
    found: list[str] = []
    for row in rows:
        cells = [cell for cell in row if cell]
        found.extend(f"{cells[i]}：{cells[i + 1]}" for i in range(len(cells) - 1))
    return found
