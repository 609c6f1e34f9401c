"""Normalisation for matching labels, and reading the text of one cell.

Labels are normalised only to be compared with the template's; the narrative is
never changed. A cell's text becomes a value, a blank, or nothing readable, and
what the reading did is said in a note.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Literal

import attrs

from .._declare import Unit
from ._variants import HEADER_NOISE

__all__ = ["Reading", "bare", "is_value", "normalize_label", "read_cell", "to_simplified"]


@functools.cache
def _converter() -> object | None:
    try:
        import opencc
    except ImportError:  # pragma: no cover - depends on the installed extras
        return None
    return opencc.OpenCC("t2s")


def converts_traditional() -> bool:
    """Whether traditional characters can be converted here (OpenCC is installed)."""
    return _converter() is not None


def to_simplified(text: str) -> str:
    """Traditional characters to simplified ones (OpenCC), where the converter is installed."""
    converter = _converter()
    if converter is None:  # pragma: no cover - depends on the installed extras
        return text
    converted: str = converter.convert(text)  # type: ignore[attr-defined]
    return converted


_LEADING_JUNK = re.compile(r"^[、，,。.．:：;；\s]+")
"""Punctuation a PDF's text layer leaves before a label (``、 2.其他法律…``)."""

_PINYIN = re.compile(r"\(([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+\d?)\)")
"""A pinyin reading in brackets after a character, as in 根據(jù)."""

_NUMBERING = re.compile(r"^[（(]?(\d+)[)）]?\s*[、.．,，:：]?\s*")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")


def strip_readings(text: str) -> str:
    """Text without the pinyin readings some copies put after characters."""
    return _PINYIN.sub("", text)


def normalize_label(text: str) -> str:
    """A label reduced to what matters for matching it with the template's labels.

    Width (NFKC), traditional characters, pinyin readings, white space and line
    breaks, quotation marks and the punctuation of a leading number (``1、``,
    ``（1）``, ``1．``) are all made uniform. A corpus prints the same labels over and
    over: each is normalised once (as long as whether traditional characters convert stays).
    """
    return _normalized(text, converts_traditional())


@functools.lru_cache(maxsize=8192)
def _normalized(text: str, converting: bool) -> str:
    text = strip_readings(text)
    text = unicodedata.normalize("NFKC", text)
    if converting:
        text = to_simplified(text)
    text = re.sub(r"\s+", "", text).translate(_QUOTES)
    text = _LEADING_JUNK.sub("", text.replace("(", "（").replace(")", "）"))
    text = HEADER_NOISE.sub("", text)
    return _NUMBERING.sub(lambda match: f"{match.group(1)}.", text, count=1)


_OUTLINE = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")


def bare(label: str) -> str:
    """A normalised label without its outline number (``一、``, ``（一）``, ``1.``)."""
    return _OUTLINE.sub("", label, count=1) or label


def core(label: str) -> str:
    """A normalised label without what it says in brackets after its first words."""
    return re.sub(r"（[^（）]*）$", "", label) or label


_PLACEHOLDERS = {"-", "—", "–", "－", "——", "--", "/", "／", "\\", "无", "空", "×", "*", "/ "}

Kind = Literal["count", "signed", "money"]


@attrs.frozen
class Reading:
    """What a cell's text was read as."""

    value: int | Decimal | None
    readable: bool = True
    note: str | None = None
    """What the reading did, for the report's notes: the raw text of a placeholder, a unit
    converted, an annotation set aside."""
    marker: str | None = None
    """A footnote marker printed after the number (``34¹``, ``34①``) and set aside."""
    unit: Unit | None = None
    """The unit printed with an amount that is kept as written (``251000元``: 元)."""


_MARKER = re.compile(
    r"(?:[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾]+|⁽[^⁾]{1,8}⁾|[①-⑳⑴-⒇⒈-⒛❶-❿]+|[※＊*†‡]+|[\[［]\d{1,2}[\]］])$"
)
"""A footnote marker after a number. It must be set aside before the text is made
uniform: NFKC turns ``34¹`` and ``34①`` into ``341``."""

