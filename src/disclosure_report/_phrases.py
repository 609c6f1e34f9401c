"""The phrases of a report's text that state a figure of its tables, declared once.

A report's sections 一 and 六 restate figures of its tables in set phrases: 收到政府信息公开申请
859件, 上年结转18件, 行政复议7件. Each `Phrase` here is one such form, whose meaning is
unambiguous: a regular expression with the number as ``{n}``, and the places of the template
whose sum the number states. `statements` finds them in a text; the rule `TEXT_TABLE`
compares each with the tables, and docs/rules.md lists them from here.

Reading is deliberately narrow: a phrase is read only where its words stand right before
the number (a filler such as 共 or 为 aside), and only where the clause gives no sign that
the figure is of another year, another body or a running total (`QUALIFIERS`). A number
the phrases cannot tie to one set of cells is left alone.
"""

from __future__ import annotations

import functools
import importlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from ._declare import Template
from ._layout import layout
from ._templates import templates

__all__ = [
    "ALL_UPHELD",
    "AMOUNT",
    "FEE",
    "OPENING_YEAR",
    "PHRASES",
    "PLACEHOLDERS",
    "QUALIFIERS",
    "SENTENCE",
    "Phrase",
    "Statement",
    "emptiness",
    "fee_sentences",
    "fee_stated",
    "first_characters",
    "may_state",
    "normalize",
    "opening_year",
    "phrases_pattern",
    "sentence_at",
    "statements",
    "states_amount",
    "substance",
]

NUMBER = r"(?P<n>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
"""A count as printed: digits, with thousands separated by commas or not."""

FILLER = r"(?:共计|合计|总计|累计|共|达到|达|为|计)?\s*"
"""Words that may stand between a phrase and its number without changing its meaning."""

UNIT = r"\s*件"

_APPLICATION = r"(?:政府信息公开|依申请公开|信息公开)?申请"
_BOTH = ("2019", "2021")


@attrs.frozen
class Phrase:
    """A set phrase that states the sum of `places` as a count of 件."""

    key: str
    """What the phrase states, in a word (``received``)."""
    words: str
    """The regular expression of the words before the number (the filler and the number
    follow them: `FILLER`, `NUMBER`, `UNIT`)."""
    places: tuple[str, ...]
    """JSON Pointers of the template: a cell; a row of 表三 (its 总计); or a group of 表三
    (the 总计 of each of its rows)."""
    example: str
    """A sentence the phrase reads, for the catalogue and the tests."""
    templates: tuple[str, ...] = _BOTH
    context: str | None = None
    """A regular expression the sentence must also hold, where the words alone could be
    about something else (行政复议 in a 司法局's report is its own casework)."""
    not_followed_by: str | None = None
    """A regular expression that, right after the number, says the figure is another one
    (收到申请 N 件（含上年结转 M 件）: N counts the carried-over ones too)."""
    upheld: tuple[str, ...] = ()
    """The 结果维持 cells, when the sentence says every case was upheld (`ALL_UPHELD`)."""

    @property
    def pattern(self) -> str:
        tail = f"(?!{self.not_followed_by})" if self.not_followed_by else ""
        return f"{self.words}{FILLER}{NUMBER}{UNIT}{tail}"


_OUTCOMES = "/applications/outcomes"
_REVIEW = "/review_litigation/review"
_LITIGATION = ("/review_litigation/litigation_direct", "/review_litigation/litigation_after_review")

