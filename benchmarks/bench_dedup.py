"""Speed and memory of dedup, in CPU seconds: this tree against an older one, and against datasketch.

Measured in one run on the same real documents (from /work/shared/corpora):

* sketches (`signatures()` in batches of 256, normalisation included) and the whole
  `find_duplicates` (sketches, bands, verification, guard, union-find), per document, in CPU
  seconds (`time.process_time`: the machine is shared, wall time is noise) — for this tree and,
  with `--against DIR`, for another checkout (e.g. `git worktree add /tmp/old <commit>`), each
  in its own process, rounds alternated, best of each;
* memory per document of the clustering state (tracemalloc): what is held once every document
  is added, and the peak while clustering;
* datasketch's per-document `MinHash(num_perm=128).update_batch` over the same character
  5-grams (SHA-1 shingle hash, `affine32`), shingles prepared beforehand;
* the SQLite index: bytes per document on disk, add and query speed.

`--scale 1000,10000,100000` measures instead how `find_duplicates` grows with the corpus (#17:
CPU per document flat within 15 % from 1k to 100k): at each size, in a fresh process, the
documents are the real ones followed by new ones made from them (`replicated`), streamed (never
all held), and the CPU per document and the peak RSS above the process's start are printed.

    python benchmarks/bench_dedup.py [--documents 3000] [--repeat 3] [--against /tmp/old]
    python benchmarks/bench_dedup.py --scale 1000,10000,100000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def load(corpora: Path, count: int) -> list[str]:
    """Real documents, a third each English, Simplified and Traditional Chinese, 200+ characters."""
    texts: list[str] = []
    for name in ("en.jsonl", "zh_hans.jsonl", "zh_hant.jsonl"):
        with (corpora / name).open(encoding="utf-8") as handle:
            records = [json.loads(line)["text"] for line in handle]
        texts.extend([t for t in records if len(t) >= 200][: count // 3])
    return texts


COPY_EVERY = 10
"""In `replicated`, every tenth new document is an edited copy of an earlier one."""


def _cipher(replica: int) -> dict[int, int]:
    """A letter substitution for one replica of the corpus: the Latin letters permuted and the
    common Han characters rotated, differently for each replica (0: none)."""
    if not replica:
        return {}
    rng = random.Random(replica)
    letters = list("abcdefghijklmnopqrstuvwxyz")
    shuffled = rng.sample(letters, len(letters))
    table = {ord(a): ord(b) for a, b in zip(letters, shuffled)}
    table.update({ord(a.upper()): ord(b.upper()) for a, b in zip(letters, shuffled)})
    low, high = 0x4E00, 0x9FA6
    table.update({code: low + (code - low + 97 * replica) % (high - low) for code in range(low, high)})
    return table


def replicas(texts: list[str], count: int) -> Iterator[tuple[str, str]]:
    """`count` documents `(id, text)` with the same make-up at every size: `texts`, then replicas
    of them, each replica of the corpus with its own letter substitution (`_cipher`: as distinct
    from the others as another corpus, its copies and shared lines as `texts` has them), and every
    `COPY_EVERY`th document an earlier one with a tenth of it cut out and a line added (a
    near-copy). tests/test_linear.py uses it too."""
    rng = random.Random(17)
    recent: list[str] = []
    cipher: dict[int, int] = {}
    for number in range(count):
        replica, position = divmod(number, len(texts))
        if position == 0:
            cipher = _cipher(replica)
        if replica and number % COPY_EVERY == 0:
            original = rng.choice(recent)
            cut = rng.randrange(len(original))
            text = f"{original[:cut]}{original[cut + len(original) // 10 :]}\nNo. {number}"
        else:
            text = texts[position].translate(cipher)
        recent = [*recent[-999:], text]
        yield str(number), text


def replicated(corpora: Path, count: int) -> Iterator[tuple[str, str]]:
    """`replicas` of the real documents of `load`."""
    return replicas(load(corpora, 3000), count)


def scale_point(corpora: Path, count: int) -> dict[str, float]:
    """CPU seconds of `find_duplicates` over `count` replicated documents in this process, and
    its peak RSS above the RSS after warming up (tables and permutations loaded)."""
    from corpusclean._dedup import clusters

    clusters.find_duplicates(replicated(corpora, clusters.BATCH_SIZE))  # warm-up
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds = cpu(lambda: clusters.find_duplicates(replicated(corpora, count)))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"documents": count, "cpu": seconds, "rss_kib": peak - start_rss}


def scale_rows(corpora: Path, sizes: list[int]) -> None:
    """`scale_point` for each size, each in a fresh process (peak RSS is per process)."""
    print("| documents | find_duplicates CPU-s | µs CPU/document | vs the first | peak RSS added, bytes/document |")
    print("|---:|---:|---:|---:|---:|")
    first = None
    for size in sizes:
        output = subprocess.run(
            [sys.executable, __file__, "--scale-point", str(size), "--corpora", str(corpora)],
            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, check=True,
        ).stdout
        point = json.loads(output.strip().splitlines()[-1])
        per_document = point["cpu"] / size
        first = first or per_document
        print(f"| {size:,} | {point['cpu']:.1f} | {per_document * 1e6:,.0f} | {per_document / first:.2f}× | {point['rss_kib'] * 1024 / size:,.0f} |")


def cpu(function: Any, *args: Any) -> float:
    start = time.process_time()
    function(*args)
    return time.process_time() - start


def measure(corpora: Path, count: int) -> dict[str, float]:
    """One round in this process, with whatever `corpusclean` it imports: CPU seconds of the
    sketches and of `find_duplicates`, and clustering memory."""
    from corpusclean._dedup import clusters
    from corpusclean._dedup.minhash import signatures

    texts = load(corpora, count)
    pairs = [(str(i), text) for i, text in enumerate(texts)]
    batch = clusters.BATCH_SIZE
    signatures(texts[:batch])  # warm-up: fold table, permutations
    clusters.find_duplicates(pairs[:batch])

    def sketch_all() -> None:
        for low in range(0, len(texts), batch):
            signatures(texts[low : low + batch])

    result = {"documents": len(texts), "signatures": cpu(sketch_all), "find_duplicates": cpu(clusters.find_duplicates, pairs)}
    tracemalloc.start()
    if hasattr(clusters, "_cluster_texts"):
        state = clusters._cluster_texts(pairs, clusters.DEFAULT_THRESHOLD, clusters.DEFAULT_CONTAINMENT)  # ids and sketches
        clusterer = state[1]
        held, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        clusterer.clusters()
        _, peak = tracemalloc.get_traced_memory()
        clusterer.close()
    else:  # the older tree: MinHashLSH while adding, SharedLines kept to the end
        state = clusters._cluster_pairs(pairs, 0.5)
        held, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        clusters._ordered_clusters(*state, "best")
        _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    result.update(held=held / len(texts), peak=peak / len(texts))
    return result


def in_process(tree: Path, corpora: Path, count: int) -> dict[str, float]:
    """`measure` in a fresh interpreter importing corpusclean from `tree`."""
    output = subprocess.run(
        [sys.executable, __file__, "--measure", "--corpora", str(corpora), "--documents", str(count)],
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def datasketch_rows(corpora: Path, count: int, repeat: int) -> None:
    from datasketch import MinHash

    sys.path.insert(0, str(ROOT))
    from corpusclean._dedup.minhash import NGRAM, NUM_PERM, normalize, signatures

    texts = load(corpora, count)
    shingles = []
    for text in texts:
        folded = normalize(text).replace(" ", "")
        shingles.append(list({folded[i : i + NGRAM].encode() for i in range(max(1, len(folded) - NGRAM + 1))}))

    def update() -> None:
        for items in shingles:
            MinHash(num_perm=NUM_PERM).update_batch(items)

    def ours() -> None:
        for low in range(0, len(texts), 256):
            signatures(texts[low : low + 256])

    ours()
    t_ours = min(cpu(ours) for _ in range(repeat))
    t_update = min(cpu(update) for _ in range(repeat))
    total = sum(map(len, shingles))
    print("\n| signatures, character 5-grams (1 core, CPU s) | documents/CPU-s | shingles/CPU-s | ratio |")
    print("|---|---|---|---|")
    print(f"| corpusclean `signatures()`, batches of 256, normalisation included | {len(texts) / t_ours:,.0f} | {total / t_ours:,.0f} | — |")
    print(f"| datasketch `update_batch` per document, shingles prepared beforehand | {len(texts) / t_update:,.0f} | {total / t_update:,.0f} | {t_update / t_ours:.1f}× slower |")


def index_rows(corpora: Path, count: int) -> None:
    sys.path.insert(0, str(ROOT))
    from corpusclean._dedup.index import SignatureIndex

    texts = load(corpora, count)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "index.sqlite"
        with SignatureIndex(path) as index:
            t_add = cpu(index.add_many, [(str(i), t) for i, t in enumerate(texts)])
        size = path.stat().st_size
        with SignatureIndex(path) as index:
            t_query = cpu(lambda: [index.query(text) for text in texts[:200]]) / 200
    print(f"\nSQLite index: {size / len(texts):,.0f} bytes/document on disk; add_many {len(texts) / t_add:,.0f} documents/CPU-s; "
          f"query {t_query * 1000:.2f} CPU-ms/document (signature included)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3, help="rounds per tree; the best of each is reported")
    parser.add_argument("--against", type=Path, help="another checkout of corpusclean to compare with")
    parser.add_argument("--scale", help="comma-separated corpus sizes: how find_duplicates grows (see above)")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scale-point", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.corpora, args.documents)))
        return
    if args.scale_point:
        print(json.dumps(scale_point(args.corpora, args.scale_point)))
        return
    if args.scale:
        scale_rows(args.corpora, [int(size) for size in args.scale.split(",")])
        return
    trees = {"this tree": ROOT, **({f"{args.against}": args.against} if args.against else {})}
    rounds: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    for _ in range(args.repeat):  # alternated: the load of the shared machine varies
        for name, tree in trees.items():
            rounds[name].append(in_process(tree, args.corpora, args.documents))
    print(f"{rounds['this tree'][0]['documents']:.0f} real documents; best of {args.repeat} alternated rounds, each tree in its own process\n")
    print("| tree | sketches, µs CPU/document | find_duplicates, µs CPU/document | clustering state held, bytes/document | peak while clustering, bytes/document |")
    print("|---|---|---|---|---|")
    best = {}
    for name, results in rounds.items():
        n = results[0]["documents"]
        best[name] = {key: min(r[key] for r in results) for key in ("signatures", "find_duplicates", "held", "peak")}
        b = best[name]
        print(f"| {name} | {b['signatures'] / n * 1e6:,.0f} | {b['find_duplicates'] / n * 1e6:,.0f} | {b['held']:,.0f} | {b['peak']:,.0f} |")
    if args.against:
        new, old = best["this tree"], best[f"{args.against}"]
        print(f"\nratio old/new CPU: sketches {old['signatures'] / new['signatures']:.2f}×, find_duplicates {old['find_duplicates'] / new['find_duplicates']:.2f}×; "
              f"memory held old/new {old['held'] / new['held']:.1f}×")
    datasketch_rows(args.corpora, args.documents, args.repeat)
    index_rows(args.corpora, args.documents)


if __name__ == "__main__":
    main()
