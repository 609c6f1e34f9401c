"""What real reports print instead of the template's labels: data, one entry per variant.

A new variant met in a published report is one entry here plus one fixture in the tests.
Each entry names the template row (by its path in the report document) that the printed
label stands for. Matching is done after `normalize_label`, so width, traditional
characters, spaces and the punctuation of numbering need no entries of their own.
"""

from __future__ import annotations

import re

import attrs

__all__ = ["HEADER_NOISE", "LABEL_VARIANTS", "LabelVariant"]


@attrs.frozen
class LabelVariant:
    """A printed row label that stands for a template row."""

    path: tuple[str, ...]
    """The row, by its path in the report document (the same in every template that has it)."""
    printed: str
    """The label as published reports print it."""
    why: str
    """What the variant is: a misprint, an abbreviation, a label of the other template…"""


LABEL_VARIANTS: tuple[LabelVariant, ...] = (
    LabelVariant(
        ("applications", "outcomes", "withheld", "prohibited_by_law"),
        "2.其他法律行政止公开",
        "misprint (淮安市洪泽区 2023, 2024)",
    ),
    LabelVariant(
        ("proactive", "other_services"),
        "其他对完管理服务事项",
        "misprint (河西街道办事处 2019)",
    ),
    LabelVariant(
        ("applications", "outcomes", "partially_disclosed"),
        "（二）部分公开",
        "the label without the template's note in brackets",
    ),
    LabelVariant(
        ("applications", "received"),
        "一、本年新收政府信息公开申请",
        "abbreviated",
    ),
    LabelVariant(
        ("applications", "carried_over"),
        "二、上年结转政府信息公开申请",
        "abbreviated",
    ),
    LabelVariant(
        ("applications", "carried_forward"),
        "四、结转下年度继续办理申请",
        "expanded",
    ),
)
"""Known printed variants of row labels, by the row they stand for."""


HEADER_NOISE = re.compile(r"[（(]\s*(?:19|20)\d{2}\s*年?度?\s*[)）]")
"""What some reports write into a column header and the template does not have:
``本年(2023)制发件数`` is the column ``本年制发件数``."""
