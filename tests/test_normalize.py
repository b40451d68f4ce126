"""Converter noise (seed 001): pinyin annotations and doubled commas go where a document shows
a converter's traces; look-alikes, a lone gloss and a lone doubled comma stay."""

from __future__ import annotations

import pytest

from corpusclean._document import splice
from corpusclean._mojibake.converter_noise import converter_noise
from corpusclean._mojibake.repair import fix_text, repair

REPAIRED = [
    ("pinyin after Han", "一城三區(qū)區(qū)域", "一城三區區域"),
    (
        "pinyin inside parentheses",
        "相關縣(市、區(qū))要做好，產(chǎn)業",
        "相關縣(市、區)要做好，產業",
    ),
    ("full-width parentheses", "企業（yè）停產（chǎn）", "企業停產"),
    (
        "ü and zh/ch/sh initials",
        "綠(lǜ)色 長(zhǎng)期 產(chǎn)業 說(shuō)話",
        "綠色 長期 產業 說話",
    ),
    ("comma before enumeration comma", "鋼鐵,、焦化,、水泥,、電力", "鋼鐵、焦化、水泥、電力"),
    (
        "comma before comma",
        "會議強調,,要統一思想,、堅持,、改革,。",
        "會議強調,要統一思想、堅持、改革。",
    ),
    ("comma before full stop after quote", "“黑帽子”,。區(qū)域(yù)", "“黑帽子”。區域"),
    ("after a Latin word, Han following", "帶血的GDP,,不要區(qū)域(yù)", "帶血的GDP,不要區域"),
    ("run of commas", "中文,,,、好,、壞,。", "中文、好、壞。"),
    ("annotation then doubled comma", "轄區(qū),、堯(yáo)都", "轄區、堯都"),
    (
        "annotations on other lines count",
        "一城三區(qū)\n區(qū)域\n強調，，要",
        "一城三區\n區域\n強調，要",
    ),
]
UNTOUCHED = [
    ("reporter byline", "臨汾新聞網訊(記者 劉玉林)"),
    ("function call", "函數(x)的值"),
    ("enumeration letter", "甲(a)乙(b)"),
    ("toneless word in parentheses", "蘋果(apple)公司"),
    ("English in parentheses", "公司(Limited)"),
    ("CSV row", "1,,2,,,3"),
    ("CSV row with Latin", "name,,city"),
    ("Latin text with doubled comma", "Hello,, world"),
    ("single marks", "一、二,三。"),
    ("full-width single marks", "你好，世界。"),
    ("a lone gloss is content", "荨(qián)麻是荨麻科荨麻属的植物。"),
    ("a lone doubled comma, no other trace", "我們，，都是好人。"),
    ("two commas glued to a full stop, no other trace", "西歐及北美,。其中，，分布,、在"),
    ("doubled commas of one width, no other trace", "強調,,要\n好，，的"),
]


@pytest.mark.parametrize(("label", "before", "after"), REPAIRED, ids=[r[0] for r in REPAIRED])
def test_noise_is_removed(label: str, before: str, after: str) -> None:
    assert fix_text(before) == after
    assert fix_text(after) == after


@pytest.mark.parametrize(("label", "text"), UNTOUCHED, ids=[u[0] for u in UNTOUCHED])
def test_look_alikes_are_untouched(label: str, text: str) -> None:
    assert list(converter_noise(text)) == []
    assert repair(text).edits == []


def test_each_removal_is_one_edit_with_its_reason() -> None:
    text = "區(qū)域(yù),、好"
    fixed = splice(text, "repair", converter_noise(text))
    assert fixed.text == "區域、好"
    assert [(e.reason, e.before) for e in fixed.edits] == [
        ("pinyin-annotation", "(qū)"),
        ("pinyin-annotation", "(yù)"),
        ("doubled-punctuation", ","),
    ]
