"""The text sections of the corpus's real reports, read from their sources, and the keyed
truth as a document of the contract: what `TEXT_TABLE` is measured on.

The import does not carry sections 一 and 六 over yet, so they are cut here from each
source's plain text, between the headings the template prints (一、总体情况 … 二、主动公开;
六、其他需要报告的事项 … the end). The tables are the hand-keyed truth, never an import.
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from disclosure_report import validate
from disclosure_report._blank import blank
from disclosure_report._jsonio import unstructure
from disclosure_report._layout import layout, path_of
from disclosure_report._phrases import statements as phrase_statements
from tests.helpers.corpus import AMBIGUOUS, MISSING, Keyed, corpus
from tests.helpers.documents import patch

_TAG = re.compile(r"<[^>]+>")
_HIDDEN = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_OVERVIEW = re.compile(r"一\s*[、.．]\s*总体情况")
_PROACTIVE = re.compile(r"二\s*[、.．]\s*主动公开")
_OTHER = re.compile(r"六\s*[、.．]\s*其他需要报告的事项")


def plain_text(path: Path) -> str | None:
    """The text of a source as a reader sees it; None for a form it cannot read (PDF)."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
        xml = re.sub(r"</w:p>", "\n", xml)
        return html.unescape(_TAG.sub("", xml))
    if suffix not in (".html", ".htm", ".md", ".txt"):
        return None
    text = path.read_text(encoding="utf-8")
    if suffix in (".html", ".htm", ".md"):
        text = html.unescape(_TAG.sub("", _HIDDEN.sub("", text)))
    return text


def sections(text: str) -> dict[str, str]:
    """Sections 一 and 六 of a report's text ('' where the heading is not found); 五 is
    left empty (`keyed_document` lists those it did not cut in ``unread``)."""
    found = {"overview": "", "problems": "", "other": ""}
    start = _OVERVIEW.search(text)
    if start is not None:
        end = _PROACTIVE.search(text, start.end())
        found["overview"] = text[start.end() : end.start() if end else None]
    headings = list(_OTHER.finditer(text))  # the last one: the first may be in the contents
    if headings:
        other = headings[-1]
        found["other"] = text[other.end() :]
    return found


def keyed_document(keyed: Keyed) -> dict[str, Any] | None:
    """The keyed truth with the source's sections, as a document; None when the source's
    text cannot be read here."""
    text = plain_text(keyed.source)
    if text is None:
        return None
    template, year = keyed.truth["template"], keyed.truth["year"]
    document = unstructure(blank(template, year=year, agency=keyed.truth["agency"] or "?"))
    document["sections"] = sections(text)
    changes: dict[str, Any] = {}
    unread = {
        f"/sections/{key}": "not cut from the source"
        for key, cut in document["sections"].items()
        if not cut
    }
    for at, value in keyed.expected().items():
        if value in (MISSING, AMBIGUOUS):
            changes[at] = None
            unread[at] = str(value)
        else:
            changes[at] = value
    if unread:
        changes["/unread"] = unread
    return patch(document, changes)


DISAGREEMENTS: dict[str, frozenset[tuple[str, int, int]]] = {
    # 正文: 予以公开及部分公开258件 (258 is only the 自然人 cell of （一）); 因本机关不掌握等原因
    # 无法提供265件 (only the row 1.本机关不掌握, of the three); 行政复议7件，诉讼9件，均获维持,
    # while 表四 has 2 reviews and 1 lawsuit 尚未审结. Keyed in truth.json's defects.
    "html-2019-上海市人民政府办公厅": frozenset(
        {
            ("/applications/outcomes/disclosed/total", 258, 275),
            ("/applications/outcomes/unavailable/not_held/total", 265, 337),
            ("/review_litigation/review/upheld", 7, 5),
            ("/review_litigation/litigation_direct/upheld", 9, 8),
        }
    ),
    # 正文: 全区收到政府信息公开申请75件; 表三 一、本年新收 74 (the text counts the one
    # application carried over from 2021). Keyed in truth.json's defects.
    "crawler-text-2022-平潭综合实验区": frozenset({("/applications/received/total", 75, 74)}),
}
"""Where the text of a corpus report disagrees with its tables, found by reading both by
hand: (the finding's cell, the text's figure, the table's). Every other figure the phrases
read in the corpus agrees with the tables."""
DISAGREEMENTS["word-2019-上海市人民政府办公厅"] = DISAGREEMENTS["html-2019-上海市人民政府办公厅"]


@attrs.frozen
class Measure:
    """How `TEXT_TABLE` fares on the corpus."""

    sources: int
    """Sources whose text could be read."""
    statements: int
    """Figures the phrases read in sections 一 and 六."""
    found: tuple[tuple[str, str, int, int], ...]
    """Every `TEXT_TABLE` finding: (source, cell, the text's figure, the table's)."""
    not_assessable: int
    """Figures whose cells the copy does not show (keyed MISSING or AMBIGUOUS)."""

    @property
    def false(self) -> tuple[tuple[str, str, int, int], ...]:
        """The findings that are not among the disagreements read by hand."""
        return tuple(
            (name, at, stated, table)
            for name, at, stated, table in self.found
            if (at, stated, table) not in DISAGREEMENTS.get(name, frozenset())
        )


def measure() -> Measure:
    """`TEXT_TABLE` over every corpus report whose text can be read here."""
    sources = statements = not_assessable = 0
    found: list[tuple[str, str, int, int]] = []
    for keyed in corpus():
        document = keyed_document(keyed)
        if document is None:
            continue
        sources += 1
        statements += sum(
            1
            for key in ("overview", "other")
            for _ in phrase_statements(
                document["sections"][key], document["template"], document["year"]
            )
        )
        for finding in validate(document).findings:
            if finding.code == "TEXT_TABLE":
                found.append((keyed.name, finding.pointer, finding.actual, finding.expected))
            elif finding.rule == "TEXT_TABLE":
                not_assessable += 1
    return Measure(sources, statements, tuple(found), not_assessable)


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"


def keyed_rows(name: str) -> dict[str, Any]:
    """A document from a report keyed by hand as rows (``tests/fixtures/text/<name>.json``):
    every row of its tables in printed order, and the part of section 一 that was keyed;
    sections 五 and 六, not keyed, are in ``unread``."""
    keyed = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    document = unstructure(blank(keyed["template"], year=keyed["year"], agency=keyed["agency"]))
    document["sections"] = {"overview": keyed["overview"], "problems": "", "other": ""}
    lay = layout(keyed["template"])
    not_keyed = dict.fromkeys(("/sections/problems", "/sections/other"), "not keyed")
    changes: dict[str, Any] = {}
    for at, values in keyed["rows"].items():
        row = lay.row_at(path_of(at))
        assert row is not None, at
        for column, value in zip(row.columns, values, strict=True):
            changes[f"{at}/{column.key}"] = Decimal(value) if isinstance(value, str) else value
    assert len(changes) == len(lay.cells), "every cell is keyed"
    return patch(document, {**changes, "/unread": not_keyed})
