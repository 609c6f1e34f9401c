"""Scanned pages: text boxes read by OCR, rebuilt into the lines and table rows every other
reader gives.

The engine is RapidOCR (``rapidocr-onnxruntime``, the ``ocr`` extra): PaddleOCR's PP-OCRv4
Chinese models run by ONNX Runtime, shipped inside the wheel, loaded once per process. It
gives a box, a text and a confidence for each run of text; nothing here reads the page's
pixels but to tell an empty cell from one whose print the engine did not find.

The boxes become blocks in four steps:

1. **Skew.** The median slope of the wide boxes is the page's rotation; every box is turned
   back by it, so that a row of a table lies on one height again.
2. **Lines.** Boxes that read as a value (digits, with the letters OCR takes digits for)
   are grouped into lines by their height on the page. A label left of the values joins
   the nearest line, also when printed over several lines around it; a short box among the
   values joins them (to be flagged there); any other box makes lines of text. Of a row's
   labels, the one next to the values is the row's; group labels printed further left
   become text apart from it.
3. **Columns.** In a run of value lines with no line of text between them (one block of a
   table), the values' horizontal extents, overlapping, make the columns. A value goes to
   the column it stands under; a column with no box in a line is blank where its place
   holds no ink, and read again on its own where it does.
4. **Trust.** A value read with less than `TRUSTED` confidence, or holding a letter OCR
   takes for a digit (``O``, ``l``, ``|``, ``S``…), is read once more from its own crop; if
   that reading is not a clean number read with `TRUSTED` confidence either, the cell is
   *doubtful*: the recognizer leaves it unread with an ``IMPORT_UNCERTAIN`` finding,
   quoting what was printed. Nothing is corrected and nothing guessed.

After the recognizer, `confirm` lets the template's sums take the unsure readings they
confirm and leave unread a sure one where two sums fail and meet.

Each cell keeps its box in the page image as given (skew and scaling undone), which its
provenance and the findings about it name, so that a reviewer finds it on the scan. The
pages of a report are read over several processes (`workers`), each loading the engine once.

Labels stay text: the recognizer matches them to the template's rows as it matches the
labels of every other form.
"""

from __future__ import annotations

import functools
import math
import os
import re
import statistics
from collections.abc import Iterable, Iterator, Sequence
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .._errors import InvalidArgumentError, MissingExtraError
from .._limits import Budget, LimitExceeded
from ._readers import Block, Row, Text, Where

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

    from .._rules import Equation, Place
    from ._recognize import ImportResult

__all__ = [
    "INSTALL",
    "SWITCH",
    "TRUSTED",
    "Box",
    "confirm",
    "engine",
    "read_image_file",
    "read_images",
    "rebuild",
    "render_pages",
    "workers",
]

INSTALL = "pip install 'disclosure-report[ocr]'"
"""What installs the OCR engine."""

TRUSTED = 0.9
"""The confidence from which a value the engine reads is taken as read."""

_DPI = 200
"""The resolution scanned PDF pages are rendered at."""

_LONG_SIDE = 2339
"""Pixels of a page image's longer side as it is read: an A4 page at 200 dpi. The engine
finds single digits in table cells reliably at this size and misses many at 150 dpi
(docs/importing.md); a page at another resolution is scaled to it."""

_MAX_PIXELS = 40_000_000
"""Pixels of one page image at most (an A4 page at 600 dpi has 35 million)."""

_VALUE = re.compile(r"[+\-−]?[0-9OoDIl|Ss][0-9OoDIl|Ss,，.]*(?:万元|元)?")
"""What a value can look like as OCR reads it: digits, or letters taken for them."""
_NUMBER = re.compile(
    r"[+\-]?(?:0|[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]*)(?:\.[0-9]+)?(?:万元|元)?"
)
"""A number as printed, with no letter in it."""
_NEIGHBOUR = 3.5
"""How near (in text heights) a row of the same table stands to the next."""

_LABEL_REACH = 2.5
"""How far above or below its row's values (in text heights) a line of a label can stand:
a label of three lines, as 表三's （六）2 prints, reaches about twice its height."""
_PLACEHOLDER = frozenset({"-", "—", "–", "/", "无", "一"})
"""What stands in a blank cell (``一`` is how the engine reads a dash, and now and then a
``1``: a placeholder, too, is taken only when read surely)."""


