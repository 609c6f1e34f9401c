"""The fast path: each template's schema and sum rules compiled to straight-line Python.

`compile_checker(template, chosen, rules)` turns the published schema (the subset of JSON
Schema the generator emits) and the template's equations into two functions over a parsed
document, each generated from a walk of the schema (``explain`` when first asked for):

- ``check`` stops at the first structural problem (None: ask ``explain``), or gives a
  `Verdict`: whether the document is clean (no blank, every equation and bound holds, and
  the rules it does not compile find nothing), which cells are blank and which equations do
  not hold, and how many object members and colons inside strings it holds, which lets
  the caller see duplicate keys that a fast JSON parser merged away;
- ``explain`` walks a document that ``check`` refused and collects every structural
  problem, as jsonschema would report it (`SchemaError`), with the blanks and the
  equations that may not hold among the cells that are readable.

The rules then build findings only for the cells and equations named (`Context.blanks`,
`Context.suspects`). Without `rules` the two functions check the structure alone: that is
what loading JSON asks, and this module reads nothing of the rules, which sit above it and
hand their equations and checks down (`Rules`).

The generated source is kept: `Checker.source` holds it for review, and tracebacks show
its lines. Every value written into the source is a checked ``int`` or ``str`` written by
`repr`; anything else is bound to a name. jsonschema stays the
reference: a differential test holds both paths to the same findings.
"""

from __future__ import annotations

import decimal
import functools
import itertools
import linecache
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

import attrs

from . import _codecache, _money
from ._declare import Template, TemplateSet
from ._errors import DeclarationError
from ._layout import Layout, layout, pointer
from ._schema import schema

__all__ = [
    "Checker",
    "Explanation",
    "Rules",
    "SchemaError",
    "Sum",
    "Verdict",
    "compile_checker",
    "literal",
]


class Verdict(NamedTuple):
    """What ``check`` says of a document whose structure it vouches for."""

    clean: bool
    """No finding at all: structure, blanks, sums, agency codes and template year all fine."""
    members: int
    """Object members in the document."""
    colons: int
    """Colons inside the document's strings (keys and values)."""
    inexact: bool = False
    """An amount is a float: its digits as written are unknown (orjson reads ``1e-400`` as
    ``0.0``), so the verdict holds only once the text is read again with exact decimals."""
    blanks: Sequence[int] = ()
    """The blank cells, as positions in the layout's ``cells``."""
    suspects: Sequence[int] = ()
    """The equations that do not hold, as positions in `Rules.equations`."""
    read: Sequence[Sequence[Any]] = ()
    """The values of the cells of each equation in ``suspects``, total first, as the check
    read them: the rules need not read them again."""
    settled: bool = False
    """Every rule the check compiles but the equations finds nothing: the template is the
    year's, the agency's codes are right, no cell is blank and every bound holds."""
    escaped: bool = False
    """A string holds a character that `encode` writes as an escape: said by the check of
    the structure alone, so that `dumps` need not search its output."""
    texts: bool = False
    """The rules the check does not compile find nothing, as their cheap tests alone tell
    (`Rules.texts_clean`): asked of a settled report by the typed reader (`_typed`), so that
    the rules need not ask them again."""


class SchemaError(NamedTuple):
    """A structural problem, as jsonschema reports it: where, the keyword, the value found,
    the keyword's value in the schema, and the schema node it belongs to."""

    path: tuple[str, ...]
    keyword: str
    instance: Any
    expected: Any
    schema: Mapping[str, Any]


class Explanation(NamedTuple):
    """What ``explain`` says of a document whose structure ``check`` refused."""

    errors: list[SchemaError]
    blanks: Sequence[int]
    """The blank cells, as positions in the layout's ``cells``."""
    suspects: Sequence[int] | None
    """The equations over readable cells that may not hold (None: any of them)."""


