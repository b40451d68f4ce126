"""A jusText-style context classifier over plain-text lines, for Chinese as well as English.

Rules catch the lines that announce themselves (©, ICP备, 服务热线); most boilerplate does not:
menus, tag clouds, related-article lists, sidebars. jusText (Pomikálek 2011) tells them apart by
what prose has and they lack — length, function words, sentence punctuation, few links — and then
by context: a short line between two article paragraphs is a heading of the article, a short line
among menu items is a menu item. jusText works on HTML blocks and has no Chinese stoplist; here
the blocks are the lines of plain text, and Chinese gets a stoplist of frequent characters counted
from real Chinese text (`scripts/build_boilerplate_stopwords.py`) and a length measured in words
(one Han character counts as `HAN_WORD` of a word).

Nothing here removes a line any more: the line classes and the context verdict
(`justext_pass`) are features of the learned model (`_boilerplate.model`), which decides. The
verdict calls nothing boilerplate in a text without article prose (no *good* line).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

from corpusclean._data import DATA
from corpusclean._text.script import han_count, traditional_to_simplified_table

HAN_WORD = 0.6
"""Words per Han character: an English word is about 6 characters with its space, a Chinese word
about 1.6 characters, so 10 Han characters carry about as much as 6 English words."""
LENGTH_LOW = 8.0
"""Lines shorter than this many words are *short*: their class comes from their neighbours."""
LENGTH_HIGH = 30.0
"""Lines at least this long with enough function words are *good* even without punctuation."""
STOP_LOW = 0.05
STOP_HIGH = 0.32
"""Function-word density (share of words, or of Han characters, on the stoplist) below which a line
is not prose (`STOP_LOW`), and above which a line is prose (`STOP_HIGH`). jusText uses 0.30/0.32;
the low bound of 0.05 (any function words at all) was chosen on the evaluation pages
(docs/boilerplate.md), because losing article lines costs more than keeping a menu line."""
TITLE_LINES = 3
"""The first lines of a text are where its title and subtitle stand; context alone never removes
them (a rule or a one-line menu still can): a lost title is worse than a kept site name."""

MIN_RUN = 3
"""Bare lines in a row (rule-found lines included) that make a sidebar or link column."""

GOOD, NEAR_GOOD, SHORT, BAD = "good", "near-good", "short", "bad"

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_LINKISH = re.compile(r"https?://|www\.|\S+@\S+\.\w|\(\d+\)\s*$|^\W*\d+\s+(?:comments?|replies|views)\b")
_END = re.compile(r"[.!?。！？…:：;；\"”」』)）]\s*$")
_CLAUSE = re.compile(r"[，。；、,;]")
_CODE = re.compile(r"[;{}]|</?[a-z]+[ >]|\w\(|\)\.|=\s*[\"'\w]")
_MENU = re.compile(r"^(?:\S{1,12}(?:\s{2,}|\s*[|｜/·•]\s*)){2,}\S{1,12}$")


@cache
def stopwords(language: str) -> frozenset[str]:
    """The stoplist (`en` words or `zh` Han characters) built from real corpus counts."""
    path = DATA / f"boilerplate_stopwords_{language}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("\t")[0] for line in lines if line and not line.startswith("#"))


@cache
def _chinese_stop_characters() -> frozenset[str]:
    """Every character whose Simplified form (`to_simplified_chars`, which maps each character on
    its own) is on the Chinese stoplist: a line's stop characters are counted without folding it."""
    chinese = stopwords("zh")
    folds = traditional_to_simplified_table()
    return frozenset(
        {ch for ch in chinese if folds.get(ord(ch), ch) in chinese}
        | {chr(code) for code, simplified in folds.items() if simplified in chinese}
    )


@lru_cache(maxsize=1 << 16)
def _features(line: str) -> tuple[float, float, bool, bool]:
    """(length in words, stopword density, ends like a sentence, looks like a link or counter).

    A menu written on one line ('新闻  国际  社会', 'Home | About | Contact') counts as a link."""
    han = han_count(line)
    words = _WORD.findall(line.lower())
    english = stopwords("en")
    stops = sum(word in english for word in words)
    if han:  # the Chinese stoplist holds only Han characters
        chinese = _chinese_stop_characters()
        stops += sum(ch in chinese for ch in line)
    units = len(words) + han
    length = len(words) + HAN_WORD * han
    density = stops / units if units else 0.0
    sentence = bool(_END.search(line)) or (han > 0 and bool(_CLAUSE.search(line)))
    return length, density, sentence, bool(_LINKISH.search(line))


@lru_cache(maxsize=1 << 16)
def _initial_class(line: str) -> str:
    """jusText's context-free class of one line (cached: the evidence gate, the line features and
    the context pass all ask, in each round of the step)."""
    length, density, sentence, linkish = _features(line)
    if (linkish and length < LENGTH_HIGH) or _MENU.match(line.strip()):
        return BAD
    if len(_CODE.findall(line)) >= 3:
        return NEAR_GOOD  # program code has no function words; its neighbours decide
    if length < LENGTH_LOW:
        return SHORT
    if density >= STOP_HIGH and (sentence or length >= LENGTH_HIGH):
        return GOOD
    if density >= STOP_LOW and (sentence or length >= LENGTH_LOW):
        return NEAR_GOOD
    return BAD