@attrs.frozen
class Box:
    """One run of text the engine read, in the page's pixels once its skew is undone."""

    left: float
    top: float
    right: float
    bottom: float
    text: str
    confidence: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def corners(self) -> tuple[float, float, float, float]:
        return self.left, self.top, self.right, self.bottom


# --- the engine ---------------------------------------------------------------------


SWITCH = "DISCLOSURE_REPORT_OCR"
"""The environment variable that turns OCR off (``off``): scans are then named, not read,
as without the extra (a corpus run that should not spend seconds a page on them)."""


def engine() -> Any:
    """The OCR engine, loaded once per process; `MissingExtraError` without the extra, or
    when `SWITCH` turns it off."""
    if os.environ.get(SWITCH, "").strip().lower() == "off":
        raise MissingExtraError(key="ocr_off", variable=SWITCH)
    return _load(_threads)


_threads: int | None = None
"""The threads ONNX Runtime runs the engine on in this process: its own choice (every
core) in the importing process, a worker's share of the cores in a worker (`_worker`)."""


@functools.cache
def _load(threads: int | None = None) -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise MissingExtraError(key="ocr_needed", install=INSTALL) from None
    # Every reading is kept (text_score 0): whether to trust it is decided here. The angle
    # classifier is off: it turns short numbers upside down (61 read as 19, sure of it),
    # and a page's small skew is undone from the boxes instead.
    shared = {} if threads is None else {"intra_op_num_threads": threads}
    return RapidOCR(text_score=0.0, max_side_len=3600, use_cls=False, **shared)


def _pil() -> Any:
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise MissingExtraError(key="page_images_need_ocr", install=INSTALL) from None
    return Image


Scan = tuple[int, "np.ndarray", float]
"""A page image as it is read: the page's number, its grey pixels scaled to `_LONG_SIDE`,
and how many pixels of the image as given make one of these (to say where a cell is)."""


def _grey(image: Image.Image) -> tuple[np.ndarray, float]:
    """A page image in grey, its longer side scaled to `_LONG_SIDE` pixels, and the scale
    back to the image as given."""
    import numpy as np

    if image.width * image.height > _MAX_PIXELS:
        raise LimitExceeded(
            key="page_image_pixels", width=image.width, height=image.height, limit=_MAX_PIXELS
        )
    grey = image.convert("L")
    scale = _LONG_SIDE / max(grey.width, grey.height, 1)
    if abs(scale - 1) <= 0.05:
        return np.asarray(grey), 1.0
    size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
    resized = grey.resize(size, _pil().Resampling.LANCZOS)
    return np.asarray(resized), grey.width / resized.width


def read_image_file(
    data: bytes, budget: Budget | None = None, jobs: int | None = None
) -> list[Block]:
    """A PNG, JPEG or TIFF of scanned pages (a TIFF may hold several): its blocks, its
    pages read over `jobs` processes (`workers`)."""
    pil = _pil()
    pil.MAX_IMAGE_PIXELS = _MAX_PIXELS
    try:
        image = pil.open(BytesIO(data))
    except pil.DecompressionBombError as error:
        raise LimitExceeded(key="image_bomb", detail=str(error)) from None

    count = getattr(image, "n_frames", 1)

    def frames() -> Iterator[Scan]:
        for number in range(count):
            image.seek(number)
            yield number + 1, *_grey(image)

    return read_images(frames(), budget, workers(jobs, count))


def render_pages(path: Path, numbers: Sequence[int]) -> Iterator[Scan]:
    """Pages of a PDF (1-based numbers) rendered as grey images at `_DPI`, with pdfium;
    a cell's box is given in the pixels of this rendering."""
    try:
        import pypdfium2
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise MissingExtraError(key="scanned_pages_need_ocr", install=INSTALL) from None
    document = pypdfium2.PdfDocument(str(path))
    try:
        for number in numbers:
            page = document[number - 1]
            bitmap = page.render(scale=_DPI / 72, grayscale=True)
            yield number, *_grey(bitmap.to_pil())
    finally:
        document.close()


