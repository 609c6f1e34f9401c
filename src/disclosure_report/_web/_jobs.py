"""The work behind each request, run in a worker process: reading an upload, validating,
importing, rendering. Each job takes plain data and returns a `Reply`; a `Refusal` says
why input cannot be used, with its HTTP status.

An upload is read from memory. A PDF or Word file, which the importers read from a file,
is written to the worker's private folder under a fixed name (never the name the client
gave) and deleted as soon as it is read.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import (
    CODES,
    LIMITS,
    DisclosureReportError,
    Finding,
    ImportResult,
    InvalidReportError,
    LimitExceeded,
    Report,
    ReportSyntaxError,
    ValidationResult,
    blank,
    dumps,
    import_report,
    layout,
    render,
    validate,
)
from .. import _messages as messages
from .._bulk import Document, Outcome, check_document, outcome_of
from .._error_words import Phrase, detail_of
from .._jsonio import structure
from .._jsontext import encode, parse
from .._letters import letter
from .._limits import check_size
from .._roster import Filing
from .._templates._common import REPORT_TITLE
from ._html import FindingView, GroupView, ResultView, error_page, result_page
from ._reply import JSON, Refusal, Reply, Surface, json_reply

__all__ = ["JOBS", "kind_of", "refused", "run"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The signature of the old Office formats (.doc, .xls)."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_GAPS = ("UNREAD", "NOT_ASSESSABLE")
"""Findings about places an import could not read: listed apart, never as the report's."""


def _suffix(name: str) -> str:
    """The suffix of a client's file name, as a hint to the kind of text it holds."""
    last = re.split(r"[\\/]", name)[-1]
    return last.rpartition(".")[2].lower() if "." in last else ""


def _text(data: bytes) -> str | None:
    """The upload as text, in the encodings the importers read; None for binary data."""
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def kind_of(name: str, data: bytes, lang: str = "zh") -> str:
    """What an upload is — ``json``, ``xlsx``, ``docx``, ``pdf``, ``html``, ``md`` or
    ``txt`` — from its content (its name's suffix only tells Markdown and HTML from text);
    a `Refusal` (415) for anything else."""
    if not data:
        raise Refusal(400, messages.web_refusal("empty", lang), name)
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, EOFError) as error:
            said = Phrase.of("not_a_zip", detail=detail_of(error)).words(lang)
            raise Refusal(400, said, name) from None
        if "xl/workbook.xml" in members:
            return "xlsx"
        if "word/document.xml" in members:
            return "docx"
        raise Refusal(415, messages.web_refusal("zip", lang), name)
    if data.startswith(_OLE):
        raise Refusal(415, messages.web_refusal("old_office", lang), name)
    text = _text(data)
    if text is None or len(_CONTROL.findall(text[:65536])) > 8:
        raise Refusal(415, messages.web_refusal("binary", lang), name)
    start = text.lstrip("\ufeff \t\r\n")[:1]
    suffix = _suffix(name)
    if start in ("{", "["):
        return "json"
    if suffix in ("html", "htm") or start == "<":
        return "html"
    return "md" if suffix in ("md", "markdown") else "txt"


def _import(
    name: str, data: bytes, kind: str, folder: Path, lang: str, agency: str | None = None,
    year: int | None = None,
) -> ImportResult:  # fmt: skip
    """Import an upload; a PDF or Word file goes through a file of a fixed name."""
    try:
        if kind not in ("pdf", "docx"):
            return import_report(data, format=kind, agency=agency, year=year)  # type: ignore[arg-type]
        path = folder / f"upload.{kind}"
        path.write_bytes(data)
        try:
            return import_report(path, format=kind, agency=agency, year=year)  # type: ignore[arg-type]
        finally:
            path.unlink(missing_ok=True)
    except LimitExceeded as error:
        raise Refusal(413, messages.error_message(error, lang), name) from None
    except ImportError as error:
        detail = (
            messages.error_message(error, lang)
            if isinstance(error, DisclosureReportError)
            else str(error)
        )
        raise Refusal(
            501, messages.web_refusal("missing_extra", lang, detail=detail), name
        ) from None
    except DisclosureReportError as error:
        raise Refusal(400, messages.error_message(error, lang), name) from None


def _refuse_large_json(name: str, data: bytes, lang: str) -> None:
    try:
        check_size(len(data), LIMITS.document_bytes, "report", "DISCLOSURE_REPORT_MAX_BYTES")
    except LimitExceeded as error:
        raise Refusal(413, messages.error_message(error, lang), name) from None