PHRASES: tuple[Phrase, ...] = (
    Phrase(
        "received",
        rf"(?:收到|新收|接收){_APPLICATION}",
        ("/applications/received",),
        "本年共收到政府信息公开申请859件。",
        not_followed_by=r"\s*[(（]\s*(?:含|包括)",
    ),
    Phrase(
        "carried_over",
        rf"上一?年度?结转(?:的)?(?:{_APPLICATION})?",
        ("/applications/carried_over",),
        "上年结转政府信息公开申请18件。",
    ),
    Phrase(
        "handled",
        rf"(?:办结|答复){_APPLICATION}",
        (f"{_OUTCOMES}/total",),
        "答复政府信息公开申请805件。",
    ),
    Phrase(
        "carried_forward",
        r"(?:结转|转|顺延)(?:至|到|入)?下一?年度?(?:继续)?(?:办理|答复)?",
        ("/applications/carried_forward",),
        "结转下年度继续办理72件。",
    ),
    Phrase(
        "disclosed_and_partially",
        r"予以公开(?:及|和|与|、|或)部分公开",
        (f"{_OUTCOMES}/disclosed", f"{_OUTCOMES}/partially_disclosed"),
        "予以公开及部分公开275件。",
    ),
    Phrase("disclosed", r"予以公开", (f"{_OUTCOMES}/disclosed",), "予以公开272件。"),
    Phrase(
        "partially_disclosed",
        r"部分公开",
        (f"{_OUTCOMES}/partially_disclosed",),
        "部分公开3件。",
    ),
    Phrase("withheld", r"不予公开", (f"{_OUTCOMES}/withheld",), "不予公开35件。"),
    Phrase("unavailable", r"无法提供", (f"{_OUTCOMES}/unavailable",), "无法提供337件。"),
    Phrase("not_processed", r"不予处理", (f"{_OUTCOMES}/not_processed",), "不予处理158件。"),
    Phrase(
        "other_handling",
        r"(?:作)?其他处理(?:\s*[(（][^)）。]{0,30}[)）])?",
        (f"{_OUTCOMES}/other",),
        "其他处理0件。",
    ),
    Phrase(
        "review",
        r"行政复议(?:案件)?",
        (f"{_REVIEW}/total",),
        "因政府信息公开被申请行政复议7件。",
        context="公开",
        upheld=(f"{_REVIEW}/upheld",),
    ),
    Phrase(
        "litigation",
        r"(?:行政)?诉讼(?:案件)?",
        tuple(f"{group}/total" for group in _LITIGATION),
        "因政府信息公开被提起行政诉讼9件。",
        context="公开",
        upheld=tuple(f"{group}/upheld" for group in _LITIGATION),
    ),
    Phrase(
        "rules_published",
        r"主动公开(?:政府)?规章",
        ("/proactive/rules/published",),
        "主动公开规章13件。",
        templates=("2019",),
    ),
    Phrase(
        "normative_published",
        r"主动公开(?:行政)?规范性文件",
        ("/proactive/normative_documents/published",),
        "主动公开规范性文件60件。",
        templates=("2019",),
    ),
    Phrase(
        "rules_issued",
        r"主动公开(?:政府)?规章",
        ("/proactive/rules/issued",),
        "主动公开规章2件。",
        templates=("2021",),
    ),
    Phrase(
        "normative_issued",
        r"主动公开(?:行政)?规范性文件",
        ("/proactive/normative_documents/issued",),
        "主动公开行政规范性文件12件。",
        templates=("2021",),
    ),
    Phrase(
        "rules_in_force",
        r"现行有效(?:的)?(?:政府)?规章",
        ("/proactive/rules/in_force",),
        "现行有效规章31件。",
        templates=("2021",),
    ),
    Phrase(
        "normative_in_force",
        r"现行有效(?:的)?(?:行政)?规范性文件",
        ("/proactive/normative_documents/in_force",),
        "现行有效行政规范性文件120件。",
        templates=("2021",),
    ),
)
"""Every phrase, in the order they are tried at one place of a text: a longer form before
the shorter one it contains (予以公开及部分公开 before 部分公开)."""

ALL_UPHELD = r"均(?:获|被|予以|得到|已)?维持"
"""Said in the sentence of a 行政复议 or 行政诉讼 figure: every case was upheld, so the
figure is also the 结果维持 of its group(s)."""

QUALIFIERS = r"上一?年|去年|前年|同期|同比|累计|以来|历年|[0-9]+\s*月|其中[^,，、]"
"""Words in the clause before a phrase that make its figure another one than the table's:
another year or period, a running total, or a part of the whole (其中市本级…). A year
(``2023年``) other than the report's does too."""

_YEAR = re.compile(r"([0-9]{4})\s*年")
_COUNTED = re.compile(r"[0-9]" + UNIT)
"""A figure in 件, which every phrase states: a text without one states none."""

