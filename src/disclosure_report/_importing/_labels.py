"""Matching printed labels with the rows of the templates.

Every label printed in either template's tables is known from the declaration; the
variants real reports print are data (`_variants`). A printed label names a row
exactly, as a known variant, or inexactly (cut short, without its outline number,
with a definition written into it, with a group label run into it, or a close
spelling); anything inexact is reported by the importer, never silently taken.
"""

from __future__ import annotations

import difflib
import functools
import re

import attrs

from .._declare import TemplateSet
from .._layout import Row, layout
from .._templates import templates
from ._normalize import bare, core, normalize_label
from ._variants import LABEL_VARIANTS

__all__ = ["Labels", "Match", "Target", "labels"]

_FUZZY = 0.82

_MEMO = 4096
"""Printed labels whose match is remembered; beyond it the memory starts afresh."""


@attrs.frozen
class Target:
    """A row of one template that a printed label can stand for."""

    template: str
    table: str
    row: Row


@attrs.frozen
class Match:
    """What a printed label names: one row per template that has it."""

    targets: tuple[Target, ...]
    exact: bool
    """Whether the label is the template's own, as printed there."""

    @property
    def table(self) -> str:
        return self.targets[0].table

    def target(self, template: str) -> Target | None:
        return next((t for t in self.targets if t.template == template), None)


