"""Write the spam test cases and clean fixtures from the real corpora (fixed seed).

    python eval/spam/build_cases.py [--corpora ../shared/corpora]

* `tests/cases/spam.json` — label/original/fixed: short evaluation documents (see evaluate.py)
  whose inserts the step must remove; `fixed` is the untouched host text. Clause splices, which
  the step only flags, are kept as known failures (`"xfail": true`).
* `tests/cases/spam_clean.json` — label/original: untouched real articles that must come back
  byte-identical.
* `tests/fixtures/spam/sentences.json` — real sentences the property tests join into clean text.
All text is CC BY-SA (NTREX, CMRC 2018, XQuAD) or MIT (spam lists); see tests/fixtures/ATTRIBUTION.md.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from evaluate import ROOT, build, hosts

from corpusclean._spam.inserts import spam

MAX_CHARS = 1500
PER_GROUP = 2


def _without(text: str, spans: list[list[int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end:]
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    args = parser.parse_args()
    docs = [d for d in build(args.corpora, seed=5) if len(d["text"]) <= MAX_CHARS]
    cases, clean, taken = [], [], {}
    for doc in docs:
        group = (doc["lang"], doc["source"], doc["kind"])
        if taken.get(group, 0) >= PER_GROUP:
            continue
        expected = _without(doc["text"], doc["gold"])
        case = {"label": f"{doc['lang']}-{doc['source']}-{doc['kind']}-{taken.get(group, 0)}", "original": doc["text"]}
        if doc["kind"] == "clean":
            clean.append(case)
        elif spam(doc["text"]).text == expected:
            cases.append({**case, "fixed": expected})
        elif doc["kind"] == "clause":
            cases.append({**case, "fixed": expected, "xfail": True})
        else:
            continue
        taken[group] = taken.get(group, 0) + 1
    sentences = []
    for lang, _, _, body in hosts(args.corpora)[::40]:
        sentences += [s for s in re.split(r"(?<=[.!?。！？])\s*", body) if 20 <= len(s) <= 200][:4]
    for path, data in (
        (ROOT / "tests" / "cases" / "spam.json", cases),
        (ROOT / "tests" / "cases" / "spam_clean.json", clean),
        (ROOT / "tests" / "fixtures" / "spam" / "sentences.json", sentences),
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(data)} items")


if __name__ == "__main__":
    main()
