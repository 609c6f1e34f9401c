"""Findings rendered in words, Chinese and English, and as JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_report import InvalidArgumentError, finding_json, load, message, validate

DEFECTS = Path(__file__).parents[1] / "examples" / "2023_某某县自然资源局_defects.json"


def _findings() -> dict[str, object]:
    return {f.pointer: f for f in validate(load(DEFECTS)).findings}


def test_arithmetic_messages_name_the_cell_and_show_the_sum() -> None:
    finding = validate(load(DEFECTS)).findings[2]
    assert finding.code == "T4_TOTAL"
    assert message(finding) == "表四 · 行政复议 · 总计：应为 11（10 + 1），实为 0"
    assert message(finding, "en") == (
        "Table 4 · administrative review · total: expected 11 (10 + 1), found 0"
    )


def test_blank_messages() -> None:
    finding = validate(load(DEFECTS)).findings[-1]
    assert finding.code == "CELL_BLANK"
    assert message(finding).startswith(
        "表三 · 二、上年结转政府信息公开申请数量 · 法人或其他组织 · 科研机构：空白"
    )
    assert "blank is not zero" in message(finding, "en")


def test_finding_json_has_the_contract_keys() -> None:
    finding = validate(load(DEFECTS)).findings[2]
    assert list(finding_json(finding))[:4] == ["code", "severity", "pointer", "message"]
    assert "message" not in finding.to_json()
    assert finding_json(finding) == {
        "code": "T4_TOTAL",
        "severity": "error",
        "pointer": "/review_litigation/review/total",
        "message": "表四 · 行政复议 · 总计：应为 11（10 + 1），实为 0",
        "table": "表四",
        "row": ["行政复议"],
        "column": ["总计"],
        "expected": 11,
        "actual": 0,
        "operands": [
            {"pointer": "/review_litigation/review/upheld", "value": 10},
            {"pointer": "/review_litigation/review/corrected", "value": 1},
            {"pointer": "/review_litigation/review/other", "value": 0},
            {"pointer": "/review_litigation/review/pending", "value": 0},
        ],
        "explanation": "原表如此：各项之和为11，总计印为0",
    }


def test_non_arithmetic_findings_carry_no_operands() -> None:
    data = finding_json(validate(load(DEFECTS)).findings[-1], "en")
    assert "operands" not in data
    assert data["table"] == "表三"
    assert data["column"] == ["法人或其他组织", "科研机构"]


def test_schema_messages_name_the_keyword_and_the_place() -> None:
    result = validate('{"template": "2021", "year": 2023, "agency": {"name": ""}}')
    first = result.findings[0]
    assert (first.pointer, first.keyword) == ("/agency/name", "minLength")
    assert message(first) == "机关 · 机关名称：不得为空（'': expected a non-empty text）"
    assert (
        message(first, "en")
        == "agency · agency name must not be empty ('': expected a non-empty text)"
    )


def test_template_year_message() -> None:
    result = validate('{"template": "2019", "year": 2023}')
    finding = next(f for f in result.findings if f.code == "TEMPLATE_YEAR")
    assert message(finding) == "2023年度应使用2021年版模板，本报告使用了2019年版模板"
    assert message(finding, "en") == "2023 reports use the 2021 template; this one uses 2019"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="unknown language"):
        message(validate(load(DEFECTS)).findings[0], "fr")


def test_messages_of_the_rules_across_years() -> None:
    from tests.helpers.rule_fixtures import FIXTURES

    expected = {
        "T2_IN_FORCE": ("（上年现行有效 ", "本年制发 ", "本年废止 ", "(last year's ", "issued "),
        "T2_ITEMS": ("（上年项目数量 ", "上年增/减 ", "(last year's ", "last year's change "),
        "T3_CARRY_OVER": ("（上年报告的结转下年度 ", "(last year's carried forward "),
    }
    for code, words in expected.items():
        template = FIXTURES[code].templates[0]
        case = FIXTURES[code].invalid(template)
        finding = validate(case.document, previous=case.previous).findings[0]
        assert finding.code == code
        text = message(finding) + message(finding, "en")
        assert f"应为 {finding.expected}" in text
        assert f"expected {finding.expected}" in text
        for word in words:
            assert word in text, (code, word, text)


def test_every_command_line_text_is_in_both_languages_with_the_same_values() -> None:
    import string

    from disclosure_report._messages import COMMAND_WORDS

    def names(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, (zh, en) in COMMAND_WORDS.items():
        assert zh.strip(), key
        assert en.strip(), key
        assert zh != en or not any("\u4e00" <= c <= "\u9fff" for c in zh), key
        assert names(zh) == names(en), key


@pytest.mark.parametrize(
    ("lang", "before", "after"),
    [("zh", "“本机关” → “本级政府”", "仅见于后者（本级政府）"),
     ("en", "“agency” → “region”", "only in B (region)")],
)  # fmt: skip
def test_a_changed_scope_is_said_as_people_say_it(lang: str, before: str, after: str) -> None:
    from disclosure_report._compare import Change
    from disclosure_report._messages import change_line

    changed = Change("/agency/scope", (), "agency", "region", cell=False)
    added = Change("/agency/scope", (), None, "region", status="added", cell=False)
    assert change_line(changed, lang).endswith(before)
    assert change_line(added, lang).endswith(after)