_DELETED = re.compile(r"〔删除：[^〕]*〕")
"""Text the page struck out (``<del>``), as the HTML reader marks it: never a value."""


def split_marker(raw: str) -> tuple[str, str | None]:
    """The text of a cell without a footnote marker after its number, and the marker."""
    text = raw.strip()
    match = _MARKER.search(text)
    if match is None:
        return text, None
    if match.start() == 0:
        return "", match.group()  # a marker in a blank cell: never a number
    if not text[match.start() - 1].isdigit():
        return text, None
    return text[: match.start()].rstrip(), match.group()


_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_ANNOTATED = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*[（(](.+)[)）]$")
_MONEY = re.compile(r"^(\d+(?:\.\d+)?)\s*(万元|元|万)?$")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    return re.sub(r"(?<=\d)[,\s](?=\d{3}\b)", "", text).replace(" ", "")


def read_cell(raw: str | None, kind: Kind, *, as_written: bool = False) -> Reading:
    """The value of a cell of `kind` from its printed text.

    An amount is in 万元, converted from 元 where the text says 元, unless `as_written`: for
    a column whose template prints no unit, it is kept as written with the unit printed
    after it (`Reading.unit`, None where the text gives none)."""
    if raw is None or not raw.strip():
        return Reading(None)
    kept, deleted = _DELETED.sub("", raw), _DELETED.findall(raw)
    if deleted:
        reading = read_cell(kept, kind, as_written=as_written)
        struck = f"原文删去了“{''.join(d[4:-1] for d in deleted)}”"
        note = f"{reading.note}；{struck}" if reading.note else struck
        return attrs.evolve(reading, note=note)
    bare_text, marker = split_marker(raw)
    if marker is not None:
        reading = read_cell(bare_text, kind, as_written=as_written)
        if not reading.readable:
            return reading
        if not bare_text:
            note = f"原文只有脚注标记“{marker}”，单元格空白"
            return attrs.evolve(reading, note=note, marker=marker)
        note = f"原文为“{raw.strip()}”，“{marker}”是脚注标记，不是数字的一部分"
        return attrs.evolve(reading, note=note, marker=marker)
    text = _clean(raw)
    if text in _PLACEHOLDERS:
        return Reading(None, note=f"原文为“{raw.strip()}”")
    annotation = None
    annotated = _ANNOTATED.match(text)
    if annotated:
        text, annotation = annotated.group(1), annotated.group(2)
    read = _money(text, as_written) if kind == "money" else _count(text, kind)
    if read is None:
        return Reading(None, readable=False)
    reading = read
    if annotation is not None:
        note = f"原文为“{raw.strip()}”"
        note = f"{reading.note}；{note}" if reading.note else note
        return Reading(reading.value, note=note, unit=reading.unit)
    return reading


def _count(text: str, kind: Kind) -> Reading | None:
    if not _INTEGER.match(text):
        return None
    if text.startswith("+") and kind != "signed":
        return None
    return Reading(int(text))


_UNITS: dict[str | None, Unit | None] = {"元": "元", "万元": "万元", "万": "万元", None: None}


def _money(text: str, as_written: bool) -> Reading | None:
    match = _MONEY.match(text)
    if not match:
        return None
    try:
        amount = Decimal(match.group(1))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None
    if as_written:
        return Reading(amount, unit=_UNITS[match.group(2)])
    if match.group(2) == "元":
        converted = amount / Decimal(10000)
        return Reading(converted, note=f"原文为“{text}”，已换算为 {converted} 万元")
    return Reading(amount)


@functools.lru_cache(maxsize=8192)
def is_value(raw: str | None) -> bool:
    """Whether a cell's text reads as a number or a placeholder, not as a label (each text
    worked out once: a corpus prints the same few values over and over)."""
    if raw is None:
        return False
    kept, marker = split_marker(_DELETED.sub("", raw))
    text = _clean(kept)
    if not text:
        return marker is not None  # a blank cell with a footnote marker
    return bool(
        text in _PLACEHOLDERS
        or _INTEGER.match(text)
        or _NUMBER.match(text)
        or _ANNOTATED.match(text)
        or _MONEY.match(text)
    )
