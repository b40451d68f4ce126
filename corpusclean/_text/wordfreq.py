"""Word evidence for language tagging: how frequent each word of a text is in each language.

Character n-grams (`_lang.profiles`) tell most languages apart, but not close neighbours on a
sentence: Danish and Norwegian, Portuguese and Spanish, Slovene and Croatian share most of their
1-3-grams. Their frequent words differ ("hvad"/"hva", "efter"/"etter", "não"/"no", "v"/"u"), so
`_lang.tagger` adds a word log-likelihood from the most frequent words of each language, built from
wordfreq's lists by `scripts/build_lang_words.py` (wordfreq itself is not needed at run time).

A word a language's list lacks gets the same floor frequency in every language, so a name or a
rare word says nothing; only languages that have a list are compared (`_lang.tagger` never lets this
evidence move a language with a list against one without).
"""

from __future__ import annotations

import gzip
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np
import regex
import xxhash

from corpusclean._data import DATA

TOP = 10000
"""Words kept per language (most frequent first)."""

FLOOR = 250
"""Centi-Zipf given to a word a language's list does not have (Zipf 2.5: about three times in
ten million words), below the rarest kept word of every list (Zipf 3.3-3.9), and the same for
every language. Chosen with `WORD_WEIGHT` on the development split (eval/lang/tune.py)."""

WORDFREQ_CODES = {"no": "nb", "hr": "sh", "tl": "fil"}
"""langdetect code → wordfreq code where they differ (Bokmål, Serbo-Croatian, Filipino)."""

WORDS_FILE = DATA / "lang_words.tsv.gz"

_WORD = regex.compile(r"[\p{L}\p{M}]+")
_COMMA_BELOW = str.maketrans("șț", "şţ")
"""Romanian is written with comma-below or (older fonts) cedilla ș/ț; fold to one form."""


def normal(text: str) -> str:
    """`text` as the lists store words: NFC, case-folded (`ς` → `σ`), ș/ț folded."""
    return unicodedata.normalize("NFC", text).casefold().translate(_COMMA_BELOW)


def words(text: str) -> list[str]:
    """The words of `text` as the lists store them: `normal`, letters and marks only."""
    return _WORD.findall(normal(text))


def word_key(word: str) -> int:
    """A word as a 64-bit integer (xxHash64), the same in every process: the lists are searched
    as a sorted array of these keys instead of a dict of 300,000 strings (4 MB instead of 75).
    xxHash rather than BLAKE2b because every list word is hashed when the lists are loaded."""
    return xxhash.xxh64_intdigest(word.encode("utf-8"))


class WordLists:
    """Every (word, language, frequency) entry of the lists, sorted by word key.

    Only the entries are stored; a word a language's list lacks gets `FLOOR` there.
    """

    def __init__(self, path: Path = WORDS_FILE) -> None:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            lines = handle.read().splitlines()
        self.languages: tuple[str, ...] = tuple(line[1:] for line in lines[0::3])
        lists = [line.split(" ") for line in lines[1::3]]
        sizes = [len(words) for words in lists]
        keys = np.fromiter((word_key(w) for ws in lists for w in ws), np.uint64, sum(sizes))
        columns = np.repeat(np.arange(len(lists), dtype=np.uint8), sizes)
        centis = np.array(" ".join(lines[2::3]).split(), dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        """Word keys of all entries, sorted (a word in several lists has several entries)."""
        self.columns = columns[order]
        """The language (index into `languages`) of each entry."""
        self.gains = np.maximum(centis - FLOOR, 0).astype(np.int16)[order]
        """Each entry's centi-Zipf above `FLOOR`."""


@lru_cache(maxsize=1)
def word_lists() -> WordLists:
    """The word lists, read from the package data once per process."""
    return WordLists()


def listed(word: str, language: str) -> bool:
    """Whether `word` is among the `TOP` most frequent words of `language` (a langdetect code)."""
    lists = word_lists()
    if language not in lists.languages:
        return False
    normal = words(word)
    key = np.uint64(word_key(normal[0] if normal else word))
    first = int(np.searchsorted(lists.keys, key, "left"))
    last = int(np.searchsorted(lists.keys, key, "right"))
    return bool((lists.columns[first:last] == lists.languages.index(language)).any())


def _entries(found: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """For words already in list form (`normal`): how many entries each has, and the indices
    of those entries, word after word."""
    lists = word_lists()
    keys = np.fromiter((word_key(word) for word in found), np.uint64, len(found))
    first = np.searchsorted(lists.keys, keys, "left")
    counts = np.searchsorted(lists.keys, keys, "right") - first
    entries = np.repeat(first - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
    return counts, entries


def zipf_table(found: list[str]) -> np.ndarray:
    """Zipf frequency of each word (rows) in each language's list (columns, as
    `word_lists().languages`); `FLOOR / 100` where a list lacks the word."""
    lists = word_lists()
    counts, entries = _entries([normal(word) for word in found])
    table = np.zeros((len(found), len(lists.languages)), dtype=np.int16)
    table[np.repeat(np.arange(len(found)), counts), lists.columns[entries]] = lists.gains[entries]
    return (table + FLOOR) / 100.0


def log_likelihoods(text: str) -> np.ndarray:
    """Per-language (`word_lists().languages`) sum of the natural-log frequencies of `text`'s
    words: `FLOOR` for each word, plus the gains of the entries the lists have for it."""
    lists = word_lists()
    found = words(text)
    _, entries = _entries(found)
    gains = np.bincount(
        lists.columns[entries], weights=lists.gains[entries], minlength=len(lists.languages)
    )
    centis = gains + FLOOR * len(found)
    return (centis / 100.0 - 9.0 * len(found)) * np.log(10.0)
