"""The OpenAPI description of the HTTP API, served at ``/api/openapi.json``."""

from __future__ import annotations

from typing import Any

from .._templates._common import REPORT_TITLE

__all__ = ["openapi"]


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


_ERRORS = {
    "400": _error("The input could not be read: not JSON, no report table, a broken file."),
    "413": _error("The upload is larger than the limits allow (docs/security.md)."),
    "415": _error("Not a kind of file the server reads, or the wrong Content-Type."),
    "422": _error("Checking took longer than the time limit and was stopped."),
    "503": _error("The server is busy; try again."),
}
_LANG = {
    "name": "lang",
    "in": "query",
    "description": "The language of messages: zh (default) or en.",
    "schema": {"type": "string", "enum": ["zh", "en"], "default": "zh"},
}
_UPLOAD: dict[str, Any] = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {
            "type": "string",
            "contentMediaType": "application/octet-stream",
            "description": "A report: the contract's JSON, a workbook (.xlsx), Word (.docx),"
            " PDF, HTML, Markdown or text.",
        }
    },
}


def openapi(version: str) -> dict[str, Any]:
    """The description of the API of this server."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "disclosure-report",
            "version": version,
            "description": "Check annual government-information-disclosure reports"
            f" ({REPORT_TITLE}): validate them, import published ones, download blank"
            " templates and the JSON Schemas. Results are the objects of the command line's"
            " `validate --format json`.",
        },
        "paths": {
            "/api/validate": {
                "post": {
                    "summary": "Validate a report",
                    "description": "A JSON document as the body, or a file as multipart"
                    " (`file`). A file that is not JSON is imported first and its import"
                    " findings come first, as `validate` does with a workbook. An invalid"
                    " report is a 200 with `valid: false`.",
                    "parameters": [_LANG],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Report"}},
                            "multipart/form-data": {"schema": _UPLOAD},
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The verdict.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Verdict"}
                                }
                            },
                        },
                        **_ERRORS,
                    },
                }
            },
            "/api/import": {
                "post": {
                    "summary": "Import a published report into the contract's JSON",
                    "parameters": [_LANG],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    **_UPLOAD,
                                    "properties": {
                                        **_UPLOAD["properties"],
                                        "agency": {"type": "string"},
                                        "year": {"type": "string", "pattern": "^[0-9]{4}$"},
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The imported report with its import findings.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Imported"}
                                }
                            },
                        },
                        **_ERRORS,
                    },
                }
            },
            "/api/template": {
                "get": {
                    "summary": "A blank report to fill in",
                    "parameters": [
                        {
                            "name": "template",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["2019", "2021"]},
                            "description": "Default: the template in force for the year.",
                        },
                        {
                            "name": "year",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1900, "maximum": 2999},
                            "description": "Default: last year.",
                        },
                        {
                            "name": "format",
                            "in": "query",
                            "schema": {
                                "type": "string",
                                "enum": ["json", "xlsx"],
                                "default": "json",
                            },
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "The blank report, as an attachment.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Report"}
                                },
                                "application/vnd.openxmlformats-officedocument"
                                ".spreadsheetml.sheet": {},
                            },
                        },
                        "400": _ERRORS["400"],
                    },
                }
            },
            "/api/schema/{template}": {
                "get": {
                    "summary": "The JSON Schema of a template",
                    "parameters": [
                        {
                            "name": "template",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "enum": ["2019", "2021", "report"]},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "A JSON Schema (Draft 2020-12).",
                            "content": {"application/schema+json": {}},
                        },
                        "404": _error("No such template."),
                    },
                }
            },
        },
        "components": {"schemas": _SCHEMAS},
    }


_SCHEMAS: dict[str, Any] = {
    "Report": {
        "type": "object",
        "description": "A report document of the contract (docs/contract.md). Its JSON"
        " Schema is GET /api/schema/report, which refers to /api/schema/2019 and"
        " /api/schema/2021 by their `$id`.",
    },
    "Operand": {
        "type": "object",
        "required": ["pointer", "value"],
        "properties": {
            "pointer": {"type": "string"},
            "value": {},
            "document": {"type": "string"},
            "unread": {"type": "boolean"},
        },
    },
    "Finding": {
        "type": "object",
        "required": ["code", "severity", "pointer", "message"],
        "properties": {
            "code": {"type": "string"},
            "severity": {"type": "string", "enum": ["error", "warning", "info"]},
            "pointer": {"type": "string", "description": "RFC 6901, in the wire keys"},
            "message": {"type": "string"},
            "table": {"type": ["string", "null"]},
            "row": {"type": "array", "items": {"type": "string"}},
            "column": {"type": "array", "items": {"type": "string"}},
            "keyword": {"type": "string"},
            "rule": {"type": "string"},
            "expected": {},
            "actual": {},
            "operands": {"type": "array", "items": {"$ref": "#/components/schemas/Operand"}},
            "quote": {
                "type": "object",
                "description": "For TEXT_TABLE: the sentence stating the figure, its"
                " section's pointer and its span in characters (start, end).",
            },
            "explanation": {
                "type": "string",
                "description": "The report's own note at the finding's pointer.",
            },
            "cell": {
                "type": "string",
                "description": "For an imported file: where the value was printed (a"
                " workbook's sheet and cell, a page, table, row and column).",
            },
            "page": {
                "type": "integer",
                "description": "For a cell read from a scanned page: the page.",
            },
            "box": {
                "type": "array",
                "items": {"type": "integer"},
                "minItems": 4,
                "maxItems": 4,
                "description": "For a cell read from a scanned page: its box in the page"
                " image, [left, top, right, bottom] in pixels (a PDF page rendered at 200 dpi).",
            },
        },
    },
    "Verdict": {
        "type": "object",
        "required": ["source", "template", "valid", "complete", "findings"],
        "properties": {
            "source": {"type": "string"},
            "template": {"type": ["string", "null"]},
            "valid": {"type": "boolean"},
            "complete": {
                "type": "boolean",
                "description": "False when an import could not read every place.",
            },
            "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
        },
    },
    "Imported": {
        "type": "object",
        "required": ["source", "template", "document", "findings", "provenance"],
        "properties": {
            "source": {"type": "string"},
            "template": {"type": "string"},
            "document": {"$ref": "#/components/schemas/Report"},
            "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
            "provenance": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    },
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {"type": "string", "description": "What went wrong, in one sentence."},
            "source": {"type": "string"},
            "template": {"type": "null"},
            "valid": {"type": "null"},
        },
    },
}
