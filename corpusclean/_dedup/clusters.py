"""Exact and near-duplicate documents across a corpus: clusters, the copy kept, the dedup step.

The work splits the way a distributed engine would run it:

1. **Sketch** (a pure per-document function, `minhash.signatures`): MinHash signature, exact
   key, shingle and character counts, one hash and length per distinct line.
2. **Candidates**: the signatures are cut into LSH bands; documents that agree on a whole band
   are candidates (a sort of `(band hash, document)` keys per band — a shuffle by key).
   Documents with the same exact key (equal up to format, case, punctuation and script) are
   merged at once and only one of them enters the bands.
3. **Scoring**: each candidate pair gets its estimated Jaccard similarity from the full
   signatures; pairs at `CONTAINMENT_FLOOR` or more go on.
4. **The shared-block guard** (`SharedBlocks`): lines held by exactly the same documents form a
   block; a block is *shared* (a footer, a disclaimer, a menu) when at least `BLOCK_WITNESSES`
   of its holders have text of their own and are not related once it is set aside — so it
   weighs the distinct articles a line appears in, not its raw document count. A pair is then
   judged on what is left without the shared blocks: a near-duplicate at `threshold`, or an
   excerpt (`containment` of the smaller inside the larger, reported as `contained_in`). A
   document that is (almost) only shared blocks has no body to be a copy of.
5. **Clusters**: union-find over the accepted pairs, then the keep policy.

Memory per document is its sketch (a 512-byte signature, 16 bytes of keys and counts, 12 bytes
per distinct line), its band hashes (8 bytes per band) and its id; signatures and band hashes
go to a temporary file beyond `SPILL_BYTES`. Texts are never kept.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import TypedDict, TypeVar

import numpy as np

from corpusclean._dedup.index import SignatureIndex, band_hashes
from corpusclean._dedup.minhash import (
    DEFAULT_THRESHOLD,
    NUM_PERM,
    Signatures,
    checked_threshold,
    signatures,
)
from corpusclean._document import Document
from corpusclean._errors import ConfigError

KEEP_POLICIES = ("best-quality", "longest", "first", "best")
"""`best-quality`: fewest flags, then longest, then source path; `longest`: longest, then first;
`first`: first in input order; `best` is the earlier name of `best-quality`."""
DEFAULT_CONTAINMENT = 0.8
"""Share of a document's shingles found inside a longer one from which it is an excerpt of it."""
BANDS, ROWS = 42, 3
"""LSH layout (bands × rows per band ≤ NUM_PERM), chosen on the development split of
eval/dedup (docs/dedup.md gives the S-curve): candidates are then verified exactly."""
CONTAINMENT_FLOOR = 0.2
"""An excerpt must also reach this estimated Jaccard similarity: below it the MinHash estimate
of containment is too noisy to act on (see docs/dedup.md)."""
MIN_EXCERPT_SHINGLES = 100
"""Fewer shingles than this and a text is too short to be called an excerpt of another."""
SHORT_TEXTS = ((100, 0.7), (200, 0.5))
"""(length, threshold): a text of fewer characters (shingles) than `length` is a near-copy only
from `threshold` on. Short templated texts that differ in a name or a number (`Cette espèce est
endémique du Brésil.` / `…de Colombie.`; census sentences of 200 characters) reach 0.4–0.56
(no-harm audit; the choice against dev recall is in docs/dedup.md); long edited copies need the
lower default."""
BODY_SHARE = 0.15
"""A document whose text outside shared blocks is less than this share of it has no body of
its own: it is never a near-duplicate through a shared block."""
OWN_TEXT_SHARE = 0.2
"""A holder of a block counts as a witness (a document with a body of its own) when its text
outside the block (and outside the shared blocks a first round found) is at least this share."""
NOISE_SIGMAS = 2.0
"""Standard errors of the MinHash overlap estimate taken off a body's overlap by the guard."""
BLOCK_WITNESSES = 3
"""A shared line is a block (a footer, a disclaimer) when it is held by at least this many
documents with a body of their own that are unrelated once it is set aside."""
RELATED_SIMILARITY, RELATED_CONTAINMENT = 0.1, 0.5
"""Two holders of a shared block are related (copies) if, without the block, their texts still
overlap by more than `NOISE_SIGMAS` standard errors of the MinHash estimate and reach this
Jaccard similarity or the smaller this containment: an edited copy keeps part of its edited
sentences, an article under the same footer shares nothing but noise (chosen on dev)."""
WINDOW = 32
"""In a band bucket, each document is compared with the next WINDOW ones (in input order):
all pairs for ordinary buckets, a bounded number for a bucket of thousands (a template)."""
LINE_HOLDERS = 8
"""A line held by 2 to this many documents makes its holders candidates (`line_pairs`); held
by more, it is a footer or a widely quoted line (chosen on the dev split, docs/dedup.md)."""
MIN_LINE_CHARS = 20
"""A common line makes candidates only with at least this many folded characters: shorter ones
(`Thank you.`, a date) are common by chance, and skipping them halved the candidates of real
text without a pair lost on dev (40 loses some; docs/dedup.md)."""
BATCH_SIZE = 256
"""Documents hashed together: large enough to amortise numpy calls, small enough to stay bounded."""
SPILL_BYTES = 64 << 20
"""Signatures and band hashes stay in memory up to this size, then go to a temporary file."""


