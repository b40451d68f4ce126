"""Frame-shift repair: a GBK or Big5 byte stream that lost one byte before it was decoded.

When one byte of a double-byte stream is dropped, the decoder pairs the bytes after it one off
(`績效` read as `冃嵘`). Nearly every shifted pair is still a valid character, so the text stays
decodable but reads as nonsense — until a byte below 0x80 resynchronises the reading: the orphan
byte before it either pairs with it (when it is a trail byte, 0x40–0x7E) or becomes U+FFFD, or the
shifted reading meets a trail byte in the ASCII range and reads it as a letter (`面被` → `韋Q`).

The garbled run from its first character to the end of the line (or to the next U+FFFD) is
re-encoded with the codec; dropping its first byte and decoding the rest gives back every
character after the first one, because those bytes are exactly the original's. Unknown are the
dropped byte (lead or trail of the run's first character) and, when the run ends in U+FFFD, the
byte that mark stands for (the trail of the run's last character). Each is searched over the
codec's byte range by the plausibility of the character it completes between its neighbours, and
written only when it beats the runner-up by `SHOW_MARGIN` nats; otherwise that character comes
out as U+FFFD (flagged, never guessed; issue #22 counts a mark as repaired, a wrong character
not). Where the run starts is searched too: every start between
a resynchronisation point and a site (U+FFFD, a lone ASCII letter after a CJK character, a rare
character) is tried, and the repair is kept only when it is far more plausible than the garbled
run — clean text is never touched.
"""

from __future__ import annotations

import heapq
import math
from functools import lru_cache
from typing import NamedTuple

import regex

from corpusclean._mojibake import webcodecs  # noqa: F401  (registers `web-big5`)
from corpusclean._text.plausibility import model, rare_chars

CODECS = ("gb18030", "cp950", "web-big5")
"""Double-byte codecs searched (supersets stand for GBK/GB2312 and Big5; `web-big5` is Big5 as
browsers read it, searched only on lines that hold a character of its own: `_browser_big5`)."""
MARK = "\ufffd"
BYTES = bytes(b for b in range(0x40, 0xFF) if b != 0x7F)
"""Candidate values of a lost byte: every lead (0x81–0xFE) and trail (0x40–0x7E, 0x80–0xFE)."""
CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
"""A garbled run reads as CJK characters: runs of box drawing or other symbols are left alone."""
LONE_TRAIL = regex.compile(r"(?<=[^\x00-\x7f])[\x40-\x7e](?![\x00-\x7f])")
"""A lone ASCII character 0x40–0x7E after a non-ASCII one (and before a non-ASCII one or the
end): a trail byte the shifted reading met (`面被` → `韋Q`)."""
RECOVER_MARGIN = 2.0
"""Log-probability (nats) by which a recovered character must beat the next best to be trusted
as evidence that the repair is right (see `FrameRepair.evidence`)."""
SHOW_MARGIN = 4.0
"""Nats by which a recovered character must beat the next best to be written; below, it is
written as U+FFFD."""
MAX_MARKS = 2
"""A dropped byte leaves at most one U+FFFD (a second may be unrelated); lines with more are
lossy mojibake, not a frame shift."""
MAX_CHARS = 2000
"""Longer lines are not searched (the search is quadratic in the length of a garbled run)."""
TOP_STARTS = 4
"""Starts (ranked by the plausibility of their re-read tail) whose lost bytes are searched."""
MIN_TAIL_GAIN = -5.0
"""Runs whose re-read tail loses more than this (nats) are not searched further (clean text)."""
MIN_UNSEEN_DROP = 2
"""How many fewer unseen character pairs a repaired run must hold than the garbled one (one
fewer is enough when every garbled pair is unseen and the repair makes no ASCII character)."""
MIN_GAIN = 7.0
"""Total nats a repair must gain over the garbled run (one garbled character costs 5–15)."""
MIN_EVIDENCE = 5.0
"""Nats the trusted characters alone must gain (see `FrameRepair.evidence`)."""
MIN_GAIN_PER_CHAR = 2.0
"""Nats per garbled character a repair must gain: real runs gain 4–10, clean look-alikes < 1."""


