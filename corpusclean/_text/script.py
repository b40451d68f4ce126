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


_SCRIPT_CODES = {script: chr(0xE000 + index) for index, script in enumerate(SCRIPTS)}
"""Each script's code in the translate table: a private-use character, never itself a letter."""


@lru_cache(maxsize=1)
def _script_table() -> dict[int, str | None]:
    """`str.translate` table: every BMP letter to its script's code, everything else deleted.

    Language tagging and repair count scripts on every line they read; asking `char_script` per
    character was half of the tagger's time, one `translate` plus a `count` per script is not.
    """
    table: dict[int, str | None] = {}
    for code in range(0x10000):
        script = None if 0xD800 <= code <= 0xDFFF else char_script(chr(code))
        table[code] = None if script is None else _SCRIPT_CODES[script]
    return table


def script_counts(text: str) -> Counter[str]:
    """How many letters of each script `text` holds (non-letters are not counted)."""
    mapped = text.translate(_script_table())
    counts: Counter[str] = Counter()
    for script, code in _SCRIPT_CODES.items():
        found = mapped.count(code)
        if found:
            counts[script] = found
    if sum(counts.values()) != len(mapped):  # characters beyond the BMP are left by the table
        for ch in mapped:
            if ord(ch) > 0xFFFF:
                script = char_script(ch)
                if script is not None:
                    counts[script] += 1
    return counts


def is_han(ch: str) -> bool:
    """True for one character of the CJK Unified Ideographs block (U+4E00–U+9FFF)."""
    return len(ch) == 1 and "\u4e00" <= ch <= "\u9fff"


def _opencc_entries(name: str) -> list[tuple[str, list[str]]]:
    """(source, targets) pairs of one of OpenCC's dictionary files."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / name
    with path.open(encoding="utf-8") as handle:
        return [
            (source, targets.split(" "))
            for source, _, targets in (line.rstrip("\n").partition("\t") for line in handle)
        ]


def _opencc_dictionary(name: str) -> dict[str, str]:
    """Single-character conversions of one OpenCC dictionary (first alternative of each)."""
    return {
        source: targets[0]
        for source, targets in _opencc_entries(name)
        if len(source) == 1 and len(targets[0]) == 1 and source != targets[0]
    }


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


def _self_alternatives(name: str) -> frozenset[int]:
    """Characters that OpenCC dictionary `name` lists among their own conversion targets."""
    found = set()
    for source, targets in _opencc_entries(name):
        if source in targets:
            found.add(ord(source))
    return frozenset(found)


@lru_cache(maxsize=1)
def _variant_deletion_tables() -> tuple[dict[int, None], dict[int, None]]:
    """`str.translate` tables deleting the unambiguous Traditional-only and Simplified-only characters.

    OpenCC's tables list alternatives: for about 170 Simplified characters (台 里 干 游 后 准 …)
    and 15 Traditional ones (乾 於 …) the character is one of its own alternatives — 台 is the
    Simplified form of 臺 but also correct Traditional. Counting those as evidence made short
    Taiwanese and Hong Kong sentences come out Simplified, so they vote for neither script.
    """
    traditional = set(traditional_to_simplified_table()) - _self_alternatives("TSCharacters.txt")
    simplified = set(simplified_to_traditional_table()) - _self_alternatives("STCharacters.txt")
    return dict.fromkeys(traditional), dict.fromkeys(simplified - traditional)


def han_variant_votes(text: str) -> tuple[int, int]:
    """(Traditional-only, Simplified-only) character counts: which direction changes more.

    A character that OpenCC would change going Traditional→Simplified is evidence of Traditional
    script, and vice versa; characters correct in both scripts vote for neither.
    """
    traditional, simplified = _variant_deletion_tables()
    return len(text) - len(text.translate(traditional)), len(text) - len(text.translate(simplified))
