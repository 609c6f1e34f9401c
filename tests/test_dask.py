"""The Dask path gives the local path's answers, on a real local cluster."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dask.distributed as dask_distributed
import pytest

from disclosure_report._bulk import check, documents
from disclosure_report._jsontext import encode
from disclosure_report.dask import (
    findings_dataframe,
    read_files,
    read_jsonl,
    to_dataframe,
    validate_bag,
    validate_corpus,
)
from tests.helpers.documents import jsonl, patch, sample


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    cluster = dask_distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    with dask_distributed.Client(cluster) as connected:
        yield connected
    cluster.close()


def _corpus(tmp_path: Path) -> tuple[list[str], list[str]]:
    folder = tmp_path / "reports"
    folder.mkdir()
    for index in range(6):
        document = sample("2019" if index % 2 else "2021", index)
        if index == 4:
            document = patch(document, {"/applications/received/total": "x"})
        (folder / f"{index}.json").write_text(encode(document), encoding="utf-8")
    return [str(folder)], [str(jsonl(tmp_path, 40, broken=7))]


def test_dask_gives_the_same_results_as_the_local_path(client: object, tmp_path: Path) -> None:
    files, jsonl = _corpus(tmp_path)
    local = list(check(documents(files, jsonl), jobs=1))
    frame = validate_corpus(files, jsonl).compute()
    assert len(frame) == len(local) == 6 + 40

    def column(name: str) -> list[object]:
        values = frame[name].astype(object)
        return values.where(values.notna(), None).tolist()

    assert column("source") == [o.source for o in local]
    assert column("line") == [o.line for o in local]
    assert column("valid") == [o.valid for o in local]
    assert column("codes") == [" ".join(sorted({f["code"] for f in o.findings})) for o in local]
    assert column("error") == [o.error for o in local]


def test_findings_as_a_dataframe(client: object, tmp_path: Path) -> None:
    _, jsonl = _corpus(tmp_path)
    outcomes = validate_bag(read_jsonl(jsonl), lang="en")
    findings = findings_dataframe(outcomes).compute()
    local = [f for o in check(documents((), jsonl), lang="en") for f in o.findings]
    assert len(findings) == len(local) > 0
    assert list(findings["pointer"]) == [f["pointer"] for f in local]
    assert list(findings["message"]) == [f["message"] for f in local]


def test_files_as_a_bag(client: object, tmp_path: Path) -> None:
    files, _ = _corpus(tmp_path)
    frame = to_dataframe(validate_bag(read_files(files))).compute()
    assert sorted(frame["valid"].tolist()) == [False] + [True] * 5


def test_one_large_file_is_spread_over_partitions(client: object, tmp_path: Path) -> None:
    _, jsonl = _corpus(tmp_path)
    bag = read_jsonl(jsonl, blocksize=20_000)
    assert bag.npartitions > 5
    frame = to_dataframe(validate_bag(bag)).compute()
    local = list(check(documents((), jsonl), jobs=1))
    assert frame["line"].tolist() == [o.line for o in local]
    assert frame["valid"].astype(object).where(frame["valid"].notna(), None).tolist() == [
        o.valid for o in local
    ]