def workers(jobs: int | None, pages: int) -> int:
    """How many processes read `pages` pages: `jobs` (by default 1: this process, ONNX
    Runtime on every core), never more than there are pages.

    Workers import the calling program's main module, as every process that
    `multiprocessing` starts does: a script asking for more than one must keep its work
    under ``if __name__ == "__main__":``.
    """
    if jobs is not None and jobs < 1:
        raise InvalidArgumentError(key="jobs_at_least_one", jobs=jobs)
    return max(1, min(jobs or 1, pages))


def read_images(pages: Iterable[Scan], budget: Budget | None = None, jobs: int = 1) -> list[Block]:
    """Page images: the blocks OCR and the rebuilding find, in the pages' order, the pages
    read over `jobs` processes."""
    budget = budget or Budget()
    blocks: list[Block] = []
    for found in _each_page(pages, jobs):
        budget.draw_cells(sum(len(b.cells) if isinstance(b, Row) else 1 for b in found))
        blocks.extend(found)
    return blocks


def _read_page(number: int, pixels: np.ndarray, scale: float) -> list[Block]:
    boxes, turn = _boxes(pixels)
    return rebuild(boxes, number, _Page(pixels, turn, scale))


def _each_page(pages: Iterable[Scan], jobs: int) -> Iterator[list[Block]]:
    """The blocks of each page in order: read here, or by `jobs` worker processes, each
    with its share of the cores and its own engine, loaded once. A worker is started by a
    fork server (or spawned), never forked from a process whose engine runs threads."""
    if jobs <= 1:
        for page in pages:
            yield _read_page(*page)
        return
    import concurrent.futures
    import multiprocessing
    from collections import deque

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    threads = max(1, (os.cpu_count() or 1) // jobs)
    pool = concurrent.futures.ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_worker, initargs=(threads,)
    )
    try:
        pending: deque[concurrent.futures.Future[list[Block]]] = deque()
        for page in pages:
            pending.append(pool.submit(_read_page, *page))
            if len(pending) >= 2 * jobs:  # pages rendered ahead stay few: each is megabytes
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _worker(threads: int) -> None:
    """In a worker: the engine on `threads` threads; Ctrl-C is left to the importing process."""
    import signal

    global _threads
    _threads = threads
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _boxes(pixels: np.ndarray) -> tuple[list[Box], _Turn]:
    """What the engine reads on a page, its skew undone, and the turn that undid it."""
    found, _ = engine()(pixels)
    quads = [(corners, str(text), float(score)) for corners, text, score in found or ()]
    angle = _skew(corners for corners, _, _ in quads)
    height, width = pixels.shape[:2]
    turn = _Turn(angle, width / 2, height / 2)
    boxes = []
    for corners, text, score in quads:
        points = [turn.back(x, y) for x, y in corners]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        boxes.append(Box(min(xs), min(ys), max(xs), max(ys), text.strip(), score))
    return [box for box in boxes if box.text], turn


def _skew(quads: Iterable[Any]) -> float:
    """The page's rotation in radians: the median slope of the boxes much wider than high."""
    slopes = []
    for corners in quads:
        (x0, y0), (x1, y1) = corners[0], corners[1]
        high = math.dist(corners[0], corners[3])
        if x1 - x0 > 3 * high > 0:
            slopes.append(math.atan2(y1 - y0, x1 - x0))
    return statistics.median(slopes) if slopes else 0.0


@attrs.frozen
class _Turn:
    """A rotation by `angle` about a point, and back."""

    angle: float
    x: float
    y: float

    def back(self, x: float, y: float) -> tuple[float, float]:
        return self._rotate(x, y, -self.angle)

    def forth(self, x: float, y: float) -> tuple[float, float]:
        return self._rotate(x, y, self.angle)

    def _rotate(self, x: float, y: float, angle: float) -> tuple[float, float]:
        cos, sin = math.cos(angle), math.sin(angle)
        dx, dy = x - self.x, y - self.y
        return self.x + dx * cos - dy * sin, self.y + dx * sin + dy * cos