class _Column:
    """A growing 2-D array of fixed-width rows, spilled to a temporary file beyond SPILL_BYTES."""

    def __init__(self, width: int, dtype: type[np.generic]) -> None:
        self.width = width
        self.dtype = np.dtype(dtype)
        self.parts: list[np.ndarray] = []
        self.buffered = 0
        self.count = 0
        self.folder: tempfile.TemporaryDirectory[str] | None = None
        self.handle = None

    def append(self, rows: np.ndarray) -> None:
        self.parts.append(np.ascontiguousarray(rows, dtype=self.dtype))
        self.buffered += rows.nbytes
        self.count += len(rows)
        if self.buffered > SPILL_BYTES:
            if self.handle is None:
                self.folder = tempfile.TemporaryDirectory(prefix="corpusclean-dedup-")
                self.handle = open(os.path.join(self.folder.name, "rows"), "wb+")  # noqa: SIM115 — closed in close()
            for part in self.parts:
                self.handle.write(part.tobytes())
            self.parts, self.buffered = [], 0

    def array(self) -> np.ndarray:
        """All rows, `(count, width)`: in memory, or mapped from the spill file."""
        if self.handle is None:
            joined = np.concatenate(self.parts) if self.parts else np.zeros((0, self.width), self.dtype)
            self.parts = [joined]
            return joined
        for part in self.parts:
            self.handle.write(part.tobytes())
        self.parts, self.buffered = [], 0
        self.handle.flush()
        return np.memmap(self.handle.name, dtype=self.dtype, mode="r", shape=(self.count, self.width))

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None
        if self.folder is not None:
            self.folder.cleanup()
            self.folder = None


class _UnionFind:
    """Disjoint sets over 0..n-1 with path halving and union by size.

    Plain lists: `find` and `union` are called one item at a time, where a list's element
    access costs a fraction of a numpy array's (numpy scalars are boxed on every read).
    """

    def __init__(self, count: int) -> None:
        self.parent = list(range(count))
        self.size = [1] * count

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, first: int, second: int) -> bool:
        """Join the two sets; False if they were one already."""
        first, second = self.find(first), self.find(second)
        if first == second:
            return False
        if self.size[first] < self.size[second]:
            first, second = second, first
        self.parent[second] = first
        self.size[first] += self.size[second]
        return True


@dataclass
class Pairs:
    """Candidate pairs `(first, second)` with `first < second` and their estimated Jaccard
    similarity."""

    first: np.ndarray
    second: np.ndarray
    jaccard: np.ndarray

    def __len__(self) -> int:
        return len(self.first)


def primary_language(tag: str | None) -> str:
    """The language of a tag without its subtags; '' for no tag or `und` (may match any)."""
    primary = (tag or "").split("-")[0].lower()
    return "" if primary in ("", "und") else primary


def mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser (wrapping uint64): a sum of mixed ids identifies a set of ids."""
    values = (values ^ (values >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    values = (values ^ (values >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def overlap(jaccard: np.ndarray, size_first: np.ndarray, size_second: np.ndarray) -> np.ndarray:
    """|A ∩ B| from J(A, B), |A| and |B|: J (|A| + |B|) / (1 + J)."""
    return jaccard * (size_first + size_second) / (1.0 + jaccard)


def _bucket_pairs(keys: np.ndarray, members: np.ndarray, window: int, count: int) -> list[np.ndarray]:
    """Pair codes `first * count + second` of members with equal keys: sorted by key, then
    member, each member with the next `window` of its bucket (all pairs of a bucket of at most
    `window + 1`).

    One sort of uint64 words, each a key with its low bits replaced by the member number (keys
    are hashes: the bits left still tell buckets apart, and a rare collision only adds a
    candidate that verification rejects).
    """
    bits = np.uint64(max(1, (count - 1).bit_length()))
    packed = np.sort((np.asarray(keys, dtype=np.uint64) >> bits << bits) | members.astype(np.uint64))
    ranked, members = packed >> bits, (packed & ((np.uint64(1) << bits) - np.uint64(1))).astype(np.int64)
    found = []
    for step in range(1, min(window, len(members) - 1) + 1):
        same = ranked[:-step] == ranked[step:]
        if not same.any():
            break
        low, high = members[:-step][same].astype(np.int64), members[step:][same].astype(np.int64)
        found.append(np.minimum(low, high) * count + np.maximum(low, high))
    return found


def _decoded_pairs(found: list[np.ndarray], count: int) -> tuple[np.ndarray, np.ndarray]:
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    unique = np.unique(np.concatenate(found))
    return unique // count, unique % count


def overlap_error(jaccard: float, size_first: float, size_second: float) -> float:
    """Standard error of `overlap` from a MinHash estimate of J over NUM_PERM permutations."""
    return float((size_first + size_second) / (1.0 + jaccard) ** 2 * np.sqrt(jaccard * (1.0 - jaccard) / NUM_PERM))


def exact_roots(exact: np.ndarray, usable: np.ndarray, items: np.ndarray) -> np.ndarray:
    """For each document, the first (in input order: smallest of `items`) of its run of exact
    copies, or the document itself.

    Documents are ranked by exact key, then input order; a usable document (one with shingles)
    joins the run of the usable one ranked just before it with the same key. Only a run's first
    document enters the bands; the others are merged into it at once.
    """
    order = np.lexsort((items, exact))
    ranked, ranked_usable = exact[order], usable[order]
    joined = np.zeros(len(order), dtype=bool)
    joined[1:] = (ranked[1:] == ranked[:-1]) & ranked_usable[1:] & ranked_usable[:-1]
    run_start = np.maximum.accumulate(np.where(joined, 0, np.arange(len(order))))
    roots = np.empty_like(items)
    roots[order] = items[order][run_start]
    return roots


def worth_judging(
    jaccard: np.ndarray, by_line: np.ndarray, first_language: np.ndarray, second_language: np.ndarray, unknown: object
) -> np.ndarray:
    """Which scored candidate pairs go on to be judged: those at `CONTAINMENT_FLOOR` or above
    (the guard may find a pair a copy once blocks are set aside) or found through a common line
    (`line_pairs`: the guard measures such lines exactly), whose languages may match — the same
    language, or either one `unknown` (untagged or `und`: see `primary_language`)."""
    languages = (first_language == second_language) | (first_language == unknown) | (second_language == unknown)
    return ((jaccard >= CONTAINMENT_FLOOR) | by_line) & languages


def candidate_pairs(bands: np.ndarray, active: np.ndarray, window: int = WINDOW) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of active documents that share a band hash, each once, `first < second`.

    Band by band, the `(hash, document)` keys are sorted and each document is paired with the
    next `window` documents of its bucket.
    """
    items = np.flatnonzero(active)
    found: list[np.ndarray] = []
    for band in range(bands.shape[1]):
        found.extend(_bucket_pairs(np.asarray(bands[items, band]), items, window, len(active)))
    return _decoded_pairs(found, len(active))


