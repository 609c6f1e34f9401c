"""JSON in and out: strict reading, exact money, lossless round trips."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from disclosure_report import (
    InvalidReportError,
    Report2019,
    Report2021,
    ReportSyntaxError,
    dump,
    dumps,
    load,
    loads,
)
from disclosure_report._jsonio import unstructure
from disclosure_report._jsontext import encode, parse
from tests.helpers.documents import DELETE, patch, sample, zeros

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.json"))


def _text(document: object) -> str:
    return encode(document)


def _same_data(a: str, b: str) -> bool:
    return bool(parse(a) == parse(b))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_round_trip_as_data(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    report = loads(text)
    assert _same_data(dumps(report), text)
    assert loads(dumps(report)) == report


@pytest.mark.parametrize(("template", "cls"), [("2019", Report2019), ("2021", Report2021)])
def test_loads_dispatches_on_template(template: str, cls: type) -> None:
    report = loads(dumps(loads(_text(zeros(template)))))
    assert type(report) is cls
    assert report.template == template


@pytest.mark.parametrize("literal", ["1234.5600", "0.10", "96171.6", "12", "1E+3", "0.000001"])
def test_money_keeps_the_digits_it_was_read_with(literal: str) -> None:
    text = _text(zeros("2021")).replace('"amount_10k_yuan": 0', f'"amount_10k_yuan": {literal}')
    assert literal in text
    report = loads(text)
    assert isinstance(report, Report2021)
    amount = report.proactive.fees.amount_10k_yuan
    assert isinstance(amount, Decimal)
    assert f'"amount_10k_yuan": {literal}' in dumps(report)


def test_money_from_an_integer_is_a_decimal() -> None:
    report = loads(_text(zeros("2021")))
    assert isinstance(report, Report2021)
    assert report.proactive.fees.amount_10k_yuan == Decimal(0)
    assert isinstance(report.proactive.fees.amount_10k_yuan, Decimal)


def test_signed_change_round_trips() -> None:
    document = patch(
        zeros("2019"), {"/proactive/licensing/change": -3, "/proactive/fees/change": 2}
    )
    report = loads(_text(document))
    assert isinstance(report, Report2019)
    assert (report.proactive.licensing.change, report.proactive.fees.change) == (-3, 2)
    assert loads(dumps(report)) == report


@pytest.mark.parametrize(
    "value",
    ["3", Decimal("3.0"), True, False, Decimal("2.5"), [], {}, -1, Decimal("1e400")],
    ids=repr,
)
def test_no_coercion_of_counts(value: object) -> None:
    pointer = "/applications/outcomes/withheld/state_secret/natural_person"
    document = patch(zeros("2021"), {pointer: value})
    with pytest.raises(InvalidReportError) as caught:
        loads(_text(document))
    assert [f.pointer for f in caught.value.findings] == [pointer]


def test_unknown_keys_are_refused_with_their_pointer() -> None:
    document = patch(zeros("2019"), {"/agency/phone": "123", "/review_litigation/review/x": 0})
    with pytest.raises(InvalidReportError) as caught:
        loads(_text(document))
    assert sorted(f.pointer for f in caught.value.findings) == [
        "/agency/phone",
        "/review_litigation/review/x",
    ]


def test_every_structural_problem_is_collected_before_raising() -> None:
    document = patch(
        zeros("2021"),
        {"/year": "2023", "/agency/name": DELETE, "/proactive/licensing/decisions": -1},
    )
    with pytest.raises(InvalidReportError) as caught:
        loads(_text(document))
    assert [(f.pointer, f.keyword) for f in caught.value.findings] == [
        ("/year", "type"),
        ("/agency/name", "required"),
        ("/proactive/licensing/decisions", "minimum"),
    ]
    assert "3 structural problem(s)" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not valid JSON: Expecting value (line 1, column 1)"),
        (
            '{"template": "2021",',
            "not valid JSON: Expecting property name enclosed in double quotes",
        ),
        ('{"a": 1, "a": 2}', "duplicate key 'a'"),
        ('{"a": NaN}', "NaN is not a JSON number"),
    ],
)
def test_syntax_errors_say_what_and_where(text: str, message: str) -> None:
    with pytest.raises(ReportSyntaxError, match=message.replace("(", r"\(").replace(")", r"\)")):
        loads(text)


def test_invalid_utf8_is_a_syntax_error_with_its_byte() -> None:
    with pytest.raises(ReportSyntaxError, match="not valid UTF-8 at byte 1"):
        loads(b"{\xff}")


def test_bom_and_utf16_are_read() -> None:
    text = _text(zeros("2021"))
    assert loads(b"\xef\xbb\xbf" + text.encode()) == loads(text)
    assert loads(text.encode("utf-16")) == loads(text)


def test_optional_keys_stay_absent_and_present_ones_round_trip() -> None:
    plain = zeros("2021")
    assert set(json.loads(dumps(loads(_text(plain))))) == set(plain)
    full = patch(
        plain,
        {
            "/$schema": "urn:disclosure-report:schema:report-2021:v2",
            "/notes": {"/proactive/normative_documents/issued": "其中修订16件"},
            "/agency/division_code": "320800",
            "/agency/scope": "region",
        },
    )
    report = loads(_text(full))
    assert report.schema == "urn:disclosure-report:schema:report-2021:v2"
    assert report.notes == {"/proactive/normative_documents/issued": "其中修订16件"}
    assert _same_data(dumps(report), _text(full))
    assert list(json.loads(dumps(report)))[-1] == "$schema"


def test_keys_are_written_in_template_order() -> None:
    report = loads(_text(sample("2021")))
    assert list(json.loads(dumps(report))["applications"]["outcomes"]) == [
        "disclosed",
        "partially_disclosed",
        "withheld",
        "unavailable",
        "not_processed",
        "other",
        "total",
    ]


def test_load_and_dump_take_paths_and_files(tmp_path: Path) -> None:
    report = loads(_text(sample("2019", 3)))
    path = tmp_path / "report.json"
    dump(report, path)
    assert load(path) == report
    assert load(str(path)) == report
    with path.open("rb") as binary:
        assert load(binary) == report
    buffer = io.StringIO()
    dump(report, buffer)
    assert load(io.StringIO(buffer.getvalue())) == report


def test_reports_are_frozen_and_hashable() -> None:
    report = loads(_text(patch(zeros("2021"), {"/notes": {"/year": "x"}})))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report.year = 2000  # type: ignore[misc]
    assert hash(report) == hash(attrs.evolve(report, notes={"/year": "y"}))


@pytest.mark.parametrize("character", ["\x7f", "\x85", "\u200e", "\u2028", "\u202e", "\u2069"])
@pytest.mark.parametrize(
    "place", ["/agency/name", "/sections/overview", "/agency/former_names", "/notes"]
)
def test_dumps_escapes_what_the_exact_writer_escapes(character: str, place: str) -> None:
    """orjson writes these characters raw; `dumps` writes them as `encode` does, wherever a
    string holds one (a value, an item of a list, a key of a map)."""
    text = f"甲{character}乙"
    value: object = {"/year": text} if place == "/notes" else text
    if place == "/agency/former_names":
        value = [text]
    report = loads(encode(patch(sample("2021"), {place: value})))
    written = dumps(report)
    assert written == encode(unstructure(report))
    assert character not in written
    assert f"\\u{ord(character):04x}" in written


@pytest.mark.parametrize("value", [None, 0, 7, 10**20])
def test_a_count_is_structured_as_it_is(value: int | None) -> None:
    from disclosure_report._converter import converter

    count: Any = int | None
    assert converter.structure(value, count) is value


@pytest.mark.parametrize("value", [3.0, True, "3", Decimal("3")])
def test_a_count_of_another_type_is_refused_by_the_converter(value: object) -> None:
    """The schema refuses these first; the converter refuses them too, should it be asked."""
    from disclosure_report._converter import converter

    count: Any = int | None
    with pytest.raises(TypeError, match="is not an integer"):
        converter.structure(value, count)