class _Page:
    """A page's pixels, for what the boxes alone cannot tell: whether a place holds ink,
    and what one place reads on its own."""

    def __init__(self, pixels: np.ndarray, turn: _Turn, scale: float = 1.0) -> None:
        import numpy as np

        self.pixels = pixels
        self.turn = turn
        self.scale = scale
        """Pixels of the page image as given to one pixel as read (`_grey`)."""
        self.ink = float(np.median(pixels)) - 70
        """Darker than this is print: well below the paper's shade, whatever the scan's."""

    def crop(self, left: float, top: float, right: float, bottom: float) -> np.ndarray:
        x, y = self.turn.forth((left + right) / 2, (top + bottom) / 2)
        half_w, half_h = (right - left) / 2, (bottom - top) / 2
        height, width = self.pixels.shape[:2]
        x0, x1 = max(0, round(x - half_w)), min(width, round(x + half_w))
        y0, y1 = max(0, round(y - half_h)), min(height, round(y + half_h))
        return self.pixels[y0:y1, x0:x1]

    def given(self, left: float, top: float, right: float, bottom: float) -> Pixels:
        """A place as read (skew undone, scaled) as a box in the page image as given: the
        smallest upright box around the place turned back by the skew, in its pixels."""
        corners = [self.turn.forth(x, y) for x in (left, right) for y in (top, bottom)]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        return _pixels(min(xs), min(ys), max(xs), max(ys), self.scale)

    def inked(self, left: float, top: float, right: float, bottom: float) -> bool:
        """Whether a place holds print: more than a few dark pixels, well inside it."""
        crop = self.crop(left, top, right, bottom)
        if crop.size == 0:
            return False
        dark = int((crop < self.ink).sum())
        return dark > max(12, crop.size // 400)

    def read(self, left: float, top: float, right: float, bottom: float) -> tuple[str, float]:
        """What the engine reads in one place on its own (no detection), and how sure it is."""
        crop = self.crop(left, top, right, bottom)
        if crop.size == 0:
            return "", 0.0
        found, _ = engine()(crop, use_det=False, use_cls=False)
        if not found:
            return "", 0.0
        text, score = found[0]
        return str(text).strip(), float(score)


# --- boxes to blocks ----------------------------------------------------------------

Pixels = tuple[int, int, int, int]
"""A box in a page image: left, top, right, bottom, in its pixels."""


def _pixels(left: float, top: float, right: float, bottom: float, scale: float = 1.0) -> Pixels:
    return (
        max(0, math.floor(left * scale)), max(0, math.floor(top * scale)),
        math.ceil(right * scale), math.ceil(bottom * scale),
    )  # fmt: skip


def _place(pixels: _Page | None, left: float, top: float, right: float, bottom: float) -> Pixels:
    """Where a place as read is in the page image as given (as read, without the page)."""
    if pixels is None:
        return _pixels(left, top, right, bottom)
    return pixels.given(left, top, right, bottom)


def is_value(text: str) -> bool:
    """Whether OCR's text stands where a value would: a number, possibly misread."""
    return (bool(_VALUE.fullmatch(text)) and any(c.isdigit() for c in text)) or text in ("O", "o")


def _clean(text: str, confidence: float) -> bool:
    """Whether a value was read surely: a number or a blank's placeholder, well read."""
    return confidence >= TRUSTED and (bool(_NUMBER.fullmatch(text)) or text in _PLACEHOLDER)


@attrs.define
class _Line:
    values: list[Box] = attrs.field(factory=list)
    others: list[Box] = attrs.field(factory=list)

    @property
    def middle(self) -> float:
        boxes = self.values or self.others
        return statistics.fmean(box.middle for box in boxes)

    @property
    def top(self) -> float:
        return min(box.top for box in self.values or self.others)

    @property
    def bottom(self) -> float:
        return max(box.bottom for box in self.values or self.others)


def _lines(boxes: Sequence[Box], height: float) -> list[_Line]:
    """Boxes to lines: values by their height on the page, the rest to the nearest line
    that spans them, or to lines of text of their own. Page numbers are left out."""
    if not boxes:
        return []
    tall = statistics.median(box.height for box in boxes)
    lines: list[_Line] = []
    for box in sorted((b for b in boxes if is_value(b.text)), key=lambda b: b.middle):
        if lines and abs(box.middle - lines[-1].middle) < tall / 2:
            lines[-1].values.append(box)
        else:
            lines.append(_Line([box]))
    numbers = {id(line) for line in lines if _page_number(line, lines, boxes, height)}
    lines = [line for line in lines if id(line) not in numbers]
    valued = list(lines)
    # Where the values start: in this line or a row right above or below it, as a line whose
    # first value was misread as a word would put that word among the labels.
    starts = {
        id(line): min(
            min(value.left for value in other.values)
            for other in valued
            if abs(other.middle - line.middle) < tall * _NEIGHBOUR
        )
        for line in valued
    }
    loose: list[Box] = []
    far: dict[int, list[Box]] = {}
    """Label boxes more than half a line away from the values nearest them, by line."""
    words = [b for b in boxes if _heading(b.text)]
    for box in (b for b in boxes if not is_value(b.text)):
        near = min(valued, key=lambda line: abs(line.middle - box.middle), default=None)
        if near is None:
            loose.append(box)
        elif box.centre < starts[id(near)] and (
            box.right > starts[id(near)] + tall
            or any(
                abs(word.middle - box.middle) < tall / 2 and word.centre >= starts[id(near)]
                for word in words
            )
        ):
            # Reaching over the values (a heading across the table, 第二十条第（八）项), or
            # with a column's heading beside it over the values (信息内容 above 表二's first
            # row): a table's header, not a row's label, however near a row it lies.
            loose.append(box)
        elif box.centre < starts[id(near)]:
            # A label, maybe printed over several lines around its row's values; how far is
            # measured in the values' height (a page's body text can be larger).
            high = near.bottom - near.top
            if near.top - high * 0.75 <= box.middle <= near.bottom + high * 0.75:
                near.others.append(box)
            elif near.top - high * _LABEL_REACH <= box.middle <= near.bottom + high * _LABEL_REACH:
                far.setdefault(id(near), []).append(box)
            else:
                loose.append(box)
        elif abs(near.middle - box.middle) < tall / 2 and len(box.text) <= 4:
            near.values.append(box)  # something short among the values: flagged where it is
        else:
            loose.append(box)
    for line in valued:
        # A line of a label far from its values belongs to them when the label is printed
        # around them: a line as far on the other side, in the same column, and one close
        # to it. A header above the first row, or a title below the last, has neither.
        candidates = [*line.others, *far.get(id(line), [])]
        for box in far.get(id(line), []):
            offset = box.middle - line.middle
            column = [
                o for o in candidates if o is not box and o.left < box.right and box.left < o.right
            ]
            mirrored = any(
                abs(other.middle - line.middle + offset) < line.bottom - line.top
                for other in column
            )
            # and printed close to the next line of the label, as the lines of one cell are
            close = any(
                max(other.top - box.bottom, box.top - other.bottom) < box.height for other in column
            )
            if mirrored and close:
                line.others.append(box)
            else:
                loose.append(box)
    for box in sorted(loose, key=lambda b: b.middle):
        text_lines = [line for line in lines if not line.values]
        near = min(text_lines, key=lambda line: abs(line.middle - box.middle), default=None)
        if near is not None and abs(near.middle - box.middle) < tall / 2:
            near.others.append(box)
        else:
            lines.append(_Line([], [box]))
    return sorted(lines, key=lambda line: line.middle)


def _heading(text: str) -> bool:
    """Whether a box reads as a column's heading: words of four characters or more, with
    no digit (a cell's annotation, ``22（其中修订16件）``, has one) and no placeholder."""
    return len(text) >= 4 and not any(c.isdigit() for c in text) and not is_value(text)


def _page_number(line: _Line, lines: Sequence[_Line], boxes: Sequence[Box], height: float) -> bool:
    """A number of one to three digits alone on its line, at the top or bottom of the page
    or left of every column of values: the page's number, not a value of a table."""
    if len(line.values) != 1:
        return False
    (box,) = line.values
    if not re.fullmatch(r"[-—–]?\s*[0-9]{1,3}\s*[-—–]?", box.text):
        return False
    if any(other is not box and abs(other.middle - box.middle) < box.height / 2 for other in boxes):
        return False  # a label or text beside it
    others = [value for each in lines if each is not line for value in each.values]
    margin = not 0.08 * height < box.middle < 0.92 * height
    return margin or (bool(others) and box.right < min(value.left for value in others))


def _spans(boxes: Iterable[Box]) -> list[tuple[float, float]]:
    """Horizontal extents that overlap, merged: the columns a block's values stand in."""
    merged: list[list[float]] = []
    for box in sorted(boxes, key=lambda b: b.left):
        if merged and box.left <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], box.right)
        else:
            merged.append([box.left, box.right])
    return [(left, right) for left, right in merged]


