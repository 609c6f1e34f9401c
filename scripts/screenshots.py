"""Screenshots of the rendered examples and of the web page for the docs, taken in headless
Chromium.

python scripts/screenshots.py   # writes docs/images/*.png
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from disclosure_report import load
from disclosure_report._rendering import render

ROOT = Path(__file__).resolve().parents[1]
SHOTS = {
    "report-2021.png": ("2024_淮安市人民政府.json", False),
    "report-annotated.png": ("2023_某某县自然资源局_defects.json", True),
}
SHOTS_WEB = "2023_某某县自然资源局_defects.json"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> None:
    target = ROOT / "docs" / "images"
    target.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 900, "height": 1200})
        for name, (example, annotate) in SHOTS.items():
            page_file = Path(folder) / "page.html"
            page_file.write_text(str(render(load(ROOT / "examples" / example), "html",
                                            annotate=annotate)), encoding="utf-8")  # fmt: skip
            page.goto(page_file.as_uri())
            # Measured unscrolled, the boxes (relative to the viewport) are the page's
            # coordinates, which a full-page clip takes.
            top = page.locator("h2", has_text="三、收到和处理").bounding_box()
            bottom = page.locator("table.review_litigation").bounding_box()
            assert top is not None
            assert bottom is not None
            clip: Any = {"x": 0, "y": top["y"] - 10, "width": 900,
                    "height": bottom["y"] + bottom["height"] - top["y"] + 20}  # fmt: skip
            page.screenshot(path=str(target / name), full_page=True, clip=clip)
            print(f"wrote docs/images/{name}")
        _web(page, target)
        browser.close()


def _web(page: Any, target: Path) -> None:
    """The page of `disclosure-report serve` after an upload of the defects example."""
    command = shutil.which("disclosure-report", path=str(Path(sys.executable).parent))
    assert command, "the disclosure-report entry point is not installed"
    with subprocess.Popen(
        [command, "serve", "--port", "0", "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    ) as server:
        assert server.stdout is not None
        found = re.search(r"http://\S+/", server.stdout.readline().decode())
        assert found, "the server did not start"
        page.set_viewport_size({"width": 1000, "height": 1000})
        page.goto(found.group(0))
        with page.expect_navigation():
            page.set_input_files("input#file", str(ROOT / "examples" / SHOTS_WEB))
        bottom = page.locator("table.applications").bounding_box()
        assert bottom is not None
        clip = {"x": 0, "y": 0, "width": 1000, "height": bottom["y"] + 420}
        page.screenshot(path=str(target / "web.png"), full_page=True, clip=clip)
        print("wrote docs/images/web.png")
        server.terminate()


if __name__ == "__main__":
    main()
