"""Real published reports, keyed by hand: every printed number comes through right or is
flagged at its cell, and the verdict never blames a report for what the import lost."""

from __future__ import annotations

from collections import Counter

import pytest

from disclosure_report import validate
from disclosure_report._jsontext import encode
from disclosure_report._validation import reference_validate
from tests.helpers.corpus import Keyed, compare, corpus, errors, truth_document

KEYED = list(corpus())


def test_the_corpus_holds_enough_real_reports_in_enough_forms() -> None:
    assert len(KEYED) >= 15
    forms = Counter(keyed.truth["form"] for keyed in KEYED)
    assert len(forms) >= 3, forms
    assert {keyed.truth["template"] for keyed in KEYED} == {"2019", "2021"}


@pytest.mark.parametrize("keyed", KEYED, ids=lambda keyed: keyed.name)
def test_every_keyed_cell_is_right_or_flagged(keyed: Keyed) -> None:
    comparison = compare(keyed)
    assert comparison.wrong == ()
    assert comparison.template == "right"
    assert comparison.year in ("right", "flagged")
    assert comparison.agency in ("right", "flagged")
    # A flagged cell is unread and has a finding at its cell or its row.
    places = {finding.pointer for finding in comparison.result.findings}
    for pointer in comparison.flagged:
        row = pointer.rsplit("/", 1)[0]
        assert pointer in places or row in places, pointer


@pytest.mark.parametrize("keyed", KEYED, ids=lambda keyed: keyed.name)
def test_the_verdict_never_blames_the_report_for_what_the_import_lost(keyed: Keyed) -> None:
    imported = compare(keyed).result.document
    assert errors(imported) <= errors(truth_document(keyed))


@pytest.mark.parametrize("keyed", KEYED[:4], ids=lambda keyed: keyed.name)
def test_a_saved_import_gets_the_same_verdict(keyed: Keyed) -> None:
    document = compare(keyed).result.document
    assert validate(encode(document)).findings == validate(document).findings


@pytest.mark.parametrize("keyed", KEYED, ids=lambda keyed: keyed.name)
def test_the_fast_path_and_the_reference_path_agree_on_every_real_report(keyed: Keyed) -> None:
    """A published report as imported (its places not read, its findings) and the report as
    keyed by hand get the same findings from both paths, as JSON text and as parsed data."""
    for document in (compare(keyed).result.document, truth_document(keyed)):
        text = encode(document)
        expected = reference_validate(text).findings
        assert validate(text).findings == expected
        assert validate(document).findings == expected
