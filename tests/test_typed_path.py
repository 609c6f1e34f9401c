"""The typed reader (`_typed`): report bytes decoded by msgspec into structs generated from
the schema. It answers a report it can read, clean or not, as the fast path and the reference
path do, and leaves every other one to the fast path."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import msgspec
import pytest

from disclosure_report import validate
from disclosure_report._compiled import Verdict
from disclosure_report._jsontext import encode, parse
from disclosure_report._layout import layout
from disclosure_report._rules import rules_clean, texts_clean
from disclosure_report._structure import fallbacks
from disclosure_report._templates import TEMPLATES, templates
from disclosure_report._typed import TypedReader, typed_form
from disclosure_report._validation import _TYPED, _UNTYPED, _rules_of, reference_validate
from tests.helpers.documents import DELETE, patch, sample
from tests.helpers.mutations import corpus


@pytest.fixture
def reader(monkeypatch: pytest.MonkeyPatch) -> TypedReader:
    """The typed reader, made at once: `validate` reads every text through it."""
    monkeypatch.setitem(_TYPED, "untyped", 0)
    monkeypatch.delitem(_TYPED, "reader", raising=False)
    validate(encode(sample("2021")))
    made = _TYPED["reader"][1]
    assert isinstance(made, TypedReader)
    return made


def _sums_broken(count: int) -> list[str]:
    """Documents whose sums do not hold: a total, or a term, moved by one or more."""
    rng = random.Random(7)
    texts = []
    for index in range(count):
        template = rng.choice(list(TEMPLATES))
        document = sample(template, index)
        cells = [cell for cell in layout(template).cells if cell.kind == "count"]
        for cell in rng.sample(cells, rng.randint(1, 6)):
            document = patch(document, {cell.pointer: rng.randint(0, 90)})
        texts.append(encode(document, indent=rng.choice([None, 2])))
    return texts


def test_thousands_of_documents_get_the_findings_of_the_reference_path(
    reader: TypedReader,
) -> None:
    texts = [*corpus(3000), *_sums_broken(600)]
    before = fallbacks()
    answered = invalid = 0
    for index, text in enumerate(texts):
        value: str | bytes = text.encode("utf-8") if index % 2 else text
        read = reader.read(value)
        result = validate(value)
        assert result.findings == reference_validate(value).findings, text
        if read is not None:
            answered += 1
            invalid += not result.valid
            assert read[0] == result.template
            assert not (read[1].clean and result.findings)
    assert fallbacks() == before, "generated code raised: another path answered"
    assert answered > 1500, "too few documents read by the typed reader"
    assert invalid > 500, "too few invalid documents read by the typed reader"


def test_a_decoded_report_is_the_document_the_exact_reader_reads(reader: TypedReader) -> None:
    read = 0
    for text in [*corpus(600), *_sums_broken(100)]:
        outcome = reader.read(text)
        if outcome is not None:
            read += 1
            assert reader.builtins(outcome[2]) == parse(text)
    assert read > 300


def _text(changes: dict[str, Any], template: str = "2021") -> str:
    return encode(patch(sample(template), changes))


@pytest.mark.parametrize(
    "text",
    [
        _text({"/proactive/fees/amount_10k_yuan": "700.5"}),  # a string: msgspec reads it
        _text({"/proactive/fees/amount_10k_yuan": Decimal("0.12345678901")}),  # 11 digits
        _text({"/proactive/fees/amount_10k_yuan": True}),
        _text({"/year": Decimal("2023.0")}),
        _text({"/applications/received/total": Decimal("3.0")}),
        _text({"/applications/received/total": -1}),
        _text({"/notes": {"year": "说明"}}),  # a key that is no JSON Pointer
        _text({"/unread": {"/year": 2023}}),
        _text({"/agency/name": "机关:甲"}).replace("机关:甲", "机关\\u003a甲"),  # an escaped colon
        _text({"/year": 2023}).replace('"year": 2023', '"year": 2022, "year": 2023'),
        "\ufeff" + _text({}),  # a byte order mark
        _text({"/agency/name": "\ud800"}),  # a lone surrogate
        _text({"/extra": 1}),
        _text({"/template": DELETE}),
        "[]",
        "",
    ],
)
def test_what_the_typed_reader_cannot_vouch_for_is_left_to_the_fast_path(
    reader: TypedReader, text: str
) -> None:
    assert reader.read(text) is None
    try:
        expected: Any = reference_validate(text).findings
    except Exception as error:  # the same error from both paths
        with pytest.raises(type(error)):
            validate(text)
        return
    assert validate(text).findings == expected


@pytest.mark.parametrize(
    "changes",
    [
        {"/notes": {"/year": "说明：见上"}},
        {"/notes": {"/applications/received/total": "含转办"}, "/applications/received/total": 1},
        {"/unread": {"/year": "二〇二三"}},
        {"/unread": {"/review_litigation/review/total": "“3O”"}},
        {"/unread": {"/sections/other": "?"}, "/notes": {"/year": "说明"}},
        {"/unread": {}, "/notes": {}},
    ],
)
def test_notes_and_places_not_read_are_read_and_held_to_the_reference(
    reader: TypedReader, changes: dict[str, Any]
) -> None:
    text = _text(changes)
    read = reader.read(text)
    assert read is not None
    assert not read[1].texts or not any(changes.values())
    assert validate(text).findings == reference_validate(text).findings


def test_the_template_may_be_named_anywhere_in_the_report(reader: TypedReader) -> None:
    document = sample("2021")
    moved = {key: value for key, value in document.items() if key != "template"}
    text = encode({**moved, "template": "2021"})
    read = reader.read(text)
    assert read is not None
    assert read[0] == "2021"
    assert read[1].clean


@pytest.mark.parametrize("written", ["700.90", "7.009E2", "700", "0.0000000001"])
def test_an_amount_is_read_with_its_digits_as_written(reader: TypedReader, written: str) -> None:
    text = _text({"/proactive/fees/amount_10k_yuan": 1}).replace(
        '"amount_10k_yuan": 1', f'"amount_10k_yuan": {written}'
    )
    read = reader.read(text)
    assert read is not None
    amount = reader.builtins(read[2])["proactive"]["fees"]["amount_10k_yuan"]
    assert amount == parse(text)["proactive"]["fees"]["amount_10k_yuan"]
    assert type(amount) is (int if written == "700" else Decimal)
    assert str(amount) == str(parse(written))


def test_the_reader_is_made_once_a_process_has_checked_enough_texts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _UNTYPED > 0
    monkeypatch.setitem(_TYPED, "untyped", 2)
    monkeypatch.delitem(_TYPED, "reader", raising=False)
    text = encode(sample("2021"))
    validate(text)
    validate(text.encode("utf-8"))
    assert "reader" not in _TYPED
    validate(sample("2021"))  # a parsed document does not count
    assert "reader" not in _TYPED
    assert validate(text).valid
    assert isinstance(_TYPED["reader"][1], TypedReader)


def test_the_cheap_tests_of_the_text_clear_only_what_the_rules_clear() -> None:
    cleared = 0
    for text in corpus(1500):
        document = parse(text)
        if not isinstance(document, dict) or "unread" in document:
            continue
        template = document.get("template")
        if not isinstance(template, str) or template not in TEMPLATES:
            continue
        lay = layout(template)
        try:
            cleared_alone = texts_clean(lay, document)
        except (TypeError, AttributeError):
            continue  # a broken structure: the typed reader never hands one over
        if cleared_alone:
            cleared += 1
            assert rules_clean(lay, document)
    assert cleared > 300


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_each_template_has_a_typed_form_whose_source_is_kept(template: str) -> None:
    form = typed_form(templates()[template], templates(), _rules_of(templates()[template]))
    assert form.template == template
    assert f"typed clean of template {template}" in form.source
    document = sample(template)
    decoded: Any = msgspec.json.decode(encode(document).encode(), type=form.root)
    verdict = form.clean(decoded)
    assert isinstance(verdict, Verdict)
    assert verdict.settled
    assert not verdict.suspects
    # clean where the cheap tests of the text clear it alone; else the rules are asked
    assert verdict.clean == texts_clean(layout(template), document)
