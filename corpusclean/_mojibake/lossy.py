"""Lossy mojibake: UTF-8 read through a double-byte codec that put a mark where a byte failed.

When UTF-8 Chinese or Japanese is decoded as GBK, Big5, Shift-JIS or EUC-KR, most byte pairs
still decode (into the wrong characters: reversible, see `_mojibake.crosscodec`), but a byte the codec
cannot pair becomes U+FFFD — and a later save to a legacy encoding turns that into `?` (`锛?`).
Everything else survives: re-encoding the garbled text with the codec that misread it gives back
the original UTF-8 bytes with a one-byte hole at each mark.

The holes are filled by decoding the whole line at once. Every way of reading the bytes as UTF-8
characters the plausibility model knows (a hole may take any value that keeps the UTF-8 valid
*and* that the misreading codec would have failed on before the byte that follows it — for GBK
that leaves `0x80` alone in most places) forms a lattice, and forward–backward over it with the
model's character bigrams gives each candidate character its posterior probability. The most
likely reading is kept, but a character that covers a hole is only trusted when its posterior is
at least `TRUST`; otherwise it comes out as U+FFFD — flagged, never guessed.

Decoding the line jointly matters where holes are dense: UTF-8 read as Big5 loses about one byte
per character, so a hole's neighbours are themselves unknown and no window around one hole can
judge it alone.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache
from typing import NamedTuple

import numpy as np

from corpusclean._mojibake.crosscodec import (
    DOUBLE_BYTE,
    MIN_GAIN,
    MIN_SCORE,
    Repair,
    label,
)
from corpusclean._text.plausibility import model, score

CODECS = (*DOUBLE_BYTE, "cp1251", "cp1253")
"""Codecs whose misreading of UTF-8 is searched: the double-byte ones, and the single-byte
Cyrillic and Greek ones, which have undefined bytes too (cp1251: `0x98`, the second byte of
`И`; cp1253: 17 bytes, among them the second bytes of `ρ`, `ό`, `Μ`)."""
MARKS = ("\ufffd", "?")
"""What a lost byte became: U+FFFD, or `?` once the text was saved to a legacy encoding."""
MAX_CHARS = 2000
"""Longer lines are only flagged (decoding cost grows with length × candidates²)."""
MAX_MARKS_PER_CHAR = 6
"""Lines with more marks per surviving non-ASCII character are only flagged: a misreading
leaves garbled characters between its marks (UTF-8 read as Big5: at most 4 marks per character
in the evaluation), while a run of marks alone (binary data decoded with replacement) holds
nothing to re-frame and would cost seconds."""
TRUST = 0.95
"""Posterior a character covering a hole needs to be placed (training split: 0 of 618
characters placed wrong in GBK and Shift-JIS lines at 0.95, against 1.7–2.0% for the window
search this replaced)."""
TRUST_DENSE = 0.99
"""The same where holes cover most of the line's non-ASCII characters (`DENSE`): with guesses
for neighbours the bigram posteriors are overconfident (UTF-8 read as Big5, training split:
9% of the characters placed at 0.95 were wrong, 1% at 0.99)."""
CODEC_TRUST = {"cp932": 0.999, "cp949": 0.9999}
"""Higher bars for the misreadings whose posteriors are overconfident: UTF-8 read as Shift-JIS
and as EUC-KR (Hangul syllable bigrams are sparse: `남북` → `남부` at posterior ≥ 0.99). Each is
the lowest bar tried at which no character was placed wrong in 400 dev-split lines of its cell
(figures: docs/mojibake.md)."""
DENSE = 0.5
"""Share of non-ASCII characters over holes above which `TRUST_DENSE` applies."""
MAX_CANDIDATES = 32
"""Most frequent characters kept for one stretch of bytes with holes (two adjacent holes allow
thousands; the rare ones never win: training split, 25 recover as many characters as 100, at a
quarter of the time)."""
HOLE = -1
"""A lost byte in a byte stream."""
COPIED_CODECS = ("cp932",)
"""Misreading codecs whose copies of characters (`_copies`) `_reencode` chooses among. Not
Big5: cp950 and web-big5 have 10 and 18 copies too (box drawing, `／`), but choosing among
them lowered the dev split's web-big5 lossy lines passing from 38 to 37 of 40 (U+FFFD) and 36
to 35 (`?`)."""


class _Edge(NamedTuple):
    """Bytes `start:end` read as one of `chars`; `hole`: some of those bytes were lost."""

    start: int
    end: int
    chars: tuple[str, ...]
    hole: bool


def lossy_repair(line: str) -> Repair | None:
    """The best recovery of `line` as UTF-8 misread by a double-byte codec, or None.

    Kept only when the recovered line is plausible and far more plausible than the line as it
    stands, both judged without their marks (where holes are dense, as in UTF-8 read as Big5,
    most characters stay marks and would swamp the score).
    """
    if len(line) > MAX_CHARS:
        return None
    best: Repair | None = None
    for mark in MARKS:
        if mark not in line:
            continue
        parts = line.split(mark)
        kept = "".join(parts)
        if len(parts) - 1 > MAX_MARKS_PER_CHAR * (len(kept) - len(kept.encode("ascii", "ignore"))):
            continue
        base = score(kept)
        streams: set[tuple[int, ...]] = set()
        for misread in CODECS:
            try:
                stream = _with_holes(_reencode(parts, misread))
            except UnicodeEncodeError:
                continue
            if tuple(stream) in streams and misread == "web-big5":
                continue  # the same bytes as cp950's, where Big5-HKSCS adds nothing
            streams.add(tuple(stream))
            text = recover(stream, misread, literal=mark if mark.isascii() else None)
            if text is None:
                continue
            known = text.replace("\ufffd", "")
            if known.isascii():
                continue  # nothing but marks came back: no repair, the line stays flagged
            value = score(known)
            if value >= MIN_SCORE and value - base >= MIN_GAIN and (
                best is None or value - base > best.gain
            ):
                best = Repair(text, label([("utf-8", misread)], "lossy-reframe"), value - base)
    return best


def _reencode(parts: list[str], misread: str) -> list[bytes]:
    """The bytes `misread` decoded each of `parts` from (the pieces between marks).

    Where the codec reads one character from several byte pairs — cp932 has 396 such, the NEC
    row 13 and IBM extension copies of JIS symbols (`≡` is `81 DF` and `87 91`) — its encoder
    gives back one of them, often not the one the text was read from, and the UTF-8 breaks
    (`金` = `E9 87 91`: Shift-JIS read `87 91` as `≡`, which it encodes as `81 DF`; no reading of
    a dev split line of 348 characters was valid UTF-8, and a partial repair of it left 26
    lost characters garbled). Each such character takes the
    first of its byte pairs that keeps the UTF-8 valid after the bytes before it
    (`_continues_utf8`). Only for `COPIED_CODECS`."""
    copies = _copies(misread) if misread in COPIED_CODECS else {}
    if not copies:
        return [part.encode(misread) for part in parts]
    out = []
    for part in parts:
        data = bytearray()
        for ch in part:
            options = copies.get(ch)
            if options is None:
                data += ch.encode(misread)
            else:
                data += next((o for o in options if _continues_utf8(data, o)), options[0])
        out.append(bytes(data))
    return out


@cache
def _copies(misread: str) -> dict[str, tuple[bytes, ...]]:
    """Characters that `misread` decodes from more than one byte pair, with every such pair
    (the encoder's own choice first); empty for codecs without copies (GBK, EUC-KR, cp1251)."""
    found: dict[str, list[bytes]] = {}
    for lead in range(0x81, 0x100):
        for trail in range(0x40, 0x100):
            pair = bytes([lead, trail])
            try:
                text = pair.decode(misread)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                found.setdefault(text, []).append(pair)
    copies = {}
    for ch, pairs in found.items():
        if len(pairs) > 1:
            own = ch.encode(misread)
            copies[ch] = (own, *(pair for pair in pairs if pair != own))
    return copies


def _continues_utf8(data: bytearray, pair: bytes) -> bool:
    """True if `pair` may follow `data` in UTF-8: continuation bytes exactly where the last lead
    byte of `data` still expects them, and none where it does not (the start of a piece, after a
    lost byte, accepts anything)."""
    pending = None  # continuation bytes still expected; None: unknown (start of the piece)
    for value in (*data[-3:], *pair):
        if 0x80 <= value <= 0xBF:
            if pending == 0:
                return False
            pending = None if pending is None else pending - 1
        elif pending:
            return False
        else:
            pending = 0 if value < 0x80 else _utf8_size(value) - 1
            if pending < 0:
                return False
    return True


def _with_holes(pieces: list[bytes]) -> list[int]:
    """The byte values of `pieces` with a `HOLE` between each two."""
    stream: list[int] = list(pieces[0])
    for piece in pieces[1:]:
        stream.append(HOLE)
        stream.extend(piece)
    return stream


def recover(stream: list[int], misread: str, literal: str | None = None) -> str | None:
    """The most likely UTF-8 text behind `stream` (bytes with `HOLE`s that `misread` failed on),
    with U+FFFD for each character of a damaged run (adjacent characters over holes) in which
    any character's posterior is below `TRUST` — a run is restored whole or marked whole, never
    partly guessed; None when no reading of the bytes is valid UTF-8.

    `literal`: the mark was an ASCII character (`?`) that the text may also hold for real (a URL's
    query, a half-width question mark), so each hole may also be read as that character.
    """
    if not stream:
        return ""
    m = model()
    ending: dict[int, list[int]] = {0: []}  # byte offset -> nodes (indices) ending there
    nodes: list[tuple[_Edge, int]] = []  # (edge, index of its character)
    alpha: list[float] = []
    best: list[float] = []
    back: list[int] = []
    links: list[tuple[_Edge, list[int], np.ndarray | float, int]] = []
    for edge in _edges(stream, misread, literal):
        if edge.start not in ending:
            continue  # unreachable
        previous = ending[edge.start]
        first = len(nodes)
        table: np.ndarray | float
        if len(previous) == 1 and len(edge.chars) == 1:  # a link of a chain: no choice here
            (before,) = previous
            table = m.pair(nodes[before][0].chars[nodes[before][1]], edge.chars[0])
            alpha.append(alpha[before] + table)
            best.append(best[before] + table)
            back.append(before)
        else:
            table = _transitions([nodes[i][0].chars[nodes[i][1]] for i in previous], edge.chars)
            if previous:
                viterbi = np.array([best[i] for i in previous])[:, None] + table
                alpha.extend(_logsumexp(np.array([alpha[i] for i in previous])[:, None] + table))
                best.extend(viterbi.max(axis=0))
                back.extend(previous[j] for j in viterbi.argmax(axis=0))
            else:
                alpha.extend(table[0])
                best.extend(table[0])
                back.extend([-1] * len(edge.chars))
        nodes.extend((edge, k) for k in range(len(edge.chars)))
        ending.setdefault(edge.end, []).extend(range(first, len(nodes)))
        links.append((edge, previous, table, first))
    final = ending.get(len(stream))
    if not final:
        return None
    closing = {i: m.last(nodes[i][0].chars[nodes[i][1]]) for i in final}
    total = _logsumexp(np.array([[alpha[i] + closing[i] for i in final]]).T)[0]
    beta = _backward(links, closing, len(nodes))
    path = [max(final, key=lambda i: best[i] + closing[i])]
    while back[path[-1]] >= 0:
        path.append(back[path[-1]])
    path.reverse()
    holes = sum(nodes[i][0].hole for i in path)
    wide = sum(nodes[i][0].end - nodes[i][0].start > 1 for i in path)
    trust = max(TRUST_DENSE if holes > DENSE * wide else TRUST, CODEC_TRUST.get(misread, 0.0))
    out = []
    start = 0
    while start < len(path):  # a damaged run: adjacent characters over holes
        end = start
        while end < len(path) and nodes[path[end]][0].hole:
            end += 1
        if end == start:
            edge, k = nodes[path[start]]
            out.append(edge.chars[k])
            start += 1
            continue
        run = path[start:end]
        if all(math.exp(alpha[node] + beta[node] - total) >= trust for node in run):
            out.extend(nodes[node][0].chars[nodes[node][1]] for node in run)
        else:
            out.append("\ufffd" * len(run))
        start = end
    return "".join(out)


def _backward(
    links: list[tuple[_Edge, list[int], np.ndarray | float, int]],
    closing: dict[int, float],
    size: int,
) -> list[float]:
    """log P(rest of the line | node) for every node, from the transitions of `recover`."""
    beta = [-math.inf] * size
    for index, value in closing.items():
        beta[index] = value
    for edge, previous, table, first in reversed(links):
        if not previous:
            continue
        if isinstance(table, float):
            (before,) = previous
            beta[before] = _logaddexp(beta[before], table + beta[first])
            continue
        after = np.array(beta[first : first + len(edge.chars)])
        for index, value in zip(previous, _logsumexp((table + after[None, :]).T)):
            beta[index] = _logaddexp(beta[index], float(value))
    return beta


def _logaddexp(one: float, other: float) -> float:
    """log(exp(one) + exp(other)) for two floats, −inf allowed."""
    if one < other:
        one, other = other, one
    if other == -math.inf:
        return one
    return one + math.log1p(math.exp(other - one))


def _logsumexp(values: np.ndarray) -> np.ndarray:
    """log Σ exp over axis 0 (columns of only −inf give −inf)."""
    top = values.max(axis=0)
    safe = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore"):
        return safe + np.log(np.exp(values - safe).sum(axis=0))


def _transitions(previous: list[str], chars: tuple[str, ...]) -> np.ndarray:
    """log P(char | previous character) for each pair (the line's begin when none)."""
    m = model()
    if not previous:
        return np.array([[m.first(ch) for ch in chars]])
    return m.transitions(previous, chars)


def _edges(stream: list[int], misread: str, literal: str | None = None) -> list[_Edge]:
    """Every way to read a character at each byte offset, in offset order (a hole also as the
    `literal` mark itself, when given).

    A two-byte character (U+0080–U+07FF: Latin, Greek, Cyrillic…) starts at a lost lead byte
    only when the line holds one whose lead survived: otherwise the best path can read six lost
    bytes of Korean as three Cyrillic letters instead of two syllables, and the marked run has
    the wrong length (every lost character of such a line counts as wrong)."""
    edges: list[_Edge] = []
    size_of = len(stream)
    sizes = (2, 3, 4) if any(0xC2 <= value <= 0xDF for value in stream) else (3, 4)
    for start, lead in enumerate(stream):
        if literal is not None and lead == HOLE:
            edges.append(_Edge(start, start + 1, (literal,), False))
        for size in sizes if lead == HOLE else (_utf8_size(lead),):
            end = start + size
            if not size or end > size_of:
                continue
            chunk = tuple(stream[start:end])
            if HOLE not in chunk:
                try:
                    edges.append(_Edge(start, end, (bytes(chunk).decode("utf-8"),), False))
                except UnicodeDecodeError:
                    pass
                continue
            following = stream[end] if end < size_of else HOLE
            chars = _candidates(chunk, following, misread)
            if chars:
                edges.append(_Edge(start, end, chars, True))
    return edges


def _utf8_size(lead: int) -> int:
    """Bytes of the UTF-8 character `lead` begins (0: not a lead byte)."""
    if lead < 0x80:
        return 1
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    return 4 if 0xF0 <= lead <= 0xF4 else 0


@lru_cache(maxsize=65536)
def _candidates(chunk: tuple[int, ...], following: int, misread: str) -> tuple[str, ...]:
    """Known characters whose UTF-8 bytes fit `chunk`, each hole taking a value that `misread`
    fails on before the byte after it (`following`: the next byte of the stream); two adjacent
    holes must fail as a pair."""
    shape = _shapes().get(chunk)
    if shape is None:
        return ()
    chars, values = shape
    fits = np.ones(len(chars), dtype=bool)
    holes = [k for k, value in enumerate(chunk) if value == HOLE]
    for column, k in enumerate(holes):
        if k + 1 < len(chunk) and chunk[k + 1] == HOLE:  # the next byte was lost too
            fits &= _pair_failing(misread)[values[:, column], values[:, column + 1]]
            continue
        after = chunk[k + 1] if k + 1 < len(chunk) else following
        fits &= _failing(misread, after)[values[:, column]]
    return tuple(chars[i] for i in np.flatnonzero(fits)[:MAX_CANDIDATES])


@cache
def _pair_failing(misread: str) -> np.ndarray:
    """`_failing` for every next byte at once: [value, following] is True where `misread`
    cannot decode `value` before `following`."""
    return np.array([_failing(misread, following) for following in range(256)]).T


@cache
def _failing(misread: str, following: int) -> np.ndarray:
    """Which byte values (a mask over 0–255) `misread` cannot decode when `following` comes
    next: any of 0x80–0xFF when the next byte is itself lost or the line ends."""
    mask = np.zeros(256, dtype=bool)
    for value in range(0x80, 0x100):
        mask[value] = (
            following == HOLE
            or bytes([value, following]).decode(misread, "replace")[0] == "\ufffd"
        )
    return mask


@lru_cache(maxsize=1)
def _shapes() -> dict[tuple[int, ...], tuple[tuple[str, ...], np.ndarray]]:
    """UTF-8 bytes with some positions lost (`HOLE`) → the known characters that fit, most
    frequent first, and the values of their bytes at the holes (one row per character)."""
    table: dict[tuple[int, ...], list[tuple[int, str, tuple[int, ...]]]] = {}
    for ch, count in model().char_counts.items():
        data = ch.encode("utf-8")
        size = len(data)
        for mask in range(1, 1 << size) if size > 1 else ():
            lost = [k for k in range(size) if mask >> k & 1]
            key = tuple(HOLE if k in lost else data[k] for k in range(size))
            table.setdefault(key, []).append((-count, ch, tuple(data[k] for k in lost)))
    shapes = {}
    for key, found in table.items():
        found.sort()
        values = np.array([lost for _, _, lost in found], dtype=np.uint8)
        shapes[key] = (tuple(ch for _, ch, _ in found), values)
    return shapes
