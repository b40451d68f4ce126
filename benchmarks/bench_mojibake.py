"""Mojibake repair speed: corpusclean's fix_text against ftfy.fix_text, in one run.

Clean text: held-out real paragraphs of every script (eval/mojibake/dataset.py), each script's
paragraphs joined into one document of lines, so per-line work is measured as the pipeline sees
it. Target: fix_text 1.5 times as fast as ftfy.fix_text on clean text (at least as fast).
Garbled text: the same paragraphs garbled (UTF-8 read as GBK for CJK, with U+FFFD where GBK
cannot decode, as most such text is; read as cp1252 for the rest),
chars/s for fix_text and, on the Latin-1-family kinds it can repair, ftfy.fix_text; and
frame-shifted Chinese (one byte dropped from each line's GBK/Big5 bytes, seeded); and Traditional
Chinese UTF-8 read as Big5 with U+FFFD (about one byte lost per character: the lattice decoding
of `_mojibake.lossy` at its most costly).
Both libraries are warmed up (models loaded) before timing; best of --repeat runs. Times are CPU
seconds of this process (`time.process_time`), not wall time: the machine is shared, and other
jobs stretch wall time but not the CPU time a pass takes. The last clean line, `ratio`, is
ftfy.fix_text's CPU time over corpusclean.fix_text's on all clean text (target >= 1.5).

    python benchmarks/bench_mojibake.py [--corpora DIR] [--per-script 300] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ftfy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval" / "mojibake"))

from dataset import DEFAULT_CORPORA, SCRIPTS, paragraphs
from evaluate import frame_garble, garble

from corpusclean._mojibake.lossy import _candidates
from corpusclean._mojibake.repair import _frame_shift, _search, fix_text


def _rate(function: Callable[[str], str], documents: list[str], repeat: int) -> float:
    """Characters per CPU second, best of `repeat` passes over `documents`."""
    size = sum(map(len, documents))
    best = float("inf")
    for _ in range(repeat):
        _search.cache_clear()  # each pass pays for its own searches
        _frame_shift.cache_clear()
        _candidates.cache_clear()
        started = time.process_time()
        for document in documents:
            function(document)
        best = min(best, time.process_time() - started)
    return size / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--per-script", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    fix_text("warm up: 浠ョ幆 CafÃ©")
    fix_text("warm up: 鍛ㄤ簲锛屾斂搴滃畼鍛樿〃绀猴紝宸叉湁7浜鸿閫佸線鍖婚櫌杩涜娌荤枟銆\ufffd")  # lossy index
    ftfy.fix_text("warm up: CafÃ©")
    print(f"{'text':18} {'chars':>8} {'fix_text c/s':>14} {'ftfy c/s':>12} {'ratio':>7}")
    clean_docs: list[str] = []
    garbled_docs: list[str] = []
    for script in SCRIPTS:
        lines = paragraphs(args.corpora, script, args.per_script, "bench")
        document = "\n".join(lines)
        clean_docs.append(document)
        misread = (
            "gb18030" if script in ("zh-Hans", "zh-Hant", "ja", "ko") else "sloppy-windows-1252"
        )
        garbled_docs.append(
            "\n".join(garble(line, ("utf-8", misread), "replace") for line in lines)
        )
        ours = _rate(fix_text, [document], args.repeat)
        theirs = _rate(ftfy.fix_text, [document], args.repeat)
        print(
            f"clean {script:12} {len(document):8} {ours:14,.0f} {theirs:12,.0f} {ours / theirs:7.2f}"
        )
    ours = _rate(fix_text, clean_docs, args.repeat)
    theirs = _rate(ftfy.fix_text, clean_docs, args.repeat)
    size = sum(map(len, clean_docs))
    print(f"{'clean, all':18} {size:8} {ours:14,.0f} {theirs:12,.0f} {ours / theirs:7.2f}")
    rng = random.Random("bench-frame")
    for script, codec in (("zh-Hans", "gb18030"), ("zh-Hant", "cp950")):
        shifted = []
        for line in paragraphs(args.corpora, script, args.per_script, "bench"):
            position = rng.randrange(len(line.encode(codec, "ignore")))
            shifted.append(frame_garble(line, codec, position)[0])
        garbled_docs.append("\n".join(shifted))
    big5 = paragraphs(args.corpora, "zh-Hant", args.per_script, "bench")
    garbled_docs.append("\n".join(garble(line, ("utf-8", "cp950"), "replace") for line in big5))
    names = [*SCRIPTS, "zh-Hans frame", "zh-Hant frame", "zh-Hant big5"]
    for name, document in zip(names, garbled_docs):
        ours = _rate(fix_text, [document], 1)
        theirs = _rate(ftfy.fix_text, [document], 1)
        print(
            f"garbled {name:10} {len(document):8} {ours:14,.0f} {theirs:12,.0f}"
            f" {ours / theirs:7.2f}"
        )


if __name__ == "__main__":
    main()
