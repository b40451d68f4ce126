"""Issue #22: Big5 as browsers read it, lossy `?` outside CJK, damaged runs marked whole, and
sparse Mac Roman pairs.

Lines are real sentences of `../shared/corpora` (UD Chinese-GSDSimp, NTREX-128; CC BY-SA 4.0,
see tests/fixtures/ATTRIBUTION.md), garbled here by the mistake under test.
"""

from __future__ import annotations

import pytest

from corpusclean import fix_text
from corpusclean._mojibake import webcodecs
from corpusclean._mojibake.lossy import recover
from corpusclean._mojibake.repair import repair

GBK_AS_BROWSER_BIG5 = [
    "1934年，他共为日本国家足球队出场1次，打进1球。",
    "知名的孤立语言如苏美尔语、巴斯克语、阿伊努语等。",
]


def test_web_big5_is_big5_hkscs_with_cp950_where_that_is_undefined() -> None:
    assert webcodecs.NAME == "web-big5"
    assert b"\xc6\xa1".decode("web-big5") == "①"  # HKSCS (cp950: a private-use character)
    assert b"\xa3\xe1".decode("web-big5") == "€"  # undefined in big5hkscs, cp950's euro
    assert "⺼゜".encode("web-big5").decode("web-big5") == "⺼゜"
    assert b"\xff".decode("web-big5", "replace") == "\ufffd"
    with pytest.raises(UnicodeDecodeError):
        b"\xff".decode("web-big5")


@pytest.mark.parametrize("text", GBK_AS_BROWSER_BIG5)
def test_gbk_read_by_a_browser_as_big5_is_repaired(text: str) -> None:
    garbled = text.encode("gb18030").decode("web-big5")
    with pytest.raises(UnicodeDecodeError):
        text.encode("gb18030").decode("cp950")  # HKSCS-only characters: cp950 cannot undo it
    fixed = repair(garbled)
    assert fixed.text == text
    assert [edit.reason for edit in fixed.edits] == ["mojibake:gbk/big5-hkscs"]


@pytest.mark.parametrize("mark", ["?", "\ufffd"])
def test_utf8_russian_read_as_cp1251_with_lost_bytes_is_restored(mark: str) -> None:
    """cp1251 leaves one byte undefined, 0x98 (the second byte of `И`): the hole is decided."""
    text = "И это, без сомнения, Министерство Иностранных дел"
    garbled = text.encode("utf-8").decode("cp1251", "replace").replace("\ufffd", mark)
    assert fix_text(garbled) == text


def test_utf8_greek_read_as_cp1253_keeps_no_wrong_character() -> None:
    text = "Η ανατροφή δυστυχώς από τους προπονητές της Μακεδονίας έρχεται στο Θέμα."
    garbled = text.encode("utf-8").decode("cp1253", "replace").replace("\ufffd", "?")
    fixed = fix_text(garbled)
    assert len(fixed) == len(text)
    assert all(a == b or b == "\ufffd" for a, b in zip(text, fixed))
    assert fixed.count("\ufffd") < garbled.count("?")


@pytest.mark.parametrize(
    ("garbled", "text"),
    [
        (
            "Die Sicherheitskr√§fte waren dort t√§tig, sagte er am Montag.",
            "Die Sicherheitskräfte waren dort tätig, sagte er am Montag.",
        ),
        ("√Ñrger im Haus", "Ärger im Haus"),
    ],
)
def test_one_mac_roman_pair_in_a_long_latin_line_is_repaired(garbled: str, text: str) -> None:
    fixed = repair(garbled)
    assert fixed.text == text
    assert [edit.reason for edit in fixed.edits] == ["mojibake:utf-8/mac_roman"]


def test_a_damaged_run_is_restored_whole_or_marked_whole() -> None:
    """UTF-8 `這個東西` read as Big5 leaves holes in every character: one run. If any of its
    characters is uncertain, all of them come out as U+FFFD."""
    data = "這個東西".encode("utf-8")
    stream = [-1 if i % 3 == 2 else byte for i, byte in enumerate(data)]  # a hole per character
    out = recover(stream, "cp950")
    assert out is not None
    assert out == "這個東西" or out == "\ufffd" * 4
