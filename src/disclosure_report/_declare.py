"""The vocabulary a template revision is declared in.

A template is a report class whose fields carry, in their metadata, what the official
format prints: labels, spanning headers, totals, and the sums and carries the format
implies. A `Template` names the notice that set it, the years it applies to, and — for a
revision — how its rows correspond to those of the template it revises. `TemplateSet`
holds templates as one value; the set in use is chosen with `use_templates`.

Nothing here spells a label out: the national templates are declared in `_templates`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, get_args

import attrs

from ._errors import DeclarationError, UnknownTemplateError

__all__ = [
    "META_KEY",
    "Balance",
    "Carry",
    "CellKind",
    "Correspondence",
    "Label",
    "Meta",
    "Report",
    "Sums",
    "TableMeta",
    "Template",
    "TemplateSet",
    "Term",
    "TextMeta",
    "Unit",
    "field",
    "make_class",
    "meta_of",
    "revise",
]

META_KEY = "disclosure_report"
"""The key of a field's `Meta` in its attrs metadata."""

CellKind = Literal["count", "signed", "money"]
"""What a cell holds: a count ≥ 0, a signed count, or money (in 万元, or in the unit the
report states where the template prints none)."""

Unit = Literal["元", "万元"]
"""A unit of money a report states."""


@attrs.frozen
class Label:
    """A label in Chinese (as printed) and English."""

    zh: str
    en: str

    def text(self, lang: str) -> str:
        """The label in `lang` (``"zh"`` or ``"en"``)."""
        return self.en if lang == "en" else self.zh


@attrs.frozen
class Term:
    """One operand of a declared equation: a sibling row or column, its sign, and whether it
    is read in last year's report."""

    key: str
    """A row below the same table (``outcomes/total``) or a column of the same row."""
    sign: int = 1
    previous: bool = False


@attrs.frozen
class Carry:
    """A cell that continues last year's report: it equals the signed sum of `terms`.

    Declared on a row, it holds for every column of the row (its terms name rows); declared
    on a column, for every row that has the column (its terms name columns). A term of last
    year's report is read at the cell that corresponds to it in last year's template
    (`Correspondence`); where there is none, the rule `code` is not applicable.
    """

    code: str
    terms: tuple[Term, ...]


@attrs.frozen
class Balance:
    """An identity the format prints between rows of a table, column by column: the rows of
    `left` add up to the rows of `right`; a finding is placed at the last row of `right`."""

    code: str
    left: tuple[str, ...]
    right: tuple[str, ...]


@attrs.frozen
class Sums:
    """The sums a table implies, each under its rule code."""

    rows: str | None = None
    """In every row: the total column equals the sum of the other columns."""
    groups: str | None = None
    """In every group that has a total row: per column, the total row equals the sum of the
    group's other rows."""
    balance: Balance | None = None


@attrs.frozen(kw_only=True)
class Meta:
    """What the declaration says about one field of a report class."""

    label: Label
    """As the official format prints it, and in English."""
    description: str = ""
    """What the field holds or counts."""
    band: Label | None = None
    """A spanning header printed over this field and its neighbours with the same band: it has
    no key of its own (a block title of 表二, 法人或其他组织 over five columns)."""
    total: bool = False
    """The cell or row is the sum of its siblings."""
    signed: bool = False
    """A count that may be negative."""
    wire: str | None = None
    """The JSON key, where it is not the field name."""
    optional: bool = False
    """Absent from the JSON document when unset."""
    carry: Carry | None = None
    """How the row or column continues last year's report."""
    unit_of: str | None = None
    """This field holds the unit (`Unit`) that the report states for the money column of
    the same row named here, where the template prints none: the amount is kept as written,
    and the field is absent when the report states no unit. It is not a column."""


@attrs.frozen(kw_only=True)
class TextMeta(Meta):
    """A field holding text: a numbered section, or a value with a format."""

    section: int | None = None
    """The number of the section the text is, 1 to 6."""
    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    """With a pattern anchored by ``$``, it keeps the pattern's meaning the same in every
    regular expression dialect (Python's ``$`` also matches before a final newline)."""


