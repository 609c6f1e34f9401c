"""What a command that checks one document loads and keeps: only what it uses (the speed of
its start-up itself is measured in benchmarks/bench_startup.py, not here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable

import attrs
import pytest

from disclosure_report import TEMPLATES
from disclosure_report import _cli as cli
from disclosure_report._compiled import _years_in_force
from disclosure_report._declare import TemplateSet
from tests.helpers.cli import EXAMPLES, VALID

_PROBE = """
import gc, json, sys
from disclosure_report._cli import main
sys.argv = ["disclosure-report", *sys.argv[1:]]
given = None if sys.argv[1] == "validate" else sys.argv[2:]
status = main(given)
sys.stdout.flush()
print(json.dumps({"status": status, "frozen": gc.get_freeze_count(),
                  "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _probe(*arguments: str) -> dict[str, object]:
    # without the coverage measurement the test run may start in subprocesses: it imports
    # modules of its own
    started = ("COVERAGE_PROCESS_START", "COVERAGE_PROCESS_CONFIG")
    environment = {key: value for key, value in os.environ.items() if key not in started}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=environment,
    )
    found: dict[str, object] = json.loads(done.stderr.strip().splitlines()[-1])
    return found


WITHOUT_CODES = EXAMPLES / "2019_河西街道办事处.json"
"""A valid report whose agency carries no code: python-stdnum (which imports pydoc, ssl and
importlib.resources with tempfile and shutil) is not asked."""


@pytest.fixture(scope="module")
def validated() -> dict[str, object]:
    return _probe("validate", str(WITHOUT_CODES))


@pytest.mark.parametrize(
    "module",
    [
        "disclosure_report._files",  # and with it tempfile, for the commands that write files
        "tempfile",
        "shutil",
        "difflib",
        "importlib.resources",
        "jsonschema",
        "cattrs",
        "msgspec",  # the typed reader: for a process with many reports
        "disclosure_report._typed",
        "disclosure_report._importing",
        "disclosure_report._rendering",
        "disclosure_report._rollup",
        "disclosure_report._identity",  # the agencies' names: for two reports or renamings
        "disclosure_report._revisions",  # how a revision's rows correspond: across two years
        "disclosure_report._codes",  # the national codes: for a report that carries one
        "disclosure_report._error_words",  # the errors' words: for a run that meets one
        "disclosure_report._jsontext",  # exact decimals and JSON out: orjson reads a valid one
        "logging",  # and with it traceback and string: nothing `validate` reads logs
        "csv",  # for the runs that write CSV
        "pathlib",  # and with it urllib.parse and ipaddress: a file named plainly is opened
    ],
)
def test_validating_one_file_does_not_import_what_it_does_not_use(
    validated: dict[str, object], module: str
) -> None:
    assert validated["status"] == 0
    assert module not in validated["modules"]  # type: ignore[operator]


def test_python_stdnum_is_imported_only_for_a_report_that_carries_a_code(
    validated: dict[str, object],
) -> None:
    """Its package imports pydoc and ssl: a report without an agency code does without it."""
    assert "stdnum" not in validated["modules"]  # type: ignore[operator]
    with_code = _probe("validate", str(VALID))  # a division code
    assert with_code["status"] == 0
    assert "stdnum" in with_code["modules"]  # type: ignore[operator]
    assert "disclosure_report._codes" in with_code["modules"]  # type: ignore[operator]


def test_the_commands_that_may_read_a_logging_library_quiet_it() -> None:
    """`validate` leaves `logging` unimported; a command whose readers may log (pdfminer)
    gives the root logger a handler that drops their warnings, and ``--debug`` shows them."""
    other = _probe("in-process", "schema", "--template", "2021")
    assert other["status"] == 0
    assert "logging" in other["modules"]  # type: ignore[operator]
    debugged = _probe("in-process", "--debug", "validate", str(WITHOUT_CODES))
    assert debugged["status"] == 0
    assert "logging" in debugged["modules"]  # type: ignore[operator]


_LOADING = """
import gc, json, sys
import disclosure_report  # the package: its light front comes first
given = sys.argv[1] == "enabled"
if not given:
    gc.disable()
during = []


def watch(phase, info):
    if phase == "start":  # which of the command's modules are loading as it starts
        during.append(sorted(
            name for name, module in list(sys.modules.items())
            if name.startswith("disclosure_report._") and name != "disclosure_report._cli"
            and getattr(getattr(module, "__spec__", None), "_initializing", False)
        ))


gc.callbacks.append(watch)
import disclosure_report._cli
gc.callbacks.remove(watch)
print(json.dumps({"during": [loading for loading in during if loading],
                  "enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}))
"""


@pytest.mark.parametrize("collector", ["enabled", "disabled"])
def test_no_garbage_is_collected_while_the_commands_modules_load(collector: str) -> None:
    """What the modules build lives as long as the process: the collector waits until they
    are loaded, then runs as it did (enabled or not), nothing left frozen for the caller."""
    started = ("COVERAGE_PROCESS_START", "COVERAGE_PROCESS_CONFIG")
    environment = {key: value for key, value in os.environ.items() if key not in started}
    done = subprocess.run(
        [sys.executable, "-c", _LOADING, collector],
        capture_output=True, text=True, timeout=120, check=True, env=environment,
    )  # fmt: skip
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["during"] == []
    assert found["enabled"] is (collector == "enabled")
    assert found["frozen"] == 0


def test_the_command_freezes_what_its_start_up_built(validated: dict[str, object]) -> None:
    """Run as the command, the objects of the start-up are left out of the garbage
    collector's passes (`gc.freeze`)."""
    assert validated["frozen"]


def test_a_caller_of_main_keeps_its_garbage_collector_as_it_was() -> None:
    """`main(argv)` called from a program (the tests, another tool) freezes nothing: the
    caller's objects stay collectable."""
    found = _probe("in-process", "validate", str(VALID))
    assert found["status"] == 0
    assert found["frozen"] == 0


_COMMANDS = ["validate", "template", "render", "aggregate", "review", "diff", "export",
             "import", "schema", "serve"]  # fmt: skip


def _said(
    capsys: pytest.CaptureFixture[str], parse: Callable[[], object]
) -> tuple[object, str, str]:
    try:
        outcome: object = parse()
    except SystemExit as stop:
        outcome = ("exit", stop.code)
    found = capsys.readouterr()
    return outcome, found.out, found.err


@pytest.mark.parametrize(
    "argv",
    [
        *([command, "--help"] for command in _COMMANDS),
        ["validate", "a.json", "--jsonl", "b.jsonl", "--format", "csv", "--jobs", "2"],
        ["validate", "a.json", "--bogus"],
        ["validate", "--jobs", "many", "a.json"],
        ["validate", "--version"],
        ["schema", "--template", "1999"],
        ["import", "a.pdf", "--year", "20x4"],
        ["review", "a.json"],
        ["diff", "a.json"],
        ["--debug", "validate", "a.json"],
        ["valdate", "a.json"],
        ["--help"],
        [],
    ],
)
def test_the_parser_of_one_command_parses_and_complains_as_the_whole_parser(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    """Only the command's own arguments are built for a run; what the command does and
    says with them is what the parser of every command does and says."""
    cli._LANGUAGE.set("zh")
    alone = _said(capsys, lambda: cli._arguments(argv))
    whole = _said(capsys, lambda: cli._parser().parse_args(argv))
    assert alone == whole


@pytest.mark.parametrize(
    "spans",
    [
        [(2008, 2020), (2021, None)],
        [(2008, None), (2021, None)],
        [(1900, 1950), (1940, 2999)],
        [(2500, 2999), (1950, 2600), (1800, 1901)],
        [(2024, 2023)],
    ],
)
def test_the_years_in_force_are_those_asked_year_by_year(
    spans: list[tuple[int, int | None]],
) -> None:
    """The check asks which template is in force once per stretch of years, not per year."""
    base = TEMPLATES["2021"]
    chosen = TemplateSet(
        tuple(
            attrs.evolve(
                base,
                id=f"t{index}",
                first_year=first,
                last_year=last,
                revises=None,
                correspondences=(),
            )
            for index, (first, last) in enumerate(spans)
        )
    )
    for template in chosen.values():
        asked = {year for year in range(1900, 3000) if chosen.in_force(year) is template}
        assert _years_in_force(template, chosen) == asked
