"""The fast path: each template's schema and sum rules compiled to straight-line Python.

`compile_checker(template)` turns the published schema (the subset of JSON Schema the
generator emits) and the template's equations into one function over a parsed
document. It returns None when it cannot vouch for the structure — the caller then
asks the reference path (jsonschema and the rules) — or a `Verdict`: whether the
document is clean (no finding at all), and how many object members and colons
inside strings it holds, which lets the caller see duplicate keys that a fast JSON
parser merged away.

The checker only ever answers for documents the reference path would accept; a
differential test holds the two to the same findings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from . import _money
from ._declare import Template, TemplateSet
from ._errors import DeclarationError
from ._layout import layout, pointer
from ._rules import agency_clean, equations, rules_clean
from ._schema import schema

__all__ = ["Verdict", "compile_checker"]


class Verdict(NamedTuple):
    clean: bool
    """No finding at all: structure, blanks, sums and template year all fine."""
    members: int
    """Object members in the document."""
    colons: int
    """Colons inside the document's strings (keys and values)."""
    inexact: bool = False
    """An amount is a float: its digits as written are unknown (orjson reads ``1e-400`` as
    ``0.0``), so the verdict holds only once the text is read again with exact decimals."""


Checker = Callable[[Any], Verdict | None]

_HANDLED = {
    "$schema", "$id", "title", "description", "type", "properties", "required",
    "additionalProperties", "propertyNames", "minimum", "maximum", "exclusiveMaximum",
    "minLength", "maxLength", "pattern", "const", "enum", "items",
}  # fmt: skip
"""Schema keywords the compiler understands; any other stops compilation."""


class _Compiler:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.names = 0
        self.cells: dict[str, str] = {}
        """The variable holding each scalar, by JSON Pointer."""
        self.constants: dict[str, Any] = {"Decimal": Decimal, "isfinite": math.isfinite}

    def name(self, prefix: str = "v") -> str:
        self.names += 1
        return f"{prefix}{self.names}"

    def constant(self, value: Any) -> str:
        name = self.name("k")
        self.constants[name] = value
        return name

    def emit(self, line: str) -> None:
        self.lines.append("    " + line)

    def fail_unless(self, condition: str) -> None:
        self.emit(f"if not ({condition}): return None")

    def value(self, node: Mapping[str, Any], var: str, path: tuple[str, ...]) -> None:
        self.cells[pointer(path)] = var
        unknown = set(node) - _HANDLED
        if unknown:
            raise DeclarationError(
                f"cannot compile schema keywords {sorted(unknown)} at {pointer(path)}"
            )
        if "const" in node or "enum" in node:
            choices = (node["const"],) if "const" in node else tuple(node["enum"])
            assert all(type(choice) is str for choice in choices)
            self.fail_unless(f"type({var}) is str and {var} in {self.constant(frozenset(choices))}")
            self.emit(f"colons += {var}.count(':')")
            return
        kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
        if "object" in kinds:
            self.object(node, var, path)
        elif set(kinds) <= {"integer", "null"}:
            self.integer(node, var, nullable="null" in kinds)
        elif set(kinds) <= {"number", "null"}:
            self.number(node, var, nullable="null" in kinds)
        elif kinds == ["string"]:
            self.string(node, var)
        elif kinds == ["array"]:
            self.array(node, var)
        else:
            raise DeclarationError(f"cannot compile type {kinds} at {pointer(path)}")

    def _bounds(self, node: Mapping[str, Any], var: str) -> list[str]:
        tests = []
        if "minimum" in node:
            tests.append(f"{var} >= {node['minimum']!r}")
        if "maximum" in node:
            tests.append(f"{var} <= {node['maximum']!r}")
        if "exclusiveMaximum" in node:
            tests.append(f"{var} < {node['exclusiveMaximum']!r}")
        return tests

    def integer(self, node: Mapping[str, Any], var: str, nullable: bool) -> None:
        test = " and ".join([f"type({var}) is int", *self._bounds(node, var)])
        if nullable:
            self.fail_unless(f"{var} is None or ({test})")
            self.emit(f"if {var} is None: blank = True")
        else:
            self.fail_unless(test)

    def number(self, node: Mapping[str, Any], var: str, nullable: bool) -> None:
        """An amount: an int, a float (inexact: see `Verdict`) or a finite `Decimal` written
        with at most `_money.FRACTION_DIGITS` digits after the point."""
        places = -_money.FRACTION_DIGITS
        decimal = f"type({var}) is Decimal and {var}.is_finite()"
        exact = f"({decimal} and {var}.as_tuple().exponent >= {places})"
        finite = f"(type({var}) is int or (type({var}) is float and isfinite({var})) or {exact})"
        test = " and ".join([finite, *self._bounds(node, var)])
        if nullable:
            self.fail_unless(f"{var} is None or ({test})")
            self.emit(f"if {var} is None: blank = True")
        else:
            self.fail_unless(test)
        self.emit(f"if type({var}) is float: inexact = True")

    def string(self, node: Mapping[str, Any], var: str) -> None:
        tests = [f"type({var}) is str"]
        if "minLength" in node:
            tests.append(f"len({var}) >= {node['minLength']}")
        if "maxLength" in node:
            tests.append(f"len({var}) <= {node['maxLength']}")
        if "pattern" in node:
            tests.append(f"{self.constant(re.compile(node['pattern']))}.search({var})")
        self.fail_unless(" and ".join(tests))
        self.emit(f"colons += {var}.count(':')")

    def array(self, node: Mapping[str, Any], var: str) -> None:
        item = self.name()
        self.fail_unless(f"type({var}) is list")
        self.emit(f"for {item} in {var}:")
        start = len(self.lines)
        self.string(node["items"], item)
        self.lines[start:] = ["    " + line for line in self.lines[start:]]

    def object(self, node: Mapping[str, Any], var: str, path: tuple[str, ...]) -> None:
        self.fail_unless(f"type({var}) is dict")
        self.emit(f"members += len({var})")
        if "propertyNames" in node:
            self.map(node, var)
            return
        assert node.get("additionalProperties") is False
        required = node.get("required", [])
        optional = [key for key in node["properties"] if key not in required]
        present = " + ".join([str(len(required)), *(f"({key!r} in {var})" for key in optional)])
        self.fail_unless(f"len({var}) == {present}")
        for key, child in node["properties"].items():
            child_var = self.name()
            if key in required:
                self.emit(f"{child_var} = {var}[{key!r}]")
                self.value(child, child_var, (*path, key))
                continue
            self.emit(f"if {key!r} in {var}:")
            start = len(self.lines)
            self.emit(f"{child_var} = {var}[{key!r}]")
            self.value(child, child_var, (*path, key))
            self.lines[start:] = ["    " + line for line in self.lines[start:]]

    def map(self, node: Mapping[str, Any], var: str) -> None:
        assert set(node["propertyNames"]) == {"not"}
        refused = self.constant(re.compile(node["propertyNames"]["not"]["pattern"]))
        assert node["additionalProperties"] == {"type": "string"}
        key, item = self.name("key"), self.name()
        self.emit(f"for {key}, {item} in {var}.items():")
        self.emit(f"    if type({item}) is not str or {refused}.search({key}): return None")
        self.emit(f"    colons += {key}.count(':') + {item}.count(':')")


