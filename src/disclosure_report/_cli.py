"""The ``disclosure-report`` command.

Exit status: 0 — everything given is valid; 1 — at least one error finding;
2 — the command could not do its job (unreadable input, bad arguments).
"""

from __future__ import annotations

import contextlib
import gc

with contextlib.ExitStack() as _loading:
    # What the modules below build — classes, tables, the templates' declaration — lives as
    # long as the process: the garbage collector, run while they load, would go over it
    # again and again and free nothing (about a tenth of the start-up of `validate FILE`).
    # It waits until they are loaded, then runs as it did (`main` freezes what they built).
    if gc.isenabled():
        gc.disable()
        _loading.callback(gc.enable)
    if not gc.get_freeze_count():
        _loading.callback(gc.unfreeze)
        _loading.callback(gc.freeze)
    import argparse
    import contextvars
    import datetime
    import functools
    import io
    import itertools
    import os
    import re
    import signal
    import sys
    import threading
    import time
    from collections import Counter
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from typing import IO, TYPE_CHECKING, Any, NoReturn

    import attrs

    from . import _messages as messages
    from . import _streams
    from ._bulk import (
        Block,
        Document,
        Outcome,
        check_sources,
        documents,
        input_size,
        outcome_of,
        read_file,
    )
    from ._declare import Report
    from ._errors import DisclosureReportError, InvalidReportError, UnknownTemplateError
    from ._formats import BREAKDOWN_FORMATS, IMPORT_FORMATS, RENDER_FORMATS
    from ._limits import LIMITS, read_bounded
    from ._messages import LANGUAGES
    from ._schema import DISPATCHER, schema_text
    from ._templates import templates
    from ._templates._common import Agency
    from ._validation import check_series, validate
    from ._verdicts import SHOWN_PER_CODE, Style, Writer, csv_writer

if TYPE_CHECKING:
    from pathlib import Path

    from ._identity import Renames
    from ._roster import Filing

__all__ = ["main"]

EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_FAILURE = 2

_PROGRAM = "disclosure-report"


class _UsageError(Exception):
    """Bad arguments, or an input the command cannot use: reported in one line, exit 2.

    `key` names the words in `messages.COMMAND_WORDS`; `values` go into them. The line is
    said in the command's ``--lang``.
    """

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def words(self, lang: str) -> str:
        return messages.command_word(self.key, lang, **self.values)


class _Passed(_UsageError):
    """A message that is already words (a library error, in its own words): said as it is."""

    def __init__(self, text: str) -> None:
        super().__init__("", text=text)
        self.text = text

    def words(self, lang: str) -> str:
        return self.text


_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("cli_language", default="zh")
"""The language the command speaks: its ``--lang``, read before the arguments are parsed,
so that the help and argparse's errors are said in it too."""


def _word(key: str, **values: object) -> str:
    return messages.command_word(key, _LANGUAGE.get(), **values)


def _said(error: BaseException) -> str:
    """What `error` says: the library's errors in the command's language."""
    if isinstance(error, DisclosureReportError):
        return messages.error_message(error, _LANGUAGE.get())
    if isinstance(error, OSError):
        return messages.os_error(error, _LANGUAGE.get())
    return str(error)


class _Formatter(argparse.HelpFormatter):
    """argparse's help, its ``usage:`` and the colon after each title in the command's
    language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._titles: list[str] = []

    def start_section(self, heading: str | None) -> None:
        if heading:
            self._titles.append(heading)
        super().start_section(heading)

    def format_help(self) -> str:
        text = super().format_help()
        colon = messages.argparse_word("after_title", _LANGUAGE.get())
        for title in self._titles:  # argparse writes "title:", a colour code perhaps between
            pattern = rf"(?m)^(\s*{re.escape(title)}(?:\x1b\[[0-9;]*m)?):$"
            text = re.sub(pattern, lambda found: found.group(1) + colon, text)
        return text

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        said = prefix if prefix is not None else messages.argparse_word("usage", _LANGUAGE.get())
        super().add_usage(usage, actions, groups, said)


class _Partial(Exception):
    """A complaint of the parser of one command, which the whole parser says (`_arguments`)."""


class _Parser(argparse.ArgumentParser):
    """argparse, saying its own words (help, titles, complaints) in the command's language."""

    partial = False
    """Whether this is the parser of one command (`_parser`): its complaints are not said."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        helped = kwargs.get("add_help", True)
        kwargs["add_help"] = False  # its own -h below, with the help in the command's language
        super().__init__(*args, **kwargs)
        lang = _LANGUAGE.get()
        self._positionals.title = messages.argparse_word("positional_arguments", lang)
        self._optionals.title = messages.argparse_word("options", lang)
        if helped:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS,
                help=messages.argparse_word("help", lang),
            )  # fmt: skip

    def error(self, message: str) -> NoReturn:
        if self.partial:
            raise _Partial
        said = messages.argparse_message(message, _LANGUAGE.get())
        self.exit(EXIT_FAILURE, f"{self.prog}: {_word('error')}{said}\n")

    def _get_formatter(self) -> argparse.HelpFormatter:
        # as argparse's, the terminal's width found without importing shutil (bz2, lzma);
        # typeshed's protocol of a formatter class names `prog` alone, HelpFormatter's
        # takes `width` too
        width = _columns() - 2
        return self.formatter_class(prog=self.prog, width=width)  # type: ignore[call-arg]


def _columns() -> int:
    """The width of the terminal as `shutil.get_terminal_size` finds it: ``COLUMNS``, else
    the terminal standard output is, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # none, closed, detached, not a terminal
            columns = 0
    return columns or 80


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        sys.stdout.write(f"{parser.prog} {_package_version()}\n")
        parser.exit()


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("disclosure-report")
    except PackageNotFoundError:
        return "unknown"


def _read_input(source: str) -> bytes:
    """A report's bytes, from a file or standard input, refused past the size limit."""
    from pathlib import Path

    limit, name = LIMITS.document_bytes, "DISCLOSURE_REPORT_MAX_BYTES"
    if source == "-":
        return read_bounded(sys.stdin.buffer, limit, "document", name)
    path = Path(source)
    if path.is_dir():
        raise _UsageError("is_a_directory", source=source)
    try:
        return read_bounded(path, limit, "document", name)
    except FileNotFoundError:
        raise _UsageError("no_such_file", source=source) from None
    except PermissionError:
        raise _UsageError("permission_denied", source=source) from None


@contextlib.contextmanager
def _atomic_path(target: str, inputs: Sequence[str] = ()) -> Iterator[Path]:
    """Where to write `target`: whole or not at all, with the umask's permissions, never
    in place of a device, a FIFO or a link (see `_files`).

    Refuses to write over one of `inputs`: a command never destroys what it reads.
    """
    from . import _files  # tempfile and shutil: for the commands that write files

    with _files.replacing(target, inputs) as path:
        yield path