class _Place(Protocol):
    @property
    def pointer(self) -> str: ...
    @property
    def sign(self) -> int: ...
    @property
    def kind(self) -> str: ...


class Sum(Protocol):
    """An equation as the compiled check reads it: a total and its signed terms."""

    @property
    def target(self) -> _Place: ...
    @property
    def terms(self) -> Sequence[_Place]: ...
    @property
    def places(self) -> Sequence[_Place]:
        """The total, then the terms."""


class Rules(NamedTuple):
    """What the consistency rules hand the compiled check of a template: its equations in
    the order ``suspects`` counts them, its bounds (signed cells whose sum is not
    negative), whether an agency's codes are clean for a year, and whether the rules that
    read neither a sum nor a bound find nothing in a document whose amounts are exact: by
    asking them where their cheap tests cannot tell (``rules_clean``), or as far as those
    tests tell alone (``texts_clean``: False where a rule would have to be asked)."""

    equations: Sequence[Sum]
    bounds: Sequence[Sequence[_Place]]
    agency_clean: Callable[[Mapping[str, Any], int], bool]
    rules_clean: Callable[[Layout, Any], bool]
    texts_clean: Callable[[Layout, Any], bool]


def _compiled(source: str, filename: str, namespace: dict[str, Any], name: str) -> Any:
    """The function `name` of generated `source`, its lines kept for tracebacks; its
    compiled code is kept on disk for the next run (`_codecache`)."""
    exec(_codecache.code(source, filename), namespace)
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    return namespace[name]


@attrs.frozen
class Checker:
    """The compiled functions of one template, and the source they were compiled from.

    ``explain`` is generated and compiled when first asked for: a command that meets no
    broken document does not pay for it."""

    template: Template
    check_source: str
    """The generated source of ``check``, as compiled (tracebacks show its lines)."""
    check: Callable[[Any], Verdict | None] = attrs.field(repr=False)
    equations: tuple[Sum, ...] = attrs.field(repr=False)
    """The template's equations, in the order ``suspects`` counts them (none: the checker
    of the structure alone)."""
    amounts_summed: bool = False
    """Whether an amount (money) is a term of an equation or a bound: a verdict on floats
    then says nothing of the sums once the amounts are read exactly."""
    namespace: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False)
    what: str = "check"
    """``check``, or ``structure check`` for the checker of the structure alone."""

    @property
    def source(self) -> str:
        """The generated source of both functions, for review."""
        return self.check_source + "\n\n" + self.explain_source

    @property
    def explain_source(self) -> str:
        """The generated source of ``explain``, generated when first asked for."""
        return self._explain_generated[0]

    @functools.cached_property
    def _explain_generated(self) -> tuple[str, dict[str, Any]]:
        """The source of ``explain`` and the constants it reads, from a walk that shares
        nothing with ``check``'s: two threads asking at once each generate it whole."""
        return _explain_source(self.template, self.equations, self.what)

    @functools.cached_property
    def explain(self) -> Callable[[Any], Explanation]:
        source, constants = self._explain_generated
        filename = f"<disclosure_report: compiled explain ({self.what}) of {self.template.id}>"
        namespace = {**constants, **_GIVEN}
        function: Callable[[Any], Explanation] = _compiled(source, filename, namespace, "explain")
        return function


_UNREADABLE = object()
"""What ``explain`` holds for a cell whose value no equation can read."""

_HANDLED = {
    "$schema", "$id", "title", "description", "type", "properties", "required",
    "additionalProperties", "propertyNames", "minimum", "maximum", "exclusiveMaximum",
    "minLength", "maxLength", "pattern", "const", "enum", "items",
}  # fmt: skip
"""Schema keywords the compiler understands; any other stops compilation."""


def literal(value: object) -> str:
    """`value` as Python source: only an ``int`` (not a bool) or a ``str`` is written into
    the generated code, by `repr`; anything else is refused."""
    if type(value) is int or type(value) is str:
        return repr(value)
    raise DeclarationError(key="not_written_into_source", kind=type(value).__name__, value=value)


