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

Lossy mojibake — where the wrong decoding replaced an undecodable byte with U+FFFD (and a later
save turned that into `?`, as in `锛?`) — is re-framed: the bytes around each mark are recovered
by re-encoding, the lost byte is searched for, and the repair is kept only if every mark is
recovered into a plausible line; a byte that cannot be told apart from its alternatives stays
U+FFFD. (Frame shifts — a byte dropped from a GBK/Big5 stream — are repaired by `_frameshift`.)
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-125x codecs)

from ._plausibility import model, rare_count, score

CHAINS: tuple[tuple[str, str], ...] = (
    ("utf-8", "gb18030"),
    ("utf-8", "cp950"),
    ("utf-8", "cp932"),
    ("utf-8", "cp949"),
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
LOSSY_MARKS = ("\ufffd", "?")
LOSSY_MAX_CHARS = 2000
LOSSY_MAX_MARKS = 60
"""Bounds of the lossy search (its cost grows with line length × marks); longer lines are
only flagged."""
RECOVER_MARGIN = 2.0
"""Log-probability (nats) by which a recovered byte must beat the next best to be trusted."""
WINDOW = 6
"""Characters either side of a lost byte that judge it."""


class Repair(NamedTuple):
    """A repaired line, why (`mojibake:utf-8/gbk`, `lossy-reframe:utf-8/gbk`) and its gain."""

    text: str
    reason: str
    gain: float


def label(chain: Iterable[tuple[str, str]]) -> str:
    """`mojibake:utf-8/gbk` (written/misread), steps joined by `+` outermost mistake last."""
    return "mojibake:" + "+".join(
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


def _utf8_reframe(pieces: list[bytes]) -> str | None:
    """UTF-8 text from byte pieces each followed (but the last) by one lost byte, or None.

    Each lost byte is searched for left to right: the byte that lets the bytes up to the next gap
    decode (an incomplete tail allowed) into the most plausible text, judged on WINDOW characters
    either side — with the line's begin or end as a neighbour when the window reaches it (a lost
    sentence-final `。` is told from `、` only by ending the line). The last two bytes of a line,
    both lost, that end a character begun before them are searched together: alone, the first
    leaves its character incomplete, with nothing to judge it by (a line-final `。`, `E3 80 82`,
    read as GBK after a lead byte keeps `E3` and loses `80` and `82`). Not inside the line: with
    ~64 times as many candidates for the same margin, such pairs were guessed wrong as often as
    right there (training split, 300 lines per script: 8 recovered, 8 wrong). A byte is only
    trusted when it beats the runner-up by RECOVER_MARGIN nats; otherwise the character it
    belongs to comes out as U+FFFD — flagged, never guessed.
    """
    recovered = pieces[0]
    uncertain: list[int] = []
    index = 1
    while index < len(pieces):
        try:  # the text before the gap, up to a character boundary
            done = _decode_prefix(recovered)
        except UnicodeDecodeError:
            return None
        tail = recovered[len(done.encode("utf-8")) :]  # an incomplete character the gap ends
        ends_line = index + 2 == len(pieces) and not pieces[index] and not pieces[-1]
        size = 2 if tail and ends_line else 1
        piece = pieces[index + size - 1]
        final = index + size == len(pieces)
        context = done[-WINDOW:]  # all the window can see of the text before the gap
        skipped = len(done) - len(context)
        options = []
        for fill in _fillings(tail, size):
            rest = tail + fill + piece
            try:  # an incomplete tail is allowed: the next gap completes it
                text = context + codecs.utf_8_decode(rest, "strict", final)[0]
            except UnicodeDecodeError:
                continue
            low = len(context) + len(_decode_prefix(tail + fill)) - WINDOW
            high = low + 2 * WINDOW
            window = text[max(0, low) : high]  # the line's ends count when the window meets them
            begin, end = low + skipped <= 0, final and high >= len(text)
            options.append((logprob(window, begin=begin, end=end), fill))
        if not options:
            return None
        options.sort(reverse=True)
        if len(options) > 1 and options[0][0] - options[1][0] < RECOVER_MARGIN:
            uncertain.extend(range(len(recovered), len(recovered) + size))
        recovered += options[0][1] + piece
        index += size
    try:
        text = recovered.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return _blank_bytes(text, uncertain)


@lru_cache(maxsize=256)
def _fillings(tail: bytes, size: int) -> tuple[bytes, ...]:
    """Every `size` bytes 0x80–0xFF that can follow `tail` (the incomplete UTF-8 character before
    a gap, maybe empty) without breaking UTF-8 (an incomplete end allowed).

    Fills completing a character the model never saw are left out when any other is possible:
    such a character scores far below every known one (it never wins, nor comes within
    RECOVER_MARGIN of the winner), and leaving them out makes two-byte gaps affordable.
    """
    fills = [b""]
    for _ in range(size):
        grown = []
        for fill in fills:
            for value in range(0x80, 0x100):
                candidate = fill + bytes([value])
                try:
                    _decode_prefix(tail + candidate)
                except UnicodeDecodeError:
                    continue
                grown.append(candidate)
        fills = grown
    known = model().unigram
    seen = [fill for fill in fills if all(ch in known for ch in _decode_prefix(tail + fill))]
    return tuple(seen or fills)


def _decode_prefix(data: bytes) -> str:
    """UTF-8 `data` decoded strictly except for an incomplete sequence at its end."""
    return codecs.utf_8_decode(data, "strict", False)[0]


def _blank_bytes(text: str, byte_offsets: list[int]) -> str:
    """`text` with each character covering one of the UTF-8 `byte_offsets` replaced by U+FFFD."""
    if not byte_offsets:
        return text
    pending = sorted(byte_offsets)
    out: list[str] = []
    position = 0
    for ch in text:
        width = len(ch.encode("utf-8"))
        hit = False
        while pending and pending[0] < position + width:
            pending.pop(0)
            hit = True
        out.append("\ufffd" if hit else ch)
        position += width
    return "".join(out)


def logprob(text: str, *, begin: bool = False, end: bool = False) -> float:
    """Total log-probability of `text` under the packaged model (`begin`/`end`: it starts/ends
    a line, see `Model.logprob`)."""
    return model().logprob(text, begin=begin, end=end)


def lossy_repair(line: str) -> Repair | None:
    """Recover UTF-8 text read through a double-byte codec that replaced bytes with a mark."""
    if len(line) > LOSSY_MAX_CHARS:
        return None
    for mark in LOSSY_MARKS:
        if mark not in line or line.count(mark) > LOSSY_MAX_MARKS:
            continue
        parts = line.split(mark)
        base = score(line)
        for true, misread in CHAINS[:4]:
            try:
                pieces = [part.encode(misread) for part in parts]
            except UnicodeEncodeError:
                continue
            text = _utf8_reframe(pieces)
            if text is None:
                continue
            value = score(text)
            if value >= MIN_SCORE and value - base >= MIN_GAIN:
                return Repair(text, "lossy-reframe:" + label([(true, misread)])[9:], value - base)
    return None
