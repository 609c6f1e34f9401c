"""The API reference, found in the package itself rather than listed by hand.

- ``api/index.md`` (hand-written) introduces the package; the line ``::: __all__`` in it
  becomes one mkdocstrings block per name of ``disclosure_report.__all__``, in that order.
- Every public module — no part of its dotted name starts with an underscore — gets a
  generated page ``api/<module>.md`` showing the names its own ``__all__`` lists
  (mkdocstrings' ``public`` filter), listed in the navigation after the index.

Nothing here names a module: a module made private, moved or added changes the reference
by itself, and a name added to ``__all__`` appears on the first page.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "disclosure_report"
INDEX = "api/index.md"
MARKER = "::: __all__"


def public_modules(package: Path = PACKAGE) -> list[str]:
    """Dotted names of the package's public modules and subpackages, alphabetically."""
    found = []
    for path in package.rglob("*.py"):
        parts = [package.name, *path.relative_to(package).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        if len(parts) > 1 and not any(part.startswith("_") for part in parts):
            found.append(".".join(parts))
    return sorted(found)


def exports(package: Path = PACKAGE) -> list[tuple[str, str]]:
    """Each name of the package's ``__all__`` with the dotted path of what it names.

    A name re-exported from a module of the same name (``from .blank import blank``)
    is given by its definition: the documentation tools would otherwise find the
    module under that name, where Python finds the function.
    """
    tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
    origins: dict[str, str] = {}
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            for alias in node.names:
                origins[alias.asname or alias.name] = f"{package.name}.{node.module}.{alias.name}"
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            names = list(ast.literal_eval(node.value))
    shadowed = {
        name for name in names if (package / f"{name}.py").exists() or (package / name).is_dir()
    }
    return [
        (name, origins[name] if name in shadowed else f"{package.name}.{name}") for name in names
    ]


def _page(module: str) -> str:
    return f"api/{module}.md"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Put a page for every public module in the navigation, after the reference's index."""

    def place(items: list[Any]) -> bool:
        for item in items:
            children = next(iter(item.values())) if isinstance(item, dict) else None
            if isinstance(children, list):
                if INDEX in children:
                    children.extend({module: _page(module)} for module in public_modules())
                    return True
                if place(children):
                    return True
        return False

    if not place(config.nav or []):
        raise ValueError(f"mkdocs.yml: no navigation section holds {INDEX}")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the module pages: each is the module's heading and its mkdocstrings block."""
    for module in public_modules():
        content = f"# `{module}`\n\n::: {module}\n"
        files.append(File.generated(config, _page(module), content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Write out the package's ``__all__`` where the index asks for it."""
    if page.file.src_uri != INDEX:
        return markdown
    if MARKER not in markdown.splitlines():
        raise ValueError(f"{INDEX}: the line {MARKER!r} is missing")
    blocks = [
        f"::: {path}\n"
        "    options:\n"
        "      show_root_heading: true\n"
        "      heading_level: 2\n"
        f'      heading: "{name}"\n'
        for name, path in exports()
    ]
    return markdown.replace(MARKER, "\n".join(blocks), 1)