def _imported_document(name: str, data: bytes, imported: ImportResult, lang: str) -> Document:
    """An imported report as the command line checks a workbook: its import findings first,
    each finding with where in the file its value was printed."""
    return Document(
        name,
        None,
        encode(imported.document, indent=None).encode("utf-8"),
        size=len(data),
        cells=tuple((at, messages.source(where, lang)) for at, where in imported.sources.items()),
        notices=tuple(messages.finding_json(finding, lang) for finding in imported.findings),
    )


def _kept(record: dict[str, Any], kind: str) -> dict[str, Any]:
    """What `--keep` writes beside an upload: the verdict, and what kind of file it was."""
    return {"kind": kind, **record}


def _checked(outcome: Outcome) -> Reply:
    if outcome.error is not None:
        return json_reply(400, outcome.to_json())
    return json_reply(200, outcome.to_json())


# --- the API ----------------------------------------------------------------------------


def validate_upload(
    name: str, data: bytes, lang: str, folder: Path, *, body: bool = False
) -> Reply:
    """``POST /api/validate``: the object `validate --format json` prints for the upload
    (or for a JSON `body`); a published report or workbook is imported first, its import
    findings first."""
    kind = "json" if body else kind_of(name, data, lang)
    if kind == "json":
        _refuse_large_json(name, data, lang)
        outcome = check_document(Document(name, None, data, size=len(data)), lang)
    else:
        imported = _import(name, data, kind, folder, lang)
        outcome = check_document(_imported_document(name, data, imported, lang), lang)
    reply = _checked(outcome)
    return Reply(reply.status, reply.media_type, reply.body, record=_kept(outcome.to_json(), kind))


def import_upload(
    name: str, data: bytes, lang: str, folder: Path, agency: str | None = None,
    year: int | None = None,
) -> Reply:  # fmt: skip
    """``POST /api/import``: the imported document, its import findings and provenance."""
    kind = kind_of(name, data, lang)
    if kind == "json":
        raise Refusal(400, messages.web_refusal("already_json", lang), name)
    imported = _import(name, data, kind, folder, lang, agency, year)
    record = {
        "source": name,
        "template": imported.template,
        "document": imported.document,
        "findings": [messages.finding_json(finding, lang) for finding in imported.findings],
        "provenance": imported.provenance,
    }
    reply = json_reply(200, record)
    return Reply(reply.status, reply.media_type, reply.body, record=_kept(record, kind))


def template_file(template: str, year: int, format: str) -> Reply:
    """``GET /api/template``: a blank report of `template` for `year`, JSON or a workbook."""
    report = blank(template, year=year)
    name = f"{year}年{REPORT_TITLE}_{template}年版模板"
    if format == "json":
        return Reply(200, JSON, (dumps(report) + "\n").encode("utf-8"), f"{name}.json")
    return Reply(200, _XLSX, _bytes(render(report, "xlsx")), f"{name}.xlsx")


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _bytes(rendered: str | bytes) -> bytes:
    return rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")


# --- the page ---------------------------------------------------------------------------


