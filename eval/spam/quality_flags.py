"""How often the quality step flags clean real text, and which flags the seeds get.

    python eval/spam/quality_flags.py [--corpora ../shared/corpora]

Every record of the English and Chinese corpora files is clean published text (news, Wikipedia,
treebank sentences, web posts), so any flag there is a false alarm or damage already present in
the source (DRCD keeps a few `?` for characters its encoder lost). Prints, per file, the number
of documents, the count of each flag, and the mean score; then the seeds' flags.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from corpusclean._quality.score import quality  # noqa: E402

FILES = ("en.jsonl", "zh_hans.jsonl", "zh_hant.jsonl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    args = parser.parse_args()
    for name in FILES:
        flags: Counter[str] = Counter()
        scores = []
        with (args.corpora / name).open(encoding="utf-8") as handle:
            for line in handle:
                metadata = quality(json.loads(line)["text"]).metadata
                flags.update(metadata.get("flags", []))
                scores.append(metadata["quality"]["score"])
        flagged = ", ".join(f"{flag} {count}" for flag, count in sorted(flags.items())) or "none"
        print(f"{name}: {len(scores)} docs, mean score {sum(scores) / len(scores):.4f}, flags: {flagged}")
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        metadata = quality(seed.read_text(encoding="utf-8")).metadata
        print(f"{seed.name[:3]}: score {metadata['quality']['score']}, flags {metadata.get('flags', [])}")


if __name__ == "__main__":
    main()
