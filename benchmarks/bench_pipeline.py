"""End to end: the default pipeline against a naive chain of its own dependencies, in one run.

Builds a JSONL corpus of real text from ../shared/corpora (about half Chinese, in both scripts;
documents grouped into 50-page "sites" through a `url` field, so the site steps see sites as a
crawl would give them), `--mb` megabytes in all: the corpora's documents as they are first, then
documents recombined from their paragraphs until the size is reached (every document distinct,
every paragraph real). Then, each stage in its own child process, measured in **CPU seconds**
(user + system of the child and its workers; the machine is shared, so wall time is noise) with
the child's peak RSS:

  naive        chardet -> ftfy -> OpenCC -> langdetect -> datasketch MinHash LSH, per document
  pipeline     `corpusclean clean` with the default steps, one worker
  workers-2    the same with two workers (CPU of the parent and of the workers apart, the Amdahl
               estimate of the speed-up, and wall time; output compared)
  steps        every step alone over the same documents in one process (document steps on each
               document in turn, then each corpus step's fit and apply), where the time goes

and prints MB and documents per CPU-second, the ratio pipeline/naive, and the step table.
Results are recorded in docs/performance.md.

    python benchmarks/bench_pipeline.py [--mb 50] [--stages naive,pipeline,workers-2,steps] [--parallel]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHINESE = ("zh_hans.jsonl", "zh_hant.jsonl", "zh_hans_hant_pairs.jsonl")
OTHER = ("en.jsonl", "webpages_en.jsonl", "genres.jsonl", "de.jsonl", "fr.jsonl", "es.jsonl", "pt.jsonl",
         "ru.jsonl", "el.jsonl", "ja.jsonl", "ko.jsonl")
SITE_PAGES = 50
STAGES = ("naive", "pipeline", "workers-2", "steps")


def _texts(corpora: Path, names: tuple[str, ...]) -> list[tuple[str, str]]:
    """(source name, text) of every record of the named files; pairs give both scripts."""
    texts = []
    for name in names:
        with open(corpora / name, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                for key in ("text", "text_hant"):
                    if record.get(key):
                        texts.append((name.removesuffix(".jsonl"), record[key]))
    return texts


def _recombined(texts: list[tuple[str, str]], rng: random.Random) -> Iterator[tuple[str, str]]:
    """Endless new documents: 3-12 paragraphs of real documents of one source, in a new order."""
    by_source: dict[str, list[str]] = defaultdict(list)
    for source, text in texts:
        by_source[source].extend(p for p in text.split("\n") if p.strip())
    sources = sorted(by_source)
    while True:
        source = rng.choice(sources)
        paragraphs = by_source[source]
        yield source, "\n".join(rng.choice(paragraphs) for _ in range(rng.randint(3, 12)))


def build_corpus(corpora: Path, path: Path, megabytes: float) -> dict[str, Any]:
    """Write the benchmark corpus as JSONL (`id`, `text`, `url`); returns its size and counts."""
    rng = random.Random(20261203)
    chinese, other = _texts(corpora, CHINESE), _texts(corpora, OTHER)
    target = megabytes * 1e6
    fresh = {"zh": _recombined(chinese, rng), "other": _recombined(other, rng)}
    originals = {"zh": iter(chinese), "other": iter(other)}
    size = {"zh": 0, "other": 0}
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        while size["zh"] + size["other"] < target:
            half = "zh" if size["zh"] <= size["other"] else "other"
            source, text = next(originals[half], None) or next(fresh[half])
            site = f"{source}-{count // SITE_PAGES % 40}.example"
            record = {"id": f"doc{count:07d}", "text": text, "url": f"https://{site}/{count}"}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            size[half] += len(text.encode("utf-8"))
            count += 1
    return {"documents": count, "bytes": size["zh"] + size["other"], "chinese_share": size["zh"] / sum(size.values())}


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def stage_naive(path: Path, out: Path) -> dict[str, Any]:
    """chardet -> ftfy -> OpenCC -> langdetect -> MinHash LSH over character 5-grams, per document."""
    import chardet
    import ftfy
    import langdetect
    from datasketch import MinHash, MinHashLSH
    from opencc import OpenCC

    langdetect.DetectorFactory.seed = 0
    converter = OpenCC("t2s")
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    duplicates = 0
    for record in _records(path):
        data = record["text"].encode("utf-8")
        encoding = chardet.detect(data)["encoding"] or "utf-8"
        text = ftfy.fix_text(data.decode(encoding, errors="replace"))
        simplified = converter.convert(text)
        try:
            langdetect.detect(text)
        except langdetect.LangDetectException:
            pass
        normal = " ".join(simplified.lower().split())
        signature = MinHash(num_perm=128)
        signature.update_batch([normal[i : i + 5].encode("utf-8") for i in range(max(1, len(normal) - 4))])
        if lsh.query(signature):
            duplicates += 1
        else:
            lsh.insert(record["id"], signature)
    return {"duplicates": duplicates}


def _digest(folder: Path) -> str:
    hasher = hashlib.sha256()
    for file in sorted(folder.rglob("*")):
        if file.is_file():
            hasher.update(file.name.encode() + file.read_bytes())
    return hasher.hexdigest()


def stage_pipeline(path: Path, out: Path, workers: int = 1) -> dict[str, Any]:
    """`corpusclean clean` with the default steps into `out`."""
    from corpusclean._clean import clean_paths
    from corpusclean._config import Config

    report = clean_paths([path], out, Config(workers=workers))
    return {"changed": report.status["changed"], "dropped": sum(report.dropped.values()), "digest": _digest(out)}


def stage_steps(path: Path, out: Path) -> dict[str, Any]:
    """CPU seconds of every step alone: document steps per document, then each corpus step."""
    from corpusclean._config import Config
    from corpusclean._io.load import load
    from corpusclean._io.readers import iter_sources
    from corpusclean._pipeline import Pipeline, build_corpus_steps, guarded

    config = Config(workers=1)
    pipeline = Pipeline(config)
    spent: dict[str, float] = defaultdict(float)
    docs = []
    for source in iter_sources([path], config):
        start = time.process_time()
        doc = load(source, config)
        spent["decode"] += time.process_time() - start
        for step in pipeline.document_steps:
            start = time.process_time()
            doc = step(doc)
            spent[step.name] += time.process_time() - start
        docs.append(doc)
    for step in build_corpus_steps(config):
        start = time.process_time()
        step.fit(docs)
        spent[f"{step.name} (fit)"] += time.process_time() - start
        start = time.process_time()
        docs = [doc if doc.dropped else guarded(step.name, doc, lambda d=doc: step.apply(d)) for doc in docs]
        spent[f"{step.name} (apply)"] += time.process_time() - start
    return {"steps": dict(spent)}


def _start_stage(stage: str, path: Path, out: Path) -> tuple[subprocess.Popen[str], float]:
    """Start one stage in a child process."""
    command = [sys.executable, __file__, "--stage", stage, "--corpus", str(path), "--out", str(out)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True), time.perf_counter()


def _finish_stage(child: subprocess.Popen[str], started: float) -> dict[str, Any]:
    """Wait for a stage's child; its report, with the CPU seconds of the child and its workers
    (the child measures them itself, so stages may run side by side) and the wall time."""
    stdout, _ = child.communicate()
    wall = time.perf_counter() - started
    if child.returncode:
        raise SystemExit(f"stage failed with exit code {child.returncode}")
    report = json.loads(stdout.splitlines()[-1])
    report["wall"] = wall
    return report


def run_stages(stages: list[str], path: Path, folder: Path, parallel: bool) -> dict[str, dict[str, Any]]:
    """Every stage's report: one after another, or all at once (`parallel`: same load for all,
    so the CPU ratios compare like with like on a shared machine; wall times then mean nothing)."""
    if parallel:
        running = {stage: _start_stage(stage, path, folder / f"out-{stage}") for stage in stages}
        return {stage: _finish_stage(*child) for stage, child in running.items()}
    return {stage: _finish_stage(*_start_stage(stage, path, folder / f"out-{stage}")) for stage in stages}


def _child(stage: str, path: Path, out: Path) -> None:
    runners = {
        "naive": stage_naive,
        "pipeline": stage_pipeline,
        "workers-2": lambda p, o: stage_pipeline(p, o, workers=2),
        "steps": stage_steps,
    }
    report = runners[stage](path, out)
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    report["parent_cpu"] = own.ru_utime + own.ru_stime
    report["workers_cpu"] = workers.ru_utime + workers.ru_stime
    report["cpu"] = report["parent_cpu"] + report["workers_cpu"]
    report["rss_mib"] = own.ru_maxrss / 1024
    report["worker_rss_mib"] = workers.ru_maxrss / 1024
    print(json.dumps(report))


def stage_parser(description: str, stages: tuple[str, ...], megabytes: float) -> argparse.ArgumentParser:
    """The command line of a benchmark that runs each stage in a child process of itself: the
    corpus options, and the hidden `--stage/--corpus/--out` by which the parent starts a child."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--mb", type=float, default=megabytes, help=f"corpus size in MB (default {megabytes:g})")
    parser.add_argument("--stages", default=",".join(stages), help=f"comma-separated, from {', '.join(stages)}")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return parser