class _Source:
    """Lines of generated code with their indentation, and the names they use."""

    def __init__(self, constants: dict[str, Any]) -> None:
        self.lines: list[str] = []
        self.depth = 1
        self.constants = constants

    def emit(self, line: str) -> None:
        self.lines.append("    " * self.depth + line)

    def block(self, header: str) -> _Block:
        self.emit(header)
        return _Block(self)


class _Block:
    def __init__(self, source: _Source) -> None:
        self.source = source

    def __enter__(self) -> None:
        self.source.depth += 1

    def __exit__(self, *_: object) -> None:
        self.source.depth -= 1


def _types(node: Mapping[str, Any]) -> list[str]:
    kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
    for kind in kinds:
        if kind not in _TYPE_TESTS:
            raise DeclarationError(key="cannot_compile_kind", kind=kind)
    return list(kinds)


_TYPE_TESTS = {
    "object": "type({v}) is dict",
    "array": "type({v}) is list",
    "string": "type({v}) is str",
    "integer": "type({v}) is int",
    "number": (
        "(type({v}) is int or (type({v}) is float and isfinite({v}))"
        " or (type({v}) is Decimal and {v}.is_finite()))"
    ),
    "null": "{v} is None",
    "boolean": "type({v}) is bool",
}
"""The JSON Schema types as the reference path reads them: an integer is an int (``3.0``
is not a count, ``True`` is not 1), and a number is finite."""


def _type_test(kinds: Sequence[str], var: str) -> str:
    return "(" + " or ".join(_TYPE_TESTS[kind].format(v=var) for kind in kinds) + ")"


_BOUNDS = (("minimum", ">="), ("maximum", "<="), ("exclusiveMaximum", "<"))


