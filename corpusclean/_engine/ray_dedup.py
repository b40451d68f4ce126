"""The `dedup` step on Ray: sketches in the map, LSH buckets, pair checks and clusters as shuffles.

The local engine fits `Deduplicator` in one process (`_dedup/clusters.py`, `Clusterer.clusters`);
this module runs the same stages with the same functions over a Ray dataset, so the clusters and
the copies kept are the same, and no stage brings the documents to the driver:

1. **Sketch** (map): `minhash.signatures` of every live document — the row `item` is its input
   order, which numbers the documents in the same order as the local engine's items.
2. **Exact copies** (shuffle by exact key): in each key's run, in input order, a usable document
   joins the one before it, and only the run's first document enters the bands (as in
   `Clusterer.clusters`).
3. **Buckets** (map, then shuffle by bucket): `index.band_hashes` gives `(band, bucket)` keys;
   each partition of buckets runs `clusters.candidate_pairs` on each band's members in input
   order, so a bucket of thousands is windowed exactly as on one machine.
4. **Lines** (map, then shuffle by line): `clusters.line_pairs` on each partition of lines gives
   the pairs that hold a rarely held line in common; the lines held by two or more documents are
   grouped by their set of holders into blocks (stage 5's input), as `SharedBlocks` forms them.
5. **Scoring** (two shuffles, by first then second document): a pair is joined with both
   signatures, scored with `minhash.similarity`, and kept from `CONTAINMENT_FLOOR` on (or when
   it came from a common line) if the languages may match.
6. **Judging** — the one global view: `clusters.SharedBlocks` must see every holder of every
   shared block and every scored pair. The driver gathers `(block, document, characters)` rows
   (one per document and block it holds, not per line) and the scored pairs `(first, second,
   Jaccard)`, builds `SharedBlocks` from them (a document's blocks stand for its lines),
   settles it and judges each pair with `SharedBlocks.judge`; the accepted pairs go back to the
   cluster as edges. No text and no signature reaches the driver.
7. **Clusters** (iterated shuffles of the accepted edges): connected components by min-label
   propagation (each node links its neighbours to the smallest label it sees, until every
   component is a star around its smallest document).
8. **Keep** (two shuffles, by document then by cluster): each member learns its cluster, then
   `Members.preference` picks the kept copy and `Members.reason` says why; the excerpts' `contained_in` is the longer
   document of the first excerpt pair in input order, as `Clusterer.clusters` records it.

The result is a dataset of decisions (input order, kept id, why, `contained_in` id) sorted by input
order, which the engine applies with `Deduplicator.apply` as the documents stream to the writer.
Every shuffle hashes its key to `partitions` groups and handles one group per task with numpy.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import numpy as np

from corpusclean._dedup.clusters import (
    BANDS,
    LINE_HOLDERS,
    MEMBER_FACTS,
    ROWS,
    Deduplicator,
    Members,
    Pairs,
    SharedBlocks,
    candidate_pairs,
    exact_roots,
    line_pairs,
    member_facts,
    mix,
    primary_language,
    worth_judging,
)
from corpusclean._dedup.index import band_hashes
from corpusclean._dedup.minhash import NUM_PERM, Signatures, signatures, similarity

if TYPE_CHECKING:
    import pyarrow

PARTITION_DOCS = 200_000
"""Documents per shuffle partition beyond the cluster's CPUs: a partition of bucket keys is then
about 200 MB at 42 bands (docs/ray.md)."""


def distributed(step: Any) -> bool:
    """Whether `step` is the dedup step this module runs in the cluster (one with an index
    stays on the driver: its SQLite database is there)."""
    return isinstance(step, Deduplicator) and step.index is None


def _pa() -> Any:
    import pyarrow

    return pyarrow


def _schema(**fields: str) -> pyarrow.Schema:
    pa = _pa()
    types = {"i64": pa.int64(), "u64": pa.uint64(), "f64": pa.float64(), "str": pa.string(), "bin": pa.binary(), "bool": pa.bool_()}
    return pa.schema([(name, types[kind]) for name, kind in fields.items()])


def _table(schema: pyarrow.Schema, rows: int, **columns: Any) -> pyarrow.Table:
    """A table of `schema`; the columns not given are nulls (the table of one shuffle is a union
    of rows of several kinds)."""
    pa = _pa()
    return pa.table(
        {f.name: pa.array(columns[f.name], f.type) if f.name in columns else pa.nulls(rows, f.type) for f in schema},
        schema=schema,
    )


def _ints(table: Any, name: str, dtype: Any = np.int64) -> np.ndarray:
    """A column as a numpy array (nulls are not expected where this is used)."""
    return np.asarray(table.column(name).to_numpy(zero_copy_only=False), dtype=dtype)


def _rows_of(column: Any, dtype: Any, width: int) -> np.ndarray:
    """A binary column of fixed-width rows as one `(n, width)` array."""
    return np.frombuffer(b"".join(column.to_pylist()), dtype=dtype).reshape(-1, width)


def _segments(*keys: np.ndarray) -> np.ndarray:
    """Start of each run of equal keys in arrays sorted by them."""
    change = np.zeros(len(keys[0]), dtype=bool)
    change[:1] = True
    for key in keys:
        change[1:] |= key[1:] != key[:-1]
    return np.flatnonzero(change)


def _keyed(batch: pyarrow.Table, key: str, partitions: int) -> pyarrow.Table:
    """`batch` with the partition of its `key` column (`part`): the hash shuffle's target."""
    part = _ints(batch, key, np.uint64) % np.uint64(partitions)
    return batch.append_column("part", _pa().array(part.astype(np.int64)))


