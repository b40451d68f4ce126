"""Build `han_folds.tsv`: Han characters that dedup hashing folds together beyond Traditional→Simplified.

`corpusclean._script.to_simplified_chars` maps each Traditional character to OpenCC's first
Simplified choice, which leaves pairs such as 著/着 or 牠/它 apart: OpenCC converts them by
phrase, so an OpenCC-converted copy can differ from its original in exactly those characters
and its shingles stop matching. For hashing (never for output) every character that OpenCC's
character dictionaries (TSCharacters, STCharacters with all alternatives, and the Taiwan and
Hong Kong variant tables) connect is folded to one
representative: the smallest code point among the Simplified forms of its group.

Each output line is `character<TAB>representative`, for characters that still differ from
their representative after `to_simplified_chars`. Reproduce with:

    python scripts/build_han_folds.py
"""

from __future__ import annotations

from pathlib import Path

import opencc

from corpusclean._text.script import to_simplified_chars

OUTPUT = Path(__file__).resolve().parents[1] / "corpusclean" / "data" / "han_folds.tsv"


def groups() -> list[set[str]]:
    """Connected groups of single characters that OpenCC's character dictionaries link."""
    parent: dict[str, str] = {}

    def find(ch: str) -> str:
        parent.setdefault(ch, ch)
        while parent[ch] != ch:
            parent[ch] = parent[parent[ch]]
            ch = parent[ch]
        return ch

    folder = Path(opencc.__file__).parent / "dictionary"
    for name in ("TSCharacters.txt", "STCharacters.txt", "TWVariants.txt", "HKVariants.txt"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            source, _, targets = line.partition("\t")
            chars = [c for c in (source, *targets.split(" ")) if len(c) == 1]
            for other in chars[1:]:
                parent[find(other)] = find(chars[0])
    found: dict[str, set[str]] = {}
    for ch in list(parent):
        found.setdefault(find(ch), set()).add(ch)
    return list(found.values())


def main() -> None:
    rows = {}
    for group in groups():
        simplified = {to_simplified_chars(ch) for ch in group}
        representative = min(simplified)
        for ch in simplified:
            if ch != representative:
                rows[ch] = representative
    OUTPUT.write_text("".join(f"{k}\t{v}\n" for k, v in sorted(rows.items())), encoding="utf-8")
    print(f"{OUTPUT.name}: {len(rows)} folds, largest group {max(len(g) for g in groups())}")


if __name__ == "__main__":
    main()