class _Compiler:
    """A walk of the schema, writing ``check`` or ``explain`` (each from a compiler of
    its own: ``explain`` is written when first asked for)."""

    def __init__(
        self, cell_positions: Mapping[str, int], escapes: re.Pattern[str] | None = None
    ) -> None:
        self.constants: dict[str, Any] = {
            "Decimal": Decimal,
            "isfinite": math.isfinite,
            "SchemaError": SchemaError,
            "B": _UNREADABLE,
        }
        self.escapes = escapes
        """The characters `encode` writes as escapes, for the check of the structure alone."""
        if escapes is not None:
            self.constants["ESCAPED"] = escapes
        self.check = _Source(self.constants)
        self.explain = _Source(self.constants)
        self.names = 0
        self.cell_positions = cell_positions
        self.check_cells: dict[str, str] = {}
        """The variable of ``check`` holding each scalar, by JSON Pointer."""
        self.static_members = 0
        """The members of the objects ``check`` meets on every document that has a fixed
        number of them: added once, at the end."""
        self.optional = 0
        """How deep ``check`` is inside blocks that run only when a member is present."""
        self.explain_cells: dict[str, str] = {}
        """The variable of ``explain`` holding each cell, by JSON Pointer."""

    def name(self, prefix: str = "v") -> str:
        self.names += 1
        return f"{prefix}{self.names}"

    def constant(self, value: Any) -> str:
        name = self.name("k")
        self.constants[name] = value
        return name

    # --- check: the first problem ends it ----------------------------------------------

    def fail_unless(self, condition: str) -> None:
        self.check.emit(f"if not ({condition}): return None")

    def check_value(self, node: Mapping[str, Any], var: str, path: tuple[str, ...]) -> None:
        at = pointer(path)
        self.check_cells[at] = var
        unknown = set(node) - _HANDLED
        if unknown:
            raise DeclarationError(
                key="cannot_compile_keywords", keywords=sorted(unknown), at=pointer(path)
            )
        if "const" in node or "enum" in node:
            choices = _choices(node)
            self.fail_unless(f"type({var}) is str and {var} in {self.constant(choices)}")
            if self.escapes is not None and any(map(self.escapes.search, choices)):
                self.escape_test(var)
            if any(":" in choice for choice in choices):
                self.check.emit(f"colons += {var}.count(':')")
            return
        kinds = _types(node)
        if "object" in kinds:
            self.check_object(node, var, path)
        elif set(kinds) <= {"integer", "number", "null"}:
            self.check_number(node, var, kinds, at)
        elif kinds == ["string"]:
            self.check_string(node, var)
        elif kinds == ["array"]:
            self.check_array(node, var)
        else:
            raise DeclarationError(key="cannot_compile_type", kinds=kinds, at=pointer(path))

    def _bounds(self, node: Mapping[str, Any], var: str) -> list[str]:
        return [
            f"{var} {operator} {self.bound(node[keyword])}"
            for keyword, operator in _BOUNDS
            if keyword in node
        ]

    def bound(self, value: Any) -> str:
        """A bound of a number: an int written as such, a finite float or `Decimal` bound
        to a name; anything else stops compilation."""
        if type(value) is int:
            return literal(value)
        if type(value) in (float, Decimal) and math.isfinite(value):
            return self.constant(value)
        raise DeclarationError(key="cannot_compile_bound", value=value)

    def check_number(self, node: Mapping[str, Any], var: str, kinds: list[str], at: str) -> None:
        """A count (an int) or an amount: an int, a float (inexact: see `Verdict`) or a
        finite `Decimal` written with at most `_money.FRACTION_DIGITS` digits after the
        point."""
        if "number" in kinds:
            places = literal(-_money.FRACTION_DIGITS)
            decimal_ = f"type({var}) is Decimal and {var}.is_finite()"
            exact = f"({decimal_} and {var}.as_tuple().exponent >= {places})"
            kind = f"(type({var}) is int or (type({var}) is float and isfinite({var})) or {exact})"
        else:
            kind = f"type({var}) is int"
        test = " and ".join([kind, *self._bounds(node, var)])
        if "null" in kinds:
            # the value first, then blank or wrong: a filled cell costs one test
            position = self.cell_positions.get(at)
            with self.check.block(f"if not ({test}):"):
                self.check.emit(f"if {var} is not None: return None")
                if position is not None:
                    self.check.emit(f"blanks.append({literal(position)})")
        else:
            self.fail_unless(test)
        if "number" in kinds:
            self.check.emit(f"if type({var}) is float: inexact = True")

    def _string_tests(self, node: Mapping[str, Any], var: str) -> list[tuple[str, str]]:
        """The string keywords of `node` as (keyword, test) pairs."""
        tests = []
        if "minLength" in node:
            tests.append(("minLength", f"len({var}) >= {_length(node, 'minLength')}"))
        if "maxLength" in node:
            tests.append(("maxLength", f"len({var}) <= {_length(node, 'maxLength')}"))
        if "pattern" in node:
            pattern = self.constant(re.compile(node["pattern"]))
            tests.append(("pattern", f"{pattern}.search({var}) is not None"))
        return tests

    def check_string(self, node: Mapping[str, Any], var: str) -> None:
        tests = [f"type({var}) is str", *(test for _, test in self._string_tests(node, var))]
        self.fail_unless(" and ".join(tests))
        self.check.emit(f"colons += {var}.count(':')")
        self.escape_test(var)

    def escape_test(self, var: str) -> None:
        """Whether the string `var` holds a character `encode` escapes (structure alone)."""
        if self.escapes is not None:
            self.check.emit(f"if not {var}.isascii() and ESCAPED.search({var}): escaped = True")

    def check_array(self, node: Mapping[str, Any], var: str) -> None:
        item = self.name()
        self.fail_unless(f"type({var}) is list")
        items = node["items"]
        if _types(items) != ["string"] or set(items) - {"type", "minLength", "maxLength"}:
            raise DeclarationError(key="cannot_compile_array")
        with self.check.block(f"for {item} in {var}:"):
            self.check_string(items, item)

    def check_object(self, node: Mapping[str, Any], var: str, path: tuple[str, ...]) -> None:
        self.fail_unless(f"type({var}) is dict")
        if "propertyNames" in node:
            self.check.emit(f"members += len({var})")
            refused = self.constant(_refused_names(node))
            key, item = self.name("key"), self.name()
            with self.check.block(f"for {key}, {item} in {var}.items():"):
                self.check.emit(
                    f"if type({item}) is not str or {refused}.search({key}): return None"
                )
                self.check.emit(f"colons += {key}.count(':') + {item}.count(':')")
                self.escape_test(key)
                self.escape_test(item)
            return
        if node.get("additionalProperties") is not False:
            raise DeclarationError(key="cannot_compile_open_object", at=pointer(path))
        required = node.get("required", [])
        optional = [key for key in node["properties"] if key not in required]
        present = " + ".join(
            [literal(len(required)), *(f"({literal(key)} in {var})" for key in optional)]
        )
        self.fail_unless(f"len({var}) == {present}")
        if optional:
            self.check.emit(f"members += len({var})")
        elif self.optional:
            self.check.emit(f"members += {literal(len(required))}")
        else:
            self.static_members += len(required)
        for key, child in node["properties"].items():
            child_var = self.name()
            if key in required:
                self.check.emit(f"{child_var} = {var}[{literal(key)}]")
                self.check_value(child, child_var, (*path, key))
                continue
            self.optional += 1
            with self.check.block(f"if {literal(key)} in {var}:"):
                self.check.emit(f"{child_var} = {var}[{literal(key)}]")
                self.check_value(child, child_var, (*path, key))
            self.optional -= 1

    # --- explain: every problem, as jsonschema finds it -------------------------------

    def error(
        self, at: str, keyword: str, var: str, expected: Any, node: Mapping[str, Any]
    ) -> None:
        expected_name = self.constant(expected)
        node_name = self.constant(node)
        self.explain.emit(
            f"errors.append(SchemaError({at}, {literal(keyword)}, {var}, "
            f"{expected_name}, {node_name}))"
        )

    def explain_value(
        self, node: Mapping[str, Any], var: str, at: str, path: tuple[str, ...] | None
    ) -> None:
        """Every keyword of `node` on `var`, each on the values it applies to, as
        jsonschema applies them. `at` names the path; `path` is it when it is fixed."""
        if path is not None and pointer(path) in self.cell_positions:
            self.explain_cells[pointer(path)] = var
        out = self.explain
        if "const" in node or "enum" in node:
            keyword = "const" if "const" in node else "enum"
            with out.block(
                f"if not (type({var}) is str and {var} in {self.constant(_choices(node))}):"
            ):
                self.error(at, keyword, var, node[keyword], node)
        if "type" in node:
            with out.block(f"if not {_type_test(_types(node), var)}:"):
                self.error(at, "type", var, node["type"], node)
        bounds = [(keyword, operator) for keyword, operator in _BOUNDS if keyword in node]
        if bounds:
            with out.block(f"if {_type_test(['number'], var)}:"):
                for keyword, operator in bounds:
                    with out.block(f"if not ({var} {operator} {self.bound(node[keyword])}):"):
                        self.error(at, keyword, var, node[keyword], node)
        string_tests = self._string_tests(node, var)
        if string_tests:
            with out.block(f"if type({var}) is str:"):
                for keyword, test in string_tests:
                    with out.block(f"if not ({test}):"):
                        self.error(at, keyword, var, node[keyword], node)
        if "items" in node:
            index, item = self.name("i"), self.name()
            loop = f"for {index}, {item} in enumerate({var}):"
            with out.block(f"if type({var}) is list:"), out.block(loop):
                self.explain_value(node["items"], item, f"{at} + (str({index}),)", None)
        if {"properties", "required", "additionalProperties", "propertyNames"} & set(node):
            with out.block(f"if type({var}) is dict:"):
                self.explain_object(node, var, at, path)

    def explain_object(
        self, node: Mapping[str, Any], var: str, at: str, path: tuple[str, ...] | None
    ) -> None:
        out = self.explain
        required = node.get("required", [])
        if required:
            with out.block(f"if not {self.constant(frozenset(required))} <= {var}.keys():"):
                self.error(at, "required", var, required, node)
        properties = node.get("properties", {})
        extra = node.get("additionalProperties", True)
        if extra is False:
            with out.block(f"if not {var}.keys() <= {self.constant(frozenset(properties))}:"):
                self.error(at, "additionalProperties", var, False, node)
        elif isinstance(extra, Mapping):
            if properties:
                raise DeclarationError(key="cannot_compile_properties_beside")
            key, item = self.name("key"), self.name()
            with out.block(f"for {key}, {item} in {var}.items():"):
                self.explain_value(extra, item, f"{at} + ({key},)", None)
        if "propertyNames" in node:
            refused = self.constant(_refused_names(node))
            key = self.name("key")
            with out.block(f"for {key} in {var}:"), out.block(f"if {refused}.search({key}):"):
                self.error(at, "propertyNames", key, node["propertyNames"], node)
        for key, child in properties.items():
            child_var = self.name()
            child_path = (*path, key) if path is not None else None
            child_at = (
                self.constant(child_path) if child_path is not None else f"{at} + ({literal(key)},)"
            )
            with out.block(f"if {literal(key)} in {var}:"):
                out.emit(f"{child_var} = {var}[{literal(key)}]")
                self.explain_value(child, child_var, child_at, child_path)


