"""Typed models, JSON Schemas and consistency checks for China's annual
government-information-disclosure reports (政府信息公开工作年度报告).

Everything public is listed in `__all__` below; every other module and name is private.
"""

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
