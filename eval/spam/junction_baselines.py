"""Measure two junction signals for unseen splices, from word statistics that ship in PyPI packages.

    pip install symspellpy jieba      # measurement only; corpusclean does not depend on them
    python eval/spam/junction_baselines.py [--corpora ../shared/corpora] [--seed 5]

A splice leaves two junctions: the word before it now meets its first word, its last word meets
the word after it, and the two words that were neighbours no longer meet. If the statistics of
real text show this, a span could be removed without knowing its words. Both signals below are
tried on every candidate span of the `phrase`, `clause` and `clean` documents of evaluate.py
(same seed), and the question is the one the target asks: how many inserts does a threshold find
against how many untouched documents it would change?

* English: word bigrams of Google Books (symspellpy's 243,342 most frequent bigrams and 82,765
  words). Score of a span between two words of one sentence, 1-15 words long:
  log P(next | prev) + log P(first) - log P(first | prev) - log P(next | last), in nats, with a
  bigram outside the list backed off to 0.02 x its second word's unigram probability.
* Chinese: jieba's dictionary (349,046 words with frequencies). A span of 3-24 Han characters is a
  candidate when no dictionary word of frequency >= F crosses either of its edges as written,
  while closing the gap makes a word of frequency >= 50 F cross it: the paste split a word.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from evaluate import ROOT, _han, build  # noqa: E402

KINDS = ("phrase", "clause", "clean")
EN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][a-z]+)?")
EN_THRESHOLDS = (4.0, 10.0, 14.0)
ZH_FREQUENCIES = (20, 200)
LONGEST_WORD = 6


class WordBigrams:
    """Google Books word and bigram counts as shipped by symspellpy."""

    def __init__(self) -> None:
        import symspellpy

        folder = Path(symspellpy.__file__).parent
        self.words = {w: int(c) for w, c in _columns(folder / "frequency_dictionary_en_82_765.txt", 2)}
        self.total = sum(self.words.values())
        self.pairs = {(a, b): int(c) for a, b, c in _columns(folder / "frequency_bigramdictionary_en_243_342.txt", 3)}

    def unigram(self, word: str) -> float:
        return math.log(self.words.get(word, 1) / self.total)

    def bigram(self, first: str, second: str) -> float:
        count = self.pairs.get((first, second))
        if count and first in self.words:
            return math.log(min(1.0, count / self.words[first]))
        return math.log(0.02) + self.unigram(second)

    def paste(self, words: list[str], start: int, end: int) -> float:
        """Nats in favour of words[start:end] having been pasted between its neighbours."""
        prev, first, last, nxt = words[start - 1], words[start], words[end - 1], words[end]
        return self.bigram(prev, nxt) + self.unigram(first) - self.bigram(prev, first) - self.bigram(last, nxt)


def _columns(path: Path, width: int) -> list[list[str]]:
    return [line.split() for line in path.read_text(encoding="utf-8").splitlines() if len(line.split()) == width]


def english(docs: list[dict]) -> None:
    model = WordBigrams()
    gold_scores: dict[str, list[float]] = {kind: [] for kind in KINDS}
    gold_total: Counter[str] = Counter()
    clean_best: list[float] = []
    for doc in docs:
        if doc["lang"] != "en" or doc["kind"] not in KINDS:
            continue
        text, gold = doc["text"], set(map(tuple, doc["gold"]))
        gold_total[doc["kind"]] += len(gold)
        tokens = [(m.start(), m.end(), m.group().lower()) for m in EN_WORD.finditer(text)]
        words = [t[2] for t in tokens]
        best = -math.inf
        for i in range(1, len(tokens) - 1):
            if text[tokens[i - 1][1] : tokens[i][0]].strip():
                continue  # the span must start inside a sentence
            for j in range(i + 1, min(len(tokens), i + 16)):
                if text[tokens[j - 1][1] : tokens[j][0]].strip():
                    break
                score = model.paste(words, i, j)
                if (tokens[i - 1][1], tokens[j - 1][1]) in gold:
                    gold_scores[doc["kind"]].append(score)
                else:
                    best = max(best, score)
        if doc["kind"] == "clean":
            clean_best.append(best)
    for threshold in EN_THRESHOLDS:
        found = ", ".join(
            f"{kind} {sum(s >= threshold for s in gold_scores[kind])}/{gold_total[kind]}" for kind in ("phrase", "clause")
        )
        changed = sum(b >= threshold for b in clean_best)
        print(f"en  score >= {threshold:4}: inserts found exactly: {found}; clean documents with a span: {changed}/{len(clean_best)}")


def chinese(docs: list[dict]) -> None:
    import jieba

    dictionary = Path(jieba.__file__).parent / "dict.txt"
    frequency = {w: int(f) for w, f, _ in (line.split(" ") for line in dictionary.read_text(encoding="utf-8").splitlines())}

    def crossing(text: str, cut: int) -> int:
        """Highest frequency of a dictionary word of `text` holding both text[cut-1] and text[cut]."""
        best = 0
        for a in range(max(0, cut - LONGEST_WORD + 1), cut):
            for b in range(cut + 1, min(len(text), a + LONGEST_WORD) + 1):
                best = max(best, frequency.get(text[a:b], 0))
        return best

    for floor in ZH_FREQUENCIES:
        found: Counter[str] = Counter()
        total: Counter[str] = Counter()
        changed = clean = 0
        for doc in docs:
            if doc["lang"] != "zh" or doc["kind"] not in KINDS:
                continue
            text, gold, n = doc["text"], set(map(tuple, doc["gold"])), len(doc["text"])
            written = [0] * (n + 1)
            for k in range(1, n):
                if _han(text[k - 1]) and _han(text[k]):
                    written[k] = crossing(text[max(0, k - LONGEST_WORD) : k + LONGEST_WORD], min(k, LONGEST_WORD))
            spans = set()
            for i in range(1, n):
                if not (_han(text[i - 1]) and _han(text[i])) or written[i] >= floor:
                    continue
                for j in range(i + 3, min(n, i + 25)):
                    if not _han(text[j - 1]):
                        break
                    closed = text[max(0, i - LONGEST_WORD) : i] + text[j : j + LONGEST_WORD]
                    if _han(text[j]) and written[j] < floor and crossing(closed, min(i, LONGEST_WORD)) >= 50 * floor:
                        spans.add((i, j))
            total[doc["kind"]] += len(gold)
            found[doc["kind"]] += len(spans & gold)
            if doc["kind"] == "clean":
                clean += 1
                changed += bool(spans)
        shown = ", ".join(f"{kind} {found[kind]}/{total[kind]}" for kind in ("phrase", "clause"))
        print(f"zh  F = {floor:3}: inserts found exactly: {shown}; clean documents with a span: {changed}/{clean}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    docs = build(args.corpora, args.seed)
    english(docs)
    chinese(docs)


if __name__ == "__main__":
    main()
