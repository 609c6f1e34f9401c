"""The one cattrs converter: strict JSON data to report classes and back."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._declare import meta_of

__all__ = ["converter"]


def _structure_int(value: Any, _: type) -> int:
    if type(value) is not int:
        raise TypeError(f"{value!r} is not an integer")
    return value


def _structure_count(value: Any, _: type) -> int | None:
    """A cell of counts (``int | None``) in one call: the converter's hook for a union would
    ask which member the value is, then call the int hook."""
    if value is None or type(value) is int:
        return value
    raise TypeError(f"{value!r} is not an integer")


def _is_count(kind: Any) -> bool:
    return bool(kind == (int | None))


def _structure_str(value: Any, _: type) -> str:
    if type(value) is not str:
        raise TypeError(f"{value!r} is not a string")
    return value


def _structure_decimal(value: Any, _: type) -> Decimal:
    if type(value) is int:
        return Decimal(value)
    if type(value) is not Decimal or not value.is_finite():
        raise TypeError(f"{value!r} is not a decimal number")
    return value


def _structure_factory(converter: cattrs.Converter) -> Callable[[type], Any]:
    def factory(cls: type) -> Any:
        overrides: dict[str, Any] = {
            field.name: override(rename=meta_of(field).wire)
            for field in attrs.fields(cls)
            if meta_of(field).wire
        }
        return make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True, **overrides)

    return factory


def _unstructure_factory(converter: cattrs.Converter) -> Callable[[type], Any]:
    def factory(cls: type) -> Any:
        overrides: dict[str, Any] = {
            field.name: override(
                rename=meta_of(field).wire, omit_if_default=meta_of(field).optional
            )
            for field in attrs.fields(cls)
        }
        return make_dict_unstructure_fn(cls, converter, **overrides)

    return factory


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook_func(_is_count, _structure_count)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook(Decimal, lambda value: value)
    converter.register_unstructure_hook(Mapping, dict)
    converter.register_structure_hook_factory(attrs.has, _structure_factory(converter))
    converter.register_unstructure_hook_factory(attrs.has, _unstructure_factory(converter))
    return converter


converter = _make_converter()
"""Structures JSON data (as parsed, `Decimal` for fractions) into report classes."""
