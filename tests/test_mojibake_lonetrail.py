"""Lone trail bytes (`_mojibake.lonetrail`): a dropped GBK/Big5 byte that left one ASCII
character between CJK ones is marked, never guessed; lone letters of clean text stay."""

from __future__ import annotations

import pytest

from corpusclean._mojibake.lonetrail import lone_trail_repair
from corpusclean._mojibake.repair import fix_and_explain, fix_text

DROPPED = [
    # (garbled, repaired): dev-split lines (eval/mojibake, --split train) with one Big5 byte lost
    ("任跨國機構信岸u程有限公司之常務董事。", "任跨國機構信\ufffd工程有限公司之常務董事。"),
    ("一而再、再而丹a提供資料，並在公開", "一而再、再而\ufffd地提供資料，並在公開"),
    ("人一事表達沮遄C", "人一事表達沮\ufffd。"),
]
"""`昌工` = `A9 F7 A4 75` lost `F7`: `岸` (`A9 A4`) + `u`; `工` comes back, `昌` is marked."""

CLEAN = [
    "吃了維他命C之後",
    "他的Z字形走位",
    "例如：《X戰警》、《綠巨人》",
    "棒球經典賽B組賽事，",
    "這家店真的好吃~下次再來",
    "ナノセイルDは2000年に",
    "尔士语字母w的发音类似",
    "市a區",
]
"""Lone letters and marks of clean text (the dev split's highest-scoring clean sites among them)."""


@pytest.mark.parametrize(("garbled", "repaired"), DROPPED)
def test_lone_trail_byte_is_marked_not_guessed(garbled: str, repaired: str) -> None:
    fixed = fix_and_explain(garbled)
    assert fixed.text == repaired
    assert fixed.edits[0].reason.startswith("frame-shift:big5")
    assert fixed.metadata["flags"] == ["lossy-marks"]
    assert fix_text(fixed.text) == fixed.text


@pytest.mark.parametrize("line", CLEAN)
def test_clean_lone_letter_is_kept(line: str) -> None:
    assert lone_trail_repair(line) is None
    assert fix_text(line) == line


ENDINGS = [
    # (garbled, repaired): a Big5 trail byte dropped between two punctuation marks or before a
    # trail byte that is ASCII, at the end of a dev-split line
    ("一個名為「窮人的銅鐘﹛C", "一個名為「窮人的銅鐘\ufffd。"),  # `」。` lost `76`: `﹛` + `C`
    ("並不是她的本楚C", "並不是她的本\ufffd。"),  # `意。` lost `4E`; `本` is undamaged
]


@pytest.mark.parametrize(("garbled", "repaired"), ENDINGS)
def test_lone_trail_at_the_end_marks_only_the_lost_character(garbled: str, repaired: str) -> None:
    assert fix_text(garbled) == repaired
