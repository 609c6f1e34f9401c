"""`disclosure-report serve`: the API over real HTTP, its limits and refusals, and the page in
a real Chromium. Every server is started by the test on a free loopback port."""

from __future__ import annotations

import concurrent.futures
import html
import io
import json
import re
import shutil
import socket
import subprocess
import threading
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from disclosure_report import load, render
from tests.helpers.hostile import docx_rows, html_spans, pdf_content, rezip
from tests.helpers.pdf import Deflated
from tests.helpers.server import COMMAND, Answer, Server, running

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DEFECTS = EXAMPLES / "2023_某某县自然资源局_defects.json"
PUBLISHED = ROOT / "tests" / "fixtures" / "published"
UNREAD = ROOT / "tests" / "corpus" / "html-2024-平潭综合实验区海坛片区管理局" / "source.html"
PDF = PUBLISHED / "2024_淮安市人民政府.pdf"
TEXT = PUBLISHED / "2023_淮安市洪泽区人民政府_full_pdftext.txt"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running("--workers", "2", folder=tmp_path_factory.mktemp("serve")) as started:
        yield started


def _cli(*arguments: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    assert COMMAND
    return subprocess.run(
        [COMMAND, *arguments], capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )


def _validate_json(path: Path, *options: str) -> dict[str, Any]:
    """What ``validate --format json`` prints for one file, run where the file is."""
    result = _cli("validate", "--format", "json", *options, path.name, cwd=path.parent)
    assert result.returncode in (0, 1), result.stderr
    record: dict[str, Any] = json.loads(result.stdout)
    return record


def _binary(form: str) -> bytes:
    """The defects example rendered as a workbook or a Word file."""
    rendered = render(load(DEFECTS), form)  # type: ignore[arg-type]
    assert isinstance(rendered, bytes)
    return rendered


def _one_line_error(answer: Answer, status: int) -> str:
    assert answer.status == status, answer.body[:500]
    message = answer.json()["error"]
    assert isinstance(message, str)
    assert message
    assert "\n" not in message
    assert "Traceback" not in message
    return message


# --- the API ---------------------------------------------------------------------------


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_validate_answers_as_validate_format_json(server: Server, example: str) -> None:
    path = EXAMPLES / example
    expected = _validate_json(path)
    uploaded = server.upload("/api/validate", example, path.read_bytes())
    assert uploaded.status == 200
    assert uploaded.json() == expected
    posted = server.post_json("/api/validate", path.read_bytes())
    assert posted.status == 200
    assert posted.json() == {**expected, "source": "<body>"}
    english = server.upload("/api/validate?lang=en", example, path.read_bytes())
    assert english.json() == _validate_json(path, "--lang", "en")


def test_text_in_utf16_or_gb18030_is_read(server: Server) -> None:
    expected = _validate_json(DEFECTS)
    utf16 = DEFECTS.read_text(encoding="utf-8").encode("utf-16")
    assert server.upload("/api/validate", DEFECTS.name, utf16).json() == expected
    text = render(load(DEFECTS), "md")
    assert isinstance(text, str)
    gbk = server.upload("/api/validate", "report.md", text.encode("gb18030")).json()
    utf8 = server.upload("/api/validate", "report.md", text.encode("utf-8")).json()
    assert gbk == utf8
    assert {f["code"] for f in gbk["findings"]} >= {"T3_ROW_TOTAL", "T4_TOTAL"}


def test_a_workbook_is_checked_as_validate_checks_it(server: Server, tmp_path: Path) -> None:
    book = tmp_path / "年报.xlsx"
    book.write_bytes(_binary("xlsx"))
    answer = server.upload("/api/validate", book.name, book.read_bytes())
    assert answer.status == 200
    assert answer.json() == _validate_json(book)
    assert {"cell": "表三!J7"}.items() <= answer.json()["findings"][0].items()


def test_a_published_report_is_imported_then_validated(server: Server) -> None:
    answer = server.upload("/api/validate", TEXT.name, TEXT.read_bytes()).json()
    assert answer["valid"] is False
    codes = [finding["code"] for finding in answer["findings"]]
    assert codes[:2] == ["IMPORT_LABEL", "TEMPLATE_MIXED"]
    total = answer["findings"][codes.index("T4_TOTAL")]
    assert total["cell"].startswith("第 4 页第 ")  # where the value was printed, in Chinese
    pdf = server.upload("/api/validate", "report.pdf", PDF.read_bytes()).json()
    assert (pdf["template"], pdf["valid"], pdf["complete"]) == ("2021", True, True)


def test_import_answers_as_the_import_command(server: Server, tmp_path: Path) -> None:
    out, findings = tmp_path / "out.json", tmp_path / "findings.json"
    done = _cli("import", str(TEXT), "-o", str(out), "--findings-json", str(findings))
    assert done.returncode == 0, done.stderr
    answer = server.upload("/api/import", TEXT.name, TEXT.read_bytes())
    assert answer.status == 200
    imported = answer.json()
    expected = json.loads(findings.read_text(encoding="utf-8"))
    assert imported["document"] == json.loads(out.read_text(encoding="utf-8"))
    assert imported["findings"] == expected["findings"]
    assert imported["provenance"] == expected["provenance"]
    assert (imported["source"], imported["template"]) == (TEXT.name, "2021")


def test_import_takes_the_agency_and_year_where_the_file_lacks_them(server: Server) -> None:
    text = render(load(DEFECTS), "txt")
    assert isinstance(text, str)
    body = "\n".join(line for line in text.splitlines()[1:]).encode()  # without its title
    fields = {"agency": "某某乡人民政府", "year": "2023"}
    answer = server.upload("/api/import", "report.txt", body, fields).json()
    assert answer["document"]["agency"]["name"] == "某某乡人民政府"
    assert answer["document"]["year"] == 2023


@pytest.mark.parametrize("form", ["json", "xlsx"])
def test_blank_templates_are_those_of_the_template_command(
    server: Server, tmp_path: Path, form: str
) -> None:
    answer = server.get(f"/api/template?template=2021&year=2025&format={form}")
    assert answer.status == 200
    disposition = answer.headers["content-disposition"]
    assert disposition.startswith("attachment; ")
    assert f".{form}" in disposition
    target = tmp_path / f"blank.{form}"
    done = _cli("template", "--year", "2025", "--format", form, "-o", str(target))
    assert done.returncode == 0, done.stderr
    if form == "json":
        assert answer.body == target.read_bytes()
        return
    served = openpyxl.load_workbook(io.BytesIO(answer.body))
    written = openpyxl.load_workbook(target)
    assert served.sheetnames == written.sheetnames
    for name in served.sheetnames:
        assert [[c.value for c in row] for row in served[name].iter_rows()] == [
            [c.value for c in row] for row in written[name].iter_rows()
        ]


def test_the_template_follows_the_year_and_refuses_one_out_of_force(server: Server) -> None:
    blank = server.get("/api/template?year=2020").json()
    assert (blank["template"], blank["year"]) == ("2019", 2020)
    assert "2021" in _one_line_error(server.get("/api/template?template=2019&year=2023"), 400)
    assert "2018" in _one_line_error(server.get("/api/template?year=2018"), 400)
    _one_line_error(server.get("/api/template?year=twenty"), 400)
    _one_line_error(server.get("/api/template?format=docx"), 400)


@pytest.mark.parametrize("template", ["2019", "2021", "report"])
def test_schemas_are_the_published_ones(server: Server, template: str) -> None:
    name = "report.schema.json" if template == "report" else f"report-{template}.schema.json"
    answer = server.get(f"/api/schema/{template}")
    assert answer.status == 200
    assert answer.body == (ROOT / "schemas" / name).read_bytes()


def test_openapi_describes_every_route_of_the_api(server: Server) -> None:
    described = server.get("/api/openapi.json").json()
    assert described["openapi"] == "3.1.0"
    assert set(described["paths"]) == {
        "/api/validate", "/api/import", "/api/template", "/api/schema/{template}"
    }  # fmt: skip
    text = json.dumps(described)
    for reference in re.findall(r'"#/components/schemas/(\w+)"', text):
        assert reference in described["components"]["schemas"]


_OLD_WORD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "status", "words"),
    [
        ("report.json", b'{"template": "2021", ', 400, "第 1 行"),
        ("report.json", b"", 400, "文件是空的"),
        ("a.out", bytes(range(256)) * 64, 415, "无法识别"),
        ("report.doc", _OLD_WORD, 415, ".docx"),
        ("photos.zip", _zip({"a.jpg": b"x"}), 415, "既不是"),
        ("report.xlsx", b"PK\x03\x04" + bytes(100), 400, "zip"),
        ("report.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 8, 400, "无法按 pdf 读取"),
        ("notes.txt", "会议纪要，没有表格。".encode(), 400, "没有找到年度报告的表格"),
    ],
    ids=[
        "truncated-json", "empty", "binary", "old-word", "other-zip", "broken-zip", "garbage-pdf",
        "no-report",
    ],
)  # fmt: skip
def test_what_cannot_be_read_is_one_clear_message(
    server: Server, name: str, data: bytes, status: int, words: str
) -> None:
    assert words in _one_line_error(server.upload("/api/validate", name, data), status)
    page = server.upload("/check", name, data)
    assert page.status == status
    assert page.headers["content-type"].startswith("text/html")
    assert words.replace(".", "") in page.text.replace(".", "")