def _length(node: Mapping[str, Any], keyword: str) -> str:
    """A length the schema states, which must be a whole number ≥ 0."""
    value = node[keyword]
    if type(value) is not int or value < 0:
        raise DeclarationError(key="cannot_compile_count", keyword=keyword, value=value)
    return literal(value)


def _choices(node: Mapping[str, Any]) -> frozenset[str]:
    choices = (node["const"],) if "const" in node else tuple(node["enum"])
    if not all(type(choice) is str for choice in choices):
        raise DeclarationError(key="cannot_compile_choices", choices=choices)
    return frozenset(choices)


def _refused_names(node: Mapping[str, Any]) -> re.Pattern[str]:
    names = node["propertyNames"]
    if set(names) != {"not"} or set(names["not"]) != {"pattern"}:
        raise DeclarationError(key="cannot_compile_property_names", names=names)
    if node.get("additionalProperties") != {"type": "string"}:
        raise DeclarationError(key="cannot_compile_map")
    return re.compile(names["not"]["pattern"])


def _years_in_force(template: Template, chosen: TemplateSet) -> frozenset[int]:
    """The report years (1900 to 2999) for which `template` is the one in force among
    `chosen`: which template is in force changes only where one's years start or end, so
    it is asked once for each stretch between those years."""
    edges = {1900, 3000}
    for each in chosen.values():
        last = 2999 if each.last_year is None else each.last_year
        edges.update(year for year in (each.first_year, last + 1) if 1900 < year < 3000)
    stretches = sorted(edges)
    return frozenset(
        year
        for start, end in itertools.pairwise(stretches)
        if chosen.in_force(start) is template
        for year in range(start, end)
    )


