"""Build tests/cases/lang.json and lang_close.json from real labelled text, for tests/test_lang.py.

Takes 2 NTREX sentences per langdetect language from langid.jsonl (one cut to <= 30 chars is
added for 20 languages), and 4 records each of zh-Hans, zh-Hant (including Hong Kong), ja and
ko, so the cases are third-party text with provenance (see tests/fixtures/ATTRIBUTION.md).
A case the tagger currently gets wrong is kept with `"xfail": true`, so a fix shows up as an
XPASS that must be acknowledged.

lang_close.json holds the sentences of `CLOSE_NEIGHBOURS`: close-language pairs (da/no, pt/es,
sl/hr, bg/mk, sk/cs) that the n-gram scorer alone got wrong and word evidence gets right.

    python eval/lang/build_cases.py [--corpora DIR]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from corpusclean._lang.tagger import detect_language

ROOT = Path(__file__).resolve().parents[2]
CODES = {"zh-cn": "zh-Hans", "zh-tw": "zh-Hant"}
CLOSE_NEIGHBOURS = (
    "ntrex-dan-340", "ntrex-dan-449", "ntrex-nob-414", "ntrex-nob-620", "ntrex-por-1054",
    "ntrex-por-1252", "ud-portuguese-gsd-test-s285", "ntrex-spa-334",
    "ud-spanish-gsd-es-dev-001-s138", "ntrex-slv-112", "ntrex-slv-392", "ntrex-hrv-1050",
    "ntrex-hrv-1755", "ntrex-bul-1751", "ntrex-slk-1012", "ntrex-ces-1159",
)  # fmt: skip


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


def close_neighbours(corpora: Path) -> list[dict]:
    """The `CLOSE_NEIGHBOURS` sentences, by record id."""
    records = {
        record["id"]: record
        for name in ("langid", "es", "pt")
        for record in _records(corpora / f"{name}.jsonl")
    }
    return [
        _case(key, records[key]["text"], records[key]["lang"], records[key]["source"])
        for key in CLOSE_NEIGHBOURS
    ]


def _write(name: str, cases: list[dict]) -> None:
    path = ROOT / "tests" / "cases" / name
    path.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases, {sum('xfail' in c for c in cases)} xfail -> {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    args = parser.parse_args()
    _write("lang.json", build(args.corpora))
    _write("lang_close.json", close_neighbours(args.corpora))


if __name__ == "__main__":
    main()
