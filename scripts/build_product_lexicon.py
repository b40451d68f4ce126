"""Build the product-keyword data of the spam step from the Harmonized System and real English text.

    python scripts/build_product_lexicon.py --hs harmonized-system.csv [--corpora ../shared/corpora]

`--hs` is `data/harmonized-system.csv` of github.com/datasets/harmonized-system (commit 905e5a0,
ODC PDDL: the WCO's HS 2022 headings and subheadings with English descriptions). Two files are
written to `corpusclean/data/`:

* `product_terms.tsv` — `term<TAB>kind<TAB>chapters`: the noun phrases of the HS descriptions
  (`welded link chain`, `spray dryers`, `industrial robots`; kind `term`), and the head nouns
  they end in (`chain`, `dryers`, `machines`; kind `head`), each with the HS chapters (its
  branch of the classification) it occurs in. A fifth of the terms (`held_out`) is left out for
  `eval/spam/evaluate_products.py` to paste as terms the lexicon has never seen.
* `product_terms_bigrams.tsv` — word-class bigram counts of real English prose (the corpora's
  UD English-EWT web text and XQuAD Wikipedia paragraphs; NTREX news, which hosts the
  evaluation, is left out): the model `_spam.splices` asks whether a term breaks the sentence
  it stands in. A class is a common word itself (`data/spam_common_en.txt`), else `<W>` (a
  lower-case word), `<C>` (capitalised) or `<N>` (a number).

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
from pathlib import Path

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
    "type types form forms use uses thereof new used similar certain various".split()
)
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


def hs_terms(hs_csv: Path, common: frozenset[str]) -> dict[str, set[str]]:
    """Every HS noun phrase with the chapters it occurs in; phrases made of common words only
    (`other parts`, `new year`) say nothing about a product and are dropped."""
    chapters: dict[str, set[str]] = defaultdict(set)
    with hs_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["level"] not in ("4", "6"):
                continue
            for phrase in noun_phrases(row["description"]):
                if not all(word in common for word in phrase.split()):
                    chapters[phrase].add(row["hscode"][:2])
    return chapters


def word_class(word: str, common: frozenset[str]) -> str:
    """The class of a word in the junction model (see the module docstring)."""
    folded = word.casefold()
    if folded in common:
        return folded
    if word[:1].isdigit():
        return "<N>"
    return "<C>" if word[:1].isupper() else "<W>"


_SENTENCE_WORDS = re.compile(r"[^.!?;:\n\"“”()]+")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")


def class_bigrams(corpora: Path, common: frozenset[str]) -> Counter[tuple[str, str]]:
    """Counts of adjacent word-class pairs (and `<s>`/`</s>` clause edges) in the non-NTREX English
    of the corpora. Commas end a clause too: a term beside a comma has no junction on that side."""
    counts: Counter[tuple[str, str]] = Counter()
    with (corpora / "en.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if "NTREX" in record["source"]:
                continue
            for clause in _SENTENCE_WORDS.findall(record["text"].replace(",", "\n")):
                classes = ["<s>"] + [word_class(w, common) for w in _WORD.findall(clause)] + ["</s>"]
                if len(classes) > 2:
                    counts.update(zip(classes, classes[1:]))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hs", type=Path, required=True, help="harmonized-system.csv of datasets/harmonized-system")
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    args = parser.parse_args()
    common = frozenset((DATA / "spam_common_en.txt").read_text(encoding="utf-8").split())
    terms = {t: c for t, c in hs_terms(args.hs, common).items() if not held_out(t)}
    heads: dict[str, set[str]] = defaultdict(set)
    for term, chapters in terms.items():
        heads[term.split()[-1]].update(chapters)
    heads = {h: c for h, c in heads.items() if h not in common and not _NOT_A_NOUN.search(h) and len(h) > 3}
    lines = [f"{t}\tterm\t{' '.join(sorted(c))}" for t, c in sorted(terms.items())]
    lines += [f"{h}\thead\t{' '.join(sorted(c))}" for h, c in sorted(heads.items())]
    (DATA / "product_terms.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    bigrams = class_bigrams(args.corpora, common)
    rows = [f"{a}\t{b}\t{n}" for (a, b), n in sorted(bigrams.items()) if n >= 2]
    (DATA / "product_terms_bigrams.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(terms)} terms, {len(heads)} heads, {len(rows)} class bigrams")


if __name__ == "__main__":
    main()
