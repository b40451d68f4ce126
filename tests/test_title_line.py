"""Tests of `_spam.title_line`: later copies of a Chinese title line, judged copy by copy.

Hosts are real articles from `tests/fixtures/spam/site_hosts.json` (title on the first line).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpusclean._spam.inserts import spam
from corpusclean._spam.title_line import REASON, contexts, model, title_copies, title_of

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "spam"
HOSTS = json.loads((FIXTURES / "site_hosts.json").read_text(encoding="utf-8"))
CHINESE = [h for h in HOSTS if title_of(h["text"]) is not None][:12]


def _pasted(title: str, body: str, points: tuple[int, ...]) -> str:
    pieces, cursor = [], 0
    for point in points:
        pieces += [body[cursor:point], title]
        cursor = point
    return title + "\n" + "".join(pieces) + body[cursor:]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("拦海造田\n正文第一句。", "拦海造田"),
        ("  （附图片１张）\n正文。", "（附图片１张）"),
        ("\n\n县长在工园区污染整顿工作会发言\n正文", "县长在工园区污染整顿工作会发言"),
        ("Labour denies plan\nBody.", None),
        ("甲\n正文。", None),
        ("这是一个很长的段落，" * 10 + "\n正文。", None),
        # a name in Latin letters over a Chinese body (CMRC `BCPL`): judged here too
        ("BCPL\nBCPL（Basic Combined Programming Language），是一种电脑程式设计语言。", "BCPL"),
        ("黑龙江龙 (Sahaliyania)\n黑龙江龙属是鸭嘴龙科的一属恐龙。", "黑龙江龙 (Sahaliyania)"),
        ("BCPL\nBCPL is a procedural programming language.", None),
    ],
)
def test_title_of_takes_a_short_chinese_first_line(text: str, title: str | None) -> None:
    found = title_of(text)
    assert (found[0] if found else None) == title


def test_a_latin_title_inside_a_longer_word_is_no_copy() -> None:
    text = "CHANGE\n这部CHANGES剧集与EXCHANGE无关，首回CHANGE的播放时间延长。"
    assert [text[c.start - 2 : c.end + 1] for c in title_copies(text)] == ["首回CHANGE的"]


def test_quoted_copies_and_heading_lines_are_not_judged() -> None:
    text = "拦海造田\n报道称，“拦海造田”工程已经开始。《拦海造田》一书出版。\n拦海造田\n当地开始拦海造田。"
    starts = [copy.start for copy in title_copies(text)]
    assert starts == [text.rindex("拦海造田")]


@pytest.mark.parametrize("host", range(len(CHINESE)))
def test_untouched_articles_keep_every_mention_of_their_title(host: int) -> None:
    text = CHINESE[host]["text"]
    assert spam(text).text == text


def test_a_title_pasted_inside_words_is_removed_and_its_line_kept() -> None:
    """Three copies pasted between Han characters of a real article: all go, the title line stays."""
    host = CHINESE[0]["text"]
    title, _, body = host.partition("\n")
    han = [i for i in range(1, len(body)) if "\u4e00" <= body[i - 1] <= "\u9fff" and "\u4e00" <= body[i] <= "\u9fff"]
    points = (han[len(han) // 5], han[len(han) // 2], han[4 * len(han) // 5])
    fixed = spam(_pasted(title, body, points))
    assert fixed.text == host
    assert {edit.reason for edit in fixed.edits} == {REASON}


SHIJING_ZHANLU = (
    "湛露\n小雅·南有嘉鱼之什\n湛湛露斯，匪阳不晞。厌厌夜饮，不醉无归。\n湛湛露斯，在彼丰草。厌厌夜饮，在宗载考。\n"
    "湛湛露斯，在彼杞棘。显允君子，莫不令德。\n其桐其椅，其实离离。岂弟君子，莫不令仪。\n"
)
"""The no-harm audit (genres, `classical-zh-poetry-cp05-0019`): the title recurs inside the
poem's refrain, always between `湛` and `斯`."""


def test_a_refrain_holding_the_title_is_kept() -> None:
    assert spam(SHIJING_ZHANLU).text == SHIJING_ZHANLU


def test_a_title_pasted_once_is_kept() -> None:
    """One copy is no proof that a name was pasted: a document needs two strong copies."""
    host = CHINESE[0]["text"]
    title, _, body = host.partition("\n")
    han = [i for i in range(1, len(body)) if "\u4e00" <= body[i - 1] <= "\u9fff" and "\u4e00" <= body[i] <= "\u9fff"]
    text = _pasted(title, body, (han[len(han) // 2],))
    assert spam(text).text == text


@pytest.mark.parametrize(
    ("side", "ch", "fits"),
    [
        ("left", "的", True),  # `…的<name>`: a noun follows
        ("left", "在", True),
        ("right", "的", True),  # `<name>的…`
        ("right", "是", True),
        ("left", "們", False),  # ends a word no noun follows (Traditional, folded)
        ("right", "们", False),  # never opens a word after a noun
    ],
)
def test_noun_contexts_weigh_the_characters_beside_a_copy(side: str, ch: str, fits: bool) -> None:
    """The treebank tables: a character that stands beside nouns more often than at a random
    point between Han characters has a positive log-ratio."""
    table = contexts()
    value = table.left(ch) if side == "left" else table.right(ch)
    assert (value > 0) == fits
    assert table.left("，") == table.right("a") == 0.0  # not Han: the left_han/right_han features speak


def test_the_model_file_matches_the_features() -> None:
    table = model()
    assert len(table.coef) == len(table.mean) == len(table.scale)
    assert 0.0 < table.thresholds["proven"] <= table.thresholds["pasted"] < 1.0