def _groups(boxes: Iterable[Box]) -> list[list[Box]]:
    """Label boxes by the column they stand in (overlapping extents), left to right."""
    groups: list[tuple[float, float, list[Box]]] = []
    for box in sorted(boxes, key=lambda b: b.left):
        for index, (left, right, members) in enumerate(groups):
            if box.left < right and left < box.right:
                groups[index] = (min(left, box.left), max(right, box.right), [*members, box])
                break
        else:
            groups.append((box.left, box.right, [box]))
    return [_reading_order(members) for _, _, members in groups]


def _reading_order(boxes: Iterable[Box]) -> list[Box]:
    """Boxes as they read: line by line from the top, each line from the left. Two boxes
    side by side are one line however little one of them stands higher (（六） and 其他处理)."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.middle):
        if (
            lines
            and abs(box.middle - lines[-1][0].middle) < min(box.height, lines[-1][0].height) / 2
        ):
            lines[-1].append(box)
        else:
            lines.append([box])
    return [box for line in lines for box in sorted(line, key=lambda b: b.left)]


def rebuild(boxes: Sequence[Box], page: int, pixels: _Page | None = None) -> list[Block]:
    """A page's boxes as lines of text and table rows, top to bottom."""
    height = (
        pixels.pixels.shape[0]
        if pixels is not None
        else max((box.bottom for box in boxes), default=0.0)
    )
    lines = _lines(boxes, height)
    blocks: list[Block] = []
    run: list[_Line] = []
    """One block of a table: value lines, and the lines of label text between them."""
    number = 0

    def flush() -> None:
        nonlocal number
        columns = _spans(box for line in run for box in line.values)
        for line in run:
            number += 1
            apart, _ = _label(line)
            if apart:
                # Group labels printed further left: text, apart from the row (`_row`).
                printed = " ".join("".join(box.text for box in group) for group in apart)
                blocks.append(Text(printed, Where(page=page, line=number)))
                number += 1
            if line.values:
                blocks.append(_row(line, columns, page, number, pixels))
            else:
                blocks.append(_text(line, page, number))
        run.clear()

    for line in lines:
        if line.values:
            run.append(line)
            continue
        start = min((box.left for each in run for box in each.values), default=None)
        if start is not None and all(box.right < start for box in line.others):
            run.append(line)  # label text between rows: the block goes on
            continue
        flush()
        number += 1
        blocks.append(_text(line, page, number))
    flush()
    return blocks


