"""A folder of published reports in mixed forms, as a corpus holds them: real reports of the
test corpus, renderings of generated reports, damaged files and a scan, each with the outcome
its import must have.

`mixed_folder(folder, generated=n)` writes it; the tests use a small one, the corpus benchmark
(`benchmarks/bench_import.py`) one of a thousand files.
"""

from __future__ import annotations

from pathlib import Path

from disclosure_report import render
from disclosure_report._jsonio import structure
from tests.helpers.documents import sample

from .county import COUNTY, DEPARTMENTS, TOWNSHIPS
from .pdf import report_pdf
from .scanned import scanned_pdf

__all__ = ["AGENCIES", "REAL", "agency", "mixed_folder"]

_TESTS = Path(__file__).resolve().parents[1]
_CORPUS = _TESTS / "corpus"
_PUBLISHED_PDF = _TESTS / "fixtures" / "published" / "2024_淮安市人民政府.pdf"

REAL = {
    "html-2019-上海市人民政府办公厅.html": _CORPUS
    / "html-2019-上海市人民政府办公厅"
    / "source.html",
    "html-2024-平潭综合实验区.html": _CORPUS / "html-2024-平潭综合实验区" / "source.html",
    "word-2019-上海市人民政府办公厅.docx": _CORPUS
    / "word-2019-上海市人民政府办公厅"
    / "source.docx",
    "md-2024-上海市科委.md": _CORPUS / "pdf-markdown-2024-上海市科委" / "source.md",
    "txt-2023-平潭综合实验区.txt": _CORPUS / "crawler-text-2023-平潭综合实验区" / "source.txt",
    "pdf-2024-淮安市人民政府.pdf": _PUBLISHED_PDF,
}
"""Real published reports, by the name they get in the folder."""

AGENCIES = (COUNTY, *(f"沭阳县{unit}" for unit in (*DEPARTMENTS, *TOWNSHIPS)))
"""The names generated reports are filed under: a county's government, departments and
townships (`tests.helpers.county`), named as their reports print them, so that an import
reads them from the title as it reads a published report's."""


def agency(index: int) -> str:
    """The agency of the `index`th generated report, the names taken in turn."""
    return AGENCIES[index % len(AGENCIES)]


_FORMS = ("html", "md", "txt", "docx", "xlsx", "pdf")


def _generated(index: int) -> tuple[str, bytes]:
    """A generated report, rendered in one of the forms in turn."""
    template = "2019" if index % 3 == 2 else "2021"
    document = sample(template, index)
    document["agency"]["name"] = agency(index)
    report = structure(document)
    form = _FORMS[index % len(_FORMS)]
    if form == "pdf":
        text = render(report, "txt")
        assert isinstance(text, str)
        return "pdf", report_pdf(text)
    rendered = render(report, form)  # type: ignore[arg-type]
    return form, rendered.encode("utf-8") if isinstance(rendered, str) else rendered


def mixed_folder(folder: Path, generated: int = 6, real_copies: int = 1) -> dict[str, str]:
    """Write the corpus into `folder`; the outcome each file's import must have, by path
    (``imported`` for a report, whether complete or with unread cells, or the reason of a
    refusal)."""
    expected: dict[str, str] = {}

    def put(name: str, data: bytes, outcome: str) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected[str(path)] = outcome

    for copy in range(real_copies):
        for name, source in REAL.items():
            put(f"real/{copy:03d}/{name}", source.read_bytes(), "imported")
    for index in range(generated):
        form, data = _generated(index)
        put(f"generated/{index // 100:02d}/report-{index:04d}.{form}", data, "imported")
    pdf = _PUBLISHED_PDF.read_bytes()
    put("damaged/truncated.pdf", pdf[: len(pdf) // 3], "damaged")
    put("damaged/not-a-zip.docx", b"PK\x03\x04" + b"\x00" * 64, "damaged")
    put("damaged/notice.html", "<html><body><p>关于开展检查的通知</p></body></html>".encode(),
        "not_a_report")  # fmt: skip
    put("scanned/scan.pdf", scanned_pdf(_PUBLISHED_PDF), "scanned")
    return expected
