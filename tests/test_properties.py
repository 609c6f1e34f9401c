"""Properties over generated reports and arbitrary JSON."""

from __future__ import annotations

import contextlib
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_report import TEMPLATES, ReportSyntaxError, dumps, layout, loads, validate
from disclosure_report._jsontext import encode
from tests.helpers.documents import patch
from tests.helpers.strategies import json_values, valid_documents

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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
