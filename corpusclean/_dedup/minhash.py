"""Normalised text, shingles and MinHash sketches, computed for many documents at once.

Deduplication compares documents by the sets of their shingles (overlapping n-grams). Two
things make this work on real web text:

* **Normalisation first.** NFKC, case folding, punctuation and whitespace removed, Traditional
  folded into Simplified (`corpusclean._text.script.to_simplified_chars`): a reformatted copy, a
  full-width-punctuation copy and an OpenCC-converted copy then have the same shingles.
* **Character shingles in every script.** Shingles are 5-grams of the folded characters with
  spaces dropped: they work alike for Chinese and Japanese, which put no spaces between words,
  and for space-delimited text, where one changed word breaks about five character shingles
  rather than five whole word shingles (measured against word n-grams and both on the
  development split of eval/dedup; see docs/dedup.md). Word shingles (every Han, kana, Thai,
  Lao, Khmer or Myanmar character a token, runs of other letters and digits word tokens) remain
  available as `shingles="word"`.

Signatures are datasketch's own `affine32` scheme (MurmurHash3 finaliser, then `a * h + b`
modulo 2^32 with datasketch's permutations for the same seed), so they are `LeanMinHash`-
compatible. What differs from `MinHash.update_batch` is the shingle hash: instead of SHA-1 on
every shingle's bytes in a Python loop, the code points of a whole batch of documents are hashed
as one numpy array (token hashes by `add.reduceat`, n-grams by shifted sums), and the
permutations are one vectorised multiply-add-min over the batch. A sketch also carries one hash
and length per distinct line, for the shared-block guard of `clusters`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import numpy as np
import regex
import xxhash

from corpusclean._data import DATA
from corpusclean._errors import ConfigError
from corpusclean._text.script import to_simplified_chars

if TYPE_CHECKING:
    from datasketch import LeanMinHash

NUM_PERM = 128
"""Permutations per signature: the usual datasketch default (error of a Jaccard estimate ≈ 0.04)."""
SEED = 1
"""datasketch's default seed: signatures are comparable with any default `MinHash(scheme="affine32")`."""
NGRAM = 5
"""Tokens per shingle (characters with `"char"` shingles; see docs/dedup.md for the choice)."""
SHINGLINGS = ("char", "word", "both")
SHINGLES = "char"
"""Shingles of folded characters in every script (measured against words and both on the
development split of eval/dedup; see docs/dedup.md)."""
SCHEME = "affine32"
DEFAULT_THRESHOLD = 0.35
"""Estimated Jaccard similarity from which two documents are duplicates (chosen by
`eval/dedup/evaluate.py`; see docs/dedup.md)."""

_SEPARATOR = regex.compile(r"[\p{P}\p{S}\p{Z}\p{C}\s]")
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_POSITION_FACTORS = np.array([(0x9E3779B97F4A7C15 * (2 * k + 1)) % (1 << 64) for k in range(64)], dtype=np.uint64)
"""One odd factor per position in a shingle, so that `ab` and `ba` hash differently (the tokens
are already mixed; the shingle's sum is mixed once more)."""
_SHINGLES_PER_BLOCK = 1 << 13
"""Shingles permuted at a time: the (permutations × shingles) uint32 block is 4 MiB, which the
multiply, the add and the segment minima find still in cache (8 MiB blocks were 10–25% slower
on the benchmark of docs/dedup.md, 1–2 MiB no faster). Laid out
permutation-major, each row's multiply-add and segment minima run over contiguous memory, which
is an order of magnitude faster than the shingle-major layout."""
_CHARACTERS_PER_BATCH = 1 << 20
"""Characters hashed together: bounds the batch's working arrays to a few hundred MiB."""
_CHARACTER_TOKEN_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # kana
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),  # Han
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)
"""Scripts written without spaces between words: each character is a token."""


_TABLE_SIZE = 0x31350
"""Code points the fold table covers (through CJK Extension G); higher ones are left as they are."""
_SPACE = 32


