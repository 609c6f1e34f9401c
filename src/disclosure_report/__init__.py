"""Typed models, JSON Schemas and consistency checks for China's annual
government-information-disclosure reports (政府信息公开工作年度报告).

Everything public is listed in `__all__` below; every other module and name is private.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import _codecache

_codecache.keep_attrs_methods()  # before any class of the package is made

if TYPE_CHECKING:
    from ._blank import blank
    from ._compare import Change, diff
    from ._declare import Correspondence, Report, Template, TemplateSet, field, revise
    from ._errors import (
        DeclarationError,
        DisclosureReportError,
        ImportLimitExceeded,
        InvalidArgumentError,
        InvalidReportError,
        LimitExceeded,
        MissingExtraError,
        NotAReportError,
        NotInTemplateError,
        RenamesError,
        RenderError,
        ReportMismatchError,
        ReportSyntaxError,
        RosterError,
        ScannedReportError,
        UnknownTemplateError,
    )
    from ._export import to_records
    from ._findings import CODES, Finding, Operand
    from ._identity import Renames, same_agency
    from ._importing import ImportResult, import_report
    from ._jsonio import dump, dumps, load, loads
    from ._layout import layout
    from ._limits import LIMITS, Limits
    from ._messages import finding_json, message
    from ._rendering import render
    from ._revisions import Counterpart, comparable, counterpart
    from ._rollup import RollUp, aggregate, reconcile
    from ._rules import RULES
    from ._schema import schema
    from ._templates import TEMPLATES, template_in_force, templates, use_templates
    from ._templates._2019 import Report2019
    from ._templates._2021 import Report2021
    from ._templates._common import Agency, report_class
    from ._validation import ValidationResult, check_series, validate

__all__ = [
    "CODES",
    "LIMITS",
    "RULES",
    "TEMPLATES",
    "Agency",
    "Change",
    "Correspondence",
    "Counterpart",
    "DeclarationError",
    "DisclosureReportError",
    "Finding",
    "ImportLimitExceeded",
    "ImportResult",
    "InvalidArgumentError",
    "InvalidReportError",
    "LimitExceeded",
    "Limits",
    "MissingExtraError",
    "NotAReportError",
    "NotInTemplateError",
    "Operand",
    "Renames",
    "RenamesError",
    "RenderError",
    "Report",
    "Report2019",
    "Report2021",
    "ReportMismatchError",
    "ReportSyntaxError",
    "RollUp",
    "RosterError",
    "ScannedReportError",
    "Template",
    "TemplateSet",
    "UnknownTemplateError",
    "ValidationResult",
    "aggregate",
    "blank",
    "check_series",
    "comparable",
    "counterpart",
    "diff",
    "dump",
    "dumps",
    "field",
    "finding_json",
    "import_report",
    "layout",
    "load",
    "loads",
    "message",
    "reconcile",
    "render",
    "report_class",
    "revise",
    "same_agency",
    "schema",
    "template_in_force",
    "templates",
    "to_records",
    "use_templates",
    "validate",
]

_LAZY = {
    "blank": ("._blank", "blank"),
    "Change": ("._compare", "Change"),
    "diff": ("._compare", "diff"),
    "Correspondence": ("._declare", "Correspondence"),
    "Report": ("._declare", "Report"),
    "Template": ("._declare", "Template"),
    "TemplateSet": ("._declare", "TemplateSet"),
    "field": ("._declare", "field"),
    "revise": ("._declare", "revise"),
    "DeclarationError": ("._errors", "DeclarationError"),
    "DisclosureReportError": ("._errors", "DisclosureReportError"),
    "ImportLimitExceeded": ("._errors", "ImportLimitExceeded"),
    "InvalidArgumentError": ("._errors", "InvalidArgumentError"),
    "InvalidReportError": ("._errors", "InvalidReportError"),
    "LimitExceeded": ("._errors", "LimitExceeded"),
    "MissingExtraError": ("._errors", "MissingExtraError"),
    "NotAReportError": ("._errors", "NotAReportError"),
    "NotInTemplateError": ("._errors", "NotInTemplateError"),
    "RenamesError": ("._errors", "RenamesError"),
    "RenderError": ("._errors", "RenderError"),
    "ReportMismatchError": ("._errors", "ReportMismatchError"),
    "ReportSyntaxError": ("._errors", "ReportSyntaxError"),
    "RosterError": ("._errors", "RosterError"),
    "ScannedReportError": ("._errors", "ScannedReportError"),
    "UnknownTemplateError": ("._errors", "UnknownTemplateError"),
    "to_records": ("._export", "to_records"),
    "CODES": ("._findings", "CODES"),
    "Finding": ("._findings", "Finding"),
    "Operand": ("._findings", "Operand"),
    "Renames": ("._identity", "Renames"),
    "same_agency": ("._identity", "same_agency"),
    "ImportResult": ("._importing", "ImportResult"),
    "import_report": ("._importing", "import_report"),
    "dump": ("._jsonio", "dump"),
    "dumps": ("._jsonio", "dumps"),
    "load": ("._jsonio", "load"),
    "loads": ("._jsonio", "loads"),
    "layout": ("._layout", "layout"),
    "LIMITS": ("._limits", "LIMITS"),
    "Limits": ("._limits", "Limits"),
    "finding_json": ("._messages", "finding_json"),
    "message": ("._messages", "message"),
    "render": ("._rendering", "render"),
    "Counterpart": ("._revisions", "Counterpart"),
    "comparable": ("._revisions", "comparable"),
    "counterpart": ("._revisions", "counterpart"),
    "RollUp": ("._rollup", "RollUp"),
    "aggregate": ("._rollup", "aggregate"),
    "reconcile": ("._rollup", "reconcile"),
    "RULES": ("._rules", "RULES"),
    "schema": ("._schema", "schema"),
    "TEMPLATES": ("._templates", "TEMPLATES"),
    "template_in_force": ("._templates", "template_in_force"),
    "templates": ("._templates", "templates"),
    "use_templates": ("._templates", "use_templates"),
    "Report2019": ("._templates._2019", "Report2019"),
    "Report2021": ("._templates._2021", "Report2021"),
    "Agency": ("._templates._common", "Agency"),
    "report_class": ("._templates._common", "report_class"),
    "ValidationResult": ("._validation", "ValidationResult"),
    "check_series": ("._validation", "check_series"),
    "validate": ("._validation", "validate"),
}
"""Where each public name lives: imported when first used, so that a command pays only for
the modules it needs (the command line starts in a fraction of the time), and loads them
all under its own terms (`_cli` pauses the garbage collector while they load).
`tests/test_api.py` holds this table to `__all__`."""


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module, __name__), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
