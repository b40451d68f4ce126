"""Lattice decoding of lossy mojibake (`_mojibake.lossy`): what it may and may not change.

Lines are real held-out text from `tests/cases/negative_mojibake.json` (see
eval/mojibake/build_cases.py), garbled here the way the evaluation garbles them: UTF-8 read
through a double-byte codec with U+FFFD for each byte the codec could not pair.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusclean._mojibake.lossy import (
    HOLE,
    _failing,
    _reencode,
    _with_holes,
    lossy_repair,
    recover,
)

HERE = Path(__file__).resolve().parent
CLEAN = json.loads((HERE / "cases" / "negative_mojibake.json").read_text(encoding="utf-8"))
MISREAD = {"zh-Hans": "gb18030", "zh-Hant": "cp950", "ja": "cp932"}


def _lossy_lines() -> list:
    params = []
    for case in CLEAN:
        script = case["label"].split()[1]
        if script in MISREAD and case["label"] == f"clean {script}":
            params.append(pytest.param(case["text"], MISREAD[script], id=case["text"][:12]))
    return params


def _garble(text: str, misread: str) -> tuple[list[int], set[int]]:
    """The byte stream `recover` sees for `text` read as `misread` with U+FFFD, and the indices
    of the characters of `text` that lost a byte."""
    garbled = text.encode("utf-8").decode(misread, "replace")
    stream = _with_holes([part.encode(misread) for part in garbled.split("\ufffd")])
    lost, offset = set(), 0
    holes = [i for i, value in enumerate(stream) if value == HOLE]
    for index, ch in enumerate(text):
        width = len(ch.encode("utf-8"))
        if any(offset <= hole < offset + width for hole in holes):
            lost.add(index)
        offset += width
    return stream, lost


@pytest.mark.parametrize(("text", "misread"), _lossy_lines())
def test_characters_with_intact_bytes_are_never_changed(text: str, misread: str) -> None:
    """Only characters that lost a byte may come out different (recovered or U+FFFD)."""
    stream, lost = _garble(text, misread)
    recovered = recover(stream, misread)
    assert recovered is not None
    if len(recovered) == len(text):
        assert all(a == b for i, (a, b) in enumerate(zip(text, recovered)) if i not in lost)


def test_real_lines_lose_and_recover_characters() -> None:
    """The cases above exercise real losses, and most lost characters of GBK and Shift-JIS lines
    come back; at most one in fifty is guessed wrong (101 lost, 78 back, 1 wrong: a `（` before
    a Latin name read as `，`)."""
    lost_total = recovered_total = wrong = 0
    for param in _lossy_lines():
        text, misread = param.values
        if misread == "cp950":
            continue
        stream, lost = _garble(text, misread)
        out = recover(stream, misread)
        assert out is not None and len(out) == len(text)
        lost_total += len(lost)
        recovered_total += sum(out[i] == text[i] for i in lost)
        wrong += sum(out[i] not in (text[i], "\ufffd") for i in lost)
    assert lost_total >= 20
    assert recovered_total >= 0.6 * lost_total
    assert wrong <= 0.02 * lost_total


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_bytes_without_holes_decode_as_they_are(text: str) -> None:
    """With nothing lost there is nothing to choose: the lattice has one path."""
    assert recover(list(text.encode("utf-8")), "gb18030") == text


def test_a_gbk_hole_is_a_byte_gbk_cannot_lead_with() -> None:
    """GBK pairs every lead 0x81–0xFE with any byte from 0x80 up: before such a byte only 0x80
    (or 0xFF, never in UTF-8) fails, which is what makes GBK losses recoverable."""
    assert {value for value in range(256) if _failing("gb18030", 0xE4)[value]} == {0x80, 0xFF}


def test_clean_text_is_not_a_lossy_repair() -> None:
    """A clean line holding a real `?` or U+FFFD is not re-read as lost bytes."""
    for line in ["你好吗?我很好。", "第二章\ufffd开始", "What? 真的吗？", "価格は?円です"]:
        assert lossy_repair(line) is None


def test_a_real_question_mark_does_not_block_a_lossy_repair() -> None:
    """With `?` as the mark, a line that also holds a real `?` (a URL's query) is still repaired:
    each `?` may be read as itself."""
    original = "更多详情请见网站 http://example.com/a?id=3 或致电我们的客服热线。"
    garbled = original.encode("utf-8").decode("gb18030", "replace").replace("\ufffd", "?")
    repaired = lossy_repair(garbled)
    assert repaired is not None and repaired.text == original
    assert repaired.reason == "lossy-reframe:utf-8/gbk"


def test_a_line_of_marks_alone_is_not_searched() -> None:
    """Binary data decoded with replacement holds nothing to re-frame (and would cost seconds)."""
    assert lossy_repair("\ufffd" * 1999) is None
    assert lossy_repair("abc " + "\ufffd" * 500) is None


def test_a_line_nothing_came_back_from_is_left_as_it_is() -> None:
    """`南朗鎮政府` read as Big5 keeps no character whole and none is trusted: turning the garbled
    line into five U+FFFD would score as a huge gain (an empty text scores 0), so it is no repair."""
    garbled = "南朗鎮政府".encode().decode("cp950", "replace")
    assert recover(_with_holes([p.encode("cp950") for p in garbled.split("\ufffd")]), "cp950") == "\ufffd" * 5
    assert lossy_repair(garbled) is None


COPIED = [
    # (text, why): UTF-8 whose Shift-JIS reading holds a character cp932 has two byte pairs for
    ("金曜日に東京の銀行で預金を下ろした。", "`預金`: `E9 87 91` read `87 91` as `≡` (also `81 DF`)"),
]
"""A line whose only lost byte is its last (of the final `。`), so the re-encoded pieces are the
UTF-8 bytes without it (a dev split line of 348 characters failed so)."""


@pytest.mark.parametrize(("text", "why"), COPIED)
def test_shift_jis_copies_reencode_to_the_bytes_read(text: str, why: str) -> None:
    garbled = text.encode("utf-8").decode("cp932", "replace")
    assert garbled.count("\ufffd") == 1, why
    assert b"".join(_reencode(garbled.split("\ufffd"), "cp932")) == text.encode("utf-8")[:-1]
    for marked in (garbled, garbled.replace("\ufffd", "?")):
        found = lossy_repair(marked)  # the final `。` is restored, or marked below cp932's bar
        assert found is not None and found.text in (text, text[:-1] + "\ufffd")
