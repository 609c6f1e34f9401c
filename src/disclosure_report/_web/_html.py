"""The pages a person sees: the upload form, the verdict on a report, and a refusal.

Every text that comes from the upload (its name, the report's own words, findings) is
escaped. The pages load nothing from outside the server: one stylesheet and one small
script of its own. The report itself is the library's annotated rendering; its inline
styles are allowed by their hashes (`Page.styles`), so no other inline style or script
can run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Sequence

import attrs

from .._messages import page_word

__all__ = ["FindingView", "GroupView", "Page", "ResultView", "error_page", "result_page",
           "start_page"]  # fmt: skip

_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_BODY = re.compile(r"<body>(.*)</body>", re.S)
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')


@attrs.frozen
class Page:
    """A page and the CSP sources of the inline styles it carries."""

    html: str
    styles: tuple[str, ...] = ()


@attrs.frozen
class FindingView:
    """A finding as the page lists it."""

    code: str
    severity: str
    pointer: str
    place: str
    problem: str
    number: int | None = None
    """The number marked in the report's cell, where the finding is marked."""


@attrs.frozen
class GroupView:
    """The findings of one table (or of the report's basic information)."""

    heading: str
    findings: tuple[FindingView, ...]


@attrs.frozen
class ResultView:
    """Everything the verdict page shows."""

    source: str
    state: str
    """``valid``, ``invalid`` or ``partial`` (valid, but not every place was read)."""
    state_text: str
    line: str
    title: str
    groups: tuple[GroupView, ...]
    unread: tuple[FindingView, ...]
    imported: tuple[FindingView, ...] | None
    """What the import met; None for a JSON upload, which is not imported."""
    report_html: str | None
    """The annotated rendering (a whole page), or None when the report has no structure."""
    document: str
    """The report's JSON, carried by the download form."""
    workbook: bool
    """Whether the report can be written as a workbook (it has its template's structure)."""


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _other(lang: str) -> str:
    return "zh" if lang == "en" else "en"


def _frame(lang: str, body: str, *, head: str = "") -> str:
    other = _other(lang)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{"en" if lang == "en" else "zh-CN"}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(page_word('title', lang))}</title>",
            head,
            '<link rel="stylesheet" href="/static/page.css">',
            '<link rel="icon" href="/static/icon.svg" type="image/svg+xml">',
            '<script src="/static/page.js" defer></script>',
            "</head>",
            "<body>",
            '<header class="ui bar">',
            f'<a class="home" href="/?lang={lang}">{_e(page_word("title", lang))}</a>',
            f'<a class="switch" href="/?lang={other}" hreflang="{other}">'
            f"{_e(page_word('switch', lang))}</a>",
            "</header>",
            body,
            '<footer class="ui">',
            f'{_e(page_word("api", lang))}<a href="/api/openapi.json">/api/openapi.json</a>',
            "</footer>",
            "</body>",
            "</html>",
            "",
        ]
    )


def start_page(lang: str, *, limit: str, kept: bool, years: Sequence[int], year: int) -> Page:
    """The upload form and the blank templates."""
    options = "".join(
        f'<option value="{y}"{" selected" if y == year else ""}>{y}</option>' for y in years
    )
    privacy = page_word("kept" if kept else "private", lang)
    body = f"""<main class="ui">
<section class="upload">
<h1>{_e(page_word("upload_heading", lang))}</h1>
<p>{_e(page_word("upload_lead", lang))}</p>
<form class="upload" method="post" action="/check" enctype="multipart/form-data">
<input type="hidden" name="lang" value="{lang}">
<label class="choose" for="file">{_e(page_word("choose", lang))}</label>
<input type="file" id="file" name="file" required
 accept=".json,.xlsx,.docx,.pdf,.html,.htm,.md,.markdown,.txt">
<p class="drop-hint">{_e(page_word("drop", lang))}</p>
<button type="submit">{_e(page_word("check", lang))}</button>
<p class="busy-hint" role="status">{_e(page_word("busy", lang))}</p>
</form>
<p class="note">{_e(page_word("formats", lang).format(limit=limit))}</p>
<p class="note{" kept" if kept else ""}">{_e(privacy)}</p>
</section>
<section class="templates">
<h2>{_e(page_word("templates_heading", lang))}</h2>
<p>{_e(page_word("templates_lead", lang))}</p>
<form class="templates" method="get" action="/api/template">
<label>{_e(page_word("year", lang))} <select name="year">{options}</select></label>
<label>{_e(page_word("format", lang))} <select name="format">
<option value="xlsx">{_e(page_word("format_xlsx", lang))}</option>
<option value="json">{_e(page_word("format_json", lang))}</option>
</select></label>
<button type="submit">{_e(page_word("download", lang))}</button>
</form>
</section>
</main>"""
    return Page(_frame(lang, body))


