"""What `validate` says of many documents: the verdict on each (`Outcome`), written in the
form the command was asked for, and the tally its summary and exit status come from.

The command writes outcomes with a `Writer`. So does each worker that checks a span of a
JSON Lines file: it hands back one `Block` of written text and its tally, and the command
only writes the blocks out, in order — no object per document crosses between processes.
"""

from __future__ import annotations

import heapq
import io
from collections import Counter
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any, Literal

import attrs

from . import _messages as messages
from . import _streams
from ._findings import Finding, catalogue

if TYPE_CHECKING:
    from ._validation import ValidationResult

__all__ = [
    "CSV_FIELDS",
    "SHOWN_PER_CODE",
    "SLOWEST",
    "Block",
    "Form",
    "Outcome",
    "Style",
    "Tally",
    "Writer",
    "csv_writer",
    "place",
    "verdict",
    "written",
]

Form = Literal["text", "json", "csv"]
"""The forms ``validate --format`` writes outcomes in."""

SHOWN_PER_CODE = 20
"""Findings of one code shown for a document in text, without ``--all``."""

SLOWEST = 5
"""Documents named in the summary's slowest, with ``--timing``."""

CSV_FIELDS = (
    "source", "line", "template", "valid", "code", "severity", "pointer", "expected", "actual",
    "message",
)  # fmt: skip
"""The columns of ``--format csv``: one row per finding."""


@attrs.frozen
class Outcome:
    """The verdict on one document, as plain data that crosses processes cheaply."""

    source: str
    line: int | None
    template: str | None
    valid: bool | None
    findings: tuple[dict[str, Any], ...]
    """Findings as JSON objects (see `Finding.to_json`)."""
    error: str | None
    seconds: float
    size: int

    def json_line(self) -> str:
        """The compact JSON record of the outcome, as ``--format json`` writes it."""
        from ._jsontext import encode  # for the runs that write JSON only

        return encode(self.to_json(), indent=None)

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {"source": self.source}
        if self.line is not None:
            record["line"] = self.line
        record.update(template=self.template, valid=self.valid)
        if self.error is not None:
            record["error"] = self.error
        else:
            record["complete"] = not any(
                finding["code"] in ("UNREAD", "NOT_ASSESSABLE") for finding in self.findings
            )
            record["findings"] = list(self.findings)
        return record


def place(outcome: Outcome) -> str:
    """Where the document of `outcome` is: its source, and its line in a JSON Lines file."""
    return f"{outcome.source}:{outcome.line}" if outcome.line is not None else outcome.source


def verdict(result: ValidationResult | Outcome, lang: str) -> str:
    """The one-line verdict on a document, as the text form starts its report."""
    counts: Counter[str] = Counter()
    explained = 0
    for finding in result.findings:
        data = finding.to_json() if isinstance(finding, Finding) else finding
        if "explanation" in data:
            explained += 1
            if data["severity"] == "warning":
                continue  # an explained warning does not count against the report
        counts.update((data["severity"], data["code"]))
    errors, warnings = counts["error"], counts["warning"]
    said = messages.explained_words(explained, lang)
    unread, unchecked = counts["UNREAD"], counts["NOT_ASSESSABLE"]
    template = result.template
    partial = result.valid and (unread or unchecked)
    word = messages.command_word
    state = word(
        "verdict_partial" if partial else "verdict_valid" if result.valid else "verdict_invalid",
        lang,
    )
    form = (
        word("verdict_template", lang, template=template)
        if template
        else word("verdict_no_template", lang)
    )
    gaps = word("verdict_gaps", lang, unread=unread, unchecked=unchecked) if partial else ""
    return word(
        "verdict_line",
        lang,
        state=state,
        form=form,
        errors=errors,
        warnings=warnings,
        said=said,
        gaps=gaps,
    )


def _text_report(outcome: Outcome, lang: str, show_all: bool, stream: IO[str]) -> None:
    out = _streams.Printable(stream)  # the messages quote the input: no control reaches a terminal
    out.write(f"{place(outcome)}: {verdict(outcome, lang)}\n")
    by_code: dict[str, list[dict[str, Any]]] = {}
    for finding in outcome.findings:
        by_code.setdefault(finding["code"], []).append(finding)
    for code, findings in by_code.items():
        severity = messages.command_word(f"severity_{catalogue(code).severity}", lang)
        said = messages.summary(code, lang)
        out.write(f"  {code} [{severity}] ×{len(findings)} — {said}\n")
        shown = findings if show_all else findings[:SHOWN_PER_CODE]
        for finding in shown:
            cell = f" [{finding['cell']}]" if "cell" in finding else ""
            out.write(f"    {finding['message']}{cell}\n")
        hidden = len(findings) - len(shown)
        if hidden:
            out.write(f"    {messages.command_word('more_findings', lang, hidden=hidden)}\n")


