"""Build `plausibility.tsv.gz`: character and character-bigram counts of real text.

The mojibake repairer decides between a line and its re-decoded candidates by asking which one
looks more like real text. "Real text" is measured here, from the third-party corpora in
`../shared/corpora` (see its README for provenance and licences): every script the repairer must
recognise (Han in both Simplified and Traditional use, kana, Hangul, Cyrillic, Greek, Latin) plus
the 55 languages of `langid.jsonl`, so that clean text in other scripts also scores as plausible.

Records whose id hashes into the evaluation fifth (`is_heldout`) are left out, so the evaluation in
`eval/mojibake/` measures text the model never saw.

Line boundaries are counted too, as two small tables of their own rather than as bigrams with
marker characters: how often a line begins with `c` and how often one ends with `c` (a lost
sentence-final `。` has no right-hand neighbour; only "lines end in `。`, not `、`" can choose it).
Separate tables keep the character and bigram counts exactly what they were, so scoring ordinary
text (`Model.logprob(text)`) does not change; boundaries enter only when a caller asks for them.

Output format (gzip, UTF-8, one entry a line, sorted, reproducible byte for byte):
    #total<TAB>N                 number of characters counted
    #lines<TAB>N                 number of non-empty lines counted
    1<TAB>c<TAB>count            a character seen >= MIN_CHAR times
    2<TAB>ab<TAB>count           a bigram seen >= MIN_BIGRAM times (both characters kept)
    <<TAB>c<TAB>count            lines beginning with c, >= MIN_BIGRAM times (c kept)
    ><TAB>c<TAB>count            lines ending with c, >= MIN_BIGRAM times (c kept)
Newlines and tabs never appear in entries: the text is split into lines and tabs become spaces.

Run from the repository root:  python scripts/build_plausibility.py [--corpora DIR]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import NamedTuple

MIN_CHAR = 2
MIN_BIGRAM = 3
FILES = (
    "zh_hans.jsonl",
    "zh_hant.jsonl",
    "ja.jsonl",
    "ko.jsonl",
    "ru.jsonl",
    "el.jsonl",
    "en.jsonl",
    "fr.jsonl",
    "de.jsonl",
    "es.jsonl",
    "pt.jsonl",
    "langid.jsonl",
)
OUTPUT = Path(__file__).resolve().parents[1] / "corpusclean" / "data" / "plausibility.tsv.gz"


def is_heldout(record_id: str) -> bool:
    """True for the fifth of records kept out of the model for evaluation (stable hash of id)."""
    return hashlib.sha256(record_id.encode("utf-8")).digest()[0] % 5 == 0


class Counts(NamedTuple):
    """What the model is built from: characters, bigrams and line boundaries."""

    chars: Counter[str]
    bigrams: Counter[str]
    total: int
    begins: Counter[str]
    """First characters of lines."""
    ends: Counter[str]
    """Last characters of lines."""
    lines: int
    """Non-empty lines counted."""


def count(corpora: Path) -> Counts:
    """Character, bigram and line-boundary counts over the training records of every file."""
    chars: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    begins: Counter[str] = Counter()
    ends: Counter[str] = Counter()
    total = lines = 0
    for name in FILES:
        with (corpora / name).open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if is_heldout(record["id"]):
                    continue
                for text_line in record["text"].replace("\t", " ").splitlines():
                    chars.update(text_line)
                    bigrams.update(text_line[i : i + 2] for i in range(len(text_line) - 1))
                    total += len(text_line)
                    if text_line:
                        begins[text_line[0]] += 1
                        ends[text_line[-1]] += 1
                        lines += 1
    return Counts(chars, bigrams, total, begins, ends, lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    root = Path(__file__).resolve().parents[1]
    parser.add_argument("--corpora", type=Path, default=root.parent / "shared" / "corpora")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    counts = count(args.corpora)
    kept = {c for c, n in counts.chars.items() if n >= MIN_CHAR}
    lines = [f"#total\t{counts.total}", f"#lines\t{counts.lines}"]
    lines += [f"1\t{c}\t{n}" for c, n in sorted(counts.chars.items()) if c in kept]
    lines += [
        f"2\t{b}\t{n}"
        for b, n in sorted(counts.bigrams.items())
        if n >= MIN_BIGRAM and b[0] in kept and b[1] in kept
    ]
    for kind, table in (("<", counts.begins), (">", counts.ends)):
        lines += [
            f"{kind}\t{c}\t{n}" for c, n in sorted(table.items()) if n >= MIN_BIGRAM and c in kept
        ]
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    with args.output.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(payload)
    boundaries = sum(line[0] in "<>" for line in lines)
    print(
        f"{args.output}: {len(kept)} characters,"
        f" {len(lines) - 2 - len(kept) - boundaries} bigrams, {boundaries} line boundaries"
    )


if __name__ == "__main__":
    main()