@contextlib.contextmanager
def _text_output(target: str | None, inputs: Sequence[str] = ()) -> Iterator[IO[str]]:
    """Standard output, or `target` written atomically."""
    if target is None or target == "-":
        yield sys.stdout
        return
    with (
        _atomic_path(target, inputs) as temporary,
        temporary.open("w", encoding="utf-8", errors="backslashreplace", newline="") as file,
    ):
        yield file


def _write_output(text: str, target: str | None, inputs: Sequence[str] = ()) -> None:
    with _text_output(target, inputs) as out:
        out.write(text)


def _load_report(source: str) -> Report:
    """A structurally valid report from a JSON file, a workbook, a folder holding one report,
    or stdin (``-``); or a one-line error naming it."""
    from pathlib import Path

    from ._jsonio import structure
    from ._jsontext import parse

    path = Path(source)
    if source != "-" and (path.is_dir() or path.suffix.lower() == ".xlsx"):
        found = list(read_file(source))
        if len(found) != 1:
            raise _UsageError("one_report", source=source, count=len(found))
        return _loaded(found[0])
    name = _display_name(source)
    try:
        return structure(parse(_read_input(source)))
    except InvalidReportError as error:
        raise _not_valid(name, error) from None
    except DisclosureReportError as error:
        raise _Passed(f"{name}: {_said(error)}") from None


def _not_valid(name: str, error: InvalidReportError) -> _UsageError:
    first = error.findings[0]
    return _UsageError(
        "not_a_valid_report", name=name, count=len(error.findings),
        first=messages.structural_problem(first, _LANGUAGE.get()),
    )  # fmt: skip


def _add_renames(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rename",
        action="append",
        default=[],
        metavar="FORMER=CURRENT",
        help=_word("rename"),
    )
    parser.add_argument("--renames", metavar="CSV", help=_word("renames"))


def _renames(arguments: argparse.Namespace) -> Renames | None:
    if not arguments.rename and not arguments.renames:
        return None  # none declared: the names are compared as written
    from ._identity import Renames

    pairs = []
    for given in arguments.rename:
        former, equals, current = given.partition("=")
        if not equals:
            raise _UsageError("rename_form", given=given)
        pairs.append((former, current))
    renames = Renames.from_pairs(pairs)
    if arguments.renames:
        renames = Renames.read(arguments.renames) | renames
    return renames if renames.names or renames.codes else None


# --- validate --------------------------------------------------------------


_BOM = "\ufeff"


class _Output:
    """Writes outcomes in the chosen format and keeps the tally for the summary."""

    def __init__(self, arguments: argparse.Namespace, out: IO[str]):
        self.style = Style(arguments.format, arguments.lang, arguments.all)
        self.timing: bool = arguments.timing
        self.out = out
        self.writer = Writer(self.style, out)
        if self.style.form == "csv":
            if arguments.bom:
                out.write(_BOM)
            self.writer.header()

    @property
    def status(self) -> int:
        counts = self.writer.tally.counts
        if counts["unreadable"]:
            return EXIT_FAILURE
        return EXIT_INVALID if counts["invalid"] else EXIT_VALID

    def write(self, outcome: Outcome) -> None:
        with _SIGNALS.whole():
            if outcome.error is not None:
                print(f"{_PROGRAM}: {outcome.error}", file=sys.stderr)
            self.writer.write(outcome)

    def write_block(self, block: Block) -> None:
        """The outcomes of a span, written already (by a worker): written out in one piece."""
        with _SIGNALS.whole():
            for text, error in zip(block.texts, block.errors, strict=False):
                self.out.write(text)
                print(f"{_PROGRAM}: {error}", file=sys.stderr)
            self.out.write(block.texts[-1])
            self.writer.tally.merge(block.tally)

    def summary(self) -> str:
        tally = self.writer.tally
        valid, invalid, unreadable = (
            tally.counts[key] for key in ("valid", "invalid", "unreadable")
        )
        common = tally.codes.most_common(5)
        slowest = sorted(tally.slowest, reverse=True)
        word, lang = messages.command_word, self.style.lang
        comma = word("list_separator", lang)
        lines = [
            word("summary_counts", lang, total=tally.documents, valid=valid, invalid=invalid,
                 unreadable=unreadable)
        ]  # fmt: skip
        if common:
            codes = comma.join(f"{c} ×{n}" for c, n in common)
            lines.append(word("summary_common", lang, codes=codes))
        if self.timing:
            timed = comma.join(
                f"{p} {word('milliseconds', lang, value=s * 1000)}" for s, p in slowest
            )
            lines.append(word("summary_slowest", lang, documents=timed))
        return "\n".join(lines) + "\n"


class _Progress:
    """A progress line on a terminal; silent when stderr is not one."""

    def __init__(self, total_bytes: int | None, enabled: bool):
        self.total = total_bytes
        self.enabled = enabled
        self.done = 0
        self.seen = 0
        self.start = time.monotonic()
        self.shown = 0.0

    def update(self, documents: int, size: int) -> None:
        self.done += documents
        self.seen += size
        now = time.monotonic()
        if not self.enabled or now - self.shown < 0.2:
            return
        self.shown = now
        rate = self.done / max(now - self.start, 1e-9)
        bar = ""
        if self.total:
            share = min(self.seen / self.total, 1.0)
            filled = int(share * 30)
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] {share:4.0%} "
        raw = _streams.raw_error()
        raw.write(f"\r{bar}{self.done} · {rate:,.0f}/s")
        raw.flush()

    def finish(self) -> None:
        if self.enabled and self.shown:
            raw = _streams.raw_error()
            raw.write("\r\033[K")
            raw.flush()


def _read_document(source: str) -> Any:
    from ._jsontext import parse

    try:
        return parse(_read_input(source))
    except DisclosureReportError as error:
        raise _Passed(f"{_display_name(source)}: {_said(error)}") from None


def _display_name(source: str) -> str:
    return "<stdin>" if source == "-" else source


def _validate_across_years(arguments: argparse.Namespace, output: _Output) -> None:
    if arguments.series:
        documents = [_read_document(source) for source in arguments.files]
        results = check_series(documents, renames=_renames(arguments))
    else:
        if len(arguments.files) != 1 or arguments.jsonl:
            raise _UsageError("previous_one_file")
        previous = _read_document(arguments.previous)
        current = _read_document(arguments.files[0])
        results = [validate(current, previous=previous, renames=_renames(arguments))]
    for source, result in zip(arguments.files, results, strict=True):
        output.write(outcome_of(_display_name(source), result, arguments.lang))


