"""The agency's codes read as python-stdnum reads them, without importing it at run time:
its own answers are the judge here, for every code its table holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import numdb
from stdnum.cn import uscc

from disclosure_report import _codes

_TABLE = Path(numdb.__file__).parent / "cn" / "loc.dat"


def _codes_in_the_table() -> list[str]:
    found, province = [], ""
    for line in _TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith(" "):
            found.append(province + line.split()[0])
        else:
            province = line.split()[0]
            found.append(province)
    return found


def test_every_code_of_the_table_reads_as_numdb_reads_it() -> None:
    table = numdb.get("cn/loc")
    codes = _codes_in_the_table()
    assert len(codes) > 6000
    for code in codes:
        assert _codes._info(_codes._locations(), code) == table.info(code), code


@given(st.text(alphabet="0123456789", max_size=8))
def test_any_digits_read_as_numdb_reads_them(code: str) -> None:
    assert _codes._info(_codes._locations(), code) == numdb.get("cn/loc").info(code)


def test_a_division_names_its_years() -> None:
    found = _codes.division("320800")
    assert found is not None
    assert found.name_in(1990) == "淮阴市"
    assert found.name_in(2024) == "淮安市"
    assert _codes.division("999999") is None


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXYabcz -IOSVZ", max_size=20))
def test_the_check_character_is_python_stdnum_s(code: str) -> None:
    try:
        expected = uscc.calc_check_digit(code[:17])
    except ValueError:
        with pytest.raises(ValueError, match="substring not found"):
            _codes.credit_check_character(code)
        return
    assert _codes.credit_check_character(code) == expected