@attrs.frozen(eq=False)
class Labels:
    """Every label of both templates, normalised, with the rows they name.

    A corpus prints the same few hundred labels over and over: what a normalised label
    names is worked out once and remembered (`_MEMO` labels at most), and the inexact
    ways of naming a row are looked up in indexes built with the tables, not by going
    through every row of both templates for each printed label.
    """

    rows: dict[str, tuple[Target, ...]]
    """Data-row labels as the templates print them."""
    variants: dict[str, tuple[Target, ...]]
    bare: dict[str, tuple[Target, ...]]
    """Row labels without their outline numbers."""
    headers: frozenset[str]
    """Every other label printed in the tables: titles, headers, groups, columns."""
    evidence: dict[str, frozenset[str]]
    """Column labels that only one template has, by template (those of 表二)."""
    known: tuple[str, ...]
    """Every row label and header, longest first: what a run of text is cut at."""
    groups: tuple[str, ...]
    """Group labels (三、本年度办理结果, （三）不予公开…), longest first."""
    columns: frozenset[str]
    """Labels of value columns (and the spanning headers over them)."""
    _cores: dict[str, tuple[Target, ...]] = attrs.field(init=False, repr=False)
    """The rows by their label without what it says in brackets (the first row in
    `rows` with that core, where two have one)."""
    _prefixes: dict[str, tuple[str, ...]] = attrs.field(init=False, repr=False)
    """The row labels that start with a text of six characters or more, by that text."""
    _longest: int = attrs.field(init=False, repr=False)
    _matches: dict[str, Match | None] = attrs.field(init=False, repr=False, factory=dict)
    _fragments: dict[str, bool] = attrs.field(init=False, repr=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        cores: dict[str, tuple[Target, ...]] = {}
        prefixes: dict[str, list[str]] = {}
        for known, targets in self.rows.items():
            cores.setdefault(core(known), targets)
            for end in range(6, len(known) + 1):
                prefixes.setdefault(known[:end], []).append(known)
        object.__setattr__(self, "_cores", cores)
        object.__setattr__(self, "_prefixes", {k: tuple(v) for k, v in prefixes.items()})
        object.__setattr__(self, "_longest", max(map(len, self.rows), default=0))

    def match(self, raw: str) -> Match | None:
        """The rows a printed label names, or None."""
        label = normalize_label(raw)
        try:
            return self._matches[label]
        except KeyError:
            pass
        found = self._match(label)
        if len(self._matches) >= _MEMO:
            self._matches.clear()
        self._matches[label] = found
        return found

    def _match(self, label: str) -> Match | None:
        if len(label) < 2:
            return None
        if label in self.rows:
            return Match(self.rows[label], True)
        if label in self.variants:
            return Match(self.variants[label], False)
        for candidate in (core(label), bare(label), bare(core(label))):
            if candidate in self.rows:
                return Match(self.rows[candidate], False)
            if len(candidate) >= 2 and candidate in self.bare:
                return Match(self.bare[candidate], False)
        cored = core(label)
        if len(cored) >= 4 and cored in self._cores:
            return Match(self._cores[cored], False)
        # A group label run into the row's (“（四）无法提供1.本机关不掌握…”), or a stray
        # character or two of a label printed down the side (“结 5.属于三类内部事务信息”).
        known = self._longest_end(label)
        if known is not None:
            before = label[: -len(known)]
            if len(before) <= 2 or self._is_group(before):
                return Match(self.rows[known], False)
        if len(label) >= 6:
            starts = self._prefixes.get(label, ())
            paths = {target.row.path for known in starts for target in self.rows[known]}
            if len(paths) == 1:
                return Match(self.rows[starts[0]], False)
        close = difflib.get_close_matches(label, list(self.rows), n=1, cutoff=_FUZZY)
        if close:
            return Match(self.rows[close[0]], False)
        return None

    def _longest_end(self, label: str) -> str | None:
        """The longest row label of four characters or more that `label` ends with."""
        for start in range(max(0, len(label) - self._longest), len(label) - 3):
            if label[start:] in self.rows:
                return label[start:]
        return None

    def _is_group(self, text: str) -> bool:
        """Whether `text` is group labels run together (三、本年度办理结果（三）不予公开)."""
        rest = text
        while rest:
            found = next((g for g in self.groups if rest.startswith(g)), None)
            if found is None:
                return False
            rest = rest[len(found) :]
        return True

    def is_column_header(self, raw: str) -> bool:
        """Whether a printed text is the label of a value column."""
        return normalize_label(raw) in self.columns

    def is_header(self, raw: str) -> bool:
        """Whether a printed text is a title, header or group label of the tables."""
        label = normalize_label(raw)
        if label in self.headers or bare(label) in self.headers:
            return True
        return bool(re.match(r"^第二十条", label)) or label.startswith("信息内容")

    def is_fragment(self, raw: str) -> bool:
        """Whether a printed text is a piece of a row label (a conversion cut it off)."""
        label = normalize_label(raw)
        try:
            return self._fragments[label]
        except KeyError:
            pass
        found = len(label) >= 2 and any(label in known for known in self.rows)
        if len(self._fragments) >= _MEMO:
            self._fragments.clear()
        self._fragments[label] = found
        return found


def _add(table: dict[str, list[Target]], label: str, target: Target) -> None:
    found = table.setdefault(label, [])
    if target not in found:
        found.append(target)


def labels() -> Labels:
    """The label tables of every template in use, built once for each set of templates."""
    return _labels(templates())


@functools.cache
def _labels(chosen: TemplateSet) -> Labels:
    rows: dict[str, list[Target]] = {}
    variants: dict[str, list[Target]] = {}
    bares: dict[str, list[Target]] = {}
    headers: set[str] = set()
    groups: set[str] = set()
    column_labels: set[str] = set()
    columns: dict[str, set[str]] = {}
    by_path: dict[tuple[str, ...], list[str]] = {}
    for entry in LABEL_VARIANTS:
        by_path.setdefault(entry.path, []).append(entry.printed)
    for template in chosen:
        lay = layout(chosen[template])
        for table in lay.tables:
            for row in table.rows:
                target = Target(template, table.key, row)
                label = normalize_label(row.label.zh)
                _add(rows, label, target)
                _add(bares, bare(label), target)
                for printed in by_path.get(row.path, ()):
                    _add(variants, normalize_label(printed), target)
            extra = [table.label.zh, table.corner, table.columns_header and table.columns_header.zh]
            headers.update(normalize_label(text) for text in extra if text)
        for field in lay.fields.values():
            if field.table is not None:
                headers.update(normalize_label(label.zh) for label in field.labels)
                headers.update(bare(normalize_label(label.zh)) for label in field.row[:-1])
                groups.update(normalize_label(label.zh) for label in field.row[:-1])
                column_labels.update(normalize_label(label.zh) for label in field.column)
        columns[template] = {
            normalize_label(column.label.zh) for row in lay.rows for column in row.columns
        }
    headers -= set(rows)
    evidence = {
        template: frozenset(own - set().union(*(c for t, c in columns.items() if t != template)))
        for template, own in columns.items()
    }
    # A bare label that names different rows is no evidence of any of them.
    unique_bares = {
        label: targets
        for label, targets in bares.items()
        if len({target.row.path for target in targets}) == 1
        and label not in rows
        and label not in headers
    }
    known = tuple(sorted({*rows, *headers}, key=len, reverse=True))
    return Labels(
        rows={label: tuple(targets) for label, targets in rows.items()},
        variants={label: tuple(targets) for label, targets in variants.items()},
        bare={label: tuple(targets) for label, targets in unique_bares.items()},
        headers=frozenset(headers),
        evidence=evidence,
        known=known,
        groups=tuple(sorted(groups, key=len, reverse=True)),
        columns=frozenset(column_labels),
    )
