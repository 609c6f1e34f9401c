"""The shape of the code: layers that point one way, no import cycles, and tests that share
helpers through `tests.helpers` only.

The import graph is read from the source with `ast`, every import statement counted —
those inside functions and under ``TYPE_CHECKING`` too, since a cycle hidden by a lazy
import is still a cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from disclosure_report import TEMPLATES, blank, layout, render
from disclosure_report import _rendering as rendering
from disclosure_report._layout import Label
from disclosure_report._templates._common import REPORT_TITLE

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "disclosure_report"
TESTS = ROOT / "tests"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("_errors", "_codes", "_money", "_page", "_streams", "_files", "_sheets", "_limits",
     "_ooxml", "_jsontext"),
    ("_declare",),
    ("_templates",),
    ("_layout", "_converter"),
    ("_schema", "_revisions", "_findings", "_identity", "_blank", "_workbook"),
    ("_structure",),
    ("_jsonio", "_rules"),
    ("_compiled", "_compare", "_export"),
    ("_validation",),
    ("_importing", "_rollup", "_roster"),
    ("_messages",),
    ("_rendering", "_bulk", "_letters"),
    ("_cli", "_web", "dask", "__main__", ""),
)  # fmt: skip
"""The package's modules (a subpackage as one) from the bottom up: a module imports only
from its own layer or those below it. The declaration (`_declare`, `_templates`) sits
under everything that reads it; the words (`_messages`) over everything whose results
they put into words; the command line, the web page and the package's front on top.
A module not listed here is held to the cycle checks alone."""


def _module(path: Path) -> str:
    """The dotted name under the package (``_importing._workbook``; ``""`` for the package)."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module(path): path for path in PACKAGE.rglob("*.py")}


def _imports(name: str, path: Path, known: set[str]) -> Iterator[str]:
    """The package's modules that `name` imports, wherever the import statement is."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = ".".join(
                    [*[p for p in base if p], *([node.module] if node.module else [])]
                )
            elif node.module == "disclosure_report" or (node.module or "").startswith(
                "disclosure_report."
            ):
                target = (node.module or "").removeprefix("disclosure_report").lstrip(".")
            else:
                continue
            for alias in node.names:
                inner = f"{target}.{alias.name}" if target else alias.name
                yield inner if inner in known else target
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("disclosure_report"):
                    yield alias.name.removeprefix("disclosure_report").lstrip(".")


def _graph(collapse: bool = False) -> dict[str, set[str]]:
    """Who imports whom; with `collapse`, a subpackage and its modules are one node."""
    modules = _modules()
    known = set(modules)

    def node(name: str) -> str:
        return name.split(".")[0] if collapse else name

    graph: dict[str, set[str]] = {node(name): set() for name in modules}
    for name, path in modules.items():
        for target in _imports(name, path, known):
            if node(target) != node(name) and target in known:
                graph[node(name)].add(node(target))
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _reaches(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in graph[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_no_module_imports_another_that_imports_it_back() -> None:
    assert _cycles(_graph()) == []


def test_no_two_packages_import_each_other() -> None:
    """A cycle between private modules of two packages (importing ⇄ rendering) is a cycle
    of the packages."""
    assert _cycles(_graph(collapse=True)) == []


def test_every_import_points_down_the_layers() -> None:
    rank = {name: number for number, layer in enumerate(LAYERS) for name in layer}
    wrong = [
        f"{source} (layer {rank[source]}) imports {target} (layer {rank[target]})"
        for source, targets in _graph(collapse=True).items()
        for target in targets
        if source in rank and target in rank and rank[target] > rank[source]
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("source", "unreachable"),
    [
        ("_jsonio", {"_validation", "_compiled", "_rules"}),
        ("_structure", {"_validation", "_compiled", "_rules"}),
        ("_findings", {"_messages"}),
        ("_importing", {"_rendering"}),
        ("_rendering", {"_importing"}),
        ("_templates", {"_layout", "_schema", "_rules", "_messages"}),
    ],
)
def test_what_a_module_must_not_pull_in(source: str, unreachable: set[str]) -> None:
    """Loading JSON checks the structure, not the rules; findings are data before they are
    words; the workbook reader is the importer's; a declaration reads nothing derived."""
    graph = _graph(collapse=True)
    assert _reaches(graph, source) & unreachable == set()


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
            if isinstance(node, ast.ImportFrom) and node.module:
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
WORDS = {PACKAGE / "_messages.py", PACKAGE / "_importing" / "_variants.py"}
"""Where the templates' Chinese labels may be written: the declaration, the messages, and
the importer's variant data (how real reports misprint them)."""


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
