"""Which writing system a character belongs to, and Traditional/Simplified Chinese tables.

Several steps need the same cheap facts about characters: mojibake repair asks whether a line
reads like real Han text, language tagging starts from the script, dedup folds Traditional into
Simplified before hashing. They all use this module so the answers agree.

The Traditional/Simplified tables are OpenCC's own character dictionaries (shipped inside
opencc-python-reimplemented), read once into plain dicts: a per-character `str.translate` is
orders of magnitude faster than OpenCC's phrase-level converter and is all hashing and script
voting need.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

HAN = "han"
KANA = "kana"
HANGUL = "hangul"
LATIN = "latin"
CYRILLIC = "cyrillic"
GREEK = "greek"
OTHER_LETTER = "other"
SCRIPTS = (HAN, KANA, HANGUL, LATIN, CYRILLIC, GREEK, OTHER_LETTER)


def char_script(ch: str) -> str | None:
    """The script of one character, or None for digits, punctuation, symbols and spaces."""
    code = ord(ch)
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x3134F:
        return HAN
    if 0xF900 <= code <= 0xFAFF or ch == "〇":
        return HAN
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9D:
        return KANA if ch not in "・ー゠" else None
    if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return HANGUL
    if not ch.isalpha():
        return None
    if code < 0x250 or 0x1E00 <= code <= 0x1EFF or 0xFF21 <= code <= 0xFF5A:
        return LATIN
    if 0x400 <= code <= 0x52F:
        return CYRILLIC
    if 0x370 <= code <= 0x3FF or 0x1F00 <= code <= 0x1FFF:
        return GREEK
    return OTHER_LETTER


def script_counts(text: str) -> Counter[str]:
    """How many letters of each script `text` holds (non-letters are not counted)."""
    counts: Counter[str] = Counter()
    for ch in text:
        script = char_script(ch)
        if script is not None:
            counts[script] += 1
    return counts


def is_cjk_punctuation(ch: str) -> bool:
    """True for full-width and CJK punctuation such as `，。、（）：“”`."""
    code = ord(ch)
    return 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFF65 or ch in "“”‘’…—·"


def is_control(ch: str) -> bool:
    """True for control and unassigned code points other than tab and newlines."""
    return ch not in "\t\n\r" and unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs")


def _opencc_dictionary(name: str) -> dict[str, str]:
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / name
    table: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            source, _, targets = line.rstrip("\n").partition("\t")
            target = targets.split(" ")[0]
            if len(source) == 1 and len(target) == 1 and source != target:
                table[source] = target
    return table


@lru_cache(maxsize=None)
def traditional_to_simplified_table() -> dict[int, str]:
    """`str.translate` table mapping each Traditional-only character to its Simplified form."""
    return {ord(k): v for k, v in _opencc_dictionary("TSCharacters.txt").items()}


@lru_cache(maxsize=None)
def simplified_to_traditional_table() -> dict[int, str]:
    """`str.translate` table mapping each Simplified-only character to its Traditional form."""
    return {ord(k): v for k, v in _opencc_dictionary("STCharacters.txt").items()}


def to_simplified_chars(text: str) -> str:
    """Character-level Traditional→Simplified folding (fast; for hashing and voting, not output)."""
    return text.translate(traditional_to_simplified_table())


def han_variant_votes(text: str) -> tuple[int, int]:
    """(Traditional-only, Simplified-only) character counts: which direction changes more.

    A character that OpenCC would change going Traditional→Simplified is evidence of Traditional
    script, and vice versa. Characters shared by both scripts vote for neither.
    """
    t2s = traditional_to_simplified_table()
    s2t = simplified_to_traditional_table()
    traditional = simplified = 0
    for ch in text:
        code = ord(ch)
        if code in t2s:
            traditional += 1
        elif code in s2t:
            simplified += 1
    return traditional, simplified
