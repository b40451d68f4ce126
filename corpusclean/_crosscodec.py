"""Cross-codec mojibake: undo text that was encoded in one codec and decoded in another.

ftfy knows one family well — UTF-8 read as a Latin-1-like codec. The web also shows UTF-8 read
as GBK (`浠ョ幆淇濈哗`), GBK read as Big5, Shift-JIS read as GBK, EUC-KR read as Windows-1252,
KOI8-R read as Windows-1251 (`оПХБЕР`), and the same mistake made twice. Each such mistake is
reversible when the wrong decoding lost nothing: encode the garbled text with the codec that
misread it and decode the bytes with the one that wrote them.

Which reversal (if any) is right is decided by plausibility, never by the mere fact that a
reversal succeeds: clean GBK text often survives being re-read as Big5, and clean Latin text
survives almost any single-byte round trip. A candidate wins only when it is much more plausible
than the line as it stands and plausible in absolute terms.

Mistakes that lost bytes are repaired elsewhere: lossy mojibake (U+FFFD or `?` where the wrong
codec failed) by `_lossy`, frame shifts (a byte dropped from a GBK/Big5 stream) by
`_frameshift`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-125x codecs)

from ._plausibility import rare_count, score

DOUBLE_BYTE = ("gb18030", "cp950", "cp932", "cp949")
"""Double-byte codecs (supersets stand for GBK, Big5, Shift-JIS, EUC-KR) that misread UTF-8:
reversibly here, or with marks where a byte failed (`_lossy`)."""
CHAINS: tuple[tuple[str, str], ...] = (
    *(("utf-8", misread) for misread in DOUBLE_BYTE),
    ("utf-8", "sloppy-windows-1252"),
    ("utf-8", "latin-1"),
    ("utf-8", "mac_roman"),
    ("utf-8", "sloppy-windows-1251"),
    ("utf-8", "sloppy-windows-1253"),
    ("gb18030", "cp950"),
    ("cp950", "gb18030"),
    ("cp932", "gb18030"),
    ("cp949", "gb18030"),
    ("cp949", "sloppy-windows-1252"),
    ("gb18030", "sloppy-windows-1252"),
    ("cp950", "sloppy-windows-1252"),
    ("cp932", "sloppy-windows-1252"),
    ("cp1251", "koi8_r"),
    ("koi8_r", "cp1251"),
    ("cp1251", "sloppy-windows-1252"),
    ("koi8_r", "sloppy-windows-1252"),
    ("cp1253", "sloppy-windows-1252"),
)
"""(codec the text was written in, codec it was wrongly read with). Supersets stand for their
subsets (GB18030 for GBK/GB2312, CP950 for Big5, CP932 for Shift-JIS, CP949 for EUC-KR)."""

NAMES = {
    "gb18030": "gbk",
    "cp950": "big5",
    "cp932": "shift-jis",
    "cp949": "euc-kr",
    "sloppy-windows-1252": "cp1252",
    "sloppy-windows-1251": "cp1251",
    "sloppy-windows-1253": "cp1253",
    "koi8_r": "koi8-r",
}

MIN_GAIN = 2.5
"""Nats per character a repair must gain: garbling costs 5–10, clean look-alikes gain < 1."""
MIN_SCORE = -9.0
"""A repair must itself read as real text (clean paragraphs score about -4 to -8)."""
SECOND_STEP_GAIN = 1.0
"""A two-step repair must beat the best one-step repair by this much: prefer the simpler story."""


class Repair(NamedTuple):
    """A repaired line, why (`mojibake:utf-8/gbk`, `lossy-reframe:utf-8/gbk`) and its gain."""

    text: str
    reason: str
    gain: float


def label(chain: Iterable[tuple[str, str]], kind: str = "mojibake") -> str:
    """`mojibake:utf-8/gbk` (`kind`:written/misread), steps joined by `+` outermost mistake
    last."""
    return f"{kind}:" + "+".join(
        f"{NAMES.get(true, true)}/{NAMES.get(misread, misread)}" for true, misread in chain
    )


def undo(text: str, true: str, misread: str) -> str | None:
    """`text` re-encoded with `misread` and decoded with `true`, or None if either step fails."""
    try:
        return text.encode(misread).decode(true)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def best_repair(line: str) -> Repair | None:
    """The most plausible one- or two-step reversal of `line`, if it is clearly better.

    Candidates with at least as many rare characters as the line are not scored: a real repair
    turns rare characters into common ones, and skipping the rest keeps clean text fast.
    """
    rare = rare_count(line)
    first: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    for chain in CHAINS:
        candidate = undo(line, *chain)
        if candidate is not None and candidate != line:
            first.append((candidate, (chain,)))
    second = []
    for candidate, (outer,) in first:
        for chain in CHAINS:
            again = undo(candidate, *chain)
            if again is not None and again != candidate and again != line:
                second.append((again, (chain, outer)))
    best_one = _best(first, rare)
    best_two = _best(second, rare)
    if best_two is not None and (best_one is None or best_two[0] >= best_one[0] + SECOND_STEP_GAIN):
        best_one = best_two
    if best_one is None or best_one[0] < MIN_SCORE:
        return None
    gain = best_one[0] - score(line)
    return Repair(best_one[1], label(best_one[2]), gain) if gain >= MIN_GAIN else None


def _best(
    candidates: list[tuple[str, tuple[tuple[str, str], ...]]], rare: int
) -> tuple[float, str, tuple[tuple[str, str], ...]] | None:
    """The highest-scoring candidate with fewer rare characters than `rare` (ties: first)."""
    best = None
    for text, chain in candidates:
        if rare_count(text) < rare or (rare == 0 and "\ufffd" not in text):
            value = score(text)
            if best is None or value > best[0]:
                best = (value, text, chain)
    return best
