"""Traditional or Simplified: OpenCC votes, without the characters both scripts use.

`_script.han_variant_votes` counts every character OpenCC's per-character tables would change.
Those tables list *alternatives*, though, and for about 170 Simplified characters (台 里 干 游
后 准 ...) and 15 Traditional ones (乾 於 ...) the character itself is one of its own
alternatives: 台 is the Simplified form of 臺 but also a correct Traditional character. Counting
such characters as evidence made short Taiwanese and Hong Kong sentences come out Simplified, so
the votes here leave them out. Counting is done with `str.translate` deletions, at C speed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ._script import simplified_to_traditional_table, traditional_to_simplified_table


def _self_alternatives(name: str) -> frozenset[int]:
    """Code points that OpenCC dictionary `name` lists among their own conversion targets."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / name
    found = set()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            source, _, targets = line.rstrip("\n").partition("\t")
            if source in targets.split(" "):
                found.add(ord(source))
    return frozenset(found)


@lru_cache(maxsize=1)
def _deletion_tables() -> tuple[dict[int, None], dict[int, None]]:
    """`str.translate` tables deleting the Traditional-only and the Simplified-only characters."""
    traditional = set(traditional_to_simplified_table()) - _self_alternatives("TSCharacters.txt")
    simplified = set(simplified_to_traditional_table()) - _self_alternatives("STCharacters.txt")
    return dict.fromkeys(traditional), dict.fromkeys(simplified - traditional)


def variant_votes(text: str) -> tuple[int, int]:
    """(Traditional-only, Simplified-only) character counts of `text`, unambiguous ones only."""
    traditional, simplified = _deletion_tables()
    return len(text) - len(text.translate(traditional)), len(text) - len(text.translate(simplified))
