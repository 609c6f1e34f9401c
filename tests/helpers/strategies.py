"""Hypothesis strategies the tests share: valid reports of a template, and any JSON value."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from disclosure_report import layout
from tests.helpers.documents import SECTIONS, consistent

money = st.decimals(min_value=0, max_value=10**9, allow_nan=False, allow_infinity=False, places=4)


@st.composite
def valid_documents(draw: st.DrawFn, template: str) -> dict[str, Any]:
    """A consistent document of `template` with drawn numbers, texts and notes."""
    counts = st.integers(min_value=0, max_value=10**6)
    document = consistent(template, lambda: draw(counts), lambda: draw(money))
    document["agency"] = {"name": draw(st.text(min_size=1, max_size=30))}
    document["sections"] = {  # what a valid report's texts must say, then anything
        key: said + draw(st.text(max_size=50)) for key, said in SECTIONS.items()
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
