"""The documentation site builds with warnings as errors, and its API reference covers the
public API: every name of ``disclosure_report.__all__``, and every public module's ``__all__``.

CI builds the site too (``.ci/run``); this test lets a change that breaks a link, leaves a page
out of the navigation or drops a name from the reference fail before it lands.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import disclosure_report

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("mkdocs", reason="the docs extra: pip install -e '.[dev]'")
    target = tmp_path_factory.mktemp("site")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
         "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(target)],
        capture_output=True, text=True, timeout=600, check=False,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    assert "WARNING" not in built.stderr, built.stderr
    return target


def _anchors(page: Path) -> set[str]:
    return set(re.findall(r'id="([^"]+)"', page.read_text(encoding="utf-8")))


def test_every_page_is_built_both_languages_included(site: Path) -> None:
    pages = {
        p.relative_to(ROOT / "docs").with_suffix(".html") for p in (ROOT / "docs").rglob("*.md")
    }
    assert pages >= {Path("index.html"), Path("zh/index.html"), Path("quickstart.html")}
    for page in pages:
        assert (site / page).is_file(), page


def test_the_reference_shows_every_name_the_package_exports(site: Path) -> None:
    anchors = _anchors(site / "api" / "index.html")
    for name in disclosure_report.__all__:
        value = getattr(disclosure_report, name)
        where = {f"disclosure_report.{name}"}
        if hasattr(value, "__qualname__"):
            where.add(f"{value.__module__}.{value.__qualname__}")
        assert where & anchors, name


def test_the_reference_has_a_page_for_every_public_module(site: Path) -> None:
    modules = [
        module.name
        for module in pkgutil.walk_packages(disclosure_report.__path__, "disclosure_report.")
        if not any(part.startswith("_") for part in module.name.split("."))
    ]
    assert modules == ["disclosure_report.dask"]  # every other module is private
    for name in modules:
        page = site / "api" / f"{name}.html"
        assert page.is_file(), name
        anchors = _anchors(page)
        for member in importlib.import_module(name).__all__:
            assert f"{name}.{member}" in anchors, (name, member)
