"""How much a string looks like real text: the judge between a line and its re-decodings.

Mojibake is text made of real characters in an order no writer produces: `鍗囦负鎶撴` instead of
`升为抓手`, `Ð¿Ñ€Ð¸` instead of `при`. A character-bigram model of real text (built from
third-party corpora by `scripts/build_plausibility.py`) tells the two apart without knowing the
language: the average log-probability per character of a garbled line is several nats below that
of the same line repaired.

Line boundaries are modelled too, as if a line were framed by a begin and an end marker:
P(first character | begin of line) and P(end of line | last character). They enter only when a
caller asks (`begin=`/`end=` of `logprob` and `between`): a character lost at the end of a line
has no right-hand neighbour, and only "lines end in `。`, not in `、`" can choose it. Without those
arguments every score is what the character and bigram counts alone give.

`rare_chars()` is the fast path: a line made only of characters the model knows well cannot be
improved by re-decoding often enough to be worth scoring, so the repairer skips it.
"""

from __future__ import annotations

import gzip
import math
from collections.abc import Sequence
from functools import cached_property, lru_cache

import numpy as np

from corpusclean._data import DATA

BIGRAM_WEIGHT = 0.6
"""Interpolation weight of P(b|a) against P(b): bigrams carry the order that mojibake breaks."""
UNKNOWN_COUNT = 0.05
"""Pseudo-count of a character the model never saw: far rarer than any seen character."""
COMMON_MIN_COUNT = 40
"""Characters seen at least this often are 'common': lines made only of them skip the search."""


class Model:
    """Character, bigram and line-boundary log-probabilities loaded from the packaged counts."""

    def __init__(
        self,
        chars: dict[str, int],
        bigrams: dict[str, int],
        total: int,
        boundaries: tuple[dict[str, int], dict[str, int], int] = ({}, {}, 0),
    ) -> None:
        """`boundaries`: (lines beginning with c, lines ending with c, lines counted)."""
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
        begins, ends, lines = boundaries
        self.begin = {  # log P(c | begin of line), interpolated like a bigram
            c: math.log(BIGRAM_WEIGHT * n / lines + (1 - BIGRAM_WEIGHT) * chars[c] / total)
            for c, n in begins.items()
        }
        line_end = lines / total  # the end marker's share, were it a character
        self.end = {  # log P(end of line | c), interpolated like a bigram
            c: math.log(BIGRAM_WEIGHT * n / chars[c] + (1 - BIGRAM_WEIGHT) * line_end)
            for c, n in ends.items()
        }
        self.end_backoff = math.log((1 - BIGRAM_WEIGHT) * line_end) if lines else 0.0

    def logprob(self, text: str, *, begin: bool = False, end: bool = False) -> float:
        """Total log-probability of `text` (first character by unigram, the rest by bigram).

        `begin`: `text` starts a line (its first character is scored after the begin marker);
        `end`: `text` ends a line (the end marker is scored after its last character).
        """
        if not text:
            return 0.0
        unigram, bigram, backoff, unknown = self.unigram, self.bigram, self.backoff, self.unknown
        total = self.first(text[0]) if begin else unigram.get(text[0], unknown)
        for i in range(1, len(text)):
            pair = text[i - 1 : i + 1]
            value = bigram.get(pair)
            if value is None:
                value = backoff.get(text[i], unknown)
            total += value
        return total + self.last(text[-1]) if end else total

    def between(
        self,
        before: str,
        options: tuple[str, ...],
        after: str,
        *,
        begin: bool = False,
        end: bool = False,
    ) -> list[float]:
        """`logprob(before + ch + after)` for each one-character `ch` of `options`, less the
        part they share (`before`'s own probability): for choosing a lost character.

        `begin` (with `before` empty): `ch` starts the line; `end` (with `after` empty): `ch`
        ends it — then the line boundary is `ch`'s other neighbour.
        """
        at_end = end and not after
        scores = []
        for ch in options:
            if not before:
                value = self.first(ch) if begin else self.unigram.get(ch, self.unknown)
            else:
                value = self.pair(before, ch)
            if after:
                value += self.pair(ch, after)
            elif at_end:
                value += self.last(ch)
            scores.append(value)
        return scores

    def pair(self, previous: str, ch: str) -> float:
        """log P(ch | previous character), as `logprob` scores each pair (unigram back-off)."""
        value = self.bigram.get(previous + ch)
        return self.backoff.get(ch, self.unknown) if value is None else value

    def first(self, ch: str) -> float:
        """log P(ch | begin of line), backing off like a bigram."""
        value = self.begin.get(ch)
        return self.backoff.get(ch, self.unknown) if value is None else value

    def transitions(self, previous: Sequence[str], chars: Sequence[str]) -> np.ndarray:
        """log P(c | p) for every `p` of `previous` (rows) and `c` of `chars` (columns), as
        `logprob` scores each pair: for decoders that weigh many candidates at once."""
        ids, keys, values = self._pair_arrays
        width = len(ids) + 1
        rows = np.array([ids.get(p, -1) for p in previous], dtype=np.int64)
        columns = np.array([ids.get(c, -1) for c in chars], dtype=np.int64)
        wanted = (rows[:, None] + 1) * width + (columns[None, :] + 1)
        found = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        defaults = np.array([self.backoff.get(c, self.unknown) for c in chars])
        return np.where(keys[found] == wanted, values[found], defaults[None, :])

    @cached_property
    def _pair_arrays(self) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
        """(character ids, sorted pair keys, their log-probabilities) for `transitions`; a
        character the model never saw (id −1) is in no pair."""
        ids = {c: i for i, c in enumerate(self.unigram)}
        width = len(ids) + 1
        keyed = sorted(
            ((ids[pair[0]] + 1) * width + ids[pair[1]] + 1, value)
            for pair, value in self.bigram.items()
        )
        keys = np.array([key for key, _ in keyed], dtype=np.int64)
        return ids, keys, np.array([value for _, value in keyed])

    def last(self, ch: str) -> float:
        """log P(end of line | ch)."""
        return self.end.get(ch, self.end_backoff)

    def score(self, text: str) -> float:
        """Average log-probability per character (0 for empty text): higher is more plausible."""
        return self.logprob(text) / len(text) if text else 0.0


@lru_cache(maxsize=1)
def model() -> Model:
    """The packaged model (loaded once, on first use)."""
    tables: dict[str, dict[str, int]] = {"1": {}, "2": {}, "<": {}, ">": {}}
    totals = {"#total": 1, "#lines": 0}
    raw = (DATA / "plausibility.tsv.gz").read_bytes()
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        kind, _, rest = line.partition("\t")
        if kind in totals:
            totals[kind] = int(rest)
        else:
            key, _, value = rest.rpartition("\t")
            tables[kind][key] = int(value)
    boundaries = (tables["<"], tables[">"], totals["#lines"])
    return Model(tables["1"], tables["2"], totals["#total"], boundaries)


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