def _signed(terms: Iterator[tuple[int, str]], nullable: bool) -> str:
    value = "({} or 0)" if nullable else "{}"
    return " ".join(f"{'+' if sign > 0 else '-'} {value.format(var)}" for sign, var in terms)


def _sum(terms: Iterator[tuple[int, str]], nullable: bool) -> str:
    """The signed sum of `terms` as an expression (0 for none)."""
    signed = _signed(terms, nullable)
    return signed[2:] if signed.startswith("+ ") else f"0 {signed}"


def _equation_lines(
    out: _Source, found: Sequence[Sum], cells: Mapping[str, str], blank: bool
) -> None:
    """One test per equation: its position in `suspects` when the total differs."""
    for position, equation in enumerate(found):
        total = cells[equation.target.pointer]
        terms = _sum(((t.sign, cells[t.pointer]) for t in equation.terms), blank)
        stated = f"({total} or 0)" if blank else total
        read = ", ".join([total, *(cells[t.pointer] for t in equation.terms)])
        with out.block(f"if {stated} != {terms}:"):
            out.emit(f"suspects.append({literal(position)})")
            out.emit(f"read.append(({read},))")


def compile_checker(template: Template, chosen: TemplateSet, rules: Rules | None = None) -> Checker:
    """The compiled ``check`` and ``explain`` of `template` among the templates `chosen`:
    with `rules`, of the whole report; without, of its structure alone (a `Verdict` is then
    never ``clean``, and names no equation)."""
    lay = layout(template)
    cells = {cell.pointer: position for position, cell in enumerate(lay.cells)}
    found = tuple(rules.equations) if rules is not None else ()
    bounds = tuple(tuple(places) for places in rules.bounds) if rules is not None else ()
    escapes: re.Pattern[str] | None = None
    if rules is None:  # the check of the structure alone says what `dumps` must escape
        from ._jsontext import ESCAPED

        escapes = ESCAPED
    compiler = _Compiler(cells, escapes)
    published = schema(template)

    check = compiler.check
    start = (
        "members = 0",
        "colons = 0",
        "inexact = False",
        "blanks = []",
        "suspects = []",
        "read = []",
    )
    for line in start:
        check.emit(line)
    if escapes is not None:
        check.emit("escaped = False")
    # An object of fixed members is tested by its count, then read by its keys: with a key
    # of its own in place of one it must hold, the count is right and the key is missing.
    # A try block costs nothing where nothing is raised.
    with check.block("try:"):
        compiler.check_value(published, "document", ())
    with check.block("except KeyError:  # a member missing, an unknown one in its place"):
        check.emit("return None")
    check.emit(f"members += {literal(compiler.static_members)}")
    if rules is None:
        check.emit(
            "return Verdict(False, members, colons, inexact, blanks, suspects, escaped=escaped)"
        )
    else:
        _rule_lines(compiler, template, chosen, found, bounds)
    what = "check" if rules is not None else "structure check"
    check_source = (
        f"# The compiled {what} of template {template.id}, generated by disclosure_report.\n"
        "# The builtins it calls on every value are bound as locals, read faster than globals.\n"
        "def check(document, type=type, int=int, float=float, str=str, dict=dict, len=len):\n"
        + "\n".join(check.lines)
        + "\n"
    )
    namespace: dict[str, Any] = {**compiler.constants, **_GIVEN}
    if rules is not None:
        namespace.update(agency_clean=rules.agency_clean, rules_clean=rules.rules_clean)
    filename = f"<disclosure_report: compiled {what} of template {template.id}>"
    check_function = _compiled(check_source, filename, namespace, "check")
    summed = any(
        place.kind == "money"
        for places in (*(e.places for e in found), *bounds)
        for place in places
    )
    return Checker(template, check_source, check_function, found, summed, namespace, what)


