"""The compiled fast path gives the reference path's answer, document for document."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_report import TEMPLATES, ReportSyntaxError, layout, validate
from disclosure_report._jsontext import encode
from disclosure_report._validation import _validate_fast, reference_validate
from tests.helpers.documents import patch, sample
from tests.helpers.strategies import json_values, valid_documents


def _outcome(check: Any, value: Any) -> Any:
    try:
        return check(value).findings
    except ReportSyntaxError as error:
        return ("syntax error", str(error))


def assert_same_answer(value: Any) -> None:
    assert _outcome(validate, value) == _outcome(reference_validate, value)


_SCALARS = [
    None, 0, 1, -1, 7, 10**20, Decimal("3.0"), Decimal("2.5"), "3", "", ":", True, False,
    Decimal("1E+999999999"), Decimal("1E-30"), Decimal("-1E-400"), Decimal("0.12345678901"),
    Decimal("999999999999.9999999999"), Decimal("1E+12"), "320800\n",
]  # fmt: skip
_CODES = [
    "11321322014102290G",  # a credit code whose check character is right
    "11321322014102290X",  # and one whose is wrong
    "321322",  # a division code in use
    "320829",  # one retired in 2016
    "999999",  # one GB/T 2260 never had
    "2025-01-20",
    ["沭阳县教育体育局"],
    [""],
]


def _mutations(template: str, rng: random.Random) -> dict[str, Any]:
    cells = [cell.pointer for cell in layout(template).cells]
    places = [
        *cells,
        "/year",
        "/template",
        "/agency/name",
        "/agency/scope",
        "/agency/division_code",
        "/agency/credit_code",
        "/agency/former_names",
        "/published_on",
        "/sections/overview",
        "/notes",
        "/extra",
        "/applications/outcomes/other",
        "/proactive/fees",
    ]
    changes: dict[str, Any] = {}
    for _ in range(rng.randint(1, 4)):
        value: Any = rng.choice([*_SCALARS, *_CODES, {}, [], {"a": 1}, rng.randint(-5, 50)])
        changes[rng.choice(places)] = value
    if rng.random() < 0.2:
        unread = rng.sample([*cells, "/year", "/agency/name", "/sections/other"], rng.randint(1, 3))
        changes["/unread"] = dict.fromkeys(unread, "“3O”")
        changes.update((at, None) for at in unread if at in cells and rng.random() < 0.8)
        if "/agency/name" in unread:
            changes["/agency/name"] = rng.choice(["", "测试机关"])
    return changes


def corpus(count: int) -> list[str]:
    """`count` documents as JSON text: a third valid, the rest mutated."""
    rng = random.Random(2024)
    texts = []
    for index in range(count):
        template = rng.choice(list(TEMPLATES))
        document = sample(template, index)
        if index % 3:
            for pointer, value in _mutations(template, rng).items():
                try:
                    document = patch(document, {pointer: value})
                except (KeyError, TypeError):
                    continue  # an earlier mutation replaced the parent
        texts.append(encode(document, indent=rng.choice([None, 2])))
    return texts


def test_thousands_of_generated_documents_get_the_same_findings() -> None:
    texts = corpus(3000)
    fast = 0
    for index, text in enumerate(texts):
        assert_same_answer(text.encode("utf-8") if index % 4 == 0 else text)
        fast += _validate_fast(text) is not None
    assert fast > 1000, "the fast path answered too rarely to be tested"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_documents_and_dicts_agree(data: st.DataObject) -> None:
    template = data.draw(st.sampled_from(list(TEMPLATES)))
    document = data.draw(valid_documents(template))
    pointers = [cell.pointer for cell in layout(template).cells] + ["/year", "/notes", "/x"]
    changes = data.draw(st.dictionaries(st.sampled_from(pointers), json_values, max_size=3))
    mutated = patch(document, changes)
    assert_same_answer(mutated)
    assert_same_answer(encode(mutated))


def _text(template: str = "2021") -> str:
    return encode(sample(template))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"year": 2023', '"year": 2023, "year": 2023'),
        ('"upheld": ', '"upheld": 0, "upheld": '),
        ('"name": "测试机关"', '"name": "测试机关", "name": "别的"'),
    ],
)
def test_duplicate_keys_are_refused_by_both_paths(old: str, new: str) -> None:
    text = _text()
    assert old in text
    duplicated = text.replace(old, new, 1)
    assert _validate_fast(duplicated) is None
    with pytest.raises(ReportSyntaxError, match="duplicate key"):
        validate(duplicated)


def test_colons_in_texts_and_notes_do_not_confuse_the_member_count() -> None:
    document = patch(
        sample("2021"),
        {"/sections/overview": "时间: 2024-01-01 12:00:00", "/notes": {"/year": "a:b:c"}},
    )
    text = encode(document)
    assert _validate_fast(text) is not None
    assert validate(text).findings == ()


def test_an_escaped_colon_goes_to_the_reference_path() -> None:
    text = encode(patch(sample("2021"), {"/sections/problems": "x"})).replace('"x"', '"\\u003a"')
    assert _validate_fast(text) is None
    assert validate(text).findings == ()


def test_a_fractional_count_and_a_blank_take_the_right_paths() -> None:
    three = encode(sample("2021")).replace('"pending": 0', '"pending": 0.0', 1)
    if three == encode(sample("2021")):
        three = encode(patch(sample("2021"), {"/review_litigation/review/pending": Decimal("1.0")}))
    assert _validate_fast(three) is None
    assert {f.code for f in validate(three).findings} == {"SCHEMA"}
    blank = encode(patch(sample("2021"), {"/proactive/licensing/decisions": None}))
    fast = _validate_fast(blank)
    assert fast is not None
    assert [f.code for f in fast.findings] == ["CELL_BLANK"]


@pytest.mark.parametrize("template", list(TEMPLATES))
@pytest.mark.parametrize("key", ["credit_code", "division_code", "former_names"])
@pytest.mark.parametrize("value", _CODES)
def test_agency_codes_get_the_same_findings(template: str, key: str, value: Any) -> None:
    document = patch(sample(template), {f"/agency/{key}": value})
    assert_same_answer(encode(document))
    assert_same_answer(document)
