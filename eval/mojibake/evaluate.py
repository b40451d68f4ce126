"""Evaluate mojibake repair per kind on real held-out paragraphs (see dataset.py).

Kinds (each item is a real paragraph garbled by a known mistake; "exact" = repaired byte for byte):

* chain      — one wrong decoding per applicable chain of the issue, strict (nothing lost);
* double     — two wrong decodings in a row (the second applied to the first's output);
* partial    — 4 clean lines with one garbled line among them (random chain), whole text compared;
* lossy      — UTF-8 read as GBK/Big5/Shift-JIS with U+FFFD for undecodable bytes, and the same
               with every U+FFFD saved as `?`; also reported: "flagged" = exact, or
               `quality.lossy_marks` > 0 and no character guessed wrong (the line left as it was,
               or repaired except for U+FFFD where a byte could not be recovered);
* frame      — one byte dropped from a GBK/Big5 stream, decoded with U+FFFD for invalid pairs
               (as browsers and Python's "replace" do); "flagged" as for lossy;
* clean      — >= 300 clean paragraphs per script plus symbol-heavy code lines: must be unchanged.

For ftfy's own kinds (UTF-8 read as cp1252/latin-1/mac_roman, once or twice) `ftfy.fix_encoding`
is scored on the same items. Fixed seed; prints one table and the macro average over kinds.

    python eval/mojibake/evaluate.py [--corpora DIR] [--per-cell N]
"""

from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict
from pathlib import Path

import ftfy
import ftfy.bad_codecs
from dataset import DEFAULT_CORPORA, paragraphs, symbol_lines

from corpusclean._mojibake import repair

SEED = "mojibake-eval-1"
UTF8_MISREADS = (
    "gb18030",
    "cp950",
    "cp932",
    "cp949",
    "sloppy-windows-1252",
    "latin-1",
    "mac_roman",
)
CHAINS = {
    "zh-Hans": [("utf-8", m) for m in UTF8_MISREADS]
    + [("gb18030", "cp950"), ("gb18030", "sloppy-windows-1252")],
    "zh-Hant": [("utf-8", m) for m in UTF8_MISREADS]
    + [("cp950", "gb18030"), ("cp950", "sloppy-windows-1252")],
    "ja": [("utf-8", m) for m in UTF8_MISREADS]
    + [("cp932", "gb18030"), ("cp932", "sloppy-windows-1252")],
    "ko": [("utf-8", m) for m in UTF8_MISREADS]
    + [("cp949", "gb18030"), ("cp949", "sloppy-windows-1252")],
    "ru": [
        ("utf-8", "sloppy-windows-1252"),
        ("utf-8", "sloppy-windows-1251"),
        ("cp1251", "koi8_r"),
        ("koi8_r", "cp1251"),
        ("cp1251", "sloppy-windows-1252"),
        ("koi8_r", "sloppy-windows-1252"),
    ],
    "el": [
        ("utf-8", "sloppy-windows-1252"),
        ("utf-8", "sloppy-windows-1253"),
        ("cp1253", "sloppy-windows-1252"),
    ],
    "latin": [("utf-8", "sloppy-windows-1252"), ("utf-8", "latin-1"), ("utf-8", "mac_roman")],
}
FTFY_KINDS = {("utf-8", "sloppy-windows-1252"), ("utf-8", "latin-1"), ("utf-8", "mac_roman")}


def garble(text: str, chain: tuple[str, str], errors: str = "strict") -> str | None:
    """`text` encoded with chain[0] and decoded with chain[1], or None if that is not lossless."""
    try:
        return text.encode(chain[0]).decode(chain[1], errors)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def items(corpora: Path, per_cell: int) -> list[tuple[str, str, str, str, bool]]:
    """(kind, script, original, garbled, ftfy_kind) tuples for every kind."""
    rng = random.Random(SEED)
    out: list[tuple[str, str, str, str, bool]] = []
    for script, chains in CHAINS.items():
        pool = paragraphs(corpora, script, 400, SEED)
        for chain in chains:
            done = 0
            for text in pool:
                bad = garble(text, chain)
                if bad is not None and bad != text and done < per_cell:
                    out.append(
                        ("chain", f"{script} {chain[0]}/{chain[1]}", text, bad, chain in FTFY_KINDS)
                    )
                    done += 1
        for text in pool[:per_cell]:
            first, second = rng.choice(chains), rng.choice(chains)
            once = garble(text, first)
            twice = garble(once, second) if once is not None else None
            if twice is not None and twice != once:
                out.append(
                    ("double", script, text, twice, first in FTFY_KINDS and second in FTFY_KINDS)
                )
        for start in range(0, min(len(pool), per_cell * 5), 5):
            block = pool[start : start + 5]
            chain = rng.choice(chains)
            bad = garble(block[2], chain)
            if bad is not None and len(block) == 5:
                garbled = "\n".join(block[:2] + [bad] + block[3:])
                out.append(("partial", script, "\n".join(block), garbled, chain in FTFY_KINDS))
        for text in pool[:400]:
            out.append(("clean", script, text, text, False))
        if script in ("zh-Hans", "zh-Hant", "ja"):
            misread = {"zh-Hans": "gb18030", "zh-Hant": "cp950", "ja": "cp932"}[script]
            done = 0
            for text in pool:
                if done >= per_cell:
                    break
                if garble(text, ("utf-8", misread)) is None:
                    bad = garble(text, ("utf-8", misread), "replace")
                    if bad is not None:
                        out.append(("lossy", f"{script} U+FFFD", text, bad, False))
                        question = bad.replace("\ufffd", "?")
                        out.append(("lossy", f"{script} ?", text, question, False))
                        done += 1
        if script in ("zh-Hans", "zh-Hant"):
            codec = "gb18030" if script == "zh-Hans" else "cp950"
            for text in pool[:per_cell]:
                data = text.encode(codec, "ignore")
                position = rng.randrange(len(data))
                bad = (data[:position] + data[position + 1 :]).decode(codec, "replace")
                if bad != text:
                    out.append(("frame", script, text, bad, False))
    for line in symbol_lines(400, SEED):
        out.append(("clean", "symbols", line, line, False))
    return out


