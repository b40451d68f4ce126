"""Train the title-copy model of `corpusclean._spam.title_line` on the development split.

    python eval/spam/train_titles.py --treebank zh_gsdsimp-ud-dev.conllu --treebank zh_gsdsimp-ud-test.conllu
        [--corpora ../shared/corpora] [--untouched 0.998] [--damage 0.1]

Two parts, both written to `corpusclean/data/title_model.json`:

* the noun-context tables (`contexts`): for each Han character, the log-ratio of how often it
  stands right before (after) a NOUN or PROPN word against how often it stands right before
  (after) a random point between two Han characters, counted in hand-segmented treebank files
  (`--treebank`, CoNLL-U; Universal Dependencies Chinese GSDSimp, github
  UniversalDependencies/UD_Chinese-GSDSimp @ eb3aed3, dev and test: 1,000 sentences, CC BY-SA
  4.0). Traditional text is folded to Simplified. The noun counts are smoothed towards the
  random ones with a prior of `PRIOR` points; a character never seen beside a noun gets `unseen_before` / `unseen_after`.
* the logistic model: rows are the later copies of the title line of a Chinese text in the
  `dev` documents of `evaluate_titles.py` (titles pasted into their own articles, the same
  articles untouched, and with the title quoted in the lead); a copy is positive when it was
  pasted. Thresholds come from out-of-fold predictions (5-fold, by document), so they are not
  set on the rows the coefficients were fitted to; each is the median over `SHUFFLES` shuffles
  of the documents into folds. A document is proven pasted when `PROVEN` copies reach
  `pasted`, the lowest threshold at which no more than 1 − `--untouched` of the split's
  untouched documents would be; its copies go from `proven`, the threshold that removes the
  most pasted copies while the written copies removed along with them stay within `--damage`
  percent of the clean characters of the split's Chinese documents (the issue's damage target
  is 0.3 %; of equal recalls, the highest threshold). A copy alone is never removed: allowing it
  from the lowest threshold that changes no further untouched document (about 0.88) gained
  1-2 of the 1,108 pasted dev copies.

Needs the `eval` extra.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate_titles import build  # noqa: E402
from shipped_model import logistic_fields  # noqa: E402

from corpusclean._spam import title_line  # noqa: E402
from corpusclean._spam.title_line import FEATURES, MODEL_FILE, PROVEN, title_copies  # noqa: E402
from corpusclean._text.script import is_han, to_simplified_chars  # noqa: E402

NOUNS = {"NOUN", "PROPN"}
PRIOR = 10.0
"""Pseudo-count pulling a character's noun-side share towards its random-point share (3 to 30
give the same out-of-fold figures)."""
GRID = np.round(np.arange(0.005, 1.0, 0.005), 3)
SHUFFLES = 5
"""Thresholds are chosen on the out-of-fold predictions of this many shuffles of the documents
into folds, and the median taken: one shuffle's `pasted` hangs on the single most paste-like
untouched document and moved 0.51-0.60 between shuffles."""


def sentences(paths: list[Path]) -> list[list[tuple[str, str]]]:
    """(word, UPOS) lists of every sentence of the CoNLL-U files, folded to Simplified."""
    out: list[list[tuple[str, str]]] = []
    for path in paths:
        words: list[tuple[str, str]] = []
        for line in to_simplified_chars(path.read_text(encoding="utf-8")).splitlines():
            if not line.strip():
                if words:
                    out.append(words)
                words = []
            elif not line.startswith("#"):
                fields = line.split("\t")
                if fields[0].isdigit():  # multiword ranges (1-2) and empty nodes (1.1) skipped
                    words.append((fields[1], fields[3]))
        if words:
            out.append(words)
    return out


def context_tables(paths: list[Path]) -> dict[str, object]:
    """The `contexts` part of the model file (see the module docstring)."""
    before, after, left, right = Counter(), Counter(), Counter(), Counter()
    for words in sentences(paths):
        text = "".join(word for word, _ in words)
        for i in range(1, len(text)):
            if is_han(text[i - 1]) and is_han(text[i]):
                left[text[i - 1]] += 1
                right[text[i]] += 1
        position = 0
        for word, upos in words:
            end = position + len(word)
            if upos in NOUNS:
                if position > 0 and is_han(text[position - 1]) and is_han(word[0]):
                    before[text[position - 1]] += 1
                if end < len(text) and is_han(text[end]) and is_han(word[-1]):
                    after[text[end]] += 1
            position = end

    def ratios(noun: Counter, random: Counter) -> tuple[dict[str, float], float]:
        nouns, points, kinds = sum(noun.values()), sum(random.values()), len(random) + 1
        table = {}
        for ch in noun:
            share = (random[ch] + 0.5) / (points + 0.5 * kinds)
            table[ch] = round(math.log((noun[ch] + PRIOR * share) / (nouns + PRIOR) / share), 4)
        return table, round(math.log(PRIOR / (nouns + PRIOR)), 4)

    before_table, unseen_before = ratios(before, left)
    after_table, unseen_after = ratios(after, right)
    print(f"contexts: {sum(before.values())} noun starts, {sum(after.values())} noun ends, {sum(left.values())} points")
    return {"before": before_table, "after": after_table, "unseen_before": unseen_before, "unseen_after": unseen_after}


@dataclass
class Rows:
    """Every later title copy of the dev split: features, label (pasted), its document's number
    and its length; per document, whether it was left untouched (no paste); and the clean
    characters of the split's Chinese documents (what damage is measured against)."""

    features: np.ndarray
    labels: np.ndarray
    groups: np.ndarray
    lengths: np.ndarray
    untouched: np.ndarray
    chinese_chars: int