def _validate(arguments: argparse.Namespace) -> int:
    if arguments.series and arguments.previous:
        raise _UsageError("series_and_previous")
    if (arguments.rename or arguments.renames) and not (arguments.series or arguments.previous):
        raise _UsageError("renames_across_years")  # they would be read for nothing
    if not arguments.files and not arguments.jsonl:
        raise _UsageError("no_inputs")
    if arguments.jobs is not None and arguments.jobs < 1:
        raise _UsageError("jobs_count")
    output = _Output(arguments, sys.stdout)
    if arguments.series or arguments.previous:
        _validate_across_years(arguments, output)
        return output.status
    progress = _Progress(
        input_size(arguments.files, arguments.jsonl),
        enabled=sys.stderr.isatty() and not arguments.quiet,
    )
    outcomes = check_sources(
        arguments.files,
        arguments.jsonl,
        jobs=arguments.jobs,
        style=output.style,
    )
    try:
        for outcome in outcomes:
            if isinstance(outcome, Block):
                output.write_block(outcome)
                progress.update(outcome.tally.documents, outcome.tally.size)
            else:
                output.write(outcome)
                progress.update(1, outcome.size)
    finally:
        progress.finish()
    if progress.done == 0:
        where = ", ".join([*arguments.files, *arguments.jsonl])
        raise _UsageError("no_report_found", where=where)
    if progress.done > 1 and not arguments.quiet:
        summary = sys.stdout if arguments.format == "text" else sys.stderr
        summary.write(output.summary())
    return output.status


# --- template and schema ---------------------------------------------------


def _template(arguments: argparse.Namespace) -> int:
    from ._blank import blank, choose

    try:
        info, year = choose(arguments.template, arguments.year)
    except UnknownTemplateError as error:
        raise _Passed(_said(error)) from None
    if templates().in_force(year) is not info:
        years = (
            f"{info.first_year}–{info.last_year}"
            if info.last_year
            else _word("years_open", first=info.first_year)
        )
        raise _UsageError("not_in_force", template=info.id, year=year, years=years)
    report = blank(info.id, year=year, zeros=arguments.zeros, agency=arguments.agency)
    _write_rendered(report, arguments.format, arguments.output, annotate=False, inputs=[])
    return EXIT_VALID


def _write_rendered(
    report: Report,
    form: str,
    output: str | None,
    *,
    annotate: bool,
    inputs: Sequence[str],
) -> None:
    from ._jsonio import dumps
    from ._rendering import render

    if form == "json":
        _write_output(dumps(report) + "\n", output, inputs)
        return
    try:
        rendered = render(report, form, annotate=annotate)  # type: ignore[arg-type]
    except (ImportError, ValueError) as error:
        raise _Passed(_said(error)) from None
    if isinstance(rendered, str):
        _write_output(rendered, output, inputs)
        return
    if output is None or output == "-":
        if sys.stdout.isatty():
            raise _UsageError("binary_needs_file", form=form)
        sys.stdout.flush()
        sys.stdout.buffer.write(rendered)
        return
    with _atomic_path(output, inputs) as temporary:
        temporary.write_bytes(rendered)


def _render(arguments: argparse.Namespace) -> int:
    report = _load_report(arguments.file)
    _write_rendered(
        report, arguments.format, arguments.output, annotate=arguments.annotate,
        inputs=[arguments.file],
    )  # fmt: skip
    return EXIT_VALID


def _aggregate(arguments: argparse.Namespace) -> int:
    from pathlib import Path

    from ._jsonio import dumps
    from ._jsontext import encode
    from ._rollup import reconcile, write_breakdown

    outputs = [
        ("-o", arguments.output),
        ("--breakdown", arguments.breakdown),
        ("--findings-json", arguments.findings_json),
    ]
    from . import _files

    _files.check_distinct(outputs, [*arguments.files, arguments.region_report or "-"])
    found = list(documents(arguments.files))
    if not found:
        raise _UsageError("no_report_found", where=", ".join(arguments.files))
    reports = [_loaded(item) for item in found]
    units = [item.source for item in found]
    published = _load_report(arguments.region_report) if arguments.region_report else None
    agency = Agency(name=arguments.agency_name, division_code=arguments.division_code)
    rolled = reconcile(reports, agency=agency, published=published, renames=_renames(arguments))
    inputs = [*arguments.files, *([arguments.region_report] if published else [])]
    _write_output(dumps(rolled.report) + "\n", arguments.output, inputs)
    if arguments.breakdown:
        with _atomic_path(arguments.breakdown, inputs) as temporary:
            suffixed = temporary.with_suffix(Path(arguments.breakdown).suffix)
            try:
                write_breakdown(rolled, suffixed)
                suffixed.replace(temporary)
            except (ImportError, ValueError) as error:
                raise _Passed(_said(error)) from None
            finally:
                suffixed.unlink(missing_ok=True)
    if arguments.findings_json:
        lang = arguments.lang
        record = {
            "valid": rolled.valid,
            "findings": [
                {**messages.finding_json(f, lang), "units": list(rolled.origins(f))}
                for f in rolled.result.findings
            ],
            "reconciliation": [messages.finding_json(f, lang) for f in rolled.findings],
            "units": [
                {
                    "unit": name,
                    "source": _display_name(source),
                    "valid": result.valid,
                    "findings": [messages.finding_json(f, lang) for f in result.findings],
                }
                for name, source, result in zip(
                    rolled.names, units, rolled.unit_results, strict=True
                )
            ],
        }
        _write_output(encode(record) + "\n", arguments.findings_json, inputs)
    sources = [_display_name(source) for source in units]
    output = arguments.output or "<stdout>"
    sys.stderr.write(messages.rollup_text(rolled, output, arguments.lang, sources))
    return EXIT_VALID if rolled.valid else EXIT_INVALID


def _deadlines(given: Sequence[str]) -> dict[str, tuple[int, int]]:
    from ._roster import LEVELS

    deadlines: dict[str, tuple[int, int]] = {}
    for text in given:
        level, equals, day = text.partition("=")
        month, dash, number = day.partition("-")
        if not (equals and dash and month.isdigit() and number.isdigit()) or level not in LEVELS:
            raise _UsageError("deadline_form", levels=", ".join(LEVELS), given=text)
        deadlines[level] = (int(month), int(number))
    return deadlines


def _filings(files: Sequence[str]) -> list[Filing]:
    from ._jsontext import parse
    from ._roster import Filing

    filings = []
    for item in documents(files, ()):
        name = f"{item.source}:{item.line}" if item.line is not None else item.source
        if item.data is None:
            said = item.problem(_LANGUAGE.get()) or _word("cannot_read", name=name)
            filings.append(Filing(name, error=said))
            continue
        try:
            filings.append(Filing.of(name, parse(item.data)))
        except DisclosureReportError as error:
            filings.append(Filing(name, error=_said(error)))
    return filings


