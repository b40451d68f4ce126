"""End-to-end throughput of `corpusclean clean`, per-step time, and peak memory, in one run.

Builds a folder of real documents (English, Simplified and Traditional Chinese articles and
paragraphs from ../shared/corpora, plus the seeds), then:
  1. times each document step on every document in this process (where the time goes);
  2. runs the whole pipeline with 1 and 2 workers into a temporary folder (documents/s, MB/s,
     the speed-up from the second core, and that both outputs are byte-identical);
  3. reports peak resident memory of this process and of the worker children.

    python benchmarks/bench_pipeline.py [--corpora ../shared/corpora] [--docs 2000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpusclean._clean import clean_paths  # noqa: E402
from corpusclean._config import Config  # noqa: E402
from corpusclean._io.load import load  # noqa: E402
from corpusclean._io.readers import iter_sources  # noqa: E402
from corpusclean._pipeline import Pipeline  # noqa: E402


def build_corpus(corpora: Path, folder: Path, count: int) -> int:
    """Write `count` real documents as files; returns their total size in bytes."""
    texts: list[str] = []
    for name in ("en.jsonl", "zh_hans.jsonl", "zh_hant.jsonl"):
        with open(corpora / name, encoding="utf-8") as handle:
            texts.extend(json.loads(line)["text"] for line in handle if len(json.loads(line)["text"]) > 200)
    texts.extend(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    size = 0
    for number in range(count):
        text = texts[(number * 7919) % len(texts)]
        data = text.encode("utf-8")
        (folder / f"doc{number:06d}.txt").write_bytes(data)
        size += len(data)
    return size


def time_steps(folder: Path) -> dict[str, float]:
    """Seconds spent in each document step over the whole folder, in one process."""
    config = Config(workers=1)
    pipeline = Pipeline(config)
    spent: dict[str, float] = defaultdict(float)
    for source in iter_sources([folder], config):
        start = time.perf_counter()
        doc = load(source, config)
        spent["decode"] += time.perf_counter() - start
        for step in pipeline.document_steps:
            start = time.perf_counter()
            doc = step(doc)
            spent[step.name] += time.perf_counter() - start
    return dict(spent)


def digest(folder: Path) -> str:
    """One hash over every output file, to compare runs."""
    hasher = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            hasher.update(path.name.encode() + path.read_bytes())
    return hasher.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        source = Path(temp) / "in"
        source.mkdir()
        size = build_corpus(args.corpora, source, args.docs)
        print(f"corpus: {args.docs} documents, {size / 1e6:.1f} MB")
        spent = time_steps(source)
        total = sum(spent.values())
        print("time per document step, one process:")
        for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
            print(f"  {name:12s} {seconds:7.2f} s  {100 * seconds / total:5.1f}%  {args.docs / seconds:9.0f} docs/s")
        results = {}
        for workers in (1, 2):
            out = Path(temp) / f"out{workers}"
            start = time.perf_counter()
            report = clean_paths([source], out, Config(workers=workers))
            elapsed = time.perf_counter() - start
            results[workers] = (elapsed, digest(out))
            print(
                f"clean, {workers} worker(s): {elapsed:.2f} s, {args.docs / elapsed:.0f} docs/s, "
                f"{size / 1e6 / elapsed:.2f} MB/s; {report.status['changed']} changed, "
                f"{sum(report.dropped.values())} dropped"
            )
        print(f"speed-up from 2 workers: {results[1][0] / results[2][0]:.2f}x")
        print(f"outputs identical across worker counts: {results[1][1] == results[2][1]}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: main process {own:.0f} MiB, largest worker {children:.0f} MiB")


if __name__ == "__main__":
    main()
