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
codec failed) by `_mojibake.lossy`, frame shifts (a byte dropped from a GBK/Big5 stream) by
`_mojibake.frameshift`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-125x codecs)
import regex

import corpusclean._mojibake.webcodecs  # noqa: F401  (registers web-big5)
from corpusclean._text.plausibility import rare_chars, rare_count, score

DOUBLE_BYTE = ("gb18030", "cp950", "web-big5", "cp932", "cp949")
"""Double-byte codecs (supersets stand for GBK, Big5, Shift-JIS, EUC-KR) that misread UTF-8:
reversibly here, or with marks where a byte failed (`_mojibake.lossy`). Big5 is read two ways:
as Windows does (cp950) and as browsers do (`web-big5`, Big5-HKSCS; see `_mojibake.webcodecs`);
GB18030, cp932 and cp949 are already what browsers use for GBK, Shift-JIS and EUC-KR."""
CHAINS: tuple[tuple[str, str], ...] = (
    *(("utf-8", misread) for misread in DOUBLE_BYTE),
    ("utf-8", "sloppy-windows-1252"),
    ("utf-8", "latin-1"),
    ("utf-8", "mac_roman"),
    ("utf-8", "sloppy-windows-1251"),
    ("utf-8", "sloppy-windows-1253"),
    ("gb18030", "cp950"),
    ("gb18030", "web-big5"),
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
    "web-big5": "big5-hkscs",
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
SEGMENT_MIN_CHARS = 4
"""Shorter runs are not repaired alone: two or three characters rarely carry the evidence (at
3, clean `恰恰恰` and `灰鼠皮` in the corpora were re-read as `リリリ` and `η公ブ`)."""
CJK_SEGMENT_RARE = 0.34
"""Share of rare characters a run needs before it is searched (clean CJK text: up to ~20%)."""
SEGMENT_CJK_RESULT = 0.8
"""Share of CJK characters a stretch repaired alone must come back with: what such a stretch
hides is a CJK clause (`ßÄÖÜ` read as KOI8-R is `ъджэ`; a half-CJK `ο菲` is no repair)."""
CJK_PUNCTUATION = frozenset("，。、；：！？「」『』（）《》〈〉【】“”‘’…—")
"""The punctuation of clean CJK text, which a misreading leaves alone."""
_SEGMENT = regex.compile(r"[^\x00-\x7f\s，。、；：！？「」『』（）《》〈〉【】“”‘’…—]+")
"""A run of non-ASCII characters between spaces and the punctuation of clean CJK text (a
misreading turns a clause into other characters but leaves the marks around it; it also makes
marks of its own, `︽`, `｡`, `·`, so those do not split a run)."""
_HIGH_LATIN_CLASS = (
    r"\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2013-\u203a\u20ac\u2122"
)
"""What cp1252 makes of bytes 0x80–0xFF (GBK/Big5 text read as cp1252: `ÕâÐ©¼Ò`), the C1
controls included: the bytes cp1252 leaves undefined (Shift-JIS read as cp1252: `ƒ\x8f\x81[`)."""
_LATIN_SEGMENT = regex.compile(
    rf"(?:[{_HIGH_LATIN_CLASS}]|(?<=[{_HIGH_LATIN_CLASS}])[\x40-\x7e](?![\x00-\x7f]))+"
)
"""A run of `_HIGH_LATIN_CLASS` characters, with the ASCII letters a Big5 trail byte leaves
among them (`²{¦s®]`)."""
_LATIN_STRETCH = regex.compile(rf"[{_HIGH_LATIN_CLASS}]{{{SEGMENT_MIN_CHARS}}}")
"""Four high-Latin characters in a row: the only lines `_LATIN_SEGMENT` runs are looked for in."""
_HIGH_LATIN = regex.compile(rf"[{_HIGH_LATIN_CLASS}]")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
_HANGUL = regex.compile(r"\p{Hangul}")
CJK_AS_CP1252 = tuple(
    chain for chain in CHAINS if chain[1] == "sloppy-windows-1252" and chain[0] in DOUBLE_BYTE
)
"""The only chains a high-Latin run is undone by: GBK, Big5, Shift-JIS or EUC-KR read as
cp1252 (dashes or degree signs in a row are no Big5 read twice: `––––` is not `藩藩`)."""
SECOND_STEP_GAIN = 1.0
"""A two-step repair must beat the best one-step repair by this much: prefer the simpler story."""
MIN_CHARS = SEGMENT_MIN_CHARS
"""Non-ASCII characters (CJK punctuation aside) a line needs before it is re-read: fewer carry no
evidence (the no-harm audit found `菀柳` → `要究`, `宝筝闲。` → `괜唱國。`, `氓` → `е` in
classical poems, and ftfy's negative case `ÅØ` → `еь`)."""
SINGLE_BYTE_MIN_CHARS = 2 * MIN_CHARS
"""Non-ASCII characters a line needs before chains between two single-byte codecs (cp1251, KOI8-R,
cp1253, cp1252) are tried: those re-readings swap one letter for another of the same alphabet, a
substitution the bigram model judges reliably only over a few words (the Bulgarian word `Ъгъл`
in Title Case was re-read through KOI8-R twice as `Съсн`)."""
_MIXED_WORD = regex.compile(
    r"\b(?=\w*[\p{Cyrillic}\p{Greek}])"
    r"(?=\w*[\p{Latin}\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}])\w+"
)
"""A word holding Cyrillic or Greek letters together with Latin or CJK ones (`HеьYA`,
`аиョа措`): what re-reading clean text through the wrong codecs makes, never what undoing a real
misreading gives back."""


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


def _undo_each(
    text: str, chains: tuple[tuple[str, str], ...]
) -> Iterable[tuple[str, tuple[str, str]]]:
    """(text re-encoded with the chain's misreading codec and decoded with its true one, chain)
    for every chain of `chains` where both steps succeed. `text` is encoded once per misreading
    codec: the 24 chains share 12 (cp1252 misreads 8 of them), and encoding, or the exception of
    a codec that cannot hold the text, was most of the time `best_repair` spent on a clean line
    (measured in docs/mojibake.md)."""
    encoded: dict[str, bytes | None] = {}
    for chain in chains:
        true, misread = chain
        if misread not in encoded:
            try:
                encoded[misread] = text.encode(misread)
            except UnicodeEncodeError:
                encoded[misread] = None
        data = encoded[misread]
        if data is not None:
            try:
                yield data.decode(true), chain
            except UnicodeDecodeError:
                continue


def case_blind_score(text: str) -> float:
    """Plausibility of `text`, lower-cased when it is written in capitals alone: capitals are a
    style, not evidence of mojibake.

    The model was built from running text, where capitals are rare; a Russian headline in
    capitals (`ЧЛЕНЫ АССАМБЛЕИ УЭЛЬСА`) scores worse than its KOI8-R re-reading in lower case
    (`вкемш юяяюлакех`), so judged with its case 1,550 of 1,789 such lines of the corpora were
    rewritten into garbage. Text with any lower-case letter keeps its case: the cp1251/KOI8-R
    misreadings swap case, and `гЮРЕЛ АШК` (`Затем был`) is part of the evidence (lower-casing
    every word in capitals left the training split's cp1251/KOI8-R chains 0.4 exact, from 1.0).
    """
    return score(text.lower() if text.upper() == text else text)


def best_repair(line: str, chains: tuple[tuple[str, str], ...] = CHAINS) -> Repair | None:
    """The most plausible one- or two-step reversal of `line`, if it is clearly better.

    Candidates with at least as many rare characters as the line are not scored: a real repair
    turns rare characters into common ones, and skipping the rest keeps clean text fast.
    Plausibility is judged case-blind (`case_blind_score`); a line of fewer than `MIN_CHARS`
    non-ASCII characters (CJK punctuation aside) is not re-read (nor through two single-byte
    codecs below `SINGLE_BYTE_MIN_CHARS`), and no candidate may make a word that mixes Cyrillic
    or Greek with Latin or CJK letters (`_MIXED_WORD`) where the line held none.
    `chains`: the mistakes considered (all of `CHAINS` by default), one or two steps deep.
    """
    evidence = _evidence(line, SINGLE_BYTE_MIN_CHARS)
    if evidence < MIN_CHARS:
        return None
    if evidence < SINGLE_BYTE_MIN_CHARS:
        chains = tuple(chain for chain in chains if not _single_byte_pair(chain))
    rare = rare_count(line)
    seen = {line}  # cp950 and web-big5 mostly agree: score each candidate text once
    first: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    for candidate, chain in _undo_each(line, chains):
        if candidate not in seen:
            seen.add(candidate)
            first.append((candidate, (chain,)))
    second = []
    for candidate, (outer,) in first:
        for again, chain in _undo_each(candidate, chains):
            if again not in seen:
                seen.add(again)
                second.append((again, (chain, outer)))
    best_one = _best(first, line, rare)
    best_two = _best(second, line, rare)
    if best_two is not None and (best_one is None or best_two[0] >= best_one[0] + SECOND_STEP_GAIN):
        best_one = best_two
    if best_one is None or best_one[0] < MIN_SCORE:
        return None
    gain = best_one[0] - case_blind_score(line)
    return Repair(best_one[1], label(best_one[2]), gain) if gain >= MIN_GAIN else None


def _evidence(line: str, limit: int) -> int:
    """How many non-ASCII characters `line` holds, CJK punctuation aside, counted up to
    `limit` (`。` after a clean clause is no sign of a misreading)."""
    found = 0
    for ch in line:
        if ch > "\x7f" and ch not in CJK_PUNCTUATION:
            found += 1
            if found >= limit:
                break
    return found


def _single_byte_pair(chain: tuple[str, str]) -> bool:
    """True if `chain` is a single-byte codec misread as another (cp1251 read as KOI8-R)."""
    return chain[0] != "utf-8" and not {chain[0], chain[1]} & set(DOUBLE_BYTE)


def _best(
    candidates: list[tuple[str, tuple[tuple[str, str], ...]]], line: str, rare: int
) -> tuple[float, str, tuple[tuple[str, str], ...]] | None:
    """The highest-scoring candidate with fewer rare characters than `rare` (ties: first) that
    is a re-reading of `line` (`_rereads`) and makes no mixed-script word (`_MIXED_WORD`)."""
    best = None
    mixed = None
    for text, chain in candidates:
        if rare_count(text) < rare or (rare == 0 and "\ufffd" not in text):
            value = case_blind_score(text)
            if best is not None and value <= best[0]:
                continue
            if mixed is None:
                mixed = len(_MIXED_WORD.findall(line))
            if len(_MIXED_WORD.findall(text)) <= mixed and _rereads(line, text):
                best = (value, text, chain)
    return best


def _rereads(line: str, text: str) -> bool:
    """False when `text` has the length of `line` yet differs in under half of its non-ASCII
    characters: a misreading rewrites every character it reads, while a round trip through two
    nearly equal tables (Big5 as cp950 and as Big5-HKSCS, `万花飘落` → `万花起落`) changes one."""
    if len(text) != len(line):
        return True
    changed = sum(a != b for a, b in zip(line, text))
    return 2 * changed >= len(line) - len(line.encode("ascii", "ignore"))


def segment_repair(line: str) -> Repair | None:
    """`line` with each garbled stretch repaired alone, when the line as a whole is not mojibake.

    Pages mix sources: a clean sentence may hold one clause pasted from a GBK-misread snippet
    (`今天天气很好，鎴戜滑鍘诲叕鍥…，然后回家吃饭。`). The stretches tried are the runs between
    ASCII characters, spaces and CJK punctuation (which such a misreading leaves alone) that
    hold at least `SEGMENT_MIN_CHARS` characters and look garbled (`_garbled_run`), and runs
    of high-Latin characters (`_latin_run`: CJK read as cp1252, undone only by those chains).
    Each must pass `best_repair` by itself and come back as CJK, so a clean run (a name, a row
    of dashes) is left as it is. The reason is the first stretch's. Latin and Cyrillic words are
    ftfy's (`decode_inconsistent_utf8`) or the whole line's.
    """
    latin = _LATIN_STRETCH.search(line) is not None
    if rare_count(line) < 2 and not latin:
        return None  # a garbled stretch holds two rare characters at least (see _garbled_run)
    runs = [
        (run, CHAINS)
        for run in (_SEGMENT.finditer(line) if _rare_pair_within(line, RARE_GAP) else ())
        if run.end() - run.start() >= SEGMENT_MIN_CHARS and _garbled_run(run.group())
    ]
    if latin:
        runs += [
            (run, CJK_AS_CP1252)
            for run in _LATIN_SEGMENT.finditer(line)
            if _latin_run(run.group())
        ]
    pieces: list[str] = []
    reasons: list[str] = []
    cursor = 0
    for run, chains in sorted(runs, key=lambda item: item[0].start()):
        if run.start() < cursor:
            continue  # inside a stretch already repaired
        found = best_repair(run.group(), chains)
        if found is None or len(_CJK.findall(found.text)) < SEGMENT_CJK_RESULT * len(found.text):
            continue
        pieces += [line[cursor : run.start()], found.text]
        reasons.append(found.reason)
        cursor = run.end()
    if not reasons:
        return None
    repaired = "".join(pieces) + line[cursor:]
    return Repair(repaired, reasons[0], score(repaired) - score(line))


RARE_GAP = 4
"""Two rare characters of a stretch that `_garbled_run` accepts are at most this far apart:
`k = ⌈CJK_SEGMENT_RARE · L⌉` rare characters among `L ≥ SEGMENT_MIN_CHARS` leave two
neighbours at most `⌊(L − 1)/(k − 1)⌋` apart, which is 4 at `L = 5` and at most 3 elsewhere
(tests/test_mojibake.py checks the bound for every length up to 2,000)."""


def _rare_pair_within(line: str, gap: int) -> bool:
    """True if two rare characters of `line` stand at most `gap` apart: a cheap gate before the
    stretch search, which no clean line with its few rare characters (names, spread out) opens
    — about three in four clean CJK lines with rare characters skip the stretch search, with
    the same result (`RARE_GAP` is a necessary condition, not a threshold)."""
    rare = set(rare_chars(line))
    last = -gap - 1
    for index, ch in enumerate(line):
        if ch in rare:
            if index - last <= gap:
                return True
            last = index
    return False


def _garbled_run(text: str) -> bool:
    """True if `text` may be a misread clause: mostly CJK, a third of it rare, not Hangul alone
    (misread bytes come out as Han and kana; a Korean word of rare syllables is a word). A
    single Cyrillic or Latin word (`НАЙДЖЕЛ` in capitals) re-read through another single-byte
    codec can look more plausible than it is, so such runs are left to ftfy and the whole-line
    search."""
    return (
        rare_count(text) >= CJK_SEGMENT_RARE * len(text)
        and len(_HANGUL.findall(text)) < len(text)
        and len(_CJK.findall(text)) * 2 >= len(text)
    )


def _latin_run(text: str) -> bool:
    """True if `text` may be CJK read as cp1252: at least `SEGMENT_MIN_CHARS` high-Latin
    characters (ASCII ones among them are Big5 trail bytes), and not one character repeated
    (`°°°°`, `‹‹‹‹`: a row of marks)."""
    return len(_HIGH_LATIN.findall(text)) >= SEGMENT_MIN_CHARS and len(set(text)) > 2
