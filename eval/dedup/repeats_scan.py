"""Run the `repeats` fixer over the real corpora and list every removal, for review by eye.

The corpora are clean published text, so nearly every document should come back unchanged;
each removal printed here is either a true repeat (a headline repeated in the body, a question
repeated above its answer, a repeated navigation box) or a false positive to fix.

    python eval/dedup/repeats_scan.py [--corpora ../shared/corpora]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from corpusclean._dedup.in_document import repeats

FILES = ("en.jsonl", "zh_hans.jsonl", "zh_hant.jsonl", "webpages_en.jsonl", "ja.jsonl", "ko.jsonl", "de.jsonl", "fr.jsonl", "ru.jsonl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    args = parser.parse_args()
    total = changed = 0
    for name in FILES:
        with (args.corpora / name).open(encoding="utf-8") as handle:
            for record in map(json.loads, handle):
                total += 1
                edits = repeats(record["text"]).edits
                if edits:
                    changed += 1
                    for edit in edits:
                        shown = edit.before.strip().replace("\n", " ⏎ ")
                        print(f"{record['id']}\t{edit.reason}\t{len(edit.before)} chars\t{shown[:110]}")
    print(f"\n{changed} of {total} documents changed")


if __name__ == "__main__":
    main()
