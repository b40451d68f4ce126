"""Build tests/cases/lang.json from real labelled text (fixed seed), for tests/test_lang.py.

Takes 2 NTREX sentences per langdetect language from langid.jsonl (one cut to <= 30 chars is
added for 20 languages), and 4 records each of zh-Hans, zh-Hant (including Hong Kong), ja and
ko, so the cases are third-party text with provenance (see tests/fixtures/ATTRIBUTION.md).
A case the tagger currently gets wrong is kept with `"xfail": true`, so a fix shows up as an
XPASS that must be acknowledged.

    python eval/lang/build_cases.py [--corpora DIR]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from corpusclean._lang import detect_language

ROOT = Path(__file__).resolve().parents[2]
CODES = {"zh-cn": "zh-Hans", "zh-tw": "zh-Hant"}


def _records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _case(label: str, text: str, language: str, source: str) -> dict:
    case = {"label": label, "original": text, "language": language, "source": source}
    if detect_language(text) != language:
        case["xfail"] = True
    return case


def build(corpora: Path) -> list[dict]:
    rng = random.Random("corpusclean-lang-cases")
    by_language: dict[str, list[dict]] = {}
    for record in _records(corpora / "langid.jsonl"):
        by_language.setdefault(record["lang"], []).append(record)
    cases = []
    for code in sorted(by_language):
        language = CODES.get(code, code)
        for record in rng.sample(by_language[code], 2):
            cases.append(_case(f"{record['id']}", record["text"], language, record["source"]))
    for code in sorted(by_language)[::3]:
        record = rng.choice(by_language[code])
        head = record["text"][:30]
        cases.append(_case(f"{record['id']}-short", head, CODES.get(code, code), record["source"]))
    for name in ("zh_hans", "zh_hant", "ja", "ko"):
        records = _records(corpora / f"{name}.jsonl")
        for record in rng.sample(records, 4):
            text = record["text"] if len(record["text"]) < 600 else record["text"][:600]
            cases.append(_case(record["id"], text, record["lang"], record["source"]))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    args = parser.parse_args()
    cases = build(args.corpora)
    path = ROOT / "tests" / "cases" / "lang.json"
    path.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases, {sum('xfail' in c for c in cases)} xfail -> {path}")


if __name__ == "__main__":
    main()
