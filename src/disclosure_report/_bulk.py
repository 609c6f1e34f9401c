"""Checking many reports: files, folders and JSON Lines, streamed over every core.

`documents()` reads inputs lazily, one `Document` at a time; `check()` validates
them in worker processes a bounded number of chunks ahead, and yields an `Outcome`
per document in input order. A JSON Lines file is cut into spans instead, that workers read,
check and write out themselves (`check_sources`). Memory stays flat whatever the corpus size.
"""

from __future__ import annotations

import itertools
import os
import stat
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, TypeVar

import attrs

from . import _messages as messages
from . import _workers
from ._errors import DisclosureReportError, ReportSyntaxError
from ._limits import LIMITS, LimitExceeded, as_written, pathlib_name, read_bounded
from ._validation import ValidationResult, validate
from ._verdicts import Block, Outcome, Style, written

if TYPE_CHECKING:
    import concurrent.futures
    from pathlib import Path

    from ._error_words import Phrase
    from ._findings import Finding

__all__ = [
    "Block",
    "Document",
    "Outcome",
    "Span",
    "check",
    "check_chunk",
    "check_document",
    "check_sources",
    "check_span",
    "documents",
    "find_reports",
    "input_size",
    "line_ends",
    "outcome_of",
    "published_kind",
    "read_file",
    "read_lines",
    "read_span",
    "spans",
]

_Item = TypeVar("_Item")

CHUNK = 128
"""Documents sent to a worker at a time."""

AHEAD = 4
"""Chunks in flight per worker: enough to keep them busy, few enough to bound memory."""


@attrs.frozen
class Document:
    """One report to check: where it comes from and its text (or why it could not be read)."""

    source: str
    line: int | None
    data: bytes | None
    error: str | None = None
    size: int = 0
    """Bytes of input this document accounts for, for progress."""
    cells: tuple[tuple[str, str], ...] = ()
    """For a workbook: where each value was typed (pointer, ``表三!E12``)."""
    notices: tuple[Finding | dict[str, Any], ...] = ()
    """For a workbook: the findings of reading it (said in the language of the check, or as
    JSON objects said already)."""
    failure: DisclosureReportError | Phrase | None = None
    """What kept the document from being read, as data: `error` says it in English,
    `problem` in either language."""

    def problem(self, lang: str = "zh") -> str | None:
        """Why the document could not be read, in `lang`."""
        if self.failure is None:
            return self.error
        place = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{place}: {self.failure.words(lang)}"

    @classmethod
    def refused(cls, source: str, failure: Phrase, line: int | None = None) -> Document:
        """A document that could not be read, for `failure`."""
        place = f"{source}:{line}" if line is not None else source
        return cls(source, line, None, f"{place}: {failure.words('en')}", failure=failure)


REPORT_SUFFIXES = (".json", ".xlsx")
"""What a folder is searched for: report JSON and the workbooks `template --format xlsx` writes."""


def find_reports(path: Path) -> Iterator[Path]:
    """The report files (``*.json``, ``*.xlsx``) below a folder, in a stable order.

    Hidden files and the lock files office programs leave beside an open workbook
    (``~$年报.xlsx``) are passed over.
    """
    from pathlib import Path

    for found in _walk(path):
        if isinstance(found, Path):
            yield found


def _walk(path: Path) -> Iterator[Path | Document]:
    """`find_reports`, and a `Document` saying why for each folder that cannot be read:
    a folder left out is said, not passed over in silence."""
    from pathlib import Path

    unreadable: list[OSError] = []
    for root, folders, files in os.walk(path, onerror=unreadable.append):
        while unreadable:
            yield _unreadable_folder(unreadable.pop(0), path)
        folders.sort()
        for name in sorted(files):
            if name.lower().endswith(REPORT_SUFFIXES) and not name.startswith((".", "~$")):
                yield Path(root) / name
    for error in unreadable:
        yield _unreadable_folder(error, path)


def _unreadable_folder(error: OSError, path: Path) -> Document:
    from ._error_words import OsDetail, Phrase

    where = error.filename if error.filename is not None else path
    return Document.refused(str(where), Phrase.of("cannot_read_folder", detail=OsDetail.of(error)))