def test_requests_the_api_cannot_use_are_refused_in_json(server: Server) -> None:
    plain = server.request("POST", "/api/validate", b"{}", {"Content-Type": "text/plain"})
    assert "application/json" in _one_line_error(plain, 415)
    assert "选择" in _one_line_error(_fields_only(server), 400)
    assert "/api/validate" in _one_line_error(
        server.upload("/api/import", "r.json", DEFECTS.read_bytes()), 400
    )
    _one_line_error(server.get("/api/nowhere"), 404)
    assert "GET" in _one_line_error(server.get("/api/validate"), 405)
    assert server.get("/nowhere").headers["content-type"].startswith("text/html")
    _one_line_error(server.get("/api/schema/2020"), 404)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "无法读取上传的表单：multipart/form-data 缺少 boundary"),
     ("en", "the form sent cannot be read: no boundary")],
)  # fmt: skip
def test_a_form_that_cannot_be_read_is_said_in_the_language_asked_for(
    server: Server, lang: str, words: str
) -> None:
    answer = server.request(
        "POST", f"/api/validate?lang={lang}", b"x", {"Content-Type": "multipart/form-data"}
    )
    assert _one_line_error(answer, 400) == words


@pytest.mark.parametrize(
    ("lang", "query", "words"),
    [("zh", "format=pdf", "参数 format 不对：'pdf'，可用：json、xlsx"),
     ("en", "format=pdf", "the parameter format is wrong: 'pdf'; use json or xlsx"),
     ("zh", "year=1800", "参数 year 不对：'1800' 不是报告年度（1900–2999）"),
     ("en", "year=1800", "the parameter year is wrong: '1800' is not a report year (1900–2999)"),
     ("zh", "year=2018", "参数 year 不对：没有适用于 2018 年的国家模板"),
     ("zh", "template=2019&year=2023",
      "参数 template 不对：2019年版模板不适用于 2023 年度，适用的是2021年版"),
     ("en", "template=2019&year=2023",
      "the parameter template is wrong: template 2019 is not in force for 2023; 2021 is")],
)  # fmt: skip
def test_a_wrong_parameter_is_said_in_the_language_asked_for(
    server: Server, lang: str, query: str, words: str
) -> None:
    answer = server.get(f"/api/template?{query}&lang={lang}")
    assert _one_line_error(answer, 400) == words


