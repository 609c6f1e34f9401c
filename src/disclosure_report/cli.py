"""The ``disclosure-report`` command.

Exit status: 0 — everything given is valid; 1 — at least one error finding;
2 — the command could not do its job (unreadable input, bad arguments).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, NoReturn

from ._jsontext import encode, parse
from .blank import blank, default_year
from .errors import DisclosureReportError
from .findings import CODES, Finding
from .jsonio import dumps
from .messages import LANGUAGES
from .model import TEMPLATES, template_in_force
from .schema import DISPATCHER, schema_text
from .validation import ValidationResult, validate

__all__ = ["main"]

EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_FAILURE = 2

_PROGRAM = "disclosure-report"
_SHOWN_PER_CODE = 20


class _UsageError(Exception):
    """Bad arguments: reported in one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_FAILURE, f"{self.prog}: error: {message}\n")


def _package_version() -> str:
    try:
        return version("disclosure-report")
    except PackageNotFoundError:
        return "unknown"


def _read_input(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    path = Path(source)
    if path.is_dir():
        raise OSError(f"{source}: is a directory, not a report file")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise OSError(f"{source}: no such file") from None
    except PermissionError:
        raise OSError(f"{source}: permission denied") from None


def _write_output(text: str, target: str | None) -> None:
    """Write to stdout, or to a file atomically (a temp file renamed over it)."""
    if target is None or target == "-":
        sys.stdout.write(text)
        return
    path = Path(target)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise OSError(f"{target}: cannot write ({error.strerror})") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- validate --------------------------------------------------------------


def _verdict(result: ValidationResult, lang: str) -> str:
    errors, warnings = len(result.errors), len(result.warnings)
    template = result.template
    if lang == "en":
        state = "valid" if result.valid else "invalid"
        form = f"template {template}" if template else "unknown template"
        return f"{state} · {form} · {errors} error(s), {warnings} warning(s)"
    state = "有效" if result.valid else "无效"
    form = f"{template}年版模板" if template else "模板不明"
    return f"{state} · {form} · {errors} 个错误，{warnings} 个警告"


def _text_report(
    source: str, result: ValidationResult, lang: str, show_all: bool, out: IO[str]
) -> None:
    out.write(f"{source}: {_verdict(result, lang)}\n")
    by_code: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_code.setdefault(finding.code, []).append(finding)
    for code, findings in by_code.items():
        entry = CODES[code]
        summary = entry.summary_en if lang == "en" else entry.summary
        severity = entry.severity
        out.write(f"  {code} [{severity}] ×{len(findings)} — {summary}\n")
        shown = findings if show_all else findings[:_SHOWN_PER_CODE]
        for finding in shown:
            out.write(f"    {finding.message(lang)}\n")
        hidden = len(findings) - len(shown)
        if hidden:
            more = (
                f"… {hidden} more (--all shows them)"
                if lang == "en"
                else f"… 另有 {hidden} 条（--all 显示全部）"
            )
            out.write(f"    {more}\n")


def _json_report(source: str, result: ValidationResult, lang: str, out: IO[str]) -> None:
    record = {
        "source": source,
        "template": result.template,
        "valid": result.valid,
        "findings": [finding.to_json(lang) for finding in result.findings],
    }
    out.write(encode(record, indent=None) + "\n")


def _validate(arguments: argparse.Namespace) -> int:
    status = EXIT_VALID
    out = sys.stdout
    for source in arguments.files:
        name = "<stdin>" if source == "-" else source
        try:
            result = validate(parse(_read_input(source)))
        except (OSError, DisclosureReportError) as error:
            message = str(error) if isinstance(error, OSError) else f"{name}: {error}"
            print(f"{_PROGRAM}: {message}", file=sys.stderr)
            if arguments.format == "json":
                record = {"source": name, "template": None, "valid": None, "error": message}
                out.write(encode(record, indent=None) + "\n")
            status = EXIT_FAILURE
            continue
        if arguments.format == "json":
            _json_report(name, result, arguments.lang, out)
        else:
            _text_report(name, result, arguments.lang, arguments.all, out)
        if not result.valid and status == EXIT_VALID:
            status = EXIT_INVALID
    return status


# --- template and schema ---------------------------------------------------


def _template(arguments: argparse.Namespace) -> int:
    template: str | None = arguments.template
    year: int | None = arguments.year
    if year is None:
        year = default_year(template)
    in_force = template_in_force(year)
    if template is None:
        if in_force is None:
            raise _UsageError(f"no national template applies to {year}")
        template = in_force.id
    if in_force is None or in_force.id != template:
        info = TEMPLATES[template]
        years = f"{info.first_year}–{info.last_year}" if info.last_year else f"{info.first_year} on"
        raise _UsageError(f"template {template} is not in force for {year} (it applies to {years})")
    report = blank(template, year=year, zeros=arguments.zeros, agency=arguments.agency)
    _write_output(dumps(report) + "\n", arguments.output)
    return EXIT_VALID


def _schema(arguments: argparse.Namespace) -> int:
    sys.stdout.write(schema_text(arguments.template))
    return EXIT_VALID


# --- the parser --------------------------------------------------------------


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year") from None
    if not 1900 <= year <= 2999:
        raise argparse.ArgumentTypeError(f"{year} is not a report year")
    return year


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=_PROGRAM,
        description="Check and fill in annual government-information-disclosure reports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_package_version()}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser(
        "validate", help="check reports against their template and its rules"
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="report JSON files; - reads stdin")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--lang", choices=LANGUAGES, default="zh", help="language of messages")
    check.add_argument(
        "--all", action="store_true", help=f"show every finding, not {_SHOWN_PER_CODE} per code"
    )
    check.set_defaults(run=_validate)

    fill = commands.add_parser("template", help="write a blank report to fill in")
    fill.add_argument(
        "--template", choices=tuple(TEMPLATES), help="default: the one in force for the year"
    )
    fill.add_argument("--year", type=_year, help="report year (default: last year)")
    fill.add_argument(
        "--zeros", action="store_true", help="fill counts with 0 instead of leaving them blank"
    )
    fill.add_argument("--agency", default="", help="the agency name")
    fill.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    fill.set_defaults(run=_template)

    show = commands.add_parser("schema", help="print a report JSON Schema")
    show.add_argument(
        "--template",
        choices=(*TEMPLATES, DISPATCHER),
        default=max(TEMPLATES),
        help=f"{' or '.join(TEMPLATES)}, or {DISPATCHER!r} for either (default: {max(TEMPLATES)})",
    )
    show.set_defaults(run=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = _parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = arguments.run
    try:
        return run(arguments)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE
    except (_UsageError, OSError, DisclosureReportError) as error:
        print(f"{_PROGRAM}: error: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
