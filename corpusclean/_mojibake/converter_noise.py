"""Converter noise: what careless Simplified→Traditional converters and scrapers leave behind.

Seed 001 shows both kinds. A converter that annotated readings glued the pinyin of each
converted character after it — `區(qū)域`, `企業(yè)`, even inside parentheses `(市、區(qū))` — and
a punctuation pass doubled marks — `鋼鐵,、焦化`, `強調,,要`, `黑帽子”,。`. Both are repaired
conservatively: an annotation must be one pinyin syllable with a tone mark directly after a Han
character, and a doubled mark must follow CJK text, so clean text (including code, CSV rows such
as `1,,2` and ordinary parentheses such as `(記者 劉玉林)`) is never touched.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from corpusclean._document import Change

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_ANNOTATION = regex.compile(
    rf"(?<=\p{{Han}})[(（](?=[a-zü{_TONED}]*[{_TONED}])"
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    rf"[aeiouü{_TONED}]{{1,3}}(?:n|ng|r)?[)）]"
)
"""`(qū)` glued to a Han character: one syllable (optional initial, 1–3 vowels, a final n/ng/r)
with at least one tone mark. Requiring the tone mark keeps `函數(x)` and `甲(a)` out."""

DOUBLED_PUNCTUATION = regex.compile(
    r"(?<=[\p{Han}\p{Hiragana}\p{Katakana}”」』）)])[,，]+(?=[,，、。])"
    r"|(?<=[A-Za-z0-9])[,，]+(?=[,，、。]\p{Han})"
)
"""Commas standing before another comma, enumeration comma or full stop in CJK text — right after
CJK text or a closing quote/parenthesis, or after a Latin word when Han text follows
(`GDP,,不要`): the converter's stray marks. The right-hand mark is the one the writer meant, so
the commas before it are removed. CSV rows such as `1,,2` have no Han text and are left alone."""


def converter_noise(text: str) -> Iterator[Change]:
    """Changes removing pinyin annotations and stray doubled commas from `text`."""
    for match in PINYIN_ANNOTATION.finditer(text):
        yield Change(match.start(), match.end(), "", "pinyin-annotation")
    for match in DOUBLED_PUNCTUATION.finditer(text):
        yield Change(match.start(), match.end(), "", "doubled-punctuation")


def without_converter_noise(text: str) -> str:
    """`text` with every `converter_noise` change applied (for lines repaired as a whole)."""
    return DOUBLED_PUNCTUATION.sub("", PINYIN_ANNOTATION.sub("", text))
