"""Write the test case files for mojibake repair from held-out real text (fixed seed).

* tests/cases/mojibake.json — {label, original (garbled), fixed (expected), source-free text}:
  two short real lines per (script, chain) of evaluate.py, garbled strictly; plus lossy cases
  (U+FFFD and `?`; UTF-8 read as GBK, Big5 and Shift-JIS) whose exact recovery is a known
  failure (`xfail: true`) when the current code misses them, so the file documents what is and
  is not recovered; and frame-shift cases (one byte dropped from GBK/Big5), which carry no
  `xfail`: they are judged under issue #22's rule (restored or marked), not by exact match.
  Lossy and frame-shift cases also say whether the output guesses a character wrong
  (`wrong: true`) instead of leaving U+FFFD.
* tests/cases/negative_mojibake.json — clean lines that must come back byte-identical: 12 per
  script, 24 per Chinese script and Japanese with a lone ASCII letter between CJK characters
  (what a Big5 frame shift also makes: `，` → `A`), 24 symbol-heavy lines of the CPython
  standard library sources, and `LATIN_IN_CJK`.

    python eval/mojibake/build_cases.py [--corpora DIR]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from dataset import DEFAULT_CORPORA, ROOT, paragraphs, symbol_lines
from evaluate import CHAINS, _guesses_right, frame_garble, garble

from corpusclean._mojibake.frameshift import LONE_TRAIL
from corpusclean._mojibake.repair import fix_text

SEED = "mojibake-cases-1"
MAX_CHARS = 80
FRAME_CASES = 8
"""Frame-shift cases per Chinese script."""
LOSSY_MISREAD = {"zh-Hans": "gb18030", "zh-Hant": "cp950", "ja": "cp932"}
"""Lossy cases: UTF-8 text of each script read through this codec with U+FFFD (then `?`)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    args = parser.parse_args()
    cases = []
    negative = []
    for script, chains in CHAINS.items():
        pool = [line[:MAX_CHARS] for line in paragraphs(args.corpora, script, 200, SEED)]
        negative += [{"label": f"clean {script}", "text": line} for line in pool[-12:]]
        for chain in chains:
            found = 0
            for line in pool[:150]:
                bad = garble(line, chain)
                if bad is None or bad == line or found == 2:
                    continue
                found += 1
                cases.append(
                    {
                        "label": f"{script} {chain[0]}/{chain[1]}",
                        "original": bad,
                        "fixed": line,
                        "xfail": fix_text(bad) != line,
                    }
                )
        if script in LOSSY_MISREAD:
            misread = LOSSY_MISREAD[script]
            lossy = [line for line in pool if garble(line, ("utf-8", misread)) is None][:3]
            for line in lossy:
                bad = garble(line, ("utf-8", misread), "replace")
                for label, text in (("U+FFFD", bad), ("?", bad.replace("\ufffd", "?"))):
                    fixed = fix_text(text)
                    cases.append(
                        {
                            "label": f"{script} lossy utf-8/{misread} {label}",
                            "original": text,
                            "fixed": line,
                            "xfail": fixed != line,
                            "wrong": _guessed_wrong(line, text, fixed),
                        }
                    )
        if script in ("zh-Hans", "zh-Hant", "ja"):
            wide = paragraphs(args.corpora, script, 3000, f"{SEED}-lone")
            lone = [line[:MAX_CHARS] for line in wide if LONE_TRAIL.search(line[:MAX_CHARS])]
            lone = lone[:24]
            negative += [{"label": f"clean {script} lone letter", "text": line} for line in lone]
        if script in ("zh-Hans", "zh-Hant"):
            cases += _frame_cases(script, pool)
    negative += [
        {"label": "clean symbols", "text": line}
        for line in symbol_lines(24, SEED, stdlib_only=True)
    ]
    negative += [{"label": "clean Latin letter in CJK (review)", "text": line} for line in LATIN_IN_CJK]
    out = ROOT / "tests" / "cases"
    (out / "mojibake.json").write_text(
        json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (out / "negative_mojibake.json").write_text(
        json.dumps(negative, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    xfail = sum(c.get("xfail", False) for c in cases)
    print(f"{len(cases)} cases ({xfail} xfail), {len(negative)} negative")


LATIN_IN_CJK = ("吃了維他命C之後", "維他命C對身體好", "他的Z字形走位", "这款SUV的Z字形设计", "「好啊」A君", "他说A是B的朋友")
"""Short everyday lines with a lone Latin letter that a Big5 frame-shift search once rewrote
(`C` → `。`, `Z` → `語`, `A` → `，`): written for this test, as the review found them."""


def _frame_cases(script: str, pool: list[str]) -> list[dict]:
    """`FRAME_CASES` lines of `script` with one byte dropped from their GBK/Big5 bytes (seeded),
    skipping drops of an ASCII byte (nothing to see) and lines the codec cannot hold."""
    codec = "gb18030" if script == "zh-Hans" else "cp950"
    rng = random.Random(f"{SEED}-frame-{script}")
    cases = []
    for line in pool:
        data = line.encode(codec, "ignore")
        if len(cases) == FRAME_CASES or data.decode(codec) != line:
            continue
        position = rng.randrange(len(data))
        if data[position] < 0x80:
            continue
        bad, _ = frame_garble(line, codec, position)
        fixed = fix_text(bad)
        cases.append(
            {
                "label": f"{script} frame {codec}",
                "original": bad,
                "fixed": line,
                "wrong": _guessed_wrong(line, bad, fixed),
            }
        )
    return cases


def _guessed_wrong(line: str, garbled: str, fixed: str) -> bool:
    """True if repairing `garbled` changed it and put a wrong character (not U+FFFD) in `line`."""
    return fixed != garbled and not _guesses_right(line, fixed)


if __name__ == "__main__":
    main()
