"""Blank reports to fill in."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ._converter import converter
from ._errors import UnknownTemplateError
from ._layout import layout
from ._model import TEMPLATES, Report2019, Report2021, template_in_force

__all__ = ["blank", "default_year"]


def default_year(template: str | None = None) -> int:
    """The report year a blank is for when none is given.

    Last calendar year (reports are written early in the next year); for a
    template no longer in force, the last year it applied to.
    """
    last_year = datetime.date.today().year - 1
    if template is None:
        return last_year
    info = TEMPLATES[template]
    if info.applies_to(last_year) or info.last_year is None:
        return max(last_year, info.first_year)
    return info.last_year


def _set(document: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = document
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value


def blank(
    template: str | None = None,
    *,
    year: int | None = None,
    zeros: bool = False,
    agency: str = "",
) -> Report2019 | Report2021:
    """A report with every cell blank (``None``) and empty texts, or every cell 0.

    `template` defaults to the one in force for `year`; `year` to `default_year`.
    The agency name is empty unless `agency` is given. Validating a blank lists
    exactly what is left to fill in.
    """
    if template is not None and template not in TEMPLATES:
        known = ", ".join(TEMPLATES)
        raise UnknownTemplateError(f"unknown template {template!r}; use one of {known}")
    if year is None:
        year = default_year(template)
    if template is None:
        in_force = template_in_force(year)
        if in_force is None:
            raise UnknownTemplateError(f"no national template applies to {year}")
        template = in_force.id
    lay = layout(template)
    document: dict[str, Any] = {"template": template, "year": year, "agency": {"name": agency}}
    for section in lay.text_sections:
        _set(document, section.path, "")
    for cell in lay.cells:
        value: Any = None
        if zeros:
            value = Decimal(0) if cell.kind == "money" else 0
        _set(document, cell.path, value)
    report: Report2019 | Report2021 = converter.structure(
        document, TEMPLATES[template].report_class
    )
    return report