SKETCH = _schema(item="i64", exact="u64", usable="bool", chars="i64", language="str", signature="bin", line_hashes="bin",
                 line_chars="bin", doc_id="str", length="i64", flags="i64", path="str", encoding="str", repairs="i64", quality="f64")
"""Stage 1's rows: a live document's sketch and what the keep policy needs of it (`MEMBER_FACTS`)."""
PAIR = _schema(key="i64", other="i64", by_line="bool", signature="bin", chars="i64", language="str")
"""Stage 5's rows: a signature (`other` = -1) or a pair, keyed by one of its documents."""
SCORED = _schema(first="i64", second="i64", jaccard="f64", chars_first="i64", chars_second="i64")
BLOCK = _schema(block="u64", item="i64", chars="i64", doc_chars="i64")
EDGE = _schema(first="i64", second="i64", excerpt="bool", shorter="i64", longer="i64")
MEMBER = _schema(key="i64", label="i64", longer="i64", pair_first="i64", pair_second="i64", doc_id="str", length="i64", flags="i64",
                 path="str", encoding="str", repairs="i64", quality="f64")
"""Stage 8's rows, keyed by document: its facts, a cluster label, or an excerpt pair; then keyed
by cluster, `label` the member."""
DECISION = _schema(order="i64", dup_of="str", kept_because="str", contained_in="str")


def _sketch(batch: pyarrow.Table) -> pyarrow.Table:
    """Stage 1: the sketches of the batch's live documents (the document rows of `ray.py`)."""
    docs = [(order, pickle.loads(blob)) for order, blob in zip(batch.column("order").to_pylist(), batch.column("doc").to_pylist())]
    docs = [(order, doc) for order, doc in docs if not doc.dropped]
    if not docs:
        return _table(SKETCH, 0)
    signed = signatures([doc.text for _, doc in docs])
    starts = signed.line_starts.tolist()
    facts = [member_facts(doc) for _, doc in docs]
    return _table(
        SKETCH,
        len(docs),
        item=[order for order, _ in docs],
        exact=signed.exact,
        usable=signed.sizes > 0,
        chars=signed.chars.astype(np.int64),
        language=[primary_language(doc.metadata.get("language")) for _, doc in docs],
        signature=[row.tobytes() for row in signed.hashvalues],
        line_hashes=[signed.line_hashes[low:high].tobytes() for low, high in pairwise(starts)],
        line_chars=[signed.line_chars[low:high].astype(np.int32).tobytes() for low, high in pairwise(starts)],
        **{name: [fact[name] for fact in facts] for name in MEMBER_FACTS},
    )


def _exact_roots(group: pyarrow.Table) -> pyarrow.Table:
    """Stage 2, one partition of exact keys: `root` is the first document of its run of usable
    exact copies (in input order), the document itself otherwise (`exact_roots`)."""
    roots = exact_roots(_ints(group, "exact", np.uint64), _ints(group, "usable", bool), _ints(group, "item"))
    return group.drop_columns(["part"]).append_column("root", _pa().array(roots))


