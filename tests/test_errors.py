"""The library's errors: every one raised with a key whose words exist in Chinese and English,
said in the command's language, readable as `str(error)`, and intact across processes."""

from __future__ import annotations

import ast
import errno
import json
import os
import pickle
import string
import subprocess
import sys
from pathlib import Path

import pytest

import disclosure_report
from disclosure_report import _errors
from disclosure_report import _messages as messages
from disclosure_report._error_words import (
    ERROR_WORDS,
    THINGS,
    OsDetail,
    Pages,
    Phrase,
    Thing,
    say,
)
from disclosure_report._errors import SaidOSError
from tests.helpers.cli import VALID, assert_one_line_error, run
from tests.helpers.imports import PACKAGE


def _errors_declared() -> set[str]:
    """The library's error classes: those of `_errors`, and any class under src/ that
    derives from one of them."""
    found = {
        name
        for name in dir(_errors)
        if isinstance(getattr(_errors, name), type)
        and issubclass(getattr(_errors, name), _errors.DisclosureReportError)
    }
    classes = [
        node
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef)
    ]
    grown = True
    while grown:
        before = len(found)
        found |= {
            node.name
            for node in classes
            if any(isinstance(base, ast.Name) and base.id in found for base in node.bases)
        }
        grown = len(found) > before
    return found


