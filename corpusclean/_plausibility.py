"""How much a string looks like real text: the judge between a line and its re-decodings.

Mojibake is text made of real characters in an order no writer produces: `鍗囦负鎶撴` instead of
`升为抓手`, `Ð¿Ñ€Ð¸` instead of `при`. A character-bigram model of real text (built from
third-party corpora by `data/build_plausibility.py`) tells the two apart without knowing the
language: the average log-probability per character of a garbled line is several nats below that
of the same line repaired.

`rare_chars()` is the fast path: a line made only of characters the model knows well cannot be
improved by re-decoding often enough to be worth scoring, so the repairer skips it.
"""

from __future__ import annotations

import gzip
import math
from functools import lru_cache
from importlib import resources

BIGRAM_WEIGHT = 0.6
"""Interpolation weight of P(b|a) against P(b): bigrams carry the order that mojibake breaks."""
UNKNOWN_COUNT = 0.05
"""Pseudo-count of a character the model never saw: far rarer than any seen character."""
COMMON_MIN_COUNT = 40
"""Characters seen at least this often are 'common': lines made only of them skip the search."""


class Model:
    """Character and bigram log-probabilities loaded from the packaged counts."""

    def __init__(self, chars: dict[str, int], bigrams: dict[str, int], total: int) -> None:
        self.total = total
        self.char_counts = chars
        self.unigram = {c: math.log(n / total) for c, n in chars.items()}
        self.unknown = math.log(UNKNOWN_COUNT / total)
        self.bigram = {
            pair: math.log(
                BIGRAM_WEIGHT * n / chars[pair[0]] + (1 - BIGRAM_WEIGHT) * chars[pair[1]] / total
            )
            for pair, n in bigrams.items()
        }
        self.backoff = {c: math.log(1 - BIGRAM_WEIGHT) + lp for c, lp in self.unigram.items()}

    def logprob(self, text: str) -> float:
        """Total log-probability of `text` (first character by unigram, the rest by bigram)."""
        if not text:
            return 0.0
        unigram, bigram, backoff, unknown = self.unigram, self.bigram, self.backoff, self.unknown
        total = unigram.get(text[0], unknown)
        for i in range(1, len(text)):
            pair = text[i - 1 : i + 1]
            value = bigram.get(pair)
            if value is None:
                value = backoff.get(text[i], unknown)
            total += value
        return total

    def between(self, before: str, options: tuple[str, ...], after: str) -> list[float]:
        """`logprob(before + ch + after)` for each one-character `ch` of `options`, less the
        part they share (`before`'s own probability): for choosing a lost character."""
        bigram, backoff, unknown = self.bigram, self.backoff, self.unknown
        first = self.unigram if not before else None
        scores = []
        for ch in options:
            if first is not None:
                value = first.get(ch, unknown)
            else:
                value = bigram.get(before + ch)
                if value is None:
                    value = backoff.get(ch, unknown)
            if after:
                follow = bigram.get(ch + after)
                value += backoff.get(after, unknown) if follow is None else follow
            scores.append(value)
        return scores

    def score(self, text: str) -> float:
        """Average log-probability per character (0 for empty text): higher is more plausible."""
        return self.logprob(text) / len(text) if text else 0.0


@lru_cache(maxsize=1)
def model() -> Model:
    """The packaged model (loaded once, on first use)."""
    chars: dict[str, int] = {}
    bigrams: dict[str, int] = {}
    total = 1
    raw = resources.files("corpusclean.data").joinpath("plausibility.tsv.gz").read_bytes()
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        kind, _, rest = line.partition("\t")
        key, _, value = rest.rpartition("\t")
        if kind == "#total":
            total = int(rest)
        elif kind == "1":
            chars[key] = int(value)
        else:
            bigrams[key] = int(value)
    return Model(chars, bigrams, total)


def score(text: str) -> float:
    """Average log-probability per character of `text` under the packaged model."""
    return model().score(text)


@lru_cache(maxsize=1)
def _common_table() -> dict[int, None]:
    """`str.translate` table deleting ASCII and every common character."""
    table: dict[int, None] = dict.fromkeys(range(128))
    table.update(
        dict.fromkeys(ord(c) for c, n in model().char_counts.items() if n >= COMMON_MIN_COUNT)
    )
    return table


def rare_chars(text: str) -> str:
    """The characters of `text` that are neither ASCII nor common in real text (C speed).

    A line with none is plausible as it stands: the repairer's fast path skips it.
    """
    return text.translate(_common_table())


def rare_count(text: str) -> int:
    """How many characters of `text` are neither ASCII nor common in real text."""
    return len(rare_chars(text))
