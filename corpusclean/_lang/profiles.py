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
decided by script (see `_lang/tagger.py`), because their Han n-grams are where langdetect goes wrong.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import regex

SCRIPT_DECIDED = ("ja", "ko", "zh-cn", "zh-tw")
"""langdetect languages that `_lang.tagger` decides by script, so they get no statistical column."""

NAME_WEIGHT = 0.5
"""How much a capitalised word after the first counts (see `log_likelihoods`)."""

SMOOTHING = 0.5 / 10000
"""langdetect's default `alpha / BASE_FREQ`: the floor every language gets for an n-gram."""

_URL = re.compile(r"https?://[-_.?&~;+=/#0-9A-Za-z]{1,2076}")
_CAPITAL_RUN_WORD = regex.compile(r"(?<!\S)\S*\p{Lu}\p{Lu}\S*")
"""A whole word (a run of non-spaces) holding two capitals in a row. Anchored at the word's start:
unanchored, the same matches cost a scan to the word's end from every letter of every word."""
_CAPITAL_PAIR = regex.compile(r"\p{Lu}\p{Lu}")
"""The gate before `_CAPITAL_RUN_WORD`: most texts hold no two capitals in a row, so no such word."""
_NAME = regex.compile(r"(?<=\S\s+)\p{Lu}\S*")
_MAIL = re.compile(r"[-_.0-9A-Za-z]{1,64}@[-_0-9A-Za-z]{1,255}[-_.0-9A-Za-z]{1,255}")


def _profiles_directory() -> Path:
    import langdetect

    return Path(langdetect.__file__).parent / "profiles"


class Profiles:
    """The n-gram vocabulary and the (n-grams × languages) log-probability matrix."""

    def __init__(self) -> None:
        directory = _profiles_directory()
        names = sorted(p.name for p in directory.iterdir() if not p.name.startswith("."))
        self.languages: tuple[str, ...] = tuple(n for n in names if n not in SCRIPT_DECIDED)
        vocabulary: dict[str, int] = {}
        rows: list[int] = []
        columns: list[int] = []
        values: list[float] = []
        for column, name in enumerate(self.languages):
            profile = json.loads((directory / name).read_text(encoding="utf-8"))
            totals = profile["n_words"]
            for gram, count in profile["freq"].items():
                if 1 <= len(gram) <= 3:
                    rows.append(vocabulary.setdefault(gram, len(vocabulary)))
                    columns.append(column)
                    values.append(count / totals[len(gram) - 1])
        keys = np.fromiter((gram_key(gram) for gram in vocabulary), np.int64, len(vocabulary))
        order = np.argsort(keys)
        matrix = np.zeros((len(vocabulary) + 1, len(self.languages)), dtype=np.float64)
        matrix[rows, columns] = values
        self.keys = keys[order]
        """Every n-gram's `gram_key`, sorted: row i of the matrix belongs to keys[i]."""
        self.unknown = len(vocabulary)
        """The row of every n-gram no profile has: all zeros, so it scores nothing."""
        self.log_probabilities = np.log(matrix[np.append(order, self.unknown)] + SMOOTHING)
        self.log_probabilities[self.unknown] = 0.0
        self.log_probabilities = self.log_probabilities.astype(np.float32)
        self._restricted: dict[tuple[str, ...], np.ndarray] = {}

    def column(self, language: str) -> int:
        """The matrix column of `language` (a langdetect code)."""
        return self.languages.index(language)

    def matrix(self, languages: tuple[str, ...] | None = None) -> np.ndarray:
        """The log-probability matrix, or its columns of `languages` only (in that order; made once
        per tuple): a text known to be in one script family is scored against that family's
        languages alone, a smaller gather (29 of the 51 columns for Latin)."""
        if languages is None:
            return self.log_probabilities
        if languages not in self._restricted:
            columns = [self.column(language) for language in languages]
            self._restricted[languages] = np.ascontiguousarray(self.log_probabilities[:, columns])
        return self._restricted[languages]


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


def gram_key(gram: str) -> int:
    """An n-gram (n <= 3) as one integer: its code points, 21 bits each.

    Keys of different lengths never collide, because normalised text has no code point below
    the space (32), so every 2-gram key is above every 1-gram key and likewise for 3-grams.
    """
    key = 0
    for ch in gram:
        key = key << 21 | ord(ch)
    return key


def log_likelihoods(text: str, languages: tuple[str, ...] | None = None) -> tuple[np.ndarray, int]:
    """Per-language log-likelihood of `text`'s n-grams, and how many known n-grams it had.

    The vector is indexed like `languages`, or like `profiles().languages` when None. The n-grams are langdetect's: the 1-3
    character substrings of each space-padded word (a lone space excluded). Words with two
    capitals in a row (acronyms, shouting) are skipped as langdetect skips them, unless the text
    has nothing else (an all-caps heading is scored in lower case). Capitalised words after the
    first count `NAME_WEIGHT`: they are often names ("Manchester City" in a Thai or Danish
    sentence), which say little about the language around them.
    """
    normal = normalise(text)
    kept = _CAPITAL_RUN_WORD.sub(" ", normal) if _CAPITAL_PAIR.search(normal) else normal
    if not kept.strip():
        kept = normal.lower()
    names = _NAME.findall(kept)
    matrix = profiles().matrix(languages)
    likelihood, known = _score(_NAME.sub(" ", kept).split(), matrix)
    if names:
        name_likelihood, name_known = _score(names, matrix)
        likelihood += NAME_WEIGHT * name_likelihood
        known += name_known
    return likelihood, known


def _score(words: list[str], matrix: np.ndarray) -> tuple[np.ndarray, int]:
    """Summed log-probabilities (rows of `matrix`, one of `Profiles.matrix`) of the n-grams of
    `words`, and how many were in a profile.

    All of it works on arrays of code points: keys are built with shifts, looked up with one
    `searchsorted` in the sorted vocabulary, and summed in one gather.
    """
    table = profiles()
    if not words:
        return np.zeros(matrix.shape[1], dtype=np.float64), 0
    padded = " " + " ".join(words) + " "
    codes = np.frombuffer(padded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    letter = codes != 32
    pairs = codes[:-1] << 21 | codes[1:]
    keys = np.concatenate([codes[letter], pairs, (pairs[:-1] << 21 | codes[2:])[letter[1:-1]]])  # 1-, 2-, 3-grams
    rows = np.searchsorted(table.keys, keys)
    rows[table.keys.take(rows, mode="clip") != keys] = table.unknown
    known = int(np.count_nonzero(rows != table.unknown))
    return matrix.take(rows, axis=0).sum(axis=0, dtype=np.float64), known  # take: faster than [rows]
