"""Exact and near-duplicate documents across a corpus: clusters, the copy kept, the dedup step.

Clustering runs in two tiers. Documents whose normalised text is identical (same exact key:
equal up to format, case, punctuation and Traditional/Simplified script) are merged at once
without touching the LSH. The others go through datasketch's `MinHashLSH`; every candidate it
returns is verified with the full signatures (estimated Jaccard >= threshold), because banding
lets through pairs well below the threshold. Verified pairs wait until the whole run is seen,
so that `SharedLines` can veto the ones that are similar only through a shared footer; the rest
are merged by union-find, and a chain of near-copies ends up in one cluster.

Memory per document is one signature (NUM_PERM uint32), its LSH entries and one hash and length
per distinct line; texts are never kept. Boilerplate should still be stripped before this step
(the pipeline runs it after `boilerplate` and `site-repeat`): the guard only sees lines that
recur verbatim in several documents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
import xxhash

from corpusclean._dedup.index import SignatureIndex
from corpusclean._dedup.minhash import (
    DEFAULT_THRESHOLD,
    NUM_PERM,
    Signatures,
    checked_threshold,
    lean_minhash,
    signatures,
    similarity,
)
from corpusclean._document import Document
from corpusclean._errors import ConfigError

KEEP_POLICIES = ("best", "first")
COMMON_LINE_DOCUMENTS = 5
"""A line found in at least this many documents of the run is shared boilerplate (a footer,
a menu) unless the documents holding it are nothing but such lines (a story copied widely)."""
BODY_SHARE = 0.1
"""A document whose non-boilerplate lines are less than this share of its text has no body of
its own to compare, so the boilerplate guard leaves its merges alone."""
BATCH_SIZE = 256
"""Documents hashed together: large enough to amortise numpy calls, small enough to stay bounded."""


@dataclass(frozen=True)
class _Member:
    """What the keep policy needs to know about one document (no text)."""

    id: str
    flags: int
    length: int
    path: str
    order: int


def _preference(member: _Member, keep: str) -> tuple[int | str, ...]:
    """Sort key of the keep policy: the smallest key is the copy kept."""
    if keep == "first":
        return (member.order,)
    return (member.flags, -member.length, member.path, member.order)


class _UnionFind:
    """Disjoint sets over 0..n-1 with path halving and union by size."""

    def __init__(self) -> None:
        self.parent: list[int] = []
        self.size: list[int] = []

    def add(self) -> int:
        self.parent.append(len(self.parent))
        self.size.append(1)
        return len(self.parent) - 1

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, first: int, second: int) -> None:
        first, second = self.find(first), self.find(second)
        if first == second:
            return
        if self.size[first] < self.size[second]:
            first, second = second, first
        self.parent[second] = first
        self.size[first] += self.size[second]


class Clusterer:
    """Adds documents batch by batch: exact copies are merged at once, verified near-duplicate
    pairs are kept as edges until `clusters` (so that a guard that needs the whole corpus, such
    as `SharedLines`, can still veto them)."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = checked_threshold(threshold)
        self.sets = _UnionFind()
        # imported here, not at the top: datasketch imports scipy (~1.5 s)
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.exact: dict[int, int] = {}
        self.hashvalues = np.zeros((0, num_perm), dtype=np.uint32)
        self.exact_keys = np.zeros(0, dtype=np.uint64)
        self.sizes = np.zeros(0, dtype=np.int64)
        self.count = 0
        self.edges: list[tuple[int, int, float]] = []

    def add(self, batch: Signatures) -> range:
        """Add a batch of signatures; returns the item numbers given to its documents."""
        first = self.count
        self._store(batch)
        for offset in range(len(batch)):
            item = self.sets.add()
            self.count += 1
            if batch.sizes[offset] == 0:
                continue
            key = int(batch.exact[offset])
            if key in self.exact:
                self.sets.union(self.exact[key], item)
                continue
            self.exact[key] = item
            row = self.hashvalues[item]
            minhash = lean_minhash(row)
            candidates = np.array(self.lsh.query(minhash), dtype=np.int64)
            if len(candidates):
                scores = similarity(row, self.hashvalues[candidates])
                for other, score in zip(candidates[scores >= self.threshold], scores[scores >= self.threshold]):
                    self.edges.append((int(other), item, float(score)))
            self.lsh.insert(item, minhash, check_duplication=False)
        return range(first, self.count)

    def _store(self, batch: Signatures) -> None:
        """Append a batch's arrays, growing them geometrically (amortised O(1) per document)."""
        needed = self.count + len(batch)
        if needed > len(self.sizes):
            capacity = max(needed, 2 * len(self.sizes))
            self.hashvalues = np.resize(self.hashvalues, (capacity, self.hashvalues.shape[1]))
            self.exact_keys = np.resize(self.exact_keys, capacity)
            self.sizes = np.resize(self.sizes, capacity)
        self.hashvalues[self.count : needed] = batch.hashvalues
        self.exact_keys[self.count : needed] = batch.exact
        self.sizes[self.count : needed] = batch.sizes

    def rows(self, items: Sequence[int]) -> Signatures:
        """The stored signatures of `items`."""
        return Signatures(self.hashvalues[items], self.exact_keys[items], self.sizes[items])

    def clusters(self, accept: Callable[[int, int, float], bool] | None = None) -> dict[int, list[int]]:
        """Root item -> every item of its set, in insertion order, after merging the verified
        near-duplicate pairs that `accept(first, second, similarity)` lets through (all of them
        without `accept`). Exact copies are merged as they are added."""
        for first, second, score in self.edges:
            if accept is None or accept(first, second, score):
                self.sets.union(first, second)
        groups: dict[int, list[int]] = {}
        for item in range(self.count):
            groups.setdefault(self.sets.find(item), []).append(item)
        return groups