def _text(line: _Line, page: int, number: int) -> Text:
    text = " ".join(box.text for box in sorted(line.others, key=lambda b: b.left))
    return Text(text, Where(page=page, line=number))


def _row(
    line: _Line, columns: Sequence[tuple[float, float]], page: int, number: int,
    pixels: _Page | None,
) -> Row:  # fmt: skip
    """One value line as a table row: its label cells, then a cell for each column."""
    cells: list[str] = []
    places: list[Pixels | None] = []
    doubts: list[tuple[int, str]] = []
    _, label = _label(line)
    if label:
        cells.append("".join(box.text for box in label))
        places.append(_extent(label, pixels))
    tall = statistics.fmean(box.height for box in line.values)
    for left, right in columns:
        under = [box for box in line.values if left <= box.centre <= right]
        position = len(cells)
        if len(under) > 1 or any(
            box.left < left - tall or box.right > right + tall for box in under
        ):
            text = " ".join(box.text for box in sorted(under, key=lambda b: b.left))
            cells.append(text)
            places.append(_extent(under, pixels))
            doubts.append((position, f"OCR 在此处读出“{text}”，不止一段或跨越了列的边界"))
            continue
        if under:
            (box,) = under
            text, confidence = box.text, box.confidence
            if not _clean(text, confidence) and pixels is not None:
                again = pixels.read(*_padded(box))
                if _clean(*again):
                    text, confidence = again
            cells.append(text)
            places.append(_place(pixels, *box.corners))
            if not _clean(text, confidence):
                doubts.append((position, _doubt(box.text, box.confidence)))
            continue
        top, bottom = line.top, line.bottom
        place = (left, top, right, bottom)
        places.append(_place(pixels, *place))
        if pixels is None or not pixels.inked(left + 2, top, right - 2, bottom):
            cells.append("")
            continue
        text, confidence = pixels.read(*_padded(Box(*place, "", 0.0)))
        cells.append(text)
        if not _clean(text, confidence):
            doubts.append((position, _doubt(text, confidence, found=False)))
    where = Where(page=page, line=number, boxes=tuple(places))
    return Row(tuple(cells), where, doubts=tuple(doubts))


