"""What real reports print instead of the template's labels: data, one entry per variant.

A new variant met in a published report is one entry here plus one fixture in the tests.
Each entry names the template row (by its path in the report document) that the printed
label stands for. Matching is done after `normalize_label`, so width, traditional
characters, spaces and the punctuation of numbering need no entries of their own.
"""

from __future__ import annotations

import re

import attrs

__all__ = ["HEADER_NOISE", "LABEL_VARIANTS", "SECTION_HEADINGS", "TRADITIONAL", "LabelVariant"]


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
)
"""Known printed variants of row labels, by the row they stand for."""


HEADER_NOISE = re.compile(r"[（(]\s*(?:19|20)\d{2}\s*年?度?\s*[)）]")
"""What some reports write into a column header and the template does not have:
``本年(2023)制发件数`` is the column ``本年制发件数``."""


SECTION_HEADINGS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"^一[、.．]\s*(?:总体情况|概述|基本情况)")),
    (2, re.compile(r"^二[、.．]\s*.{0,12}主动公开")),
    (3, re.compile(r"^三[、.．]\s*.{0,12}(?:收到和处理|依申请|申请)")),
    (4, re.compile(r"^四[、.．]\s*.{0,16}(?:行政复议|行政诉讼|复议)")),
    (5, re.compile(r"^五[、.．]\s*.{0,16}问题")),
    (6, re.compile(r"^六[、.．]\s*其他")),
)
"""The headings of the six sections as reports print them (after `_plain`): the
template's own (``五、存在的主要问题及改进情况``) and the variants met
(``五、存在的主要问题及整改措施``, ``四、因政府信息公开工作被申请行政复议和提起行政诉讼情况``)."""


TRADITIONAL = frozenset(
    "內動務區單國執報審對屬廢強後復採據數於會條業構機權決沒況減無爲獲現當發確祕穩範糾納組結經維總織"
    "繳繼續罰舉萬處補規計訟訪許訴詢認請議護費購轉辦這過開關項額類"
)
"""The traditional forms of the characters of the templates' labels (OpenCC ``s2t`` of each):
a label holding one cannot be matched without converting it, so an import that meets one
without OpenCC installed stops and says so instead of leaving its rows unread."""