def _by_table(
    findings: Sequence[Finding], template: str | None, lang: str
) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by table in printed order, and in printed order within each."""
    lay = layout(template) if template else None
    positions = {at: index for index, at in enumerate(lay.fields)} if lay else {}
    codes = list(CODES)
    order = sorted(
        findings,
        key=lambda f: (
            positions.get(f.pointer, -1),
            f.pointer,
            codes.index(f.code) if f.code in codes else len(codes),
        ),
    )
    headings = {
        table.name.zh: f"{table.name.text(lang)}　{table.label.text(lang)}"
        for table in (lay.tables if lay else ())
    }
    ranks = {name: index for index, name in enumerate(headings)}
    general = messages.page_word("general", lang)
    groups: dict[str, list[Finding]] = {}
    for finding in order:
        key = finding.table.zh if finding.table is not None else ""
        groups.setdefault(key, []).append(finding)
    ordered = sorted(groups.items(), key=lambda item: ranks.get(item[0], -1))
    return [(headings.get(key, general), group) for key, group in ordered]


def _view(finding: Finding, lang: str, number: int | None = None) -> FindingView:
    place, problem = messages.cell_and_problem(finding, lang)
    return FindingView(finding.code, finding.severity, finding.pointer, place, problem, number)


def _import_view(finding: Finding, lang: str) -> FindingView:
    said = messages.message(finding, lang)
    return FindingView(finding.code, finding.severity, finding.pointer, "", said)


def _report_of(document: Any) -> Report | None:
    try:
        return structure(document)
    except InvalidReportError:
        return None


def _title(document: Any) -> str:
    agency = document.get("agency") if isinstance(document, dict) else None
    name = agency.get("name") if isinstance(agency, dict) else None
    year = document.get("year") if isinstance(document, dict) else None
    return " · ".join(str(part) for part in (name, year) if part not in (None, ""))


def check_page(name: str, data: bytes, lang: str, folder: Path) -> Reply:
    """``POST /check``: the verdict page of an upload of any kind the server reads."""
    kind = kind_of(name, data, lang)
    imported: ImportResult | None = None
    if kind == "json":
        _refuse_large_json(name, data, lang)
        try:
            document = parse(data)
        except ReportSyntaxError as error:
            raise Refusal(400, messages.error_message(error, lang), name) from None
    else:
        imported = _import(name, data, kind, folder, lang)
        document = imported.document
    result: ValidationResult = validate(document)
    report = _report_of(document)
    own = [f for f in result.findings if f.code not in _GAPS]
    groups = _by_table(own, result.template, lang)
    marked = [finding for _, group in groups for finding in group]
    numbers = {id(finding): number for number, finding in enumerate(marked, 1)}
    state, line = messages.page_verdict(result, lang)
    view = ResultView(
        source=name,
        state="partial" if result.valid and not result.complete
        else "valid" if result.valid else "invalid",
        state_text=state,
        line=line,
        title=_title(document),
        groups=tuple(
            GroupView(heading, tuple(_view(f, lang, numbers[id(f)]) for f in group))
            for heading, group in groups
        ),
        unread=tuple(_view(f, lang) for f in result.findings if f.code in _GAPS),
        imported=None if imported is None
        else tuple(_import_view(f, lang) for f in imported.findings),
        report_html=None if report is None
        else str(render(report, "html", annotate=True, findings=marked)),
        document=encode(document, indent=None),
        workbook=report is not None,
    )  # fmt: skip
    page = result_page(lang, view)
    record = outcome_of(name, result, lang).to_json()
    if imported is not None:
        record["imported"] = [messages.finding_json(finding, lang) for finding in imported.findings]
    return Reply(
        200, _HTML, page.html.encode("utf-8"), styles=page.styles, record=_kept(record, kind)
    )


_HTML = "text/html; charset=utf-8"


def _download_name(document: Any, suffix: str) -> str:
    title = _title(document).replace(" · ", "_") or "report"
    return f"{title}{suffix}"


def download(kind: str, text: str, source: str, lang: str) -> Reply:
    """``POST /download/…``: the report the page showed, as JSON, as the annotated workbook,
    or the review letter of its findings."""
    try:
        document = parse(text)
    except ReportSyntaxError as error:
        raise Refusal(400, messages.error_message(error, lang)) from None
    if kind == "json":
        body = (encode(document) + "\n").encode("utf-8")
        return Reply(200, JSON, body, _download_name(document, ".json"))
    if kind == "xlsx":
        report = _report_of(document)
        if report is None:
            raise Refusal(400, messages.page_word("no_layout", lang))
        workbook = _bytes(render(report, "xlsx", annotate=True))
        return Reply(200, _XLSX, workbook, _download_name(document, "_批注.xlsx"))
    letter_bytes = letter(Filing.of(source, document))
    return Reply(200, _DOCX, letter_bytes, _download_name(document, "_审核意见书.docx"))


# --- running a job ----------------------------------------------------------------------

JOBS: Mapping[str, tuple[Surface, Callable[..., Reply]]] = {
    "check": ("page", check_page),
    "validate": ("api", validate_upload),
    "import": ("api", import_upload),
    "template": ("api", template_file),
    "download": ("page", download),
}
"""Every job a worker runs, by name, with who asks for it."""

_NEEDS_FOLDER = frozenset({"check", "validate", "import"})


def refused(refusal: Refusal, surface: Surface, lang: str) -> Reply:
    """The answer to input that cannot be used: JSON for a program, a page for a person."""
    if surface == "api":
        record: dict[str, Any] = {"error": refusal.message}
        if refusal.source is not None:
            record = {"source": refusal.source, "template": None, "valid": None, **record}
        return json_reply(refusal.status, record)
    page = error_page(lang, refusal.message, refusal.source)
    return Reply(refusal.status, _HTML, page.html.encode("utf-8"))


def run(name: str, arguments: dict[str, Any], folder: Path) -> Reply:
    """Run job `name`; never raises (a bug is a 500 that says so, without a traceback)."""
    surface, job = JOBS[name]
    lang = arguments.get("lang", "zh")
    if name in _NEEDS_FOLDER:
        arguments = {**arguments, "folder": folder}
    try:
        return job(**arguments)
    except Refusal as refusal:
        return refused(refusal, surface, lang)
    except Exception as error:  # one bad upload must not take the worker down
        detail = f"{messages.web_refusal('crashed', lang)} ({type(error).__name__}: {error})"
        return refused(Refusal(500, detail), surface, lang)
