"""The national templates, and the set of templates the library reads.

`TEMPLATES` is the set of national templates: a value, built from the declaration modules
`_2019` and `_2021`. The library reads whichever set `templates()` returns: `TEMPLATES`
unless a block of code chose another with `use_templates`, which holds for that block
(in the thread or task that entered it, through a `contextvars.ContextVar`).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from .._declare import Template, TemplateSet
from . import _2019, _2021

__all__ = ["TEMPLATES", "template_in_force", "templates", "use_templates"]

TEMPLATES = TemplateSet((_2019.TEMPLATE, _2021.TEMPLATE))
"""The national templates, oldest first."""

_ACTIVE: contextvars.ContextVar[TemplateSet] = contextvars.ContextVar(
    "disclosure_report_templates", default=TEMPLATES
)


def templates() -> TemplateSet:
    """The templates in use: `TEMPLATES`, or the set a surrounding `use_templates` chose."""
    return _ACTIVE.get()


@contextlib.contextmanager
def use_templates(chosen: TemplateSet) -> Iterator[TemplateSet]:
    """Use `chosen` instead of the national templates within the block.

    ``with use_templates(TEMPLATES.extend(mine)):`` validates, renders, imports and exports
    reports of the template `mine` too. The choice holds in this thread or task only.
    """
    token = _ACTIVE.set(chosen)
    try:
        yield chosen
    finally:
        _ACTIVE.reset(token)


def template_in_force(year: int) -> Template | None:
    """The template in force for report year `year`, or None before the first."""
    return templates().in_force(year)