def _review(arguments: argparse.Namespace) -> int:
    from ._export import csv_cell
    from ._jsontext import encode
    from ._letters import write_letters
    from ._roster import read_roster, review, review_json
    from ._sheets import workbook

    roster = read_roster(arguments.roster)
    filings = _filings(arguments.files)
    try:
        checked = review(
            roster,
            filings,
            year=arguments.year,
            deadlines=_deadlines(arguments.deadline),
            renames=_renames(arguments),
        )
    except ValueError as error:  # a deadline that is no day of the year
        raise _Passed(_said(error)) from None
    inputs = [*arguments.files, arguments.roster]
    lang = arguments.lang
    if arguments.format == "xlsx":
        if not arguments.output or arguments.output == "-":
            raise _UsageError("binary_needs_file", form="xlsx")
        header, rows = messages.roster_table(checked, lang)
        with _atomic_path(arguments.output, inputs) as temporary:
            try:
                sheet = messages.command_word("review_sheet", lang, year=checked.year)
                temporary.write_bytes(workbook([(sheet, header, rows)]))
            except ImportError as error:
                raise _Passed(_said(error)) from None
    elif arguments.format == "json":
        _write_output(encode(review_json(checked)) + "\n", arguments.output, inputs)
    elif arguments.format == "csv":
        header, rows = messages.roster_table(checked, lang)
        with _text_output(arguments.output, inputs) as out:
            writer = csv_writer(out)
            writer.writerow(header)
            writer.writerows([csv_cell(value) for value in row] for row in rows)
    else:
        _write_output(messages.roster_text(checked, lang), arguments.output, inputs)
    if arguments.format != "text" and arguments.output not in (None, "-"):
        print(messages.roster_summary(checked, lang), file=sys.stderr)
    if arguments.letters:
        written = write_letters(
            checked, arguments.letters, office=arguments.office, date=arguments.letter_date
        )
        note = messages.command_word(
            "letters_written", lang, count=len(written), folder=arguments.letters
        )
        print(note, file=sys.stderr)
    return EXIT_VALID if checked.in_order else EXIT_INVALID


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_word("not_a_date", text=text)) from None


def _diff(arguments: argparse.Namespace) -> int:
    from ._compare import diff
    from ._identity import same_agency
    from ._jsontext import encode

    first, second = _load_report(arguments.first), _load_report(arguments.second)
    if same_agency(first, second, renames=_renames(arguments)) is False:
        note = messages.command_word(
            "different_agencies", arguments.lang, first=first.agency.name,
            second=second.agency.name,
        )  # fmt: skip
        print(note, file=sys.stderr)
    changes = diff(first, second)
    if arguments.format == "json":
        sys.stdout.write(encode([change.to_json() for change in changes], indent=None) + "\n")
    elif changes:
        for change in changes:
            print(_streams.printable(messages.change_line(change, arguments.lang)))
    else:
        print(messages.command_word("same_reports", arguments.lang))
    return EXIT_INVALID if changes else EXIT_VALID


def _loaded(item: Document) -> Report:
    """The report of one document `documents` found, or a one-line error naming it."""
    from ._jsonio import structure
    from ._jsontext import parse

    name = f"{item.source}:{item.line}" if item.line is not None else item.source
    if item.data is None:
        problem = item.problem(_LANGUAGE.get())
        raise _Passed(problem) if problem else _UsageError("cannot_read", name=name)
    try:
        return structure(parse(item.data))
    except InvalidReportError as error:
        raise _not_valid(name, error) from None
    except DisclosureReportError as error:
        raise _Passed(f"{name}: {_said(error)}") from None


def _reports(items: Iterable[Document]) -> Iterator[Report]:
    """The reports of the inputs `validate` takes (files, folders, workbooks, JSON Lines),
    as `documents` reads them."""
    for item in items:
        yield _loaded(item)


def _panel(items: Iterable[Document], renames: Renames | None,
           refused: Counter[str]) -> Iterator[list[dict[str, Any]]]:  # fmt: skip
    """The panel records of the records of `import` over a corpus, a file at a time;
    `refused` counts the files that have no report. The records of an ``--output-dir``
    run's index have their reports read from the files they name beside the index."""
    from ._jsontext import parse
    from ._panel import is_import_record, panel_records

    for item in items:
        name = f"{item.source}:{item.line}" if item.line is not None else item.source
        if item.data is None:
            problem = item.problem(_LANGUAGE.get())
            raise _Passed(problem) if problem else _UsageError("cannot_read", name=name)
        try:
            record = parse(item.data)
        except DisclosureReportError as error:
            raise _Passed(f"{name}: {_said(error)}") from None
        if not is_import_record(record):
            raise _Passed(f"{name}: {messages.mixed_export(_LANGUAGE.get())}")
        record = _with_saved_report(record, item, name)
        if record.get("report") is None:
            refused[record.get("outcome", "refused")] += 1
            continue
        try:
            yield panel_records(record, renames=renames)
        except DisclosureReportError as error:
            raise _Passed(f"{name}: {_said(error)}") from None


def _with_saved_report(record: dict[str, Any], item: Document, name: str) -> dict[str, Any]:
    """An index record of an ``--output-dir`` run with its report, read from the file it
    names beside the index; any other record as it is."""
    from pathlib import Path

    from ._jsontext import parse
    from ._panel import saved_report_name

    try:
        saved = saved_report_name(record)
    except DisclosureReportError as error:
        raise _Passed(f"{name}: {_said(error)}") from None
    if saved is None:
        return record
    if item.source in ("-", "<stdin>"):
        raise _UsageError("index_on_stdin", name=name)
    path = Path(item.source).parent / saved
    found = next(read_file(str(path)))
    if found.data is None:
        problem = found.problem(_LANGUAGE.get())
        raise _Passed(problem) if problem else _UsageError("cannot_read", name=str(path))
    try:
        return {**record, "report": parse(found.data)}
    except DisclosureReportError as error:
        raise _Passed(f"{path}: {_said(error)}") from None


def _is_import_record(item: Document | None) -> bool:
    from ._jsontext import parse
    from ._panel import is_import_record

    if item is None or item.data is None:
        return False
    try:
        return is_import_record(parse(item.data))
    except DisclosureReportError:
        return False


