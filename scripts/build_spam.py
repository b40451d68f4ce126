"""Build the spam step's data files from the real corpora in /work/shared/corpora.

    python scripts/build_spam.py [--corpora ../shared/corpora]

Writes, next to this script:
* `spam_common_en.txt` — English words found in at least 2% of the English documents (news,
  web text, Wikipedia). They carry grammar, not topic, so a clause made only of them says nothing
  about coherence with the rest of a document.
* `spam_common_zh.txt` — Han character pairs found in at least 1.5% of the Chinese documents
  (Simplified and Traditional, folded to Simplified): the Chinese counterpart (`我们`, `可以`).
* `spam_lexicon.txt` — spam and advertising phrases from the MIT-licensed lists in
  `corpora/spam/` (uniform-spam-words, Sensitive-lexicon 广告类型). Only phrases specific enough to
  be evidence on their own are kept: two words or more in English, three Han characters or more
  in Chinese (`Cash` or `网络` alone would match ordinary news). A fifth of the phrases
  (`held_out`) is left out, so that the evaluation can measure splices of phrases the lexicon
  has never seen — the case that matters, since no list keeps up with spam sites.
The output is sorted and deterministic, so a rebuild from the same corpora is byte-identical.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

from corpusclean._text.script import to_simplified_chars

HERE = Path(__file__).resolve().parents[1] / "corpusclean" / "data"
DEFAULT_CORPORA = HERE.parents[1].parent / "shared" / "corpora"
EN_SHARE = 0.02
ZH_SHARE = 0.015


def _records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def common_english(corpora: Path) -> list[str]:
    docs = [r["text"] for r in _records(corpora / "en.jsonl")]
    frequency: Counter[str] = Counter()
    for text in docs:
        frequency.update({w.casefold() for w in re.findall(r"[A-Za-z]+(?:'[a-z]+)?", text)})
    return sorted(w for w, n in frequency.items() if n >= EN_SHARE * len(docs))


def common_chinese(corpora: Path) -> list[str]:
    docs = [to_simplified_chars(r["text"]) for name in ("zh_hans.jsonl", "zh_hant.jsonl") for r in _records(corpora / name)]
    frequency: Counter[str] = Counter()
    for text in docs:
        frequency.update({a + b for a, b in zip(text, text[1:]) if _han(a) and _han(b)})
    return sorted(p for p, n in frequency.items() if n >= ZH_SHARE * len(docs))


def held_out(phrase: str) -> bool:
    """True for the fifth of the spam-list phrases kept out of the lexicon for evaluation."""
    return hashlib.sha256(phrase.strip().casefold().encode("utf-8")).digest()[0] % 5 == 0


def lexicon(corpora: Path) -> list[str]:
    phrases: set[str] = set()
    for path in sorted((corpora / "spam").glob("en_spam_words_*.txt")):
        phrases.update(p.strip().casefold() for p in path.read_text(encoding="utf-8").splitlines() if len(p.split()) >= 2)
    for line in (corpora / "spam" / "zh_ad_spam_words.txt").read_text(encoding="utf-8").splitlines():
        term = line.strip()
        if sum(_han(ch) for ch in term) >= 3:
            phrases.add(term)
    return sorted(p for p in phrases if not held_out(p))


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    args = parser.parse_args()
    for name, words in (
        ("spam_common_en.txt", common_english(args.corpora)),
        ("spam_common_zh.txt", common_chinese(args.corpora)),
        ("spam_lexicon.txt", lexicon(args.corpora)),
    ):
        (HERE / name).write_text("".join(w + "\n" for w in words), encoding="utf-8")
        print(f"{name}: {len(words)} entries")


if __name__ == "__main__":
    main()
