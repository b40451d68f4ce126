"""Reproducible evaluation material for mojibake repair and decoding, from real text only.

Paragraphs come from the held-out fifth of `../shared/corpora` (the records the plausibility model
in `corpusclean/data/` was NOT built from; see `is_heldout`). Symbol-heavy clean lines (math signs,
box drawing, emoji, code) are real lines of the Python sources installed on this machine (the
CPython standard library, PSF licence, and — for the evaluation only, never committed — the
installed third-party packages), which nobody in this project wrote. Lines that ftfy's own
detector (`ftfy.badness.is_bad`) calls mojibake are left out: test suites hold deliberate
mojibake such as `'PÃ¶p'`, which is not clean text.
"""

from __future__ import annotations

import json
import random
import sys
import sysconfig
from pathlib import Path

from ftfy.badness import is_bad

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))  # the model's builder defines the held-out fifth

from build_plausibility import is_heldout

DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
SCRIPTS = {
    "zh-Hans": ("zh_hans.jsonl",),
    "zh-Hant": ("zh_hant.jsonl",),
    "ja": ("ja.jsonl",),
    "ko": ("ko.jsonl",),
    "ru": ("ru.jsonl",),
    "el": ("el.jsonl",),
    "latin": ("en.jsonl", "fr.jsonl", "de.jsonl"),
}
MIN_CHARS, MAX_CHARS = 20, 400


def paragraphs(
    corpora: Path, script: str, count: int, seed: str, *, heldout: bool = True
) -> list[str]:
    """`count` held-out lines (20–400 chars, non-ASCII unless Latin) of `script`, seeded sample.

    `heldout=False` samples the training records instead (the ones the model was built from):
    thresholds are tuned there, so the held-out numbers reported stay unseen.
    """
    lines: list[str] = []
    for name in SCRIPTS[script]:
        with (corpora / name).open(encoding="utf-8") as handle:
            for raw in handle:
                record = json.loads(raw)
                if is_heldout(record["id"]) != heldout:
                    continue
                for line in record["text"].splitlines():
                    line = line.strip()
                    if MIN_CHARS <= len(line) <= MAX_CHARS and (
                        script == "latin" or not line.isascii()
                    ):
                        lines.append(line)
    lines = sorted(set(lines))
    random.Random(f"{seed}-{script}").shuffle(lines)
    return lines[:count]


def symbol_lines(count: int, seed: str, *, stdlib_only: bool = False) -> list[str]:
    """Real non-ASCII lines full of symbols (math, boxes, emoji) from installed Python sources."""
    paths = sysconfig.get_paths()
    roots = (
        [Path(paths["stdlib"])] if stdlib_only else [Path(paths["stdlib"]), Path(paths["purelib"])]
    )
    found: set[str] = set()
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            if stdlib_only and "site-packages" in path.parts:
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            for line in text.splitlines():
                line = line.strip()
                if 8 <= len(line) <= 200 and not line.isascii() and _symbolic(line):
                    found.add(line)
    lines = sorted(line for line in found if not is_bad(line))
    random.Random(f"{seed}-symbols").shuffle(lines)
    return lines[:count]


def _symbolic(line: str) -> bool:
    """True if the line holds a math sign, box-drawing character, arrow, emoji or other symbol."""
    return any(
        0x2190 <= ord(ch) <= 0x2BFF or ord(ch) >= 0x1F000 or ch in "×÷±°µ²³¹½¼¾·§¶©®™€£¥"
        for ch in line
    )


if __name__ == "__main__":  # quick look: python eval/mojibake/dataset.py
    corpora = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPORA
    for script in SCRIPTS:
        print(script, len(paragraphs(corpora, script, 100000, "look")))
    print("symbols", len(symbol_lines(100000, "look")))