def _export_panel(
    arguments: argparse.Namespace, renames: Renames | None, items: Iterable[Document]
) -> int:
    from ._export import write_csv, write_jsonl
    from ._panel import PANEL_FIELDS, write_partitioned

    inputs = [*arguments.files, *arguments.jsonl]
    refused: Counter[str] = Counter()
    batches = _panel(items, renames, refused)
    if arguments.format == "parquet":
        if not arguments.output or arguments.output == "-":
            raise _UsageError("parquet_needs_folder")
        try:
            write_partitioned(batches, arguments.output)
        except ImportError as error:
            raise _Passed(_said(error)) from None
    else:
        with _text_output(arguments.output, inputs) as out:
            if arguments.bom and arguments.format == "csv":
                out.write(_BOM)
            for index, records in enumerate(batches):
                if arguments.format == "csv":
                    write_csv(records, out, header=index == 0, fields=PANEL_FIELDS)
                else:
                    write_jsonl(records, out)
    if refused:
        print(messages.refused_in_panel(sum(refused.values()), arguments.lang), file=sys.stderr)
    return EXIT_VALID


def _export(arguments: argparse.Namespace) -> int:
    from ._export import ParquetWriter, to_records, write_csv, write_jsonl

    if not arguments.files and not arguments.jsonl:
        raise _UsageError("no_inputs")
    inputs = [*arguments.files, *arguments.jsonl]
    renames = _renames(arguments)
    # The inputs are read once: standard input cannot be read again after a look at its first.
    items = documents(arguments.files, arguments.jsonl)
    first = next(items, None)
    items = itertools.chain([] if first is None else [first], items)
    if _is_import_record(first):
        return _export_panel(arguments, renames, items)
    if arguments.format == "parquet":
        if not arguments.output or arguments.output == "-":
            raise _UsageError("binary_needs_file", form="Parquet")
        with _atomic_path(arguments.output, inputs) as temporary:
            try:
                writer = ParquetWriter(temporary)
            except ImportError as error:
                raise _Passed(_said(error)) from None
            try:
                for report in _reports(items):
                    writer.write(to_records(report, renames=renames))
            finally:
                writer.close()
        return EXIT_VALID
    with _text_output(arguments.output, inputs) as out:
        if arguments.bom and arguments.format == "csv":
            out.write(_BOM)
        for index, report in enumerate(_reports(items)):
            records = to_records(report, renames=renames)
            if arguments.format == "csv":
                write_csv(records, out, header=index == 0)
            else:
                write_jsonl(records, out)
    return EXIT_VALID


def _many(arguments: argparse.Namespace) -> bool:
    """Whether `import` reads a corpus: several inputs, a folder or a glob, or an option of
    a corpus run."""
    from glob import has_magic
    from pathlib import Path

    files: list[str] = arguments.files
    options = (arguments.output_dir, arguments.findings, arguments.jobs, arguments.resume)
    return (
        len(files) > 1
        or any(Path(name).is_dir() or has_magic(name) for name in files)
        or any(option not in (None, False) for option in options)
    )


def _import(arguments: argparse.Namespace) -> int:
    from ._importing import import_report
    from ._jsontext import encode

    if _many(arguments):
        return _import_many(arguments)
    arguments.file = arguments.files[0]
    outputs = [("-o", arguments.output), ("--findings-json", arguments.findings_json)]
    from . import _files

    _files.check_distinct(outputs, [arguments.file])
    try:
        # A scan's pages over every core: the command's main module starts no work when
        # the workers import it.
        imported = import_report(
            arguments.file, format=arguments.format, agency=arguments.agency,
            year=arguments.year, jobs=os.cpu_count() or 1,
        )  # fmt: skip
    except FileNotFoundError:
        raise _UsageError("no_such_file", source=arguments.file) from None
    except IsADirectoryError:
        raise _UsageError("is_a_directory", source=arguments.file) from None
    except ImportError as error:
        raise _Passed(_said(error)) from None
    except DisclosureReportError as error:
        raise _Passed(f"{arguments.file}: {_said(error)}") from None
    _write_output(encode(imported.document) + "\n", arguments.output, [arguments.file])
    lang = arguments.lang
    count = len(imported.findings)
    said = messages.command_word(
        "imported", lang, source=arguments.file, template=imported.template, count=count
    )
    print(said, file=sys.stderr)
    for finding in imported.findings:
        print(f"  {finding.code} {messages.message(finding, lang)}", file=sys.stderr)
    if arguments.findings_json:
        record = {
            "source": arguments.file,
            "template": imported.template,
            "findings": [messages.finding_json(finding, lang) for finding in imported.findings],
            "provenance": imported.provenance,
        }
        _write_output(encode(record) + "\n", arguments.findings_json, [arguments.file])
    return EXIT_VALID


_FINDING_FIELDS = (
    "source", "sha256", "stage", "code", "severity", "pointer", "page", "message", "expected",
    "actual",
)  # fmt: skip
"""The columns of `import --findings FILE.csv`."""


class _Corpus:
    """Where a corpus run writes: the records (JSON Lines, or a folder of JSON files and its
    index), the findings (JSON Lines or CSV), a record whole or not at all."""

    def __init__(self, arguments: argparse.Namespace, append: bool):
        from pathlib import Path

        mode = "a" if append else "w"
        self.folder = Path(arguments.output_dir) if arguments.output_dir else None
        self.stack = contextlib.ExitStack()
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.out = self.stack.enter_context(
                (self.folder / "index.jsonl").open(mode, encoding="utf-8")
            )
        elif arguments.output and arguments.output != "-":
            stream = Path(arguments.output).open(mode, encoding="utf-8")  # noqa: SIM115 - closed by the stack
            self.out = self.stack.enter_context(stream)
        else:
            self.out = sys.stdout
        self.findings: IO[str] | None = None
        self.csv: Any = None
        if arguments.findings:
            path = Path(arguments.findings)
            fresh = not append or not path.exists() or path.stat().st_size == 0
            self.findings = self.stack.enter_context(path.open(mode, encoding="utf-8", newline=""))
            if path.suffix.lower() == ".csv":
                self.csv = csv_writer(self.findings)
                if fresh:
                    if arguments.bom:
                        self.findings.write(_BOM)
                    self.csv.writerow(_FINDING_FIELDS)

    @property
    def shape(self) -> _Shape:
        """What the records become, for the workers to make it."""
        findings = None if self.findings is None else "csv" if self.csv is not None else "jsonl"
        return _Shape(self.folder is not None, findings)

    def write(self, written: _Written) -> None:
        with _SIGNALS.whole():
            if self.findings is not None:
                self.findings.write(written.findings)
                self.findings.flush()
            if self.folder is not None and written.saved is not None:
                name, text = written.saved
                (self.folder / name).write_text(text, encoding="utf-8")
            self.out.write(written.line)
            self.out.flush()

    def close(self) -> None:
        self.stack.close()


@attrs.frozen
class _Shape:
    """What a corpus run writes of a record: into a folder or not, and its findings as JSON
    Lines, as CSV, or not at all."""

    folder: bool
    findings: str | None


