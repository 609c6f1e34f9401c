"""The typed reader: report bytes decoded by msgspec into structs generated from the schema.

The fast path of `_validation` reads a document with orjson into dicts and lists, then walks
it in generated Python (`_compiled`): most of the time of a valid report goes to that walk,
testing the type and bounds of every cell in Python. msgspec can decode JSON straight into
typed structs, testing the types, the bounds, the lengths, the patterns and the choices in C
as it reads. So each template's published schema is also turned into struct types
(`typed_form`), and a generated function (``clean``) reads the decoded struct's cells and
tests what the schema cannot say: no cell blank, every equation and bound holding, the
template in force for the year, the agency's codes, and the rules of the text as far as
their cheap tests clear a report (`Rules.texts_clean`).

``clean`` gives the same `Verdict` as the fast path's ``check``: a clean report is answered
at once; for one with findings the rules build them from the blanks and the failing sums it
names. Where it settles everything but the sums and the cheap tests clear the text
(`Verdict.texts`), the sums alone are left, and they read only the values ``clean`` compared;
otherwise the decoded report is turned into the document `parse` would give. A report it
cannot read — text that does not decode into the structs, an amount written otherwise, a key
of ``notes`` that is no JSON Pointer — goes to the fast path, which says why. What the
structs would read otherwise than the reference path is held apart:

- msgspec keeps the last of duplicate keys; ``clean`` counts the members and the colons
  inside strings, so that every other colon of the text must be a member's
  (`colons_add_up`), as the fast path does;
- an amount is decoded as the raw JSON text (msgspec would take a string for a `Decimal`),
  then read as `parse` reads it: an integer as an ``int``, a fraction as the exact
  `Decimal`, with at most `_money.FRACTION_DIGITS` digits after the point;
- a schema the form cannot express (a cell under an optional member, an array of objects)
  has no typed form: its reports go to the fast path.

Building the structs and compiling ``clean`` costs some milliseconds; `_validation` uses the
reader once a process has checked enough documents for it to pay.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Annotated, Any, Literal, NamedTuple, Union

import msgspec

from . import _money
from ._compiled import (
    _BOUNDS,
    Rules,
    Verdict,
    _choices,
    _compiled,
    _equation_lines,
    _refused_names,
    _Source,
    _sum,
    _years_in_force,
    literal,
)
from ._declare import Template, TemplateSet
from ._errors import DeclarationError
from ._layout import Layout, layout, path_of, pointer
from ._schema import schema
from ._structure import _FALLBACKS, colons_add_up

__all__ = ["Typed", "TypedReader", "typed_form", "typed_reader"]

_BROKEN = object()
"""What `_amount` gives for raw JSON that is not an amount the schema allows."""


def _amount(raw: msgspec.Raw) -> Any:
    """The amount raw JSON writes, as `parse` reads it: None for ``null``, an ``int``, a
    finite `Decimal` with at most `_money.FRACTION_DIGITS` digits after the point; else
    `_BROKEN` (a string, a bool, an object, more digits)."""
    text = bytes(raw)
    if text == b"null":
        return None
    if text[:1] not in b"-0123456789" or not text:
        return _BROKEN
    if b"." not in text and b"e" not in text and b"E" not in text:
        return int(text)
    value = Decimal(text.decode("ascii"))
    exponent = value.as_tuple().exponent
    if type(exponent) is not int or exponent < -_money.FRACTION_DIGITS:
        return _BROKEN
    return value


class Typed(NamedTuple):
    """The typed form of one template: its root struct, the generated ``clean`` and its
    source."""

    template: str
    root: type
    clean: Callable[[Any], Verdict | None]
    """The verdict on a decoded report, as the fast path's ``check`` gives it (its
    ``members`` counts the members and the colons inside strings: the colons of the text);
    None where the typed form cannot vouch for what it decoded (an amount written otherwise
    than the schema allows, a key of ``notes`` that is no JSON Pointer)."""
    source: str


_META = {">=": "ge", "<=": "le", "<": "lt"}
"""The `msgspec.Meta` constraint of each bound of `_BOUNDS`, by its operator."""


class _Form:
    """A walk of a template's schema: the struct types, and the lines of ``clean`` that
    read their cells."""

    def __init__(self, template: str, cells: frozenset[str]) -> None:
        self.template = template
        self.cells = cells
        """The JSON Pointers of the template's cells."""
        self.names = 0
        self.constants: dict[str, Any] = {
            "UNSET": msgspec.UNSET, "amount": _amount, "B": _BROKEN, "Verdict": Verdict,
        }  # fmt: skip
        self.out = _Source(self.constants)
        self.vars: dict[str, str] = {}
        """The variable of ``clean`` holding each scalar, by JSON Pointer."""
        self.static = 0
        """The members present in every document: counted once."""
        self.structs = 0

    def name(self, prefix: str = "v") -> str:
        self.names += 1
        return f"{prefix}{self.names}"

    def emit(self, line: str) -> None:
        self.out.emit(line)

    def refuse(self, at: tuple[str, ...]) -> DeclarationError:
        return DeclarationError(key="cannot_compile_type", kinds=["typed form"], at=pointer(at))

    def type_of(self, node: Mapping[str, Any], var: str, path: tuple[str, ...]) -> Any:
        """The msgspec type of `node`, emitting the lines that read `var` (a value of it)."""
        self.vars[pointer(path)] = var
        if "const" in node or "enum" in node:
            choices = tuple(sorted(_choices(node)))  # strings alone, or DeclarationError
            if any(":" in choice for choice in choices):
                self.emit(f"colons += {var}.count(':')")
            return Literal[choices]
        kinds = node.get("type")
        kinds = [kinds] if isinstance(kinds, str) else list(kinds or ())
        nullable = "null" in kinds
        kinds = [kind for kind in kinds if kind != "null"]
        if kinds == ["object"] and not nullable:
            return self.struct(node, var, path)
        if kinds == ["integer"]:
            bounds = {_META[operator]: node[key] for key, operator in _BOUNDS if key in node}
            if not all(type(bound) is int for bound in bounds.values()):
                raise self.refuse(path)
            kind: Any = Annotated[int, msgspec.Meta(**bounds)] if bounds else int
            return kind | None if nullable else kind
        if kinds == ["number"]:
            self.emit(f"{var} = amount({var})")
            tests = [f"{var} is not B"] if nullable else [f"{var} is not B", f"{var} is not None"]
            limits = [
                f"{var} {operator} {self.bound(node[key])}"
                for key, operator in _BOUNDS
                if key in node
            ]
            if limits:
                tests.append(f"({var} is None or ({' and '.join(limits)}))")
            self.emit(f"if not ({' and '.join(tests)}): return None")
            return msgspec.Raw
        if kinds == ["string"] and not nullable:
            self.emit(f"colons += {var}.count(':')")
            return self.string(node, path)
        if kinds == ["array"] and not nullable and isinstance(node.get("items"), Mapping):
            items = node["items"]
            if items.get("type") != "string" or set(items) - {"type", "minLength", "maxLength"}:
                raise self.refuse(path)
            item = self.name()
            self.emit(f"for {item} in {var}: colons += {item}.count(':')")
            return list[self.string(items, path)]  # type: ignore[misc]
        raise self.refuse(path)

    def bound(self, value: Any) -> str:
        if type(value) is int:
            return literal(value)
        name = self.name("k")
        self.constants[name] = Decimal(value) if type(value) is float else value
        return name

    def string(self, node: Mapping[str, Any], path: tuple[str, ...]) -> Any:
        meta = {}
        for key, name in (("minLength", "min_length"), ("maxLength", "max_length")):
            if key in node:
                if type(node[key]) is not int:
                    raise self.refuse(path)
                meta[name] = node[key]
        if "pattern" in node:
            re.compile(node["pattern"])  # a pattern Python cannot read stops the form
            meta["pattern"] = node["pattern"]
        return Annotated[str, msgspec.Meta(**meta)] if meta else str

    def struct(self, node: Mapping[str, Any], var: str, path: tuple[str, ...]) -> Any:
        """A struct of the object's members, each field named ``mN`` (msgspec reads the
        member's key); a map of strings (``notes``, ``unread``) is a dict whose keys are
        tested as the schema's ``propertyNames`` says."""
        if node.get("additionalProperties") is not False:
            if "properties" in node or not path:
                raise self.refuse(path)
            try:
                refused = _refused_names(node)
            except DeclarationError:
                raise self.refuse(path) from None
            self.constants[pattern := self.name("k")] = refused
            key, item = self.name("key"), self.name()
            self.emit(f"members += len({var})")
            with self.out.block(f"for {key}, {item} in {var}.items():"):
                self.emit(f"if {pattern}.search({key}): return None")
                self.emit(f"colons += {key}.count(':') + {item}.count(':')")
            self.emit(f"if {var}: maps = True")
            return dict[str, str]
        properties: Mapping[str, Any] = node.get("properties", {})
        required = node.get("required", [])
        fields: list[tuple[str, Any, Any]] = []
        rename: dict[str, str] = {}
        root = not path
        tag = None
        for key, child in properties.items():
            if ":" in key:
                raise self.refuse((*path, key))
            if root and key == "template":
                tag = child.get("const")
                if key not in required or type(tag) is not str or tag != self.template:
                    raise self.refuse((*path, key))
                self.static += 1
                continue
            field = f"m{len(fields)}"
            rename[field] = key
            child_var = self.name()
            self.emit(f"{child_var} = {var}.{field}")
            if key in required:
                self.static += 1
                fields.append(
                    (field, self.type_of(child, child_var, (*path, key)), msgspec.NODEFAULT)
                )
                continue
            start = len(self.vars)
            with self.out.block(f"if {child_var} is not UNSET:"):
                self.emit("members += 1")
                kind = self.type_of(child, child_var, (*path, key))
            if any(at in self.cells for at in list(self.vars)[start:]):
                raise self.refuse((*path, key))  # a cell the report may leave out
            fields.append((field, kind | msgspec.UnsetType, msgspec.UNSET))
        if root and tag is None:
            raise self.refuse(path)
        self.structs += 1
        options: dict[str, Any] = {"tag_field": "template", "tag": tag} if root else {}
        return msgspec.defstruct(
            f"{self.template}_{self.structs}" if not root else f"Report{self.template}",
            fields,
            rename=rename,
            forbid_unknown_fields=True,
            gc=False,
            **options,
        )


