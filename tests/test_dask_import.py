"""Importing a corpus on Dask gives the local import's records, on a real local cluster."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dask.distributed as dask_distributed
import pytest

from disclosure_report._corpus import import_files, published_files, record_line
from disclosure_report._importing._ocr import SWITCH
from disclosure_report.dask import import_corpus, imported_dataframe
from tests.helpers.mixed import mixed_folder


@pytest.fixture(scope="module", autouse=True)
def _without_ocr() -> Iterator[None]:
    """These imports name scans, as without the ``ocr`` extra: its engine is turned off, for
    the worker processes too (`test_ocr.py` reads scans)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(SWITCH, "off")
        yield


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    cluster = dask_distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
    )  # fmt: skip
    with dask_distributed.Client(cluster) as connected:
        yield connected
    cluster.close()


def test_dask_imports_into_the_records_of_the_local_import(client: object, tmp_path: Path) -> None:
    expected = mixed_folder(tmp_path / "corpus", generated=6)
    folder = tmp_path / "corpus"
    patterns = [
        str(folder / "real"), str(folder / "generated"), str(folder / "damaged"),
        str(folder / "scanned" / "*.pdf"), str(tmp_path / "nowhere" / "*.pdf"),
    ]  # fmt: skip
    local = list(import_files(published_files(patterns), jobs=1))
    bag = import_corpus(patterns, partitions=4)
    on_dask = bag.compute()
    assert len(on_dask) == len(expected) + 1  # and the glob that matches nothing, said
    assert [record_line(item) for item in on_dask] == [record_line(item) for item in local]
    assert [item.findings for item in on_dask] == [item.findings for item in local]
    frame = imported_dataframe(bag).compute()
    assert frame["source"].tolist() == [item.source for item in local]
    assert frame["outcome"].tolist() == [item.outcome for item in local]
    refused = frame[frame["outcome"] == "refused"]
    assert sorted(refused["reason"]) == ["damaged", "damaged", "not_a_report", "scanned",
                                         "unreadable"]  # fmt: skip