class FrameRepair(NamedTuple):
    """A frame-shift repair of `line[start:end]` into `shown`, and its plausibility gain."""

    start: int
    end: int
    text: str
    """The repair with U+FFFD for characters not trusted at `RECOVER_MARGIN`: what the checks
    (`_recovers`, `_attested`) judge."""
    gain: float
    codec: str
    reading: str
    """`text` before uncertain characters were blanked: what the plausibility was measured on."""
    evidence: float
    """The gain owed to trusted characters only (the gain of the re-read tail when the first
    character is not trusted): a repair resting on one uncertain character is not made."""
    shown: str
    """`text` with U+FFFD also where a character is not written (`SHOW_MARGIN`): the output."""


def frame_repair(line: str, *, rare_sites: bool = True) -> FrameRepair | None:
    """The best one-byte frame-shift repair of `line` over GBK and Big5, or None.

    `rare_sites=False` skips runs that end at a rare character (see `_sites`): those are the
    costly ones in clean text full of names.
    """
    if len(line) > MAX_CHARS or line.count(MARK) > MAX_MARKS or not CJK.search(line):
        return None
    sites = _sites(line, rare_sites)
    if not sites:
        return None
    best: FrameRepair | None = None
    for codec in CODECS if _browser_big5(line) else CODECS[:2]:
        found = _repair_with(line, codec, sites)
        if found is not None and (best is None or found.gain > best.gain):
            best = found
    return best


def _browser_big5(line: str) -> bool:
    """True if `line` holds a character that only Big5 as browsers read it (Big5-HKSCS) has, so
    `web-big5` may read it otherwise than cp950; on other lines the two agree, and searching both
    cost clean Japanese text a third of its speed."""
    try:
        line.encode("cp950")
    except UnicodeEncodeError:
        return any(len(_bytes("web-big5", ch)) == 2 and not _bytes("cp950", ch) for ch in line)
    return False


def _repair_with(line: str, codec: str, sites: list[int]) -> FrameRepair | None:
    """The best repair of `line` read as `codec` with one byte dropped, or None."""
    starts = _starts(line, codec, sites)
    if not starts:
        return None
    ranked = []
    for start in starts:
        tail = _tail(line, start, codec)
        if tail is not None:
            ranked.append(tail)
    ranked.sort(key=lambda run: run[0], reverse=True)
    runs = []
    chosen = ranked[:TOP_STARTS] + [run for run in ranked[TOP_STARTS:] if not run[3]]
    for tail_gain, start, end, text, pending in chosen:  # (runs with no tail: one character)
        if text and tail_gain < MIN_TAIL_GAIN:
            continue  # the re-read tail is much worse: not where the run starts
        found = _complete(line, codec, start, end, text, pending, tail_gain)
        if found is not None:
            runs.append(found)
    if not runs:
        return None
    best = max(runs, key=lambda run: run.gain)
    if (
        line[best.start : best.end].isascii()  # a lone Latin letter: clean CJK text has them (維他命C, Z字形)
        or best.gain < MIN_GAIN
        or best.evidence < MIN_EVIDENCE
        or best.gain < MIN_GAIN_PER_CHAR * (best.end - best.start)
        or not CJK.search(line[max(0, best.start - 1) : best.end + 1])
        or not _attested(line, best)
    ):
        return None
    rivals = [run for run in runs if run is not best and run.gain > best.gain - RECOVER_MARGIN]
    merged = _agreement(line, best, rivals)
    if merged is None or not _recovers(line, merged):
        return None
    return merged


