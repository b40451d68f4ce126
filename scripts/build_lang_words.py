"""Build `lang_words.tsv.gz`: the most frequent words of each language, for `_lang_words`.

langdetect's character n-gram profiles cannot tell close neighbours apart on one sentence
(Danish/Norwegian, Portuguese/Spanish, Slovene/Croatian, Russian/Bulgarian): they share most
n-grams. Whole words separate them ("hvad"/"hva", "não"/"no", "v"/"u"), so the tagger adds a
word log-likelihood from these lists.

The lists come from `wordfreq` (Robyn Speer, word counts pooled from Wikipedia, subtitles, news,
books, web text and social media; none of it is this project's evaluation text). Only
languages wordfreq really has are kept — it silently substitutes a "nearest match" (Afrikaans →
Dutch, Welsh → English), which would be wrong evidence — under langdetect's code for them
(`no` = wordfreq `nb`, `hr` = `sh`, `tl` = `fil`). wordfreq is needed only here, not at run time.

Each language is three lines: `#<code>`, its `TOP` words separated by spaces (most frequent
first), and their centi-Zipf frequencies (100 × log10 of the frequency per billion words, an
integer) in the same order. Words are
stored as `_lang_words.words` will look them up: NFC, case-folded, comma-below ș/ț folded to
the cedilla forms, letters and marks only. Reproduce with:

    pip install wordfreq==3.1.1
    python scripts/build_lang_words.py
"""

from __future__ import annotations

import gzip
from pathlib import Path

import wordfreq

from corpusclean._lang.profiles import profiles
from corpusclean._text.wordfreq import TOP, WORDFREQ_CODES, words

OUTPUT = Path(__file__).resolve().parents[1] / "corpusclean" / "data" / "lang_words.tsv.gz"


def language_words(wordfreq_code: str) -> list[tuple[str, int]]:
    """The `TOP` most frequent words of one wordfreq language, as (word, centi-Zipf).

    Entries that are not one word to the run-time tokenizer (`l'`, `e-mail`) are skipped.
    """
    kept: dict[str, int] = {}
    for word in wordfreq.top_n_list(wordfreq_code, 3 * TOP):
        zipf = wordfreq.zipf_frequency(word, wordfreq_code, minimum=0.0)
        forms = words(word)
        if len(forms) == 1 and forms[0] not in kept:
            kept[forms[0]] = round(100 * zipf)
        if len(kept) >= TOP:
            break
    return list(kept.items())


def main() -> None:
    available = set(wordfreq.available_languages())
    lines: list[str] = []
    for code in profiles().languages:
        source = WORDFREQ_CODES.get(code, code)
        if source not in available:
            continue
        entries = language_words(source)
        lines.append(f"#{code}")
        lines.append(" ".join(word for word, _ in entries))
        lines.append(" ".join(str(centi) for _, centi in entries))
    with gzip.GzipFile(OUTPUT, "wb", mtime=0) as handle:
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"{OUTPUT.name}: {len(lines) // 3} languages, "
          f"{OUTPUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
