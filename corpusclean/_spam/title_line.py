"""Copies of a Chinese title line pasted into the body: a small learned model decides each copy.

Spam sites paste a page's own title into its sentences (seed 004). The phrase search of
`_spam.titles` needs six Han characters before a phrase is title-like, yet Chinese headlines and
Wikipedia titles are often shorter (`拦海造田`, `磷酸丙糖异构酶`), and the page's own subject
recurs naturally under the same title (`首届欧盟－拉美国家首脑会议在…`). So every later copy of
the first non-blank line, when that line is a Chinese title or a name in Latin letters heading
a Chinese text (`BCPL`, `PukiWiki`), is judged here instead, whatever its length:

* a copy inside quotation marks or book-title marks (`“…”`, `《…》`) is a citation: kept;
* a copy filling a line of its own is a heading: kept (the `repeats` step handles repeated lines);
* every other copy is scored by a logistic model over the junction evidence at its two edges
  (`_spam.junction.paste_evidence`), whether Han text stands on each side, how well the
  characters on each side fit a noun standing there (`contexts`), the title's length, and how
  the document's copies look together (how many, what share stand inside a sentence, their mean
  and best evidence). Once `PROVEN` copies reach the model's `pasted` threshold, every copy at
  or above its lower `proven` threshold is removed; a lone copy stays.

A title is usually a name, and a name is a noun: written in a sentence, it follows characters
that end a word before a noun (`的`, `在`, `由`, `与`) and precedes ones that follow a noun
(`的`, `是`, `和`). A paste lands between any two characters. So each side's character is
weighed by how much more often it stands beside a noun than at a random point between two Han
characters, counted in a Chinese treebank whose words and parts of speech were marked by hand
(Universal Dependencies GSDSimp); this sees what the junction evidence cannot when the name's
own characters are too rare for the character-bigram model to have seen them with a neighbour.

The model is trained by `eval/spam/train_titles.py` on the development split of
`eval/spam/evaluate_titles.py` (real news and Wikipedia titles pasted into their own articles, and
the same articles untouched) and read from `data/title_model.json`; the figures are in
docs/spam.md.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import regex

from corpusclean._data import DATA
from corpusclean._document import Change
from corpusclean._logistic import Logistic, load_logistic
from corpusclean._spam.junction import paste_evidence
from corpusclean._spans import neighbour
from corpusclean._text.script import is_han, to_simplified_chars

REASON = "injected-title"
MODEL_FILE = DATA / "title_model.json"
MIN_HAN = 2
"""A title line needs this many Han characters, and Han for at least `HAN_SHARE` of its
units, to be judged here (`_chinese`)."""
HAN_SHARE = 0.5
MAX_TITLE_CHARS = 60
"""A longer first line is a paragraph, not a title."""
BODY_SAMPLE = 200
"""Characters after a title line in Latin letters that must be Chinese for it to be judged here."""
EVIDENCE_CLIP = 12.0
PROVEN = 2
"""Copies that must reach the `pasted` threshold before the document's copies may go."""
_UNIT = regex.compile(r"\p{Han}|[\p{Latin}\p{N}]+|\p{L}")
"""What a title's length and a text's Chinese share are counted in: a Han character, a word in
Latin letters or digits, any other letter (kana, Hangul: a Japanese page is not Chinese)."""
_QUOTES = {"“": "”", "「": "」", "『": "』", "《": "》", "〈": "〉", '"': '"', "‘": "’", "【": "】", "（": "）", "(": ")"}
FEATURES = (
    "evidence",
    "inside",
    "left_han",
    "right_han",
    "log_length",
    "log_copies",
    "inside_share",
    "mean_inside_evidence",
    "max_evidence",
    "after_mark",
    "left_context",
    "right_context",
)


@dataclass(frozen=True)
class TitleCopy:
    """One later copy of the title line, with the features the model reads."""

    start: int
    end: int
    features: tuple[float, ...]


@dataclass(frozen=True)
class Contexts:
    """Log-ratios of how often a character stands right before (`before`) or right after
    (`after`) a noun, against how often it stands on that side of a random point between two Han
    characters; `unseen_before` / `unseen_after` are the values of a character never seen there."""

    before: dict[str, float]
    after: dict[str, float]
    unseen_before: float
    unseen_after: float

    def left(self, ch: str) -> float:
        """The log-ratio of the character left of a copy (0 when it is not Han)."""
        return self.before.get(to_simplified_chars(ch), self.unseen_before) if is_han(ch) else 0.0

    def right(self, ch: str) -> float:
        """The log-ratio of the character right of a copy (0 when it is not Han)."""
        return self.after.get(to_simplified_chars(ch), self.unseen_after) if is_han(ch) else 0.0


def title_of(text: str) -> tuple[str, int] | None:
    """The first non-blank line, stripped, and where it ends — when it titles a Chinese text.

    That is a short line that is Chinese itself, or one in Latin letters (a name: `BCPL`,
    `Stam1na`, `黑龙江龙 (Sahaliyania)`) over a body that is (`BODY_SAMPLE`). Reads only up to
    the end of that line and that much of the body, so a long document costs no more than a
    short one."""
    position = 0
    while position <= len(text):
        newline = text.find("\n", position)
        end = len(text) if newline < 0 else newline
        stripped = text[position:end].strip()
        if stripped:
            if len(stripped) > MAX_TITLE_CHARS:
                return None
            if _chinese(stripped) or sum(ch.isalpha() for ch in stripped) >= MIN_HAN and _chinese(text[end : end + BODY_SAMPLE]):
                return stripped, end
            return None
        position = end + 1
    return None


