"""Damage audit: run the whole pipeline over clean real text and count what each step changes.

    python eval/audit_clean.py [--corpora ../shared/corpora] [--workers 2] [--examples 3]

Every record of the corpora's language files (news, Wikipedia, web text and treebank sentences
in eleven languages, none of it spam or mojibake) is cleaned as one JSONL input per file, so each
file is one site for the corpus steps. Whatever a step removes here is, at best, a borderline call
on healthy text: the number of documents each step changes is the figure to keep low. Duplicates
are reported apart: the corpora hold the same sentences in Simplified and Traditional script (UD
GSD and GSDSimp), which the dedup step is right to merge.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from corpusclean._clean import clean_paths
from corpusclean._config import Config
from corpusclean._manifest import read_manifest

FILES = ("en", "zh_hans", "zh_hant", "ja", "ko", "ru", "el", "fr", "de", "es", "pt")
"""Every language file; not `webpages_en.jsonl`, whose pages carry their real menus and footers."""
DEFAULT_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--examples", type=int, default=3)
    args = parser.parse_args()
    sources = [args.corpora / f"{name}.jsonl" for name in FILES]
    changed: Counter[str] = Counter()
    edits: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as out:
        report = clean_paths([str(s) for s in sources], out, Config(workers=args.workers, format="jsonl"))
        for record in read_manifest(Path(out) / "manifest.jsonl"):
            if record["status"] == "dropped":
                dropped[record.get("reason", "?")] += 1
            steps = set()
            for edit in record.get("edits", []):
                key = f"{edit['step']}/{edit['reason']}"
                edits[key] += 1
                steps.add(edit["step"])
                if len(examples[key]) < args.examples:
                    examples[key].append(f"{record['id']}: {edit['before'][:70]!r}")
            changed.update(steps)
    print(f"{report.documents} clean documents; dropped: {dict(dropped)}")
    print("documents changed, by step:", json.dumps(dict(changed.most_common())))
    for key, count in edits.most_common():
        print(f"  {key}: {count} edits")
        for example in examples[key]:
            print(f"      {example}")


if __name__ == "__main__":
    main()