_MORE_HAN_FOLDS = {"帐": "账", "呉": "吴", "砲": "炮"}
"""Variants the table below lacks, found as the only difference in UD Chinese-GSD/GSDSimp
exact-conversion pairs (帳戶 → 账户 by phrase, 呉 and 砲 as GSD writes them); with character
shingles a short sentence with one of them falls under the short-text threshold."""


@cache
def _han_folds() -> dict[int, str]:
    """Variant characters OpenCC converts by phrase (著/着, 牠/它): see scripts/build_han_folds.py."""
    rows = (DATA / "han_folds.tsv").read_text(encoding="utf-8").splitlines()
    folds = {ord(source): target for source, target in (row.split("\t") for row in rows)}
    folds.update({ord(source): target for source, target in _MORE_HAN_FOLDS.items()})
    return folds


_HANGUL_JAMO = ((0x1100, 0x11FF), (0xA960, 0xA97F), (0xD7B0, 0xD7FF))


@cache
def _fold_table() -> tuple[np.ndarray, np.ndarray]:
    """Code point -> folded code point, and which code points need a real NFKC pass.

    The fold is NFKC and case folding of the single character (when that is one character),
    Traditional→Simplified (`to_simplified_chars`), the phrase-level variants folded together,
    and every separator (punctuation, symbol, space, control) mapped to a space. A character
    whose NFKC form is several characters (ﬁ, ①, ㈱) or that NFKC may compose with its
    neighbours (combining marks, Hangul jamo) is flagged instead: texts holding one get the
    real `unicodedata.normalize` first. Built once; applying it is one numpy lookup per batch
    instead of NFKC, two `str.translate` calls and a regex substitution per document.
    """
    single = []
    full = np.zeros(_TABLE_SIZE, dtype=bool)
    for code in range(_TABLE_SIZE):
        ch = chr(code)
        folded = unicodedata.normalize("NFKC", ch).casefold() if not 0xD800 <= code <= 0xDFFF else ch
        if len(folded) != 1 or unicodedata.category(ch).startswith("M"):
            full[code] = True
            folded = ch
        single.append(folded)
    for low, high in _HANGUL_JAMO:
        full[low : high + 1] = True
    mapped = "".join(single)
    folded_all = to_simplified_chars(mapped).translate(_han_folds())
    if len(folded_all) != _TABLE_SIZE:
        raise AssertionError("character folds must map one character to one character")
    table = np.frombuffer(folded_all.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).copy()
    table[[match.start() for match in _SEPARATOR.finditer(mapped)]] = _SPACE
    return table, full


_STOP, _WHITE, _ENDS = 1, 2, 3
_BREAK_KINDS = np.zeros(0xFF21, dtype=np.uint8)
"""Code point (clamped to the last, a plain character) -> 0, or `_STOP` (a full stop: it ends a
sentence when white space follows), `_WHITE` (space, tab) or `_ENDS` (a line break, 。！？．!?:
a line or sentence ends there)."""
_BREAK_KINDS[[0x2E]] = _STOP
_BREAK_KINDS[[9, 32]] = _WHITE
_BREAK_KINDS[[10, 13, 0x3002, 0xFF01, 0xFF1F, 0xFF0E, 0x21, 0x3F]] = _ENDS


