"""Build the product-keyword data of the spam step from the Harmonized System and real English text.

    python scripts/build_product_lexicon.py --hs harmonized-system.csv [--corpora ../shared/corpora]

`--hs` is `data/harmonized-system.csv` of github.com/datasets/harmonized-system (commit 905e5a0,
ODC PDDL: the WCO's HS 2022 headings and subheadings with English descriptions). Two files are
written to `corpusclean/data/`:

* `product_terms.tsv` — `term<TAB>kind<TAB>chapters`: the noun phrases of the HS descriptions
  (`welded link chain`, `spray dryers`, `industrial robots`; kind `term`), and the product
  categories subheadings open with (`chain`, `dryers`, `machines`; kind `head`), each with the
  HS chapters (its branch of the classification) it occurs in; and the words that modify a
  head in those phrases (`welded`, `anchor`, `testing`; kind `word`). A fifth of the terms (`held_out`) is left out for
  `eval/spam/evaluate_products.py` to paste as terms the lexicon has never seen.
* `product_terms_bigrams.tsv` — word-class bigram counts of real English prose (the corpora's
  UD English-EWT web text and XQuAD Wikipedia paragraphs — NTREX news, which hosts the
  evaluation, is left out; and the article text of `webpages_en.jsonl`): the model
  `_spam.splices` asks whether a term breaks the sentence
  it stands in, over the classes of `_spam.splices.word_class` (a common word itself, else a
  number or a word's shape and ending).

No Chinese classification text was found in the public sources available to this project
(HS, CPC and UNSPSC translations), so the lexicon is English only.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
from collections import Counter, defaultdict
from itertools import takewhile
from pathlib import Path

from corpusclean._spam.splices import word_class

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "corpusclean" / "data"

_PIECES = re.compile(r"[;,:()\[\]]| and | or | - |\be\.g\.")
_TOKEN = re.compile(r"[a-z]+(?:-[a-z]+)*")
_CUT = frozenset(
    "of for in with not than whether used including excluding from to by on at containing having being "
    "put nec n e c whose which such as the a an other than its their thereof therefor like kind mainly "
    "solely principally chiefly wholly partly only also incl excl etc this that heading headings chapter "
    "subheading no nos thereto therefore throughout suitable one kg spp lengthwise".split()
)
_NOT_A_NOUN = re.compile(r"(?:ed|ly|ous|al|ic|ive|able|ible|ing|ant|ent)$")
"""Endings of the participles and adjectives a description piece can end in (`treated`,
`suitable`, `dielectric`): such a last word is no head noun of a product."""
_DROP = frozenset(
    "other parts part articles article goods products product materials material preparations items item "
    "type types form forms use uses thereof new used similar certain various pure function functions "
    "industries industry plans source sources stock lead leads hand safety origin persons cases models units "
    "elements games bodies stations structures figures movements sets produce sound purposes points parks cleaners".split()
)
"""Words that open or close an HS piece without naming a product: qualifiers (`other`, `parts`),
and the abstract nouns the category lists hold (`safety`, `origin`, `plans`) that news writes
every day; measured by hand on the corpora's prose, where they recur across documents. Also
`cleaners`, whose singular is the comparative `cleaner` in prose (`realize cleaner production`)."""
MIN_WORDS = 2
MAX_WORDS = 4


def held_out(term: str) -> bool:
    """True for the fifth of the HS terms kept out of the lexicon for evaluation."""
    return hashlib.sha256(term.encode("utf-8")).digest()[0] % 5 == 0


def noun_phrases(description: str) -> list[str]:
    """The noun phrases of one HS description: each piece between punctuation and `and`/`or`,
    cut at its first preposition or qualifier, of 2–4 words of letters (the head noun last)."""
    phrases = []
    for piece in _PIECES.split(description.casefold()):
        words = []
        for token in _TOKEN.findall(piece):
            if token in _CUT:
                break
            words.append(token)
        while words and words[0] in _DROP:
            words.pop(0)
        if MIN_WORDS <= len(words) <= MAX_WORDS and words[-1] not in _DROP and all(len(w) > 1 for w in words):
            phrases.append(" ".join(words))
    return phrases


def hs_terms(hs_csv: Path, common: frozenset[str]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Every HS noun phrase with the chapters it occurs in, and every head noun: the last word of
    each piece of a description, before its first preposition (`Chain; welded link chain, of iron
    or steel`, `Iron or steel; anchors, grapnels`); a piece of one word only when it is a plural
    (a list of goods, not of processes: `reception, conversion and transmission`).
    Phrases made of common words only (`other parts`) say nothing about a product, and common
    words, adjectives and participles are no head nouns: both are dropped."""
    terms: dict[str, set[str]] = defaultdict(set)
    heads: dict[str, set[str]] = defaultdict(set)
    with hs_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["level"] not in ("4", "6"):
                continue
            chapter = row["hscode"][:2]
            candidates = []
            for phrase in noun_phrases(row["description"]):
                if not all(word in common for word in phrase.split()):
                    terms[phrase].add(chapter)
                    candidates.append(phrase.split()[-1])
            for piece in _PIECES.split(row["description"].casefold()):
                words = list(takewhile(lambda word: word not in _CUT, _TOKEN.findall(piece)))
                if len(words) > 1 or (words and words[0].endswith("s")):
                    candidates += words[-1:]
            for head in candidates:
                if len(head) > 3 and head not in common | _CUT | _DROP and not _NOT_A_NOUN.search(head):
                    heads[head].add(chapter)
    return terms, heads