_PUBLISHED = {
    ".pdf": "PDF", ".html": "HTML", ".htm": "HTML", ".docx": "Word", ".doc": "Word",
    ".wps": "WPS", ".md": "Markdown", ".markdown": "Markdown", ".txt": "text",
}  # fmt: skip


def published_kind(source: str, data: bytes) -> str | None:
    """The kind of published document a file that is not JSON looks like, if any."""
    kind = _PUBLISHED.get(_suffix(source).lower())
    if kind is not None:
        return kind
    head = data[:1024].lstrip().lower()
    if head.startswith(b"%pdf"):
        return "PDF"
    if head.startswith(b"pk\x03\x04"):
        return "Word"
    if head.startswith((b"<!doctype", b"<html", b"<table", b"<")):
        return "HTML"
    return None


def read_file(source: str) -> Iterator[Document]:
    """The documents of a report file, a folder of them, or ``-`` (stdin).

    What a folder holds is read only if it is a regular file: a FIFO or a device named
    ``*.json`` inside a folder is reported, never opened (it could block, or never end).
    """
    if source == "-":
        yield _read_one("<stdin>", sys.stdin.buffer)
        return
    if _is_dir(source):
        from pathlib import Path

        for found in _walk(Path(source)):
            if isinstance(found, Document):
                yield found
            elif not _regular(found):
                from ._error_words import Phrase

                yield Document.refused(str(found), Phrase("not_a_regular_file"))
            else:
                yield from read_file(str(found))
        return
    if _suffix(source).lower() == ".xlsx":
        from pathlib import Path

        yield _workbook(source, Path(source))
        return
    yield _read_one(source, source)


# A file named as pathlib reads it as written (`as_written`) is asked of the operating system
# directly: pathlib, and what it imports, would be most of the reading of one small file. The
# answers are pathlib's, which is asked itself of any other name, and of an error.


def _is_dir(source: str) -> bool:
    """``Path(source).is_dir()``."""
    if as_written(source):
        try:
            return stat.S_ISDIR(os.stat(source).st_mode)
        except (OSError, ValueError):
            pass  # what an error means here is pathlib's to say
    from pathlib import Path

    return Path(source).is_dir()


def _suffix(source: str) -> str:
    """``Path(source).suffix``: the last part's from its last dot, unless the dot starts or
    ends it."""
    if not as_written(source):
        from pathlib import Path

        return Path(source).suffix
    name = source.rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _file_size(source: str) -> int | None:
    """The size of `source` when ``Path(source).is_file()``, else None."""
    if as_written(source):
        try:
            status = os.stat(source)
        except (OSError, ValueError):
            pass
        else:
            return status.st_size if stat.S_ISREG(status.st_mode) else None
    from pathlib import Path

    path = Path(source)
    return path.stat().st_size if path.is_file() else None


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return True  # let the reading say what is wrong with it


def _read_one(source: str, path: str | os.PathLike[str] | IO[bytes]) -> Document:
    """One report file (or stream), or why it cannot be read; too large a file is not
    read at all, and an endless stream (``/dev/zero``) is read only up to the limit."""
    try:
        data = read_bounded(path, LIMITS.document_bytes, "document",
                            "DISCLOSURE_REPORT_MAX_BYTES")  # fmt: skip
    except LimitExceeded as error:
        return Document(source, None, None, f"{source}: {error}", failure=error)
    except OSError as error:
        return _unreadable(source, error)
    return Document(source, None, data, size=len(data))


def _unreadable(source: str, error: OSError) -> Document:
    """A file the operating system would not read, and why (the words of `_error_words`
    are imported for such a file alone)."""
    from ._error_words import OsDetail, Phrase

    if isinstance(error, FileNotFoundError):
        return Document.refused(source, Phrase("no_such_file"))
    if isinstance(error, PermissionError):
        return Document.refused(source, Phrase("permission_denied"))
    return Document.refused(source, Phrase.of("cannot_read_file", detail=OsDetail.of(error)))