def _fold_codes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The folded code points of all `texts` concatenated, the text index of each one, and
    which of them end a line or a sentence (all of these fold to a space like any separator).

    Case folding is done on the string, the rest by the `_fold_table` lookup; only texts with
    a character the table cannot fold alone go through `unicodedata.normalize("NFKC")` first.
    """
    table, full = _fold_table()
    encoded = [text.casefold().encode("utf-32-le", "surrogatepass") for text in texts]
    codes = np.frombuffer(b"".join(encoded), dtype=np.uint32)
    lengths = np.fromiter((len(chunk) // 4 for chunk in encoded), dtype=np.int64, count=len(encoded))
    owner = np.repeat(np.arange(len(texts)), lengths)
    inside = np.minimum(codes, _TABLE_SIZE - 1)
    flagged = np.unique(owner[full[inside] & (codes < _TABLE_SIZE)])
    if len(flagged):
        for number in flagged.tolist():
            encoded[number] = unicodedata.normalize("NFKC", texts[number]).casefold().encode("utf-32-le", "surrogatepass")
        codes = np.frombuffer(b"".join(encoded), dtype=np.uint32)
        lengths = np.fromiter((len(chunk) // 4 for chunk in encoded), dtype=np.int64, count=len(encoded))
        owner = np.repeat(np.arange(len(texts)), lengths)
        inside = np.minimum(codes, _TABLE_SIZE - 1)
    kind = _BREAK_KINDS[np.minimum(codes, len(_BREAK_KINDS) - 1)]
    breaks = kind == _ENDS
    stops = np.flatnonzero(kind[:-1] == _STOP)
    breaks[stops[kind[stops + 1] >= _WHITE]] = True
    breaks[-1:] |= kind[-1:] == _STOP
    return np.where(codes < _TABLE_SIZE, table[inside], codes), owner, breaks


def normalize(text: str) -> str:
    """The text as dedup compares it: NFKC, case-folded, Traditional folded to Simplified (and
    the few variants OpenCC converts by phrase folded together), every run of punctuation,
    symbols, spaces and controls replaced by one space.

    Word boundaries survive as single spaces because word shingles need them; the exact-copy
    key drops them too.
    """
    return normalize_all([text])[0]


def normalize_all(texts: Sequence[str]) -> list[str]:
    """`normalize` of each of `texts`, folded in one batch: the lines of a whole document cost
    one array pass, not one call each."""
    codes, owner, _ = _fold_codes(texts)
    folded = codes.tobytes().decode("utf-32-le", "surrogatepass")
    ends = np.cumsum(np.bincount(owner, minlength=len(texts))).tolist()
    return [" ".join(folded[start:end].split()) for start, end in zip([0, *ends[:-1]], ends)]


def _exact_keys(codes: np.ndarray, document: np.ndarray, count: int) -> np.ndarray:
    """64-bit hash per document of its folded text without spaces: equal for copies that differ
    only in format, case, punctuation or script variant."""
    kept = codes != _SPACE
    data = memoryview(codes[kept].tobytes())
    ends = np.cumsum(np.bincount(document[kept], minlength=count)) * 4
    starts = np.concatenate(([0], ends[:-1]))
    return np.fromiter(
        (xxhash.xxh3_64_intdigest(data[start:end]) for start, end in zip(starts.tolist(), ends.tolist())),
        dtype=np.uint64,
        count=count,
    )


@lru_cache(maxsize=8)
def permutations(num_perm: int = NUM_PERM, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's `affine32` permutation parameters `(a, b)` for `num_perm` and `seed`.

    Drawn as `datasketch.MinHash._init_permutations` draws them (an odd `a` below 2^32, then `b`,
    from `numpy.random.RandomState(seed)`), without importing datasketch: its package pulls in
    scipy, 1.5 CPU-s at every start of a process (each worker, each pre-commit run).
    `tests/test_dedup.py` checks the two agree."""
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