_SENTENCE_WORDS = re.compile(r"[^.!?;:\n\"“”()]+")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")


def prose(corpora: Path) -> list[str]:
    """The corpora's English prose outside the evaluation's hosts: UD English-EWT web text, XQuAD
    Wikipedia paragraphs (NTREX news is left out) and the article text of the web pages."""
    with (corpora / "en.jsonl").open(encoding="utf-8") as handle:
        texts = [r["text"] for r in map(json.loads, handle) if "NTREX" not in r["source"]]
    with (corpora / "webpages_en.jsonl").open(encoding="utf-8") as handle:
        return texts + [r["main_text"] for r in map(json.loads, handle)]


GENERIC_SHARE = 0.01
"""A head noun in this share of the prose documents or more (`goods`, `cars`, `numbers`,
`plans`) is an everyday word there, not a sign of a catalogue."""


def everyday_heads(heads: dict[str, set[str]], texts: list[str]) -> set[str]:
    """The head nouns found (as written) in at least `GENERIC_SHARE` of `texts`."""
    seen: Counter[str] = Counter()
    for text in texts:
        seen.update(set(_TOKEN.findall(text.casefold())) & heads.keys())
    return {h for h, n in seen.items() if n >= GENERIC_SHARE * len(texts)}


def class_bigrams(texts: list[str]) -> Counter[tuple[str, str]]:
    """Counts of adjacent word-class pairs (and `<s>`/`</s>` clause edges) in `texts`. Commas end
    a clause too: a term beside a comma has no junction on that side."""
    counts: Counter[tuple[str, str]] = Counter()
    for text in texts:
        for clause in _SENTENCE_WORDS.findall(text.replace(",", "\n")):
            classes = ["<s>"] + [word_class(w) for w in _WORD.findall(clause)] + ["</s>"]
            if len(classes) > 2:
                counts.update(zip(classes, classes[1:]))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hs", type=Path, required=True, help="harmonized-system.csv of datasets/harmonized-system")
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    args = parser.parse_args()
    common = frozenset((DATA / "spam_common_en.txt").read_text(encoding="utf-8").split())
    all_terms, heads = hs_terms(args.hs, common)
    terms = {t: c for t, c in all_terms.items() if not held_out(t)}
    texts = prose(args.corpora)
    generic = everyday_heads(heads, texts)
    heads = {h: c for h, c in heads.items() if h not in generic}
    vocabulary: dict[str, set[str]] = defaultdict(set)
    for term, chapters in terms.items():
        for word in term.split()[:-1]:
            vocabulary[word].update(chapters)
    lines = [f"{t}\tterm\t{' '.join(sorted(c))}" for t, c in sorted(terms.items())]
    lines += [f"{w}\tword\t{' '.join(sorted(c))}" for w, c in sorted(vocabulary.items()) if w not in heads]
    lines += [f"{h}\thead\t{' '.join(sorted(c))}" for h, c in sorted(heads.items())]
    (DATA / "product_terms.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    bigrams = class_bigrams(texts)
    rows = [f"{a}\t{b}\t{n}" for (a, b), n in sorted(bigrams.items()) if n >= 2]
    (DATA / "product_terms_bigrams.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(terms)} terms, {len(heads)} heads, {len(vocabulary)} modifiers, {len(rows)} class bigrams")


if __name__ == "__main__":
    main()
