"""Importing a corpus: many published reports, found in files, folders and globs, imported
over every core, each into one `Imported` record, in input order whatever the number of jobs.

`published_files()` lists the inputs; `import_file()` imports one, and never raises for a bad
file: a file that is not a report, a scan, a damaged or oversized file is a record that says
so (`Imported.reason`). `import_files()` runs `import_file` over worker processes a bounded
number of files ahead. `Ledger` reads what a run already wrote, so that a killed run resumes
where it stopped, keyed on the content hash of each file.
"""

from __future__ import annotations

import concurrent.futures
import concurrent.futures.process
import glob
import hashlib
import itertools
import os
import stat
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar, overload

import attrs

from . import _workers
from ._error_words import OsDetail, Phrase
from ._errors import (
    ArchiveError,
    DisclosureReportError,
    LimitExceeded,
    MissingExtraError,
    NotAReportError,
    ReportSyntaxError,
    ScannedReportError,
)
from ._findings import IMPORT_CODES, Finding, Source
from ._jsontext import encode

__all__ = [
    "FORMS",
    "OUTCOMES",
    "PUBLISHED_SUFFIXES",
    "REASONS",
    "Imported",
    "Ledger",
    "Tally",
    "digest",
    "finding_records",
    "import_file",
    "import_files",
    "published_files",
    "record_line",
]

Outcome = Literal["complete", "unread", "refused"]
OUTCOMES: tuple[Outcome, ...] = ("complete", "unread", "refused")
"""Imported with every cell read; imported with cells it could not read; not imported."""

Reason = Literal["not_a_report", "scanned", "damaged", "over_limit", "unreadable", "failed"]
REASONS: tuple[Reason, ...] = (
    "not_a_report", "scanned", "damaged", "over_limit", "unreadable", "failed",
)  # fmt: skip
"""Why a file was refused: no report table in it, a scan without a text layer, a file its
format's parser cannot read, a file over a limit, a file that cannot be opened, or an error
of the importer itself (a bug, said as one)."""

FORMS = ("pdf", "html", "docx", "xlsx", "md", "txt")
"""The forms a published report comes in, as the importer tells them apart."""

PUBLISHED_SUFFIXES = (".pdf", ".html", ".htm", ".docx", ".xlsx", ".md", ".markdown", ".txt")
"""What a folder is searched for."""

_HASH_CHUNK = 1 << 20

T = TypeVar("T")


@attrs.frozen
class Imported:
    """One file of a corpus, imported or refused: plain data that crosses processes."""

    source: str
    sha256: str | None
    """The SHA-256 of the file's bytes: what `--resume` knows a file by."""
    form: str | None
    outcome: Outcome
    reason: Reason | None = None
    error: str | None = None
    template: str | None = None
    valid: bool | None = None
    """Whether the imported report passes validation (`None` when refused)."""
    document: dict[str, Any] | None = None
    provenance: dict[str, str] = attrs.field(factory=dict)
    findings: tuple[dict[str, Any], ...] = ()
    """The import findings, then the validation findings, as JSON objects with a ``stage``."""
    seconds: float = attrs.field(default=0.0, eq=False)
    """How long the import took; not part of the output, which is the same at every speed."""

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.source, self.sha256)

    def to_json(self, *, report: bool = True) -> dict[str, Any]:
        """The record of a JSON Lines output line: the report itself when `report`."""
        record: dict[str, Any] = {
            "source": self.source,
            "sha256": self.sha256,
            "form": self.form,
            "outcome": self.outcome,
        }
        if self.outcome == "refused":
            record.update(reason=self.reason, error=self.error)
            return record
        record.update(template=self.template, valid=self.valid)
        if report:
            record.update(report=self.document, provenance=self.provenance)
        return record


# --- finding the files -----------------------------------------------------------------


def _folder(path: Path, lang: str) -> Iterator[str | Imported]:
    problems: list[OSError] = []
    for root, folders, files in os.walk(path, onerror=problems.append):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(PUBLISHED_SUFFIXES) and not name.startswith((".", "~$")):
                yield str(Path(root) / name)
    for problem in problems:
        where = str(problem.filename or path)
        said = Phrase.of("cannot_read_folder", detail=OsDetail.of(problem)).words(lang)
        yield _refused(where, None, None, "unreadable", said)


