"""The learned line classifier: which lines of a page are furniture, and when not to say.

Rules name the lines that say what they are; the rest of a page's furniture (menus, sidebars,
related headlines, category labels) has to be told from the article by its shape and its place.
A logistic model over line features — length, function-word density, sentence punctuation,
link and menu look, digits and capitals, position, whether the line stands inside the article's
span, its neighbours, jusText's own verdict, and a few page-level facts — gives each line a
probability of being boilerplate. A second logistic model, the span model, then places each line
relative to the article as the first one sees it (`span_features`): a short headline far from
the article's stretch is furniture, the same line inside it a heading. Both were trained on real
pages with human-made gold main text (`eval/boilerplate/train.py`, development split only);
their weights are small data files.

A model fit on web pages has seen no poems, lyrics, tweets or hard-wrapped books, so it is only
asked where it has evidence (`has_evidence`), and otherwise the text is kept:

* the page must be English or Chinese (the languages with a stoplist): without function words
  the density features say nothing;
* it must have `MIN_LINES` lines besides those the rules found: a review, an e-mail or a post
  of a few lines has no furniture to tell from its content by place;
* it must hold article prose (at least one jusText *good* line) and lines that are not prose;
* it must not be a run of alike short lines (verse, comments, list rows) unless most of them are
  bare items without function words (menus), nor hard-wrapped prose
  or verse whose lines run on or end in commas: such lines are not blocks, and which one is
  furniture cannot be read from their shape.

A page is mostly furniture: where fewer than `MIN_FURNITURE_SHARE` of its lines are flagged, the
model removes none. Under `conservative`, a flagged line also needs a flagged or rule-found
neighbour and must not be a line of prose; items of a numbered list are always kept.

The policy sets the probability a line needs: `conservative` (the default) keeps content first,
`aggressive` takes more furniture at some cost in content; both thresholds were chosen on the
development split (docs/boilerplate.md gives the figures on the held-back split).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

import numpy as np

from corpusclean._boilerplate.context import (
    _CODE,
    _END,
    _MENU,
    BAD,
    GOOD,
    NEAR_GOOD,
    SHORT,
    _features,
    _initial_class,
    justext_pass,
    stopwords,
)
from corpusclean._data import DATA
from corpusclean._logistic import Logistic, load_logistic
from corpusclean._text.script import (
    HAN,
    LATIN,
    SCRIPTS,
    line_script_counts,
    script_counts,
)

Policy = Literal["conservative", "aggressive"]
POLICIES: tuple[Policy, ...] = ("conservative", "aggressive")
MODEL_FILE = DATA / "boilerplate_model.json"
SPAN_MODEL_FILE = DATA / "boilerplate_span_model.json"

FEATURES = (
    "log_length",
    "density",
    "sentence",
    "clauses",
    "linkish",
    "menu",
    "code",
    "known",
    "digits",
    "capitals",
    "han_share",
    "position",
    "top3",
    "bottom3",
    "in_article",
    "log_gap_to_good",
    "class_good",
    "class_near_good",
    "class_short",
    "class_bad",
    "justext_bad",
    "repeated",
    "prev_log_length",
    "next_log_length",
    "prev_sentence",
    "next_sentence",
    "prev_known",
    "next_known",
    "window_density",
    "window_sentence",
    "window_length",
    "page_good_share",
    "page_log_lines",
    "page_known_share",
)
"""The line model's inputs, in the order of its weights."""

SPAN_FEATURES = (
    *FEATURES,
    "span_inside",
    "span_log_distance",
    "span_mass_side",
    "span_mass_before",
    "span_mass_after",
    "line_logit",
    "window_p3",
    "window_p10",
    "window_inside5",
)
"""The span model's inputs: the line model's, then where the line stands relative to the page's
article as the line model sees it (see `span_features`)."""

WINDOW = 3
"""Lines on each side averaged for the window features."""
WIDE_WINDOW = 10
"""Lines on each side for the span model's wider mean of the line model's verdict."""
INSIDE_WINDOW = 5
"""Lines on each side for the share of lines inside the article's stretch."""
MIN_LINES = 10
"""Lines (besides those the rules found) a text needs to be judged as a page: a review, an
e-mail or a short post of a few lines has no furniture to tell from its content by place."""
MAX_RUN_ON_SHARE = 0.15
"""Share of line breaks that fall inside a sentence (no end mark, lower-case next line) from
which the text is hard-wrapped: its lines are not blocks, so their shape says nothing."""
MAX_VERSE_SHARE = 0.15
"""Share of lines ending in a comma or semicolon from which the text is verse (or a list of
clauses): page furniture never ends that way, poem lines often do."""