_BOUNDARIES = "。！？!?;；\n"
_CLAUSES = _BOUNDARIES + ",，、:：("


@functools.lru_cache(maxsize=64)
def normalize(text: str) -> str:
    """The text with each character in its compatibility form where that is one character
    (full-width digits, the Kangxi radicals PDF extraction yields for 行 and 政), so that
    offsets into it are offsets into the original.

    The last texts folded are kept: the rules of the text read the same sections, each
    asking for them folded."""
    return text.translate(_FOLDED)


class _Folded(dict[int, str]):
    """Each character's compatibility form where that is one character, else itself, by
    code point: computed the first time `str.translate` asks for a character, then looked up
    (the rules read the text of every report, character by character)."""

    def __missing__(self, code: int) -> str:
        character = chr(code)
        folded = unicodedata.normalize("NFKC", character)
        self[code] = found = folded if len(folded) == 1 else character
        return found


_FOLDED = _Folded()


@attrs.frozen
class Statement:
    """A figure the text states: the phrase, the number, and where."""

    phrase: Phrase
    number: int
    start: int
    """Where the phrase starts in the text (a character offset)."""
    end: int
    all_upheld: bool = False
    """The sentence says every case was upheld (for 行政复议 and 行政诉讼)."""


@functools.cache
def _compiled(template: Template) -> tuple[re.Pattern[str] | None, tuple[Phrase, ...]]:
    """The phrases a template's text can state — those whose places the template has, so
    that a revision reads the phrases of its cells without being named — as one pattern."""
    lay = layout(template)
    chosen = tuple(
        phrase for phrase in PHRASES if all(lay.field(at) is not None for at in phrase.places)
    )
    if not chosen:
        return None, ()
    alternatives = phrases_pattern(chosen)
    first = first_characters("|".join(f"(?:{phrase.words})" for phrase in chosen))
    if first is not None:
        # Python's matcher tries every phrase at every place of a text; one test of the
        # character there passes over most places at once (a tenth of the time on real
        # sections). The matches are the same: a phrase starts with its words, and they
        # with one of these characters.
        alternatives = f"(?=[{re.escape(first)}])(?:{alternatives})"
    return re.compile(alternatives), chosen


def phrases_pattern(chosen: Iterable[Phrase]) -> str:
    """The phrases `chosen` as one pattern: the match of the phrase at `chosen[i]` is the
    group ``p{i}``, and its number the group ``n{i}``."""
    return "|".join(
        f"(?P<p{index}>{phrase.pattern.replace('(?P<n>', f'(?P<n{index}>')})"
        for index, phrase in enumerate(chosen)
    )


class _Unfollowed(Exception):
    """A part of a pattern `first_characters` does not follow."""


def first_characters(pattern: str) -> str | None:
    """Every character a match of `pattern` can start with; None where that is not plain
    from its parts (it can match nothing, start with a class other than a list of characters,
    ignore case…), or Python's own parser of patterns, read here, is not there."""
    try:
        parser: Any = importlib.import_module("re._parser")  # Python 3.11 and later
    except ImportError:
        parser = importlib.import_module("sre_parse")
    try:
        parsed = parser.parse(pattern)
        if parsed.state.flags & re.IGNORECASE:
            return None
        found, empty = _first_of(parsed)
    except (_Unfollowed, re.error, AttributeError, TypeError, ValueError):
        return None
    return None if empty else "".join(sorted(found))


def _first_of(items: Iterable[tuple[Any, Any]]) -> tuple[set[str], bool]:
    """The first characters of a sequence of parsed parts, and whether it can match nothing."""
    found: set[str] = set()
    for op, argument in items:
        kind = str(op)
        if kind == "LITERAL":
            found.add(chr(argument))
            return found, False
        if kind == "IN":
            for member, value in argument:
                if str(member) != "LITERAL":
                    raise _Unfollowed(member)
                found.add(chr(value))
            return found, False
        if kind == "SUBPATTERN":
            _, ignoring, _, group = argument
            if ignoring & re.IGNORECASE:  # (?i:…): a letter in either case
                raise _Unfollowed(kind)
            inner, empty = _first_of(group)
        elif kind == "BRANCH":
            branches = [_first_of(branch) for branch in argument[1]]
            inner = set().union(*(first for first, _ in branches))
            empty = any(empty for _, empty in branches)
        elif kind in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            least, _, repeated = argument
            inner, empty = _first_of(repeated)
            empty = empty or least == 0
        else:
            raise _Unfollowed(kind)
        found |= inner
        if not empty:
            return found, False
    return found, True


