"""Evaluate the spam step on real articles with real inserts spliced in (fixed seed).

    python eval/spam/evaluate.py [--corpora ../shared/corpora] [--seed 5] [--min-score X] [--dump FILE]

Hosts: NTREX news articles (English source and Simplified Chinese translation, first line =
headline) and CMRC 2018 Chinese Wikipedia paragraphs. Each host yields one test document of each
kind (`title` only when the title is in scope: six Han characters or three words):
* `title`   — the host's own headline (CMRC: its article title repeated as written) pasted 3–6
              times between two words of body sentences;
* `phrase`  — 1–3 real spam/advertising phrases pasted mid-sentence, from the fifth of the
              corpora/spam lists that the shipped lexicon leaves out (`build_spam.held_out`):
              phrases the step has never seen;
* `lexicon` — the same with phrases the shipped lexicon holds (measures the matcher, not
              generalisation; left out of the `all` row);
* `clause`  — 1–2 clauses cut from unrelated real text (XQuAD Wikipedia for English hosts,
              CMRC paragraphs of another article for Chinese) pasted mid-sentence;
* `clean`   — left untouched.
None of the text is written by this project and none comes from the seeds.

Metrics (gold spans are the inserted characters):
* span recall — share of inserted spans with at least 80% of their characters removed;
* precision — share of removed characters that were inserted ones;
* damage — share of the original (clean) characters that were removed;
* untouched unchanged — share of `clean` documents returned byte-identical.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts.build_spam import held_out  # noqa: E402

from corpusclean._spam.inserts import MIN_SCORE, spam  # noqa: E402

KINDS = ("title", "phrase", "lexicon", "clause", "clean")
CMRC_HOSTS = 150
"""CMRC paragraphs used as hosts (one per Wikipedia article), so Chinese does not swamp English."""


def _records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def hosts(corpora: Path) -> list[tuple[str, str, str, str]]:
    """(language, source, title, body) for every host article."""
    out, seen = [], set()
    for r in _records(corpora / "en.jsonl"):
        if r.get("kind") == "news-article":
            title, _, body = r["text"].partition("\n")
            out.append(("en", "ntrex", title.strip(), body))
    for r in _records(corpora / "zh_hans.jsonl"):
        if "NTREX" in r["source"]:
            title, _, body = r["text"].partition("\n")
            out.append(("zh", "ntrex", title.strip(), body))
        elif "cmrc" in r["source"] and len(r["text"]) >= 300 and r.get("title") not in seen and len(seen) < CMRC_HOSTS:
            seen.add(r.get("title"))
            out.append(("zh", "cmrc", r["title"], r["text"]))
    return out


def donors(corpora: Path) -> dict[str, list[str]]:
    """Unrelated real clauses: English from XQuAD Wikipedia, Chinese from CMRC paragraphs."""
    en, zh = [], []
    for r in _records(corpora / "en.jsonl"):
        if "xquad" in r["source"]:
            for part in re.split(r"[,;.:()]", r["text"]):
                if 5 <= len(part.split()) <= 14:
                    en.append(part.strip())
    for r in _records(corpora / "zh_hans.jsonl"):
        if "cmrc" in r["source"]:
            for part in re.split(r"[，。；：（）]", r["text"]):
                if 8 <= sum(map(_han, part)) <= 24 and sum(map(_han, part)) >= 0.8 * len(part):
                    zh.append(part)
    return {"en": en, "zh": zh}


def phrases(corpora: Path, unseen: bool) -> dict[str, list[str]]:
    """Real spam/advertising phrases from the corpora's spam lists (two words / three Han or
    more): the held-out fifth the lexicon never saw (`unseen`), or the rest."""
    en = []
    for path in sorted((corpora / "spam").glob("en_spam_words_*.txt")):
        en += [p.strip() for p in path.read_text(encoding="utf-8").splitlines() if len(p.split()) >= 2]
    zh = [p.strip() for p in (corpora / "spam" / "zh_ad_spam_words.txt").read_text(encoding="utf-8").splitlines()
          if sum(map(_han, p)) >= 3]
    return {lang: sorted({p for p in found if held_out(p) == unseen}) for lang, found in (("en", en), ("zh", zh))}


def mid_sentence_points(lang: str, body: str) -> list[int]:
    """Offsets between two words (English) or two Han characters (Chinese) inside a sentence."""
    if lang == "en":
        return [m.start() for m in re.finditer(r"(?<=[a-z]) (?=[a-z])", body)]
    return [i for i in range(1, len(body)) if _han(body[i - 1]) and _han(body[i])]


def insert(lang: str, body: str, pieces: list[str], rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """`body` with `pieces` inserted at distinct mid-sentence points; returns text and gold spans."""
    points = mid_sentence_points(lang, body)
    if len(points) < len(pieces):
        return body, []
    chosen = sorted(rng.sample(points, len(pieces)))
    out, gold, cursor = [], [], 0
    for point, piece in zip(chosen, pieces):
        out.append(body[cursor:point])
        start = sum(map(len, out))
        text = " " + piece if lang == "en" else piece
        out.append(text)
        gold.append((start, start + len(text)))
        cursor = point
    out.append(body[cursor:])
    return "".join(out), gold


def title_length(lang: str, title: str) -> bool:
    """Whether a title is long enough to be in scope (six Han characters or three words)."""
    return len(title.split()) >= 3 if lang == "en" else sum(map(_han, title)) >= 6


def build(corpora: Path, seed: int) -> list[dict]:
    rng = random.Random(seed)
    donor = donors(corpora)
    phrase = {"phrase": phrases(corpora, unseen=True), "lexicon": phrases(corpora, unseen=False)}
    docs = []
    for lang, source, title, body in hosts(corpora):
        for kind in KINDS:
            if kind != "title" or title_length(lang, title):
                docs.append(_variant(lang, source, kind, title, body, donor, phrase, rng))
    return docs


def _variant(
    lang: str, source: str, kind: str, title: str, body: str, donor: dict, phrase: dict[str, dict], rng: random.Random
) -> dict:
    """One test document of `kind` made from a host article."""
    if kind == "title":
        pieces = [title] * rng.randint(3, 6)
    elif kind in phrase:
        pieces = rng.sample(phrase[kind][lang], rng.randint(1, 3))
    elif kind == "clause":
        pieces = rng.sample(donor[lang], rng.randint(1, 2))
    else:
        pieces = []
    text, gold = insert(lang, body, pieces, rng)
    if pieces and not gold:
        kind, text = "clean", body
    head = title + "\n" if kind == "title" or rng.random() < 0.5 else ""
    gold = [(s + len(head), e + len(head)) for s, e in gold]
    return {"lang": lang, "source": source, "kind": kind, "text": head + text, "gold": gold}


def evaluate(docs: list[dict], min_score: float) -> dict:
    stats: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    elapsed = 0.0
    for doc in docs:
        began = time.perf_counter()
        fixed = spam(doc["text"], min_score=min_score)
        elapsed += time.perf_counter() - began
        removed = set()
        for edit in fixed.edits:
            removed.update(range(edit.start, edit.end))
        gold_chars = set()
        for start, end in doc["gold"]:
            gold_chars.update(range(start, end))
        keys = [(doc["lang"], doc["kind"]), ("all", doc["kind"])]
        if doc["kind"] != "lexicon":  # the `all` rows measure what generalises
            keys += [(doc["lang"], "all"), ("all", "all")]
        if doc["lang"] == "zh":
            keys.append((f"zh-{doc['source']}", doc["kind"]))
        for key in keys:
            s = stats[key]
            s["docs"] += 1
            s["spans"] += len(doc["gold"])
            s["found"] += sum(1 for a, b in doc["gold"] if len(removed & set(range(a, b))) >= 0.8 * (b - a))
            s["removed"] += len(removed)
            s["removed_gold"] += len(removed & gold_chars)
            s["clean_chars"] += len(doc["text"]) - len(gold_chars)
            s["clean_removed"] += len(removed - gold_chars)
            s["flagged"] += bool(fixed.metadata.get("flags"))
            if doc["kind"] == "clean":
                s["clean_docs"] += 1
                s["clean_unchanged"] += fixed.text == doc["text"]
    table = {}
    for (lang, kind), s in sorted(stats.items()):
        table[f"{lang}/{kind}"] = {
            "docs": int(s["docs"]),
            "spans": int(s["spans"]),
            "span_recall": round(s["found"] / s["spans"], 3) if s["spans"] else None,
            "precision": round(s["removed_gold"] / s["removed"], 3) if s["removed"] else None,
            "damage": round(s["clean_removed"] / s["clean_chars"], 5) if s["clean_chars"] else None,
            "untouched_unchanged": round(s["clean_unchanged"] / s["clean_docs"], 3) if s["clean_docs"] else None,
            "flagged_docs": int(s["flagged"]),
        }
    chars = sum(len(d["text"]) for d in docs)
    table["speed"] = {"chars": chars, "seconds": round(elapsed, 2), "chars_per_second": int(chars / elapsed)}
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--min-score", type=float, default=MIN_SCORE)
    parser.add_argument("--dump", type=Path, help="write the built documents as JSONL here")
    args = parser.parse_args()
    docs = build(args.corpora, args.seed)
    if args.dump:
        args.dump.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    table = evaluate(docs, args.min_score)
    print(f"{'set':16} {'docs':>5} {'spans':>5} {'recall':>7} {'prec':>6} {'damage':>8} {'untouched':>9} {'flagged':>7}")
    for name, row in table.items():
        if name == "speed":
            continue
        cells = [row[k] for k in ("span_recall", "precision", "damage", "untouched_unchanged")]
        shown = ["-" if c is None else f"{c}" for c in cells]
        print(f"{name:16} {row['docs']:>5} {row['spans']:>5} {shown[0]:>7} {shown[1]:>6} {shown[2]:>8} {shown[3]:>9} {row['flagged_docs']:>7}")
    print("speed:", table["speed"])


if __name__ == "__main__":
    main()