@attrs.frozen(kw_only=True)
class TableMeta(Meta):
    """A table of the report."""

    name: Label
    """Its short name (表二)."""
    section: int
    corner: str | None = None
    """The text of its top-left header cell."""
    columns_header: Label | None = None
    """A header spanning all value columns."""
    transposed: bool = False
    """Its rows are printed as groups of columns, side by side."""
    sums: Sums = Sums()


def meta_of(field: attrs.Attribute[Any]) -> Meta:
    """The `Meta` declared on an attrs field."""
    meta = field.metadata.get(META_KEY)
    if not isinstance(meta, Meta):
        raise DeclarationError(key="no_label", field=field.name)
    return meta


def field(
    label: str,
    en: str,
    description: str = "",
    *,
    type: Any = None,
    band: str | None = None,
    band_en: str | None = None,
    hashed: bool = True,
    **options: Any,
) -> Any:
    """An attrs field declared with its printed label, its English label and what it holds.

    `options` are those of `Meta` (`total`, `signed`, `wire`, `optional`, `carry`,
    `unit_of`); a table
    is declared with `meta=TableMeta(...)`, a text with `meta=TextMeta(...)`. `type` is only
    needed outside a class body (`revise`, `make_class`).
    """
    meta = options.pop("meta", None)
    if meta is None:
        band_label = Label(band, band_en or band) if band else None
        meta = Meta(label=Label(label, en), description=description, band=band_label, **options)
    default = None if meta.optional else attrs.NOTHING
    return attrs.field(default=default, hash=hashed, type=type, metadata={META_KEY: meta})


def make_class(
    name: str, doc: str, fields: Mapping[str, Any], *, bases: tuple[type, ...] = (), module: str
) -> type:
    """A frozen attrs class of `fields` (made by `field`), in order, as if declared in `module`."""
    cls = attrs.make_class(name, dict(fields), bases=bases, frozen=True, slots=True)
    cls.__doc__ = doc
    cls.__module__ = module
    return cls


def _refield(attribute: attrs.Attribute[Any], type: Any = None) -> Any:
    return attrs.field(
        default=attribute.default,
        hash=attribute.hash,
        type=attribute.type if type is None else type,
        metadata=dict(attribute.metadata),
    )


def revise(
    base: type, name: str, doc: str, *, before: str | None = None, module: str | None = None,
    **changes: Any,
) -> type:  # fmt: skip
    """A class like `base`, declared as a revision does: each change names a field and gives
    a new field (`field(...)`, its type taken from `base` where it gives none), a type (the
    field keeps its labels), or None (the field is dropped). A field `base` does not have is
    added before the field named `before`, or last.

    Returns a new class; `base` is unchanged.
    """
    old = {attribute.name: attribute for attribute in attrs.fields(base)}
    new: dict[str, Any] = {}
    added = {key: value for key, value in changes.items() if key not in old}
    for key, attribute in old.items():
        if key == before:
            new.update(added)
            added = {}
        if key not in changes:
            new[key] = _refield(attribute)
            continue
        change = changes[key]
        if change is None:
            continue
        if isinstance(change, type):
            new[key] = _refield(attribute, change)
        else:
            if change.type is None:
                meta = change.metadata[META_KEY]
                change = attrs.field(
                    default=None if meta.optional else attrs.NOTHING, hash=change.hash,
                    type=attribute.type, metadata=dict(change.metadata),
                )  # fmt: skip
            new[key] = change
    new.update(added)
    for key, value in new.items():
        if getattr(value, "type", None) is None:
            raise DeclarationError(key="no_type", name=name, field=key)
    caller = module or sys._getframe(1).f_globals.get("__name__", __name__)
    return make_class(name, doc, new, module=caller)


if TYPE_CHECKING:

    @attrs.frozen
    class Report:
        """A report in any template: the fields every template has."""

        template: str
        year: int
        agency: Any
        sections: Any
        proactive: Any
        applications: Any
        review_litigation: Any
        published_on: str | None
        notes: Mapping[str, str] | None
        unread: Mapping[str, str] | None
        schema: str | None

