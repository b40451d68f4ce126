"""Language tagging speed: corpusclean's tagger against seeded langdetect, in one run.

Both taggers get the same texts — a fixed sample of the evaluation's sentences and paragraphs
(eval/lang/evaluate.py) plus the five seed documents — after both have loaded their profiles.
Prints documents per CPU-second for each (interleaved in chunks, so a busy shared machine
slows both alike), the ratio (target: >= 5x), and the one-off load time.

    python benchmarks/bench_lang.py [--corpora DIR] [--n 3000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval" / "lang"))

from evaluate import build, seeded_langdetect  # noqa: E402

CHUNK = 50


def _rates(taggers: list[Callable[[str], str]], texts: list[str]) -> list[float]:
    """Documents per CPU-second of each tagger on `texts`.

    Timed with `time.process_time` (this process's CPU time) and interleaved in chunks of
    `CHUNK` texts, so that other work on a shared machine slows both taggers alike instead of
    whichever happened to run while it was busy.
    """
    spent = [0.0] * len(taggers)
    for start in range(0, len(texts), CHUNK):
        chunk = texts[start : start + CHUNK]
        for index, tagger in enumerate(taggers):
            began = time.process_time()
            for text in chunk:
                tagger(text)
            spent[index] += time.process_time() - began
    return [len(texts) / seconds for seconds in spent]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--n", type=int, default=3000, help="texts per bucket")
    args = parser.parse_args()

    start = time.perf_counter()
    from corpusclean._lang.tagger import detect_language

    detect_language("warm up: load the profiles")
    load = time.perf_counter() - start
    langdetect = seeded_langdetect()
    langdetect("warm up: load the profiles")

    buckets = build(args.corpora)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    sets = {
        name: random.Random(f"bench-{name}").sample(buckets[name], min(args.n, len(buckets[name])))
        for name in ("sentence", "paragraph")
    }
    texts = {name: [item.text for item in items] for name, items in sets.items()}
    texts["seed documents x40"] = seeds * 40
    print(f"profile load + first call: {load:.2f} s")
    print(f"{'texts':<22} {'n':>6} {'corpusclean/s':>14} {'langdetect/s':>13} {'ratio':>7}")
    for name, batch in texts.items():
        ours, theirs = _rates([detect_language, langdetect], batch)
        print(f"{name:<22} {len(batch):>6} {ours:>14.0f} {theirs:>13.0f} {ours / theirs:>6.1f}x")


if __name__ == "__main__":
    main()