def published_files(inputs: Sequence[str], lang: str = "zh") -> Iterator[str | Imported]:
    """The files of `inputs` (files, folders searched for published reports, and globs,
    ``**`` included), each once, in a stable order; a record for what cannot be listed,
    its `error` in `lang`."""
    seen: set[str] = set()
    for given in inputs:
        if glob.has_magic(given):
            matches = sorted(glob.glob(given, recursive=True))
            found: Iterable[str | Imported] = itertools.chain.from_iterable(
                _folder(Path(match), lang) if Path(match).is_dir() else [match] for match in matches
            )
            if not matches:
                said = Phrase("no_file_matches").words(lang)
                found = [_refused(given, None, None, "unreadable", said)]
        elif Path(given).is_dir():
            found = _folder(Path(given), lang)
        else:
            found = [given]
        for item in found:
            name = item if isinstance(item, str) else None
            if name is not None and name in seen:
                continue
            if name is not None:
                seen.add(name)
            yield item


# --- importing one file -------------------------------------------------------------


def digest(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a regular file's bytes, read in pieces."""
    hasher = hashlib.sha256()
    with Path(path).open("rb") as stream:
        while piece := stream.read(_HASH_CHUNK):
            hasher.update(piece)
    return hasher.hexdigest()


def _refused(
    source: str, sha256: str | None, form: str | None, reason: Reason, error: str,
    findings: tuple[dict[str, Any], ...] = (),
) -> Imported:  # fmt: skip
    return Imported(source, sha256, form, "refused", reason, error, findings=findings)


def _scan_findings(error: ScannedReportError, lang: str) -> tuple[dict[str, Any], ...]:
    from ._messages import finding_json

    severity = IMPORT_CODES["IMPORT_SCANNED"].severity
    return tuple(
        {
            "stage": "import",
            **finding_json(
                Finding(
                    "IMPORT_SCANNED", severity, "", expected=error.total, source=Source(page=page)
                ),
                lang,
            ),
            "page": page,
        }
        for page in error.pages
    )


def _form(path: Path) -> str:
    from ._importing import form_of

    with path.open("rb") as stream:
        head = stream.read(65536)
    return form_of(head, str(path))


def import_file(source: str, lang: str = "zh", *, jobs: int | None = None) -> Imported:
    """Import one file into an `Imported` record; never raises for what the file holds.
    Its scanned pages are read over `jobs` processes (`import_report`).

    Only a missing optional dependency (`MissingExtraError`) is raised: it is no fault of
    the file, and every other file of its form would meet it too.
    """
    from ._importing import import_report
    from ._messages import bug, damaged, error_message, exhausted, finding_json
    from ._validation import validate

    start = time.perf_counter()
    path = Path(source)
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            said = Phrase("not_a_regular_file").words(lang)
            return _refused(source, None, None, "unreadable", said)
        sha256 = digest(path)
        form = _form(path)
    except OSError as error:
        said = Phrase.of("cannot_read_file", detail=OsDetail.of(error)).words(lang)
        return _refused(source, None, None, "unreadable", said)
    try:
        result = import_report(path, jobs=jobs)
    except ScannedReportError as error:
        findings = _scan_findings(error, lang)
        return _refused(source, sha256, form, "scanned", error_message(error, lang), findings)
    except NotAReportError as error:
        return _refused(source, sha256, form, _reason(error), error_message(error, lang))
    except MissingExtraError:
        raise
    except OSError as error:
        said = Phrase.of("cannot_read_file", detail=OsDetail.of(error)).words(lang)
        return _refused(source, sha256, form, "unreadable", said)
    except DisclosureReportError as error:
        said = damaged(type(error).__name__, error_message(error, lang), lang)
        return _refused(source, sha256, form, "damaged", said)
    except (RecursionError, MemoryError) as error:
        said = damaged(type(error).__name__, exhausted(error, lang), lang)
        return _refused(source, sha256, form, "damaged", said)
    except Exception as error:  # one bad file never stops a run: said as the bug it is
        from importlib.metadata import version

        return _refused(
            source, sha256, form, "failed", bug(error, version("disclosure-report"), lang)
        )
    verdict = validate(result.document)
    findings = tuple(
        {"stage": "import", **finding_json(finding, lang), **_page(finding)}
        for finding in result.findings
    ) + tuple(
        {"stage": "validation", **finding_json(finding, lang)} for finding in verdict.findings
    )
    return Imported(
        source, sha256, form, "unread" if result.document.get("unread") else "complete",
        template=result.template, valid=verdict.valid, document=result.document,
        provenance=result.provenance, findings=findings, seconds=time.perf_counter() - start,
    )  # fmt: skip


def _reason(error: NotAReportError) -> Reason:
    """Why the importer refused a file, from what it met: a limit, a parser's failure, or
    no report table (the importer raises `NotAReportError` while handling the cause)."""
    cause = error.__context__
    if isinstance(cause, LimitExceeded) and not isinstance(cause, ArchiveError):
        return "over_limit"
    if cause is None or isinstance(cause, (UnicodeDecodeError, ReportSyntaxError)):
        return "not_a_report"
    return "damaged"


def _page(finding: Finding) -> dict[str, Any]:
    return {"page": finding.source.page} if finding.source and finding.source.page else {}


def finding_records(item: Imported) -> Iterator[dict[str, Any]]:
    """The findings of a file, each with the file's source and hash first."""
    for finding in item.findings:
        yield {"source": item.source, "sha256": item.sha256, **finding}


# --- many files ------------------------------------------------------------------------

AHEAD = 4
"""Files in flight per worker: enough to keep it busy, few enough to bound memory."""


def _import_chunk(
    sources: Sequence[str], lang: str, then: Callable[[Imported], Any] | None
) -> list[Any]:
    # The files are spread over the processes: a file's scanned pages are read in its own.
    imported = (import_file(source, lang, jobs=1) for source in sources)
    return [item if then is None else then(item) for item in imported]


def _resolved(item: Any) -> concurrent.futures.Future[list[Any]]:
    done: concurrent.futures.Future[list[Any]] = concurrent.futures.Future()
    done.set_result([item])
    return done


def _warm() -> None:
    """Build what the import of every file builds on its first (the tables of the labels, the
    layouts and the compiled checks of the templates in use) before the workers start:
    forked workers begin with it instead of each building it anew."""
    from ._importing._labels import labels
    from ._layout import layout
    from ._templates import templates
    from ._validation import _checker

    labels()
    for template in templates():
        layout(templates()[template])
        _checker(template)


@overload
def import_files(
    sources: Iterable[str | Imported], *, jobs: int | None = None, lang: str = "zh"
) -> Iterator[Imported]: ...


@overload
def import_files(
    sources: Iterable[str | Imported], *, jobs: int | None = None, lang: str = "zh",
    then: Callable[[Imported], T],
) -> Iterator[T]: ...  # fmt: skip


def import_files(
    sources: Iterable[str | Imported], *, jobs: int | None = None, lang: str = "zh",
    then: Callable[[Imported], Any] | None = None,
) -> Iterator[Any]:  # fmt: skip
    """`import_file` over `sources`, in their order, over `jobs` processes (default: every
    core); a record among them (a folder that could not be listed) passes as it is. The
    output is the same whatever `jobs` is.

    With `then` (a function that pickles: one of a module, or a `functools.partial` of one),
    each record is given to it where it was imported, and what it returns is yielded: the
    worker, not the parent, turns a record into what the parent writes."""
    jobs = jobs or os.cpu_count() or 1

    def done(item: Imported) -> Any:
        return item if then is None else then(item)

    if jobs == 1:
        for source in sources:
            yield done(source if isinstance(source, Imported) else import_file(source, lang))
        return
    _warm()
    with _workers.pool(jobs) as pool:
        pending: deque[concurrent.futures.Future[list[Any]]] = deque()
        for source in sources:
            if isinstance(source, Imported):
                pending.append(_resolved(done(source)))
            else:
                pending.append(pool.submit(_import_chunk, [source], lang, then))
            if len(pending) >= jobs * AHEAD:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


# --- what a run wrote, and what is left ---------------------------------------------


@attrs.define
class Tally:
    """The closing summary's counts: by outcome (and reason), and by form."""

    outcomes: Counter[str] = attrs.field(factory=Counter)
    reasons: Counter[str] = attrs.field(factory=Counter)
    forms: dict[str, Counter[str]] = attrs.field(factory=dict)
    resumed: int = 0
    """Files a resumed run found already done."""

    def add(self, record: dict[str, Any]) -> None:
        outcome = str(record["outcome"])
        self.outcomes[outcome] += 1
        if outcome == "refused":
            self.reasons[str(record.get("reason"))] += 1
        form = str(record.get("form") or "?")
        self.forms.setdefault(form, Counter())[outcome] += 1

    @property
    def total(self) -> int:
        return sum(self.outcomes.values())


def _lines(path: Path) -> Iterator[bytes]:
    """The whole lines of a file: a last line a killed run left half-written is not one."""
    if not path.exists():
        return
    with path.open("rb") as stream:
        for line in stream:
            if line.endswith(b"\n"):
                yield line


_KEPT = ("source", "sha256", "form", "outcome", "reason")
"""What a ledger keeps of each record: enough to know the file and to count it."""


@attrs.define
class Ledger:
    """What earlier runs wrote to a JSON Lines output: the files done, by source and hash.

    `done` says whether a file, as it is now, was imported already; a file changed since
    is not, and its old lines are dropped. `keep` then rewrites the outputs with the
    lines of the files done alone: a line half-written by a killed run, and the findings
    of a file whose record was never written, are not kept twice.
    """

    path: Path
    records: dict[tuple[str, str | None], dict[str, Any]] = attrs.field(factory=dict)
    resumed: int = 0

    @classmethod
    def open(cls, path: Path) -> Ledger:
        import orjson

        ledger = cls(path)
        for line in _lines(path):
            record = orjson.loads(line)
            kept = {key: record.get(key) for key in _KEPT}
            ledger.records[(record["source"], record.get("sha256"))] = kept
        return ledger

    def done(self, item: str | Imported) -> bool:
        """Whether a file, as it is now, was imported by an earlier run (or a folder that
        could not be listed was said to be so)."""
        if isinstance(item, Imported):
            return item.key in self.records
        source = item
        path = Path(source)
        try:
            sha256 = digest(path) if stat.S_ISREG(path.stat().st_mode) else None
        except OSError:
            sha256 = None
        if (source, sha256) in self.records:
            self.resumed += 1
            return True
        for stale in [key for key in self.records if key[0] == source]:
            del self.records[stale]
        return False

    def keep(self, *others: Path) -> Tally:
        """Rewrite the output and `others` (findings: JSON Lines, or CSV by the suffix)
        with the lines of the files done; the tally of those files."""
        keys = set(self.records)
        for path in (self.path, *others):
            if path.suffix.lower() == ".csv":
                _keep_csv(path, keys)
            else:
                _keep_lines(path, keys)
        tally = Tally(resumed=self.resumed)
        for record in self.records.values():
            tally.add(record)
        return tally


def _keep_lines(path: Path, keys: set[tuple[str, str | None]]) -> None:
    import orjson

    if not path.exists():
        return
    temporary = path.with_name(path.name + ".resuming")
    with temporary.open("wb") as out:
        for line in _lines(path):
            record = orjson.loads(line)
            if (record.get("source"), record.get("sha256")) in keys:
                out.write(line)
    os.replace(temporary, path)


def _keep_csv(path: Path, keys: set[tuple[str, str | None]]) -> None:
    import csv

    if not path.exists():
        return
    temporary = path.with_name(path.name + ".resuming")
    with (
        path.open(encoding="utf-8", newline="") as stream,
        temporary.open("w", encoding="utf-8", newline="") as out,
    ):
        bom = stream.read(1)
        if bom != "\ufeff":
            stream.seek(0)
            bom = ""
        out.write(bom)
        rows = csv.reader(stream)
        header = next(rows, None)
        if header is not None:
            source, sha256 = header.index("source"), header.index("sha256")
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(header)
            for row in rows:
                if len(row) == len(header) and (row[source], row[sha256] or None) in keys:
                    writer.writerow(row)
    os.replace(temporary, path)


def record_line(item: Imported, *, report: bool = True) -> str:
    """The JSON Lines line of a file's record."""
    return encode(item.to_json(report=report), indent=None) + "\n"
