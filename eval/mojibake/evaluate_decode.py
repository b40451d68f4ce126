"""Accuracy of `decode()` per encoding, against chardet alone and charset-normalizer alone.

Real held-out paragraphs of each script (dataset.py) are saved in each encoding that script was
commonly stored in; a decoding is correct when it gives back the text exactly (so GB18030 for a
GBK file counts as correct, and Windows-1252 for a Latin-1 file does too when the text is the
same). Two sizes: one paragraph ("short", 20–400 characters) and five joined ("long").

    python eval/mojibake/evaluate_decode.py [--corpora DIR] [--per-cell N]
"""

from __future__ import annotations

import argparse
import codecs
import time
from collections.abc import Callable
from pathlib import Path

import chardet
import charset_normalizer
from dataset import DEFAULT_CORPORA, paragraphs

from corpusclean._errors import InputError
from corpusclean._io.encoding import _SUPERSET, decode

ENCODINGS = {
    "zh-Hans": ("gbk", "gb18030", "utf-16-le"),
    "zh-Hant": ("big5", "cp950"),
    "ja": ("shift_jis", "euc_jp"),
    "ko": ("euc_kr",),
    "ru": ("cp1251", "koi8_r", "iso8859_5"),
    "el": ("cp1253", "iso8859_7"),
    "latin": ("cp1252", "latin-1", "utf-8"),
}


def by_chardet(data: bytes) -> str | None:
    """chardet's top answer, widened to its superset as decode() does."""
    name = chardet.detect(data)["encoding"]
    if not name:
        return None
    try:
        codec = codecs.lookup(name).name.replace("-", "_")
    except LookupError:
        return None
    try:
        return data.decode(_SUPERSET.get(codec, codec))
    except UnicodeDecodeError:
        return None


def by_charset_normalizer(data: bytes) -> str | None:
    """charset-normalizer's best guess."""
    best = charset_normalizer.from_bytes(data).best()
    return None if best is None else str(best)


def by_decode(data: bytes) -> str | None:
    """corpusclean.decode()."""
    try:
        return decode(data).text
    except InputError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--per-cell", type=int, default=60)
    args = parser.parse_args()
    methods: dict[str, Callable[[bytes], str | None]] = {
        "decode": by_decode,
        "chardet": by_chardet,
        "charset-normalizer": by_charset_normalizer,
    }
    print(f"{'encoding':22} {'size':5} {'n':>4} " + " ".join(f"{m:>18}" for m in methods))
    totals = {m: [0, 0] for m in methods}
    timings = {m: 0.0 for m in methods}
    for script, encodings in ENCODINGS.items():
        pool = paragraphs(args.corpora, script, args.per_cell * 6, "decode-eval")
        short = pool[: args.per_cell]
        long = ["\n".join(pool[i : i + 5]) for i in range(args.per_cell, args.per_cell * 6, 5)]
        for encoding in encodings:
            for size, texts in (("short", short), ("long", long)):
                items = []
                for text in texts:
                    try:
                        items.append((text, text.encode(encoding)))
                    except UnicodeEncodeError:
                        continue
                row = []
                for name, method in methods.items():
                    started = time.perf_counter()
                    correct = sum(method(data) == text for text, data in items)
                    timings[name] += time.perf_counter() - started
                    totals[name][0] += correct
                    totals[name][1] += len(items)
                    row.append(f"{correct / max(1, len(items)):18.3f}")
                print(f"{script + ' ' + encoding:22} {size:5} {len(items):4} " + " ".join(row))
    print()
    for name, (correct, n) in totals.items():
        print(f"{name:20} micro accuracy {correct / n:.3f} over {n} files, {timings[name]:.1f}s")


if __name__ == "__main__":
    main()