def rows(corpora: Path, seed: int) -> Rows:
    """The `Rows` of the dev split of `evaluate_titles.py`."""
    features, labels, groups, lengths, untouched, chinese_chars = [], [], [], [], [], 0
    for number, doc in enumerate(build(corpora, seed, "dev")):
        untouched.append(doc["kind"] != "title")
        if doc["lang"] == "zh":
            chinese_chars += len(doc["text"]) - sum(end - start for start, end in doc["gold"])
        pasted = {start for start, _ in doc["gold"]}
        for copy in title_copies(doc["text"]):
            features.append(copy.features)
            labels.append(copy.start in pasted)
            groups.append(number)
            lengths.append(copy.end - copy.start)
    return Rows(np.array(features), np.array(labels), np.array(groups), np.array(lengths), np.array(untouched), chinese_chars)


def removed(probabilities: np.ndarray, groups: np.ndarray, thresholds: dict[str, float]) -> np.ndarray:
    """Which copies `title_line.injected_titles` removes at these thresholds."""
    strong = np.bincount(groups, weights=probabilities >= thresholds["pasted"])
    return (strong[groups] >= PROVEN) & (probabilities >= thresholds["proven"])


def choose(oof: np.ndarray, data: Rows, keep: float, damage: float) -> dict[str, float]:
    """The thresholds, one after the other (see the module docstring)."""
    groups, labels, untouched = data.groups, data.labels, data.untouched
    allowed = math.floor((1 - keep) * untouched.sum())

    def changed(chosen: dict[str, float]) -> int:
        return len(set(groups[removed(oof, groups, chosen) & untouched[groups]]))

    def damage_pct(chosen: dict[str, float]) -> float:
        wrong = removed(oof, groups, chosen) & ~labels
        return 100 * data.lengths[wrong].sum() / data.chinese_chars

    def recall(chosen: dict[str, float]) -> float:
        return removed(oof, groups, chosen)[labels].mean()

    pasted = next(t for t in GRID if changed({"pasted": t, "proven": t}) <= allowed)
    within = [t for t in GRID if t <= pasted and damage_pct({"pasted": pasted, "proven": t}) <= damage]
    best = max(recall({"pasted": pasted, "proven": t}) for t in within)
    proven = max(t for t in within if recall({"pasted": pasted, "proven": t}) == best)
    return {"pasted": float(pasted), "proven": float(proven)}


def out_of_fold(classifier: Any, data: Rows, shuffle: int) -> np.ndarray:
    """Out-of-fold probabilities, 5-fold by document, the documents dealt to folds in the order
    of one random shuffle."""
    order = np.random.RandomState(shuffle).permutation(data.groups.max() + 1)
    folds = GroupKFold(5)
    return cross_val_predict(classifier, data.features, data.labels, groups=order[data.groups], cv=folds, method="predict_proba")[:, 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--treebank", type=Path, action="append", required=True, help="CoNLL-U file (repeatable)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--untouched", type=float, default=0.998)
    parser.add_argument("--damage", type=float, default=0.1, help="percent of clean Chinese characters")
    args = parser.parse_args()
    model = json.loads(MODEL_FILE.read_text(encoding="utf-8")) if MODEL_FILE.exists() else {}
    model["contexts"] = context_tables(args.treebank)
    MODEL_FILE.write_text(json.dumps(model, ensure_ascii=False) + "\n", encoding="utf-8")  # the features read it
    title_line.contexts.cache_clear()
    data = rows(args.corpora, args.seed)
    y, groups = data.labels, data.groups
    print(f"{len(y)} copies, {int(y.sum())} pasted, from {len(set(groups))} documents ({int(data.untouched.sum())} untouched in the split)")
    classifier = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))
    per_shuffle = []
    for shuffle in range(SHUFFLES):
        oof = out_of_fold(classifier, data, shuffle)
        chosen = choose(oof, data, args.untouched, args.damage)
        gone = removed(oof, groups, chosen)
        changed = len(set(groups[gone & data.untouched[groups]]))
        print(f"shuffle {shuffle}: thresholds {chosen}: out-of-fold copy precision {y[gone].mean():.3f}, recall {gone[y].mean():.3f}, untouched documents changed {changed}")
        per_shuffle.append(chosen)
    chosen = {name: float(np.median([c[name] for c in per_shuffle])) for name in ("pasted", "proven")}
    print(f"thresholds (medians): {chosen}")
    x = data.features
    classifier.fit(x, y)
    model = {
        "about": "Title-copy model of corpusclean._spam.title_line; built by eval/spam/train_titles.py "
        "on the dev split of eval/spam/evaluate_titles.py and the UD Chinese GSDSimp treebank (CC BY-SA 4.0).",
        "features": list(FEATURES),
        **logistic_fields(classifier),
        "thresholds": chosen,
        "contexts": model["contexts"],
    }
    MODEL_FILE.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_FILE}")


if __name__ == "__main__":
    main()