def main() -> None:
    parser = stage_parser(__doc__, STAGES, 50.0)
    parser.add_argument(
        "--parallel", action="store_true", help="run the stages side by side (CPU ratios only; no wall-time speed-up)"
    )
    args = parser.parse_args()
    if args.stage:
        _child(args.stage, args.corpus, args.out)
        return
    stages = [s for s in args.stages.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="corpusclean-bench-") as temp:
        corpus = Path(temp) / "corpus.jsonl"
        info = build_corpus(args.corpora, corpus, args.mb)
        megabytes, documents = info["bytes"] / 1e6, info["documents"]
        print(f"corpus: {documents} documents, {megabytes:.1f} MB, {info['chinese_share']:.0%} Chinese")
        results = run_stages(stages, corpus, Path(temp), args.parallel)
    for stage, report in results.items():
        print(
            f"{stage:10s} {report['cpu']:8.1f} CPU-s  {megabytes / report['cpu']:6.3f} MB/CPU-s  "
            f"{documents / report['cpu']:7.0f} docs/CPU-s  peak RSS {report['rss_mib']:.0f} MiB"
            + (f" (worker {report['worker_rss_mib']:.0f} MiB)" if report["worker_rss_mib"] else "")
        )
    if "naive" in results and "pipeline" in results:
        print(f"pipeline CPU / naive chain CPU: {results['pipeline']['cpu'] / results['naive']['cpu']:.2f}")
    if "pipeline" in results and "workers-2" in results:
        wall = "n/a (stages ran side by side)" if args.parallel else f"{results['workers-2']['wall'] / results['pipeline']['wall']:.2f}"
        print(
            f"wall, 2 workers / 1 worker: {wall}; "
            f"outputs identical: {results['pipeline']['digest'] == results['workers-2']['digest']}"
        )
        two = results["workers-2"]
        amdahl = (two["parent_cpu"] + two["workers_cpu"] / 2) / results["pipeline"]["cpu"]
        print(
            f"2 workers: parent {two['parent_cpu']:.1f} + workers {two['workers_cpu']:.1f} CPU-s; Amdahl estimate of "
            f"the wall ratio, (parent + workers / 2) / one worker's CPU: {amdahl:.2f} (all of the parent's CPU counted serial)"
        )
    if "steps" in results:
        steps = results["steps"]["steps"]
        total = sum(steps.values())
        print("CPU per step, each alone (one process):")
        for name, seconds in sorted(steps.items(), key=lambda item: -item[1]):
            print(f"  {name:22s} {seconds:7.1f} s  {100 * seconds / total:5.1f}%  {megabytes / seconds:8.2f} MB/CPU-s")


if __name__ == "__main__":
    main()
