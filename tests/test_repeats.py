"""The in-document repeats fixer: seed 003, case files, and properties."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusclean._dedup.in_document import STEP, repeats
from corpusclean._dedup.minhash import normalize
from corpusclean._document import unsplice

TESTS = Path(__file__).parent
SEED_003 = TESTS.parent / "seeds" / "003_d9720f16208038e2.txt"
CASES = json.loads((TESTS / "cases" / "repeats.json").read_text(encoding="utf-8"))
CLEAN = json.loads((TESTS / "cases" / "repeats_clean.json").read_text(encoding="utf-8"))


def test_seed_003_keeps_one_copy_of_its_article() -> None:
    original = SEED_003.read_text(encoding="utf-8")
    fixed = repeats(original)
    assert [(e.step, e.reason) for e in fixed.edits] == [(STEP, "repeated-block")]
    assert fixed.edits[0].before.startswith("平陰:以環??冃嵘秊樽ナ?打造")  # the garbled second title goes too
    text = fixed.text
    for line in ("打造高端綠色炭素產業群", "編輯:2023-12-02 16:48:16", "平陰炭素產業集聚區是全國", "(來源鏈接:https://sdxw.iqilu.com"):
        assert text.count(line) == 1, line
    assert text.startswith("平陰:以環保績效提升為抓手 打造高端綠色炭素產業群\n")
    assert text.rstrip().endswith("備案號:晉ICP備2022006699號-1")  # the real footer after the copy stays
    assert "服務熱線:0359-5668082" in text
    assert unsplice(text, fixed.edits) == original
    assert repeats(text).edits == []


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_cases(case: dict) -> None:
    fixed = repeats(case["original"])
    assert fixed.text == case["fixed"]
    assert [e.reason for e in fixed.edits] == case["reasons"]
    assert unsplice(fixed.text, fixed.edits) == case["original"]


@pytest.mark.parametrize("case", CLEAN, ids=[c["label"] for c in CLEAN])
def test_legitimate_recurrence_is_left_alone(case: dict) -> None:
    fixed = repeats(case["original"])
    assert fixed.text == case["original"] and fixed.edits == []


def test_min_chars_is_configurable() -> None:
    text = "A short repeated line.\nSomething else.\nA short repeated line.\n"
    assert repeats(text).edits == []
    assert repeats(text, min_chars=10).text == "A short repeated line.\nSomething else.\n"


LINES = [
    "The council voted on Tuesday to extend the programme for another two years.",
    "the council voted on tuesday, to extend the programme for another two years!",
    "會議要求各部門切實做好汛期值班值守工作，確保人民群眾生命財產安全。",
    "会议要求各部门切实做好汛期值班值守工作，确保人民群众生命财产安全。",
    "2023-12-02",
    "文章詳情 DETAILS",
    "Yes",
    "",
    "   ",
]


@settings(derandomize=True, deadline=None, max_examples=200)
@given(st.lists(st.one_of(st.sampled_from(LINES), st.text(alphabet=st.characters(blacklist_characters="\n"), max_size=60)), max_size=14))
def test_idempotent_and_reversible(lines: list[str]) -> None:
    text = "\n".join(lines)
    once = repeats(text)
    assert repeats(once.text).edits == []
    assert unsplice(once.text, once.edits) == text


@settings(derandomize=True, deadline=None, max_examples=200)
@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_characters="\n"), max_size=80),
        unique_by=lambda line: normalize(line).replace(" ", ""),
        max_size=12,
    )
)
def test_text_without_repeats_is_unchanged(lines: list[str]) -> None:
    text = "\n".join(lines)
    fixed = repeats(text)
    assert fixed.text == text and fixed.edits == []