_GIVEN: dict[str, Any] = {
    "Verdict": Verdict,
    "Explanation": Explanation,
    "localcontext": decimal.localcontext,
    "exact": _money.exact,
}
"""The names the generated functions read besides their constants."""


def _explain_source(
    template: Template, found: Sequence[Sum], what: str
) -> tuple[str, dict[str, Any]]:
    """The source of ``explain`` of `template` with the equations `found`, and its
    constants."""
    lay = layout(template)
    compiler = _Compiler({cell.pointer: position for position, cell in enumerate(lay.cells)})
    _explain_lines(compiler, lay, found)
    source = (
        f"# The compiled explain ({what}) of template {template.id}, generated by "
        "disclosure_report.\ndef explain(document):\n" + "\n".join(compiler.explain.lines) + "\n"
    )
    return source, compiler.constants


def _rule_lines(
    compiler: _Compiler,
    template: Template,
    chosen: TemplateSet,
    found: Sequence[Sum],
    bounds: Sequence[Sequence[_Place]],
) -> None:
    """The end of ``check`` with the rules: is the report clean, which equations fail.

    A bound is tested only where no cell is blank (its rule skips a blank cell, and a
    blank makes the report unclean already); one that fails makes it unclean, and the
    rule itself then says where. The rules that are not compiled are asked only of exact
    amounts: on floats (``inexact``) the caller asks them once the amounts are as written."""
    check = compiler.check
    year = compiler.check_cells["/year"]
    in_force = compiler.constant(_years_in_force(template, chosen))
    agency = compiler.name()
    check.emit(f"{agency} = document['agency']")
    check.emit(
        f"clean = {year} in {in_force} and not (('credit_code' in {agency} or "
        f"'division_code' in {agency}) and not agency_clean({agency}, {year}))"
    )
    with check.block("if blanks:"):
        _equation_lines(check, found, compiler.check_cells, blank=True)
    with check.block("else:"):
        _equation_lines(check, found, compiler.check_cells, blank=False)
    held = " and ".join(
        f"{_sum(((p.sign, compiler.check_cells[p.pointer]) for p in places), False)} >= 0"
        for places in bounds
    )
    check.emit(f"settled = clean and not blanks{f' and {held}' if held else ''}")
    check.emit("clean = settled and not suspects")
    lay = compiler.constant(layout(template))
    check.emit(f"if clean and not inexact and not rules_clean({lay}, document): clean = False")
    check.emit("return Verdict(clean, members, colons, inexact, blanks, suspects, read, settled)")