SHORT_WORDS = 8.0
"""A line shorter than this many words (Han at `HAN_WORD`) is short for the alike-lines gate."""
ALIKE_SHORT_SHARE = 0.7
"""Share of short lines above which a page counts as a run of alike short lines…"""
ALIKE_SPREAD = 0.6
"""…when their lengths also vary little (coefficient of variation below this)."""
MIN_BARE_SHARE = 0.5
"""Share of a text's short lines that are bare items — no function word, no sentence end
(`Home`, `World News`, `Sign up`) — from which alike short lines are a page's menus rather than
verse, comments or rows: the alike-lines gate then lets the model judge the page. On the dev
pages the gate refused, 90 % of them have at least 0.54; classical poems at most 0.27. Recipes
(ingredient lists) overlap (median 0.64), and are kept by the guards after the model (none of their
bytes go, docs/boilerplate.md)."""
MIN_ENGLISH_SHARE = 0.2
"""Share of a Latin-script page's words on the English stoplist below which the page is not
taken as English (English prose has about 0.4; German, French or romanised Hindi far less)."""

MIN_FURNITURE_SHARE = 0.3
"""Share of a page's non-blank lines the model (or a rule) must flag before any goes: a web page
is mostly furniture (86 % of the lines of the dev pages), a letter, a post or a poem in which a
few lines look like furniture is not a page."""

_WORD = re.compile(r"[^\W\d_]+")
_ITEM = re.compile(r"(\d{1,3})[.)、．]\s*\S")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def model() -> Logistic:
    """The shipped line model (`data/boilerplate_model.json`), read once per process."""
    return load_logistic(MODEL_FILE, FEATURES, "eval/boilerplate/train.py")


@lru_cache(maxsize=1)
def span_model() -> Logistic:
    """The shipped span model (`data/boilerplate_span_model.json`), read once per process; its
    thresholds are named by policy."""
    return load_logistic(SPAN_MODEL_FILE, SPAN_FEATURES, "eval/boilerplate/train.py")