def _active(batch: pyarrow.Table) -> np.ndarray:
    """The documents that enter the bands: usable and first of their exact copies."""
    return _ints(batch, "usable", bool) & (_ints(batch, "root") == _ints(batch, "item"))


def _exact_edges(batch: pyarrow.Table) -> pyarrow.Table:
    """Stage 2's edges: each exact copy joined to the first of its run."""
    roots, items = _ints(batch, "root"), _ints(batch, "item")
    copy = roots != items
    count = int(copy.sum())
    return _table(EDGE, count, first=roots[copy], second=items[copy], excerpt=np.zeros(count, bool), shorter=np.full(count, -1),
                  longer=np.full(count, -1))


def _band_rows(batch: pyarrow.Table, partitions: int) -> pyarrow.Table:
    """Stage 3's map: `(band, bucket, item)` for each band of each document that enters them."""
    active = _active(batch)
    items = _ints(batch, "item")[active]
    signed = _rows_of(batch.column("signature").filter(_pa().array(active)), np.uint32, NUM_PERM)
    buckets = band_hashes(signed, BANDS, ROWS) if len(items) else np.zeros((0, BANDS), np.uint64)
    table = _table(
        _schema(band="i64", bucket="u64", item="i64"),
        buckets.size,
        band=np.tile(np.arange(BANDS, dtype=np.int64), len(items)),
        bucket=buckets.ravel(),
        item=np.repeat(items, BANDS),
    )
    return _keyed(table, "bucket", partitions)


def _pair_rows(first: np.ndarray, second: np.ndarray, by_line: bool) -> pyarrow.Table:
    return _table(PAIR, len(first), key=first, other=second, by_line=np.full(len(first), by_line))


def _bucket_pairs(group: pyarrow.Table) -> pyarrow.Table:
    """Stage 3's reduce: the candidate pairs of one partition of buckets, band by band, each
    bucket's members in input order (`candidate_pairs` on the partition's keys)."""
    bands, buckets, items = _ints(group, "band"), _ints(group, "bucket", np.uint64), _ints(group, "item")
    found = [np.zeros((0, 2), np.int64)]
    for band in np.unique(bands).tolist():
        chosen = np.flatnonzero(bands == band)
        chosen = chosen[np.argsort(items[chosen], kind="stable")]
        first, second = candidate_pairs(buckets[chosen][:, None], np.ones(len(chosen), dtype=bool))
        found.append(np.stack([items[chosen][first], items[chosen][second]], axis=1))
    pairs = np.unique(np.concatenate(found), axis=0)
    return _pair_rows(pairs[:, 0], pairs[:, 1], False)


