"""Clean-text audit of the repair step: every line of the corpora, as written, in CAPITALS and in
Title Case, and every short word alone, must come back from `corpusclean.fix_text` unchanged.

Why: the plausibility model behind the cross-codec search was built from ordinary running text,
so text unlike it — a Russian headline in capitals, Norwegian `ÅØ`, a classical Chinese poem of
rare characters, a lone word — is where a clean line looks least plausible and a wrong re-reading
most tempting. Case is not evidence of mojibake, so every line is tried in three cases; short
words carry the least context, so each distinct non-ASCII word (up to `SHORT_WORD` characters)
is tried alone in the same three cases.

What: `lines(corpora)` yields (file, form, text) for every line of every `*.jsonl` file of the
corpora folder (`spam/` left out: it holds deliberate junk); `audit(items)` runs `fix_text` on
each and returns the changed ones. Prints counts per file and form and every change found;
exits 1 if any line changed. `--sample N` takes N lines per file (seeded); with
`--write-sample PATH` those lines are written out instead (the fixture of the fast test in
tests/test_mojibake_clean.py: tests/fixtures/mojibake/clean_sample.jsonl, 30 per file).

    python eval/mojibake/audit_case.py [--corpora DIR] [--sample N] [--no-words]
    python eval/mojibake/audit_case.py --sample 30 \
        --write-sample tests/fixtures/mojibake/clean_sample.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import regex

from corpusclean import fix_text

DEFAULT_CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
FORMS = ("as-written", "upper", "title")
SHORT_WORD = 6
"""Words up to this many characters are also tried alone (`--no-words` skips them)."""
_WORD = regex.compile(r"[\p{L}\p{M}]+")


def cased(text: str) -> Iterator[tuple[str, str]]:
    """(form, text) for `text` as written, in capitals and in Title Case (duplicates dropped)."""
    seen = set()
    for form, variant in zip(FORMS, (text, text.upper(), text.title())):
        if variant not in seen:
            seen.add(variant)
            yield form, variant


def corpus_lines(path: Path) -> list[tuple[str, str]]:
    """(line, id of its first record) for every distinct non-blank line of a corpora file."""
    found: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            record = json.loads(raw)
            for key in ("text", "text_hant"):
                for line in record.get(key, "").split("\n"):
                    if line.strip():
                        found.setdefault(line, record["id"])
    return sorted(found.items())


def lines(
    corpora: Path, *, sample: int | None = None, words: bool = True, seed: str = "audit-case"
) -> Iterator[tuple[str, str, str]]:
    """(file, form, text) for every line of every corpora file in each of `FORMS`; with
    `sample`, `sample` lines per file (seeded); with `words`, each distinct non-ASCII word of up
    to `SHORT_WORD` characters too (form `word-<form>`)."""
    for path in sorted(corpora.glob("*.jsonl")):
        found = [line for line, _ in corpus_lines(path)]
        if sample is not None:
            found = random.Random(f"{seed}-{path.stem}").sample(found, min(sample, len(found)))
        for line in found:
            for form, text in cased(line):
                yield path.stem, form, text
        if words:
            short = sorted(
                {
                    word
                    for line in found
                    for word in _WORD.findall(line)
                    if len(word) <= SHORT_WORD and not word.isascii()
                }
            )
            for word in short:
                for form, text in cased(word):
                    yield path.stem, f"word-{form}", text


def write_sample(corpora: Path, per_file: int, out: Path, seed: str = "audit-case") -> None:
    """Write `per_file` seeded lines of each corpora file to `out` as JSON lines (file, id,
    text): the fixture of the fast clean-text test."""
    with out.open("w", encoding="utf-8") as handle:
        for path in sorted(corpora.glob("*.jsonl")):
            found = corpus_lines(path)
            rng = random.Random(f"{seed}-{path.stem}")
            for line, record in sorted(rng.sample(found, min(per_file, len(found)))):
                row = {"file": path.name, "id": record, "text": line}
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def audit(items: Iterable[tuple[str, str, str]]) -> tuple[Counter[tuple[str, str]], list]:
    """Counts of items per (file, form), and every (file, form, text, fixed) that changed."""
    counts: Counter[tuple[str, str]] = Counter()
    changed = []
    for name, form, text in items:
        counts[name, form] += 1
        fixed = fix_text(text)
        if fixed != text:
            changed.append((name, form, text, fixed))
    return counts, changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--sample", type=int, help="lines per file (seeded); default every line")
    parser.add_argument("--no-words", action="store_true", help="skip the short-word items")
    parser.add_argument(
        "--write-sample", type=Path, help="write --sample lines per file here, then stop"
    )
    args = parser.parse_args()
    if args.write_sample is not None:
        write_sample(args.corpora, args.sample or 30, args.write_sample)
        return 0
    started = time.process_time()
    counts, changed = audit(lines(args.corpora, sample=args.sample, words=not args.no_words))
    bad = Counter((name, form) for name, form, _, _ in changed)
    for key in sorted(counts):
        print(f"{key[0]:20} {key[1]:18} {counts[key]:8,} changed {bad[key]:5,}")
    total = sum(counts.values())
    seconds = time.process_time() - started
    print(f"total {total:,} items, {len(changed):,} changed, {seconds:.0f} CPU s")
    for name, form, text, fixed in changed:
        print(f"{name}/{form}: {text[:120]!r}\n  -> {fixed[:120]!r}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
