"""Build `plausibility.tsv.gz`: character and character-bigram counts of real text.

The mojibake repairer decides between a line and its re-decoded candidates by asking which one
looks more like real text. "Real text" is measured here, from the third-party corpora in
`../shared/corpora` (see its README for provenance and licences): every script the repairer must
recognise (Han in both Simplified and Traditional use, kana, Hangul, Cyrillic, Greek, Latin) plus
the 55 languages of `langid.jsonl`, so that clean text in other scripts also scores as plausible.

Records whose id hashes into the evaluation fifth (`is_heldout`) are left out, so the evaluation in
`eval/mojibake/` measures text the model never saw.

Output format (gzip, UTF-8, one entry a line, sorted, reproducible byte for byte):
    #total<TAB>N                 number of characters counted
    1<TAB>c<TAB>count            a character seen >= MIN_CHAR times
    2<TAB>ab<TAB>count           a bigram seen >= MIN_BIGRAM times (both characters kept)
Newlines and tabs never appear in entries: the text is split into lines and tabs become spaces.

Run from the repository root:  python corpusclean/data/build_plausibility.py [--corpora DIR]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
from collections import Counter
from pathlib import Path

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
OUTPUT = Path(__file__).resolve().parent / "plausibility.tsv.gz"


def is_heldout(record_id: str) -> bool:
    """True for the fifth of records kept out of the model for evaluation (stable hash of id)."""
    return hashlib.sha256(record_id.encode("utf-8")).digest()[0] % 5 == 0


def count(corpora: Path) -> tuple[Counter[str], Counter[str], int]:
    """Character and bigram counts over the training records of every corpus file."""
    chars: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    total = 0
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
    return chars, bigrams, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    root = Path(__file__).resolve().parents[2]
    parser.add_argument("--corpora", type=Path, default=root.parent / "shared" / "corpora")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    chars, bigrams, total = count(args.corpora)
    kept = {c for c, n in chars.items() if n >= MIN_CHAR}
    lines = [f"#total\t{total}"]
    lines += [f"1\t{c}\t{n}" for c, n in sorted(chars.items()) if c in kept]
    lines += [
        f"2\t{b}\t{n}"
        for b, n in sorted(bigrams.items())
        if n >= MIN_BIGRAM and b[0] in kept and b[1] in kept
    ]
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    with args.output.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(payload)
    print(f"{args.output}: {len(kept)} characters, {len(lines) - 1 - len(kept)} bigrams")


if __name__ == "__main__":
    main()