ERRORS = _errors_declared()
KEYED_BY_THEMSELVES = {"InvalidReportError", "ScannedReportError"}
"""Errors whose constructor chooses their key from what they are given."""


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _raises() -> list[tuple[str, ast.Call]]:
    """Every ``raise SomeError(...)`` of the library's errors under src/."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                func = node.exc.func
                if isinstance(func, ast.Name) and func.id in ERRORS:
                    place = f"{path.relative_to(PACKAGE)}:{node.lineno}"
                    found.append((place, node.exc))
    return found


def _keys_used() -> set[str]:
    """The constant keys given to an error, a `Phrase` or `say` anywhere under src/."""
    used = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                if keyword.arg == "key" and isinstance(keyword.value, ast.Constant):
                    used.add(str(keyword.value.value))
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("of", "Phrase", "say") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    used.add(first.value)
    return used


def test_the_check_sees_the_raise_sites() -> None:
    raises = _raises()
    assert len(raises) > 90
    assert {"LimitExceeded", "RosterError", "ReportSyntaxError", "OutputClash"} <= {
        call.func.id  # type: ignore[attr-defined]
        for _, call in raises
    }


def test_every_error_is_raised_with_a_key_that_has_words() -> None:
    """A raise site with a text of its own would be said in English whatever the language."""
    wrong = []
    for place, call in _raises():
        name = call.func.id  # type: ignore[attr-defined]
        keys = [k.value for k in call.keywords if k.arg == "key"]
        if name in KEYED_BY_THEMSELVES and not keys:
            continue
        if len(keys) != 1 or call.args:
            wrong.append(f"{place}: {name} raised without a key")
        elif not isinstance(keys[0], ast.Constant) or keys[0].value not in ERROR_WORDS:
            wrong.append(f"{place}: {name} raised with a key that has no words")
    assert wrong == []


def test_every_key_has_chinese_and_english_words_with_the_same_values() -> None:
    for key, (zh, en) in {**ERROR_WORDS, **THINGS}.items():
        assert any("\u4e00" <= c <= "\u9fff" for c in zh) or key == "line_column", key
        assert en, key
        assert not any(
            "\u4e00" <= c <= "\u9fff" for c in en.replace("（逗号分隔）", "").replace("名称", "")
        ), key
        assert _fields(zh) == _fields(en), key


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_key_can_be_said(lang: str) -> None:
    for key, (zh, _) in {**ERROR_WORDS, **THINGS}.items():
        said = say(key, lang, dict.fromkeys(_fields(zh), 12345))
        assert "12,345" in said or "12345" in said or not _fields(zh), key


def test_every_word_is_used_and_every_thing_is_a_thing() -> None:
    assert set(ERROR_WORDS) <= _keys_used()
    assert set(Thing.__args__) <= set(THINGS)  # type: ignore[attr-defined]


def test_str_is_english_and_words_say_either_language() -> None:
    error = disclosure_report.RosterError(key="roster_empty", path="名单.csv")
    assert str(error) == "名单.csv: the roster is empty"
    assert error.words("en") == str(error)
    assert messages.error_message(error, "zh") == "名单.csv：名单是空的"
    assert messages.error_message(error) == "名单.csv：名单是空的"
    assert (error.key, dict(error.values)) == ("roster_empty", {"path": "名单.csv"})


def test_an_error_raised_with_a_text_says_that_text() -> None:
    error = disclosure_report.RenderError("a text of the caller's own")
    assert error.key is None
    assert messages.error_message(error, "zh") == "a text of the caller's own"


def test_a_phrase_among_the_values_is_said_in_the_same_language() -> None:
    place = Phrase.of("roster_row", source="名单.csv", row=3)
    error = disclosure_report.RosterError(key="roster_unit_no_name", place=place)
    assert str(error) == "名单.csv, row 3: the unit has no name"
    assert error.words("zh") == "名单.csv 第 3 行：单位没有名称"
    pages = Pages(tuple(range(1, 13)))
    assert pages.words("zh") == "1、2、3、4、5、6、7、8、9、10 等 12 页"
    assert pages.words("en") == "1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more"


@pytest.mark.parametrize(
    "error",
    [
        disclosure_report.LimitExceeded(
            key="too_large",
            what=Phrase("document"),
            size="2.0 MiB",
            limit="1.0 MiB",
            variable="DISCLOSURE_REPORT_MAX_BYTES",
        ),
        disclosure_report.ReportSyntaxError(line=2, column=5, key="not_json", detail="x"),
        disclosure_report.ReportSyntaxError("a text", 1, 1),
        disclosure_report.ScannedReportError((1, 2), 3),
        disclosure_report.RenderError("a text"),
        disclosure_report.UnknownTemplateError(key="no_template_for_year", year=1999),
    ],
    ids=lambda error: type(error).__name__,
)
def test_errors_cross_processes_with_their_words(
    error: disclosure_report.DisclosureReportError,
) -> None:
    """Bulk checks and imports run in worker processes: an error comes back pickled."""
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert str(back) == str(error)
    assert back.words("zh") == error.words("zh")
    assert (back.key, dict(back.values)) == (error.key, dict(error.values))


def test_a_syntax_error_says_where_in_either_language() -> None:
    with pytest.raises(disclosure_report.ReportSyntaxError) as caught:
        disclosure_report.loads("{")
    error = caught.value
    assert str(error) == (
        "not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)"
    )
    assert error.words("zh") == "不是有效的 JSON：此处应为双引号括起的键名（第 1 行第 2 列）"
    assert (error.line, error.column) == (1, 2)


def test_a_limit_turned_into_an_import_limit_keeps_its_words(tmp_path: Path) -> None:
    import_limit = disclosure_report.LimitExceeded(
        key="pdf_pages", count=300, limit=200, variable="DISCLOSURE_REPORT_MAX_PDF_PAGES"
    ).recast(disclosure_report.ImportLimitExceeded)
    assert isinstance(import_limit, disclosure_report.NotAReportError)
    assert import_limit.words("zh") == (
        "PDF 共 300 页，最多读取 200 页（可设置环境变量 DISCLOSURE_REPORT_MAX_PDF_PAGES 调整上限）"
    )


# --- the command line says them in its language -------------------------------------------


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.json"
    path.write_text('{"template": "2021",', encoding="utf-8")
    return path


def test_the_command_line_says_a_library_error_in_chinese_by_default(broken: Path) -> None:
    result = run("validate", str(broken))
    assert result.returncode == 2
    assert "不是有效的 JSON：此处应为双引号括起的键名（第 1 行第 21 列）" in result.stderr
    assert "not valid" not in result.stderr


def test_the_command_line_says_a_library_error_in_english(broken: Path) -> None:
    result = run("validate", "--lang", "en", str(broken))
    assert result.returncode == 2
    assert "not valid JSON: Expecting property name enclosed in double quotes" in result.stderr
    assert "(line 1, column 21)" in result.stderr


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "名单是空的"), ("en", "the roster is empty")],
)
def test_a_roster_refusal_in_either_language(tmp_path: Path, lang: str, words: str) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("\n", encoding="utf-8")
    result = run("review", "--lang", lang, "--roster", str(roster), str(VALID))
    assert_one_line_error(result, str(roster), words)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["第 3 行", "类别 '科室' 不是", "之一"]),
        ("en", ["row 3", "level '科室' is not one of"]),
    ],
)
def test_a_roster_row_is_named_in_either_language(
    tmp_path: Path, lang: str, words: list[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("名称,类别\n甲局,部门\n乙局,科室\n", encoding="utf-8")
    result = run("review", "--lang", lang, "--roster", str(roster), str(VALID))
    assert_one_line_error(result, *words)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "不同年度（2021 和 2022）的报告不能相加"),
     ("en", "reports of different years (2021 and 2022) cannot be added up")],
)  # fmt: skip
def test_a_mismatch_in_either_language(tmp_path: Path, lang: str, words: str) -> None:
    paths = []
    for year, name in ((2021, "甲局"), (2022, "乙局")):
        path = tmp_path / f"{year}.json"
        report = disclosure_report.blank("2021", year=year, agency=name, zeros=True)
        path.write_text(disclosure_report.dumps(report), encoding="utf-8")
        paths.append(str(path))
    result = run("aggregate", "--lang", lang, *paths)
    assert_one_line_error(result, words)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", ["超过上限", "DISCLOSURE_REPORT_MAX_BYTES", "调整上限"]),
     ("en", ["at most", "set DISCLOSURE_REPORT_MAX_BYTES to change the limit"])],
)  # fmt: skip
def test_a_limit_in_either_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, words: list[str]
) -> None:
    monkeypatch.setenv("DISCLOSURE_REPORT_MAX_BYTES", "100")
    path = tmp_path / "large.json"
    path.write_bytes(b" " * 200)
    result = run("render", "--lang", lang, str(path))
    assert_one_line_error(result, *words)


@pytest.mark.parametrize("command", ["validate", "render", "export", "aggregate"])
@pytest.mark.parametrize(("lang", "words"), [("zh", "没有这个文件"), ("en", "no such file")])
def test_a_missing_file_in_either_language(
    tmp_path: Path, command: str, lang: str, words: str
) -> None:
    result = run(command, "--lang", lang, str(tmp_path / "missing.json"))
    assert_one_line_error(result, "missing.json", words)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", ":2: 这一行超过 0.0 MiB"), ("en", ":2: the line is more than 0.0 MiB")],
)
def test_a_line_too_long_in_either_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, words: str
) -> None:
    monkeypatch.setenv("DISCLOSURE_REPORT_MAX_BYTES", "20")
    lines = tmp_path / "reports.jsonl"
    lines.write_text("{}\n" + "x" * 100, encoding="utf-8")
    result = run("validate", "--lang", lang, "--jsonl", str(lines))
    assert result.returncode == 2
    assert words in result.stderr


_CRASH = (
    "import sys, disclosure_report._cli as cli\n"
    "def crash(arguments): raise KeyError('boom')\n"
    "cli._validate = crash\n"
    "sys.exit(cli.main(sys.argv[1:]))\n"
)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", ("内部错误（KeyError: 'boom'）", "缺陷，不是输入的问题")),
     ("en", ("internal error (KeyError: 'boom')", "this is a bug"))],
)  # fmt: skip
def test_a_bug_is_said_in_either_language(
    tmp_path: Path, lang: str, words: tuple[str, ...]
) -> None:
    script = tmp_path / "crash.py"
    script.write_text(_CRASH, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), "validate", "--lang", lang, str(VALID)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert_one_line_error(result, *words)


def test_an_argparse_complaint_without_chinese_words_is_said_as_it_is() -> None:
    """A complaint a later Python words differently is shown, not lost or garbled."""
    assert messages.argparse_message("a complaint never seen", "zh") == "a complaint never seen"
    assert messages.argparse_message("argument --x: never seen", "zh") == "参数 --x：never seen"
    assert messages.argparse_message("expected one argument", "en") == "expected one argument"


# --- the operating system's words, and what the library raises as an OSError ------------


@pytest.mark.parametrize(
    ("error", "zh"),
    [(FileNotFoundError(2, "No such file or directory", "a.json"), "a.json：没有这个文件或文件夹"),
     (PermissionError(13, "Permission denied", "a.json"), "a.json：没有权限"),
     (IsADirectoryError(21, "Is a directory", "a"), "a：这是文件夹，不是文件"),
     (NotADirectoryError(20, "Not a directory", "a/b"), "a/b：路径中有一部分不是文件夹"),
     (OSError(28, "No space left on device"), "磁盘空间不足"),
     (OSError(30, "Read-only file system", "a"), "a：文件系统是只读的"),
     (OSError(40, "Too many levels of symbolic links", "a"), "a：符号链接层数过多（可能绕成了圈）"),
     (FileExistsError(17, "File exists", "a", None, "b"), "a → b：文件已存在"),
     (OSError(99999, "Something rare"), "操作系统报告的错误（Something rare）"),
     (OSError("a text of its own"), "a text of its own")],
)  # fmt: skip
def test_an_os_error_is_said_in_chinese_and_as_it_is_in_english(error: OSError, zh: str) -> None:
    assert messages.os_error(error, "zh") == zh
    assert messages.os_error(error, "en") == str(error)


def test_an_os_error_number_is_read_by_its_name_not_its_value() -> None:
    """errno values differ between systems: the words follow the name."""
    assert OsDetail(errno.ENOSPC, "No space").words("zh") == "磁盘空间不足"
    assert OsDetail(None, "No space").words("zh") == "操作系统报告的错误（No space）"
    assert OsDetail(errno.ENOSPC, "No space").words("en") == "No space"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_os_error_the_library_raises_keeps_its_words_across_processes(lang: str) -> None:
    error = SaidOSError(errno.EISDIR, key="output_is_directory", path="out")
    again = pickle.loads(pickle.dumps(error))
    assert (again.errno, str(again)) == (errno.EISDIR, "out: is a directory")
    said = {"zh": "out：是文件夹，不能写入", "en": "out: is a directory"}[lang]
    assert messages.os_error(again, lang) == said


def _die(chunk: object, lang: str = "zh") -> object:
    os._exit(9)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "有一个工作进程在完成工作之前结束了"), ("en", "a worker process ended")],
)
def test_a_lost_worker_in_either_language(
    monkeypatch: pytest.MonkeyPatch, lang: str, words: str
) -> None:
    from disclosure_report import _bulk

    monkeypatch.setattr(_bulk, "check_chunk", _die)
    many = [_bulk.Document("x.json", None, b"{}")] * (_bulk.CHUNK * 2 + 1)
    with pytest.raises(SaidOSError) as raised:
        list(_bulk.check(many, jobs=2, lang=lang))
    assert words in messages.os_error(raised.value, lang)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", ["是文件夹，不能写入"]), ("en", [": is a directory"])],
)
def test_an_output_that_is_a_folder_in_either_language(
    tmp_path: Path, lang: str, words: list[str]
) -> None:
    result = run("render", "--lang", lang, str(VALID), "-o", str(tmp_path))
    assert_one_line_error(result, str(tmp_path), *words)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", "：无法写入：没有这个文件或文件夹"),
        ("en", ": cannot write (No such file or directory)"),
    ],
)
def test_an_output_that_cannot_be_written_in_either_language(
    tmp_path: Path, lang: str, words: str
) -> None:
    target = tmp_path / "missing" / "report.html"
    result = run("render", "--lang", lang, str(VALID), "-o", str(target))
    assert_one_line_error(result, f"{target}{words}")


def test_a_file_that_is_no_regular_file_is_not_written_over() -> None:
    from disclosure_report._files import write_unnamed

    with pytest.raises(SaidOSError) as raised:
        write_unnamed(Path("/dev/null"), b"")
    assert messages.os_error(raised.value, "zh") == "/dev/null：已存在且不是普通文件，未写入"
    assert str(raised.value) == "/dev/null: exists and is not a regular file; not written"


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "无法读取文件夹：没有权限"), ("en", "cannot read the folder (Permission denied)")],
)
def test_a_folder_the_corpus_run_cannot_read_in_either_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, words: str
) -> None:
    from disclosure_report._corpus import published_files

    (tmp_path / "shut").mkdir()
    (tmp_path / "open.pdf").write_bytes(b"%PDF-")
    scandir = os.scandir

    def refuse(path: object = ".") -> object:
        if str(path).endswith("shut"):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", refuse)
    found = list(published_files([str(tmp_path)], lang))
    assert str(tmp_path / "open.pdf") in found
    [refused] = [item for item in found if not isinstance(item, str)]
    assert (refused.source, refused.error) == (str(tmp_path / "shut"), words)


@pytest.mark.parametrize(
    ("lang", "words"), [("zh", "没有文件与这个模式匹配"), ("en", "no file matches the pattern")]
)
def test_a_pattern_that_matches_nothing_in_either_language(
    tmp_path: Path, lang: str, words: str
) -> None:
    from disclosure_report._corpus import published_files

    [refused] = published_files([str(tmp_path / "*.pdf")], lang)
    assert not isinstance(refused, str)
    assert refused.error == words


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "无法读取：路径中有一部分不是文件夹"), ("en", "cannot read (Not a directory)")],
)
def test_a_corpus_file_that_cannot_be_read_in_either_language(
    tmp_path: Path, lang: str, words: str
) -> None:
    from disclosure_report._corpus import import_file

    (tmp_path / "file").write_bytes(b"")
    record = import_file(str(tmp_path / "file" / "inner.pdf"), lang)
    assert (record.outcome, record.error) == ("refused", words)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_review_of_a_document_without_a_reason_says_it_cannot_be_read(
    monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    from disclosure_report import _bulk, _cli

    monkeypatch.setattr(_cli, "documents", lambda files, jsonl: [_bulk.Document("x", 3, None)])
    token = _cli._LANGUAGE.set(lang)
    try:
        [filing] = _cli._filings(["x"])
    finally:
        _cli._LANGUAGE.reset(token)
    assert filing.error == {"zh": "x:3：无法读取", "en": "x:3: cannot read"}[lang]


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "：没有这个文件或文件夹）"), ("en", "(No such file or directory)")],
)
def test_a_roster_and_a_rename_map_that_cannot_be_read_in_either_language(
    tmp_path: Path, lang: str, words: str
) -> None:
    from disclosure_report._identity import Renames
    from disclosure_report._roster import read_roster

    for read in (read_roster, Renames.read):
        with pytest.raises(disclosure_report.DisclosureReportError) as raised:
            read(tmp_path / "missing.csv")
        said = raised.value.words(lang)
        assert said.startswith(str(tmp_path / "missing.csv"))
        assert said.endswith(words.lstrip("："))
        assert ("Errno" in said) is False


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "不是可读取的 zip 压缩文件（File is not a zip file）"),
     ("en", "not a readable zip archive (File is not a zip file)")],
)  # fmt: skip
def test_a_library_detail_is_a_note_in_parentheses(lang: str, words: str) -> None:
    from disclosure_report._limits import check_zip

    with pytest.raises(disclosure_report.DisclosureReportError) as raised:
        check_zip(b"PK\x03\x04 not really")
    assert raised.value.words(lang) == words


def test_a_document_that_cannot_be_read_as_its_format_says_so_in_chinese() -> None:
    from disclosure_report._importing import import_report

    with pytest.raises(disclosure_report.DisclosureReportError) as raised:
        import_report(b"PK\x03\x04" + b"\x00" * 64, format="docx")
    zh = raised.value.words("zh")
    assert zh.startswith(("无法按 docx 读取：文件可能已损坏，或不是这种格式（", "不是可读取的 zip"))
    assert zh.endswith("）")


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", ["不是有效的报告，共 1 处结构问题，第一处在 /year（年度）：类型不符（'x': expected"]),
     ("en", ["not a valid report (1 structural problem(s), first at /year: 'x': expected"])],
)  # fmt: skip
def test_a_report_of_the_wrong_shape_names_its_first_problem_in_either_language(
    tmp_path: Path, lang: str, words: list[str]
) -> None:
    document = json.loads(VALID.read_text(encoding="utf-8"))
    document["year"] = "x"
    path = tmp_path / "report.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert_one_line_error(run("render", "--lang", lang, str(path)), *words)


@pytest.mark.parametrize(
    ("lang", "said"),
    [("zh", ["标准输出已关闭"]), ("en", ["standard output is closed"])],
)
def test_a_closed_standard_output_in_either_language(lang: str, said: list[str]) -> None:
    from tests.helpers.bounded import assert_one_line, run_bounded

    result = run_bounded("validate", "--lang", lang, str(VALID), close=(1,))
    assert_one_line(result, 2, *said)


@pytest.mark.parametrize(
    ("lang", "said"),
    [("zh", "无法写入标准输出：磁盘空间不足"),
     ("en", "cannot write standard output (No space left on device)")],
)  # fmt: skip
def test_a_full_standard_output_in_either_language(lang: str, said: str) -> None:
    from tests.helpers.bounded import assert_one_line, run_bounded

    with open("/dev/full", "wb") as full:
        result = run_bounded("validate", "--lang", lang, str(VALID), stdout=full.fileno())
    assert_one_line(result, 2, said)


@pytest.mark.parametrize(
    ("error", "zh", "en"),
    [(RecursionError("maximum recursion depth exceeded"), "嵌套过深，无法读取（RecursionError）",
      "RecursionError: maximum recursion depth exceeded"),
     (MemoryError(), "读取时内存不足（MemoryError）", "MemoryError: ")],
)  # fmt: skip
def test_a_file_too_deep_or_too_large_to_read_in_either_language(
    error: RecursionError | MemoryError, zh: str, en: str
) -> None:
    kind = type(error).__name__
    assert messages.damaged(kind, messages.exhausted(error, "zh"), "zh") == zh
    assert messages.damaged(kind, messages.exhausted(error, "en"), "en") == en


# --- argparse's own words ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "titles", "never"),
    [("zh", ["位置参数：", "选项："], ["位置参数:", "选项:"]),
     ("en", ["positional arguments:", "options:"], ["positional arguments：", "options："])],
)  # fmt: skip
def test_the_titles_of_the_help_end_in_the_language_s_colon(
    lang: str, titles: list[str], never: list[str]
) -> None:
    result = run("validate", "--help", "--lang", lang)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    for title in titles:
        assert title in lines
    for title in never:
        assert title not in result.stdout


@pytest.mark.parametrize(
    ("lang", "words", "never"),
    [("zh", "机关名称：报告中没有此项", "not found in the report"),
     ("en", "agency name: not found in the report", "报告中没有此项")],
)  # fmt: skip
def test_a_workbook_s_import_findings_are_said_in_the_language_of_the_check(
    tmp_path: Path, lang: str, words: str, never: str
) -> None:
    from disclosure_report._blank import blank
    from disclosure_report._rendering import render

    path = tmp_path / "blank.xlsx"
    workbook = render(blank(year=2024), "xlsx")
    assert isinstance(workbook, bytes)
    path.write_bytes(workbook)
    result = run("validate", "--lang", lang, "--format", "json", str(path))
    assert words in result.stdout
    assert never not in result.stdout


@pytest.mark.parametrize(
    ("lang", "line"),
    [("zh", "  T3_ROW_TOTAL [错误] ×1 — "), ("en", "  T3_ROW_TOTAL [error] ×1 — ")],
)
def test_the_level_of_a_group_is_said_in_the_command_s_language(lang: str, line: str) -> None:
    defects = VALID.parent / "2023_某某县自然资源局_defects.json"
    result = run("validate", "--lang", lang, str(defects))
    assert result.returncode == 1
    assert any(shown.startswith(line) for shown in result.stdout.splitlines())