def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence around ``text[start:end]``."""
    first = max(text.rfind(mark, 0, start) for mark in _BOUNDARIES) + 1
    ends = [text.find(mark, end) for mark in _BOUNDARIES]
    last = min((found + 1 for found in ends if found >= 0), default=len(text))
    while first < last and text[first].isspace():
        first += 1
    return first, last


def _qualified(text: str, start: int, year: int | None) -> bool:
    clause = text[max(text.rfind(mark, 0, start) for mark in _CLAUSES) + 1 : start]
    if any(int(found) != year for found in _YEAR.findall(clause)):
        return True
    return re.search(QUALIFIERS, clause) is not None


def may_state(text: str, template: str) -> bool:
    """Whether `text` holds a phrase of `template` at all: without one, `statements` finds
    nothing."""
    folded = normalize(text)
    if _COUNTED.search(folded) is None:
        return False
    pattern, _ = _compiled(templates()[template])
    return pattern is not None and pattern.search(folded) is not None


def statements(text: str, template: str, year: int | None = None) -> Iterator[Statement]:
    """The figures `text` states in the phrases of `template`, in the order they appear;
    `year` is the report year, the one year a clause may name."""
    folded = normalize(text)
    if _COUNTED.search(folded) is None:
        return  # every phrase states its figure in digits followed by 件 (`NUMBER`, `UNIT`)
    pattern, chosen = _compiled(templates()[template])
    if pattern is None:
        return
    for found in pattern.finditer(folded):
        index = int(str(found.lastgroup)[1:])
        phrase = chosen[index]
        start, end = found.span()
        if _qualified(folded, start, year):
            continue
        first, last = sentence_at(folded, start, end)
        sentence = folded[first:last]
        if phrase.context is not None and re.search(phrase.context, sentence) is None:
            continue
        number = int(found.group(f"n{index}").replace(",", ""))
        upheld = bool(phrase.upheld) and re.search(ALL_UPHELD, folded[end:last]) is not None
        yield Statement(phrase, number, start, end, upheld)


# --- what a section must say ------------------------------------------------------------------

PLACEHOLDERS = frozenset({"无", "略", "暂无", "没有", "无内容", "不适用", "空"})
"""What a section holds when it says nothing: these words alone, punctuation aside."""

SENTENCE = 5
"""A section with fewer letters and digits than this (punctuation, spaces, dates and the
agency's name aside) is shorter than a sentence."""

FEE = r"处\s*理\s*费|收\s*费|收\s*取[^。；;，,]{0,10}?费|费\s*用"
"""Words that say whether the 信息处理费 of 国办函〔2020〕109号 was charged: 信息处理费 (or
信息公开处理费), 收费, 收取…费, 费用; a line break of PDF text may stand inside them."""

AMOUNT = r"[0-9][0-9,]*(?:\.[0-9]+)?\s*万?\s*元"
"""An amount of money as a report's text states it (``3940 元``, ``0.38万元``)."""

OPENING_YEAR = r"(?P<year>[0-9]{4})\s*年度?\s*[，,]"
"""How a section opens when it names the year it reports on (``2023年，本机关…``)."""

_FEE = re.compile(FEE)
_AMOUNT = re.compile(AMOUNT)

_SUBHEADING = r"[(（][一二三四五六七八九十]{1,2}[)）][^\n。，,；;：:]{0,30}\n"
"""A sub-heading on a line of its own at the head of a section (``（一）存在的主要问题``)."""
_OPENING = re.compile(rf"\s*(?:{_SUBHEADING}\s*)?{OPENING_YEAR}")
"""How a section opens with its year: spaces, a sub-heading if any, spaces, the year."""

_SAYS = re.compile(rf"(?:[\W_]*[^\W_]){{{SENTENCE}}}")
"""A text with at least `SENTENCE` letters and digits (`str.isalnum`'s, every one a letter or
a digit to `unicodedata` too): it says something, found without asking `unicodedata` of each
character. (A class of Unicode's own: one of ranges of ideographs took a millisecond to
compile, at every start.)"""

_DATE = re.compile(r"[0-9]{4}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日")


def _unsigned(text: str, agency: str | None) -> str:
    """The folded text without dates and the agency's name."""
    folded = normalize(text)
    if agency:
        folded = folded.replace(normalize(agency), "")
    # a date ends in 日: a text without one has none to take out, found at once
    return _DATE.sub("", folded) if "日" in folded else folded


def _said(folded: str, most: int | None = None) -> str:
    """The letters and digits of `folded`: the first `most` of them (None: all)."""
    said = []
    for character in folded:
        if unicodedata.category(character)[0] in "LN":
            said.append(character)
            if len(said) == most:
                break
    return "".join(said)


def substance(text: str, agency: str | None = None) -> str:
    """The letters and digits of a section: punctuation, spaces, dates (a signature's
    ``2024年1月17日``) and the agency's name (a signature's) left out."""
    return _said(_unsigned(text, agency))


def emptiness(text: str, agency: str | None = None) -> str | None:
    """How a section says nothing: ``"empty"``, ``"placeholder"`` (`PLACEHOLDERS`),
    ``"short"`` (fewer than `SENTENCE` letters and digits); None when it says something.
    Reading stops at the `SENTENCE`-th letter or digit: a placeholder is shorter."""
    unsigned = _unsigned(text, agency)
    if _SAYS.match(unsigned) is not None:
        return None
    said = _said(unsigned, SENTENCE)
    if len(said) >= SENTENCE:
        return None
    if not said:
        return "empty"
    if said in PLACEHOLDERS:
        return "placeholder"
    return "short" if len(said) < SENTENCE else None


_STOPS = "。！？!?;；"
_STOP = re.compile(f"[{re.escape(_STOPS)}]")


def _fee_spans(folded: str) -> Iterator[tuple[int, int]]:
    backwards = ""
    for found in _FEE.finditer(folded):
        backwards = backwards or folded[::-1]
        before = _STOP.search(backwards, len(folded) - found.start())
        first = len(folded) - before.start() if before is not None else 0
        after = _STOP.search(folded, found.end())
        last = after.end() if after is not None else len(folded)
        first += len(folded[first:last]) - len(folded[first:last].lstrip())
        yield first, last


def fee_sentences(text: str) -> list[tuple[int, int]]:
    """The spans of the sentences of `text` that speak of the fee (`FEE`): a sentence
    here runs from stop to stop, across the line breaks of PDF text."""
    return list(dict.fromkeys(_fee_spans(normalize(text))))


def fee_stated(text: str) -> bool | None:
    """Whether a sentence of `text` on the fee (`fee_sentences`) states an amount
    (`states_amount`); None when no sentence speaks of the fee. Reading stops at the first
    that does."""
    folded = normalize(text)
    fee = _FEE.search(folded)
    if fee is None:
        return None
    amount = _AMOUNT.search(folded)
    if amount is None:
        return False
    low, high = min(fee.start(), amount.start()), max(fee.end(), amount.end())
    if _STOP.search(folded, low, high) is None:
        return True  # the first amount stands in the sentence of the first word on the fee
    spoken = None
    for first, last in _fee_spans(folded):
        if _AMOUNT.search(folded, first, last) is not None:
            return True
        spoken = False
    return spoken


def states_amount(text: str, span: tuple[int, int]) -> bool:
    """Whether the sentence at `span` of `text` states an amount of money (`AMOUNT`)."""
    return _AMOUNT.search(normalize(text), span[0], span[1]) is not None


def opening_year(text: str) -> tuple[int, int, int] | None:
    """The year `text` opens with as the year it reports on (`OPENING_YEAR`), after spaces
    and a sub-heading line: the year, and the span of its words; None when it opens
    otherwise."""
    found = _OPENING.match(normalize(text))
    if found is None:
        return None
    return int(found.group("year")), found.start("year"), found.end()
