"""Blank reports to fill in."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ._converter import converter
from ._declare import Report, Template
from ._errors import UnknownTemplateError
from ._layout import layout
from ._templates import templates

__all__ = ["blank", "choose", "default_year"]


def default_year(template: str | None = None) -> int:
    """The report year a blank is for when none is given.

    Last calendar year (reports are written early in the next year); for a
    template no longer in force, the last year it applied to.
    """
    last_year = datetime.date.today().year - 1
    if template is None:
        return last_year
    info = templates()[template]
    if info.covers(last_year) or info.last_year is None:
        return max(last_year, info.first_year)
    return info.last_year


def _set(document: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = document
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value


def choose(template: str | None, year: int | None) -> tuple[Template, int]:
    """The template and year of a blank: `template` (an id of the templates in use), or the
    one in force for `year`; `year`, or `default_year`. Raises `UnknownTemplateError`."""
    known = templates()
    chosen = known[template] if template is not None else None
    if year is None:
        year = default_year(template)
    if chosen is None:
        chosen = known.in_force(year)
        if chosen is None:
            raise UnknownTemplateError(key="no_template_for_year", year=year)
    return chosen, year


def blank(
    template: str | None = None,
    *,
    year: int | None = None,
    zeros: bool = False,
    agency: str = "",
) -> Report:
    """A report with every cell blank (``None``) and empty texts, or every cell 0.

    `template` defaults to the one in force for `year`; `year` to `default_year`.
    The agency name is empty unless `agency` is given. Validating a blank lists
    exactly what is left to fill in.
    """
    chosen, year = choose(template, year)
    lay = layout(chosen)
    document: dict[str, Any] = {"template": chosen.id, "year": year, "agency": {"name": agency}}
    for section in lay.text_sections:
        _set(document, section.path, "")
    for cell in lay.cells:
        value: Any = None
        if zeros:
            value = Decimal(0) if cell.kind == "money" else 0
        _set(document, cell.path, value)
    report: Report = converter.structure(document, chosen.report_class)
    return report