def typed_form(template: Template, chosen: TemplateSet, rules: Rules) -> Typed:
    """The typed form of `template` among the templates `chosen`, with the equations, bounds
    and checks of `rules`; `DeclarationError` where its schema has none."""
    lay = layout(template)
    form = _Form(template.id, frozenset(cell.pointer for cell in lay.cells))
    form.emit("members = 0")
    form.emit("colons = 0")
    form.emit("maps = False")
    root = form.type_of(schema(template), "document", ())
    out = form.out
    cells = f"({', '.join(form.vars[cell.pointer] for cell in lay.cells)},)"
    out.emit("blanks = []")
    with out.block(f"if None in {cells}:"):
        out.emit(f"blanks = [i for i, value in enumerate({cells}) if value is None]")
    out.emit("suspects = []")
    out.emit("read = []")
    with out.block("if blanks:"):
        _equation_lines(out, rules.equations, form.vars, blank=True)
    with out.block("else:"):
        _equation_lines(out, rules.equations, form.vars, blank=False)
    year = form.vars["/year"]
    out.emit(f"clean = {year} in {form.bound(_years_in_force(template, chosen))}")
    agency = {
        key: form.vars[at]
        for key in ("credit_code", "division_code")
        if (at := f"/agency/{key}") in form.vars
    }
    if agency:  # the codes' rules only where the report gives a code: most give none
        given = " or ".join(f"{var} is not UNSET" for var in agency.values())
        with out.block(f"if {given}:"):
            codes = ", ".join(f"{literal(key)}: {var}" for key, var in agency.items())
            out.emit(f"agency = {{key: value for key, value in {{{codes}}}.items()")
            out.emit("          if value is not UNSET}")
            out.emit(f"if not agency_clean(agency, {year}): clean = False")
    held = " and ".join(
        f"{_sum(((p.sign, form.vars[p.pointer]) for p in places), False)} >= 0"
        for places in rules.bounds
    )
    out.emit(f"settled = clean and not blanks{f' and {held}' if held else ''}")
    read = {"/year", "/agency/name", *(section.pointer for section in lay.text_sections)}
    read.update(cell.pointer for cell in lay.cells if cell.kind == "money")
    light = _nested(form, lay, read)
    # notes or places not read: the rules read them in the document itself
    out.emit(f"texts = settled and not maps and texts_clean({form.bound(lay)}, {light})")
    out.emit(
        f"return Verdict(texts and not suspects, members + {literal(form.static)} + colons, 0, "
        "False, blanks, suspects, read, settled, texts=texts)"
    )
    source = (
        f"# The typed clean of template {template.id}, generated by disclosure_report.\n"
        "def clean(document):\n" + "\n".join(form.out.lines) + "\n"
    )
    namespace = {**form.constants, "agency_clean": rules.agency_clean}
    namespace["texts_clean"] = rules.texts_clean
    filename = f"<disclosure_report: typed clean of template {template.id}>"
    clean = _compiled(source, filename, namespace, "clean")
    return Typed(template.id, root, clean, source)


