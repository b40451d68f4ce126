"""Language tagging speed: corpusclean's tagger against seeded langdetect, in one run.

Both taggers get the same texts — a fixed sample of the evaluation's sentences and paragraphs
(eval/lang/evaluate.py) plus the five seed documents — after both have loaded their profiles.
Prints documents/s for each, the ratio (target: >= 5x), and the one-off load time.

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


def _rate(tagger: Callable[[str], str], texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        tagger(text)
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--n", type=int, default=3000, help="texts per bucket")
    args = parser.parse_args()

    start = time.perf_counter()
    from corpusclean._lang import detect_language

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
    texts = {name: [text for _, text in items] for name, items in sets.items()}
    texts["seed documents x40"] = seeds * 40
    print(f"profile load + first call: {load:.2f} s")
    print(f"{'texts':<22} {'n':>6} {'corpusclean/s':>14} {'langdetect/s':>13} {'ratio':>7}")
    for name, batch in texts.items():
        ours = _rate(detect_language, batch)
        theirs = _rate(langdetect, batch)
        print(f"{name:<22} {len(batch):>6} {ours:>14.0f} {theirs:>13.0f} {ours / theirs:>6.1f}x")


if __name__ == "__main__":
    main()