def _neighbours(classes: list[str], skip: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """For each line, the class of the nearest line before and after it whose class is not in
    `skip` (past the edges: bad). Linear time, so long menus cost no more than short ones."""
    before: list[str] = []
    last = BAD
    for cls in classes:
        before.append(last)
        if cls not in skip:
            last = cls
    after: list[str] = []
    last = BAD
    for cls in reversed(classes):
        after.append(last)
        if cls not in skip:
            last = cls
    return before, after[::-1]


def _revise(classes: list[str], known: list[bool], sentences: list[bool]) -> list[str]:
    """jusText's context pass: headings, short lines and near-good lines take their neighbours' class."""
    revised = list(classes)
    next_unknown = BAD  # class of the next line the rules did not find
    for index in range(len(classes) - 1, -1, -1):
        if classes[index] == SHORT and next_unknown == GOOD:
            revised[index] = NEAR_GOOD  # a heading: the next line the rules left is article prose
        if not known[index]:
            next_unknown = classes[index]
    classes = revised
    revised = list(classes)
    solid_before, solid_after = _neighbours(classes, (SHORT, NEAR_GOOD))
    any_before, any_after = _neighbours(classes, (SHORT,))
    for index, cls in enumerate(classes):
        if cls != SHORT:
            continue
        if solid_before[index] == solid_after[index]:
            revised[index] = solid_before[index]
        else:  # good on one side, bad on the other: a short sentence belongs to the good side
            near = NEAR_GOOD in (any_before[index], any_after[index])
            revised[index] = GOOD if near or sentences[index] else BAD
    classes = revised
    revised = list(classes)
    before, after = _neighbours(classes, (NEAR_GOOD,))
    for index, cls in enumerate(classes):
        if cls == NEAR_GOOD:
            revised[index] = BAD if before[index] == after[index] == BAD else GOOD
    return revised


def _bare(line: str) -> bool:
    """A line that does not end like a sentence and is too short to be prose on its own."""
    return not _END.search(line) and _features(line)[0] < LENGTH_HIGH


def _furniture_runs(lines: Sequence[str], positions: list[int], known: Sequence[bool], classes: list[str]) -> set[int]:
    """Lines in runs of at least `MIN_RUN` bare lines that reach the page edge, or that hold a
    rule-found line and do not lead into article prose.

    Sidebars of related headlines, tag lists and link columns are runs of short lines without
    sentence punctuation that sit against the page's edge or its footer; a run of headings and
    hatnotes that leads into a paragraph is part of the article. Each headline may read
    like prose, so jusText keeps them; the run and where it stands give them away. The last line
    of a run directly followed by article prose is its heading and stays.
    """
    flagged: set[int] = set()
    run: list[int] = []  # ranks in `positions`
    for rank in range(len(positions) + 1):
        index = positions[rank] if rank < len(positions) else None
        if index is not None and (known[index] or _bare(lines[index])):
            run.append(rank)
            continue
        at_edge = run and (run[0] == 0 or index is None)
        into_prose = index is not None and classes[rank] in (GOOD, NEAR_GOOD)
        if len(run) >= MIN_RUN and (at_edge or (any(known[positions[r]] for r in run) and not into_prose)):
            if index is not None and classes[rank] == GOOD:
                run = run[:-1]
            flagged.update(positions[r] for r in run if not known[positions[r]])
        run = []
    return flagged


def justext_pass(lines: Sequence[str], known: Sequence[bool]) -> list[bool]:
    """For each line, whether jusText's context pass (with the sidebar-run addition) calls it
    boilerplate. One of the learned model's features (`_boilerplate.model`), not a decision.

    `known` marks lines the rules already found: they are bad neighbours, except that a heading
    is looked for past them (a hatnote or byline between a heading and its paragraph must not make
    the heading boilerplate). Blank lines are never boilerplate and are not neighbours.
    """
    positions = [i for i, line in enumerate(lines) if line.strip()]
    classes = [BAD if known[i] else _initial_class(lines[i]) for i in positions]
    if GOOD not in classes:
        return [False] * len(lines)
    unknown = [i for i in positions if not known[i]]
    titles = {i for i in unknown[:TITLE_LINES] if not _MENU.match(lines[i].strip())}
    furniture = _furniture_runs(lines, positions, known, classes)
    result = [False] * len(lines)
    sentences = [bool(_END.search(lines[i])) for i in positions]
    for index, cls in zip(positions, _revise(classes, [known[i] for i in positions], sentences)):
        result[index] = (cls == BAD or index in furniture) and not known[index] and index not in titles
    return result