def _guesses_right(original: str, output: str) -> bool:
    """True if `output` equals `original` except at U+FFFD/`?` marks (no character misguessed)."""
    if len(output) != len(original):
        return False
    return all(a == b or b in "\ufffd?" for a, b in zip(original, output))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--per-cell", type=int, default=40)
    parser.add_argument("--show-failures", type=int, default=0)
    args = parser.parse_args()
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    failures: list[tuple[str, str, str, str]] = []
    started = time.perf_counter()
    for kind, cell, original, garbled, is_ftfy in items(args.corpora, args.per_cell):
        fixed = repair(garbled)
        exact = fixed.text == original
        stats = cells[(kind, cell)]
        stats[0] += 1
        stats[1] += exact
        if kind in (
            "lossy",
            "frame",
        ):  # "flagged" = exact, or marks left and counted (nothing guessed)
            flagged = fixed.metadata.get("quality", {}).get("lossy_marks", 0) > 0
            kept = fixed.text == garbled or _guesses_right(original, fixed.text)
            stats[3] += exact or (flagged and kept)
        if is_ftfy:
            stats[2] += ftfy.fix_encoding(garbled) == original
            stats[4] += 1
            stats[5] += exact
        if not exact and len(failures) < args.show_failures:
            failures.append((kind, cell, garbled[:80], fixed.text[:80]))
    elapsed = time.perf_counter() - started
    print(f"{'kind':8} {'cell':34} {'n':>5} {'exact':>7} {'ftfy':>7} {'flagged':>8}")
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    for (kind, cell), (n, exact, ftfy_exact, flagged, ftfy_n, ours_on_ftfy) in sorted(
        cells.items()
    ):
        ftfy_text = f"{ftfy_exact / ftfy_n:7.3f}" if ftfy_n else " " * 7
        flag_text = f"{flagged / n:8.3f}" if kind in ("lossy", "frame") else ""
        print(f"{kind:8} {cell:34} {n:5} {exact / n:7.3f} {ftfy_text} {flag_text}")
        totals = per_kind[kind]
        totals[0] += n
        totals[1] += exact
        totals[2] += ftfy_exact
        totals[3] += ftfy_n
        totals[4] += flagged if kind in ("lossy", "frame") else exact
        totals[5] += ours_on_ftfy
    print()
    for kind, (n, exact, ftfy_exact, ftfy_n, _, ours_on_ftfy) in sorted(per_kind.items()):
        ftfy_text = (
            f"  on ftfy's kinds (n={ftfy_n}): ours {ours_on_ftfy / ftfy_n:.3f},"
            f" ftfy.fix_encoding {ftfy_exact / ftfy_n:.3f}"
            if ftfy_n
            else ""
        )
        print(f"{kind:8} n={n:5} exact={exact / n:.3f}{ftfy_text}")
    repair_kinds = [k for k in per_kind if k != "clean"]
    macro = sum(per_kind[k][1] / per_kind[k][0] for k in repair_kinds) / len(repair_kinds)
    print(f"macro exact over repair kinds ({', '.join(sorted(repair_kinds))}): {macro:.3f}")
    safe = sum(per_kind[k][4] / per_kind[k][0] for k in repair_kinds) / len(repair_kinds)
    print(f"macro with lossy/frame counted as recovered-or-flagged: {safe:.3f}")
    print(f"elapsed {elapsed:.1f}s")
    for failure in failures:
        print("FAIL", *failure, sep="\n  ")


if __name__ == "__main__":
    main()