def _years_in_force(template: Template, chosen: TemplateSet) -> frozenset[int]:
    """The report years for which `template` is the one in force among `chosen`."""
    return frozenset(year for year in range(1900, 3000) if chosen.in_force(year) is template)


def compile_checker(template: Template, chosen: TemplateSet) -> Checker:
    """The compiled check of `template` among the templates `chosen`: a `Verdict`, or None
    to ask the reference path."""
    compiler = _Compiler()
    compiler.emit("members = 0")
    compiler.emit("colons = 0")
    compiler.emit("blank = False")
    compiler.emit("inexact = False")
    compiler.value(schema(template), "document", ())
    year = compiler.cells["/year"]
    in_force = compiler.constant(_years_in_force(template, chosen))
    compiler.emit(f"if blank or {year} not in {in_force}:")
    compiler.emit("    return Verdict(False, members, colons, inexact)")
    agency = compiler.name()
    compiler.emit(f"{agency} = document['agency']")
    compiler.emit(
        f"if ('credit_code' in {agency} or 'division_code' in {agency})"
        f" and not agency_clean({agency}, {year}):"
    )
    compiler.emit("    return Verdict(False, members, colons, inexact)")
    for equation in (eq for found in equations(layout(template)).values() for eq in found):
        total = compiler.cells[equation.target.pointer]
        terms = " ".join(
            f"{'+' if term.sign > 0 else '-'} {compiler.cells[term.pointer]}"
            for term in equation.terms
        )
        compiler.emit(f"if {total} != 0 {terms}: return Verdict(False, members, colons, inexact)")
    compiler.emit(f"if not rules_clean({compiler.constant(layout(template))}, document):")
    compiler.emit("    return Verdict(False, members, colons, inexact)")
    compiler.emit("return Verdict(True, members, colons, inexact)")
    source = "def check(document):\n" + "\n".join(compiler.lines) + "\n"
    namespace: dict[str, Any] = {
        **compiler.constants,
        "Verdict": Verdict,
        "agency_clean": agency_clean,
        "rules_clean": rules_clean,
    }
    exec(compile(source, f"<compiled checker of template {template.id}>", "exec"), namespace)
    check: Checker = namespace["check"]
    return check
