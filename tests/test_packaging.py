"""The wheel carries the schemas, the type marker and the command."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from disclosure_report._schema import SCHEMA_FILES

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    target = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(target),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = target.glob("disclosure_report-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_ships_the_published_schemas(wheel: zipfile.ZipFile) -> None:
    for name in SCHEMA_FILES.values():
        packaged = wheel.read(f"disclosure_report/schemas/{name}").decode("utf-8")
        assert packaged == (ROOT / "schemas" / name).read_text(encoding="utf-8")


def test_the_wheel_is_typed_and_has_the_command(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    assert "disclosure_report/py.typed" in names
    (entry_points,) = (name for name in names if name.endswith("entry_points.txt"))
    assert "disclosure-report = disclosure_report._cli:main" in wheel.read(entry_points).decode()


def test_the_wheel_ships_the_web_page_and_its_extra(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    for name in ("page.css", "page.js", "icon.svg"):
        packaged = wheel.read(f"disclosure_report/_web/static/{name}")
        assert (
            packaged == (ROOT / "src" / "disclosure_report" / "_web" / "static" / name).read_bytes()
        )
    (metadata,) = (name for name in names if name.endswith(".dist-info/METADATA"))
    assert "Provides-Extra: web" in wheel.read(metadata).decode()
