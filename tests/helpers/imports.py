"""The package's import graph, read from its source with `ast`, and its layers.

Every import statement counts — those inside functions and under ``TYPE_CHECKING`` too,
since a cycle hidden by a lazy import is still a cycle. tests/test_architecture.py holds the
code to the layers; scripts/generate.py draws them (docs/images/modules.svg).
"""

from __future__ import annotations

import ast
import html
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "disclosure_report"

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("basics", ("_error_words", "_errors", "_codes", "_money", "_page", "_streams", "_files",
                "_codecache",
                "_sheets", "_limits", "_ooxml", "_jsontext", "_formats")),
    ("vocabulary", ("_declare",)),
    ("declaration", ("_templates",)),
    ("layout", ("_layout", "_converter")),
    ("derived", ("_schema", "_revisions", "_findings", "_identity", "_blank", "_workbook")),
    ("words", ("_messages",)),
    ("structure", ("_compiled", "_structure", "_typed")),
    ("JSON, rules", ("_jsonio", "_rules")),
    ("diff, export", ("_compare", "_export")),
    ("validation", ("_validation",)),
    ("import, review", ("_importing", "_rollup", "_roster")),
    ("outputs", ("_rendering", "_verdicts", "_bulk", "_letters")),
    ("front", ("_cli", "_web", "dask", "__main__", "")),
)  # fmt: skip
"""The package's modules (a subpackage as one) from the bottom up, each layer named: a
module imports only from its own layer or those below it — at run time; a name imported
under ``TYPE_CHECKING`` for an annotation is no dependency there (cycles are checked with
those imports too). The declaration (`_declare`, `_templates`) sits under everything that
reads it; the words (`_messages`) right above findings, which they put into words for
every layer above; the command line, the web page and the package's front (``""``, its
``__init__``) on top. A module not listed here is held to the cycle checks alone."""


def _module(path: Path) -> str:
    """The dotted name under the package (``_importing._workbook``; ``""`` for the package)."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {_module(path): path for path in PACKAGE.rglob("*.py")}


def _typing_only(tree: ast.AST) -> set[int]:
    """The import statements under ``if TYPE_CHECKING:``: names for annotations only."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            found.update(id(inner) for statement in node.body for inner in ast.walk(statement))
    return found


def _imports(name: str, path: Path, known: set[str], *, typing: bool = True) -> Iterator[str]:
    """The package's modules that `name` imports, wherever the import statement is; without
    `typing`, those imported for annotations only are left out."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = set() if typing else _typing_only(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
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


def graph(collapse: bool = False, *, typing: bool = True) -> dict[str, set[str]]:
    """Who imports whom; with `collapse`, a subpackage and its modules are one node; without
    `typing`, imports for annotations only (under ``TYPE_CHECKING``) are left out."""
    found = modules()
    known = set(found)

    def node(name: str) -> str:
        return name.split(".")[0] if collapse else name

    edges: dict[str, set[str]] = {node(name): set() for name in found}
    for name, path in found.items():
        for target in _imports(name, path, known, typing=typing):
            if node(target) != node(name) and target in known:
                edges[node(name)].add(node(target))
    return edges


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
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


def reaches(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in graph[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


_ROW, _GAP, _CHAR, _LEFT, _WIDTH = 34, 10, 7.4, 190, 980


def module_map_svg() -> str:
    """The layers as a picture: one row per layer, the front on top, each module a box."""
    rows = list(reversed(LAYERS))
    height = len(rows) * (_ROW + _GAP) + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{height}" '
        f'viewBox="0 0 {_WIDTH} {height}" font-family="DejaVu Sans Mono, monospace" '
        'font-size="12">',
        f'<rect width="{_WIDTH}" height="{height}" fill="#ffffff"/>',
        '<text x="12" y="24" font-size="14" font-weight="bold">disclosure_report: '
        "modules by layer (each imports only from its layer and those below)</text>",
    ]
    for index, (name, members) in enumerate(rows):
        top = 40 + index * (_ROW + _GAP)
        number = len(rows) - 1 - index
        shade = "#eef3fb" if index % 2 == 0 else "#f7f7f7"
        parts.append(
            f'<rect x="6" y="{top - 4}" width="{_WIDTH - 12}" height="{_ROW + 8}" '
            f'fill="{shade}" rx="4"/>'
        )
        parts.append(
            f'<text x="14" y="{top + _ROW / 2 + 4:.0f}">{number:2d} {html.escape(name)}</text>'
        )
        left = float(_LEFT)
        for member in members:
            label = member or "disclosure_report"
            width = len(label) * _CHAR + 16
            parts.append(
                f'<rect x="{left:.0f}" y="{top}" width="{width:.0f}" height="{_ROW}" rx="6" '
                'fill="#ffffff" stroke="#4a6fa5"/>'
            )
            parts.append(
                f'<text x="{left + 8:.0f}" y="{top + _ROW / 2 + 4:.0f}">{html.escape(label)}</text>'
            )
            left += width + 8
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