def _explain_lines(compiler: _Compiler, lay: Layout, found: Sequence[Sum]) -> None:
    published = schema(lay.template)
    explain = compiler.explain
    explain.emit("errors = []")
    compiler.explain_value(published, "document", compiler.constant(()), ())
    names = [compiler.explain_cells.get(cell.pointer) for cell in lay.cells]
    body = explain.lines[1:]
    explain.lines[1:] = ["    " + f"{name} = B" for name in names if name is not None] + body
    readable = ", ".join(name or "B" for name in names)
    explain.emit(f"blanks = [i for i, value in enumerate(({readable},)) if value is None]")
    for cell in lay.cells:
        name = compiler.explain_cells.get(cell.pointer)
        if name is None:
            continue
        kind = (
            f"type({name}) is int and {name} >= 0"
            if cell.kind == "count"
            else f"type({name}) is int or (type({name}) is Decimal and {name}.is_finite()"
            f" and {name} >= 0)"
        )
        explain.emit(f"if not ({name} is None or {kind}): {name} = B")
    explain.emit("suspects = []")
    if not found:
        explain.emit("return Explanation(errors, blanks, suspects)")
        return
    with explain.block("try:"), explain.block("with localcontext(exact()):"):
        for position, equation in enumerate(found):
            places = equation.places
            if any(place.pointer not in compiler.explain_cells for place in places):
                continue
            readable_test = " and ".join(
                f"{compiler.explain_cells[place.pointer]} is not B" for place in places
            )
            total = compiler.explain_cells[equation.target.pointer]
            terms = _signed(
                ((t.sign, compiler.explain_cells[t.pointer]) for t in equation.terms), True
            )
            explain.emit(
                f"if {readable_test} and ({total} or 0) != 0 {terms}: "
                f"suspects.append({literal(position)})"
            )
    with explain.block("except ArithmeticError:"):
        explain.emit("suspects = None  # the rules evaluate every equation exactly")
    explain.emit("return Explanation(errors, blanks, suspects)")