@dataclass(frozen=True)
class Signatures:
    """Sketches of a batch of documents, one row each: everything dedup keeps of a document.

    `hashvalues[i]` is document i's MinHash (uint32, datasketch `affine32` scheme); `exact[i]`
    its exact-copy key (folded text without spaces); `sizes[i]` how many distinct shingles it
    has (0: nothing to compare, e.g. a text of punctuation only — such a document is never a
    duplicate); `chars[i]` how many folded characters other than spaces it has. Its distinct
    lines — sentences: a line is cut at every line break and sentence end — are
    `line_hashes[line_starts[i]:line_starts[i + 1]]` (folded, spaces dropped) with their
    `line_chars`, for the shared-block guard and the common-line candidates. A pure function of the texts (`signatures`),
    so workers can compute it and send it on as a few arrays (`row_bytes`, about 0.6 kB).
    """

    hashvalues: np.ndarray
    exact: np.ndarray
    sizes: np.ndarray
    chars: np.ndarray
    line_hashes: np.ndarray
    line_chars: np.ndarray
    line_starts: np.ndarray

    def __len__(self) -> int:
        return len(self.sizes)

    def lines(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """Hashes and character counts of document `row`'s distinct lines."""
        low, high = int(self.line_starts[row]), int(self.line_starts[row + 1])
        return self.line_hashes[low:high], self.line_chars[low:high]

    def take(self, rows: Sequence[int] | np.ndarray) -> Signatures:
        """The sketches of `rows`, in that order."""
        rows = np.asarray(rows, dtype=np.int64)
        counts = self.line_starts[rows + 1] - self.line_starts[rows]
        picked = np.concatenate([np.arange(self.line_starts[r], self.line_starts[r + 1]) for r in rows.tolist()] or [np.zeros(0, np.int64)])
        return Signatures(
            self.hashvalues[rows],
            self.exact[rows],
            self.sizes[rows],
            self.chars[rows],
            self.line_hashes[picked],
            self.line_chars[picked],
            np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
        )

    @staticmethod
    def concatenate(parts: Sequence[Signatures]) -> Signatures:
        """One batch made of `parts`, in order."""
        if len(parts) == 1:
            return parts[0]
        offsets = np.cumsum([0] + [len(p.line_hashes) for p in parts[:-1]])
        starts = [p.line_starts[:-1] + offset for p, offset in zip(parts, offsets)]
        return Signatures(
            np.concatenate([p.hashvalues for p in parts]),
            np.concatenate([p.exact for p in parts]),
            np.concatenate([p.sizes for p in parts]),
            np.concatenate([p.chars for p in parts]),
            np.concatenate([p.line_hashes for p in parts]),
            np.concatenate([p.line_chars for p in parts]),
            np.concatenate([*starts, [sum(len(p.line_hashes) for p in parts)]]).astype(np.int64),
        )


def _mix64(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads every input bit over the 64 output bits (wrapping uint64)."""
    values = (values ^ (values >> np.uint64(30))) * _M1
    values = (values ^ (values >> np.uint64(27))) * _M2
    return values ^ (values >> np.uint64(31))


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, as datasketch applies it before the affine permutations."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def _token_hashes(folded: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hash of every token of the folded code points (`_fold_codes`) and the document it is in."""
    codes = folded.astype(np.int64)
    blank = codes == _SPACE
    per_character = np.zeros(len(codes), dtype=bool)
    for low, high in _CHARACTER_TOKEN_RANGES:
        per_character |= (codes >= low) & (codes <= high)
    previous_breaks = np.empty(len(codes), dtype=bool)
    previous_breaks[:1] = True
    previous_breaks[1:] = blank[:-1] | per_character[:-1] | (owner[1:] != owner[:-1])
    starts_token = ~blank & (per_character | previous_breaks)
    in_token = np.flatnonzero(~blank)
    if len(in_token) == 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    token_of_char = np.cumsum(starts_token)[in_token] - 1
    starts = np.flatnonzero(starts_token[in_token])
    position = np.arange(len(in_token)) - starts[token_of_char]
    mixed = _mix64(codes[in_token].astype(np.uint64) ^ (position.astype(np.uint64) << np.uint64(32)))
    tokens = np.add.reduceat(mixed, starts)
    return tokens, owner[in_token[starts]]


def _shingle_hashes(tokens: np.ndarray, document: np.ndarray, ngram: int) -> tuple[np.ndarray, np.ndarray]:
    """32-bit hash of every n-gram of consecutive tokens of one document, and its document.

    A document with fewer than `ngram` tokens gets one shingle made of all of them, so short
    texts still have a signature.
    """
    salted = [tokens * _POSITION_FACTORS[k] for k in range(ngram)]
    count = len(tokens) - ngram + 1
    hashes: list[np.ndarray] = []
    owners: list[np.ndarray] = []
    if count > 0:
        total = salted[0][:count].copy()
        for k in range(1, ngram):
            total += salted[k][k : k + count]
        valid = document[:count] == document[ngram - 1 :]
        hashes.append(total[valid])
        owners.append(document[:count][valid])
    first = np.flatnonzero(np.diff(document, prepend=-1))
    lengths = np.diff(first, append=len(tokens))
    short = lengths < ngram
    if short.any():
        chosen = np.repeat(short, lengths)
        position = (np.arange(len(tokens)) - np.repeat(first, lengths))[chosen]
        picked = np.stack(salted)[position, np.flatnonzero(chosen)]
        hashes.append(np.add.reduceat(picked, np.cumsum(lengths[short]) - lengths[short]))
        owners.append(document[first[short]])
    if not hashes:
        return np.zeros(0, np.uint32), np.zeros(0, np.int64)
    combined = _mix64(np.concatenate(hashes))
    return (combined >> np.uint64(32)).astype(np.uint32), np.concatenate(owners)


def signatures(texts: Sequence[str], *, num_perm: int = NUM_PERM, ngram: int = NGRAM, shingles: str = SHINGLES) -> Signatures:
    """MinHash sketches of `texts`, computed a batch at a time (a pure function of the texts).

    `shingles`: `"char"` (n-grams of the folded characters, spaces dropped), `"word"` (n-grams
    of tokens: words of space-delimited text, single characters of CJK and other scripts
    written without spaces) or `"both"` (the union of the two sets). Batches hold up to
    `_CHARACTERS_PER_BATCH` characters (a longer text is a batch of its own), so the working
    arrays stay bounded however many texts are passed.
    """
    if shingles not in SHINGLINGS:
        raise ConfigError(f"dedup shingles must be one of {', '.join(SHINGLINGS)}, not {shingles!r}")
    parts: list[Signatures] = []
    start = 0
    while start < len(texts) or not parts:
        stop, size = start, 0
        while stop < len(texts) and (stop == start or size + len(texts[stop]) <= _CHARACTERS_PER_BATCH):
            size += len(texts[stop])
            stop += 1
        parts.append(_batch_signatures(texts[start:stop], num_perm, ngram, shingles))
        start = stop
    return Signatures.concatenate(parts)


def _char_tokens(folded: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One token per folded character other than a space, and the document it is in."""
    kept = folded != _SPACE
    return _mix64(folded[kept].astype(np.uint64) | np.uint64(1 << 40)), owner[kept]


def _line_sketches(folded: np.ndarray, owner: np.ndarray, breaks: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hash and character count of every distinct non-blank line of each document, and the
    start of each document's lines: `(hashes, chars, starts)`.

    Lines end at `breaks`: line breaks and sentence ends, so that a sentence kept whole by an
    edited copy or an excerpt of a one-paragraph text is a line both hold. A line is hashed on its folded characters without spaces, so a reformatted or re-scripted
    copy of a line has the same hash. Vectorised: one position-salted mix per character, summed
    per line.
    """
    line_number = np.cumsum(breaks | np.concatenate(([True], owner[1:] != owner[:-1])))
    kept = (folded != _SPACE) & ~breaks
    lines = line_number[kept]
    if len(lines) == 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.int32), np.zeros(count + 1, np.int64)
    starts = np.flatnonzero(np.diff(lines, prepend=-1))
    position = np.arange(len(lines)) - np.repeat(starts, np.diff(starts, append=len(lines)))
    mixed = _mix64(folded[kept].astype(np.uint64) ^ (position.astype(np.uint64) << np.uint64(32)))
    hashes = _mix64(np.add.reduceat(mixed, starts))
    chars = np.diff(starts, append=len(lines))
    documents = owner[kept][starts]
    order = np.lexsort((hashes, documents))
    hashes, chars, documents = hashes[order], chars[order], documents[order]
    first = np.concatenate(([True], (hashes[1:] != hashes[:-1]) | (documents[1:] != documents[:-1])))
    hashes, chars, documents = hashes[first], chars[first], documents[first]
    line_starts = np.searchsorted(documents, np.arange(count + 1))
    return hashes, chars.astype(np.int32), line_starts.astype(np.int64)


def _batch_signatures(texts: Sequence[str], num_perm: int, ngram: int, shingles: str) -> Signatures:
    """`signatures` of one batch: the texts are folded as one code point array, their shingles
    hashed, duplicates within a document removed (one sort of `document << 32 | hash` keys), and
    the permutations applied block by block to bounded slices of the shingle array."""
    folded, owner, breaks = _fold_codes(texts)
    exact = _exact_keys(folded, owner, len(texts))
    parts = []
    if shingles in ("word", "both"):
        parts.append(_shingle_hashes(*_token_hashes(folded, owner), ngram))
    if shingles in ("char", "both"):
        parts.append(_shingle_hashes(*_char_tokens(folded, owner), ngram))
    shingled = np.concatenate([hashes for hashes, _ in parts])
    owners = np.concatenate([documents for _, documents in parts])
    keys = np.sort((owners.astype(np.uint64) << np.uint64(32)) | shingled.astype(np.uint64))
    if len(keys):
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    owners = (keys >> np.uint64(32)).astype(np.int64)
    values = _fmix32((keys & np.uint64(0xFFFFFFFF)).astype(np.uint32))
    a, b = permutations(num_perm)
    minima = np.full((num_perm, len(texts)), np.iinfo(np.uint32).max, dtype=np.uint32)
    block = np.empty((num_perm, _SHINGLES_PER_BLOCK), dtype=np.uint32)
    for low in range(0, len(values), _SHINGLES_PER_BLOCK):
        chunk = values[low : low + _SHINGLES_PER_BLOCK]
        permuted = block[:, : len(chunk)]
        np.multiply(a[:, None], chunk[None, :], out=permuted)
        permuted += b[:, None]
        chunk_owners = owners[low : low + len(chunk)]
        segment = np.flatnonzero(np.diff(chunk_owners, prepend=-1))
        rows = chunk_owners[segment]
        minima[:, rows] = np.minimum(minima[:, rows], np.minimum.reduceat(permuted, segment, axis=1))
    hashvalues = np.ascontiguousarray(minima.T)
    sizes = np.bincount(owners, minlength=len(texts)).astype(np.int32)
    chars = np.bincount(owner[folded != _SPACE], minlength=len(texts)).astype(np.int32)
    line_hashes, line_chars, line_starts = _line_sketches(folded, owner, breaks, len(texts))
    return Signatures(hashvalues, exact, sizes, chars, line_hashes, line_chars, line_starts)


def checked_threshold(threshold: float) -> float:
    """`threshold` if it is a usable similarity threshold, in (0, 1]; else a ConfigError."""
    if not 0.0 < threshold <= 1.0:
        raise ConfigError(f"dedup threshold must be in (0, 1], not {threshold!r}")
    return threshold


def lean_minhash(hashvalues: np.ndarray) -> LeanMinHash:
    """One signature row as a datasketch `LeanMinHash` (for `MinHashLSH` and datasketch's tools)."""
    from datasketch import LeanMinHash

    return LeanMinHash(seed=SEED, hashvalues=hashvalues, scheme=SCHEME)


def similarity(first: np.ndarray, second: np.ndarray) -> np.ndarray | float:
    """Estimated Jaccard similarity: the share of permutations whose minima agree.

    `second` may be a 2-D array of signatures; the result is then one estimate per row.
    """
    return np.mean(first == second, axis=-1)
