"""Write a seed corpus for fuzz/fuzz_clean.py: the seeds/ files, the test fixtures, and texts
sampled from the third-party corpora (../shared/corpora/*.jsonl), each cut to 4 kB and written
as UTF-8 plus, for a share of them, re-encoded in a legacy encoding (GB18030, Big5, Shift_JIS,
Windows-1252) so the decoder's legacy paths are reached from the first run.

    python fuzz/make_seeds.py fuzz/corpus [--per-file 40]
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
LEGACY = ("gb18030", "big5", "shift_jis", "cp1252")


def seeds(per_file: int) -> list[bytes]:
    """Seed inputs as bytes, in a fixed order."""
    found = [p.read_bytes()[:4096] for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for jsonl in sorted(CORPORA.glob("*.jsonl")):
        with jsonl.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                if number >= per_file:
                    break
                record = json.loads(line)
                text = next((v for k, v in record.items() if k in ("text", "content", "body") and isinstance(v, str)), None)
                if not text:
                    continue
                text = text[:1500]
                found.append(text.encode("utf-8"))
                encoding = LEGACY[number % len(LEGACY)]
                try:
                    found.append(text.encode(encoding))
                except UnicodeEncodeError:
                    pass
    found.append(json.dumps({"text": "a\ud800b\u0000c"}).encode())
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-file", type=int, default=40)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    items = seeds(args.per_file)
    for data in items:
        (args.out / hashlib.sha1(data).hexdigest()).write_bytes(data)
    print(f"{len(items)} seeds in {args.out}")


if __name__ == "__main__":
    main()
