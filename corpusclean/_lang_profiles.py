"""A deterministic naive-Bayes scorer over langdetect's own n-gram profiles.

langdetect answers by random trials: it draws n-grams at random, multiplies their per-language
probabilities a few hundred times, and averages seven such runs. That makes it slow (a Python
loop per draw) and, unless a global seed is set, not repeatable. The profiles it ships are good
data, though, so this module reads them once and scores *every* n-gram of the (bounded) text in
one numpy gather-and-sum: the same model, without the randomness, many times faster.

Scoring follows langdetect: a 1-3-gram's probability in a language is its frequency divided by the
number of n-grams of that length in the profile, smoothed by `alpha / BASE_FREQ` (langdetect's
`_update_lang_prob`), and text is normalised by langdetect's own `NGram.normalize` before
splitting into words. Only the alphabetic languages are kept: Chinese, Japanese and Korean are
decided by script (see `_lang.py`), because their Han n-grams are where langdetect goes wrong.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

SCRIPT_DECIDED = ("ja", "ko", "zh-cn", "zh-tw")
"""langdetect languages that `_lang` decides by script, so they get no statistical column."""

SMOOTHING = 0.5 / 10000
"""langdetect's default `alpha / BASE_FREQ`: the floor every language gets for an n-gram."""

_URL = re.compile(r"https?://[-_.?&~;+=/#0-9A-Za-z]{1,2076}")
_MAIL = re.compile(r"[-_.0-9A-Za-z]{1,64}@[-_0-9A-Za-z]{1,255}[-_.0-9A-Za-z]{1,255}")


def _profiles_directory() -> Path:
    import langdetect

    return Path(langdetect.__file__).parent / "profiles"


class Profiles:
    """The n-gram vocabulary and the (n-grams × languages) log-probability matrix."""

    def __init__(self) -> None:
        names = sorted(p.name for p in _profiles_directory().iterdir() if not p.name.startswith("."))
        self.languages: tuple[str, ...] = tuple(n for n in names if n not in SCRIPT_DECIDED)
        vocabulary: dict[str, int] = {}
        rows: list[int] = []
        columns: list[int] = []
        values: list[float] = []
        for column, name in enumerate(self.languages):
            profile = json.loads((_profiles_directory() / name).read_text(encoding="utf-8"))
            totals = profile["n_words"]
            for gram, count in profile["freq"].items():
                if 1 <= len(gram) <= 3:
                    rows.append(vocabulary.setdefault(gram, len(vocabulary)))
                    columns.append(column)
                    values.append(count / totals[len(gram) - 1])
        matrix = np.zeros((len(vocabulary), len(self.languages)), dtype=np.float64)
        matrix[rows, columns] = values
        self.vocabulary = vocabulary
        self.log_probabilities = np.log(matrix + SMOOTHING).astype(np.float32)
        self.floor = float(np.log(SMOOTHING))

    def column(self, language: str) -> int:
        """The matrix column of `language` (a langdetect code)."""
        return self.languages.index(language)


@lru_cache(maxsize=1)
def profiles() -> Profiles:
    """The profiles, read from the installed langdetect package once per process."""
    return Profiles()


@lru_cache(maxsize=1)
def _normalise_table() -> dict[int, str]:
    """langdetect's per-character normalisation as a `str.translate` table (BMP only)."""
    from langdetect.utils.ngram import NGram

    table: dict[int, str] = {}
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        normal = NGram.normalize(ch)
        if normal != ch:
            table[code] = normal
    for ch in "\t\n\r\f\v\u00a0\u3000":
        table[ord(ch)] = " "
    return table


def without_addresses(text: str) -> str:
    """`text` with URLs and e-mail addresses blanked: their letters say nothing of the language."""
    if "@" not in text and "://" not in text:
        return text
    return _MAIL.sub(" ", _URL.sub(" ", text))


def normalise(text: str) -> str:
    """Text as langdetect sees it: URLs and e-mails gone, non-letters spaces, Vietnamese folded."""
    from langdetect.utils.ngram import NGram

    return NGram.normalize_vi(without_addresses(text)).translate(_normalise_table())


@lru_cache(maxsize=65536)
def _word_ngrams(word: str) -> np.ndarray:
    """Vocabulary ids of the 1-3-grams of `word` padded with spaces, as langdetect extracts them.

    Words with two capitals in a row (acronyms, shouting) give none: langdetect ignores them
    too, since their letter statistics are not the language's.
    """
    if any(a.isupper() and b.isupper() for a, b in zip(word, word[1:])):
        return _NO_IDS
    vocabulary = profiles().vocabulary
    padded = f" {word} "
    ids = []
    for n in (1, 2, 3):
        for start in range(len(padded) - n + 1):
            gram = padded[start : start + n]
            index = vocabulary.get(gram)
            if index is not None and gram != " ":
                ids.append(index)
    return np.asarray(ids, dtype=np.intp)


_NO_IDS = np.zeros(0, dtype=np.intp)


def log_likelihoods(text: str) -> tuple[np.ndarray, int]:
    """Per-language log-likelihood of `text`'s n-grams, and how many known n-grams it had.

    The vector is indexed like `profiles().languages`. A repeated word's n-grams are looked up
    once and weighted by its count: one gather and one matrix-vector product per text.
    """
    table = profiles().log_probabilities
    words = Counter(normalise(text).split())
    grams = [_word_ngrams(word) for word in words]
    ids = np.concatenate(grams) if grams else _NO_IDS
    if not len(ids):
        return np.zeros(table.shape[1], dtype=np.float64), 0
    counts = np.fromiter(words.values(), dtype=np.float32, count=len(words))
    weights = np.repeat(counts, [len(g) for g in grams])
    return (weights @ table[ids]).astype(np.float64), int(weights.sum())