def _nested(form: _Form, lay: Layout, read: set[str]) -> str:
    """A dict literal of the places `read` (JSON Pointers) as the parsed document nests
    them, each the variable ``clean`` holds it in: what `Rules.texts_clean` reads."""
    tree: dict[str, Any] = {}
    for field in lay.fields:
        if field not in read or field not in form.vars:
            continue
        keys = path_of(field)
        node = tree
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = form.vars[field]

    def written(node: Any) -> str:
        if isinstance(node, str):
            return node
        return "{" + ", ".join(f"{literal(k)}: {written(v)}" for k, v in node.items()) + "}"

    return written(tree)


class TypedReader(NamedTuple):
    """The typed forms of a set of templates, decoded by one decoder (the template names the
    struct)."""

    decoder: msgspec.json.Decoder[Any]
    forms: Mapping[type, Typed]

    def read(self, value: str | bytes | bytearray) -> tuple[str, Verdict, Any] | None:
        """The template of a report, the verdict on it and the decoded report; None where
        the typed reader cannot say (the fast path reads it then)."""
        try:
            report = self.decoder.decode(value)
        except (msgspec.DecodeError, ValueError, RecursionError):  # ValueError: a lone surrogate
            return None
        form = self.forms[type(report)]
        try:
            verdict = form.clean(report)
        except (ValueError, TypeError, ArithmeticError):
            _FALLBACKS["typed"] += 1  # a bug of the generated code: counted, the fast path answers
            return None
        if verdict is None or not colons_add_up(value, verdict.members, verdict.colons):
            return None
        return form.template, verdict, report

    @staticmethod
    def builtins(report: Any) -> Any:
        """A decoded report as `parse` reads its text: dicts, lists, strings, ints, exact
        `Decimal` amounts."""
        return msgspec.to_builtins(report, builtin_types=(Decimal,), enc_hook=_amount)


def typed_reader(chosen: TemplateSet, rules_of: Callable[[Template], Rules]) -> TypedReader | None:
    """The typed reader of the templates `chosen` that have a typed form (None: none has)."""
    forms: dict[type, Typed] = {}
    for template in (chosen[name] for name in chosen):
        try:
            typed = typed_form(template, chosen, rules_of(template))
        except DeclarationError:
            continue
        forms[typed.root] = typed
    if not forms:
        return None
    return TypedReader(msgspec.json.Decoder(Union[tuple(forms)]), forms)  # noqa: UP007
