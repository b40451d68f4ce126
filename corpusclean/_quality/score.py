"""The quality step: score damage that cleaning cannot undo, and name it with flags.

Some documents arrive damaged in ways no fixer can reverse: a site banned the word 最 and left
`全國*大的`; a scraper dropped every digit and numeral 一 (`从年月份开始`, `第批`, `功亏篑`);
a spam site cut a speech into fragments and shuffled them; a lossy encoder left `?` runs; an
article is a machine translation. The text is still worth keeping or not depending on the user's
purpose, so this step edits nothing: it measures each kind of damage, sets a flag for each one
found, and sums them into `quality.score` (1.0 = no damage seen) for `--min-quality` to act on.
"""

from __future__ import annotations

from typing import Any

import regex

from corpusclean._document import Fixed

STEP = "quality"

_CENSOR = regex.compile(r"(?<=\p{Han})\*+(?=\p{Han}|[，。、,])|(?<=^|[，。、,；：\s])\*+(?=\p{Han})", regex.MULTILINE)
"""A `*` standing for a banned character: between Han characters, or opening a Han clause."""

_STRIPPED = regex.compile(
    r"(?<=[从在于到至自截止])年|年月份|(?<![\d〇零一二三四五六七八九十百千两几多])年月(?!日子)"
    r"|(?<=\p{Han})月日|第[批阶项个次届期轮步](?![\d一二三四五六七八九十])"
    r"|功亏篑|票否决|不惜切代价|新轮|统规划|盘棋"
)
"""Traces of deleted numerals: a date or ordinal with its number gone, or an idiom missing 一
(`一票否决`, `功亏一篑`, `一盘棋`). Each pattern is one that intact text almost never contains."""
_STRIPPED_GATE = regex.compile(r"[年月第功票不新统盘]")
"""A character every match of `_STRIPPED` holds: a text without one (any text not in Chinese)
skips the scan."""

_LOSSY = regex.compile(r"(?<=\p{Han})\?+(?=\p{Han}|\s)|\?+(?=\p{Han})|^\?(?=\s*\p{Han})", regex.MULTILINE)
"""Question marks left where an encoder could not map a character (`環??冃`, `? 就平陰縣`).
Only `?` touching Han text counts: `???` after English words is emphasis, and a Chinese question
ends with the full-width `？`."""
_REPLACEMENT = regex.compile("\ufffd+")
"""A run of U+FFFD: bytes a decoder could not read."""

_BOUND_START = set("着们得")
"""Han characters that cannot open a text: a document starting with one was cut mid-sentence."""

_END_MARK = regex.compile(r"全文完|（完）|\(完\)|【完】")

PENALTIES = {
    "censor-marks": 0.25,
    "stripped-numerals": 0.35,
    "scrambled-order": 0.3,
    "lossy-marks": 0.2,
    "machine-translation": 0.2,
}
"""How much each kind of damage lowers the score when fully present."""


def quality(text: str) -> Fixed:
    """Measure irreversible damage in `text`; no edits, metadata `quality` and `flags` only."""
    signals = {
        "censor-marks": _censor_marks(text),
        "stripped-numerals": _stripped_numerals(text),
        "scrambled-order": _scrambled_order(text),
        "lossy-marks": _lossy_marks(text),
        "machine-translation": _machine_translation(text),
    }
    flags = [name for name, strength in signals.items() if strength >= 0.5]
    score = 1.0 - sum(PENALTIES[name] * strength for name, strength in signals.items())
    report: dict[str, Any] = {"score": round(max(0.0, min(1.0, score)), 3)}
    report.update({name.replace("-", "_"): round(strength, 3) for name, strength in signals.items()})
    metadata: dict[str, Any] = {"quality": report}
    if flags:
        metadata["flags"] = flags
    return Fixed(text, [], metadata)


def _saturate(count: int, full: int) -> float:
    """Strength in [0, 1]: 0.5 at one hit, 1.0 at `full` hits or more."""
    if count <= 0:
        return 0.0
    return min(1.0, 0.5 + 0.5 * (count - 1) / max(1, full - 1))


def _censor_marks(text: str) -> float:
    """Asterisks standing in for banned characters (advertising law bans 最 on Chinese sites)."""
    return _saturate(len(_CENSOR.findall(text)), 3) if "*" in text else 0.0


def _stripped_numerals(text: str) -> float:
    """Dates, ordinals and idioms with their numerals deleted; two distinct traces are needed."""
    hits = _STRIPPED.findall(text) if _STRIPPED_GATE.search(text) else []
    return _saturate(len(hits), 5) if len(hits) >= 2 else 0.0


def _lossy_marks(text: str) -> float:
    """Runs of `?` or U+FFFD where characters were lost to an encoding that could not hold them
    (U+FFFD: also what the repair step leaves for a lost character it could not tell apart)."""
    lossy = len(_LOSSY.findall(text)) if "?" in text else 0
    return _saturate(lossy + (len(_REPLACEMENT.findall(text)) if "\ufffd" in text else 0), 3)


def _scrambled_order(text: str) -> float:
    """Fragments shuffled out of order: the text opens mid-sentence, or its end mark is inside.

    Both are cheap, reliable traces of a document assembled from cut pieces (seed 004 opens with
    `着所有部门` and has `全文完` two thirds of the way in).
    """
    body = text.strip()
    if not body:
        return 0.0
    evidence = 0
    if body[0] in _BOUND_START:
        evidence += 1
    mark = _END_MARK.search(body) if "完" in body else None
    if mark and mark.end() < 0.9 * len(body) and len(body) - mark.end() > 200:
        evidence += 1
    return 0.5 * evidence


def _machine_translation(text: str) -> float:
    """English paragraphs that open in lower case: machine translation that lost sentence case.

    Translated Chinese news (seeds 000, 002) keeps the source's paragraph splits but starts them
    with `we should`, `as for some`, `there are many`: real English prose almost never does.
    """
    # its lines: splitting at runs of blank lines as well would only drop lines without a letter
    paragraphs = [p for p in (line.strip() for line in text.split("\n")) if len(p) >= 80]
    english = [p for p in paragraphs if p[0].isascii() and p[0].isalpha()]
    if len(english) < 2:
        return 0.0
    lower = sum(1 for p in english if p[0].islower())
    inner = regex.findall(r"[.!?] ([A-Za-z])", " ".join(english))
    if inner and sum(ch.islower() for ch in inner) > 0.3 * len(inner):
        return 0.0  # a writer who never capitalises, not a translation that lost case
    share = lower / len(english)
    return min(1.0, share / 0.5) if lower >= 2 else 0.0
