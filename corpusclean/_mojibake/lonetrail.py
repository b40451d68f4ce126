"""Lone trail bytes: a GBK/Big5 frame shift that leaves one ASCII character between CJK ones.

When a double-byte stream loses one byte just before a character whose trail byte is ASCII
(0x40–0x7E: `@`, `A`–`Z`, `[`, `a`–`z`, `~` …), the reading falls back into step at once and the
only trace is that character, read alone (`三位` → `T位`, `工程` after `昌` → `岸u程`). Three
mistakes make it:

* **lead dropped** (`A`): the trail byte `L` is all that is left of its character (`三` =
  `A4 54`, `A4` lost → `T`); the characters around it are intact;
* **trail dropped** (`C`): the character before it, `X`, is made of the lead of the damaged
  character `Y` and the lead of the next one, `Z`, whose trail is `L` (`昌工` = `A9 F7 A4 75`,
  `F7` lost → `岸` `u`): `Z` is known exactly, `Y` only by its lead;
* **lead dropped one character earlier**: `X` is made of the *trail* of `Y` and the lead of `Z`
  (`束前` = `A7 F4 AB 65`, `A7` lost → `糮e`): the same repair (`Z` known, `Y` marked), `Y`
  known only by its trail. Both are one reading, "`X` glued" (`Reading.trail_dropped`), whose
  candidates for `Y` are the characters with `X`'s first byte as their lead or as their trail.

The frame-shift search (`_mojibake.frameshift`) leaves these alone: the bigram model cannot tell
the lost character apart (on the dev split a 5-nat margin still guessed 14% of them wrong), and
clean text holds lone letters between CJK characters too (`A股`, `X戰警`, `好吃~下次`). So
the decision is only whether the site is a dropped byte, taken by a logistic model fitted on
real labelled sites (`eval/mojibake/fit_lone_trail.py`: frame shifts of the dev split's lines
against every such site in the clean training records of the corpora), and the damaged
character is never guessed: it becomes U+FFFD (and `Z` comes back), as issue #22's rule asks.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

import regex

from corpusclean._mojibake import webcodecs  # noqa: F401  (registers `web-big5`)
from corpusclean._mojibake.frameshift import (
    MARK,
    MAX_CHARS,
    FrameRepair,
    _bytes,
    _characters,
)
from corpusclean._text.plausibility import model

CODECS = ("gb18030", "cp950", "web-big5")
"""Double-byte codecs whose dropped byte may leave a lone trail byte (GBK, Big5 by Windows and
by browsers)."""
_CJK_CLASS = r"\p{Han}\p{Hiragana}\p{Katakana}\u3000-\u303f\ufe30-\ufe6f\uff00-\uffef"
SITE = regex.compile(rf"(?<=[{_CJK_CLASS}])[\x40-\x7e](?=[{_CJK_CLASS}]|$)")
"""An ASCII character 0x40–0x7E between CJK characters or punctuation (or before the line's
end): where a lone trail byte shows. The punctuation includes the vertical and small forms
(U+FE30–U+FE6F) that Big5 reads two punctuation marks glued by a dropped byte as (`」。` =
`A1 76 A1 43`, `76` lost → `﹛C`)."""
KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
LEADS = range(0x81, 0xFF)
TRAILS = tuple(value for value in range(0x40, 0xFF) if value != 0x7F)
FEATURES = ("evidence", "symbol", "kana", "sites", "trail_dropped", "lower")
"""What the model weighs for one site: the evidence of its best reading (nats: how much more
likely the window is with some character of the codec lost there than as it stands, summed
over every candidate for that character), whether the lone character is a symbol (`~`, `[`, `|`, `_` stand between CJK words in clean text: `好吃~下次`,
`[书香]`), whether the line holds kana (Japanese text has lone letters and symbols of its own: `ナノセイルD`),
how many sites the line holds (up to `MAX_SITES`: one dropped byte makes one, clean text with
letters between CJK characters often several, `F·不二雄`), and whether the best reading drops
a trail byte (two characters change, and `Z` is known exactly) rather than a lead, and whether
it is a lower-case letter (22 of the dev split's 499 clean sites are, against a third of the
dropped-byte sites: a trail byte is as often `a`–`z` as `A`–`Z`, clean CJK text mostly spells
lone letters in capitals, `A級`, `X戰警`).