def _recovers(line: str, run: FrameRepair) -> bool:
    """True if `run` puts back at least one character (not only U+FFFD) and adds at most two
    marks: a repair that only blanks characters it could not tell apart is not made."""
    garbled = line[run.start : run.end]
    added = run.text.count(MARK) - garbled.count(MARK)
    changed = any(
        new != MARK and (index >= len(garbled) or new != garbled[index])
        for index, new in enumerate(run.text)
    )
    return changed and added <= 2


def _attested(line: str, run: FrameRepair) -> bool:
    """True if nearly every character pair of the garbled run (with its neighbours) is one the
    model never saw, and the repair leaves at least `MIN_UNSEEN_DROP` fewer unseen pairs.

    The gain alone is not enough: replacing rare characters (names) by common ones gains too,
    but a real frame shift garbles every pair it touches, and its repair restores seen pairs.
    """
    bigrams = model().bigram
    garbled = _garbled(line, run.start, run.end)
    if garbled is None:
        return False
    unseen, every = garbled
    if unseen < MIN_UNSEEN_DROP and MARK in line[run.start : run.end] and MARK in run.text:
        return False  # one unseen pair next to a mark, and a character left unknown: too little
    before, after = line[run.start - 1 : run.start], line[run.end : run.end + 1]
    left = sum(pair not in bigrams for pair in _pairs(before + run.reading + after))
    drop = 1 if every and not any(ch.isascii() for ch in run.reading) else MIN_UNSEEN_DROP
    return left <= unseen - drop


def _garbled(line: str, start: int, end: int) -> tuple[int, bool] | None:
    """(unseen pairs, whether every pair is unseen) of `line[start:end]` with its neighbours, or
    None when the span does not read as a garbled run: more than one pair seen, or too few unseen
    for any repair to pass `_attested`. Pairs with U+FFFD are no evidence either way (the mark
    may be one a repair left for a character it could not tell apart)."""
    bigrams = model().bigram
    pairs = _pairs(line[max(0, start - 1) : end + 1])
    seen = sum(pair in bigrams for pair in pairs)
    unseen = len(pairs) - seen
    if seen > 1 or unseen < (1 if seen == 0 else MIN_UNSEEN_DROP):
        return None
    return unseen, seen == 0


def _pairs(text: str) -> list[str]:
    """The overlapping character pairs of `text`, leaving out pairs with U+FFFD."""
    return [text[i : i + 2] for i in range(len(text) - 1) if MARK not in text[i : i + 2]]


def _agreement(line: str, best: FrameRepair, rivals: list[FrameRepair]) -> FrameRepair | None:
    """`best` with U+FFFD wherever a rival reading about as plausible disagrees, or None when a
    rival reads the line into another length or repairs another part of it (then no character
    can be placed with certainty).

    Two starts a character apart often gain about as much (`就处于` read from `处` or from `于`):
    the characters both readings agree on are trusted, the others are flagged.
    """
    if not rivals:
        return best
    if any(run.end <= best.start or run.start >= best.end for run in rivals):
        return None  # as likely a byte dropped elsewhere: nothing can be placed
    start = min(run.start for run in (best, *rivals))
    end = max(run.end for run in (best, *rivals))
    readings = [line[start : run.start] + run.text + line[run.end : end] for run in (best, *rivals)]
    if len({len(reading) for reading in readings}) > 1:
        return None
    merged = "".join(chars[0] if len(set(chars)) == 1 else MARK for chars in zip(*readings))
    offset = best.start - start
    shown = "".join(
        MARK if 0 <= i - offset < len(best.shown) and best.shown[i - offset] == MARK else ch
        for i, ch in enumerate(merged)
    )
    return best._replace(start=start, end=end, text=merged, shown=shown)


