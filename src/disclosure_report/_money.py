"""The bounds of money (万元): digits before and after the point, exact arithmetic on it, and
its units.

A bound keeps every amount a `Decimal` of at most 22 significant digits, so that sums,
differences and printing stay exact and small. The bound on the digits after the point
is above 6 on purpose: an amount in 元 converted to 万元 keeps its 分 in 6 digits, and
more than 6 is a sign of a unit mix-up that a rule may warn about, not a broken document.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

__all__ = [
    "FRACTION_DIGITS",
    "INTEGER_DIGITS",
    "LIMIT",
    "exact",
    "fraction_digits",
    "in_unit",
    "problem",
]

INTEGER_DIGITS = 12
"""Digits before the point: an amount is below 10¹² 万元."""
FRACTION_DIGITS = 10
"""Digits after the point, as written (``1.50`` has two)."""
LIMIT = 10**INTEGER_DIGITS
"""The exclusive upper bound of an amount."""


def fraction_digits(value: int | float | Decimal) -> int:
    """Digits after the point as written; a float counts as its shortest repr."""
    if isinstance(value, int):
        return 0
    exponent = (Decimal(repr(value)) if isinstance(value, float) else value).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def problem(value: int | float | Decimal) -> str | None:
    """Why a finite number ≥ 0 is not an amount the contract allows, or None."""
    if value >= LIMIT:
        return f"at most {INTEGER_DIGITS} digits before the point (below 10^{INTEGER_DIGITS})"
    if fraction_digits(value) > FRACTION_DIGITS:
        return f"at most {FRACTION_DIGITS} digits after the point"
    return None


def exact() -> decimal.Context:
    """A context in which arithmetic on amounts within the bounds never rounds.

    Its precision holds the sum of 10³⁰ amounts; anything inexact raises instead
    of being rounded without a word.
    """
    return decimal.Context(
        prec=INTEGER_DIGITS + FRACTION_DIGITS + 40,
        traps=[decimal.Inexact, decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero],
    )


_EXPONENTS = {"元": 0, "万元": 4}
"""Each unit a report states, as the power of ten of 元 it is."""


def in_unit(amount: int | Decimal, unit: str | None, target: str = "万元") -> Decimal | None:
    """`amount` in `unit` converted to `target` (元 or 万元), exactly: the point moves, no
    digit is rounded. Where `unit` is not known (None), only 0 converts: any other amount
    is None, for a figure without its unit cannot be compared or summed."""
    if unit not in _EXPONENTS:
        return Decimal(amount) if amount == 0 else None
    value = Decimal(amount)
    shift = _EXPONENTS[unit] - _EXPONENTS[target]
    if shift == 0 or not value.is_finite():
        return value
    sign, digits, exponent = value.as_tuple()  # the point moves without a context to round
    moved = int(exponent) + shift
    if 0 < moved <= shift:  # 7.5 万元 is 75000 元, written out, not 7.5E+4
        return Decimal((sign, (*digits, *(0,) * moved), 0))
    return Decimal((sign, digits, moved))
