"""Importing a corpus: many files, folders and globs, over every core, in a stable order,
with findings alongside, a closing summary, and a resume that finishes what a killed run left."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from disclosure_report._corpus import import_file, import_files, published_files
from disclosure_report._importing import import_report
from disclosure_report._importing._ocr import SWITCH
from disclosure_report._jsontext import encode
from tests.helpers.cli import COMMAND, run
from tests.helpers.mixed import REAL, mixed_folder


@pytest.fixture(scope="module", autouse=True)
def _without_ocr() -> Iterator[None]:
    """These imports name scans, as without the ``ocr`` extra: its engine is turned off, for
    the worker processes too (`test_ocr.py` reads scans)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(SWITCH, "off")
        yield


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("corpus")
    return folder, mixed_folder(folder)


def _records(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_each_file_has_the_outcome_it_must_and_the_import_of_one_file(
    corpus: tuple[Path, dict[str, str]],
) -> None:
    folder, expected = corpus
    listed = [item for item in published_files([str(folder)]) if isinstance(item, str)]
    assert listed == sorted(expected)
    for item in import_files(listed, jobs=1):
        want = expected[item.source]
        if want == "imported":
            assert item.outcome in ("complete", "unread"), item.error
            alone = import_report(item.source)
            assert item.document == alone.document
            assert item.provenance == alone.provenance
            assert item.outcome == ("unread" if "unread" in alone.document else "complete")
            assert [f["code"] for f in item.findings if f["stage"] == "import"] == [
                f.code for f in alone.findings
            ]
        else:
            assert (item.outcome, item.reason) == ("refused", want), item.error
            assert item.document is None
        assert len(item.sha256 or "") == 64


def test_a_scan_is_refused_as_a_scan_with_a_finding_for_each_page(
    corpus: tuple[Path, dict[str, str]],
) -> None:
    folder, _ = corpus
    item = import_file(str(folder / "scanned" / "scan.pdf"), lang="en")
    assert (item.outcome, item.reason, item.form) == ("refused", "scanned", "pdf")
    assert [(f["code"], f["page"]) for f in item.findings] == [
        ("IMPORT_SCANNED", page) for page in range(1, 7)
    ]
    assert "no text layer" in str(item.error)


def test_one_job_and_two_give_the_same_output_and_a_summary_by_outcome_and_form(
    corpus: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    folder, expected = corpus
    outputs = []
    for jobs in ("1", "2"):
        out, found = tmp_path / f"out{jobs}.jsonl", tmp_path / f"findings{jobs}.csv"
        result = run("import", str(folder), "-o", str(out), "--findings", str(found),
                     "--jobs", jobs, "--lang", "en")  # fmt: skip
        assert result.returncode == 2, result.stderr  # some files were refused
        outputs.append((out.read_bytes(), found.read_bytes(), result.stderr))
    assert outputs[0] == outputs[1]
    records = _records(outputs[0][0].decode())
    assert [r["source"] for r in records] == sorted(expected)
    refused = {r["source"]: r["reason"] for r in records if r["outcome"] == "refused"}
    assert refused == {name: want for name, want in expected.items() if want != "imported"}
    imported = [r for r in records if r["outcome"] != "refused"]
    assert all(isinstance(r["report"], dict) and r["template"] for r in imported)
    summary = outputs[0][2].splitlines()
    complete = sum(r["outcome"] == "complete" for r in records)
    unread = sum(r["outcome"] == "unread" for r in records)
    assert summary[0] == (
        f"{len(records)} files: {complete} imported complete, {unread} imported with unread "
        "cells, 4 refused (1 not a report, 1 scanned without a text layer, 2 damaged)"
    )
    pdfs = [r["outcome"] for r in records if r["form"] == "pdf"]
    words = {"complete": "imported complete", "unread": "imported with unread cells"}
    each = [f"{pdfs.count(key)} {words.get(key, key)}" for key in ("complete", "unread", "refused")]
    assert f"  PDF: {len(pdfs)} ({', '.join(part for part in each if part[0] != '0')})" in summary
    forms = [line for line in summary[1:] if line.startswith("  ")]
    assert sum(int(line.split(": ")[1].split(" ")[0]) for line in forms) == len(records)
    rows = list(csv.DictReader(io.StringIO(outputs[0][1].decode())))
    assert {row["stage"] for row in rows} == {"import", "validation"}
    scans = [row for row in rows if row["code"] == "IMPORT_SCANNED"]
    assert [row["page"] for row in scans] == [str(page) for page in range(1, 7)]
    assert all(row["sha256"] for row in rows)


def test_globs_and_files_and_the_json_lines_of_findings(
    corpus: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    folder, _ = corpus
    found = tmp_path / "findings.jsonl"
    markdown = folder / "real" / "000" / "md-2024-上海市科委.md"
    pattern = folder / "real" / "**" / "*.html"
    result = run("import", str(pattern), str(markdown), "--findings", str(found))
    assert result.returncode == 0, result.stderr
    records = _records(result.stdout)
    assert [Path(str(r["source"])).name for r in records] == [
        "html-2019-上海市人民政府办公厅.html",
        "html-2024-平潭综合实验区.html",
        "md-2024-上海市科委.md",
    ]
    assert result.stderr.splitlines()[0].startswith("共 3 个文件：")
    findings = _records(found.read_text(encoding="utf-8"))
    assert {f["source"] for f in findings} <= {r["source"] for r in records}
    assert all(f["stage"] in ("import", "validation") and f["message"] for f in findings)


def test_a_folder_of_json_files_with_an_index(
    corpus: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    folder, _ = corpus
    out = tmp_path / "imported"
    result = run("import", str(folder / "real"), str(folder / "damaged"), "--output-dir", str(out))
    assert result.returncode == 2
    index = _records((out / "index.jsonl").read_text(encoding="utf-8"))
    assert len(index) == len(REAL) + 3
    for record in index:
        if record["outcome"] == "refused":
            assert "file" not in record
            continue
        saved = (out / str(record["file"])).read_text(encoding="utf-8")
        assert saved == encode(import_report(str(record["source"])).document) + "\n"
        assert "report" not in record
        assert str(record["file"]).endswith(f"-{str(record['sha256'])[:12]}.json")
    assert len(list(out.glob("*.json"))) == len(REAL)


def test_a_resumed_run_writes_what_an_uninterrupted_one_does(
    corpus: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    folder, _ = corpus
    out, found = tmp_path / "out.jsonl", tmp_path / "findings.jsonl"
    whole = run("import", str(folder), "-o", str(out), "--findings", str(found), "--jobs", "2")
    reference = (out.read_bytes(), found.read_bytes())
    lines = reference[0].splitlines(keepends=True)
    findings = reference[1].splitlines(keepends=True)
    with_findings = {json.loads(line)["source"] for line in findings}
    # As a kill leaves it: the records before a file with findings whole, that file's record
    # cut, and its findings written before its record was.
    cut = next(
        index for index, line in enumerate(lines)
        if index and json.loads(line)["source"] in with_findings
    )  # fmt: skip
    out.write_bytes(b"".join(lines[:cut]) + lines[cut][: len(lines[cut]) // 2])
    started = {json.loads(line)["source"] for line in lines[: cut + 1]}
    found.write_bytes(b"".join(line for line in findings if json.loads(line)["source"] in started))
    resumed = run(
        "import", str(folder), "-o", str(out), "--findings", str(found), "--jobs", "2", "--resume"
    )
    assert resumed.returncode == whole.returncode
    assert (out.read_bytes(), found.read_bytes()) == reference
    assert resumed.stderr.splitlines()[-1] == f"其中 {cut} 个已由上次运行导入"
    assert resumed.stderr.splitlines()[:-1] == whole.stderr.splitlines()
    # Run again with everything done: nothing is imported, nothing written twice.
    again = run("import", str(folder), "-o", str(out), "--findings", str(found), "--resume")
    assert (out.read_bytes(), found.read_bytes()) == reference
    assert f"其中 {len(lines)} 个已由上次运行导入" in again.stderr


def test_a_file_changed_since_is_imported_again(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    first, second = folder / "a.html", folder / "b.html"
    first.write_bytes(REAL["html-2024-平潭综合实验区.html"].read_bytes())
    second.write_bytes(REAL["html-2019-上海市人民政府办公厅.html"].read_bytes())
    out = tmp_path / "out.jsonl"
    assert run("import", str(folder), "-o", str(out)).returncode == 0
    first.write_bytes(REAL["html-2019-上海市人民政府办公厅.html"].read_bytes())
    assert run("import", str(folder), "-o", str(out), "--resume").returncode == 0
    records = _records(out.read_text(encoding="utf-8"))
    assert [Path(str(r["source"])).name for r in records] == ["b.html", "a.html"]
    assert records[0]["sha256"] == records[1]["sha256"]


def test_a_file_over_a_limit_and_a_missing_file_do_not_stop_the_run(tmp_path: Path) -> None:
    import subprocess

    good = tmp_path / "good.html"
    good.write_bytes(REAL["html-2024-平潭综合实验区.html"].read_bytes())
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (good.stat().st_size + 1))
    limit = str(good.stat().st_size)
    environment = {**os.environ, "DISCLOSURE_REPORT_MAX_IMPORT_BYTES": limit}
    assert COMMAND is not None
    result = subprocess.run(
        [COMMAND, "import", str(big), str(tmp_path / "missing.pdf"), str(good), "--lang", "en"],
        capture_output=True, text=True, env=environment, check=False, timeout=60,
    )  # fmt: skip
    records = _records(result.stdout)
    assert [(r["outcome"], r.get("reason")) for r in records] == [
        ("refused", "over_limit"), ("refused", "unreadable"), ("complete", None),
    ]  # fmt: skip
    assert "No such file" in str(records[1]["error"])
    assert result.returncode == 2


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--resume"], "--resume 需要"),
        (["--jobs", "0"], "--jobs 至少为 1"),
        (["--findings", "x.txt"], "--findings 写成"),
        (["--agency", "某机关"], "--agency"),
    ],
)
def test_what_a_corpus_run_refuses(tmp_path: Path, options: list[str], words: str) -> None:
    result = run("import", str(tmp_path), *options)
    assert result.returncode == 2
    assert words in result.stderr


def test_a_terminal_sees_the_files_done_and_the_summary(tmp_path: Path) -> None:
    import pty
    import subprocess

    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(3):
        (folder / f"{index}.html").write_bytes(REAL["html-2024-平潭综合实验区.html"].read_bytes())
    leader, follower = pty.openpty()
    assert COMMAND is not None
    process = subprocess.run(
        [COMMAND, "import", str(folder), "--lang", "en"],
        stdout=subprocess.PIPE, stderr=follower, timeout=60, check=False,
    )  # fmt: skip
    os.close(follower)
    shown = b""
    try:
        while chunk := os.read(leader, 4096):
            shown += chunk
    except OSError:
        pass  # the terminal closes when the child is gone
    os.close(leader)
    assert process.returncode == 0
    text = shown.decode("utf-8")
    assert "\r[" + "#" * 30 + "] 3/3 · " in text
    assert "\r\x1b[K" in text  # the progress line is cleared before the summary
    assert "3 files: 3 imported complete" in text
    assert len(process.stdout.splitlines()) == 3
