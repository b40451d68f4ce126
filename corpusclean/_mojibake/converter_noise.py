"""Converter noise: what careless Simplified→Traditional converters and scrapers leave behind.

Seed 001 shows both kinds. A converter that annotated readings glued the pinyin of each
converted character after it — `區(qū)域`, `企業(yè)`, even inside parentheses `(市、區(qū))` — and
a punctuation pass doubled marks — `鋼鐵,、焦化`, `強調,,要`, `黑帽子”,。`. Both are repaired
conservatively: an annotation must be one pinyin syllable with a tone mark directly after a Han
character, and a doubled mark must follow CJK text, so clean text (including code, CSV rows such
as `1,,2` and ordinary parentheses such as `(記者 劉玉林)`) is never touched.

Converter noise is systematic, so it is judged per document (`converter_traces`): the seed
glosses 185 characters, while clean text holds the odd gloss as content (`荨(qián)麻是…` in a
Wikipedia article) and the odd doubled mark as the writer's own (`，，`, `北美,。`). Annotations are
removed only from a document holding at least `MIN_ANNOTATIONS` of them, and doubled marks only
from a document with a converter trace: systematic annotations, or at least `MIN_MIXED_MARKS`
half-width commas glued to a full-width mark (`,、` `,。` `,，`; seed 001: 34).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import regex

from corpusclean._document import Change

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_ANNOTATION = regex.compile(
    rf"(?<=\p{{Han}})(?:[(（](?=[a-zü{_TONED}]*[{_TONED}])"
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    rf"[aeiouü{_TONED}]{{1,3}}(?:n|ng|r)?[)）])+"
)
"""`(qū)` glued to a Han character: one syllable (optional initial, 1–3 vowels, a final n/ng/r)
with at least one tone mark. Requiring the tone mark keeps `函數(x)` and `甲(a)` out. Glosses
in a row (`區(qū)(qián)`) are one match: removing only the first would glue the second to the Han
character, and a second pass would remove that too (`fix_text` must be idempotent)."""

DOUBLED_PUNCTUATION = regex.compile(
    r"(?<=[\p{Han}\p{Hiragana}\p{Katakana}”」』）)])[,，]+(?=[,，、。])"
    r"|(?<=[A-Za-z0-9])[,，]+(?=[,，、。]\p{Han})"
)
"""Commas standing before another comma, enumeration comma or full stop in CJK text — right after
CJK text or a closing quote/parenthesis, or after a Latin word when Han text follows
(`GDP,,不要`): the converter's stray marks. The right-hand mark is the one the writer meant, so
the commas before it are removed. CSV rows such as `1,,2` have no Han text and are left alone."""

MIN_ANNOTATIONS = 2
"""Pinyin annotations a document needs before they are taken as converter noise: one is content
(a Wikipedia article glossing a rare character), a converter glosses every character it touched
(seed 001: 185)."""
MIN_MIXED_MARKS = 3
"""Half-width commas glued to a full-width mark a document needs before its doubled marks are
taken as converter noise: clean Wikipedia text holds the odd one as a typo (`北美,。`)."""


class Traces(NamedTuple):
    """What a document shows of a careless converter (see `converter_traces`)."""

    annotations: bool
    """At least `MIN_ANNOTATIONS` pinyin annotations."""
    mixed_marks: bool
    """At least `MIN_MIXED_MARKS` half-width commas glued to a full-width mark (`,、` `,。`)."""

    @property
    def any(self) -> bool:
        """True if the document shows any converter trace."""
        return self.annotations or self.mixed_marks


def converter_traces(text: str) -> Traces:
    """The converter traces of a whole document (computed once, applied line by line)."""
    annotations = sum(1 for _ in zip(range(MIN_ANNOTATIONS), PINYIN_ANNOTATION.finditer(text)))
    mixed = (match for match in DOUBLED_PUNCTUATION.finditer(text) if _mixed(text, match))
    mixed_marks = sum(1 for _ in zip(range(MIN_MIXED_MARKS), mixed))
    return Traces(annotations >= MIN_ANNOTATIONS, mixed_marks >= MIN_MIXED_MARKS)


def converter_noise(text: str, traces: Traces | None = None) -> Iterator[Change]:
    """Changes removing converter noise from `text` (one line of a document whose traces are
    `traces`; by default `text` is taken as the whole document)."""
    if traces is None:
        traces = converter_traces(text)
    if traces.annotations:
        for match in PINYIN_ANNOTATION.finditer(text):
            yield Change(match.start(), match.end(), "", "pinyin-annotation")
    if traces.any:
        for match in DOUBLED_PUNCTUATION.finditer(text):
            yield Change(match.start(), match.end(), "", "doubled-punctuation")


def without_converter_noise(text: str, traces: Traces | None = None) -> str:
    """`text` with every `converter_noise` change applied (for lines repaired as a whole)."""
    pieces = []
    cursor = 0
    for change in sorted(converter_noise(text, traces), key=lambda change: change.start):
        if change.start >= cursor:
            pieces.append(text[cursor : change.start])
            cursor = change.end
    return "".join(pieces) + text[cursor:]


def _mixed(text: str, match: regex.Match[str]) -> bool:
    """True if the commas of `match` and the mark after them mix half- and full-width forms."""
    marks = set(match.group() + text[match.end()])
    return "," in marks and bool(marks & set("，、。"))
