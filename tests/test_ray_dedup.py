"""The Ray engine's dedup stages, partition by partition, give what the one-process functions give.

Each stage of `corpusclean/_engine/ray_dedup.py` runs once per partition of a shuffle; these
tests run the stage functions on the partitions themselves (no Ray needed, only pyarrow) and
compare with `_dedup/clusters.py` on the whole input: the buckets' candidate pairs, the rarely
held lines' pairs, and the connected components of the iterated min-label rounds. The whole
dedup on Ray against `Deduplicator.fit` is in tests/test_engines.py (integration).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

pa = pytest.importorskip("pyarrow")

from corpusclean._dedup.clusters import (
    LINE_HOLDERS,
    _UnionFind,
    candidate_pairs,
    line_pairs,
)
from corpusclean._dedup.minhash import Signatures
from corpusclean._engine import ray_dedup


def _shuffled(table: pa.Table, function: Callable[..., pa.Table], partitions: int, *args: Any) -> pa.Table:
    """What `RayDedup._shuffle` does, in this process: `function` once per partition."""
    parts = table.column("part").to_numpy()
    return pa.concat_tables([function(table.filter(pa.array(parts == part)), *args) for part in np.unique(parts)])


def _pairs(table: pa.Table, first: str, second: str) -> set[tuple[int, int]]:
    return set(zip(table.column(first).to_pylist(), table.column(second).to_pylist()))


@pytest.mark.parametrize(("documents", "buckets", "partitions"), [(60, 5, 1), (200, 3, 4), (500, 40, 7)])  # 200 in 3: buckets > WINDOW
def test_bucket_pairs_by_partition_are_the_candidate_pairs(documents: int, buckets: int, partitions: int) -> None:
    """Buckets larger than WINDOW included: each partition windows its buckets in input order."""
    rng = np.random.default_rng(documents)
    bands = rng.integers(0, buckets, size=(documents, 4)).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    items = np.arange(documents) * 3 + 5  # input orders with gaps (dropped documents)
    rows = ray_dedup._keyed(
        pa.table({
            "band": np.tile(np.arange(4), documents),
            "bucket": pa.array(bands.ravel(), pa.uint64()),
            "item": np.repeat(items, 4),
        }),
        "bucket",
        partitions,
    )
    found = _pairs(_shuffled(rows, ray_dedup._bucket_pairs, partitions), "key", "other")
    first, second = candidate_pairs(bands, np.ones(documents, dtype=bool))
    assert found == set(zip(items[first].tolist(), items[second].tolist()))


@pytest.mark.parametrize("partitions", [1, 3, 8])
def test_line_candidates_by_partition_are_the_line_pairs(partitions: int) -> None:
    rng = np.random.default_rng(partitions)
    documents = 300
    # line hashes: 400 distinct lines, spread over 64 bits as real hashes are
    held = [np.unique(rng.integers(0, 400, size=rng.integers(0, 12))).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) for _ in range(documents)]
    active = rng.random(documents) > 0.2
    items = np.arange(documents) * 2 + 1
    counts = [len(lines) for lines in held]
    lines = np.concatenate(held)
    chars = (lines % np.uint64(40)).astype(np.int32) + 1  # a line's length goes with it; short lines make no pairs
    rows = ray_dedup._keyed(
        pa.table({
            "line": pa.array(lines, pa.uint64()),
            "item": np.repeat(items, counts),
            "active": np.repeat(active, counts),
            "chars": chars,
        }),
        "line",
        partitions,
    )
    found = _pairs(_shuffled(rows, ray_dedup._line_candidates, partitions), "key", "other")
    starts = np.concatenate(([0], np.cumsum(counts)))
    sketches = Signatures(np.zeros((documents, 0), np.uint32), np.zeros(documents, np.uint64), np.ones(documents, np.int32),
                          np.zeros(documents, np.int32), lines, chars, starts)
    first, second = line_pairs(sketches, active, LINE_HOLDERS)
    assert found and found == set(zip(items[first].tolist(), items[second].tolist()))


def _chain(count: int) -> list[tuple[int, int]]:
    return [(node, node + 1) for node in range(count - 1)]


GRAPHS = {
    "chain": _chain(40),
    "chain numbered backwards": [(100 - a, 100 - b) for a, b in _chain(40)],
    "star": [(7, node) for node in range(8, 30)],
    "two components and a cycle": [(1, 5), (5, 9), (9, 1), (20, 30), (30, 2000)],
    "random": [tuple(sorted(map(int, pair))) for pair in np.random.default_rng(3).integers(0, 300, size=(250, 2)) if pair[0] != pair[1]],
}


@pytest.mark.parametrize("partitions", [1, 4])
@pytest.mark.parametrize("graph", GRAPHS)
def test_min_label_rounds_end_in_the_components_as_stars(graph: str, partitions: int) -> None:
    edges = sorted(set(GRAPHS[graph]))
    current = pa.table({"first": [a for a, _ in edges], "second": [b for _, b in edges]})
    for _ in range(50):
        following = _shuffled(ray_dedup._both_ways(current, partitions), ray_dedup._to_min, partitions)
        if not pa.compute.sum(following.column("moved")).as_py():
            break
        current = following
    else:
        pytest.fail("the rounds did not settle")
    label = dict(zip(following.column("second").to_pylist(), following.column("first").to_pylist()))
    nodes = sorted({node for edge in edges for node in edge})
    sets = _UnionFind(max(nodes) + 1)
    for a, b in edges:
        sets.union(a, b)
    smallest: dict[int, int] = {}
    for node in nodes:
        smallest.setdefault(sets.find(node), node)
    assert {node: label.get(node, node) for node in nodes} == {node: smallest[sets.find(node)] for node in nodes}