@attrs.frozen
class _Written:
    """A record of a corpus run as text, ready to be written: made in the worker that
    imported the file, so that the parent only writes."""

    record: dict[str, Any]
    """The record without its report: what the summary counts."""
    line: str
    """The line of the output (of the index, in a folder)."""
    findings: str
    """The lines of the findings, JSON Lines or CSV rows."""
    saved: tuple[str, str] | None = None
    """The name and the JSON text of the report's own file, in a folder."""


def _written(shape: _Shape, item: Any) -> _Written:
    """An imported record as the text a corpus run writes of it."""
    from pathlib import Path

    from ._corpus import finding_records, record_line
    from ._export import csv_cell
    from ._jsontext import encode

    findings = ""
    if shape.findings == "csv":
        rows = io.StringIO()
        writer = csv_writer(rows)
        for finding in finding_records(item):
            writer.writerow(csv_cell(finding.get(key)) for key in _FINDING_FIELDS)
        findings = rows.getvalue()
    elif shape.findings == "jsonl":
        findings = "".join(encode(finding, indent=None) + "\n" for finding in finding_records(item))
    record = item.to_json(report=False)
    if not shape.folder:
        return _Written(record, record_line(item), findings)
    line, saved = dict(record), None
    if item.document is not None:
        line["provenance"] = item.provenance
        name = f"{Path(item.source).stem}-{item.sha256[:12]}.json"
        saved = (name, encode(item.document) + "\n")
        line["file"] = name
    return _Written(record, encode(line, indent=None) + "\n", findings, saved)


class _Count:
    """Files done of all, with the rate and what is left, on a terminal's last line."""

    def __init__(self, total: int, enabled: bool):
        self.total = total
        self.enabled = enabled
        self.done = 0
        self.start = time.monotonic()
        self.shown = 0.0

    def update(self) -> None:
        self.done += 1
        now = time.monotonic()
        if not self.enabled or (now - self.shown < 0.2 and self.done < self.total):
            return
        self.shown = now
        rate = self.done / max(now - self.start, 1e-9)
        share = self.done / self.total if self.total else 1.0
        filled = int(share * 30)
        left = (self.total - self.done) / rate if rate else 0.0
        raw = _streams.raw_error()
        raw.write(
            f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} · "
            f"{rate:,.1f}/s · {left:,.0f} s left"
        )
        raw.flush()

    def finish(self) -> None:
        if self.enabled and self.shown:
            raw = _streams.raw_error()
            raw.write("\r\033[K")
            raw.flush()


def _import_many(arguments: argparse.Namespace) -> int:
    from pathlib import Path

    from . import _files
    from ._corpus import Ledger, Tally, import_files, published_files

    single = [("--agency", arguments.agency), ("--year", arguments.year),
              ("--findings-json", arguments.findings_json)]  # fmt: skip
    given = [option for option, value in single if value is not None]
    if arguments.format != "auto":
        given.append("--format")
    if given:
        raise _UsageError("one_file_only", options=", ".join(given))
    if arguments.jobs is not None and arguments.jobs < 1:
        raise _UsageError("jobs_at_least_one")
    if arguments.output and arguments.output_dir:
        raise _UsageError("output_or_dir")
    if arguments.findings and Path(arguments.findings).suffix.lower() not in (".csv", ".jsonl"):
        raise _UsageError("findings_suffix")
    ledger_path = (
        Path(arguments.output_dir) / "index.jsonl" if arguments.output_dir
        else Path(arguments.output) if arguments.output not in (None, "-") else None
    )  # fmt: skip
    if arguments.resume and ledger_path is None:
        raise _UsageError("resume_needs_output")
    outputs = [("-o", arguments.output), ("--findings", arguments.findings)]
    listed = list(published_files(arguments.files, arguments.lang))
    _files.check_distinct(outputs, [item for item in listed if isinstance(item, str)])
    tally = Tally()
    if arguments.resume and ledger_path is not None and ledger_path.exists():
        ledger = Ledger.open(ledger_path)
        listed = [item for item in listed if not ledger.done(item)]
        tally = ledger.keep(*([Path(arguments.findings)] if arguments.findings else []))
    output = _Corpus(arguments, append=arguments.resume)
    progress = _Count(len(listed), sys.stderr.isatty())
    try:
        then = functools.partial(_written, output.shape)
        for written in import_files(listed, jobs=arguments.jobs, lang=arguments.lang, then=then):
            output.write(written)
            tally.add(written.record)
            progress.update()
    finally:
        progress.finish()
        output.close()
    sys.stderr.write(
        messages.corpus_summary(
            tally.outcomes, tally.reasons, tally.forms, tally.resumed, arguments.lang
        )
    )
    return EXIT_FAILURE if tally.outcomes["refused"] else EXIT_VALID


def _schema(arguments: argparse.Namespace) -> int:
    sys.stdout.write(schema_text(arguments.template))
    return EXIT_VALID


def _serve(arguments: argparse.Namespace) -> int:
    from pathlib import Path

    try:
        from ._web import Settings, serve
    except ImportError as error:
        raise _UsageError("serve_needs_web", missing=error.name) from None
    workers = arguments.workers
    if (
        (workers is not None and workers < 1)
        or arguments.timeout <= 0
        or not (0 <= arguments.port <= 65535)
    ):
        raise _UsageError("serve_options")
    options: dict[str, Any] = {"timeout": arguments.timeout}
    if workers is not None:
        options["workers"] = workers
    if arguments.keep:
        options["keep"] = Path(arguments.keep)
    return serve(Settings(arguments.host, arguments.port, **options))


# --- the parser --------------------------------------------------------------


def _text(text: str) -> str:
    """A text argument: bytes that are not UTF-8 (kept by Python as lone surrogates) are
    refused here, before they reach a report that no output could then hold."""
    if any("\udc80" <= character <= "\udcff" for character in text):
        shown = text.encode("utf-8", "surrogateescape")
        raise argparse.ArgumentTypeError(_word("not_utf8", shown=shown))
    return text


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_word("not_a_year", text=text)) from None
    if not 1900 <= year <= 2999:
        raise argparse.ArgumentTypeError(_word("not_a_report_year", year=year))
    return year


def _add_language(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default="zh", help=_word("lang"))


