"""How the default pipeline grows with the corpus (#17): CPU per document and peak RSS at sizes.

Issue #17 asks for CPU per document flat (within 15 %) from 1k to 100k documents and a peak RSS
under 2 GB for a 1 GB JSONL run. This benchmark runs the whole default pipeline (`clean_paths`,
one worker, writing `documents.jsonl` and the manifest) over JSONL corpora of growing size, each
size in its own child process, and prints per size: CPU seconds (user + system of the child and
its worker), µs of CPU per document, the ratio to the first size, the peak RSS of the parent and
of the worker, and the parent's peak RSS per document above the first size's.

The corpus is built as `bench_dedup.py` builds its replicated one, so that every size has the same
make-up (with one difference, below): a pool of real documents (`--pool`, round-robin over the languages of
`bench_pipeline.py`'s corpus, about half of them Chinese in both scripts), **each cut to at most
`--max-chars` characters** at a line break (short documents keep 100k of them within about 15
CPU-minutes), then replicas of the pool, each replica under its own letter substitution
(Latin letters permuted as `bench_dedup._cipher` does; Han characters permuted among characters
of like frequency and script, `_han_cipher`, where bench_dedup rotates them over the whole block:
as distinct from the other replicas as another corpus, its own copies and shared lines as the
pool has them), every tenth document a near-copy of a recent one. Every document is ciphered (replicas 1, 2, …, the
plain pool itself is never used), so the 1k corpus is made like the 100k one. Pages are grouped
into sites of `SITE_PAGES` by a `url` field, in order, so a site is one replica's pages and a
bigger corpus has more sites, as a bigger crawl does (`--site-pages 1`: every page its own host,
the most sites a corpus can have, for what per-site state costs).

`--memory` runs instead the same pipeline over corpora of `--mb` megabytes each (documents not
cut, `--max-chars 0` by default there) and prints the peak RSS and its growth per MB between
sizes, from which a 1 GB run's peak is bounded. Run it with `nice`; it takes long.

    python benchmarks/bench_scale.py [--sizes 1000,10000,100000] [--max-chars 600]
    nice python benchmarks/bench_scale.py --memory --mb 25,50,100
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from itertools import count as numbers
from itertools import cycle
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_dedup import COPY_EVERY, _cipher
from bench_pipeline import CHINESE, OTHER, SITE_PAGES, _texts, stage_pipeline

MIN_CHARS = 200
"""Shorter real documents are left out of the pool (as `bench_dedup.load` does)."""


def _cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at its last line break before the limit (or at
    the limit where the first line is longer); `limit` 0 keeps it whole."""
    if not limit or len(text) <= limit:
        return text
    head = text[:limit]
    line_end = head.rfind("\n")
    return head[:line_end] if line_end >= MIN_CHARS else head


def pool(corpora: Path, size: int, limit: int) -> list[str]:
    """`size` real documents of `MIN_CHARS` characters or more, cut to `limit`, alternating
    Chinese (both scripts) with the other languages, each group round-robin over its files."""
    groups = []
    for names in (CHINESE, OTHER):
        by_file = [iter([_cut(t, limit) for _, t in _texts(corpora, (name,)) if len(t) >= MIN_CHARS]) for name in names]
        groups.append(_round_robin(by_file))
    texts: list[str] = []
    for group in cycle(groups):
        text = next(group, None)
        if text is None or len(texts) >= size:
            break
        texts.append(text)
    return texts


def _round_robin(iterators: list[Iterator[str]]) -> Iterator[str]:
    """One item of each iterator in turn, dropping those that run out."""
    live = list(iterators)
    while live:
        for iterator in list(live):
            item = next(iterator, None)
            if item is None:
                live.remove(iterator)
            else:
                yield item


HAN_BAND = 16
"""`_han_cipher` permutes Han characters among this many of like frequency in the pool."""


def _han_cipher(texts: list[str], replica: int) -> dict[int, int]:
    """A permutation of the pool's Han characters for one replica: each character is swapped for
    one of about the same frequency in the pool (bands of `HAN_BAND` by rank) and of the same
    script class (Traditional only, Simplified only, or both). `bench_dedup._cipher` rotates Han
    over the whole block instead, which turns common characters into rare ones: measured here,
    the repair step then costs 10× its CPU on real text (rare characters are what mis-decoded
    text is made of), and the benchmark would measure that rather than a bigger corpus."""
    from corpusclean._text.script import (
        is_han,
        simplified_to_traditional_table,
        traditional_to_simplified_table,
    )

    traditional, simplified = traditional_to_simplified_table(), simplified_to_traditional_table()
    counts = Counter(ch for text in texts for ch in text if is_han(ch))
    rng = random.Random(replica)
    table: dict[int, int] = {}
    for kind in ((True, False), (False, True), (False, False), (True, True)):
        ranked = [ch for ch, _ in counts.most_common() if (ord(ch) in traditional, ord(ch) in simplified) == kind]
        for low in range(0, len(ranked), HAN_BAND):
            band = ranked[low : low + HAN_BAND]
            table.update({ord(a): ord(b) for a, b in zip(band, rng.sample(band, len(band)))})
    return table