def _numbered(name: str, stream: IO[bytes]) -> Iterator[Document]:
    """The lines of a stream as documents. A line longer than a document may be is said,
    and the stream is read no further: nothing past it can be trusted to start a line,
    and an endless line (``/dev/zero``) would be read forever."""
    limit = LIMITS.document_bytes
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            from ._error_words import Phrase

            too_long = Phrase.of("line_too_long", limit=f"{limit / 2**20:,.1f} MiB")
            yield Document.refused(name, too_long, number)
            return
        if not line.isspace():
            yield Document(name, number, line, size=len(line))


def _workbook(source: str, path: Path) -> Document:
    """A filled-in workbook, read back into a document by its labels."""
    from ._error_words import Phrase, detail_of
    from ._importing import import_report
    from ._jsontext import encode

    try:
        imported = import_report(path, format="xlsx")
    except DisclosureReportError as error:
        return Document(source, None, None, f"{source}: {error}", failure=error)
    except OSError as error:
        return Document.refused(source, Phrase.of("cannot_read_file", detail=detail_of(error)))
    except ImportError as error:
        return Document(source, None, None, f"{source}: {error}")
    data = encode(imported.document, indent=None).encode("utf-8")
    cells = tuple(imported.provenance.items())
    return Document(
        source, None, data, size=path.stat().st_size, cells=cells, notices=imported.findings
    )


def read_lines(source: str) -> Iterator[Document]:
    """The documents of a JSON Lines file, or of stdin for ``-``, numbered by line."""
    if source == "-":
        yield from _numbered("<stdin>", sys.stdin.buffer)
        return
    try:
        with open(pathlib_name(source), "rb") as stream:
            yield from _numbered(source, stream)
    except OSError as error:
        from ._error_words import OsDetail, Phrase

        yield Document.refused(source, Phrase.of("cannot_read_file", detail=OsDetail.of(error)))


SPAN_BYTES = 1 << 20
"""Bytes of JSON Lines a worker reads at a time; a span ends at the end of a line."""

SPANS_A_CALL = 4
"""Spans a worker is given at a time (and checks one after the other): fewer calls between
processes, for the same memory."""

CALLS_AHEAD = 3
"""Calls of spans in flight per worker: one to work on and two waiting, so that a worker
ahead of the other does not wait for the next (the output is written in order); at most
`SPANS_A_CALL` × 3 spans of output a worker waiting to be written."""


@attrs.frozen
class Span:
    """Whole lines of a JSON Lines file, from byte `start` to `end`, the first of them line
    number `line`: what a worker reads for itself."""

    source: str
    start: int
    end: int
    line: int


def spans(source: str, size: int | None = None) -> Iterator[Span]:
    """The spans of a JSON Lines file, in order, each about `size` bytes and ending at the
    end of a line. The file is read once for its line ends (the lines themselves are read
    by whoever checks a span); a line longer than a document may be ends the last span, as
    reading stops there."""
    limit, size = LIMITS.document_bytes, size or SPAN_BYTES
    with open(pathlib_name(source), "rb") as stream:
        start, line = 0, 1
        while block := stream.read(size):
            ended = block.endswith(b"\n")
            if not ended:
                rest = stream.readline(limit + 2)
                block += rest
                ended = rest.endswith(b"\n") or len(rest) <= limit
            yield Span(source, start, start + len(block), line)
            if not ended:
                return  # a line too long: the span's reader says so, and nothing after it counts
            start += len(block)
            line += line_ends(block)


LINE_ENDS_FOUND = 1024
"""Line ends of a block `line_ends` looks for one by one, before it counts the rest."""


def line_ends(block: bytes) -> int:
    """The line ends (``\\n``) in `block`, found one by one while the lines are long, where
    looking for the next is many times faster than counting every byte (`bytes.count`),
    and counted past `LINE_ENDS_FOUND` of them, where the lines are short."""
    found, at = 0, block.find(b"\n")
    while at >= 0:
        found += 1
        if found == LINE_ENDS_FOUND:
            return found + block.count(b"\n", at + 1)
        at = block.find(b"\n", at + 1)
    return found


