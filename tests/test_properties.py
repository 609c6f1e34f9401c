"""Properties over generated reports and arbitrary JSON."""

from __future__ import annotations

import contextlib
import random
from typing import Any

import pytest
from documents import consistent, patch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_report import TEMPLATES, ReportSyntaxError, dumps, layout, loads, validate
from disclosure_report._jsontext import encode

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

money = st.decimals(min_value=0, max_value=10**9, allow_nan=False, allow_infinity=False, places=4)


@st.composite
def valid_documents(draw: st.DrawFn, template: str) -> dict[str, Any]:
    counts = st.integers(min_value=0, max_value=10**6)
    document = consistent(template, lambda: draw(counts), lambda: draw(money))
    document["agency"] = {"name": draw(st.text(min_size=1, max_size=30))}
    document["sections"] = {
        key: draw(st.text(max_size=50)) for key in ("overview", "problems", "other")
    }
    if draw(st.booleans()):
        cells = [cell.pointer for cell in layout(template).cells]
        keys = st.sampled_from(cells)
        document["notes"] = draw(st.dictionaries(keys, st.text(max_size=20), max_size=3))
    return document


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | money | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@pytest.mark.parametrize("template", list(TEMPLATES))
@SETTINGS
@given(data=st.data())
def test_generated_reports_are_valid_and_round_trip(template: str, data: st.DataObject) -> None:
    document = data.draw(valid_documents(template))
    result = validate(document)
    assert result.findings == ()
    report = loads(encode(document))
    assert loads(dumps(report)) == report
    assert loads(dumps(report)).template == template


@SETTINGS
@given(value=json_values.filter(lambda value: not isinstance(value, str)))
def test_validate_never_raises_on_any_json_value(value: Any) -> None:
    """Any parsed value (a str is read as JSON text, so it is left out here)."""
    result = validate(value)
    assert isinstance(result.valid, bool)
    assert not result.valid


@SETTINGS
@given(text=st.text(max_size=40) | st.binary(max_size=40))
def test_validate_on_text_raises_only_the_syntax_error(text: str | bytes) -> None:
    with contextlib.suppress(ReportSyntaxError):
        validate(text)


def _shuffled(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {key: _shuffled(item, rng) for key, item in items}
    if isinstance(value, list):
        return [_shuffled(item, rng) for item in value]
    return value


@pytest.mark.parametrize("template", list(TEMPLATES))
@SETTINGS
@given(data=st.data())
def test_mutated_reports_give_deterministic_findings_whatever_the_key_order(
    template: str, data: st.DataObject
) -> None:
    document = data.draw(valid_documents(template))
    pointers = [cell.pointer for cell in layout(template).cells] + ["/year", "/agency", "/extra"]
    changes = data.draw(
        st.dictionaries(st.sampled_from(pointers), json_values, min_size=1, max_size=5)
    )
    mutated = patch(document, changes)
    first = validate(mutated)
    shuffled = _shuffled(mutated, random.Random(data.draw(st.integers())))
    assert validate(shuffled).findings == first.findings
    assert validate(encode(mutated)).findings == first.findings