def span_features(features: np.ndarray, known: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
    """`features` (one row per non-blank line, FEATURES order) with the SPAN_FEATURES added.

    An article is one stretch of a page; menus, sidebars and footers stand around it. A line
    the line model cannot place on its own (a short headline, a bare label) is told by where it
    stands relative to that stretch: the stretch of lines that maximises the sum of
    `0.5 - p(boilerplate)` (the line model's `probabilities`, rule-found lines at 1), how far the
    line is from it, how much of the page's content weight lies before and after it, and the
    line model's mean verdict around it."""
    p = np.where(known, 1.0, probabilities)
    n = len(p)
    score = 0.5 - p
    cumulative = np.r_[0.0, np.cumsum(score)]
    lowest = np.minimum.accumulate(cumulative)[:-1]
    end = int(np.argmax(cumulative[1:] - lowest))
    start = int(np.argmin(cumulative[: end + 1]))
    ranks = np.arange(n)
    distance = np.where(ranks < start, start - ranks, np.where(ranks > end, ranks - end, 0))
    weight = np.clip(score, 0.0, None)
    total = weight.sum() or 1.0
    before = np.r_[0.0, np.cumsum(weight)[:-1]] / total
    after = 1.0 - before - weight / total
    clipped = np.clip(p, 1e-4, 1 - 1e-4)
    inside = (distance == 0).astype(float)
    extra = np.column_stack(
        [
            inside,
            np.log1p(distance),
            np.minimum(before, after),
            before,
            after,
            np.log(clipped / (1 - clipped)),
            _window_means(p, WINDOW),
            _window_means(p, WIDE_WINDOW),
            _window_means(inside, INSIDE_WINDOW),
        ]
    )
    return np.hstack([features, extra])


def page_probabilities(lines: Sequence[str], known: Sequence[bool]) -> tuple[list[int], np.ndarray]:
    """The non-blank lines' indexes and each one's probability of being boilerplate under the
    span model (rule-found lines included; the caller leaves them to the rules)."""
    positions, features = line_features(lines, known)
    flags = np.array([bool(known[i]) for i in positions], dtype=bool)
    rows = span_features(features, flags, model().probabilities(features))
    return positions, span_model().probabilities(rows)


def _length(line: str) -> float:
    return _features(line)[0]


def _line_row(line: str, known: bool, han_share: float) -> list[float]:
    """The features of one line on its own: the first eleven of FEATURES, `log_length` to
    `han_share` (Han letters / letters, counted for the whole page at once by the caller)."""
    length, density, sentence, linkish = _features(line)
    words = _WORD.findall(line)
    latin = [w for w in words if w.isascii()]
    capitals = sum(w[0].isupper() for w in latin) / len(latin) if latin else 0.0
    stripped = line.strip()
    return [
        math.log1p(length),
        density,
        float(sentence),
        len(re.findall(r"[，。；、,;]", line)) / (1.0 + length),
        float(linkish),
        float(bool(_MENU.match(stripped))),
        float(len(_CODE.findall(line)) >= 3),
        float(known),
        len(_DIGIT.findall(line)) / max(1, len(stripped)),
        capitals,
        han_share,
    ]


def line_features(lines: Sequence[str], known: Sequence[bool]) -> tuple[list[int], np.ndarray]:
    """The non-blank lines' indexes and their feature rows (one row per line, FEATURES order)."""
    positions = [i for i, line in enumerate(lines) if line.strip()]
    n = len(positions)
    if not n:
        return positions, np.zeros((0, len(FEATURES)))
    texts = [lines[i] for i in positions]
    flags = [bool(known[i]) for i in positions]
    scripts = line_script_counts(texts)  # one pass over the page, not one per line
    han_shares = scripts[:, SCRIPTS.index(HAN)] / np.maximum(scripts.sum(axis=1), 1)
    base = np.array([_line_row(*row) for row in zip(texts, flags, han_shares.tolist())], dtype=float)
    classes = [BAD if flag else _initial_class(text) for text, flag in zip(texts, flags)]
    jt = justext_pass(lines, known)
    good = [rank for rank, cls in enumerate(classes) if cls == GOOD]
    first_good, last_good = (good[0], good[-1]) if good else (n, -1)
    gaps = _gaps(good, n)
    keys = [text.strip() for text in texts]
    repeats = Counter(keys)
    log_length, sentence, known_column, density = base[:, 0], base[:, 2], base[:, 7], base[:, 1]
    ranks = np.arange(n)
    cls = np.array(classes)
    before = np.r_[0, np.arange(n - 1)]  # the line above (rank 0: itself, masked below)
    after = np.r_[np.arange(1, n), n - 1]
    has_before, has_after = ranks > 0, ranks + 1 < n
    context = np.column_stack(
        [
            ranks / max(1, n - 1),
            ranks < 3,
            ranks >= n - 3,
            (first_good <= ranks) & (ranks <= last_good),
            np.log1p(np.array(gaps, dtype=float)),
            cls == GOOD,
            cls == NEAR_GOOD,
            cls == SHORT,
            cls == BAD,
            np.array([jt[p] for p in positions], dtype=float),
            np.array([repeats[key] > 1 for key in keys], dtype=float),
            np.where(has_before, log_length[before], 0.0),
            np.where(has_after, log_length[after], 0.0),
            np.where(has_before, sentence[before], 0.0),
            np.where(has_after, sentence[after], 0.0),
            np.where(has_before, known_column[before], 1.0),
            np.where(has_after, known_column[after], 1.0),
            _window_means(density, WINDOW),
            _window_means(sentence, WINDOW),
            _window_means(log_length, WINDOW),
        ]
    ).astype(float)
    page = [len(good) / n, math.log1p(n), float(known_column.mean())]
    return positions, np.hstack([base, context, np.tile(page, (n, 1))])


def _window_means(column: np.ndarray, window: int) -> np.ndarray:
    """Each row's mean of `column` over the lines within `window` of it (fewer at the edges)."""
    n = len(column)
    sums = np.r_[0.0, np.cumsum(column)]
    low = np.maximum(np.arange(n) - window, 0)
    high = np.minimum(np.arange(n) + window + 1, n)
    return (sums[high] - sums[low]) / (high - low)


def _gaps(good: list[int], n: int) -> list[int]:
    """For each rank, the distance in lines to the nearest good line (n when there is none)."""
    good_set = set(good)
    gaps = [n] * n
    for direction in (range(n), range(n - 1, -1, -1)):
        last = None
        for rank in direction:
            if rank in good_set:
                last = rank
            if last is not None:
                gaps[rank] = min(gaps[rank], abs(rank - last))
    return gaps


def has_evidence(lines: Sequence[str], known: Sequence[bool]) -> bool:
    """Whether the page is one the model can judge (see the module docstring): English or
    Chinese; at least `MIN_LINES` lines the rules left; article prose beside lines that are not
    prose; not a run of alike short lines; and not text whose lines are not blocks — hard-wrapped
    prose (lines that run on into a lower-case next line) or verse (lines ending in a comma).
    Alike short lines are judged after all when most of them are bare items (`MIN_BARE_SHARE`):
    menus, not verse. The tests run cheapest first: most clean text is turned away before its
    lines are classed."""
    texts = [line.strip() for line, flag in zip(lines, known) if line.strip() and not flag]
    if len(texts) < MIN_LINES:
        return False
    run_on = sum(not _END.search(a) and b[:1].islower() for a, b in itertools.pairwise(texts))
    verse = sum(text.endswith((",", ";", "，", "；")) for text in texts)
    if run_on >= MAX_RUN_ON_SHARE * (len(texts) - 1) or verse >= MAX_VERSE_SHARE * len(texts):
        return False
    if not _english_or_chinese(texts):
        return False
    lengths = np.array([_length(text) for text in texts])
    short = lengths < SHORT_WORDS
    if short.mean() >= ALIKE_SHORT_SHARE and lengths[short].std() < ALIKE_SPREAD * lengths[short].mean():
        bare = [_bare_item(text) for text, is_short in zip(texts, short) if is_short]
        if sum(bare) < MIN_BARE_SHARE * len(bare):
            return False
    classes = {_initial_class(text) for text in texts}
    return GOOD in classes and not classes <= {GOOD, NEAR_GOOD}


def _bare_item(text: str) -> bool:
    """A line with no function word and no sentence end: a menu item, a label, a name."""
    return _features(text)[1] == 0.0 and not _END.search(text)


def _english_or_chinese(texts: Sequence[str]) -> bool:
    """Whether most of the page's letters are Han, or Latin in English (function words)."""
    joined = "\n".join(texts)
    counts = script_counts(joined)
    letters = sum(counts.values())
    if counts[HAN] >= 0.5 * letters:
        return letters > 0
    if counts[LATIN] < 0.5 * letters:
        return False
    words = [w.lower() for w in _WORD.findall(joined) if w.isascii()]
    english = stopwords("en")
    return bool(words) and sum(w in english for w in words) / len(words) >= MIN_ENGLISH_SHARE


def numbered_items(texts: Sequence[str]) -> set[int]:
    """Ranks of lines that are items of a numbered list: a line numbered `k.`/`k)`/`k、` next to
    one numbered `k-1` or `k+1`. Menus and sidebars are not counted off; steps and rankings are."""
    numbers = [int(m.group(1)) if (m := _ITEM.match(text.strip())) else None for text in texts]
    items: set[int] = set()
    for rank in range(1, len(numbers)):
        before, current = numbers[rank - 1], numbers[rank]
        if before is not None and current == before + 1:
            items.update((rank - 1, rank))
    return items


def context_boilerplate(lines: Sequence[str], known: Sequence[bool], policy: Policy = "conservative") -> list[bool]:
    """For each line, whether the model calls it boilerplate under `policy` (rule-found lines
    are never returned here: the rules already name them). Without evidence, nothing is.

    Furniture comes in blocks (menus, sidebars, footers), so under `conservative` a flagged line
    goes only beside another flagged or rule-found line; a lone one among content is kept, and
    so is a line of prose (jusText's *good* class: long, function words, a sentence end), which
    the model may only place outside the article — an e-mail thread or a post's quoted text is
    prose outside the stretch it picks. Items of a numbered list (`numbered_items`) are the
    text's own structure and are always kept."""
    result = [False] * len(lines)
    if not has_evidence(lines, known):
        return result
    positions, probabilities = page_probabilities(lines, known)
    threshold = span_model().thresholds[policy]
    flagged = [bool(p >= threshold) or bool(known[i]) for i, p in zip(positions, probabilities)]
    if sum(flagged) < MIN_FURNITURE_SHARE * len(positions):
        return result
    listed = numbered_items([lines[i] for i in positions])
    for rank, index in enumerate(positions):
        if not flagged[rank] or known[index] or rank in listed:
            continue
        if policy == "conservative" and _initial_class(lines[index]) == GOOD:
            continue
        beside = (rank > 0 and flagged[rank - 1]) or (rank + 1 < len(positions) and flagged[rank + 1])
        result[index] = beside or policy == "aggressive"
    return result