def line_pairs(sketches: Signatures, active: np.ndarray, holders: int = LINE_HOLDERS) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of active documents that hold a common line (folded, `MIN_LINE_CHARS` or longer)
    that at most `holders` documents hold, each once, `first < second`.

    A copy keeps whole lines of its original — sentences, paragraphs, a headline — even when a
    different footer, cuts or edits elsewhere pull its whole-text similarity below what the LSH
    bands catch; an excerpt of a one-sentence-a-line article is made of such lines. A line that
    more documents hold is a footer or a widely quoted line: the bands and the guard handle it.
    """
    line_doc = np.repeat(np.arange(len(sketches), dtype=np.int32), np.diff(sketches.line_starts))
    kept = active[line_doc]
    hashes = sketches.line_hashes[kept]
    _, inverse, frequency = np.unique(hashes, return_inverse=True, return_counts=True)
    held = frequency[inverse]  # each line's holders, once: its arrays are the peak of the clustering
    del inverse
    rare = (held >= 2) & (held <= holders) & (sketches.line_chars[kept] >= MIN_LINE_CHARS)
    del held
    return _decoded_pairs(_bucket_pairs(hashes[rare], line_doc[kept][rare], holders - 1, len(active)), len(active))


class SharedBlocks:
    """Tells a block shared by unrelated documents (a footer, a disclaimer) from a shared article.

    Lines held by exactly the same documents form a block. A block is shared when at least
    `BLOCK_WITNESSES` of its holders have a body of their own (`OWN_TEXT_SHARE` of their text
    outside it) and are not related (`RELATED_SIMILARITY`) once it is set aside. A block is so
    weighed by the distinct articles it appears in, not its raw document count: an article with
    four copies does not veto itself (its copies are related), while a disclaimer under three
    unrelated articles is a shared block. Lines are compared folded (format, case and script do
    not matter); lengths are folded characters without spaces, the unit of the character
    shingles. Memory: one dict entry per document and block it holds, built once per run.
    """

    def __init__(self, sketches: Signatures, threshold: float, containment: float) -> None:
        self.threshold = threshold
        self.containment = containment
        self.chars = sketches.chars.astype(np.float64)
        # per-line arrays are locals, int32 where they can be: they are the peak of the clustering
        line_doc = np.repeat(np.arange(len(sketches), dtype=np.int32), np.diff(sketches.line_starts))
        values, inverse, frequency = np.unique(sketches.line_hashes, return_inverse=True, return_counts=True)
        shared = frequency[inverse] >= 2
        # lines held by exactly the same documents form one block (a footer's lines, an article's)
        holder_sets = np.zeros(len(values), dtype=np.uint64)
        np.add.at(holder_sets, inverse[shared], mix(line_doc[shared].astype(np.uint64) + np.uint64(1)))
        _, block_of_line = np.unique(holder_sets, return_inverse=True)
        blocks = block_of_line[inverse[shared]]
        del inverse
        self.doc_blocks: dict[int, dict[int, float]] = {}
        for block, doc, chars in zip(blocks.tolist(), line_doc[shared].tolist(), sketches.line_chars[shared].astype(np.float64).tolist()):
            held = self.doc_blocks.setdefault(doc, {})
            held[block] = held.get(block, 0.0) + chars
        self.block = np.zeros(int(block_of_line.max()) + 1 if len(block_of_line) else 0, dtype=bool)

    def settle(self, pairs: Pairs) -> None:
        """Decide which shared line blocks are shared across unrelated documents, from the
        verified pairs (the only documents that can be copies of each other).

        Twice: the second time a holder's own text leaves out the blocks the first found (a
        copy whose only other text is its site's footer is no witness against its article).
        """
        for _ in range(2):
            excluded = self.block.copy()
            witnesses = np.zeros(len(self.block), dtype=np.int64)
            bodied: set[tuple[int, int]] = set()
            for doc, held in self.doc_blocks.items():
                size = self.chars[doc]
                other_blocks = sum(chars for block, chars in held.items() if excluded[block])
                for block, chars in held.items():
                    own = size - chars - (other_blocks - (chars if excluded[block] else 0.0))
                    if own >= OWN_TEXT_SHARE * size:
                        witnesses[block] += 1
                        bodied.add((block, doc))
            links = np.zeros(len(self.block), dtype=np.int64)
            joined: dict[int, _UnionFind] = {}
            local: dict[int, dict[int, int]] = {}
            for first, second, jaccard in zip(pairs.first.tolist(), pairs.second.tolist(), pairs.jaccard.tolist()):
                held_first, held_second = self.doc_blocks.get(first, {}), self.doc_blocks.get(second, {})
                for block in held_first.keys() & held_second.keys():
                    if (block, first) not in bodied or (block, second) not in bodied:
                        continue
                    if not self._related_without(first, second, jaccard, held_first[block]):
                        continue
                    numbers = local.setdefault(block, {})
                    union = joined.get(block)
                    if union is None:  # built once per block: its arrays are as long as its witnesses
                        union = joined[block] = _UnionFind(int(witnesses[block]))
                    links[block] += union.union(numbers.setdefault(first, len(numbers)), numbers.setdefault(second, len(numbers)))
            self.block = witnesses - links >= BLOCK_WITNESSES
        self._cross_overlaps(pairs)

    def _own_blocks(self, doc: int) -> dict[int, float]:
        return {block: chars for block, chars in self.doc_blocks.get(doc, {}).items() if self.block[block]}

    def _cross_overlaps(self, pairs: Pairs) -> None:
        """How much two different blocks have in common (two sites' near-identical menus), from
        the evidence: the smallest overlap, beyond their common blocks, of any scored pair whose
        documents hold one block each. Two blocks no scored pair joins are taken as disjoint:
        had they much in common, their holders would be candidates of each other."""
        self.cross: dict[tuple[int, int], float] = {}
        for first, second, jaccard in zip(pairs.first.tolist(), pairs.second.tolist(), pairs.jaccard.tolist()):
            blocks_first, blocks_second = self._own_blocks(first), self._own_blocks(second)
            only_first, only_second = blocks_first.keys() - blocks_second.keys(), blocks_second.keys() - blocks_first.keys()
            if not only_first or not only_second:
                continue
            common = sum(blocks_first[block] for block in blocks_first.keys() & blocks_second.keys())
            evidence = float(overlap(jaccard, self.chars[first], self.chars[second])) - common
            for x in only_first:
                for y in only_second:
                    key = (min(x, y), max(x, y))
                    self.cross[key] = min(self.cross.get(key, evidence), evidence)

    def _related_without(self, first: int, second: int, jaccard: float, removed: float) -> bool:
        """Whether two holders of a shared block still have text in common once the block's
        `removed` characters are set aside: copies do (their edited remains), articles that
        only share a footer do not."""
        size_first, size_second = self.chars[first], self.chars[second]
        left_first, left_second = size_first - removed, size_second - removed
        shared = float(overlap(jaccard, size_first, size_second)) - removed
        if shared <= NOISE_SIGMAS * overlap_error(jaccard, size_first, size_second) or min(left_first, left_second) <= 0:
            return False
        return shared / max(left_first + left_second - shared, 1.0) >= RELATED_SIMILARITY or shared / min(left_first, left_second) >= RELATED_CONTAINMENT

    def judge(self, first: int, second: int, jaccard: float) -> tuple[bool, bool]:
        """`(duplicate, excerpt)` for a scored pair, judged on the text left without blocks.

        A pair without blocks is judged on the whole texts. Otherwise (which also finds a copy
        whose different footer pulls its whole-text similarity down) the blocks are set aside, the overlap left is taken `NOISE_SIGMAS` standard errors low and less
        whatever the blocks could share, and a document that is less than `BODY_SHARE` body is
        never a duplicate through the blocks: it has no body to be a copy of.
        """
        held_first, held_second = self.doc_blocks.get(first, {}), self.doc_blocks.get(second, {})
        removed_first = sum(chars for block, chars in held_first.items() if self.block[block])
        removed_second = sum(chars for block, chars in held_second.items() if self.block[block])
        size_first, size_second = self.chars[first], self.chars[second]
        both = held_first.keys() & held_second.keys()
        common = sum(held_first[block] for block in both if self.block[block])
        lines = sum(held_first[block] for block in both if not self.block[block])
        if not (removed_first or removed_second):
            return judge(jaccard, size_first, size_second, self.threshold, self.containment, exact=lines)
        if min((size_first - removed_first) / max(size_first, 1.0), (size_second - removed_second) / max(size_second, 1.0)) < BODY_SHARE:
            return False, False
        # two different blocks may still overlap (two sites' near-identical language menus): for
        # an excerpt, which needs little text, as much as the smaller of them is taken as shared
        # and the estimate is taken NOISE_SIGMAS standard errors low
        doubtful = common + min(removed_first - common, removed_second - common) + NOISE_SIGMAS * overlap_error(jaccard, size_first, size_second)
        only_first = [block for block in held_first.keys() - held_second.keys() if self.block[block]]
        only_second = [block for block in held_second.keys() - held_first.keys() if self.block[block]]
        cross = sum(self.cross.get((min(x, y), max(x, y)), 0.0) for x in only_first for y in only_second)
        cross = min(max(cross, 0.0), removed_first - common, removed_second - common)
        return judge(jaccard, size_first, size_second, self.threshold, self.containment, removed_first, removed_second, common + cross, doubtful, exact=lines)

def judge(
    jaccard: float,
    size_first: float,
    size_second: float,
    threshold: float,
    containment: float,
    removed_first: float = 0.0,
    removed_second: float = 0.0,
    discount: float = 0.0,
    excerpt_discount: float = 0.0,
    *,
    exact: float = 0.0,
) -> tuple[bool, bool]:
    """`(duplicate, excerpt)`: whether two documents, less `removed_*` of their text and less
    `discount` of their estimated overlap, reach `threshold` Jaccard similarity
    (raised for short texts: `SHORT_TEXTS`), or the smaller has
    `containment` of its text inside the larger (an excerpt of a clearly longer text), with
    `excerpt_discount` taken off the overlap instead. `exact`: characters of the lines the two
    hold in common outside the removed text, an overlap known without estimation error."""
    left_first, left_second = size_first - removed_first, size_second - removed_second
    smaller = min(left_first, left_second)
    if smaller <= 0:
        return False, False
    for length, floor in SHORT_TEXTS:
        if min(size_first, size_second) < length:
            threshold = max(threshold, floor)
            break
    estimate = float(overlap(jaccard, size_first, size_second))
    shared = max(estimate - discount, exact)
    similar = shared / max(left_first + left_second - shared, 1.0) if shared > 0 else 0.0
    inside = max(estimate - excerpt_discount, exact) / smaller
    trusted = jaccard >= CONTAINMENT_FLOOR or exact >= containment * smaller
    excerpt = smaller >= MIN_EXCERPT_SHINGLES and inside >= containment and trusted and similar < containment
    return similar >= threshold or excerpt, excerpt


@dataclass
class Clusterer:
    """Collects sketches batch by batch, then clusters them all at once (`clusters`)."""

    threshold: float = DEFAULT_THRESHOLD
    containment: float = DEFAULT_CONTAINMENT
    num_perm: int = NUM_PERM
    guard: bool = True
    bands: int = BANDS
    rows: int = ROWS
    contained_in: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        checked_threshold(self.threshold)
        checked_threshold(self.containment)
        if self.bands * self.rows > self.num_perm:
            raise ConfigError(f"{self.bands} bands × {self.rows} rows need more than {self.num_perm} permutations")
        self.signatures = _Column(self.num_perm, np.uint32)
        self.band_keys = _Column(self.bands, np.uint64)
        self.parts: list[Signatures] = []
        self.languages: list[np.ndarray] = []
        self._language_codes: dict[str, int] = {}
        self.count = 0

    def add(self, batch: Signatures, languages: Sequence[str | None] | None = None) -> range:
        """Add a batch of sketches; returns the item numbers given to its documents.

        `languages` (the language step's tags, e.g. `en`, `zh-Hans`): two documents tagged with
        different languages are never duplicates — a translation is not a copy, even when names
        and numbers give character shingles in common. Subtags are ignored (`zh-Hans` and
        `zh-Hant` are one language); a document without a tag (or `und`) can match any.
        """
        first = self.count
        codes = [self._language_codes.setdefault(primary_language(tag), len(self._language_codes)) if primary_language(tag) else -1 for tag in (languages or [None] * len(batch))]
        self.languages.append(np.array(codes, dtype=np.int32))
        self.signatures.append(batch.hashvalues)
        self.band_keys.append(band_hashes(batch.hashvalues, self.bands, self.rows))
        empty = np.zeros((len(batch), 0), np.uint32)
        self.parts.append(Signatures(empty, batch.exact, batch.sizes, batch.chars, batch.line_hashes, batch.line_chars, batch.line_starts))
        self.count += len(batch)
        return range(first, self.count)

    def sketches(self) -> Signatures:
        """Everything but the signatures, for all documents added (signatures: `hashvalues`)."""
        joined = Signatures.concatenate(self.parts) if self.parts else signatures([])
        self.parts = [joined]
        return joined

    def hashvalues(self) -> np.ndarray:
        return self.signatures.array()

    def scored_pairs(self, active: np.ndarray) -> Pairs:
        """Candidate pairs with their estimated Jaccard similarity, those worth judging
        (`worth_judging`): from the bands, those at `CONTAINMENT_FLOOR` or above; with the
        guard, also every pair that holds a rarely held line in common (`line_pairs`)."""
        count = self.count
        first, second = candidate_pairs(self.band_keys.array(), active)
        by_line = np.zeros(0, np.int64)
        if self.guard:
            line_first, line_second = line_pairs(self.sketches(), active, LINE_HOLDERS)
            by_line = line_first * count + line_second
            codes = np.union1d(first * count + second, by_line)
            first, second = codes // count, codes % count
        hashvalues = self.hashvalues()
        jaccard = np.zeros(len(first))
        for low in range(0, len(first), 1 << 15):
            high = low + (1 << 15)
            jaccard[low:high] = np.mean(hashvalues[first[low:high]] == hashvalues[second[low:high]], axis=1)
        languages = np.concatenate(self.languages) if self.languages else np.zeros(0, np.int32)
        by_line_pair = np.isin(first * count + second, by_line, assume_unique=True)
        kept = worth_judging(jaccard, by_line_pair, languages[first], languages[second], -1)
        return Pairs(first[kept], second[kept], jaccard[kept])

    def clusters(self) -> dict[int, list[int]]:
        """Root item -> every item of its cluster, in insertion order. Fills `contained_in`
        (excerpt -> the longer document it was found in) for pairs merged as excerpts."""
        sketches = self.sketches()
        sets = _UnionFind(self.count)
        usable = sketches.sizes > 0
        items = np.arange(self.count)
        roots = exact_roots(sketches.exact, usable, items)
        for item in np.flatnonzero(roots != items).tolist():
            sets.union(int(roots[item]), item)
        pairs = self.scored_pairs(usable & (roots == items))
        guard = SharedBlocks(sketches, self.threshold, self.containment) if self.guard else None
        if guard is not None:
            guard.settle(pairs)
        chars = sketches.chars.astype(np.float64)
        for first, second, jaccard in zip(pairs.first.tolist(), pairs.second.tolist(), pairs.jaccard.tolist()):
            if guard is not None:
                duplicate, excerpt = guard.judge(first, second, jaccard)
            else:
                duplicate, excerpt = judge(jaccard, chars[first], chars[second], self.threshold, self.containment)
            if not duplicate:
                continue
            sets.union(first, second)
            if excerpt:
                shorter, longer = (first, second) if chars[first] <= chars[second] else (second, first)
                self.contained_in.setdefault(shorter, longer)
        groups: dict[int, list[int]] = {}
        for item in range(self.count):
            groups.setdefault(sets.find(item), []).append(item)
        return groups

    def close(self) -> None:
        """Remove the spill files, if any."""
        self.signatures.close()
        self.band_keys.close()


UTF_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "ascii")
"""Encodings a file declares by its bytes (valid UTF-8, a byte-order mark): anything else was a
guess among legacy codecs — a decode fallback."""
DECODING_REPAIRS = ("mojibake", "lossy", "frame-shift", "ftfy")
"""Reasons of `repair` edits that undo a wrong decoding (the step's converter-noise and
script/width edits are not about decoding); every `decode` edit counts too."""
_COPY_NAME = re.compile(r"(?i)(?:^|[\s_.-])copy(?:[\s_-]*\d+)?(?:$|[\s_.-])|\(\d+\)$")
"""A file stem that names a copy: `copy_1`, `Copy of news`, `news - Copy (2)`, `news_copy`, `news (1)`."""
POLICY_CRITERIA = {
    "first": ("order",),
    "longest": ("length", "order"),
    "best-quality": ("fallback", "repairs", "flags", "length", "copy-name", "quality", "path", "order"),
}
"""What each keep policy compares, most important first: the copy kept is the best on the first
criterion where the copies differ (and that criterion is its `kept_because`)."""


def decoding_repairs(doc: Document) -> int:
    """How many of `doc`'s edits undo a bad decoding: every `decode` edit and the `repair`
    step's mojibake, lossy re-framing, frame-shift and ftfy edits."""
    return sum(1 for edit in doc.edits if edit.step == "decode" or (edit.step == "repair" and edit.reason.startswith(DECODING_REPAIRS)))


class MemberFacts(TypedDict):
    """What `Members.add` takes of a document (its parameters), as `member_facts` gives them."""

    doc_id: str
    length: int
    flags: int
    path: str | None
    encoding: str | None
    repairs: int
    quality: float | None


MEMBER_FACTS = tuple(MemberFacts.__annotations__)
"""The names of `MemberFacts`, in `Members.add`'s order (the Ray engine's columns)."""


def member_facts(doc: Document) -> MemberFacts:
    """`Members.add`'s arguments for `doc`, as the dedup step gives them."""
    path = doc.metadata.get("source_path")
    return MemberFacts(
        doc_id=doc.id,
        length=len(doc.text),
        flags=len(doc.metadata.get("flags", [])),
        path=str(path) if path else None,
        encoding=doc.metadata.get("encoding"),
        repairs=decoding_repairs(doc),
        quality=(doc.metadata.get("quality") or {}).get("score"),
    )


@dataclass(frozen=True)
class Members:
    """What the keep policy needs to know about the documents (no text), by item number."""

    ids: list[str] = field(default_factory=list)
    paths: list[str | None] = field(default_factory=list)
    flags: list[int] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    encodings: list[str | None] = field(default_factory=list)
    repairs: list[int] = field(default_factory=list)
    qualities: list[float] = field(default_factory=list)

    def add(
        self,
        doc_id: str,
        length: int,
        flags: int = 0,
        path: str | None = None,
        *,
        encoding: str | None = None,
        repairs: int = 0,
        quality: float | None = None,
    ) -> None:
        """One document: `encoding` it was decoded with (None: given as text), `repairs` its
        decoding repairs (`decoding_repairs`), `quality` the quality step's score."""
        self.ids.append(doc_id)
        self.paths.append(path if path != doc_id else None)
        self.flags.append(flags)
        self.lengths.append(length)
        self.encodings.append(encoding)
        self.repairs.append(repairs)
        self.qualities.append(quality if quality is not None else 0.0)

    def _fallback(self, item: int) -> bool:
        encoding = self.encodings[item]
        return encoding is not None and encoding.lower().replace("_", "-") not in UTF_ENCODINGS

    def _name(self, item: int) -> str:
        return self.paths[item] or self.ids[item]

    def _value(self, item: int, criterion: str) -> int | float | str | bool:
        if criterion == "fallback":
            return self._fallback(item)
        if criterion == "repairs":
            return self.repairs[item]
        if criterion == "flags":
            return self.flags[item]
        if criterion == "length":
            return -self.lengths[item]
        if criterion == "copy-name":
            return bool(_COPY_NAME.search(PurePath(self._name(item)).stem))
        if criterion == "quality":
            return -self.qualities[item]
        if criterion == "path":
            return self._name(item)
        return item

    def preference(self, item: int, keep: str) -> tuple[int | float | str | bool, ...]:
        """Sort key of the keep policy (`POLICY_CRITERIA`): the smallest key is the copy kept."""
        return tuple(self._value(item, criterion) for criterion in POLICY_CRITERIA[keep])

    def reason(self, kept: int, other: int, keep: str) -> str:
        """Why `kept` was kept rather than `other`: the first criterion of the policy on which
        they differ, with both values (for the manifest's `kept_because`)."""
        for criterion in POLICY_CRITERIA[keep]:
            if self._value(kept, criterion) != self._value(other, criterion):
                break
        explain = {
            "fallback": lambda: f"decoded without a fallback encoding ({self.encodings[kept] or 'text'}; this copy: {self.encodings[other]})",
            "repairs": lambda: f"fewer decoding repairs ({self.repairs[kept]} against {self.repairs[other]})",
            "flags": lambda: f"fewer flags ({self.flags[kept]} against {self.flags[other]})",
            "length": lambda: f"longer ({self.lengths[kept]} against {self.lengths[other]} characters)",
            "copy-name": lambda: f"not named as a copy ({PurePath(self._name(other)).name} is)",
            "quality": lambda: f"higher quality score ({self.qualities[kept]:.3f} against {self.qualities[other]:.3f})",
            "path": lambda: "first by source path",
        }
        return explain.get(criterion, lambda: "first in input order")()


def checked_keep(keep: str) -> str:
    """`keep` as a policy name (`best` is read as `best-quality`); a ConfigError if unknown."""
    if keep not in KEEP_POLICIES:
        raise ConfigError(f"dedup keep must be one of {', '.join(KEEP_POLICIES[:3])}, not {keep!r}")
    return "best-quality" if keep == "best" else keep


T = TypeVar("T")


def _batches(items: Iterable[T], size: int = BATCH_SIZE) -> Iterator[list[T]]:
    batch: list[T] = []
    for doc in items:
        batch.append(doc)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _ordered_clusters(groups: dict[int, list[int]], members: Members, keep: str) -> list[list[int]]:
    """Every cluster as item numbers, its kept copy first, then the others in input order."""
    result = []
    for items in groups.values():
        kept = min(items, key=lambda item: members.preference(item, keep))
        result.append([kept, *(item for item in items if item != kept)])
    return result


def _cluster_texts(docs: Iterable[tuple[str, str]], threshold: float, containment: float) -> tuple[Members, Clusterer]:
    clusterer = Clusterer(threshold, containment)
    members = Members()
    for batch in _batches(docs):
        clusterer.add(signatures([text for _, text in batch]))
        for doc_id, text in batch:
            members.add(doc_id, len(text))
    return members, clusterer


def find_duplicates(
    docs: Iterable[tuple[str, str]],
    threshold: float = DEFAULT_THRESHOLD,
    *,
    keep: str = "longest",
    containment: float = DEFAULT_CONTAINMENT,
) -> dict[str, str]:
    """Every `(id, text)` id mapped to the id of the copy kept for its cluster (itself if unique).

    `keep="longest"` (or `best-quality`/`best`: there are no flags here) keeps the longest copy,
    ties the first; `keep="first"` the first in input order. Texts are not kept in memory, only
    their sketches.
    """
    keep = checked_keep(keep)
    members, clusterer = _cluster_texts(docs, threshold, containment)
    try:
        clusters = _ordered_clusters(clusterer.clusters(), members, keep)
    finally:
        clusterer.close()
    return {members.ids[item]: members.ids[cluster[0]] for cluster in clusters for item in cluster}


def duplicate_clusters(
    docs: Iterable[tuple[str, str]], threshold: float = DEFAULT_THRESHOLD, *, containment: float = DEFAULT_CONTAINMENT
) -> list[list[str]]:
    """Clusters of two or more (near-)duplicate ids, longest copy first, in order of first
    appearance (for `corpusclean dupes`)."""
    members, clusterer = _cluster_texts(docs, threshold, containment)
    try:
        clusters = [c for c in _ordered_clusters(clusterer.clusters(), members, "longest") if len(c) > 1]
    finally:
        clusterer.close()
    clusters.sort(key=min)
    return [[members.ids[item] for item in cluster] for cluster in clusters]


@dataclass
class Sketched:
    """What `Deduplicator.fit_sketches` takes of a batch of documents: the live documents'
    sketches, language tags and keep-policy facts (`member_facts`), in input order."""

    signed: Signatures
    languages: list[str | None]
    facts: list[MemberFacts]


class Deduplicator:
    """The `dedup` corpus step: drops every copy but one of each duplicate cluster.

    `fit` sketches the documents in batches (`sketch`, a pure function of the documents, which
    an engine may run where the documents are and hand to `fit_sketches`) and clusters them;
    `apply` drops each non-kept copy
    with reason `duplicate` and `metadata["dup_of"]` = the kept copy's id, plus
    `metadata["contained_in"]` = the longer document an excerpt was found in, and
    `metadata["kept_because"]` = why the other copy was kept (`Members.reason`: the first
    criterion of the keep policy on which they differ). The kept copy gets no `dup_of` key.
    With `index`, documents are also compared with the corpus already in the index: one that
    matches an indexed document (under another id) is a duplicate of it, and
    kept documents are added to the index at the end of `fit` so that the next run sees them.
    """

    name = "dedup"

    def __init__(
        self,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        keep: str = "best-quality",
        containment: float = DEFAULT_CONTAINMENT,
        index: SignatureIndex | str | Path | None = None,
    ) -> None:
        self.keep = checked_keep(keep)
        self.threshold = checked_threshold(threshold)
        self.containment = checked_threshold(containment)
        self.index = SignatureIndex(index, threshold=threshold) if isinstance(index, (str, Path)) else index
        self.dup_of: dict[str, str] = {}
        self.contained_in: dict[str, str] = {}
        self.kept_because: dict[str, str] = {}

    @staticmethod
    def sketch(docs: Sequence[Document]) -> Sketched:
        """The sketches of `docs`' live documents: a pure function of the documents (a static
        method, so an engine ships it to its workers without the step and its index)."""
        live = [doc for doc in docs if not doc.dropped]
        return Sketched(signatures([doc.text for doc in live]), [doc.metadata.get("language") for doc in live], [member_facts(doc) for doc in live])

    def fit(self, docs: Iterable[Document]) -> None:
        """Cluster every kept document; remember only which ids are duplicates of which."""
        self.fit_sketches(self.sketch(batch) for batch in _batches(docs))

    def fit_sketches(self, sketches: Iterable[Sketched]) -> None:
        """`fit` from the `sketch` of every batch of the corpus, batches in input order."""
        clusterer = Clusterer(self.threshold, self.containment)
        members = Members()
        outside: dict[int, tuple[str, float]] = {}
        for sketched in sketches:
            if not sketched.facts:
                continue
            signed = sketched.signed
            items = clusterer.add(signed, sketched.languages)
            for facts in sketched.facts:
                members.add(**facts)
            if self.index is not None:
                for item, row, exact, size in zip(items, signed.hashvalues, signed.exact, signed.sizes):
                    matches = self.index.query_signature(row, int(exact)) if size else []
                    if matches:
                        outside[item] = matches[0]
        try:
            self._settle(clusterer, members, outside)
        finally:
            clusterer.close()

    def _settle(self, clusterer: Clusterer, members: Members, outside: dict[int, tuple[str, float]]) -> None:
        self.dup_of, self.contained_in, self.kept_because = {}, {}, {}
        known = set(members.ids) if outside else set()
        fresh: list[int] = []
        for cluster in _ordered_clusters(clusterer.clusters(), members, self.keep):
            found = [outside[item] for item in cluster if item in outside and outside[item][0] not in known]
            original = max(found, key=lambda match: match[1])[0] if found else None
            kept = original or members.ids[cluster[0]]
            for item in cluster:
                if members.ids[item] != kept:
                    self.dup_of[members.ids[item]] = kept
                    self.kept_because[members.ids[item]] = "already in the index" if original else members.reason(cluster[0], item, self.keep)
            if original is None:
                fresh.append(cluster[0])
        for excerpt, whole in clusterer.contained_in.items():
            if members.ids[excerpt] in self.dup_of:
                self.contained_in[members.ids[excerpt]] = members.ids[whole]
        if self.index is not None:
            sketches = clusterer.sketches()
            new = [item for item in fresh if members.ids[item] not in self.index and sketches.sizes[item]]
            rows = replace(sketches.take(new), hashvalues=np.asarray(clusterer.hashvalues()[new]))
            self.index.add_signatures([members.ids[item] for item in new], rows)

    def apply(self, doc: Document) -> Document:
        """Drop `doc` as a duplicate if `fit` found it to be one."""
        kept = self.dup_of.get(doc.id)
        if kept is not None and not doc.dropped:
            doc.metadata["dup_of"] = kept
            doc.metadata["kept_because"] = self.kept_because[doc.id]
            if doc.id in self.contained_in:
                doc.metadata["contained_in"] = self.contained_in[doc.id]
            doc.drop("duplicate", f"duplicate of {kept}")
        return doc
