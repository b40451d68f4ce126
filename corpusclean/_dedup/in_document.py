"""Repetition inside one document: a second copy of the article, repeated paragraphs and lines.

Scrapers often save a page whose article appears twice (a print view under the screen view, an
AMP copy, a "related" box that re-renders the story), and templates repeat paragraphs. Gopher's
quality rules drop such documents; here the repeat is removed instead, keeping the first
occurrence, so the article survives once.

What counts as a repeat, and why:

* An **anchor** is a line at least `min_chars` long (after normalisation: NFKC, case, spaces,
  punctuation and Traditional/Simplified folded away; Han and kana count twice) that equals
  an earlier line. Long lines
  do not recur by accident, so an anchor is always removed.
* Around an anchor the repeat grows into a **block**: the lines before and after it are removed
  too while each one matches the line at the same distance from the anchor's first occurrence.
  Inside a block short lines count (a date line, `文章詳情 DETAILS`), and so does a garbled
  line that only resembles its original (seed 003's second title, half of whose characters are
  mojibake: character-bigram Jaccard of its Han characters, or edit similarity for other text).
* Short lines and near-matches never count on their own: table cells, list items, "Yes", a
  date or a price legitimately recur in content.
* The repeats are removed only when together they are at least `MIN_SHARE` of the document:
  the article, or most of it, is there twice. Authors repeat too — a poem's refrain, a dialogue's
  "Just confirm the order", a song's chorus, a pull quote — and such repeats are a small part of
  their text; removing them loses what the writer meant to say twice, which is worse than keeping
  a scraper's stray repeat.

Each removed run of lines is one Change: `repeated-block` (two or more lines),
`repeated-paragraph` (a line that is its own paragraph) or `repeated-line` (one line of a
paragraph that has several).
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import NamedTuple

import regex

from corpusclean._dedup.minhash import normalize_all
from corpusclean._document import Change, Fixed, splice
from corpusclean._text.plausibility import rare_count
from corpusclean._text.script import HAN, char_script, to_simplified_chars

STEP = "repeats"
MIN_CHARS = 40
"""Shortest normalised line that is a repeat on its own (a sentence, not a heading or a cell).
Han and kana characters count twice: one carries about as much text as two letters, so 20 Han
characters weigh like 40 letters."""
_WIDE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
HAN_BIGRAM_JACCARD = 0.4
"""Garbled-copy test for Han lines; seed 003's mojibake title scores 0.46 against its original."""
EDIT_SIMILARITY = 0.8
"""Garbled-copy test for other lines (difflib ratio of the normalised lines)."""
MIN_SHARE = 0.3
"""Least share of the document's weighted characters (as for `min_chars`) the repeats must make
up together to be removed: a second copy of an article is about half of its page."""
MIN_HAN = 4
MIN_RARE = 2
"""Characters rare in real text (`_text.plausibility`) from which a line counts as damaged."""


class _Line(NamedTuple):
    start: int
    end: int  # end of the line's content, before its newline
    key: str


def _lines(text: str) -> list[_Line]:
    """Every line with its offsets and normalised key (empty for blank or punctuation-only lines).

    The key is dedup's `normalize` of the line without its spaces (`normalize_all`: one batch)."""
    contents = text.split("\n")
    lines = []
    start = 0
    for content, normal in zip(contents, normalize_all(contents)):
        end = start + len(content)
        lines.append(_Line(start, end, normal.replace(" ", "") if content.strip() else ""))
        start = end + 1
    return lines


def _han_bigrams(key: str) -> set[str]:
    han = "".join(ch for ch in to_simplified_chars(key) if char_script(ch) == HAN)
    return {han[i : i + 2] for i in range(len(han) - 1)}