def _sites(line: str, rare_sites: bool) -> list[int]:
    """Where a garbled run may end: U+FFFD, a lone ASCII character 0x40–0x7E after a non-ASCII
    one (a trail byte read alone), and a rare character (when its trail byte is 0x40–0x7E: an
    ASCII byte the shifted reading swallowed; see `_starts`)."""
    found = [index for index, ch in enumerate(line) if ch == MARK] if MARK in line else []
    found += [match.start() for match in LONE_TRAIL.finditer(line)]
    for ch in set(rare_chars(line)) if rare_sites else ():
        index = line.find(ch)
        while index >= 0:
            found.append(index)
            index = line.find(ch, index + 1)
    return found


def _starts(line: str, codec: str, sites: list[int]) -> list[int]:
    """Where a garbled run may begin: back from each site while the run still reads as garbled.

    A shifted run holds only double-byte characters (a single byte resynchronises the reading),
    so it cannot start before one that is not; and nearly every character pair it makes with
    its neighbours is one real text never shows, so the walk back stops at the second pair the
    model has seen (clean text stops at once). A rare character ends a run only when its trail
    byte is 0x40–0x7E.
    """
    bigrams = model().bigram
    starts: set[int] = set()
    for site in sites:
        ch = line[site]
        if ch == MARK:
            first = site - 1
        elif ch < "\x80":
            if len(_bytes(codec, line[site - 1])) != 2:
                continue
            starts.add(site)
            first = site - 1
        elif len(data := _bytes(codec, ch)) == 2 and data[1] < 0x80:
            first = site
        else:
            continue
        seen = line[site : site + 2] in bigrams
        index = first
        while index >= 0 and len(_bytes(codec, line[index])) == 2:
            seen += line[index : index + 2] in bigrams
            if seen > 1:
                break
            starts.add(index)
            index -= 1
    return sorted(starts)


def _tail(line: str, start: int, codec: str) -> tuple[float, int, int, str, bytes] | None:
    """The run starting at `start` re-read one byte later, ranked by how much more plausible it is.

    Returns (gain of the tail, start, end of the garbled span, re-read tail, pending lead byte
    that the U+FFFD at `end` completes), or None when the bytes do not re-read.
    """
    stop = line.find(MARK, start)
    if stop < 0:
        stop = len(line)
    try:
        rest = line[start:stop].encode(codec)[1:]
    except UnicodeEncodeError:
        return None
    pending = b""
    try:
        text = rest.decode(codec)
    except UnicodeDecodeError as error:
        if error.reason != "incomplete multibyte sequence" or error.end != len(rest):
            return None
        if stop == len(line):
            return None
        pending = rest[error.start :]
        text = rest[: error.start].decode(codec)
    end = stop + 1 if pending else stop
    if not pending:  # from where the reading resynchronised on, nothing changes
        same = _common_suffix(text, line[start + 1 : stop])
        text = text[: len(text) - same]
        end = stop - same
    garbled = _garbled(line, start, end)
    after = line[end : end + 1]
    bigrams = model().bigram
    known = text if pending else text + after  # a closing U+FFFD's character is not known yet
    if garbled is None or sum(pair not in bigrams for pair in _pairs(known)) >= garbled[0]:
        return None  # not a garbled run, or its re-reading is no less garbled (see _attested)
    logprob = model().logprob
    gain = logprob(text + after) - logprob(line[start + 1 : end] + after)
    return gain, start, end, text, pending


def _common_suffix(one: str, other: str) -> int:
    """Length of the longest common suffix of two strings (binary search over C-speed slices)."""
    low, high = 0, min(len(one), len(other))
    while low < high:
        middle = (low + high + 1) // 2
        if one[len(one) - middle :] == other[len(other) - middle :]:
            low = middle
        else:
            high = middle - 1
    return low