class SharedLines:
    """The lines of every document, to tell a shared footer from shared content.

    Two different short articles under one long footer are near-duplicates as text: most of
    what they share is the footer. Boilerplate stripping should remove it first; this guard
    catches what it leaves. Once the whole run is seen, a line is *common* when at least
    `COMMON_LINE_DOCUMENTS` documents hold it, and a near-duplicate pair is judged on its
    bodies — the documents without their common lines: the overlap estimated from the
    signature similarity, minus the common lines both hold, must still be a Jaccard similarity
    of at least `threshold` between the bodies. A pair in which one document has (almost) no
    body of its own (a story copied by many sites is made only of common lines) is left alone.
    Lengths are in characters, an approximation of shingle counts. Memory: one 64-bit hash and
    one length per distinct line of each document.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self.hashes: list[np.ndarray] = []
        self.lengths: list[np.ndarray] = []
        self.common = np.zeros(0, dtype=np.uint64)

    def add(self, texts: Iterable[str]) -> None:
        """Record the distinct non-blank lines (stripped) of each text, in order."""
        for text in texts:
            lines = {line.strip() for line in text.split("\n")} - {""}
            encoded = [line.encode("utf-8", "surrogatepass") for line in lines]
            self.hashes.append(np.fromiter(map(xxhash.xxh3_64_intdigest, encoded), dtype=np.uint64, count=len(lines)))
            self.lengths.append(np.fromiter(map(len, lines), dtype=np.int64, count=len(lines)))

    def finish(self) -> None:
        """Count in how many documents each line occurs; call once every document is added."""
        if self.hashes:
            values, counts = np.unique(np.concatenate(self.hashes), return_counts=True)
            self.common = values[counts >= COMMON_LINE_DOCUMENTS]

    def accept(self, first: int, second: int, score: float) -> bool:
        """False if the pair is similar only through common lines while both have a body."""
        common_first = np.isin(self.hashes[first], self.common, assume_unique=True)
        common_second = np.isin(self.hashes[second], self.common, assume_unique=True)
        total_first, total_second = int(self.lengths[first].sum()), int(self.lengths[second].sum())
        body_first = total_first - int(self.lengths[first][common_first].sum())
        body_second = total_second - int(self.lengths[second][common_second].sum())
        if body_first < BODY_SHARE * total_first or body_second < BODY_SHARE * total_second:
            return True
        shared = np.isin(self.hashes[first], self.hashes[second][common_second], assume_unique=True) & common_first
        overlap = score / (1 + score) * (total_first + total_second) - int(self.lengths[first][shared].sum())
        overlap = max(overlap, 0.0)
        return overlap / max(body_first + body_second - overlap, 1.0) >= self.threshold


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


def _cluster_pairs(docs: Iterable[tuple[str, str]], threshold: float) -> tuple[list[_Member], Clusterer, SharedLines]:
    clusterer = Clusterer(threshold)
    lines = SharedLines(threshold)
    members: list[_Member] = []
    for batch in _batches(docs):
        texts = [text for _, text in batch]
        clusterer.add(signatures(texts))
        lines.add(texts)
        for doc_id, text in batch:
            members.append(_Member(doc_id, 0, len(text), doc_id, len(members)))
    lines.finish()
    return members, clusterer, lines


def _ordered_clusters(members: Sequence[_Member], clusterer: Clusterer, lines: SharedLines, keep: str) -> list[list[_Member]]:
    """Every cluster with its kept copy first, then the others in input order."""
    result = []
    for items in clusterer.clusters(lines.accept).values():
        group = [members[i] for i in items]
        kept = min(group, key=lambda member: _preference(member, keep))
        result.append([kept, *(member for member in group if member is not kept)])
    return result


def find_duplicates(
    docs: Iterable[tuple[str, str]], threshold: float = DEFAULT_THRESHOLD, *, keep: str = "best"
) -> dict[str, str]:
    """Every `(id, text)` id mapped to the id of the copy kept for its cluster (itself if unique).

    `keep="best"` keeps the longest copy (ties: the smallest id), `keep="first"` the first in
    input order. Texts are not kept in memory, only their signatures.
    """
    members, clusterer, lines = _cluster_pairs(docs, threshold)
    return {member.id: cluster[0].id for cluster in _ordered_clusters(members, clusterer, lines, keep) for member in cluster}


def duplicate_clusters(docs: Iterable[tuple[str, str]], threshold: float = DEFAULT_THRESHOLD) -> list[list[str]]:
    """Clusters of two or more (near-)duplicate ids, kept copy first, in order of first appearance
    (for `corpusclean dupes`)."""
    members, clusterer, lines = _cluster_pairs(docs, threshold)
    clusters = [c for c in _ordered_clusters(members, clusterer, lines, "best") if len(c) > 1]
    clusters.sort(key=lambda cluster: min(member.order for member in cluster))
    return [[member.id for member in cluster] for cluster in clusters]


class Deduplicator:
    """The `dedup` corpus step: drops every copy but one of each duplicate cluster.

    `fit` hashes the documents in batches and clusters them; `apply` drops each non-kept copy
    with reason `duplicate` and `metadata["dup_of"]` = the kept copy's id. The kept copy gets no
    `dup_of` key. With `index`, documents are also compared with the corpus already in the index:
    one that matches an indexed document (under another id) is a duplicate of it, and kept
    documents are added to the index at the end of `fit` so that the next run sees them.
    """

    name = "dedup"

    def __init__(
        self,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        keep: str = "best",
        index: SignatureIndex | str | Path | None = None,
    ) -> None:
        if keep not in KEEP_POLICIES:
            raise ConfigError(f"dedup keep must be one of {', '.join(KEEP_POLICIES)}, not {keep!r}")
        self.threshold = checked_threshold(threshold)
        self.keep = keep
        self.index = SignatureIndex(index, threshold=threshold) if isinstance(index, (str, Path)) else index
        self.dup_of: dict[str, str] = {}

    def fit(self, docs: Iterable[Document]) -> None:
        """Cluster every kept document; remember only which ids are duplicates of which."""
        clusterer = Clusterer(self.threshold)
        lines = SharedLines(self.threshold)
        members: list[_Member] = []
        outside: dict[int, tuple[str, float]] = {}
        for documents in _batches(doc for doc in docs if not doc.dropped):
            texts = [doc.text for doc in documents]
            signed = signatures(texts)
            items = clusterer.add(signed)
            lines.add(texts)
            for item, doc in zip(items, documents):
                flags = len(doc.metadata.get("flags", []))
                path = str(doc.metadata.get("source_path") or doc.id)
                members.append(_Member(doc.id, flags, len(doc.text), path, item))
            if self.index is not None:
                for item, row, exact, size in zip(items, signed.hashvalues, signed.exact, signed.sizes):
                    matches = self.index.query_signature(row, int(exact)) if size else []
                    outside[item] = matches[0] if matches else ("", 0.0)
        lines.finish()
        self.dup_of = {}
        known = {member.id for member in members}
        fresh: list[_Member] = []
        for cluster in _ordered_clusters(members, clusterer, lines, self.keep):
            original = self._indexed_original(cluster, outside, known)
            kept = original or cluster[0].id
            for member in cluster:
                if member.id != kept:
                    self.dup_of[member.id] = kept
            if original is None:
                fresh.append(cluster[0])
        if self.index is not None:
            new = [m for m in fresh if m.id not in self.index and clusterer.sizes[m.order]]
            self.index.add_signatures([m.id for m in new], clusterer.rows([m.order for m in new]))

    @staticmethod
    def _indexed_original(cluster: list[_Member], outside: dict[int, tuple[str, float]], known: set[str]) -> str | None:
        """The indexed document (not part of this run) that the cluster duplicates, if any."""
        matches = (outside.get(m.order) for m in cluster)
        found = [match for match in matches if match is not None and match[0] and match[0] not in known]
        return max(found, key=lambda match: match[1])[0] if found else None

    def apply(self, doc: Document) -> Document:
        """Drop `doc` as a duplicate if `fit` found it to be one."""
        kept = self.dup_of.get(doc.id)
        if kept is not None and not doc.dropped:
            doc.metadata["dup_of"] = kept
            doc.drop("duplicate", f"duplicate of {kept}")
        return doc