def _fields_only(server: Server) -> Answer:
    body = b'--b\r\nContent-Disposition: form-data; name="lang"\r\n\r\nzh\r\n--b--\r\n'
    return server.request(
        "POST", "/api/validate", body, {"Content-Type": "multipart/form-data; boundary=b"}
    )


def _laughs() -> bytes:
    """A workbook whose sheet name is an entity that would expand to 10⁹ ``lol``."""
    entities = b"".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'.encode()
        for n in range(1, 10)
    )
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + entities + b"]>"

    def change(name: str, data: bytes) -> bytes:
        if name != "xl/workbook.xml":
            return data
        body = data.split(b"?>", 1)[-1].replace('name="表二"'.encode(), b'name="&lol9;"', 1)
        return laughs + body

    return rezip(_binary("xlsx"), change)


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/workbook.xml", "w") as member,
    ):
        for _ in range(300):
            member.write(b"\0" * 2**20)
    return out.getvalue()


def _flate_bomb() -> bytes:
    content = zlib.compressobj(9)
    body = b"".join(content.compress(b" " * 2**20) for _ in range(300)) + content.flush()
    return pdf_content(Deflated(body))


_HOSTILE = {
    "deep-json": ("deep.json", b"[" * 100_000 + b"]" * 100_000, 400, "嵌套层数过多"),
    "long-number": ("n.json", b'{"year": ' + b"9" * 5000 + b"}", 400, "4300 位"),
    "billion-laughs": ("laughs.xlsx", _laughs, 400, "DTD"),
    "zip-bomb": ("bomb.xlsx", _zip_bomb, 413, "DISCLOSURE_REPORT_MAX_UNZIPPED_BYTES"),
    "html-spans": (
        "spans.html", lambda: html_spans(3_000, 100), 413, "DISCLOSURE_REPORT_MAX_CELLS"
    ),
    "word-spans": (
        "spans.docx",
        lambda: docx_rows(
            b'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="200000"/></w:tcPr><w:p/></w:tc></w:tr>', 500
        ),
        413,
        "DISCLOSURE_REPORT_MAX_CELLS",
    ),
    "pdf-flate-bomb": ("bomb.pdf", _flate_bomb, 413, "DISCLOSURE_REPORT_MAX_PDF_PAGE_BYTES"),
    "pdf-operators": (
        "ops.pdf",
        lambda: pdf_content(b"q Q " * 60_000),
        413,
        "DISCLOSURE_REPORT_MAX_PDF_PAGE_OPERATORS",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(_HOSTILE))
def test_hostile_uploads_get_a_clear_4xx_never_a_500(server: Server, case: str) -> None:
    name, make, status, words = _HOSTILE[case]
    data = make() if callable(make) else make
    assert isinstance(data, bytes)
    assert words in _one_line_error(server.upload("/api/validate", name, data), status)


def test_a_body_beyond_the_limit_is_refused_before_it_is_read(server: Server) -> None:
    connection = server.connection()
    try:
        connection.putrequest("POST", "/api/validate")
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(100 * 2**20))
        connection.endheaders(b"{")  # the other 100 MiB are never sent
        response = connection.getresponse()
        answer = Answer(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()
    message = _one_line_error(answer, 413)
    assert "16.0 MiB" in message
    assert "DISCLOSURE_REPORT_MAX_BYTES" in message


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with a limit of 1 MiB on reports and uploads."""
    folder = tmp_path_factory.mktemp("small")
    environment = {
        "DISCLOSURE_REPORT_MAX_BYTES": str(2**20),
        "DISCLOSURE_REPORT_MAX_IMPORT_BYTES": str(2**20),
    }
    with running("--workers", "1", folder=folder, environment=environment) as started:
        yield started


def test_a_body_sent_without_its_length_is_refused_once_past_the_limit(small: Server) -> None:
    chunks = (b" " * 65536 for _ in range(64))  # 4 MiB, chunked: no Content-Length
    connection = small.connection()
    try:
        connection.request(
            "POST", "/api/validate", body=chunks, headers={"Content-Type": "application/json"},
            encode_chunked=True,
        )  # fmt: skip
        response = connection.getresponse()
        answer = Answer(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()
    assert "1.0 MiB" in _one_line_error(answer, 413)
    assert small.upload("/api/validate", "r.json", DEFECTS.read_bytes()).status == 200
    large = small.upload("/api/validate", "r.pdf", b"%PDF-1.4\n" + bytes(2**20))
    assert "DISCLOSURE_REPORT_MAX_IMPORT_BYTES" in _one_line_error(large, 413)


def test_every_answer_carries_the_security_headers(server: Server) -> None:
    answers = [
        server.get("/"),
        server.get("/static/page.js"),
        server.get("/api/schema/2021"),
        server.get("/nowhere"),
        server.upload("/api/validate", "x.bin", bytes(range(256))),
        server.upload("/check", DEFECTS.name, DEFECTS.read_bytes()),
    ]
    for answer in answers:
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy
        assert "script-src 'self';" in policy
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
    # The report's own inline styles are allowed by their hashes, and nothing else is.
    assert re.search(r"style-src 'self' 'sha256-[^']+' 'unsafe-hashes'", answers[-1].headers[
        "content-security-policy"])  # fmt: skip


def test_pages_carry_no_inline_script_and_refer_only_to_the_server(server: Server) -> None:
    for page in (server.get("/"), server.upload("/check", DEFECTS.name, DEFECTS.read_bytes())):
        assert page.status == 200
        html = page.text
        assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", html)
        assert not re.search(r"\son[a-z]+=", html)
        for reference in re.findall(r'(?:src|href|action|formaction)="([^"]*)"', html):
            assert reference.startswith(("/", "#")), reference


def test_a_host_of_another_name_is_refused(server: Server) -> None:
    answer = server.request("GET", "/", headers={"Host": "attacker.example"})
    assert answer.status == 400
    assert server.request("GET", "/", headers={"Host": f"localhost:{server.port}"}).status == 200


def test_downloads_are_the_report_the_workbook_and_the_letter(server: Server) -> None:
    page = server.upload("/check", DEFECTS.name, DEFECTS.read_bytes()).text
    found = re.search(r'name="document" value="([^"]*)"', page)
    assert found
    document = html.unescape(found.group(1))
    fields = {"document": document, "source": DEFECTS.name, "lang": "zh"}
    report = server.post_form("/download/json", fields)
    assert json.loads(report.body) == json.loads(DEFECTS.read_bytes())
    assert "filename*=UTF-8''" in report.headers["content-disposition"]
    workbook = server.post_form("/download/xlsx", fields)
    assert workbook.status == 200
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.body))["表四"]
    assert any(cell.comment is not None for row in sheet.iter_rows() for cell in row)
    letter = server.post_form("/download/letter", fields)
    assert letter.status == 200
    with zipfile.ZipFile(io.BytesIO(letter.body)) as archive:
        text = archive.read("word/document.xml").decode("utf-8")
    assert "审核意见书" in text
    assert "应为 11" in text or "11" in text
    assert server.post_form("/download/pdf", fields).status == 404
    broken = server.post_form("/download/json", {**fields, "document": "{"})
    assert broken.status == 400
    assert broken.headers["content-type"].startswith("text/html")


# --- what is kept, and where uploads go ---------------------------------------------------


def test_nothing_is_kept_and_the_private_folder_is_emptied(tmp_path: Path) -> None:
    word = _binary("docx")
    with running("--workers", "1", folder=tmp_path) as started:
        for name, data in (("../../r.pdf", PDF.read_bytes()), ("/etc/r.docx", word)):
            assert started.upload("/check", name, data).status == 200
        # Only the server's private folder and its workers' empty folders are left.
        left = [str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")]
        assert all(
            re.fullmatch(r"disclosure-report-serve-\w+(/worker-\d+)?", p)
            for p in left
            if p != "serve.log"
        ), left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["serve.log"]


def test_keep_writes_uploads_and_verdicts_under_names_of_its_own(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    with running("--workers", "1", "--keep", str(kept), folder=tmp_path) as started:
        answer = started.upload("/api/validate", "..\\..\\evil.json", DEFECTS.read_bytes())
        assert answer.json()["source"] == "evil.json"
    names = sorted(p.name for p in kept.iterdir())
    assert len(names) == 2
    assert all(re.fullmatch(r"\d{8}T\d{6}-[0-9a-f]{8}\.(json|verdict\.json)", n) for n in names)
    verdict = json.loads((kept / names[1]).read_text(encoding="utf-8"))
    assert (verdict["source"], verdict["status"], verdict["verdict"]["valid"]) == (
        "evil.json", 200, False
    )  # fmt: skip
    assert (kept / verdict["upload"]).read_bytes() == DEFECTS.read_bytes()


# --- the time limit and a flood --------------------------------------------------------------


def _slow_pdf() -> bytes:
    """Ten pages of 1,990 touching rectangles: seconds of table finding (4.7 s measured in
    docs/security.md, 4.4 s when this test was written), within every limit."""
    content = b"".join(b"%d %d 10 10 re S\n" % (n % 300 * 10, n // 300 * 10) for n in range(1_990))
    return pdf_content(content, pages=10)


def test_a_request_over_the_time_limit_is_stopped_and_the_server_goes_on(tmp_path: Path) -> None:
    # The limit is a fourth of what the file takes, so that only a stop can answer 422.
    with running("--workers", "1", "--timeout", "1", folder=tmp_path) as started:
        message = _one_line_error(started.upload("/api/validate", "slow.pdf", _slow_pdf()), 422)
        assert "1 " in message
        again = started.upload("/api/validate", DEFECTS.name, DEFECTS.read_bytes())
        assert again.status == 200
    assert "Traceback" not in started.log.read_text(encoding="utf-8")


def test_200_concurrent_uploads_are_all_answered(server: Server) -> None:
    expected = _validate_json(DEFECTS)
    data = DEFECTS.read_bytes()
    start = threading.Barrier(200)

    def one(_: int) -> Answer:
        start.wait()
        return server.upload("/api/validate", DEFECTS.name, data)

    with concurrent.futures.ThreadPoolExecutor(200) as pool:
        answers = list(pool.map(one, range(200)))
    assert [answer.status for answer in answers] == [200] * 200
    assert all(answer.json() == expected for answer in answers)


@pytest.mark.parametrize("options", [["--workers", "0"], ["--timeout", "0"], ["--port", "70000"]])
def test_serve_refuses_bad_options_in_one_line(options: list[str]) -> None:
    result = _cli("serve", *options)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr


def test_serve_says_in_one_line_that_its_port_is_taken() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = _cli("serve", "--port", str(taken.getsockname()[1]))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "in use" in result.stderr


# --- the page in Chromium ------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class _Watched:
    """A page of a fresh browser context, with every console error and request it made."""

    def __init__(self, browser: Browser, script: bool = True) -> None:
        self.context = browser.new_context(
            java_script_enabled=script, viewport={"width": 1100, "height": 1200},
            accept_downloads=True,
        )  # fmt: skip
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))

    def only_the_server(self, server: Server) -> None:
        assert self.errors == []
        assert self.requests
        assert all(url.startswith(server.url) for url in self.requests), self.requests


@pytest.fixture
def page(browser: Browser) -> Iterator[_Watched]:
    watched = _Watched(browser)
    yield watched
    watched.context.close()


def _upload(page: Page, server: Server, path: Path, *, script: bool, lang: str = "zh") -> None:
    page.goto(f"{server.url}?lang={lang}")
    with page.expect_navigation():
        page.set_input_files("input#file", str(path))  # the script sends a chosen file at once
        if not script:
            page.click("form.upload button[type=submit]")
    page.wait_for_selector("section.verdict")


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _marks_match_the_list(page: Page) -> list[tuple[str, str, str]]:
    """Each listed finding's number is the mark in its cell; the listed (code, pointer, place)."""
    listed = []
    rows = page.locator("table.findings tr[id^=finding-]")
    for index in range(rows.count()):
        row = rows.nth(index)
        number = row.locator("td.number").inner_text().strip()
        pointer = row.get_attribute("data-pointer") or ""
        cell = page.locator(f".report td.finding[data-pointer='{pointer}']")
        assert cell.count() == 1, pointer
        assert number in cell.locator("sup.finding-mark").all_inner_texts()
        assert cell.is_visible()
        listed.append(
            (row.get_attribute("data-code") or "", pointer, row.locator("td.place").inner_text())
        )
    return listed


@pytest.mark.office
@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
def test_the_defects_example_shows_its_findings_in_their_cells(
    browser: Browser, server: Server, script: bool
) -> None:
    watched = _Watched(browser, script)
    try:
        page = watched.page
        _upload(page, server, DEFECTS, script=script)
        _shot(page, f"web-defects-{'script' if script else 'no-script'}")
        assert page.locator("section.verdict h1").inner_text() == "无效"
        expected = _validate_json(DEFECTS)["findings"]
        listed = _marks_match_the_list(page)
        assert sorted((code, at) for code, at, _ in listed) == sorted(
            (f["code"], f["pointer"]) for f in expected
        )
        assert ("T4_TOTAL", "/review_litigation/review/total", "行政复议 · 总计") in listed
        review = page.locator(".report td[data-pointer='/review_litigation/review/total']")
        assert review.inner_text().startswith("0")
        # The report's own styles apply, allowed by their hashes: the cell is marked red.
        colour = review.evaluate("cell => getComputedStyle(cell).backgroundColor")
        assert colour == "rgb(255, 224, 224)"
        heading = page.locator("section.result-findings h3").nth(2).inner_text()
        assert heading.startswith("表四")
        watched.only_the_server(server)
    finally:
        watched.context.close()


@pytest.mark.office
def test_the_page_switches_to_english(page: _Watched, server: Server) -> None:
    page.page.goto(server.url)
    with page.page.expect_navigation():
        page.page.click("a.switch")
    assert page.page.locator("html").get_attribute("lang") == "en"
    _upload(page.page, server, DEFECTS, script=True, lang="en")
    assert page.page.locator("section.verdict h1").inner_text() == "Invalid"
    listed = _marks_match_the_list(page.page)
    assert ("T4_TOTAL", "/review_litigation/review/total", "administrative review · total") in (
        listed
    )
    page.only_the_server(server)


@pytest.mark.office
def test_a_dropped_file_is_checked(page: _Watched, server: Server) -> None:
    page.page.goto(server.url)
    assert page.page.locator(".drop-hint").is_visible()
    dropped = page.page.evaluate_handle(
        """text => {
            const data = new DataTransfer();
            data.items.add(new File([text], "dropped.json", {type: "application/json"}));
            return data;
        }""",
        DEFECTS.read_text(encoding="utf-8"),
    )
    with page.page.expect_navigation():
        page.page.dispatch_event("form.upload", "drop", {"dataTransfer": dropped})
    assert page.page.locator("span.source").inner_text() == "dropped.json"
    assert len(_marks_match_the_list(page.page)) == 5
    page.only_the_server(server)


@pytest.mark.office
def test_unread_places_show_as_unread_not_as_findings(page: _Watched, server: Server) -> None:
    _upload(page.page, server, UNREAD, script=True)
    _shot(page.page, "web-unread")
    unread = page.page.locator("section.unread li")
    assert unread.count() == 3
    assert {unread.nth(i).get_attribute("data-code") for i in range(3)} == {"UNREAD"}
    codes = {code for code, _, _ in _marks_match_the_list(page.page)}
    assert codes.isdisjoint({"UNREAD", "NOT_ASSESSABLE"})
    cell = page.page.locator(".report td[data-pointer='/proactive/rules/issued']")
    assert cell.evaluate("c => getComputedStyle(c, '::before').content") == '"未读出"'
    assert page.page.locator("section.imported li").count() == 2
    page.only_the_server(server)


@pytest.mark.office
def test_the_page_downloads_the_report_the_workbook_and_the_letter(
    page: _Watched, server: Server, tmp_path: Path
) -> None:
    _upload(page.page, server, DEFECTS, script=True)
    names = []
    for button in page.page.locator("form.downloads button").all():
        with page.page.expect_download() as started:
            button.click()
        download = started.value
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        names.append(target.name)
        assert target.stat().st_size > 0
    assert names == [
        "某某县自然资源局_2023.json",
        "某某县自然资源局_2023_批注.xlsx",
        "某某县自然资源局_2023_审核意见书.docx",
    ]
    assert json.loads((tmp_path / names[0]).read_text(encoding="utf-8")) == json.loads(
        DEFECTS.read_text(encoding="utf-8")
    )
    page.page.goto(server.url)
    page.page.select_option("select[name=year]", "2020")
    page.page.select_option("select[name=format]", "json")
    with page.page.expect_download() as started:
        page.page.click("form.templates button")
    template = tmp_path / started.value.suggested_filename
    started.value.save_as(template)
    blank = json.loads(template.read_text(encoding="utf-8"))
    assert (blank["template"], blank["year"]) == ("2019", 2020)
    page.only_the_server(server)
