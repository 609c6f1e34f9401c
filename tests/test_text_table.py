"""`TEXT_TABLE`: the figures sections 一 and 六 state, against the tables, on real reports."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_report import TEMPLATES, layout, validate
from disclosure_report._messages import finding_json, message
from disclosure_report._phrases import (
    PHRASES,
    _compiled,
    first_characters,
    normalize,
    phrases_pattern,
    statements,
)
from disclosure_report._rules import phrase_cells
from disclosure_report._validation import reference_validate
from tests.helpers.corpus import corpus
from tests.helpers.documents import get, patch, sample
from tests.helpers.texts import DISAGREEMENTS, keyed_document, keyed_rows, measure


def _text_findings(document: Any) -> list[tuple[str, str, Any, Any, str | None]]:
    return [
        (f.code, f.pointer, f.actual, f.expected, f.rule)
        for f in validate(document).findings
        if f.code == "TEXT_TABLE" or f.rule == "TEXT_TABLE"
    ]


def _read(text: str, template: str = "2021", year: int | None = 2023) -> list[tuple[str, int]]:
    return [(s.phrase.key, s.number) for s in statements(text, template, year)]


# --- the real disagreements, and the real agreements -----------------------------------------


def test_suqian_2024_states_review_and_litigation_figures_table_4_does_not_have() -> None:
    document = keyed_rows("2024_宿迁市人民政府")
    found = [f for f in validate(document).findings if f.code == "TEXT_TABLE"]
    assert [(f.code, f.pointer, f.actual, f.expected) for f in found] == [
        ("TEXT_TABLE", "/review_litigation/review/total", 134, 170),
        ("TEXT_TABLE", "/review_litigation/litigation_direct/total", 57, 77),
    ]
    overview = document["sections"]["overview"]
    for finding in found:
        quote = finding.quote
        assert quote is not None
        assert quote.pointer == "/sections/overview"
        assert overview[quote.start : quote.end] == quote.text
        assert "134件" in quote.text
        assert "57件" in quote.text
    litigation = found[1]
    assert [o.pointer for o in litigation.operands] == [
        "/review_litigation/litigation_direct/total",
        "/review_litigation/litigation_after_review/total",
    ]
    assert [o.value for o in litigation.operands] == [25, 52]


def test_suqian_2023_text_agrees_with_its_tables_figure_by_figure() -> None:
    document = keyed_rows("2023_宿迁市人民政府")
    read = _read(document["sections"]["overview"])
    assert read == [
        ("disclosed", 1191),
        ("partially_disclosed", 328),
        ("withheld", 142),
        ("unavailable", 1078),
        ("not_processed", 406),
        ("other_handling", 341),
        ("carried_forward", 121),
    ]
    assert _text_findings(document) == []
    unkeyed = {"/sections/problems", "/sections/other"}
    assert {f.pointer for f in validate(document).findings} == unkeyed, "only 五 and 六 unread"


def test_shanghai_2019_text_contradicts_tables_3_and_4() -> None:
    keyed = next(k for k in corpus() if k.name == "html-2019-上海市人民政府办公厅")
    document = keyed_document(keyed)
    assert document is not None
    found = {(at, stated, table) for _, at, stated, table, _ in _text_findings(document)}
    assert found == DISAGREEMENTS[keyed.name]
    assert ("/applications/outcomes/disclosed/total", 258, 275) in found
    finding = next(f for f in validate(document).findings if f.code == "TEXT_TABLE")
    assert "予以公开及部分公开258件" in message(finding)
    assert "258" in message(finding, "en")
    assert "275" in message(finding, "en")
    data = finding_json(finding, "en")
    assert data["quote"]["pointer"] == "/sections/overview"
    assert data["expected"] == 275
    assert data["actual"] == 258


def test_over_the_corpus_every_finding_is_a_disagreement_read_by_hand() -> None:
    measured = measure()
    assert measured.false == ()
    found = {(name, at, stated, table) for name, at, stated, table in measured.found}
    known = {(name, *item) for name, items in DISAGREEMENTS.items() for item in items}
    assert found == known
    assert measured.statements > 40, "the phrases read too little of the corpus to be measured"


# --- the phrases ---------------------------------------------------------------------------


@pytest.mark.parametrize("phrase", PHRASES, ids=lambda phrase: f"{phrase.key}-{phrase.templates}")
def test_every_phrase_reads_its_example_and_names_cells_of_its_templates(phrase: Any) -> None:
    for template in phrase.templates:
        read = [(s.phrase, s.number) for s in statements(phrase.example, template, None)]
        assert len(read) == 1
        assert read[0][0] is phrase
        assert str(read[0][1]) in phrase.example
        lay = layout(template)
        for at in (*phrase.places, *phrase.upheld):
            assert phrase_cells(lay, at)


def test_phrases_cover_both_templates() -> None:
    assert {t for phrase in PHRASES for t in phrase.templates} == set(TEMPLATES)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("本年收到政府信息公开申请12件。", [("received", 12)]),
        ("本年新收申请1,234件。", [("received", 1234)]),
        ("本年收到申请１２件。", [("received", 12)]),
        ("2023年收到申请12件。", [("received", 12)]),
        ("2022年收到申请12件。", []),
        ("上年收到申请12件，同比增长。", []),
        ("去年同期收到申请12件。", []),
        ("累计收到申请12件。", []),
        ("其中市本级收到申请12件。", []),
        ("收到申请12件（含上年结转2件）。", [("carried_over", 2)]),
        ("受理政府信息公开申请12件。", []),
        ("收到行政复议申请3件。", []),
        ("办理行政复议案件3件。", []),
        ("因政府信息公开被申请行政复议3件。", [("review", 3)]),
        ("信息公开类行政复议7件，诉讼9件。", [("review", 7), ("litigation", 9)]),
        ("予以公开及部分公开20件。", [("disclosed_and_partially", 20)]),
        ("予以公开12件、部分公开8件。", [("disclosed", 12), ("partially_disclosed", 8)]),
        ("作其他处理（含申请人主动撤回申请）5件。", [("other_handling", 5)]),
        ("予以公开12条。", []),
        ("予以公开率100%。", []),
        ("办结申请12件，答复13件。", [("handled", 12)]),
        ("现行有效行政规范性文件120件。", [("normative_in_force", 120)]),
        ("⾏政复议案件134件，涉及政府信息公开。", [("review", 134)]),
    ],
)
def test_what_the_phrases_read_and_leave_alone(text: str, read: list[tuple[str, int]]) -> None:
    assert _read(text) == read


def test_normalizing_keeps_every_offset() -> None:
    text = "⾏政复议１２件（含）"
    assert len(normalize(text)) == len(text)
    assert normalize(text).startswith("行政复议12件")


# --- how the figures are compared ------------------------------------------------------------


def _with_text(template: str, text: str, changes: dict[str, Any] | None = None) -> Any:
    return patch(sample(template), {"/sections/overview": text, **(changes or {})})


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_a_figure_in_section_6_is_read_and_one_in_section_5_is_not(template: str) -> None:
    received = get(sample(template), "/applications/received/total")
    text = f"本年收到政府信息公开申请{received + 1}件。"
    document = patch(sample(template), {"/sections/other": text, "/sections/problems": text})
    assert [f[:2] for f in _text_findings(document)] == [
        ("TEXT_TABLE", "/applications/received/total")
    ]
    assert validate(document).findings[0].quote.pointer == "/sections/other"  # type: ignore[union-attr]


def test_a_blank_total_is_read_as_the_sum_of_its_row() -> None:
    base = sample("2021")
    row = "/applications/outcomes/disclosed/"
    parts = sum(get(base, row + key) for key in ("natural_person", "commercial_enterprise",
                "research_institution", "public_interest_organization",
                "legal_service_provider", "other_organization"))  # fmt: skip
    agreeing = _with_text("2021", f"予以公开{parts}件。", {row + "total": None})
    assert _text_findings(agreeing) == []
    wrong = _with_text("2021", f"予以公开{parts + 1}件。", {row + "total": None})
    assert _text_findings(wrong) == [("TEXT_TABLE", row + "total", parts + 1, parts, None)]


def test_a_figure_whose_cells_are_all_blank_is_left_alone() -> None:
    review = "/review_litigation/review/"
    blanks = {review + key: None for key in ("upheld", "corrected", "other", "pending", "total")}
    document = _with_text("2021", "因政府信息公开被申请行政复议3件。", blanks)
    assert _text_findings(document) == []


def test_a_figure_whose_cell_was_not_read_is_not_assessable() -> None:
    total = "/review_litigation/review/total"
    document = _with_text(
        "2021", "因政府信息公开被申请行政复议3件。", {total: None, "/unread": {total: "“1O”"}}
    )
    assert _text_findings(document) == [("NOT_ASSESSABLE", total, 3, None, "TEXT_TABLE")]


def test_all_upheld_is_held_against_the_upheld_cells() -> None:
    base = sample("2021")
    total = get(base, "/review_litigation/review/total")
    upheld = get(base, "/review_litigation/review/upheld")
    assert upheld != total
    document = _with_text("2021", f"因政府信息公开被申请行政复议{total}件，均获维持。")
    assert _text_findings(document) == [
        ("TEXT_TABLE", "/review_litigation/review/upheld", total, upheld, None)
    ]
    assert "均获维持" in message(validate(document).findings[0])


def test_the_fast_path_gives_the_reference_answer_on_text_findings() -> None:
    for template in TEMPLATES:
        for shift in (0, 1):
            received = get(sample(template), "/applications/received/total") + shift
            document = _with_text(template, f"本年收到政府信息公开申请{received}件。")
            assert validate(document).findings == reference_validate(document).findings
            assert bool(validate(document).findings) == bool(shift)


# --- how the phrases are found -----------------------------------------------------------------


def _phrase_texts() -> list[str]:
    """Texts to look for phrases in: every example, and every published report of the corpus
    kept as text (whole, so with its tables, headings and signatures)."""
    texts = [phrase.example for phrase in PHRASES]
    for keyed in corpus():
        if keyed.source.suffix in (".txt", ".md", ".html", ".htm"):
            texts.append(keyed.source.read_text(encoding="utf-8", errors="replace"))
    return texts


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_the_phrases_found_are_those_of_the_plain_alternation(template: str) -> None:
    """`_compiled` puts a test of the first character before the phrases; it must find what
    the phrases alone find, on real reports."""
    pattern, chosen = _compiled(TEMPLATES[template])
    assert pattern is not None
    assert pattern.pattern.startswith("(?=[")  # the quick test is made
    plain = re.compile(phrases_pattern(chosen))
    found = 0
    for text in map(normalize, _phrase_texts()):
        expected = [(m.span(), m.lastgroup) for m in plain.finditer(text)]
        assert [(m.span(), m.lastgroup) for m in pattern.finditer(text)] == expected
        found += len(expected)
    assert found > 50  # real sentences among them, not only the examples


_PHRASE_LETTERS = (
    "作其他处理收到申请予以公开部分不行政复议诉讼主动现有效规章结转下年0123456789件，。 （含）"
)
"""The letters of the phrases, and what stands around their numbers."""


@given(st.text(alphabet=st.sampled_from(_PHRASE_LETTERS)))
def test_the_quick_test_keeps_every_phrase_on_any_text(text: str) -> None:
    pattern, chosen = _compiled(TEMPLATES["2021"])
    assert pattern is not None
    plain = re.compile(phrases_pattern(chosen))
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "first"),
    [
        ("abc", "a"),
        ("(?:作)?其他", "作其"),
        ("a*b", "ab"),
        ("(?:ab|cd)e", "ac"),
        ("(?P<x>(?:收到|新收)?申请)", "收新申"),
        ("[xy]z", "xy"),
        ("x?", None),  # can match nothing
        ("[^x]y", None),  # a class of all but one character
        (r"\sx", None),
        (".x", None),
        ("^x", None),
        ("(?i)abc", None),  # the case of a letter
        ("x(?i:a)", "x"),
        ("(?i:a)b", None),
    ],
)
def test_the_first_characters_of_a_pattern(pattern: str, first: str | None) -> None:
    assert first_characters(pattern) == (None if first is None else "".join(sorted(first)))
