"""Typed models, JSON Schemas and consistency checks for China's annual
government-information-disclosure reports (政府信息公开工作年度报告)."""

from .blank import blank
from .compare import Change, diff
from .errors import (
    DisclosureReportError,
    InvalidReportError,
    ReportMismatchError,
    ReportSyntaxError,
)
from .export import to_records
from .findings import CODES, Finding, Operand
from .identity import Renames, same_agency
from .jsonio import dump, dumps, load, loads
from .layout import layout
from .model import TEMPLATES, Report, Report2019, Report2021, template_in_force
from .rollup import aggregate
from .rules import RULES
from .schema import schema
from .validation import ValidationResult, check_series, validate

__all__ = [
    "CODES",
    "RULES",
    "TEMPLATES",
    "Change",
    "DisclosureReportError",
    "Finding",
    "InvalidReportError",
    "Operand",
    "Renames",
    "Report",
    "Report2019",
    "Report2021",
    "ReportMismatchError",
    "ReportSyntaxError",
    "ValidationResult",
    "aggregate",
    "blank",
    "check_series",
    "diff",
    "dump",
    "dumps",
    "layout",
    "load",
    "loads",
    "same_agency",
    "schema",
    "template_in_force",
    "to_records",
    "validate",
]
