"""`_script.script_counts` at C speed, for the language tagger's hot loop.

Language tagging counts the script of every character of every line it reads; calling
`_script.char_script` per character was half of its time. This module asks `char_script` once
for every Basic Multilingual Plane character and keeps the answers as a `str.translate` table
that maps each letter to a one-character script code and deletes everything else, so a count is
one `translate` plus a `str.count` per script. Characters outside the BMP (rare Han extensions,
emoji) are left by the table and asked about one by one, so the answers always equal
`script_counts`.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ._script import SCRIPTS, char_script

_CODES = {script: chr(0xE000 + index) for index, script in enumerate(SCRIPTS)}
"""Each script's code: a private-use character, which never occurs as a letter itself."""


@lru_cache(maxsize=1)
def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in range(0x10000):
        script = char_script(chr(code)) if not 0xD800 <= code <= 0xDFFF else None
        table[code] = None if script is None else _CODES[script]
    return table


def fast_script_counts(text: str) -> Counter[str]:
    """Exactly `_script.script_counts(text)`, computed with one `str.translate`."""
    mapped = text.translate(_table())
    counts: Counter[str] = Counter()
    for script, code in _CODES.items():
        found = mapped.count(code)
        if found:
            counts[script] = found
    if sum(counts.values()) != len(mapped):
        for ch in mapped:
            if ord(ch) > 0xFFFF:
                script = char_script(ch)
                if script is not None:
                    counts[script] += 1
    return counts
