"""The time the OCR benchmarks spend in the engine (detection and recognition), apart from
the rest of an import (reading the file, rebuilding the tables, recognizing the labels)."""

from __future__ import annotations

import time
from typing import Any


class EngineClock:
    """Seconds spent in the OCR engine since the last `reset`, in this process.

    Making one wraps the engine's entry point and loads its models, so that loading them
    is not counted in the first import that is timed. Pages read by other processes are
    not counted: time the engine with imports of one process (``jobs=1``).
    """

    def __init__(self) -> None:
        from disclosure_report._importing import _ocr

        self.seconds = 0.0
        original = _ocr._boxes

        def timed(pixels: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(pixels)
            finally:
                self.seconds += time.perf_counter() - start

        _ocr._boxes = timed
        _ocr.engine()  # the models, loaded once

    def reset(self) -> None:
        self.seconds = 0.0