def _language(argv: Sequence[str]) -> str:
    """The ``--lang`` given among `argv`, or Chinese: read before parsing, for the help."""
    for index, argument in enumerate(argv):
        if argument.startswith("--lang="):
            given = argument.partition("=")[2]
        elif argument == "--lang" and index + 1 < len(argv):
            given = argv[index + 1]
        else:
            continue
        if given in LANGUAGES:
            return given
    return "zh"


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `only`, holding that command's arguments alone (a
    run needs only its own command's, and argparse builds a help formatter for each
    argument it is given), its complaints left to the whole parser (`_arguments`)."""
    parser = _Parser(
        prog=_PROGRAM,
        description=_word("program"),
    )
    parser.add_argument(
        "--version", action=_Version, nargs=0,
        help=messages.argparse_word("version", _LANGUAGE.get()),
    )  # fmt: skip
    parser.partial = only is not None
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, arguments in _COMMANDS.items():
        if only is None or name == only:
            arguments(commands.add_parser(name, help=_word(name)))

    parser.add_argument("--debug", action="store_true", help=_word("debug"))
    for command in commands.choices.values():
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help=_word("debug"))  # fmt: skip
    return parser


def _validate_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help=_word("files"),
    )
    check.add_argument(
        "--jsonl",
        action="append",
        default=[],
        metavar="FILE",
        help=_word("jsonl"),
    )
    check.add_argument(
        "--format", choices=("text", "json", "csv"), default="text", help=_word("format")
    )
    check.add_argument("--jobs", type=int, metavar="N", help=_word("jobs"))
    check.add_argument("--quiet", action="store_true", help=_word("quiet"))
    check.add_argument("--timing", action="store_true", help=_word("timing"))
    check.add_argument("--bom", action="store_true", help=_word("bom"))
    _add_language(check)
    check.add_argument("--all", action="store_true", help=_word("all", count=SHOWN_PER_CODE))
    check.add_argument("--previous", metavar="LAST", help=_word("previous"))
    check.add_argument(
        "--series",
        action="store_true",
        help=_word("series"),
    )
    _add_renames(check)
    check.set_defaults(run=_validate)


def _template_arguments(fill: argparse.ArgumentParser) -> None:
    fill.add_argument("--template", choices=tuple(templates()), help=_word("template_choice"))
    fill.add_argument("--year", type=_year, help=_word("year"))
    fill.add_argument("--zeros", action="store_true", help=_word("zeros"))
    fill.add_argument("--agency", default="", type=_text, help=_word("agency"))
    fill.add_argument("-o", "--output", metavar="FILE", help=_word("output"))
    fill.add_argument("--format", choices=("json", *RENDER_FORMATS), default="json")
    _add_language(fill)
    fill.set_defaults(run=_template)


def _render_arguments(draw: argparse.ArgumentParser) -> None:
    draw.add_argument("file", metavar="FILE", help=_word("report_file"))
    draw.add_argument("--format", choices=RENDER_FORMATS, default="html")
    draw.add_argument("-o", "--output", metavar="OUT", help=_word("output"))
    draw.add_argument("--annotate", action="store_true", help=_word("annotate"))
    _add_language(draw)
    draw.set_defaults(run=_render)


def _aggregate_arguments(roll: argparse.ArgumentParser) -> None:
    roll.add_argument("files", nargs="+", metavar="FILE", help=_word("aggregate_files"))
    roll.add_argument("-o", "--output", metavar="FILE", help=_word("output"))
    roll.add_argument("--agency-name", default="汇总", type=_text, help=_word("agency_name"))
    roll.add_argument("--division-code", help=_word("division_code"))
    _add_language(roll)
    roll.add_argument(
        "--region-report",
        metavar="FILE",
        help=_word("region_report"),
    )
    roll.add_argument(
        "--breakdown",
        metavar="FILE",
        help=_word("breakdown", formats=", ".join(BREAKDOWN_FORMATS)),
    )
    roll.add_argument("--findings-json", metavar="FILE", help=_word("rollup_findings"))
    _add_renames(roll)
    roll.set_defaults(run=_aggregate)


def _review_arguments(office: argparse.ArgumentParser) -> None:
    office.add_argument("files", nargs="+", metavar="REPORT", help=_word("review_files"))
    office.add_argument(
        "--roster",
        required=True,
        metavar="UNITS",
        help=_word("roster"),
    )
    office.add_argument("--year", type=_year, help=_word("review_year"))
    office.add_argument(
        "--deadline",
        action="append",
        default=[],
        metavar="LEVEL=MM-DD",
        help=_word("deadline"),
    )
    office.add_argument(
        "--format", choices=("text", "json", "csv", "xlsx"), default="text", help=_word("format")
    )
    office.add_argument("-o", "--output", metavar="FILE", help=_word("output"))
    office.add_argument("--letters", metavar="DIR", help=_word("letters"))
    office.add_argument(
        "--office",
        default="政府信息公开工作主管部门",
        type=_text,
        help=_word("office"),
    )
    office.add_argument(
        "--letter-date", type=_date, metavar="YYYY-MM-DD", help=_word("letter_date")
    )
    _add_language(office)
    _add_renames(office)
    office.set_defaults(run=_review)


def _diff_arguments(compare: argparse.ArgumentParser) -> None:
    compare.add_argument("first", metavar="A", help=_word("report_file"))
    compare.add_argument("second", metavar="B", help=_word("report_file"))
    compare.add_argument("--format", choices=("text", "json"), default="text", help=_word("format"))
    _add_language(compare)
    _add_renames(compare)
    compare.set_defaults(run=_diff)


def _export_arguments(tidy: argparse.ArgumentParser) -> None:
    tidy.add_argument(
        "files", nargs="*", metavar="FILE",
        help=_word("export_files"),
    )  # fmt: skip
    tidy.add_argument(
        "--jsonl", action="append", default=[], metavar="FILE",
        help=_word("export_jsonl"),
    )  # fmt: skip
    tidy.add_argument(
        "--format", choices=("csv", "jsonl", "parquet"), default="csv", help=_word("format")
    )
    tidy.add_argument("--bom", action="store_true", help=_word("bom"))
    tidy.add_argument("-o", "--output", metavar="FILE", help=_word("export_output"))
    _add_renames(tidy)
    _add_language(tidy)
    tidy.set_defaults(run=_export)


def _import_arguments(read: argparse.ArgumentParser) -> None:
    read.add_argument("files", nargs="+", metavar="FILE", help=_word("import_files"))
    read.add_argument("-o", "--output", metavar="OUT", help=_word("import_output"))
    read.add_argument("--format", choices=IMPORT_FORMATS, default="auto", help=_word("format"))
    read.add_argument("--findings-json", metavar="FILE", help=_word("import_findings"))
    read.add_argument("--output-dir", metavar="DIR", help=_word("import_output_dir"))
    read.add_argument("--findings", metavar="FILE", help=_word("import_many_findings"))
    read.add_argument("--jobs", type=int, metavar="N", help=_word("import_jobs"))
    read.add_argument("--resume", action="store_true", help=_word("import_resume"))
    read.add_argument("--bom", action="store_true", help=_word("bom"))
    read.add_argument("--agency", type=_text, help=_word("import_agency"))
    read.add_argument("--year", type=_year, help=_word("import_year"))
    _add_language(read)
    read.set_defaults(run=_import)


def _schema_arguments(show: argparse.ArgumentParser) -> None:
    show.add_argument(
        "--template",
        choices=(*templates(), DISPATCHER),
        default=templates().latest.id,
        help=_word(
            "schema_template",
            templates=" / ".join(templates()),
            dispatcher=DISPATCHER,
            latest=templates().latest.id,
        ),
    )
    _add_language(show)
    show.set_defaults(run=_schema)


def _serve_arguments(web: argparse.ArgumentParser) -> None:
    web.add_argument("--host", default="127.0.0.1", help=_word("host"))
    web.add_argument("--port", type=int, default=8000, help=_word("port"))
    web.add_argument(
        "--keep",
        metavar="DIR",
        help=_word("keep"),
    )
    web.add_argument(
        "--workers", type=int, help=_word("workers"),
    )  # fmt: skip
    web.add_argument(
        "--timeout", type=float, default=30.0,
        help=_word("timeout"),
    )  # fmt: skip
    _add_language(web)
    web.set_defaults(run=_serve)


_COMMANDS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "validate": _validate_arguments,
    "template": _template_arguments,
    "render": _render_arguments,
    "aggregate": _aggregate_arguments,
    "review": _review_arguments,
    "diff": _diff_arguments,
    "export": _export_arguments,
    "import": _import_arguments,
    "schema": _schema_arguments,
    "serve": _serve_arguments,
}
"""Each command and what adds its arguments to its parser."""


def _arguments(argv: Sequence[str]) -> argparse.Namespace:
    """The parsed `argv`: by the parser of the command alone when it comes first (the
    program's own options, ``--debug``, ``--version``, ``-h``, come before it), or by the
    whole parser, whose help and complaints name every command."""
    if argv and argv[0] in _COMMANDS:
        with contextlib.suppress(_Partial):
            return _parser(argv[0]).parse_args(argv)
    return _parser().parse_args(argv)


class _Terminated(BaseException):
    """SIGTERM: the command stops as Ctrl-C stops it, its worker processes with it."""


class _Signals:
    """Ctrl-C and SIGTERM stop the command, but never in the middle of a record: while one
    is written (`whole`), a signal waits for its end. A write blocked on a full pipe that
    an exception broke off would leave half a line behind it."""

    def __init__(self) -> None:
        self.writing = False
        self.pending: BaseException | None = None

    def handle(self, signum: int, frame: Any) -> None:
        stop = KeyboardInterrupt() if signum == signal.SIGINT else _Terminated()
        if self.writing:
            self.pending = stop
            return
        raise stop

    @contextlib.contextmanager
    def whole(self) -> Iterator[None]:
        self.writing = True
        try:
            yield
        finally:
            self.writing = False
            stop, self.pending = self.pending, None
            if stop is not None:
                raise stop

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """The handlers, for the command's run (only the main thread may set them)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        before = {number: signal.signal(number, self.handle) for number in _STOPPING}
        try:
            yield
        finally:
            for number, handler in before.items():
                signal.signal(number, handler)


_STOPPING = (signal.SIGINT, signal.SIGTERM)
_SIGNALS = _Signals()


def _quiet_libraries(debug: bool, command: str) -> None:
    """pdfminer warns through `logging` about every oddity of a broken PDF; a command says
    one line. With ``--debug``, everything the libraries log is shown.

    `validate` reads JSON and workbooks, and nothing it imports to read them logs: unless
    something imported `logging` before, it leaves it unimported (a few milliseconds of its
    start-up, tests/test_startup.py)."""
    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG)
    elif command != "validate" or "logging" in sys.modules:
        import logging

        logging.getLogger().addHandler(logging.NullHandler())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Whatever happens, the status keeps its meaning and standard error says why in one
    line: 1 only for an invalid report, 2 for anything that kept the command from its
    job, a bug included (with the traceback only under ``--debug``).

    Run as the command (`argv` None: its arguments are the process's), it freezes what the
    start-up built (`gc.freeze`): the modules, classes and templates' declaration live as
    long as the process, and the garbage collector need not go over them again, in the run
    or at its exit (about a tenth of the start-up of ``validate FILE``; forked workers
    share them untouched).
    """
    if argv is None:
        gc.freeze()
    saved = (sys.stdin, sys.stdout, sys.stderr)
    _streams.prepare()
    try:
        with _SIGNALS.installed():
            _LANGUAGE.set(_language(sys.argv[1:] if argv is None else argv))
            arguments = _arguments(sys.argv[1:] if argv is None else argv)
            debug = bool(getattr(arguments, "debug", False))
            _quiet_libraries(debug, arguments.command)
            return _run(arguments, debug)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


def _run(arguments: argparse.Namespace, debug: bool) -> int:
    status = _guarded(arguments, debug)
    try:
        sys.stdout.flush()
    except (OSError, ValueError) as error:  # `>/dev/full`: what was said is lost
        _streams.let_go(sys.stdout)
        if status in (EXIT_VALID, EXIT_INVALID):
            said = _word("cannot_write_stdout", error=_said(error))
            print(f"{_PROGRAM}: {_word('error')}{said}", file=sys.stderr)
            return EXIT_FAILURE
    return status


def _guarded(arguments: argparse.Namespace, debug: bool) -> int:
    run: Callable[[argparse.Namespace], int] = arguments.run
    try:
        return run(arguments)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as other tools do.
        _streams.let_go(sys.stdout)
        return EXIT_FAILURE
    except _UsageError as error:
        print(f"{_PROGRAM}: {_word('error')}{error.words(_LANGUAGE.get())}", file=sys.stderr)
        return EXIT_FAILURE
    except (OSError, DisclosureReportError) as error:
        print(f"{_PROGRAM}: {_word('error')}{_said(error)}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        _flush_whole_lines()
        return _interrupted(130)
    except _Terminated:
        _flush_whole_lines()
        return _interrupted(128 + signal.SIGTERM)
    except MemoryError:
        print(
            f"{_PROGRAM}: {_word('error')}{messages.out_of_memory(_LANGUAGE.get())}",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    except Exception as error:  # the guard: anything else is a bug, said in one line
        print(
            f"{_PROGRAM}: {messages.bug(error, _package_version(), _LANGUAGE.get())}",
            file=sys.stderr,
        )
        if debug:
            import traceback

            traceback.print_exc(file=sys.stderr)
        return EXIT_FAILURE


def _interrupted(status: int) -> int:
    """The exit status of an interrupted run. Where its workers were ended mid-work, the
    process ends here: the executor's own threads, joined at exit, may wait for ever on what an
    ended worker left half done (a result half sent, a child reaped under them), and there is
    nothing left for them to do."""
    from . import _workers

    if _workers.stopped():
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(status)
    return status


def _flush_whole_lines() -> None:
    """Flush standard output after an interruption: each record went out in one piece."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        _streams.let_go(sys.stdout)
