"""Injected titles at every length: the spam step against "delete later copies of line 1".

    python eval/spam/evaluate_titles.py [--corpora ../shared/corpora] [--split dev|test|all] [--seed 5]

Hosts are real articles whose first line is their title: NTREX news (English, Simplified and
Traditional Chinese: the same 123 stories, headlines of 2-30 words), CMRC 2018 (Simplified) and
DRCD (Traditional) Wikipedia paragraphs under their article titles (often 2-6 Han characters,
the subject's own name, so the body names it again and again). Every host gives:

* `title` — its title pasted 3-6 times between two words / two Han characters of body sentences,
  the title line kept on top (all lengths: no scope filter);
* `clean` — untouched, title line on top (what the title rules must leave alone: a Wikipedia
  article names its subject; a news lead may repeat its headline's words);
* `quoted` — untouched but for one copy of the title in quotation marks inside the first body
  sentence (`“title”` / `"title"`), which is content.

Hosts are split by a hash of their title: `dev` (tune) and `test` (report), about half each,
and DRCD is in `test` only, a source never looked at while tuning. Span recall counts a pasted
copy found when 80% of its characters are removed; damage = clean characters removed / all
clean characters; untouched = share of `clean`/`quoted` documents returned byte-identical.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

import xxhash

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate import insert  # noqa: E402

from corpusclean._spam.inserts import spam  # noqa: E402

WIKI_HOSTS = 300
"""Wikipedia hosts per source (one paragraph per article)."""


def _records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def hosts(corpora: Path) -> list[dict]:
    """Every host article: language, source, title, body."""
    out = []
    for name, lang in (("en.jsonl", "en"), ("zh_hans.jsonl", "zh"), ("zh_hant.jsonl", "zh")):
        seen: set[str] = set()
        for record in _records(corpora / name):
            source = record["source"]
            if "NTREX" in source:
                title, _, body = record["text"].partition("\n")
                out.append({"lang": lang, "source": f"ntrex-{name.split('.')[0]}", "title": title.strip(), "body": body})
            elif ("cmrc" in source or "DRCD" in source) and record.get("title") and len(record["text"]) >= 300:
                if record["title"] in seen or len(seen) >= WIKI_HOSTS:
                    continue
                seen.add(record["title"])
                wiki = "cmrc" if "cmrc" in source else "drcd"
                out.append({"lang": lang, "source": wiki, "title": record["title"].strip(), "body": record["text"]})
    return out


def split_of(host: dict) -> str:
    """`test` for DRCD and for about half of the other hosts (by title hash), else `dev`."""
    if host["source"] == "drcd":
        return "test"
    return "test" if xxhash.xxh64_intdigest(host["title"].encode("utf-8")) % 2 else "dev"


def length_bucket(lang: str, title: str) -> str:
    """Title length class: Han characters for Chinese, words for English."""
    if lang == "en":
        words = len(title.split())
        return "1-2 words" if words <= 2 else "3+ words"
    han = sum("\u4e00" <= ch <= "\u9fff" for ch in title)
    return "<=6 han" if han <= 6 else "7-10 han" if han <= 10 else "11+ han"


def _quoted(lang: str, title: str, body: str) -> str:
    """`body` with the title quoted after the first clause mark of its first sentence."""
    mark = "，" if lang == "zh" else ", "
    cut = body.find(mark)
    if cut < 0 or cut > 200:
        return ""
    quote = f"“{title}”" if lang == "zh" else f'"{title}"'
    return body[: cut + len(mark)] + quote + body[cut + len(mark) :]


def build(corpora: Path, seed: int, split: str) -> list[dict]:
    """The test documents of the chosen split."""
    rng = random.Random(seed)
    docs = []
    for host in hosts(corpora):
        if split != "all" and split_of(host) != split:
            continue
        lang, title, body = host["lang"], host["title"], host["body"]
        base = {"lang": lang, "source": host["source"], "bucket": length_bucket(lang, title)}
        text, gold = insert(lang, body, [title] * rng.randint(3, 6), rng)
        if gold:
            head = title + "\n"
            docs.append({**base, "kind": "title", "text": head + text, "gold": [(s + len(head), e + len(head)) for s, e in gold]})
        docs.append({**base, "kind": "clean", "text": title + "\n" + body, "gold": []})
        quoted = _quoted(lang, title, body)
        if quoted:
            docs.append({**base, "kind": "quoted", "text": title + "\n" + quoted, "gold": []})
    return docs


def baseline(text: str) -> list[tuple[int, int]]:
    """Delete every later copy of line 1 (the first non-blank line)."""
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not title:
        return []
    start = text.index(title) + len(title)
    spans = []
    while (found := text.find(title, start)) >= 0:
        spans.append((found, found + len(title)))
        start = found + len(title)
    return spans


def removed_by_spam(text: str) -> list[tuple[int, int]]:
    return [(edit.start, edit.end) for edit in spam(text).edits]


def evaluate(docs: list[dict], method) -> dict[str, dict[str, float]]:
    """Rows by language, source and title length: recall, precision, damage, untouched."""
    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for doc in docs:
        removed: set[int] = set()
        for start, end in method(doc["text"]):
            removed.update(range(start, end))
        gold: set[int] = set()
        for start, end in doc["gold"]:
            gold.update(range(start, end))
        keys = ["all", f"{doc['lang']}", f"{doc['lang']}/{doc['bucket']}", f"src/{doc['source']}"]
        for key in keys:
            s = stats[key]
            s["spans"] += len(doc["gold"])
            s["found"] += sum(len(removed & set(range(a, b))) >= 0.8 * (b - a) for a, b in doc["gold"])
            s["removed"] += len(removed)
            s["removed_gold"] += len(removed & gold)
            s["clean_chars"] += len(doc["text"]) - len(gold)
            s["clean_removed"] += len(removed - gold)
            if doc["kind"] != "title":
                s["untouched"] += 1
                s["unchanged"] += not removed
    return {
        key: {
            "spans": int(s["spans"]),
            "recall": round(s["found"] / s["spans"], 3) if s["spans"] else None,
            "precision": round(s["removed_gold"] / s["removed"], 3) if s["removed"] else None,
            "damage_pct": round(100 * s["clean_removed"] / s["clean_chars"], 3),
            "untouched_unchanged": round(s["unchanged"] / s["untouched"], 3) if s["untouched"] else None,
        }
        for key, s in sorted(stats.items())
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    docs = build(args.corpora, args.seed, args.split)
    print(f"split {args.split}: {len(docs)} documents")
    results = {"spam step": evaluate(docs, removed_by_spam), "baseline (later copies of line 1)": evaluate(docs, baseline)}
    for name, table in results.items():
        print(f"\n{name}")
        print(f"{'set':18} {'spans':>6} {'recall':>7} {'prec':>6} {'damage%':>8} {'untouched':>9}")
        for key, row in table.items():
            cells = ["-" if row[k] is None else str(row[k]) for k in ("recall", "precision", "damage_pct", "untouched_unchanged")]
            print(f"{key:18} {row['spans']:>6} {cells[0]:>7} {cells[1]:>6} {cells[2]:>8} {cells[3]:>9}")


if __name__ == "__main__":
    main()
