"""Build the stopword lists the boilerplate context classifier uses, from real corpus counts.

jusText judges a block by its *stopword density*: running prose is full of function words
("the", "of", "的", "是"), while menus, footers and link lists are not. jusText ships no Chinese
list, so both lists here are counted from real third-party text in /work/shared/corpora (see its
README for provenance):

* English: the most frequent lower-cased words of UD English-EWT web text and XQuAD English
  Wikipedia paragraphs (the NTREX news articles are left out: they are used for evaluation).
* Chinese: the most frequent single Han characters (Traditional folded to Simplified) of CMRC 2018,
  DRCD, XQuAD zh and the UD Chinese treebanks. Chinese is not segmented into words, so the
  "stopwords" are characters; the frequent ones (的 是 在 了 和 …) are mostly function characters,
  which is what a density measure needs. NTREX articles are left out (used for evaluation).

Usage: python scripts/build_boilerplate_stopwords.py [--corpora ../shared/corpora]
Writes boilerplate_stopwords_en.txt and boilerplate_stopwords_zh.txt next to this script.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from corpusclean._text.script import HAN, char_script, to_simplified_chars

HERE = Path(__file__).resolve().parents[1] / "corpusclean" / "data"
ENGLISH_SIZE = 200
CHINESE_SIZE = 150
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def _records(path: Path, *, skip_source: str = "MicrosoftTranslator/NTREX"):
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if skip_source not in record["source"]:
                yield record["text"]


def english_counts(corpora: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in _records(corpora / "en.jsonl"):
        counts.update(WORD.findall(text.lower()))
    return counts


def chinese_counts(corpora: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name in ("zh_hans.jsonl", "zh_hant.jsonl"):
        for text in _records(corpora / name):
            counts.update(ch for ch in to_simplified_chars(text) if char_script(ch) == HAN)
    return counts


def write_list(path: Path, counts: Counter[str], size: int, source: str) -> None:
    lines = [f"# {size} most frequent {source}; built by build_boilerplate_stopwords.py", "# item\tcount"]
    lines += [f"{item}\t{count}" for item, count in counts.most_common(size)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = HERE.parent.parent
    parser.add_argument("--corpora", type=Path, default=root.parent / "shared" / "corpora")
    args = parser.parse_args()
    write_list(HERE / "boilerplate_stopwords_en.txt", english_counts(args.corpora), ENGLISH_SIZE,
               "words of en.jsonl (UD English-EWT + XQuAD en)")
    write_list(HERE / "boilerplate_stopwords_zh.txt", chinese_counts(args.corpora), CHINESE_SIZE,
               "Han characters (folded to Simplified) of zh_hans/zh_hant.jsonl (CMRC, DRCD, XQuAD zh, UD)")


if __name__ == "__main__":
    main()
