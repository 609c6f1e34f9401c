"""A panel of a corpus: a seven-year series of one agency across both templates, imported in
one command and exported as one long table whose `comparable` column lines the years up."""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from disclosure_report import comparable
from disclosure_report._panel import PANEL_FIELDS
from tests.helpers.cli import assert_one_line_error, run
from tests.helpers.corpus import AMBIGUOUS, MISSING, Keyed, corpus

SERIES = [keyed for keyed in corpus() if keyed.name.startswith("crawler-text-") and
          keyed.name.endswith("-平潭综合实验区")]  # fmt: skip
"""平潭综合实验区 2019–2025, as a crawler saved the pages: 2019 and 2020 in the 2019 template,
2021 on in the 2021 template."""


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("series")
    for keyed in SERIES:
        shutil.copy(keyed.source, folder / f"{keyed.truth['year']}.txt")
    out = folder / "imported.jsonl"
    result = run("import", str(folder), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


def _panel(imported: Path) -> list[dict[str, str]]:
    result = run("export", "--jsonl", str(imported))
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_the_series_spans_both_templates() -> None:
    years = {keyed.truth["year"]: keyed.truth["template"] for keyed in SERIES}
    assert years == {2019: "2019", 2020: "2019", **dict.fromkeys(range(2021, 2026), "2021")}


def test_the_figures_of_the_panel_are_the_reports(imported: Path) -> None:
    rows = _panel(imported)
    assert tuple(rows[0]) == PANEL_FIELDS
    by_year: dict[int, dict[str, dict[str, str]]] = {}
    for row in rows:
        by_year.setdefault(int(row["year"]), {})[row["pointer"]] = row
    assert sorted(by_year) == list(range(2019, 2026))
    records = [json.loads(line) for line in imported.read_text(encoding="utf-8").splitlines()]
    hashes = {Path(record["source"]).stem: record["sha256"] for record in records}
    checked = 0
    for keyed in SERIES:
        year = keyed.truth["year"]
        cells = by_year[year]
        for pointer, truth in keyed.expected().items():
            row = cells[pointer]
            assert (row["source"], row["sha256"]) == (str(imported.parent / f"{year}.txt"),
                                                      hashes[str(year)])  # fmt: skip
            if row["unread"] == "true":  # not read, and said so: never a number
                assert (row["value"], row["blank"]) == ("", "false")
                continue
            if truth in (MISSING, AMBIGUOUS):
                continue
            if truth is None:
                assert (row["value"], row["blank"]) == ("", "true"), (year, pointer)
            else:
                assert Decimal(row["value"]) == truth, (year, pointer)
                assert row["where"], (year, pointer)
                checked += 1
    assert checked > 7 * 60


def test_the_comparable_cells_of_both_templates_stand_in_one_column(imported: Path) -> None:
    rows = _panel(imported)
    received = comparable("/applications/received/total", "2021")
    assert received == comparable("/applications/received/total", "2019")
    column = {int(row["year"]): row for row in rows if row["comparable"] == received}
    assert sorted(column) == list(range(2019, 2026))
    for keyed in SERIES:
        truth = keyed.expected()["/applications/received/total"]
        row = column[keyed.truth["year"]]
        assert row["value"] == ("" if truth is None else str(truth))
    # Every key the declarations give both templates lines up all seven years, one row each.
    years_of: dict[str, list[int]] = {}
    templates_of: dict[str, set[str]] = {}
    for row in rows:
        if row["comparable"]:
            years_of.setdefault(row["comparable"], []).append(int(row["year"]))
            templates_of.setdefault(row["comparable"], set()).add(row["template"])
    shared = [key for key, found in templates_of.items() if found == {"2019", "2021"}]
    assert len(shared) > 100
    assert all(sorted(years_of[key]) == list(range(2019, 2026)) for key in shared)


def test_parquet_is_partitioned_by_year_and_holds_the_csv(imported: Path, tmp_path: Path) -> None:
    folder = tmp_path / "panel"
    result = run("export", "--jsonl", str(imported), "--format", "parquet", "-o", str(folder))
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in folder.iterdir()) == [
        f"year={year}" for year in range(2019, 2026)
    ]
    table = ds.dataset(folder, format="parquet", partitioning="hive").to_table()
    rows = _panel(imported)
    assert table.num_rows == len(rows)
    read = sorted(
        (row["year"], row["pointer"], row["value_text"], row["unread"], row["comparable"])
        for row in table.to_pylist()
    )
    expected = sorted(
        (int(row["year"]), row["pointer"], row["value"] or None, row["unread"] == "true",
         row["comparable"] or None)
        for row in rows
    )  # fmt: skip
    assert read == expected


def test_a_refused_file_has_no_rows_and_is_said(tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text("关于开展检查的通知\n", encoding="utf-8")
    keyed: Keyed = SERIES[0]
    shutil.copy(keyed.source, tmp_path / "2019.txt")
    out = tmp_path / "imported.jsonl"
    run("import", str(tmp_path / "2019.txt"), str(notice), "-o", str(out))
    result = run("export", "--jsonl", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert {row["source"] for row in csv.DictReader(io.StringIO(result.stdout))} == {
        str(tmp_path / "2019.txt")
    }
    assert "1 file(s) were refused by the import" in result.stderr


def test_the_index_of_a_run_into_a_folder_gives_the_same_panel(
    imported: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "reports"
    result = run("import", str(imported.parent), "--output-dir", str(folder))
    assert result.returncode == 0, result.stderr
    index = folder / "index.jsonl"
    assert all("report" not in json.loads(line) for line in index.read_text("utf-8").splitlines())
    panel = run("export", "--jsonl", str(index))
    assert panel.returncode == 0, panel.stderr
    assert panel.stdout == run("export", "--jsonl", str(imported)).stdout


@pytest.mark.parametrize("name", ["../elsewhere.json", "/tmp/elsewhere.json", ".."])
def test_an_index_names_files_beside_it_alone(imported: Path, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "reports"
    run("import", str(SERIES[0].source), "--output-dir", str(folder))
    index = folder / "index.jsonl"
    record = json.loads(index.read_text(encoding="utf-8"))
    index.write_text(json.dumps({**record, "file": name}) + "\n", encoding="utf-8")
    assert_one_line_error(run("export", "--jsonl", str(index)), "不是索引所在文件夹中的文件名")
    english = run("export", "--jsonl", str(index), "--lang", "en")
    assert_one_line_error(english, "not the name of a file")


def test_an_index_read_from_standard_input_is_refused_saying_why(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    run("import", str(SERIES[0].source), "--output-dir", str(folder))
    index = (folder / "index.jsonl").read_text(encoding="utf-8")
    result = run("export", "--jsonl", "-", "--lang", "en", stdin=index)
    assert_one_line_error(result, "give the path of index.jsonl")


def test_a_report_missing_beside_the_index_is_said(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    run("import", str(SERIES[0].source), "--output-dir", str(folder))
    for saved in folder.glob("*.json"):
        saved.unlink()
    result = run("export", "--jsonl", str(folder / "index.jsonl"))
    assert_one_line_error(result, str(folder))
