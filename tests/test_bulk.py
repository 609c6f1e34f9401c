"""Bulk validation: folders, JSON Lines, every core, bounded memory."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import pty
import subprocess
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from disclosure_report import _bulk
from disclosure_report._bulk import (
    AHEAD,
    CHUNK,
    LINE_ENDS_FOUND,
    Document,
    Span,
    check,
    check_sources,
    documents,
    line_ends,
    read_lines,
    read_span,
    spans,
)
from disclosure_report._jsontext import encode
from disclosure_report._limits import LIMITS, as_written, pathlib_name
from disclosure_report._verdicts import SLOWEST, Block, Form, Outcome, Style, Tally, Writer
from tests.helpers.cli import COMMAND, run
from tests.helpers.documents import jsonl, sample


def test_jsonl_reports_each_line_with_its_number(tmp_path: Path) -> None:
    path = jsonl(tmp_path, 6, broken=4)
    result = run("validate", "--format", "json", "--jsonl", str(path))
    assert result.returncode == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 4, 5, 6, 7]
    assert [r["valid"] for r in records] == [True, True, True, False, None, True]
    assert "不是有效的 JSON" in records[4]["error"]
    assert f"{path}:6:" in records[4]["error"]
    assert result.stderr.splitlines()[0].startswith(f"disclosure-report: {path}:6: 不是有效的 JSON")


def test_jsonl_from_stdin(tmp_path: Path) -> None:
    path = jsonl(tmp_path, 4)
    result = run("validate", "--format", "json", "--quiet", "--jsonl", "-", stdin=path.read_bytes())
    assert result.returncode == 1
    assert {json.loads(line)["source"] for line in result.stdout.splitlines()} == {"<stdin>"}
    assert result.stderr == ""


def test_two_jobs_give_the_same_output_as_one(tmp_path: Path) -> None:
    path = jsonl(tmp_path, 3 * CHUNK + 5)
    one = run("validate", "--format", "json", "--jobs", "1", "--jsonl", str(path))
    two = run("validate", "--format", "json", "--jobs", "2", "--jsonl", str(path))
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    assert len(one.stdout.splitlines()) == 3 * CHUNK + 5


def test_csv_is_one_row_per_finding(tmp_path: Path) -> None:
    path = jsonl(tmp_path, 10)
    result = run("validate", "--format", "csv", "--jsonl", str(path))
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 2

    def parts(index: int) -> str:
        review = sample("2021", index % 7)["review_litigation"]["review"]
        return str(sum(review[key] for key in ("upheld", "corrected", "other", "pending")))

    # Documents 3 and 8 are broken; the blank third line shifts them to lines 5 and 10.
    assert [(r["line"], r["code"], r["pointer"], r["expected"], r["actual"]) for r in rows] == [
        ("5", "T4_TOTAL", "/review_litigation/review/total", parts(3), "1000000"),
        ("10", "T4_TOTAL", "/review_litigation/review/total", parts(8), "1000000"),
    ]
    assert rows[0]["message"].startswith("表四 · 行政复议 · 总计：应为 ")


def test_summary_counts_codes_and_slowest(tmp_path: Path) -> None:
    path = jsonl(tmp_path, 10)
    text = run("validate", "--jsonl", str(path)).stdout.splitlines()
    assert text[-2] == "共 10 份：有效 8，无效 2，无法读取 0"
    assert text[-1] == "最常见：T4_TOTAL ×2"  # nothing that changes from run to run
    timed = run("validate", "--timing", "--jsonl", str(path)).stdout.splitlines()
    assert timed[-1].startswith(f"最慢：{path}:")
    machine = run("validate", "--format", "json", "--lang", "en", "--jsonl", str(path))
    assert machine.stderr.splitlines()[0] == "10 documents: 8 valid, 2 invalid, 0 unreadable"
    quiet = run("validate", "--quiet", "--jsonl", str(path))
    assert "共 10 份" not in quiet.stdout


def test_progress_shows_on_a_terminal_only(tmp_path: Path) -> None:
    path = jsonl(tmp_path, 3)
    piped = run("validate", "--jsonl", str(path))
    assert "\r" not in piped.stderr
    leader, follower = pty.openpty()
    assert COMMAND
    process = subprocess.run(
        [COMMAND, "validate", "--format", "json", "--jsonl", str(path)],
        stdout=subprocess.PIPE,
        stderr=follower,
        timeout=60,
        check=False,
    )
    os.close(follower)
    shown = b""
    try:
        while chunk := os.read(leader, 4096):
            shown += chunk
    except OSError:
        pass  # the terminal closes when the child is gone
    os.close(leader)
    assert process.returncode == 0
    assert b"\r" in shown
    assert b"1 \xc2\xb7 " in shown  # "1 · " documents so far
    assert b"\x1b[K" in shown  # the line is cleared at the end


@pytest.mark.parametrize("jobs", [1, 2])
def test_reading_stays_a_bounded_distance_ahead_of_the_output(jobs: int) -> None:
    data = encode(sample("2021"), indent=None).encode()
    produced = 0

    def endless() -> Iterator[Document]:
        nonlocal produced
        for number in range(1, 20 * CHUNK * AHEAD):
            produced += 1
            yield Document("corpus", number, data)

    furthest = 0
    for consumed, outcome in enumerate(check(endless(), jobs=jobs), 1):
        assert outcome.valid
        furthest = max(furthest, produced - consumed)
    assert furthest <= (jobs * AHEAD + 2) * CHUNK


def test_documents_reads_folders_files_and_lines_lazily(tmp_path: Path) -> None:
    path = jsonl(tmp_path, 3)
    found = documents([str(tmp_path / "missing.json")], [str(path)])
    first = next(found)
    assert first.error is not None
    assert "no such file" in first.error
    assert [d.line for d in found] == [1, 2, 4]


def _lines_file(tmp_path: Path, ending: bytes, long_line: bool) -> Path:
    lines = [encode(sample("2021", index), indent=None).encode() for index in range(6)]
    lines.insert(2, b"")
    lines.insert(4, b"not json")
    if long_line:
        lines.insert(5, b"x" * 20_000)
    path = tmp_path / "lines.jsonl"
    path.write_bytes(b"\n".join(lines) + ending)
    return path


@pytest.mark.parametrize("size", [1, 5_000, 9_000, 30_000, 1 << 20])
@pytest.mark.parametrize("ending", [b"\n", b""])
@pytest.mark.parametrize("long_line", [False, True])
def test_spans_give_the_documents_of_reading_line_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, ending: bytes, long_line: bool
) -> None:
    monkeypatch.setattr(LIMITS, "document_bytes", 10_000)
    path = _lines_file(tmp_path, ending, long_line)
    expected = list(read_lines(str(path)))
    parts = list(spans(str(path), size))
    found = [document for part in parts for document in read_span(part)]
    if long_line and len(parts) > 1:
        cut = next(i for i, d in enumerate(found) if d.data is None)
        found = found[: cut + 1]  # the reader stops there, as `check_sources` does
    assert found == expected
    assert parts[0].start == 0
    assert all(a.end == b.start for a, b in itertools.pairwise(parts))


def test_workers_read_a_bounded_number_of_spans_ahead_of_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_bulk, "SPAN_BYTES", 7_000)
    path = jsonl(tmp_path, 200)
    produced = 0

    def counted(source: str, size: int | None = None) -> Iterator[Span]:
        nonlocal produced
        for part in spans(source, size):
            produced += 1
            yield part

    monkeypatch.setattr(_bulk, "spans", counted)
    furthest = 0
    found = check_sources(jsonl=[str(path)], jobs=2, style=Style("json"))
    for consumed, block in enumerate(found, 1):
        assert isinstance(block, Block)
        furthest = max(furthest, produced - consumed)
    assert produced > 5 * _bulk.SPANS_A_CALL * _bulk.CALLS_AHEAD
    assert furthest <= (2 * _bulk.CALLS_AHEAD + 1) * _bulk.SPANS_A_CALL


@pytest.mark.parametrize("extra", [-2, -1, 0, 1, 2])
@pytest.mark.parametrize("ending", [b"\n", b""])
@pytest.mark.parametrize("blank", [b"", b" \t\r"])
def test_a_span_reads_a_line_at_the_limit_as_reading_line_by_line_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: int, ending: bytes, blank: bytes
) -> None:
    """A line of the limit's length, one byte either side, with and without its line end
    (the last line), after a blank line (or one of spaces): refused or read alike."""
    monkeypatch.setattr(LIMITS, "document_bytes", 100)
    path = tmp_path / "edge.jsonl"
    path.write_bytes(b"{}\n" + blank + b"\n" + b"x" * (100 + extra) + ending)
    expected = list(read_lines(str(path)))
    whole = Span(str(path), 0, path.stat().st_size, 1)
    assert list(read_span(whole)) == expected
    assert [d.line for d in expected] == [1, 3]
    assert (expected[-1].data is None) == (len(b"x" * (100 + extra) + ending) > 100 + len(ending))


@pytest.mark.parametrize("long_line", [False, True])
def test_workers_reading_their_own_spans_give_the_outcomes_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, long_line: bool
) -> None:
    monkeypatch.setattr(LIMITS, "document_bytes", 10_000)
    monkeypatch.setattr(_bulk, "SPAN_BYTES", 7_000)
    path = _lines_file(tmp_path, b"\n", long_line)
    expected = list(check(documents(jsonl=[str(path)]), jobs=1))
    found = list(check_sources(jsonl=[str(path)], jobs=2))
    assert [attrs.evolve(o, seconds=0.0) for o in found if isinstance(o, Outcome)] == [
        attrs.evolve(o, seconds=0.0) for o in expected
    ]
    assert len(found) == len(expected)


def _written_one_by_one(outcomes: list[Outcome], style: Style) -> tuple[list[str], Tally]:
    """What a writer writes of `outcomes` one by one: stdout's text, then in turn each
    unreadable document's error (said on stderr) and the text after it; and the tally."""
    out = io.StringIO()
    writer = Writer(style, out)
    said: list[str] = []
    for outcome in outcomes:
        if outcome.error is not None:
            said += [out.getvalue(), outcome.error]
            out.seek(0)
            out.truncate()
        writer.write(outcome)
    return [*said, out.getvalue()], writer.tally