@attrs.frozen
class Style:
    """How outcomes are written: the command's ``--format``, ``--lang`` and ``--all``."""

    form: Form
    lang: str = "zh"
    show_all: bool = False


@attrs.define
class Tally:
    """What the summary and the exit status are made of: the documents seen and their bytes,
    how many were valid, invalid and unreadable, how often each code was found (in the order
    the codes were first found), and the slowest documents."""

    documents: int = 0
    size: int = 0
    counts: Counter[str] = attrs.Factory(Counter)
    codes: Counter[str] = attrs.Factory(Counter)
    slowest: list[tuple[float, str]] = attrs.Factory(list)
    """A heap of (seconds, place), the `SLOWEST` slowest documents read."""

    def add(self, outcome: Outcome) -> None:
        self.documents += 1
        self.size += outcome.size
        if outcome.error is not None:
            self.counts["unreadable"] += 1
            return
        self.counts["valid" if outcome.valid else "invalid"] += 1
        self.codes.update(finding["code"] for finding in outcome.findings)
        self._timed(outcome.seconds, place(outcome))

    def merge(self, other: Tally) -> None:
        """Count in `other`, the tally of the documents after these: the same as adding
        its documents one by one."""
        self.documents += other.documents
        self.size += other.size
        self.counts.update(other.counts)
        self.codes.update(other.codes)
        for seconds, where in other.slowest:
            self._timed(seconds, where)

    def _timed(self, seconds: float, where: str) -> None:
        heapq.heappush(self.slowest, (seconds, where))
        if len(self.slowest) > SLOWEST:
            heapq.heappop(self.slowest)


def csv_writer(out: IO[str]) -> Any:
    """A writer of CSV rows ending in a line feed (`csv`: imported by the runs that write it)."""
    import csv

    return csv.writer(out, lineterminator="\n")


class Writer:
    """Writes outcomes to `out` in a `Style`, one after the other, and keeps their `Tally`.

    It writes what goes to standard output; an unreadable document is said on standard
    error by whoever holds the writer (see `Block`).
    """

    def __init__(self, style: Style, out: IO[str]) -> None:
        self.style = style
        self.out = out
        self.tally = Tally()
        self.csv = csv_writer(out) if style.form == "csv" else None

    def header(self) -> None:
        """The first row of ``--format csv`` (nothing in the other forms)."""
        if self.csv is not None:
            self.csv.writerow(CSV_FIELDS)

    def write(self, outcome: Outcome) -> None:
        self.tally.add(outcome)
        if self.style.form == "json":
            self.out.write(outcome.json_line() + "\n")
        elif self.csv is not None:
            from ._export import csv_cell  # report objects (cattrs) only for this form

            for finding in outcome.findings:
                self.csv.writerow(
                    csv_cell(value)
                    for value in [outcome.source, outcome.line, outcome.template, outcome.valid]
                    + [finding.get(key) for key in CSV_FIELDS[4:]]
                )
        elif outcome.error is None:
            _text_report(outcome, self.style.lang, self.style.show_all, self.out)


@attrs.frozen
class Block:
    """Outcomes written: the text for standard output, cut where an unreadable document is
    said on standard error (`texts` holds one more piece than `errors`: text, error, text,
    …), and their tally. Writing the pieces in turn writes what writing the outcomes one
    by one would, on each stream and in the same order."""

    texts: tuple[str, ...]
    errors: tuple[str, ...]
    tally: Tally


def written(outcomes: Iterable[Outcome], style: Style) -> Block:
    """`outcomes`, written in `style` into one `Block`."""
    out = io.StringIO()
    writer = Writer(style, out)
    texts: list[str] = []
    errors: list[str] = []
    for outcome in outcomes:
        if outcome.error is not None:
            texts.append(out.getvalue())
            out.seek(0)
            out.truncate()
            errors.append(outcome.error)
        writer.write(outcome)
    texts.append(out.getvalue())
    return Block(tuple(texts), tuple(errors), writer.tally)