def read_span(span: Span) -> Iterator[Document]:
    """The documents of a span, numbered by line, as `read_lines` gives them."""
    from ._error_words import OsDetail, Phrase

    try:
        with open(pathlib_name(span.source), "rb") as stream:
            stream.seek(span.start)
            data = stream.read(span.end - span.start)
    except OSError as error:
        yield Document.refused(
            span.source, Phrase.of("cannot_read_file", detail=OsDetail.of(error))
        )
        return
    name, limit, number = span.source, LIMITS.document_bytes, span.line - 1
    start, size = 0, len(data)
    while start < size:
        end = data.find(b"\n", start) + 1 or size
        number += 1
        # Too long, as `read_lines` reads it: more than `limit` bytes before the line end.
        if end - start > limit and (end - start > limit + 1 or data[end - 1] != 0x0A):
            too_long = Phrase.of("line_too_long", limit=f"{limit / 2**20:,.1f} MiB")
            yield Document.refused(name, too_long, number)
            return
        line = data[start:end]  # the one copy of the line, not the text split, then joined
        start = end
        if not line.isspace():
            yield Document(name, number, line, size=len(line))


def check_span(span: Span, lang: str = "zh") -> tuple[list[Outcome], bool]:
    """The outcomes of a span's documents, and whether reading stops in it, at a line
    longer than a document may be."""
    read = list(read_span(span))
    stops = bool(read) and read[-1].data is None and read[-1].line is not None
    return [check_document(document, lang) for document in read], stops


def _spans_of(jsonl: Sequence[str]) -> list[str] | None:
    """The JSON Lines sources as files whose spans workers can read, or None when one is
    stdin or not a regular file."""
    if any(source == "-" or not _is_file(source) for source in jsonl):
        return None
    return list(jsonl)


def _is_file(source: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(pathlib_name(source)).st_mode)
    except OSError:
        return False


def check_sources(
    files: Sequence[str] = (),
    jsonl: Sequence[str] = (),
    *,
    jobs: int | None = None,
    lang: str = "zh",
    style: Style | None = None,
) -> Iterator[Outcome | Block]:
    """Outcomes of every document of `files` and `jsonl`, in input order, over `jobs`
    processes (default: every core).

    With more than one job, JSON Lines files are cut into spans that the workers read, number
    and check themselves; given a `style`, they also write the outcomes of each span in it,
    and hand back one `Block` instead of an `Outcome` per document. This process only finds
    the line ends and passes on, in order, what comes back.
    """
    jobs = jobs or os.cpu_count() or 1
    if style is not None:
        lang = style.lang
    if files:
        yield from check(documents(files=files), jobs=jobs, lang=lang)
    readable = _spans_of(jsonl) if jobs > 1 else None
    if readable is None:
        if jsonl:
            yield from check(documents(jsonl=jsonl), jobs=jobs, lang=lang)
        return
    for source in readable:
        yield from _check_spans(spans(source), jobs, lang, style)


def _span_work(
    parts: Sequence[Span], lang: str, style: Style | None
) -> tuple[list[Outcome] | list[Block], bool]:
    """The outcomes of consecutive spans, or with a `style` a block a span, read one after
    the other until reading stops; and whether it does."""
    outcomes: list[Outcome] = []
    blocks: list[Block] = []
    for part in parts:
        found, stops = check_span(part, lang)
        if style is None:
            outcomes += found
        else:
            blocks.append(written(found, style))
        if stops:
            break
    return (outcomes if style is None else blocks), stops


def _check_spans(
    parts: Iterator[Span], jobs: int, lang: str, style: Style | None
) -> Iterator[Outcome | Block]:
    first = next(parts, None)
    second = next(parts, None)
    if first is None:
        return
    if second is None:  # one span: no workers, and an outcome a document as they come
        yield from check_span(first, lang)[0]
        return
    calls = _chunks(itertools.chain([first, second], parts), SPANS_A_CALL)
    with _workers.pool(jobs) as pool:
        pending: deque[concurrent.futures.Future[tuple[list[Outcome] | list[Block], bool]]] = (
            deque()
        )
        stopped = False
        for call in calls:
            pending.append(pool.submit(_span_work, call, lang, style))
            if len(pending) >= jobs * CALLS_AHEAD:
                done, stopped = pending.popleft().result()
                yield from done
                if stopped:
                    break
        while pending and not stopped:
            done, stopped = pending.popleft().result()
            yield from done
        if stopped:  # a line too long: nothing after it is read, as when reading in order
            _workers.stop(pool)