def documents(texts: list[str]) -> Iterator[tuple[str, str]]:
    """Endless `(id, text)`, as `bench_dedup.replicas` makes them but from replica 1 on (every
    document edited) and with Han characters permuted by `_han_cipher`: replica after replica of
    `texts`, each under its own letter substitution, and every `COPY_EVERY`th document a recent
    one with a tenth of it cut out and a line added."""
    rng = random.Random(17)
    recent: list[str] = []
    cipher: dict[int, int] = {}
    for number in numbers():
        replica, position = divmod(number, len(texts))
        if position == 0:
            latin = {key: value for key, value in _cipher(replica + 1).items() if key < 0x4E00}
            cipher = {**latin, **_han_cipher(texts, replica + 1)}
        if number % COPY_EVERY == 0 and recent:
            original = rng.choice(recent)
            cut = rng.randrange(len(original))
            text = f"{original[:cut]}{original[cut + len(original) // 10 :]}\nNo. {number}"
        else:
            text = texts[position].translate(cipher)
        recent = [*recent[-999:], text]
        yield f"doc{number:08d}", text


def build(
    corpora: Path, path: Path, *, count: int = 0, megabytes: float = 0.0, pool_size: int, limit: int, site_pages: int = SITE_PAGES
) -> dict[str, Any]:
    """Write `count` documents (or `megabytes` of text) as JSONL with `id`, `text`, `url`, in
    sites of `site_pages` pages."""
    texts = pool(corpora, pool_size, limit)
    written, size = 0, 0
    with open(path, "w", encoding="utf-8") as handle:
        for doc_id, text in documents(texts):
            if (count and written >= count) or (megabytes and size >= megabytes * 1e6):
                break
            url = f"https://site{written // site_pages}.example/{written}"
            handle.write(json.dumps({"id": doc_id, "text": text, "url": url}, ensure_ascii=False) + "\n")
            written += 1
            size += len(text.encode("utf-8"))
    return {"documents": written, "bytes": size, "file_bytes": path.stat().st_size}


def child(corpus: Path, out: Path) -> None:
    """Run the default pipeline with one worker and print its report as one JSON line."""
    report = stage_pipeline(corpus, out)
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    report.update(
        cpu=own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime,
        parent_cpu=own.ru_utime + own.ru_stime,
        rss_mib=own.ru_maxrss / 1024,
        worker_rss_mib=workers.ru_maxrss / 1024,
    )
    print(json.dumps(report))


def run_point(corpora: Path, folder: Path, args: argparse.Namespace, *, count: int = 0, megabytes: float = 0.0) -> dict[str, Any]:
    """Build one corpus and run the pipeline over it in a child process."""
    corpus = folder / "corpus.jsonl"
    info = build(corpora, corpus, count=count, megabytes=megabytes, pool_size=args.pool, limit=args.max_chars, site_pages=args.site_pages)
    started = time.perf_counter()
    command = [sys.executable, __file__, "--child", "--corpus", str(corpus), "--out", str(folder / "out")]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    report = json.loads(output.splitlines()[-1])
    report.update(info, wall=time.perf_counter() - started)
    corpus.unlink()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated document counts")
    parser.add_argument("--pool", type=int, default=1000, help="real documents replicated (default 1000)")
    parser.add_argument("--max-chars", type=int, help="cut documents to this many characters (600; 0 = whole)")
    parser.add_argument("--site-pages", type=int, default=SITE_PAGES, help=f"pages per site (default {SITE_PAGES}; 1: a crawl of one-page hosts)")
    parser.add_argument("--memory", action="store_true", help="corpora of --mb megabytes; peak RSS growth per MB")
    parser.add_argument("--mb", default="25,50,100", help="comma-separated corpus sizes in MB for --memory")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.corpus, args.out)
        return
    if args.max_chars is None:
        args.max_chars = 0 if args.memory else 600
    points = [{"megabytes": float(mb)} for mb in args.mb.split(",")] if args.memory else [{"count": int(n)} for n in args.sizes.split(",")]
    print(f"pool {args.pool} real documents, cut to {args.max_chars or 'no limit'} characters; sites of {args.site_pages} pages; one worker")
    print("| documents | MB | CPU-s | µs CPU/document | vs the first | parent CPU-s | peak RSS parent / worker MiB | parent RSS above the first, bytes/document | per MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    first: dict[str, Any] | None = None
    for point in points:
        with tempfile.TemporaryDirectory(prefix="corpusclean-scale-") as temp:
            report = run_point(args.corpora, Path(temp), args, **point)
        n, megabytes = report["documents"], report["bytes"] / 1e6
        per_document = report["cpu"] / n
        first = first or {**report, "per_document": per_document}
        grown = (report["rss_mib"] - first["rss_mib"]) * 2**20
        more_docs, more_mb = n - first["documents"], megabytes - first["bytes"] / 1e6
        print(
            f"| {n:,} | {megabytes:.1f} | {report['cpu']:.1f} | {per_document * 1e6:,.0f} | {per_document / first['per_document']:.2f}× "
            f"| {report['parent_cpu']:.1f} | {report['rss_mib']:.0f} / {report['worker_rss_mib']:.0f} "
            f"| {grown / more_docs if more_docs else 0:,.0f} | {grown / 2**20 / more_mb if more_mb else 0:.2f} MiB |",
            flush=True,
        )


if __name__ == "__main__":
    main()