@pytest.mark.parametrize("form", ["json", "csv", "text"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("long_line", [False, True])
@pytest.mark.parametrize("spans_a_call", [1, 3])
def test_blocks_that_workers_write_are_what_writing_one_by_one_writes(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    form: Form,
    lang: str,
    long_line: bool,
    spans_a_call: int,
) -> None:
    monkeypatch.setattr(LIMITS, "document_bytes", 10_000)
    monkeypatch.setattr(_bulk, "SPAN_BYTES", 7_000)
    monkeypatch.setattr(_bulk, "SPANS_A_CALL", spans_a_call)
    path = _lines_file(tmp_path, b"\n", long_line)
    style = Style(form, lang, show_all=False)
    expected = list(check(documents(jsonl=[str(path)]), jobs=1, lang=lang))
    found = list(check_sources(jsonl=[str(path)], jobs=2, style=style))
    assert len(found) >= 2
    blocks = [block for block in found if isinstance(block, Block)]
    assert len(blocks) == len(found)
    assert any(block.errors and block.tally.documents > 1 for block in blocks)
    said = [""]
    tally = Tally()
    for block in blocks:
        assert len(block.texts) == len(block.errors) + 1
        said[-1] += block.texts[0]
        for error, text in zip(block.errors, block.texts[1:], strict=True):
            said += [error, text]
        tally.merge(block.tally)
    one_by_one, one_tally = _written_one_by_one(expected, style)
    assert said == one_by_one
    assert attrs.evolve(tally, slowest=[]) == attrs.evolve(one_tally, slowest=[])
    read = {f"{path}:{o.line}" for o in expected if o.error is None}
    assert len(tally.slowest) == len(one_tally.slowest) == min(SLOWEST, len(read))
    assert {where for _, where in tally.slowest} <= read
    assert tally.documents == len(expected)
    assert tally.counts["unreadable"] == (2 if long_line else 1)


def test_tallies_merged_in_order_count_as_adding_one_by_one() -> None:
    def outcome(index: int, codes: str, seconds: float, error: str | None = None) -> Outcome:
        findings = tuple({"code": code} for code in codes.split())
        return Outcome("f", index, "2021", not findings, findings, error, seconds, 10 + index)

    outcomes = [
        outcome(1, "B A", 0.5), outcome(2, "", 0.1), outcome(3, "C", 0.9),
        outcome(4, "", 0.0, error="f:4: unreadable"), outcome(5, "A C D", 0.3),
        outcome(6, "E", 0.7), outcome(7, "D", 0.2), outcome(8, "", 0.8), outcome(9, "F B", 0.4),
    ]  # fmt: skip
    whole = Tally()
    for item in outcomes:
        whole.add(item)
    for cuts in [(3,), (1, 4, 8), (0, 9), tuple(range(1, 9))]:
        merged = Tally()
        for start, end in itertools.pairwise((0, *cuts, len(outcomes))):
            part = Tally()
            for item in outcomes[start:end]:
                part.add(item)
            merged.merge(part)
        assert merged.documents == whole.documents == 9
        assert merged.size == whole.size
        assert merged.counts == whole.counts
        assert list(merged.codes.items()) == list(whole.codes.items())  # first found first
        assert sorted(merged.slowest) == sorted(whole.slowest)
        assert len(merged.slowest) == SLOWEST


@pytest.mark.parametrize("length", [1, 40, 999, 5_000])
@pytest.mark.parametrize("ending", [b"\n", b""])
def test_line_ends_are_counted_whether_found_one_by_one_or_not(length: int, ending: bytes) -> None:
    for count in [0, 1, LINE_ENDS_FOUND - 1, LINE_ENDS_FOUND, LINE_ENDS_FOUND + 7]:
        lines = [bytes([65 + index % 26]) * (length + index % 3) for index in range(count + 1)]
        block = b"\n".join(lines) + ending
        assert line_ends(block) == block.count(b"\n") == count + (ending == b"\n")


@pytest.mark.parametrize("form", ["json", "csv", "text"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_two_jobs_write_what_one_writes_in_every_format(
    tmp_path: Path, form: str, lang: str
) -> None:
    path = jsonl(tmp_path, 12 * CHUNK, broken=CHUNK + 1)
    lines = path.read_bytes().split(b"\n")
    for at in (200, 201, 720, 1460, 1461):  # unreadable lines in later spans
        lines[at] = b"not json"
    path.unlink()
    path = tmp_path / "named \x1b[2J.jsonl"  # a control character, said as an escape
    path.write_bytes(b"\n".join(lines[:-1]))  # and the last line without its end
    calls = path.stat().st_size / (_bulk.SPAN_BYTES * _bulk.SPANS_A_CALL)
    assert calls > 2  # each worker is given spans, several times
    given = ["validate", "--format", form, "--lang", lang, "--all", "--jsonl", str(path)]
    one = run(*given, "--jobs", "1")
    two = run(*given, "--jobs", "2")
    assert one.returncode == two.returncode == 2
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    said = [line for line in one.stderr.splitlines() if line.startswith("disclosure-report: ")]
    assert len(said) == 6  # the line cut short and the five that are no JSON
    assert "\\x1b[2J" in one.stderr


_NAMES = st.lists(st.sampled_from(["", ".", "..", "sub", "a.json", "b.XLSX", ".xlsx", "c."]),
                  min_size=1, max_size=4).map("/".join)  # fmt: skip
"""File names with parts pathlib drops (empty, ``.``) and parts it keeps, rooted or not."""


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Folders and files of the names `_NAMES` is made of."""
    root = tmp_path_factory.mktemp("names")
    (root / "sub" / "sub").mkdir(parents=True)
    for name in ("a.json", "b.XLSX", ".xlsx", "c.", "sub/a.json"):
        (root / name).write_bytes(b"{}\n")
    return root


@given(name=_NAMES | _NAMES.map(lambda name: "/" + name))
@example(name="")
@example(name="//sub/a.json")
def test_a_file_name_is_read_as_pathlib_reads_it(tree: Path, name: str) -> None:
    """The names a command reads are asked of the operating system as pathlib would ask:
    the name it opens, whether it is a folder, its suffix, the size of a file — pathlib is
    not imported for a name it reads as written."""
    here = Path.cwd()
    path = Path(name)
    try:
        os.chdir(tree)
        assert os.fspath(pathlib_name(name)) == os.fspath(path)
        assert not as_written(name) or str(path) == name  # else pathlib is asked
        assert _bulk._is_dir(name) == path.is_dir()
        assert _bulk._suffix(name) == path.suffix
        assert _bulk._file_size(name) == (path.stat().st_size if path.is_file() else None)
    finally:
        os.chdir(here)