def _chinese(text: str) -> bool:
    """At least `MIN_HAN` Han characters, and Han characters are at least `HAN_SHARE` of the
    `_UNIT`s (`BCPL（Basic Combined Programming Language），是一种…` is Chinese)."""
    han = sum(map(is_han, text))
    return han >= MIN_HAN and han >= HAN_SHARE * len(_UNIT.findall(text))


def _quoted(text: str, start: int, end: int) -> bool:
    before, after = text[start - 1 : start], text[end : end + 1]
    return before in _QUOTES and after == _QUOTES[before]


def _inside_word(text: str, start: int, end: int) -> bool:
    """Whether a Latin letter or digit at the copy's edge runs on into its neighbour: part of a
    longer word (`CHANGE` in `EXCHANGES`), not a copy."""
    return any(
        _latin(inner) and _latin(outer)
        for inner, outer in ((text[start], text[start - 1 : start]), (text[end - 1], text[end : end + 1]))
    )


def _latin(ch: str) -> bool:
    return ch.isalnum() and not is_han(ch)


def _whole_line(text: str, start: int, end: int) -> bool:
    """Whether only spaces stand between the copy and its line's ends (a heading line)."""
    return neighbour(text, start - 1, -1) == "\n" and neighbour(text, end, 1) == "\n"


def title_copies(text: str) -> list[TitleCopy]:
    """Every later copy of the title line that is neither quoted nor a line of its own."""
    found = title_of(text)
    if found is None:
        return []
    title, after = found
    spans = []
    start = text.find(title, after)
    while start >= 0:
        end = start + len(title)
        if not _quoted(text, start, end) and not _whole_line(text, start, end) and not _inside_word(text, start, end):
            spans.append((start, end))
        start = text.find(title, end)
    if not spans:
        return []
    evidence = [max(-EVIDENCE_CLIP, min(EVIDENCE_CLIP, paste_evidence(text, s, e))) for s, e in spans]
    left = [is_han(text[s - 1 : s]) for s, _ in spans]
    right = [is_han(text[e : e + 1]) for _, e in spans]
    inside = [a and b for a, b in zip(left, right)]
    inside_evidence = [v for v, flag in zip(evidence, inside) if flag]
    document = (
        math.log(len(_UNIT.findall(title))),
        math.log1p(len(spans)),
        sum(inside) / len(spans),
        sum(inside_evidence) / len(inside_evidence) if inside_evidence else 0.0,
        max(evidence),
    )
    table = contexts()
    copies = []
    for (start, end), value, flag, l_han, r_han in zip(spans, evidence, inside, left, right):
        before, after = text[start - 1 : start], text[end : end + 1]
        after_mark = float(not before.strip() or not before.isalnum())
        features = (value, float(flag), float(l_han), float(r_han), *document, after_mark, table.left(before), table.right(after))
        copies.append(TitleCopy(start, end, features))
    return copies


@lru_cache(maxsize=1)
def model() -> Logistic:
    """The trained model (`data/title_model.json`), read once per process; its thresholds are
    `pasted` and `proven` (see `injected_titles`)."""
    return load_logistic(MODEL_FILE, FEATURES, "eval/spam/train_titles.py")


@lru_cache(maxsize=1)
def contexts() -> Contexts:
    """The noun-context tables shipped beside the model (`contexts` in `data/title_model.json`)."""
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))["contexts"]
    return Contexts(data["before"], data["after"], data["unseen_before"], data["unseen_after"])


def _one_frame(text: str, copies: list[TitleCopy]) -> bool:
    """Whether every copy stands between the same two characters: a refrain, not a paste. A tool
    drops its copies wherever it happens to; a writer repeats a line (`湛湛露斯，匪阳不晞` …
    `湛湛露斯，在彼丰草` in the Shijing poem titled `湛露`)."""
    return len({(text[c.start - 1 : c.start], text[c.end : c.end + 1]) for c in copies}) == 1


def injected_titles(text: str) -> list[Change]:
    """One removal per later copy of a Chinese title line that the model calls pasted.

    A single copy is weak evidence for a short title — a name fits many sentences — so a
    document is proven pasted only when `PROVEN` copies reach the `pasted` threshold; then its
    copies go from the lower `proven` threshold. Both are set by the training script on
    held-out folds of the development split: `pasted` so that untouched documents stay
    untouched, `proven` so that the copies removed from a pasted document stay precise. A spam
    tool pastes a title several times; a lone copy is left, and so are copies that all stand in
    one frame (`_one_frame`)."""
    copies = title_copies(text)
    if not copies:
        return []
    table = model()
    probabilities = table.probabilities(np.array([copy.features for copy in copies]))
    strong = [copy for copy, p in zip(copies, probabilities) if p >= table.thresholds["pasted"]]
    if len(strong) < PROVEN or _one_frame(text, strong):
        return []
    chosen = probabilities >= table.thresholds["proven"]
    return [
        Change(copy.start, copy.end, "", REASON, round(float(p), 3))
        for copy, p, removed in zip(copies, probabilities, chosen)
        if removed
    ]