def _finding_rows(findings: Sequence[FindingView], lang: str) -> str:
    rows = [
        f"<tr><th>{_e(page_word('number', lang))}</th><th>{_e(page_word('place', lang))}</th>"
        f"<th>{_e(page_word('problem', lang))}</th></tr>"
    ]
    for item in findings:
        number = "" if item.number is None else str(item.number)
        anchor = f' id="finding-{item.number}"' if item.number is not None else ""
        rows.append(
            f'<tr class="{_e(item.severity)}"{anchor} data-code="{_e(item.code)}" '
            f'data-pointer="{_e(item.pointer)}">'
            f'<td class="number">{number}</td><td class="place">{_e(item.place)}</td>'
            f'<td class="problem"><code>{_e(item.code)}</code> {_e(item.problem)}</td></tr>'
        )
    return '<table class="findings">' + "".join(rows) + "</table>"


def _plain_list(findings: Sequence[FindingView]) -> str:
    items = "".join(
        f'<li class="{_e(item.severity)}" data-code="{_e(item.code)}" '
        f'data-pointer="{_e(item.pointer)}"><code>{_e(item.code)}</code> '
        f"{_e(item.place)}{'：' if item.place else ''}{_e(item.problem)}</li>"
        for item in findings
    )
    return f"<ul>{items}</ul>"


def _downloads(view: ResultView, lang: str) -> str:
    buttons = [("json", "download_json")]
    if view.workbook:
        buttons.append(("xlsx", "download_xlsx"))
    buttons.append(("letter", "download_letter"))
    return (
        f'<form class="downloads" method="post" action="/download/json">'
        f'<input type="hidden" name="document" value="{_e(view.document)}">'
        f'<input type="hidden" name="source" value="{_e(view.source)}">'
        f'<input type="hidden" name="lang" value="{lang}">'
        f"<span>{_e(page_word('downloads', lang))}：</span>"
        + "".join(
            f'<button type="submit" formaction="/download/{kind}">'
            f"{_e(page_word(word, lang))}</button>"
            for kind, word in buttons
        )
        + "</form>"
    )


def result_page(lang: str, view: ResultView) -> Page:
    """The verdict on an upload: the state, downloads, the findings by table, what the
    import could not read or met, and the report in the official layout."""
    parts = [
        '<main class="ui">',
        f'<section class="verdict {view.state}">',
        f"<h1>{_e(view.state_text)}</h1>",
        f'<p class="title">{_e(view.title)}</p>',
        f'<p class="line">{_e(page_word("file", lang))}：<span class="source">'
        f"{_e(view.source)}</span> · {_e(view.line)}</p>",
        _downloads(view, lang),
        f'<p><a class="again" href="/?lang={lang}">{_e(page_word("again", lang))}</a></p>',
        "</section>",
        '<section class="result-findings">',
        f"<h2>{_e(page_word('findings_heading', lang))}</h2>",
    ]
    if not view.groups:
        parts.append(f'<p class="none">{_e(page_word("no_findings", lang))}</p>')
    for group in view.groups:
        parts.append(f"<h3>{_e(group.heading)}</h3>")
        parts.append(_finding_rows(group.findings, lang))
    parts.append("</section>")
    if view.unread:
        parts += [
            '<section class="unread">',
            f"<h2>{_e(page_word('unread_heading', lang))}</h2>",
            f"<p>{_e(page_word('unread_lead', lang))}</p>",
            _plain_list(view.unread),
            "</section>",
        ]
    if view.imported:
        parts += [
            '<section class="imported">',
            f"<h2>{_e(page_word('import_heading', lang))}</h2>",
            f"<p>{_e(page_word('import_lead', lang))}</p>",
            _plain_list(view.imported),
            "</section>",
        ]
    parts.append("</main>")
    head = ""
    styles: list[str] = []
    parts.append('<section class="report-view">')
    if view.report_html is None:
        parts.append(f'<p class="ui no-layout">{_e(page_word("no_layout", lang))}</p>')
    else:
        style = _STYLE.search(view.report_html)
        body = _BODY.search(view.report_html)
        if style is not None:
            head = f"<style>{style.group(1)}</style>"
            styles.append(_hash(style.group(1)))
        content = body.group(1) if body is not None else ""
        attributes = sorted({html.unescape(m) for m in _STYLE_ATTRIBUTE.findall(content)})
        if attributes:
            styles.append("'unsafe-hashes'")
            styles.extend(_hash(value) for value in attributes)
        parts.append(f'<h2 class="ui">{_e(page_word("report_heading", lang))}</h2>')
        parts.append(f'<div class="report">{content}</div>')
    parts.append("</section>")
    return Page(_frame(lang, "\n".join(parts), head=head), tuple(styles))


def error_page(lang: str, message: str, source: str | None = None) -> Page:
    """Why an upload could not be checked, in one sentence, and the way back."""
    named = ""
    if source:
        file = _e(page_word("file", lang))
        named = f'<p class="line">{file}：<span class="source">{_e(source)}</span></p>'
    body = f"""<main class="ui">
<section class="verdict refused">
<h1>{_e(page_word("error_heading", lang))}</h1>
{named}
<p class="message">{_e(message)}</p>
<p><a class="again" href="/?lang={lang}">{_e(page_word("again", lang))}</a></p>
</section>
</main>"""
    return Page(_frame(lang, body))
