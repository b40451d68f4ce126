"""Choose the word-evidence settings on the development four fifths of the evaluation.

The held-out fifth (`evaluate.held_out`) is never looked at. First, with word evidence always
computed, prints development accuracy per bucket for each (`_lang.tagger.WORD_WEIGHT`,
`_text.wordfreq.FLOOR`) pair: pick the best mean of the short and sentence accuracies (paragraphs
must not drop). Then, at the chosen pair, sweeps `_lang.tagger.WORD_MARGIN` (the n-gram margin above
which word evidence is skipped, for speed): pick the smallest margin that leaves the answers
unchanged.

    python eval/lang/tune.py [--corpora DIR]
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from evaluate import ROOT, Item, accuracy, build, held_out, run

from corpusclean import _lang, _lang_words

WEIGHTS = (0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 15.0)
FLOORS = (200, 250, 300, 350)
MARGINS = (float("inf"), 80.0, 40.0, 20.0)


def _line(label: str, dev: dict[str, list[Item]]) -> None:
    scores = [accuracy(run(items, _lang.detect_language)[0]) for items in dev.values()]
    print(f"{label:<14} " + " ".join(f"{score:>9.4f}" for score in scores), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    args = parser.parse_args()
    dev = {
        bucket: [item for item in items if not held_out(item.id)]
        for bucket, items in build(args.corpora).items()
    }
    chosen = (_lang.WORD_WEIGHT, _lang_words.FLOOR, _lang.WORD_MARGIN)
    print(f"{'weight floor':<14} " + " ".join(f"{bucket:>9}" for bucket in dev))
    _lang.WORD_MARGIN = float("inf")
    for floor, weight in itertools.product(FLOORS, WEIGHTS):
        _lang_words.FLOOR = floor
        _lang_words.word_lists.cache_clear()
        _lang.WORD_WEIGHT = weight
        _line(f"{weight:>6} {floor:>5}", dev)
    _lang.WORD_WEIGHT, _lang_words.FLOOR, _ = chosen
    _lang_words.word_lists.cache_clear()
    print(f"\n{'margin':<14}")
    for margin in MARGINS:
        _lang.WORD_MARGIN = margin
        _line(f"{margin:>6}", dev)


if __name__ == "__main__":
    main()