def _label(line: _Line) -> tuple[list[list[Box]], list[Box]]:
    """A line's label boxes apart from its row, and its row's own label.

    The label next to the values is the row's; the group labels printed in columns further
    left (三、本年度办理结果, （六）其他处理) stand apart as text, so that a row whose own label
    is unreadable is never taken for the row its group names. Of a value line's labels, only
    those printed at the height of its values can be its own: a heading just below the
    row (第二十条第（八）项, centred over the table) is not, wherever it stands.
    """
    groups = _groups(line.others)
    if not groups:
        return [], []
    level = [
        group for group in groups
        if any(box.top < line.bottom and box.bottom > line.top for box in group)
    ]  # fmt: skip
    label = level[-1] if line.values and level else groups[-1]
    return [group for group in groups if group is not label], label


def _padded(box: Box) -> tuple[float, float, float, float]:
    """A value's box with some margin, as the engine reads a word best."""
    pad = box.height * 0.3
    return box.left - pad, box.top - pad / 2, box.right + pad, box.bottom + pad / 2


def _extent(boxes: Sequence[Box], pixels: _Page | None) -> Pixels | None:
    if not boxes:
        return None
    return _place(
        pixels, min(b.left for b in boxes), min(b.top for b in boxes),
        max(b.right for b in boxes), max(b.bottom for b in boxes),
    )  # fmt: skip


def _doubt(text: str, confidence: float, *, found: bool = True) -> str:
    if not found and not text:
        return "此处有字迹，OCR 未能读出"
    return f"OCR 读作“{text}”，置信度 {confidence:.2f}，不能确定"


# --- the template's arithmetic ---------------------------------------------------------