def _complete(
    line: str,
    codec: str,
    start: int,
    end: int,
    tail: str,
    pending: bytes,
    tail_gain: float,
) -> FrameRepair | None:
    """Search the dropped byte (and the byte behind a closing U+FFFD) for one run."""
    before = line[start - 1 : start]
    after = line[end : end + 1]
    firsts = _firsts(codec, _bytes(codec, line[start])[:1])
    if not firsts:
        return None
    last, last_margin = "", math.inf
    line_end = end >= len(line)  # the line's end is the last character's right-hand neighbour
    if pending:
        following = b"".join(_bytes(codec, ch) for ch in line[end : end + 2])[:3]
        lasts = _lasts(codec, pending, following)
        if not lasts:
            return None
        last, last_margin = _pick(lasts, tail[-1:], after, end=line_end)
    first, first_margin = _pick(firsts, before, (tail + last)[:1] or after, start == 0, line_end)
    if pending and not tail:  # adjacent unknowns: settle the last one again, knowing the first
        last, last_margin = _pick(lasts, first, after, end=line_end)
    logprob = model().logprob
    gain = logprob(before + first + tail + last + after) - logprob(before + line[start:end] + after)
    text = _blank(first, first_margin, RECOVER_MARGIN) + tail
    text += _blank(last, last_margin, RECOVER_MARGIN) if pending else ""
    if pending and not tail:  # one damaged run of two characters: both written, or both marked
        first_margin = last_margin = min(first_margin, last_margin)
    shown = _blank(first, first_margin, SHOW_MARGIN) + tail
    shown += _blank(last, last_margin, SHOW_MARGIN) if pending else ""
    evidence = gain if first_margin >= RECOVER_MARGIN else tail_gain
    return FrameRepair(start, end, text, gain, codec, first + tail + last, evidence, shown)


def _blank(ch: str, margin: float, bar: float) -> str:
    """`ch`, or U+FFFD when it beat the next best candidate by less than `bar` nats."""
    return ch if margin >= bar else MARK


@lru_cache(maxsize=65536)
def _bytes(codec: str, ch: str) -> bytes:
    """`ch` in `codec` (empty for U+FFFD, which stands for a lost byte, or when unencodable)."""
    if ch == MARK:
        return b""
    try:
        return ch.encode(codec)
    except UnicodeEncodeError:
        return b""


@lru_cache(maxsize=1024)
def _firsts(codec: str, head: bytes) -> tuple[str, ...]:
    """Characters a run's first byte `head` can belong to: the dropped byte was its lead (before
    it) or its trail (after it). Only characters the model knows: the others never win."""
    pairs = [bytes([value]) + head for value in BYTES] + [head + bytes([value]) for value in BYTES]
    return _characters(pairs, codec)


@lru_cache(maxsize=1024)
def _lasts(codec: str, pending: bytes, following: bytes) -> tuple[str, ...]:
    """Characters a run's pending lead byte can end with: its trail is the byte behind the
    U+FFFD, which must have failed to pair with the `following` bytes (that is why it is U+FFFD)."""
    pairs = [
        pending + bytes([value])
        for value in BYTES
        if (bytes([value]) + following).decode(codec, "replace")[:1] == MARK
    ]
    return _characters(pairs, codec)


def _characters(candidates: list[bytes], codec: str) -> tuple[str, ...]:
    """The distinct single characters known to the model that `candidates` decode to strictly
    (never U+FFFD, which stands for a lost byte)."""
    known = model().unigram
    found: dict[str, None] = {}
    for data in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if len(text) == 1 and text in known and text != MARK:
            found[text] = None
    return tuple(found)


def _pick(
    options: tuple[str, ...], before: str, after: str, begin: bool = False, end: bool = False
) -> tuple[str, float]:
    """The most plausible of `options` between `before` and `after`, and by how many nats it
    beats the next best (infinite when it is the only one).

    `begin`/`end`: an empty `before`/`after` is the line's begin/end (a sentence-final `。`
    wins there), not merely unknown."""
    if len(options) == 1:
        return options[0], math.inf
    scores = model().between(before, options, after, begin=begin, end=end)
    best, second = heapq.nlargest(2, zip(scores, options))
    return best[1], best[0] - second[0]