Evidence summed over the candidates, not the best one's gain: a lone letter after which many
characters of the codec would fit (`三位` → `T位`, where `三`, `不`, `且`… all read well) is
more likely a lost byte than one where a single rare character barely wins (what each feature
gained on the dev split: docs/mojibake.md)."""
MAX_SITES = 3
WEIGHTS = (0.78, -1.73, -1.74, -4.27, 1.66, 3.41)
INTERCEPT = 0.2
"""Logistic weights of `FEATURES` fitted by `eval/mojibake/fit_lone_trail.py` (dev split)."""
MIN_PROBABILITY = 0.99
"""A site is repaired from this probability on: above every clean site of the dev split
(`字母w` comes closest)."""


RIVAL_GAP = 2.0
"""Nats within which a reading that repairs the site differently makes it undecided (left as
it is)."""


class Reading(NamedTuple):
    """The better of the two mistakes at one site, for one codec."""

    trail_dropped: bool
    codec: str
    gain: float
    """log P(the repaired window) − log P(the window as it is), the lost character's best
    candidate standing in for it."""
    evidence: float
    """The same with P(the repaired window) summed over every candidate for the lost
    character: how likely the window is with some character lost there."""
    known: str
    """`Z` when the trail was dropped (the character after the lost one), else empty."""


def lone_trail_repair(line: str) -> FrameRepair | None:
    """The most likely lone-trail site of `line` turned into U+FFFD (+ `Z`), or None. Lines over
    `MAX_CHARS` are not searched, as in the frame search."""
    if len(line) > MAX_CHARS:
        return None
    sites = [match.start() for match in SITE.finditer(line)]
    codecs = possible_codecs(line) if sites else []
    best: tuple[float, int, Reading] | None = None
    for index in sites:
        found = features(line, index, len(sites), codecs)
        if found is None:
            continue
        values, reading = found
        probability = _probability(values)
        if (
            probability >= MIN_PROBABILITY
            and (best is None or probability > best[0])
            and not _ambiguous(line, index, codecs, reading)
        ):
            best = (probability, index, reading)
    if best is None:
        return None
    _, index, reading = best
    start = index - 1 if reading.trail_dropped else index
    repaired = MARK + reading.known
    return FrameRepair(start, index + 1, repaired, reading.gain, reading.codec, repaired, 0.0, repaired)


def possible_codecs(line: str) -> list[str]:
    """The `CODECS` that can have decoded `line`: every character of it is one the codec reads
    from at most two bytes (U+FFFD aside, which stands for lost bytes)."""
    chars = set(line)
    return [
        codec
        for codec in CODECS
        if all(ch == MARK or 0 < len(_bytes(codec, ch)) <= 2 for ch in chars)
    ]


def features(
    line: str, index: int, sites: int, codecs: list[str]
) -> tuple[list[float], Reading] | None:
    """The `FEATURES` of the site at `line[index]` (one of `sites` in the line) and its best
    reading over `codecs` (`possible_codecs(line)`), or None when none of them can make it."""
    readings = [reading for codec in codecs for reading in _readings(line, index, codec)]
    if not readings:
        return None
    reading = max(readings, key=lambda found: found.evidence)
    values = [
        reading.evidence,
        float(not line[index].isalnum()),
        float(KANA.search(line) is not None),
        float(min(sites, MAX_SITES)),
        float(reading.trail_dropped),
        float(line[index].islower()),
    ]
    return values, reading


def _ambiguous(line: str, index: int, codecs: list[str], reading: Reading) -> bool:
    """True if another reading of the site (the other mistake, or another codec's `Z`) comes
    within `RIVAL_GAP` nats of `reading`'s evidence and would repair it differently: a
    Traditional line GBK can also hold reads `汛_` as `�確` through GBK and `�寶` through Big5."""
    return any(
        (other.trail_dropped, other.known) != (reading.trail_dropped, reading.known)
        and other.evidence >= reading.evidence - RIVAL_GAP
        for codec in codecs
        for other in _readings(line, index, codec)
    )


def _probability(values: list[float]) -> float:
    """The logistic model's probability that the site is a dropped byte."""
    logit = INTERCEPT + sum(weight * value for weight, value in zip(WEIGHTS, values))
    return 1.0 / (1.0 + math.exp(-logit))


def _readings(line: str, index: int, codec: str) -> list[Reading]:
    """The mistakes at the site `line[index]` as far as `codec` can make them."""
    m = model()
    trail, before = line[index], line[index - 1]
    after = line[index + 1 : index + 2]
    first = line[index - 2 : index - 1]

    def closing(ch: str) -> float:
        return m.pair(ch, after) if after else m.last(ch)

    def opening(ch: str) -> float:
        return m.pair(first, ch) if first else m.first(ch)

    found = []
    as_is = m.pair(before, trail) + closing(trail)
    lost = _with_trail(codec, ord(trail))
    if lost:
        scores = [m.pair(before, ch) + closing(ch) for ch in lost]
        found.append(Reading(False, codec, max(scores) - as_is, _logsumexp(scores) - as_is, ""))
    data = _bytes(codec, before)
    if len(data) == 2:
        known = _characters([bytes([data[1], ord(trail)])], codec)
        lost = _with_lead(codec, data[0]) + _with_trail(codec, data[0])
        if known and lost:
            z = known[0]
            scores = [opening(ch) + m.pair(ch, z) for ch in lost]
            base = opening(before) + as_is - closing(z)
            found.append(Reading(True, codec, max(scores) - base, _logsumexp(scores) - base, z))
    return found


def _logsumexp(values: list[float]) -> float:
    """log Σ exp(values), for a non-empty list."""
    top = max(values)
    return top + math.log(sum(math.exp(value - top) for value in values))


@lru_cache(maxsize=1024)
def _with_trail(codec: str, trail: int) -> tuple[str, ...]:
    """Characters whose trail byte is `trail`: what a lone trail byte's lead may have made."""
    return _characters([bytes([lead, trail]) for lead in LEADS], codec)


@lru_cache(maxsize=1024)
def _with_lead(codec: str, lead: int) -> tuple[str, ...]:
    """Characters whose lead byte is `lead`: what a lead byte whose trail was lost may have made."""
    return _characters([bytes([lead, trail]) for trail in TRAILS], codec)
