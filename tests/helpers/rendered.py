"""What the rendering tests share: the browser they print with, and a report with every
kind of content an office's report has."""

from __future__ import annotations

import shutil
from typing import Any

from disclosure_report import loads
from disclosure_report._jsontext import encode
from tests.helpers.documents import patch, sample

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def office_report(template: str, seed: int = 4, changes: dict[str, Any] | None = None) -> Any:
    """A filled report of `template` of a county government, with two paragraphs."""
    document = sample(template, seed)
    document["agency"] = {"name": "某某县人民政府", "division_code": "320831", "scope": "region"}
    document["sections"] = {"overview": "总体情况。\n第二段。", "problems": "问题。", "other": ""}
    return loads(encode(patch(document, changes or {})))
