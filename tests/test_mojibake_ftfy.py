"""ftfy's own test cases (tests/fixtures/ftfy/, see its README): corpusclean repairs what ftfy
repairs and leaves ftfy's negative cases alone.

`corpusclean.fix_text` repairs encodings only, so each case is held to ftfy's `fixed-encoding`
(what `ftfy.fix_encoding` gives), not to `fixed` (which also uncurls quotes and folds width).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import corpusclean

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ftfy"
FILES = ("in-the-wild", "language-names", "negative", "synthetic")
"""ftfy's case files of cases it expects to pass (`known-failures.json` holds its failures)."""


def _cases() -> list:
    params = []
    for name in FILES:
        for index, case in enumerate(json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))):
            if case["expect"] == "pass":
                expected = case.get("fixed-encoding", case["fixed"])
                params.append(pytest.param(case["original"], expected, id=f"{name}-{index}"))
    return params


CASES = _cases()


def test_every_passing_case_is_here() -> None:
    assert len(CASES) == 151


@pytest.mark.parametrize(("original", "expected"), CASES)
def test_ftfy_case(original: str, expected: str) -> None:
    assert corpusclean.fix_text(original) == expected


def test_negative_cases_come_back_unchanged() -> None:
    """ftfy's negative cases that `fix_encoding` leaves alone (one of the 31, a stray C1 `\x85`
    in French, is read as `…` by ftfy too) are byte-identical after `fix_text`."""
    cases = json.loads((FIXTURES / "negative.json").read_text("utf-8"))
    originals = [
        case["original"]
        for case in cases
        if case["expect"] == "pass"
        and case.get("fixed-encoding", case["fixed"]) == case["original"]
    ]
    assert len(originals) == 30
    assert [corpusclean.fix_text(text) for text in originals] == originals
