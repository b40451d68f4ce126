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

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

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


LONG_TEXT = 64
"""From this many characters on, the table lookups are done with numpy (one array lookup over the
code points) rather than `str.translate`, whose per-character dict lookup costs more once the
fixed cost of building the arrays is paid."""


def script_counts(text: str) -> Counter[str]:
    """How many letters of each script `text` holds (non-letters are not counted)."""
    if len(text) >= LONG_TEXT:
        row = np.bincount(_script_indices(_codes(text)), minlength=len(SCRIPTS) + 1)
        return Counter({script: int(row[index]) for index, script in enumerate(SCRIPTS) if row[index]})
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


def _codes(text: str) -> np.ndarray:
    """The code points of `text` (lone surrogates included)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


@lru_cache(maxsize=1)
def _script_array() -> np.ndarray:
    """Per BMP code point, its script's index in SCRIPTS, or len(SCRIPTS) for a non-letter."""
    array = np.full(0x10000, len(SCRIPTS), dtype=np.uint8)
    for code, mark in _script_table().items():
        if mark is not None:
            array[code] = ord(mark) - 0xE000
    return array


def _script_indices(codes: np.ndarray) -> np.ndarray:
    """Each code point's script index (len(SCRIPTS): not a letter)."""
    indices = _script_array()[np.minimum(codes, 0xFFFF)]
    for position in np.flatnonzero(codes > 0xFFFF).tolist():
        script = char_script(chr(int(codes[position])))
        indices[position] = len(SCRIPTS) if script is None else SCRIPTS.index(script)
    return indices


def line_script_counts(lines: list[str]) -> np.ndarray:
    """Letters per script of each line: one row per line, one column per SCRIPTS entry, counted
    in one pass over the joined lines (the per-line `script_counts` of a whole document)."""
    codes = _codes("\n".join(lines))
    indices = _script_indices(codes)
    line = np.cumsum(codes == 10)
    width = len(SCRIPTS) + 1
    table = np.bincount(line * width + indices, minlength=len(lines) * width).reshape(len(lines), width)
    return table[:, : len(SCRIPTS)]


_HAN_CHARACTER = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0003134f\uf900-\ufaff〇]")
"""Exactly the characters `char_script` calls HAN."""


def han_count(text: str) -> int:
    """How many Han letters `text` holds (`script_counts(text)[HAN]`, without the other scripts)."""
    return len(_HAN_CHARACTER.findall(text))


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


@lru_cache(maxsize=1)
def _simplified_array() -> np.ndarray:
    """Per code point, its Simplified form's code point (itself when it has none)."""
    array = np.arange(0x110000, dtype=np.uint32)
    for code, simplified in traditional_to_simplified_table().items():
        array[code] = ord(simplified)
    return array


def to_simplified_chars(text: str) -> str:
    """Character-level Traditional→Simplified folding (fast; for hashing and voting, not output)."""
    if len(text) >= LONG_TEXT:
        return _simplified_array()[_codes(text)].tobytes().decode("utf-32-le", "surrogatepass")
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
    if len(text) >= LONG_TEXT:
        traditional_only, simplified_only = _variant_arrays()
        codes = _codes(text)
        return int(np.count_nonzero(traditional_only[codes])), int(np.count_nonzero(simplified_only[codes]))
    traditional, simplified = _variant_deletion_tables()
    return len(text) - len(text.translate(traditional)), len(text) - len(text.translate(simplified))


@lru_cache(maxsize=1)
def _variant_arrays() -> tuple[np.ndarray, np.ndarray]:
    """`_variant_deletion_tables` as boolean arrays over all code points."""
    arrays = []
    for table in _variant_deletion_tables():
        array = np.zeros(0x110000, dtype=bool)
        array[list(table)] = True
        arrays.append(array)
    return arrays[0], arrays[1]
