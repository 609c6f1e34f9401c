"""The shape of the code: layers that point one way, no import cycles, and tests that share
helpers through `tests.helpers` only.

The import graph is read from the source with `ast`, every import statement counted —
those inside functions and under ``TYPE_CHECKING`` too, since a cycle hidden by a lazy
import is still a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import attrs
import pytest

from disclosure_report import TEMPLATES, blank, layout, render
from disclosure_report import _rendering as rendering
from disclosure_report._layout import Label
from disclosure_report._templates._common import REPORT_TITLE
from tests.helpers.imports import LAYERS, PACKAGE, ROOT, cycles, graph, reaches

TESTS = ROOT / "tests"


def test_no_module_imports_another_that_imports_it_back() -> None:
    assert cycles(graph()) == []


def test_no_two_packages_import_each_other() -> None:
    """A cycle between private modules of two packages (importing ⇄ rendering) is a cycle
    of the packages."""
    assert cycles(graph(collapse=True)) == []


def test_every_import_points_down_the_layers() -> None:
    rank = {name: number for number, (_, layer) in enumerate(LAYERS) for name in layer}
    wrong = [
        f"{source} (layer {rank[source]}) imports {target} (layer {rank[target]})"
        for source, targets in graph(collapse=True, typing=False).items()
        for target in targets
        if source in rank and target in rank and rank[target] > rank[source]
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("source", "unreachable"),
    [
        ("_jsonio", {"_validation", "_rules"}),
        ("_structure", {"_validation", "_rules"}),
        ("_compiled", {"_validation", "_rules"}),
        ("_findings", {"_messages"}),
        ("_importing", {"_rendering"}),
        ("_rendering", {"_importing"}),
        ("_templates", {"_layout", "_schema", "_rules", "_messages"}),
    ],
)
def test_what_a_module_must_not_pull_in(source: str, unreachable: set[str]) -> None:
    """Loading JSON checks the structure, not the rules (the compiled structure check is
    handed the rules' equations from above); findings are data before they are
    words; the workbook reader is the importer's; a declaration reads nothing derived."""
    assert reaches(graph(collapse=True), source) & unreachable == set()


def test_rendering_without_annotate_does_not_validate(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("render validated a report it was not asked to annotate")

    monkeypatch.setattr(rendering, "validate", refuse)
    report = blank("2021", agency="测试机关")
    for form in rendering.FORMATS:
        assert render(report, form)
    with pytest.raises(AssertionError, match="not asked"):
        render(report, "html", annotate=True)


def _test_modules() -> dict[str, Path]:
    return {
        ".".join(path.relative_to(ROOT).with_suffix("").parts): path
        for path in TESTS.rglob("*.py")
        if "corpus" not in path.relative_to(TESTS).parts
    }


def test_tests_share_helpers_only_through_the_helpers_package() -> None:
    modules = _test_modules()
    wrong = []
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported = node.module
            elif isinstance(node, ast.Import):
                imported = node.names[0].name
            else:
                continue
            last = imported.rsplit(".", 1)[-1]
            if last.startswith("test_") or last == "conftest":
                wrong.append(f"{name} imports {imported}")
            elif imported.split(".")[0] in {m.rsplit(".", 1)[-1] for m in modules}:
                wrong.append(f"{name} imports {imported} by a path put on sys.path")
    assert wrong == []


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


def test_no_test_changes_the_import_path_or_sleeps() -> None:
    """Helpers are imported as a package, and a test waits for the event, not for a time."""
    wrong = []
    for name, path in _test_modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and _name(node) == "sys.path":
                wrong.append(f"{name}:{node.lineno} uses sys.path")
            if isinstance(node, ast.Call) and _name(node.func).rsplit(".", 1)[-1] == "sleep":
                wrong.append(f"{name}:{node.lineno} sleeps")
    assert wrong == []


# --- one source of truth ----------------------------------------------------------------

DECLARATION = PACKAGE / "_templates"
WORDS = {
    PACKAGE / "_messages.py",
    PACKAGE / "_error_words.py",
    PACKAGE / "_importing" / "_variants.py",
    PACKAGE / "_phrases.py",
}
"""Where the templates' Chinese labels may be written: the declaration, the messages (the
errors' among them), and the data that reads printed text — the importer's variants (how
real reports misprint the labels) and the phrases in which a report's text states its
figures."""


def _labels() -> set[str]:
    """Every Chinese label the templates print: tables, rows, columns, bands, corners,
    sections, fields; their titles and notices; the title every report has."""
    found = {REPORT_TITLE}

    def collect(value: object, seen: set[int]) -> None:
        if id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, Label):
            found.add(value.zh)
        elif isinstance(value, (tuple, list)):
            for item in value:
                collect(item, seen)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item, seen)
        elif attrs.has(type(value)):
            for attribute in attrs.fields(type(value)):  # type: ignore[arg-type]
                collect(getattr(value, attribute.name), seen)

    for template in TEMPLATES.values():
        collect(layout(template), set())
        found.update((template.title, template.notice))
    return {label for label in found if any("\u4e00" <= c <= "\u9fff" for c in label)}


def test_the_labels_of_the_templates_are_written_in_the_declaration_only() -> None:
    """A text of the code (docstrings aside: they explain, with examples) that holds a label
    of three characters or more, or is a shorter one, is a label written a second time."""
    labels = sorted(_labels(), key=len, reverse=True)
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if DECLARATION in path.parents or path in WORDS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        documentation = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
                continue
            if id(node) in documentation:
                continue
            text = node.value
            label = next(
                (lb for lb in labels if (len(lb) >= 3 and lb in text) or text.strip() == lb), None
            )
            if label is not None:
                wrong.append(f"{path.relative_to(PACKAGE)}:{node.lineno} writes {label!r}")
    assert wrong == []


def test_the_label_check_sees_a_label_written_twice() -> None:
    labels = _labels()
    assert {"三、本年度办理结果", "行政规范性文件", "表三", "注释", REPORT_TITLE} <= labels
