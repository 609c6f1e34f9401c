"""Strict JSON reading and writing: exact decimals, no duplicate keys, no NaN."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

import orjson

from ._errors import InvalidArgumentError, ReportSyntaxError
from ._limits import LIMITS, LimitExceeded, check_size

__all__ = ["decode", "encode", "encode_typed", "parse", "refuse_large"]


def decode(data: bytes) -> str:
    """Text of a JSON document in UTF-8 (a BOM is accepted) or UTF-16 with a BOM."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ReportSyntaxError(key="not_utf16", byte=error.start) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReportSyntaxError(key="not_utf8", byte=error.start) from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    seen: set[str] = set()  # fewer keys than pairs: find the first written twice
    twice = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
    raise ValueError(f"duplicate key {twice!r} in an object")


def refuse_large(size: int) -> None:
    """Refuse a document of `size` bytes (characters, for text) beyond the limit."""
    try:
        check_size(size, LIMITS.document_bytes, "document", "DISCLOSURE_REPORT_MAX_BYTES")
    except LimitExceeded as error:
        raise error.recast(ReportSyntaxError) from None


_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
"""Where a lone surrogate may hide in JSON text: an escape of one (the text itself holds
none when it was decoded from bytes, and `_holds_surrogate` tells of a given text)."""


def _holds_surrogate(text: str) -> bool:
    """Whether `text` holds half of a UTF-16 pair: UTF-8 cannot encode it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_surrogates(node: Any) -> None:
    """Refuse a string holding half of a UTF-16 pair: it is no character, and cannot be
    written as UTF-8 (JSON allows the escape; I-JSON, RFC 7493, does not)."""
    stack: list[tuple[Any, str, bool]] = [(node, "", False)]
    while stack:
        value, at, key = stack.pop()
        if isinstance(value, str):
            found = _SURROGATE.search(value)
            if found:
                from ._error_words import Phrase  # the words: for a refusal alone

                where = Phrase.of("key_of", at=at or "/") if key else (at or "/")
                raise ReportSyntaxError(
                    key="lone_surrogate", where=where, code=f"{ord(found.group()):04x}"
                )
        elif isinstance(value, dict):
            for name, item in value.items():
                step = f"{at}/{name.replace('~', '~0').replace('/', '~1')}"
                stack.append((item, step, False))
                stack.append((name, at, True))  # looked at first: `step` holds it
        elif isinstance(value, list):
            stack.extend((item, f"{at}/{index}", False) for index, item in enumerate(value))


def parse(document: str | bytes | bytearray) -> Any:
    """Parse JSON text; numbers with a fraction or exponent become `Decimal`.

    Text beyond `LIMITS.document_bytes` is refused before it is read, and so is a
    string holding a lone surrogate.
    """
    refuse_large(len(document))
    text = decode(bytes(document)) if isinstance(document, (bytes, bytearray)) else document
    if text.startswith("\ufeff"):
        text = text[1:]
    value = _loads(text)
    escaped = "\\u" in text and _ESCAPED_SURROGATE.search(text) is not None
    if escaped or (isinstance(document, str) and _holds_surrogate(text)):
        _refuse_surrogates(value)
    return value


def _loads(text: str) -> Any:
    try:
        return json.loads(
            text,
            parse_float=Decimal,
            parse_constant=_refuse_constant,
            object_pairs_hook=_object,
        )
    except json.JSONDecodeError as error:
        from ._error_words import JsonDetail

        raise ReportSyntaxError(
            line=error.lineno, column=error.colno, key="not_json", detail=JsonDetail(error.msg)
        ) from None
    except RecursionError:
        raise ReportSyntaxError(key="nested_too_deeply") from None
    except ValueError as error:
        if "integer string conversion" in str(error):
            raise ReportSyntaxError(key="too_many_digits", digits=4300) from None
        from ._error_words import JsonDetail

        raise ReportSyntaxError(key="not_json", detail=JsonDetail(str(error))) from None


ESCAPED = re.compile("[\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""Characters written as escapes although JSON allows them raw: C1 controls and bidi
controls (a terminal or an editor acts on them), the two line separators JavaScript
refuses in strings, and halves of UTF-16 pairs (UTF-8 cannot hold them)."""


def _escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


def _string(value: str) -> str:
    # What json.dumps(value, ensure_ascii=False) writes, without making an encoder each time.
    text: str = encode_basestring(value)
    return ESCAPED.sub(_escape, text) if ESCAPED.search(text) else text


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidArgumentError(key="no_json_form", value=value)
        return str(value)
    if isinstance(value, str):
        return _string(value)
    raise InvalidArgumentError(key="type_no_json_form", type=type(value).__name__)


def encode(value: Any, indent: int | None = 2) -> str:
    """JSON text of `value`, writing each `Decimal` with the digits it holds."""
    parts: list[str] = []
    _write(value, indent, 0, parts)
    return "".join(parts)


_SCALARS: dict[type, Any] = {str: _string, int: str, type(None): lambda _: "null"}
"""How the commonest scalars are written, by their exact type: what `_scalar` writes for them,
without its questions (a report is mostly strings, counts and nulls)."""


def _write(value: Any, indent: int | None, level: int, out: list[str]) -> None:
    kind = type(value)
    written = _SCALARS.get(kind)
    if written is not None:
        out.append(written(value))
    elif kind is dict:
        _write_container("{", "}", [(str(key), item) for key, item in value.items()],
                         indent, level, out)  # fmt: skip
    elif kind is list:
        _write_container("[", "]", [(None, item) for item in value], indent, level, out)
    elif isinstance(value, Mapping):
        items: list[tuple[str | None, Any]] = [(str(key), item) for key, item in value.items()]
        _write_container("{", "}", items, indent, level, out)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        _write_container("[", "]", [(None, item) for item in value], indent, level, out)
    else:
        out.append(_scalar(value))


def _write_container(
    opening: str,
    closing: str,
    items: list[tuple[str | None, Any]],
    indent: int | None,
    level: int,
    out: list[str],
) -> None:
    if not items:
        out.append(opening + closing)
        return
    newline = "" if indent is None else "\n" + " " * (indent * (level + 1))
    separator = ", " if indent is None else ","
    out.append(opening)
    for index, (key, item) in enumerate(items):
        if index:
            out.append(separator)
        out.append(newline)
        if key is not None:
            out.append(_string(key) + ": ")
        _write(item, indent, level + 1, out)
    out.append("" if indent is None else "\n" + " " * (indent * level))
    out.append(closing)


def _fragment(value: Any) -> orjson.Fragment:
    if type(value) is Decimal and value.is_finite():
        return orjson.Fragment(str(value))
    raise TypeError(f"{type(value).__name__} is left to the exact encoder")


_PASSTHROUGH = (
    orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
)  # fmt: skip


def encode_typed(value: Any) -> str | None:
    """`encode(value)` (indented by 2) written by orjson, for a value whose every scalar is a
    string without a character of `ESCAPED`, an int, a finite `Decimal`, a bool or None (no
    float: orjson would write it), as the compiled check of the structure says (its
    ``escaped``); None where the output could differ from `encode`'s (an int beyond 64 bits,
    a type orjson does not write the same)."""
    try:
        data = orjson.dumps(value, default=_fragment, option=orjson.OPT_INDENT_2 | _PASSTHROUGH)
    except orjson.JSONEncodeError:
        return None
    return data.decode("utf-8")
