"""One agency or two: the identity rule, and every tool that uses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_report import Agency, ReportMismatchError, aggregate, check_series, loads, validate
from disclosure_report._identity import (
    Renames,
    RenamesError,
    agency_key,
    normalise_name,
    same_agency,
)
from disclosure_report._jsontext import encode
from tests.helpers.documents import consecutive, patch, sample, series

CODE_A = "11321322014102290G"
CODE_B = "11321322014102280F"


def test_the_check_characters_of_the_test_codes_are_right() -> None:
    from stdnum.cn import uscc

    assert uscc.is_valid(CODE_A)
    assert uscc.is_valid(CODE_B)


def test_names_are_compared_normalised() -> None:
    assert normalise_name(" 沭阳县　教育局 ") == "沭阳县教育局"
    assert normalise_name("沭阳县（开发区）管委会") == "沭阳县(开发区)管委会"


def test_the_credit_code_decides_when_both_have_one() -> None:
    a = Agency(name="沭阳县教育局", division_code="321322", credit_code=CODE_A)
    assert same_agency(a, Agency(name="沭阳县教育体育局", credit_code=CODE_A))
    assert not same_agency(a, Agency(name="沭阳县教育局", credit_code=CODE_B))


def test_a_division_code_alone_never_makes_one_agency() -> None:
    a = Agency(name="沭阳县教育局", division_code="321322")
    b = Agency(name="沭阳县发展和改革局", division_code="321322")
    assert same_agency(a, b) is False
    assert same_agency(a, Agency(name="沭阳县教育局", division_code="321322"))
    assert not same_agency(a, Agency(name="沭阳县教育局", division_code="321323"))
    # Without the credit code on both sides, name and division code decide.
    assert same_agency(a, Agency(name="沭阳县教育局", credit_code=CODE_A))


def test_a_declared_renaming_bridges_the_name_and_the_division_code() -> None:
    county = Agency(name="洪泽县人民政府", division_code="320829")
    district = Agency(name="洪泽区人民政府", division_code="320813")
    assert not same_agency(county, district)
    declared = Agency(
        name="洪泽区人民政府", division_code="320813", former_names=("洪泽县人民政府",)
    )
    assert same_agency(county, declared)
    assert same_agency(declared, county)
    mapped = Renames.from_pairs([("洪泽县人民政府", "洪泽区人民政府")])
    assert same_agency(county, district, renames=mapped)


def test_rename_chains_are_followed_and_circles_refused() -> None:
    renames = Renames.from_pairs([("甲", "乙"), ("乙", "丙")])
    assert same_agency(Agency(name="甲"), Agency(name="丙"), renames=renames)
    assert agency_key(Agency(name="甲"), renames=renames) == "name:丙@"
    with pytest.raises(RenamesError, match="circle"):
        Renames.from_pairs([("甲", "乙"), ("乙", "甲")])
    with pytest.raises(RenamesError, match="former and a current"):
        Renames.from_pairs([("甲", " ")])


def test_a_rename_map_can_map_a_former_credit_code() -> None:
    renames = Renames.from_pairs([(CODE_B, CODE_A)])
    assert renames.codes == {CODE_B: CODE_A}
    a, b = Agency(name="甲", credit_code=CODE_A), Agency(name="乙", credit_code=CODE_B)
    assert same_agency(a, b, renames=renames)
    assert agency_key(b, renames=renames) == f"uscc:{CODE_A}"


def test_a_rename_map_is_read_from_csv(tmp_path: Path) -> None:
    path = tmp_path / "renames.csv"
    path.write_text("曾用名,现名称\n沭阳县发改局,沭阳县发展和改革局\n\n", encoding="utf-8")
    assert Renames.read(path).names == {"沭阳县发改局": "沭阳县发展和改革局"}
    path.write_text("a,b,c\n", encoding="utf-8")
    with pytest.raises(RenamesError, match="3 columns"):
        Renames.read(path)
    with pytest.raises(RenamesError, match="cannot read"):
        Renames.read(tmp_path / "missing.csv")


def test_an_agency_without_a_name_cannot_be_told() -> None:
    assert same_agency({"name": ""}, Agency(name="甲")) is None
    assert same_agency({"template": "2021", "agency": 3}, Agency(name="甲")) is None


# --- every tool uses it ----------------------------------------------------------


def test_a_series_runs_across_a_declared_renaming() -> None:
    reports = series("2021", 3)
    reports[0] = patch(reports[0], {"/agency/name": "沭阳县发改局"})
    with pytest.raises(ReportMismatchError, match="different agencies"):
        check_series(reports)
    # The renaming is declared once, in the first report under the new name.
    reports[1] = patch(reports[1], {"/agency/former_names": ["沭阳县发改局"]})
    assert [result.findings for result in check_series(reports)] == [(), (), ()]
    renames = Renames.from_pairs([("沭阳县发改局", "测试机关")])
    plain = series("2021", 3)
    plain[0] = patch(plain[0], {"/agency/name": "沭阳县发改局"})
    assert all(result.valid for result in check_series(plain, renames=renames))


def test_two_agencies_sharing_a_code_are_never_compared_across_years() -> None:
    current, previous = consecutive("2021")
    county = {"/agency/division_code": "321322"}
    with pytest.raises(ReportMismatchError):
        validate(
            patch(current, {**county, "/agency/name": "沭阳县发展和改革局"}),
            previous=patch(previous, {**county, "/agency/name": "沭阳县教育局"}),
        )


def test_departments_sharing_the_county_code_roll_up_and_a_duplicate_is_refused() -> None:
    names = ["沭阳县发展和改革局", "沭阳县教育局", "沭阳县 教育局"]
    reports = [
        loads(
            encode(
                patch(sample("2021", n), {"/agency/name": name, "/agency/division_code": "321322"})
            )
        )
        for n, name in enumerate(names)
    ]
    total = aggregate(reports[:2], agency=Agency(name="沭阳县人民政府", division_code="321322"))
    assert total.agency.scope == "region"
    with pytest.raises(ReportMismatchError, match="reports 2 and 3 are of the same agency"):
        aggregate(reports, agency="沭阳县人民政府")


# --- the command line ---------------------------------------------------------------


def _write(path: Path, document: object) -> str:
    path.write_text(encode(document), encoding="utf-8")
    return str(path)


def test_the_command_line_takes_renamings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from disclosure_report._cli import main

    current, previous = consecutive("2021")
    last = _write(tmp_path / "last.json", patch(previous, {"/agency/name": "沭阳县发改局"}))
    this = _write(tmp_path / "this.json", current)
    assert main(["validate", "--previous", last, this]) == 2
    assert "两份报告属于不同机关" in capsys.readouterr().err
    assert main(["validate", "--previous", last, this, "--rename", "沭阳县发改局=测试机关"]) == 0
    table = tmp_path / "renames.csv"
    table.write_text("former,current\n沭阳县发改局,测试机关\n", encoding="utf-8")
    assert main(["validate", "--previous", last, this, "--renames", str(table)]) == 0
    assert main(["validate", "--previous", last, this, "--rename", "沭阳县发改局"]) == 2
    assert "FORMER=CURRENT" in capsys.readouterr().err
    assert main(["diff", last, this]) == 1
    assert "不属于同一机关" in capsys.readouterr().err
    assert main(["diff", last, this, "--rename", "沭阳县发改局=测试机关"]) == 1
    assert "不属于同一机关" not in capsys.readouterr().err
    assert main(["export", last, "--rename", "沭阳县发改局=测试机关"]) == 0
    assert ",name:测试机关@," in capsys.readouterr().out


def test_a_credit_code_with_a_wrong_check_character_identifies_nobody() -> None:
    wrong = CODE_B[:17] + "0"
    roster = Agency(name="沭阳县公安局", division_code="321322", credit_code=CODE_A)
    filed = Agency(name="沭阳县公安局", division_code="321322", credit_code=wrong)
    assert same_agency(roster, filed)
    assert agency_key(filed) == "name:沭阳县公安局@321322"