def _line_rows(batch: pyarrow.Table, partitions: int) -> pyarrow.Table:
    """Stage 4's map: `(line, item, active, line characters, document characters)` per
    distinct line of each live document."""
    blobs = batch.column("line_hashes").to_pylist()
    counts = [len(blob) // 8 for blob in blobs]
    lines = np.frombuffer(b"".join(blobs), dtype=np.uint64)
    table = _table(
        _schema(line="u64", item="i64", active="bool", chars="i64", doc_chars="i64"),
        len(lines),
        line=lines,
        item=np.repeat(_ints(batch, "item"), counts),
        active=np.repeat(_active(batch), counts),
        chars=np.frombuffer(b"".join(batch.column("line_chars").to_pylist()), dtype=np.int32).astype(np.int64),
        doc_chars=np.repeat(_ints(batch, "chars"), counts),
    )
    return _keyed(table, "line", partitions)


def _sorted_lines(group: pyarrow.Table) -> tuple[np.ndarray, ...]:
    """A partition of line rows sorted by (item, line): lines, items, and the row order."""
    lines, items = _ints(group, "line", np.uint64), _ints(group, "item")
    order = np.lexsort((lines, items))
    return lines[order], items[order], order


def _line_candidates(group: pyarrow.Table) -> pyarrow.Table:
    """Stage 4a, one partition of lines: `line_pairs` on its documents (each numbered in input
    order, holding its lines of the partition) — every holder of a line is in its partition."""
    lines, items, order = _sorted_lines(group)
    documents = np.unique(items)
    owners = np.searchsorted(documents, items)
    active = np.zeros(len(documents), dtype=bool)
    active[owners] = _ints(group, "active", bool)[order]
    count = len(documents)
    held = Signatures(np.zeros((count, 0), np.uint32), np.zeros(count, np.uint64), np.ones(count, np.int32), np.zeros(count, np.int32),
                      lines, _ints(group, "chars", np.int32)[order], np.searchsorted(owners, np.arange(count + 1)).astype(np.int64))
    first, second = line_pairs(held, active, LINE_HOLDERS)
    return _pair_rows(documents[first], documents[second], True)


def _line_blocks(group: pyarrow.Table, partitions: int) -> pyarrow.Table:
    """Stage 4b, one partition of lines: each line held by two or more documents, keyed by its
    set of holders — the block it belongs to, as `SharedBlocks` forms them (a sum of `mix`)."""
    lines, items = _ints(group, "line", np.uint64), _ints(group, "item")
    order = np.lexsort((items, lines))
    lines, items = lines[order], items[order]
    starts = _segments(lines) if len(lines) else np.zeros(0, np.int64)
    holders = np.diff(np.append(starts, len(lines)))
    holder_sets = np.add.reduceat(mix(items.astype(np.uint64) + np.uint64(1)), starts) if len(starts) else np.zeros(0, np.uint64)
    shared = np.repeat(holders >= 2, holders)
    table = _table(
        BLOCK,
        int(shared.sum()),
        block=np.repeat(holder_sets, holders)[shared],
        item=items[shared],
        chars=_ints(group, "chars")[order][shared],
        doc_chars=_ints(group, "doc_chars")[order][shared],
    )
    return _keyed(table, "block", partitions)


def _blocks(group: pyarrow.Table) -> pyarrow.Table:
    """Stage 4c, one partition of blocks: each holder's characters in each block."""
    blocks, items = _ints(group, "block", np.uint64), _ints(group, "item")
    order = np.lexsort((items, blocks))
    blocks, items = blocks[order], items[order]
    held = _segments(blocks, items)
    return _table(BLOCK, len(held), block=blocks[held], item=items[held], chars=np.add.reduceat(_ints(group, "chars")[order], held),
                  doc_chars=_ints(group, "doc_chars")[order][held])


def _signed_rows(batch: pyarrow.Table) -> pyarrow.Table:
    """The signature, size and language of each document that enters the bands, keyed by it."""
    kept = batch.filter(_pa().array(_active(batch)))
    return _table(PAIR, len(kept), key=kept.column("item"), other=np.full(len(kept), -1), signature=kept.column("signature"),
                  chars=kept.column("chars"), language=kept.column("language"))


def _split(group: pyarrow.Table) -> tuple[pyarrow.Table, pyarrow.Table, Any]:
    """A partition of PAIR rows: the signature rows, the pair rows, and for each pair row the
    signature row of its key."""
    is_pair = _ints(group, "other") >= 0
    signed = group.filter(_pa().array(~is_pair))
    signed = signed.take(_pa().array(np.argsort(_ints(signed, "key"))))
    pairs = group.filter(_pa().array(is_pair))
    return signed, pairs, np.searchsorted(_ints(signed, "key"), _ints(pairs, "key"))


def _attach_first(group: pyarrow.Table) -> pyarrow.Table:
    """Stage 5a, one partition of first documents: each distinct pair (from a band or a line)
    with its first document's signature, keyed now by its second document."""
    signed, pairs, rows = _split(group)
    codes = np.stack([_ints(pairs, "key"), _ints(pairs, "other")], axis=1)
    unique, inverse = np.unique(codes, axis=0, return_inverse=True)
    by_line = np.zeros(len(unique), dtype=bool)
    np.logical_or.at(by_line, inverse.reshape(-1), _ints(pairs, "by_line", bool))
    rows = _pa().array(np.searchsorted(_ints(signed, "key"), unique[:, 0]))
    return _table(PAIR, len(unique), key=unique[:, 1], other=unique[:, 0], by_line=by_line, signature=signed.column("signature").take(rows),
                  chars=signed.column("chars").take(rows), language=signed.column("language").take(rows))


def _score(group: pyarrow.Table) -> pyarrow.Table:
    """Stage 5b, one partition of second documents: each pair's estimated Jaccard similarity;
    the pairs worth judging (`worth_judging`, as `Clusterer.scored_pairs` keeps them)."""
    signed, pairs, rows = _split(group)
    index = _pa().array(rows)
    first_rows = _rows_of(pairs.column("signature"), np.uint32, NUM_PERM)
    second_rows = _rows_of(signed.column("signature").take(index), np.uint32, NUM_PERM)
    jaccard = np.asarray(similarity(first_rows, second_rows), dtype=np.float64).reshape(-1)
    first_language = np.asarray(pairs.column("language").to_pylist(), dtype=object)
    second_language = np.asarray(signed.column("language").take(index).to_pylist(), dtype=object)
    keep = worth_judging(jaccard, _ints(pairs, "by_line", bool), first_language, second_language, "")
    return _table(SCORED, int(keep.sum()), first=_ints(pairs, "other")[keep], second=_ints(pairs, "key")[keep], jaccard=jaccard[keep],
                  chars_first=_ints(pairs, "chars")[keep], chars_second=_ints(signed.take(index), "chars")[keep])


def _both_ways(batch: pyarrow.Table, partitions: int) -> pyarrow.Table:
    """Stage 7's map: each edge from both of its ends."""
    first, second = _ints(batch, "first"), _ints(batch, "second")
    table = _table(_schema(node="i64", neighbour="i64"), 2 * len(first), node=np.concatenate([first, second]),
                   neighbour=np.concatenate([second, first]))
    return _keyed(table, "node", partitions)


def _to_min(group: pyarrow.Table) -> pyarrow.Table:
    """Stage 7's reduce, one round for one partition of nodes: each node links itself and its
    neighbours to the smallest of them. A node is settled when it is the smallest of its
    neighbours (a star's centre) or has one smaller neighbour only (a leaf); `moved` marks the
    links of the nodes that are not: a round with none returns the stars it was given."""
    pairs = np.unique(np.stack([_ints(group, "node"), _ints(group, "neighbour")], axis=1), axis=0)
    nodes, neighbours = pairs[:, 0], pairs[:, 1]
    starts = _segments(nodes)
    degree = np.diff(np.append(starts, len(nodes)))
    smallest = np.minimum(np.minimum.reduceat(neighbours, starts), nodes[starts])
    centre = smallest == nodes[starts]
    unsettled = ~(centre | (degree == 1))
    label = np.repeat(smallest, degree)
    linked = neighbours != label
    first = np.concatenate([label[linked], smallest[~centre]])
    second = np.concatenate([neighbours[linked], nodes[starts][~centre]])
    moved = np.concatenate([np.repeat(unsettled, degree)[linked], unsettled[~centre]])
    return _table(_schema(first="i64", second="i64", moved="i64"), len(first), first=first, second=second, moved=moved.astype(np.int64))


def _member_rows(batch: pyarrow.Table) -> pyarrow.Table:
    """What the keep policy needs of each document, keyed by it."""
    return _table(MEMBER, len(batch), key=batch.column("item"), **{name: batch.column(name) for name in MEMBER_FACTS})


def _label_rows(batch: pyarrow.Table) -> pyarrow.Table:
    """A star's edge as the cluster label (its centre) of both its ends."""
    first, second = _ints(batch, "first"), _ints(batch, "second")
    return _table(MEMBER, 2 * len(first), key=np.concatenate([first, second]), label=np.concatenate([first, first]))


def _excerpt_rows(batch: pyarrow.Table) -> pyarrow.Table:
    """An accepted excerpt pair, keyed by its shorter document."""
    kept = batch.filter(batch.column("excerpt"))
    return _table(MEMBER, len(kept), key=kept.column("shorter"), longer=kept.column("longer"), pair_first=kept.column("first"),
                  pair_second=kept.column("second"))


def _attach_cluster(group: pyarrow.Table, partitions: int) -> pyarrow.Table:
    """Stage 8a, one partition of documents: each clustered document keyed by its cluster (the
    smallest document of its component), with its facts and, as `longer`, the longer document
    of its first excerpt pair (by `(first, second)`: `Clusterer.clusters` keeps the first)."""
    found: dict[int, dict[str, Any]] = {}
    for row in group.to_pylist():
        entry = found.setdefault(row["key"], {"label": None, "excerpt": None})
        if row["label"] is not None:
            entry["label"] = row["label"] if entry["label"] is None else min(entry["label"], row["label"])
        elif row["longer"] is not None:
            pair = (row["pair_first"], row["pair_second"], row["longer"])
            entry["excerpt"] = pair if entry["excerpt"] is None else min(entry["excerpt"], pair)
        else:
            entry.update({name: row[name] for name in MEMBER_FACTS})
    rows = [(item, entry) for item, entry in sorted(found.items()) if entry["label"] is not None]
    table = _table(
        MEMBER,
        len(rows),
        key=[entry["label"] for _, entry in rows],
        label=[item for item, _ in rows],
        longer=[entry["excerpt"][2] if entry["excerpt"] else None for _, entry in rows],
        **{name: [entry[name] for _, entry in rows] for name in MEMBER_FACTS},
    )
    return _keyed(table, "key", partitions)


def _keep(group: pyarrow.Table, keep: str) -> pyarrow.Table:
    """Stage 8b, one partition of clusters: the copy `Members.preference` keeps and, for every
    other member, a decision (`dup_of`, `Members.reason`, and `contained_in` for an excerpt)."""
    clusters: dict[int, list[dict[str, Any]]] = {}
    for row in group.to_pylist():
        clusters.setdefault(row["key"], []).append(row)
    decisions: dict[str, list[Any]] = {"order": [], "dup_of": [], "kept_because": [], "contained_in": []}
    for rows in clusters.values():
        rows.sort(key=lambda row: row["label"])  # members numbered in input order, as items are
        members = Members()
        for row in rows:
            members.add(**{name: row[name] for name in MEMBER_FACTS})
        kept = min(range(len(rows)), key=lambda item: members.preference(item, keep))
        ids = {row["label"]: row["doc_id"] for row in rows}
        for number, row in enumerate(rows):
            if number != kept:
                decisions["order"].append(row["label"])
                decisions["dup_of"].append(rows[kept]["doc_id"])
                decisions["kept_because"].append(members.reason(kept, number, keep))
                decisions["contained_in"].append(ids[row["longer"]] if row["longer"] is not None else None)
    return _table(DECISION, len(decisions["order"]), **decisions)


@dataclass
class RayDedup:
    """Fits a `Deduplicator` (without an index) on a dataset of documents, in the cluster."""

    ray: Any
    step: Deduplicator
    concurrency: int
    partitions: int = 1
    measure: bool = False
    """Record the bytes of every shuffle's input (materialised first, which costs an execution
    each) and of what the driver gathers in `moved` (benchmarks/bench_ray.py)."""
    moved: dict[str, int] = field(default_factory=dict)

    def _map(self, ds: Any, function: Any, *args: Any) -> Any:
        return ds.map_batches(function, fn_args=args, batch_format="pyarrow")

    def _shuffle(self, ds: Any, function: Any, *args: Any) -> Any:
        """`function(group, *args)` once per partition of `ds`'s rows (by their `part`)."""
        if self.measure:
            ds = ds.materialize()
            self.moved[function.__name__] = self.moved.get(function.__name__, 0) + ds.size_bytes()
        grouped = ds.groupby("part", num_partitions=self.partitions)
        return grouped.map_groups(function, fn_args=args, batch_format="pyarrow").materialize()

    def _by(self, ds: Any, key: str) -> Any:
        return self._map(ds, _keyed, key, self.partitions)

    def _gather(self, ds: Any, schema: pyarrow.Schema) -> pyarrow.Table:
        """A small dataset's rows on the driver, as one table."""
        table = _pa().concat_tables([_table(schema, 0), *ds.iter_batches(batch_format="pyarrow", batch_size=None)])
        self.moved["driver"] = self.moved.get("driver", 0) + table.nbytes
        return table

    def fit(self, docs: Any) -> Any:
        """The decisions for the documents of `docs` (rows `order`, `doc`) as a dataset of
        DECISION rows sorted by input order, one per dropped copy; None without live documents."""
        sketches = self._map(docs, _sketch).materialize()
        live = sketches.count()
        if not live:
            return None
        self.partitions = max(self.concurrency, live // PARTITION_DOCS + 1)
        roots = self._shuffle(self._by(sketches, "exact"), _exact_roots)
        del sketches
        lines = self._map(roots, _line_rows, self.partitions).materialize()
        pairs = self._shuffle(self._map(roots, _band_rows, self.partitions), _bucket_pairs).union(self._shuffle(lines, _line_candidates))
        signed = self._map(roots, _signed_rows)
        firsts = self._shuffle(self._by(signed.union(pairs), "key"), _attach_first)
        scored = self._shuffle(self._by(signed.union(firsts), "key"), _score)
        blocks = self._shuffle(self._shuffle(lines, _line_blocks, self.partitions), _blocks)
        del lines
        judged = self.ray.data.from_arrow(self._judge(self._gather(blocks, BLOCK), self._gather(scored, SCORED)))
        edges = self._map(roots, _exact_edges).union(judged).materialize()
        members = self._map(roots, _member_rows).union(self._map(edges, _excerpt_rows))
        if edges.count():
            members = members.union(self._map(self._components(edges), _label_rows))
        clustered = self._shuffle(self._by(members, "key"), _attach_cluster, self.partitions)
        return self._shuffle(clustered, _keep, self.step.keep).sort("order").materialize()

    def _judge(self, blocks: pyarrow.Table, pairs: pyarrow.Table) -> pyarrow.Table:
        """Stage 6, on the driver: `SharedBlocks` over the documents that hold blocks or are in
        a scored pair, settled with the pairs; EDGE rows of the pairs it accepts."""
        order = np.lexsort((_ints(pairs, "second"), _ints(pairs, "first")))  # as Clusterer's pairs
        first, second, jaccard = _ints(pairs, "first")[order], _ints(pairs, "second")[order], _ints(pairs, "jaccard", np.float64)[order]
        block_items = _ints(blocks, "item")
        documents = np.unique(np.concatenate([block_items, first, second]))
        chars = np.zeros(len(documents), dtype=np.int64)
        chars[np.searchsorted(documents, block_items)] = _ints(blocks, "doc_chars")
        chars[np.searchsorted(documents, first)] = _ints(pairs, "chars_first")[order]
        chars[np.searchsorted(documents, second)] = _ints(pairs, "chars_second")[order]
        ranked = np.lexsort((_ints(blocks, "block", np.uint64), block_items))
        owners = np.searchsorted(documents, block_items[ranked])
        count = len(documents)
        # each document's blocks stand for its lines: one "line" per block, its characters summed
        held = Signatures(np.zeros((count, 0), np.uint32), np.zeros(count, np.uint64), np.ones(count, np.int32), chars.astype(np.int32),
                          _ints(blocks, "block", np.uint64)[ranked], _ints(blocks, "chars")[ranked].astype(np.int32),
                          np.searchsorted(owners, np.arange(count + 1)).astype(np.int64))
        guard = SharedBlocks(held, self.step.threshold, self.step.containment)
        local = Pairs(np.searchsorted(documents, first), np.searchsorted(documents, second), jaccard)
        guard.settle(local)
        verdicts = [guard.judge(a, b, j) for a, b, j in zip(local.first.tolist(), local.second.tolist(), jaccard.tolist())]
        accepted = np.array([duplicate for duplicate, _ in verdicts], dtype=bool).reshape(-1)
        excerpt = np.array([excerpt for _, excerpt in verdicts], dtype=bool).reshape(-1)[accepted]
        first, second = first[accepted], second[accepted]
        first_shorter = guard.chars[local.first[accepted]] <= guard.chars[local.second[accepted]]
        return _table(EDGE, len(first), first=first, second=second, excerpt=excerpt,
                      shorter=np.where(excerpt, np.where(first_shorter, first, second), -1),
                      longer=np.where(excerpt, np.where(first_shorter, second, first), -1))

    def _components(self, edges: Any) -> Any:
        """Stage 7: the connected components of `edges` as stars `(smallest, member)`."""
        current = edges
        while True:
            following = self._shuffle(self._map(current, _both_ways, self.partitions), _to_min)
            if not following.sum("moved"):
                return following
            current = following


def decided(decisions: Any) -> Iterator[tuple[int, str, str, str | None]]:
    """`(order, dup_of, kept_because, contained_in)` of the fitted decisions, in input order."""
    if decisions is None:
        return
    for batch in decisions.iter_batches(batch_format="pyarrow"):
        yield from zip(*(batch.column(name).to_pylist() for name in DECISION.names))