def documents(files: Sequence[str] = (), jsonl: Sequence[str] = ()) -> Iterator[Document]:
    """Every document of `files` (reports; folders searched for ``*.json``; ``-`` is stdin)
    and of `jsonl` (one report a line; ``-`` is stdin), read as they are needed."""
    for source in files:
        yield from read_file(source)
    for source in jsonl:
        yield from read_lines(source)


def input_size(files: Sequence[str] = (), jsonl: Sequence[str] = ()) -> int | None:
    """Bytes of input, where it can be known beforehand (not for stdin or folders)."""
    total = 0
    for source in [*files, *jsonl]:
        size = None if source == "-" else _file_size(source)
        if size is None:
            return None
        total += size
    return total


def outcome_of(source: str, result: ValidationResult, lang: str = "zh") -> Outcome:
    """The `Outcome` of a result obtained otherwise (against last year's report, say)."""
    findings = tuple(messages.finding_json(finding, lang) for finding in result.findings)
    return Outcome(source, None, result.template, result.valid, findings, None, 0.0, 0)


def _said(notices: Iterable[Finding | dict[str, Any]], lang: str) -> Iterator[dict[str, Any]]:
    for notice in notices:
        yield notice if isinstance(notice, dict) else messages.finding_json(notice, lang)


def check_document(document: Document, lang: str = "zh") -> Outcome:
    """Validate one document into an `Outcome`; never raises for bad input."""
    if document.data is None:
        return Outcome(
            document.source,
            document.line,
            None,
            None,
            (),
            document.problem(lang),
            0.0,
            document.size,
        )
    start = time.perf_counter()
    try:
        result = validate(document.data)
    except DisclosureReportError as error:
        place = f"{document.source}:{document.line}" if document.line else document.source
        problem = f"{place}: {messages.error_message(error, lang)}"
        if isinstance(error, ReportSyntaxError) and document.line is None:
            kind = published_kind(document.source, document.data)
            if kind is not None:
                problem += messages.import_hint(document.source, kind, lang)
        return Outcome(
            document.source, document.line, None, None, (), problem,
            time.perf_counter() - start, document.size,
        )  # fmt: skip
    findings = tuple(messages.finding_json(finding, lang) for finding in result.findings)
    if document.cells:
        where = dict(document.cells)
        findings = tuple(
            {**item, "cell": where[item["pointer"]]} if item["pointer"] in where else item
            for item in (*_said(document.notices, lang), *findings)
        )
    seconds = time.perf_counter() - start
    return Outcome(
        document.source, document.line, result.template, result.valid, findings, None,
        seconds, document.size,
    )  # fmt: skip


def check_chunk(chunk: Sequence[Document], lang: str = "zh") -> list[Outcome]:
    """`check_document` over a chunk: the unit of work a process gets."""
    return [check_document(document, lang) for document in chunk]


def _chunks(items: Iterable[_Item], size: int = CHUNK) -> Iterator[list[_Item]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def check(
    items: Iterable[Document], *, jobs: int | None = None, lang: str = "zh"
) -> Iterator[Outcome]:
    """Outcomes of `items` in input order, over `jobs` processes (default: every core).

    A handful of documents is checked in this process: starting workers would cost
    more than it saves.
    """
    jobs = jobs or os.cpu_count() or 1
    chunks = _chunks(items)
    first = next(chunks, [])
    second = next(chunks, None)
    if jobs == 1 or second is None:
        yield from check_chunk(first, lang)
        for chunk in itertools.chain([second] if second else [], chunks):
            yield from check_chunk(chunk, lang)
        return
    with _workers.pool(jobs) as pool:
        pending: deque[concurrent.futures.Future[list[Outcome]]] = deque()
        for chunk in itertools.chain([first, second], chunks):
            pending.append(pool.submit(check_chunk, chunk, lang))
            if len(pending) >= jobs * AHEAD:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
