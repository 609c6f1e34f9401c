"""Generated documents, valid and mutated, that the fast paths are held to the reference
path on (tests/test_fast_path.py, tests/test_typed_path.py)."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from disclosure_report import TEMPLATES, layout
from disclosure_report._jsontext import encode
from disclosure_report._rules import bound_list
from tests.helpers.documents import DELETE, patch, sample

__all__ = [
    "AMOUNTS",
    "CODES",
    "SCALARS",
    "SECTIONS",
    "STATED_AMOUNTS",
    "TEXTS",
    "UNITS",
    "bound_break",
    "corpus",
    "mutations",
]

SCALARS = [
    None, 0, 1, -1, 7, 10**20, Decimal("3.0"), Decimal("2.5"), "3", "", ":", True, False,
    Decimal("1E+999999999"), Decimal("1E-30"), Decimal("-1E-400"), Decimal("0.12345678901"),
    Decimal("999999999999.9999999999"), Decimal("1E+12"), "320800\n",
]  # fmt: skip
UNITS = ["元", "万元", DELETE, "圆", None, 1]
STATED_AMOUNTS = [
    Decimal("251000"),
    Decimal("251000.123"),
    Decimal("25.1000001"),
    0,
    Decimal("0.00"),
]
CODES = [
    "11321322014102290G",  # a credit code whose check character is right
    "11321322014102290X",  # and one whose is wrong
    "321322",  # a division code in use
    "320829",  # one retired in 2016
    "999999",  # one GB/T 2260 never had
    "2025-01-20",
    ["沭阳县教育体育局"],
    [""],
]

AMOUNTS = [
    Decimal("251000.1234567"),  # finer than a fen: MONEY_DIGITS
    Decimal("3.14159265"),
    Decimal("0.1000000"),  # seven digits after the point, none finer than a fen
    Decimal("12.5"),
]
TEXTS = [
    "1999年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。",  # TEXT_YEAR
    "（一）总体情况\n１９９９年，本机关依法公开政府信息。",  # a sub-heading, full-width digits
    "本年共收到政府信息公开申请99999件。",  # TEXT_TABLE
    "因政府信息公开被申请行政复议0件，均获维持。",  # a phrase that may hold
    "上年结转政府信息公开申请3件，予以公开及部分公开12件。",
    "无",  # TEXT_EMPTY
    "",
    "略。",
    "本机关未收取信息处理费。",  # the fee, no amount: TEXT_FEE when fees went unpaid
    "本机关依法公开政府信息，做好各项工作。",  # no word of the fee: TEXT_FEE
    "本年度收取信息处理费0元。",
]
SECTIONS = ["/sections/overview", "/sections/problems", "/sections/other"]


def bound_break(template: str, rng: random.Random) -> dict[str, Any]:
    """A bound of 表二 broken: its smaller side (or a signed change) made large."""
    places = rng.choice(bound_list(layout(template)))
    place = rng.choice([p for p in places if p.sign < 0 or p.kind == "signed"] or list(places))
    return {place.pointer: -(10**6) if place.sign > 0 else 10**6}


def mutations(template: str, rng: random.Random) -> dict[str, Any]:
    cells = [cell.pointer for cell in layout(template).cells]
    places = [
        *cells,
        "/year",
        "/template",
        "/agency/name",
        "/agency/scope",
        "/agency/division_code",
        "/agency/credit_code",
        "/agency/former_names",
        "/published_on",
        "/sections/overview",
        "/notes",
        "/extra",
        "/applications/outcomes/other",
        "/proactive/fees",
    ]
    changes: dict[str, Any] = {}
    for _ in range(rng.randint(1, 4)):
        value: Any = rng.choice([*SCALARS, *CODES, {}, [], {"a": 1}, rng.randint(-5, 50)])
        changes[rng.choice(places)] = value
    if rng.random() < 0.3:
        changes[rng.choice(SECTIONS)] = rng.choice(TEXTS)
    if rng.random() < 0.15:
        money = [cell.pointer for cell in layout(template).cells if cell.kind == "money"]
        changes[rng.choice(money)] = rng.choice(AMOUNTS)
    if rng.random() < 0.15:
        changes.update(bound_break(template, rng))
    # An amount kept with the unit its report states, drawn apart: the other draws stay as
    # they were (`rng` draws the same documents with or without a template that has one).
    units = random.Random(f"{template}-{sorted(changes, key=str)}-{changes.get('/year')!r}")
    for cell in layout(template).cells:
        if cell.column.unit_key is not None and units.random() < 0.3:
            unit = f"{cell.row.pointer}/{cell.column.unit_key}"
            changes[unit] = units.choice(UNITS)
            if units.random() < 0.5:
                changes[cell.pointer] = units.choice(STATED_AMOUNTS)
    if rng.random() < 0.2:
        unread = rng.sample([*cells, "/year", "/agency/name", "/sections/other"], rng.randint(1, 3))
        changes["/unread"] = dict.fromkeys(unread, "“3O”")
        changes.update((at, None) for at in unread if at in cells and rng.random() < 0.8)
        if "/agency/name" in unread:
            changes["/agency/name"] = rng.choice(["", "测试机关"])
    return changes


def corpus(count: int) -> list[str]:
    """`count` documents as JSON text: a third valid, the rest mutated."""
    rng = random.Random(2024)
    texts = []
    for index in range(count):
        template = rng.choice(list(TEMPLATES))
        document = sample(template, index)
        if index % 3:
            for pointer, value in mutations(template, rng).items():
                try:
                    document = patch(document, {pointer: value})
                except (KeyError, TypeError):
                    continue  # an earlier mutation replaced the parent
        texts.append(encode(document, indent=rng.choice([None, 2])))
    return texts