def confirm(result: ImportResult) -> ImportResult:
    """Doubtful readings that the template's sums pin down, taken as read.

    A cell left unread because OCR was not sure (``IMPORT_UNCERTAIN``) but read as a clean
    number is taken when a sum the template states holds with it and every other cell of
    that sum was read surely, or, where several unsure readings share a sum, when two sums
    through it (its row's and its column's) hold with the readings as read: the print and
    the arithmetic agree on it. The finding gives way to a note saying so. A reading that a
    sum contradicts, or that no sum decides, stays unread; nothing is ever computed in its
    place.
    """
    from .._layout import layout, path_of
    from .._rules import equations, finding_at

    document = result.document
    unread: dict[str, str] = document.get("unread", {})
    readings = {
        finding.pointer: str(finding.actual)
        for finding in result.findings
        if finding.code == "IMPORT_UNCERTAIN" and _NUMBER.fullmatch(str(finding.actual or ""))
        and "." not in str(finding.actual) and finding.pointer in unread
    }  # fmt: skip
    read = {at: int(text.replace(",", "")) for at, text in readings.items()}
    holding: dict[str, list[str]] = {}
    """For each unsure reading, the sums that hold with it: alone unsure, or with others."""
    failing: set[str] = set()
    for code, found in equations(result.template).items():
        for equation in found:
            unsure = [p.pointer for p in equation.places if p.pointer in read]
            if not unsure or any(p.kind != "count" for p in equation.places):
                continue
            known = {}
            for place in equation.places:
                value = read.get(place.pointer, _value(document, path_of(place.pointer)))
                if type(value) is not int or (
                    place.pointer in unread and place.pointer not in read
                ):
                    break
                known[place.pointer] = value
            else:
                target = equation.target
                if not _holds(equation, target, known[target.pointer], known):
                    failing.update(unsure)
                    continue
                for at in unsure:
                    # A sum with one unsure cell pins it; with several, it takes a second sum
                    # through each (its row's and its column's) to tell them apart.
                    holding.setdefault(at, []).extend([code] * (2 if len(unsure) == 1 else 1))
    confirmed = {
        at: codes[0] for at, codes in holding.items() if len(codes) >= 2 and at not in failing
    }
    for at in confirmed:
        _set(document, path_of(at), read[at])
        unread.pop(at)
    suspects = _suspects(result, {at: value for at, value in read.items() if at in unread})
    if not confirmed and not suspects:
        return result
    lay = layout(result.template)
    added = []
    for at, value in suspects.items():
        _set(document, path_of(at), None)
        unread[at] = f"OCR 读作“{value}”，但它所在的合计关系不成立，可能是此格读错，未读入"
        added.append(
            finding_at(
                lay,
                "IMPORT_UNCERTAIN",
                at,
                actual=str(value),
                detail=result.provenance.get(at, ""),
                source=result.sources.get(at),
            )
        )
    document["unread"] = unread
    if not unread:
        document.pop("unread", None)
    notes = document.setdefault("notes", {})
    findings = list(added)
    for finding in result.findings:
        rule = confirmed.get(finding.pointer) if finding.code == "IMPORT_UNCERTAIN" else None
        if rule is None:
            findings.append(finding)
            continue
        notes[finding.pointer] = (
            f"扫描件 OCR 读作“{finding.actual}”，把握不足，经模板的合计关系（{rule}）核对一致后读入"
        )
    if not notes:
        document.pop("notes", None)
    return attrs.evolve(result, findings=tuple(findings))


def _suspects(result: ImportResult, tentative: dict[str, int]) -> dict[str, int]:
    """Cells read surely that a failing sum of the template puts in doubt: where two failing
    sums meet in one cell alone, that cell; and every cell of a failing sum that no sum
    holding vouches for. A misreading is among them (or the report misprinted one), so
    they are not taken as read. Only cells read from a scan (their source has a box)
    are doubted."""
    from .._layout import path_of
    from .._rules import equations

    document = result.document
    unread = document.get("unread", {})
    failing: list[set[str]] = []
    vouched: set[str] = set()
    for found in equations(result.template).values():
        for equation in found:
            places = equation.places
            # An unsure reading stands in for its cell here: a sum that fails with it is no
            # sum that vouches for the others.
            values = [
                tentative.get(p.pointer, _value(document, path_of(p.pointer))) for p in places
            ]
            if any(type(v) is not int for v in values) or any(
                p.pointer in unread and p.pointer not in tentative for p in places
            ):
                continue
            known = {p.pointer: v for p, v in zip(places, values, strict=True)}
            if _holds(equation, equation.target, known[equation.target.pointer], known):
                vouched.update(known)
            else:
                failing.append(set(known))
    doubted: set[str] = set()
    for index, first in enumerate(failing):
        doubted.update(first - vouched)
        for second in failing[index + 1 :]:
            if len(first & second) == 1:
                doubted.update(first & second)
    return {
        at: _value(document, path_of(at))
        for at in sorted(doubted)
        if at not in tentative and _scanned(result, at)
    }


def _scanned(result: ImportResult, at: str) -> bool:
    """Whether the value at `at` was read from a scanned page."""
    source = result.sources.get(at)
    return source is not None and source.box is not None


def _value(document: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = document
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _set(document: dict[str, Any], path: tuple[str, ...], value: int | None) -> None:
    node: Any = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def _holds(equation: Equation, place: Place, reading: int, known: dict[str, int]) -> bool:
    """Whether `equation` holds with `reading` in `place` and the `known` values elsewhere."""

    def at(p: Place) -> int:
        return reading if p is place else known[p.pointer]

    total: int = at(equation.target)
    return total == sum(p.sign * at(p) for p in equation.terms)