else:

    class Report:
        """A report in any template: the fields every template has.

        Each template's report class (`Template.report_class`) derives from it, so that code
        that reads a report's template, year, agency or texts works with every template. To
        a type checker it is the frozen attrs class of those fields.
        """

        __slots__ = ()


@attrs.frozen
class Correspondence:
    """How a row of the revised template is read in this one, where the same path and column
    keys do not say it.

    Rows at the same path, and within them columns with the same key, correspond without a
    declaration. A correspondence declares the rest: a row that moved or whose columns were
    renamed (`after` one row, `columns` mapping the keys), a row split into several (`after`
    several rows, which add up to it), or a row with nothing comparable here (`after` empty).
    """

    before: str
    """The JSON Pointer of a row (or a group) of the revised template."""
    after: tuple[str, ...] = ()
    """The pointers of the rows it corresponds to here; several rows add up to it."""
    columns: tuple[tuple[str, str], ...] | None = None
    """(key before, key here) of the columns that hold the same quantity; None: the same keys."""
    remainder: str | None = None
    """For a split row: the row of this template that a report printing only the old row
    has its figures in (the others are then not printed)."""


@attrs.frozen(cache_hash=True)
class Template:
    """One template: the notice that set it, the years it applies to, its report class, and
    how it revises the template before it. (Its hash is computed once: what is derived from
    a template is cached by it, and looked up for every document.)"""

    id: str
    notice: str
    title: str
    published: str
    first_year: int
    last_year: int | None
    report_class: type[Report]
    revises: str | None = None
    """The id of the template this one revises."""
    correspondences: tuple[Correspondence, ...] = ()

    def covers(self, year: int) -> bool:
        """Whether `year` lies within the years the template was set for."""
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


def _check(templates: tuple[Template, ...]) -> None:
    seen: set[str] = set()
    for template in templates:
        if template.id in seen:
            raise DeclarationError(key="duplicate_template", id=template.id)
        if template.revises is not None and template.revises not in seen:
            raise DeclarationError(key="revises_unknown", id=template.id, revises=template.revises)
        if not isinstance(template.report_class, type) or not attrs.has(template.report_class):
            raise DeclarationError(key="report_class_not_attrs", id=template.id)
        seen.add(template.id)


@attrs.frozen(cache_hash=True)
class TemplateSet(Mapping[str, Template]):
    """Templates by id, oldest first: an immutable value. `extend` makes a new set. (Its
    hash is computed once, as a template's.)"""

    templates: tuple[Template, ...]
    _by_id: Mapping[str, Template] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        _check(self.templates)
        object.__setattr__(self, "_by_id", {t.id: t for t in self.templates})

    def __getitem__(self, template: str) -> Template:
        try:
            return self._by_id[template]
        except (KeyError, TypeError):
            known = ", ".join(self._by_id)
            raise UnknownTemplateError(
                key="unknown_template", template=template, known=known
            ) from None

    def __contains__(self, template: object) -> bool:
        try:
            return template in self._by_id
        except TypeError:  # not hashable: no template's id
            return False

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self.templates)

    def extend(self, *templates: Template) -> TemplateSet:
        """A new set with `templates` after these."""
        return TemplateSet((*self.templates, *templates))

    def in_force(self, year: int) -> Template | None:
        """The template for report year `year`: of those whose years cover it, the one that
        came last; None before the first."""
        found = [template for template in self.templates if template.covers(year)]
        return max(found, key=lambda template: template.first_year) if found else None

    @property
    def latest(self) -> Template:
        """The template that came last."""
        return max(self.templates, key=lambda template: template.first_year)


def cell_kind(annotation: Any, meta: Meta) -> CellKind:
    """What a cell of type `annotation` holds."""
    if Decimal in get_args(annotation) or annotation is Decimal:
        return "money"
    return "signed" if meta.signed else "count"
