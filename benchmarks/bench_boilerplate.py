"""Boilerplate step speed: CPU seconds per MB of this checkout against another one, in one run.

    python benchmarks/bench_boilerplate.py [--baseline PATH_TO_OTHER_CHECKOUT] [--corpora DIR]

Runs `boilerplate(text)` over the same texts — the clean genres of `genres.jsonl` and the
English/Chinese language files of ../shared/corpora — in this checkout and, if given, in another
checkout of corpusclean (for example `git worktree add /tmp/base <commit>`), each in its own
process, interleaved three times; prints CPU seconds per MB (median) and the ratio. CPU time,
not wall time: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = ("genres", "en", "zh_hans", "zh_hant", "webpages_en")
WORKER = """
import json, sys, time
from corpusclean import strip_boilerplate
texts = [json.loads(line)["text"] for path in sys.argv[1:] for line in open(path, encoding="utf-8")]
strip_boilerplate(texts[0])  # load tables and model before timing
start = time.process_time()
for text in texts:
    strip_boilerplate(text)
print(json.dumps({"cpu": time.process_time() - start, "mb": sum(len(t.encode()) for t in texts) / 1e6}))
"""


def _run(checkout: Path, paths: list[str]) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    out = subprocess.run([sys.executable, "-c", WORKER, *paths], env=env, check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    return result["cpu"], result["mb"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    args = parser.parse_args()
    paths = [str(args.corpora / f"{name}.jsonl") for name in FILES]
    checkouts = {"this checkout": ROOT, **({"baseline": args.baseline} if args.baseline else {})}
    rates: dict[str, list[float]] = {name: [] for name in checkouts}
    for _ in range(3):
        for name, checkout in checkouts.items():
            cpu, mb = _run(checkout, paths)
            rates[name].append(cpu / mb)
    for name, values in rates.items():
        print(f"{name:<14} {statistics.median(values):.3f} CPU-s per MB")
    if args.baseline:
        print(f"ratio this/baseline: {statistics.median(rates['this checkout']) / statistics.median(rates['baseline']):.2f}")


if __name__ == "__main__":
    main()