def _resembles(copy: str, original: str, copy_text: str) -> bool:
    """True if `copy` is the same line as `original` (normalised keys), possibly garbled.

    A near match counts only where the copy's text (`copy_text`) shows damage — lossy marks
    (`?`, U+FFFD) or characters rare in real text, as mojibake leaves (seed 003's second title
    `平陰:以環??冃嵘…`): an undamaged near match is a variation the writer made, a poem's next
    stanza (`交交黄鸟，止于桑…` / `交交黄鸟，止于楚…`) or a song's next verse."""
    if copy == original:
        return True
    if not copy or not original or not _damaged(copy_text):
        return False
    first, second = _han_bigrams(copy), _han_bigrams(original)
    if len(first) >= MIN_HAN - 1 and len(second) >= MIN_HAN - 1:
        return len(first & second) / len(first | second) >= HAN_BIGRAM_JACCARD
    return SequenceMatcher(None, copy, original, autojunk=False).ratio() >= EDIT_SIMILARITY


def _damaged(text: str) -> bool:
    """Whether a line shows the damage a garbled copy has: lossy marks or rare characters."""
    return "?" in text or "\ufffd" in text or rare_count(text) >= MIN_RARE


def _weight(key: str) -> int:
    """A normalised line's length with Han and kana counted twice (see `MIN_CHARS`)."""
    return len(key) + len(_WIDE.findall(key))


def _repeated_units(units: list[str], min_chars: int, texts: list[str]) -> list[bool]:
    """Which units (non-blank lines, by normalised key; `texts` as written) are repeats of
    earlier ones."""
    removed = [False] * len(units)
    first_seen: dict[str, int] = {}
    for index, key in enumerate(units):
        if _weight(key) < min_chars:
            continue
        if key not in first_seen:
            first_seen[key] = index
            continue
        if removed[index]:
            continue
        original = first_seen[key]
        removed[index] = True
        for step in (-1, 1):
            distance = 1
            while True:
                copy, source = index + step * distance, original + step * distance
                if not (0 <= source and copy < len(units) and copy > original) or removed[copy]:
                    break
                if step > 0 and source >= index:
                    break
                if not _resembles(units[copy], units[source], texts[copy]):
                    break
                removed[copy] = True
                distance += 1
    return removed


def _paragraph_lines(lines: list[_Line]) -> set[int]:
    """Indexes of lines that are a paragraph of their own (between blank lines, or every line of a
    text without blank lines)."""
    blank = [line.start == line.end or not line.key for line in lines]
    if not any(blank[:-1]):
        return set(range(len(lines)))
    alone = set()
    for index in range(len(lines)):
        before = index == 0 or blank[index - 1]
        after = index == len(lines) - 1 or blank[index + 1]
        if before and after:
            alone.add(index)
    return alone


def repeats(text: str, *, min_chars: int = MIN_CHARS) -> Fixed:
    """Remove repeated copies of the article, paragraphs and lines inside `text`, keeping the first."""
    if "\n" not in text.strip():  # one line holds text at most: nothing recurs, nothing to normalise
        return Fixed(text, [])
    lines = _lines(text)
    keys = [line.key for line in lines if line.key]
    if min_chars > 0 and len(set(keys)) == len(keys):  # no line recurs: no anchor (most documents)
        return Fixed(text, [])
    nonblank = [i for i, line in enumerate(lines) if text[line.start : line.end].strip()]
    removed_units = _repeated_units(
        [lines[i].key for i in nonblank], min_chars, [text[lines[i].start : lines[i].end] for i in nonblank]
    )
    removed = [i for i, gone in zip(nonblank, removed_units) if gone]
    if not removed or sum(_weight(lines[i].key) for i in removed) < MIN_SHARE * sum(_weight(lines[i].key) for i in nonblank):
        return Fixed(text, [])
    alone = _paragraph_lines(lines)
    runs: list[list[int]] = []
    for index in removed:
        between = range(runs[-1][-1] + 1, index) if runs else range(0)
        if runs and all(i not in nonblank for i in between):
            runs[-1].append(index)
        else:
            runs.append([index])
    blank = [not text[line.start : line.end].strip() for line in lines]
    changes = []
    for run in runs:
        first, last = run[0], run[-1]
        while first > 0 and blank[first - 1]:
            first -= 1
        start, end = lines[first].start, lines[last].end
        if end < len(text):
            end += 1
        elif start > 0:
            start -= 1
        if len(run) > 1:
            reason = "repeated-block"
        else:
            reason = "repeated-paragraph" if run[0] in alone else "repeated-line"
        changes.append(Change(start, end, "", reason))
    return splice(text, STEP, changes)
