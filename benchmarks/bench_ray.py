"""Throughput of the local engine and of the Ray engine with 1 and 2 workers, on one corpus, in one run.

Builds the corpus of benchmarks/bench_pipeline.py (real text from ../shared/corpora in 50-page
"sites", `--mb` megabytes), then runs the default pipeline on it four times, each in its own child
process: `local-1`, `local-2` (worker processes), `ray-1`, `ray-2` (a local Ray started for the
run with that many CPUs). For each: wall seconds, CPU seconds of the whole process tree (the child
makes itself a subreaper, so Ray's raylet, GCS and workers are counted when they exit), documents
per second and per CPU-second, and for Ray the seconds `ray.init` took. Outputs are compared
byte for byte. The machine is shared: compare within one run, and read CPU seconds before wall.
Last, `dedup-shuffle` runs the Ray dedup alone (2 CPUs) and reports the bytes that go into each
of its shuffles and to the driver, here and per million documents (docs/ray.md).

    python benchmarks/bench_ray.py [--mb 3] [--stages local-1,local-2,ray-1,ray-2,dedup-shuffle]
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

STAGES = ("local-1", "local-2", "ray-1", "ray-2", "dedup-shuffle")
PR_SET_CHILD_SUBREAPER = 36


def _digest(folder: Path) -> str:
    hasher = hashlib.sha256()
    for name in ("documents.jsonl", "manifest.jsonl"):
        hasher.update((folder / name).read_bytes())
    return hasher.hexdigest()


def _reap() -> None:
    """Wait for every descendant left (Ray's processes), so their CPU time is counted."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.1)


def _dedup_shuffles(corpus: Path) -> None:
    """The `dedup-shuffle` stage: the Ray dedup alone on the corpus's documents after the
    language step (footers still in: more shared blocks than after site-repeat, so an upper
    bound of the driver's share), with the bytes of every shuffle's input and of what the
    driver gathers (`RayDedup.measure`)."""
    import pickle

    import pyarrow
    import ray

    from corpusclean._config import Config
    from corpusclean._dedup.clusters import Deduplicator
    from corpusclean._engine.ray_dedup import RayDedup
    from corpusclean._io.readers import iter_sources
    from corpusclean._pipeline import Pipeline

    settings = Config(workers=1, only=("language",))
    docs = list(Pipeline(settings).run(iter_sources([str(corpus)], settings)))
    ray.init(num_cpus=2, object_store_memory=512 << 20, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().shuffle_strategy = ray.data.context.ShuffleStrategy.SORT_SHUFFLE_PULL_BASED
    rows = pyarrow.table({"order": range(len(docs)), "doc": [pickle.dumps(doc) for doc in docs]})
    dedup = RayDedup(ray, Deduplicator(), 2, measure=True)
    start = time.perf_counter()
    dedup.fit(ray.data.from_arrow(rows).repartition(8).materialize())
    report = {"run_wall": time.perf_counter() - start, "documents": len(docs), "moved": dedup.moved}
    ray.shutdown()
    _reap()
    print(json.dumps(report))


def _child(stage: str, corpus: Path, out: Path) -> None:
    """One stage, in this process and its descendants."""
    ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    if stage == "dedup-shuffle":
        _dedup_shuffles(corpus)
        return
    from corpusclean._clean import clean_paths
    from corpusclean._config import Config

    engine, workers = stage.split("-")
    report: dict[str, Any] = {}
    if engine == "ray":
        import ray

        start = time.perf_counter()
        ray.init(num_cpus=int(workers), object_store_memory=512 << 20, include_dashboard=False, log_to_driver=False)
        report["init_wall"] = time.perf_counter() - start
    start = time.perf_counter()
    clean_paths([str(corpus)], out, Config(workers=int(workers), format="jsonl", engine=engine))
    report["run_wall"] = time.perf_counter() - start
    if engine == "ray":
        ray.shutdown()
    _reap()
    report["digest"] = _digest(out)
    print(json.dumps(report))


def _run_stage(stage: str, corpus: Path, out: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--stage", stage, "--corpus", str(corpus), "--out", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = json.loads(result.stdout.splitlines()[-1])
    report["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    report["wall"] = wall
    return report


def main() -> None:
    from bench_pipeline import build_corpus, stage_parser

    args = stage_parser(__doc__, STAGES, 3.0).parse_args()
    if args.stage:
        _child(args.stage, args.corpus, args.out)
        return

    stages = [s for s in args.stages.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="corpusclean-bench-ray-") as temp:
        corpus = Path(temp) / "corpus.jsonl"
        info = build_corpus(args.corpora, corpus, args.mb)
        documents = info["documents"]
        print(f"corpus: {documents} documents, {info['bytes'] / 1e6:.1f} MB; load average {os.getloadavg()[0]:.1f}")
        results = {stage: _run_stage(stage, corpus, Path(temp) / f"out-{stage}") for stage in stages}
    shuffles = results.pop("dedup-shuffle", None)
    for stage, report in results.items():
        init = f"  (ray.init {report['init_wall']:.1f} s)" if "init_wall" in report else ""
        print(
            f"{stage:8s} wall {report['wall']:7.1f} s  run {report['run_wall']:7.1f} s  CPU {report['cpu']:7.1f} s  "
            f"{documents / report['run_wall']:6.1f} docs/s  {documents / report['cpu']:6.1f} docs/CPU-s{init}"
        )
    if shuffles:
        per_doc = 1e6 / shuffles["documents"]
        print(f"dedup on Ray alone: {shuffles['run_wall']:.1f} s, CPU {shuffles['cpu']:.1f} s; bytes moved, per million documents:")
        for name, size in shuffles["moved"].items():
            print(f"  {name:18s} {size / 1e6:8.2f} MB here  {size * per_doc / 1e9:8.2f} GB per million")
        print(f"  {'all shuffles':18s} {sum(v for k, v in shuffles['moved'].items() if k != 'driver') * per_doc / 1e9:8.2f} GB per million")
    digests = {report["digest"] for report in results.values()}
    print(f"outputs identical across stages: {len(digests) == 1}")
    if "local-1" in results and "local-2" in results:
        print(f"wall, local 2 workers / 1: {results['local-2']['run_wall'] / results['local-1']['run_wall']:.2f}")
    for workers in ("1", "2"):
        if f"local-{workers}" in results and f"ray-{workers}" in results:
            local, ray = results[f"local-{workers}"], results[f"ray-{workers}"]
            print(
                f"Ray overhead, {workers} worker(s): CPU {ray['cpu'] / local['cpu']:.2f}x, "
                f"wall {ray['wall'] / local['wall']:.2f}x the local engine's"
            )


if __name__ == "__main__":
    main()
