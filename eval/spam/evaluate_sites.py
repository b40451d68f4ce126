"""Evaluate the `site-phrases` corpus step: keyword phrases a spam site pastes across its pages.

    python eval/spam/evaluate_sites.py [--corpora ../shared/corpora] [--seed 7] [--share 0.1]
    python eval/spam/evaluate_sites.py --write-fixture tests/fixtures/spam/site_hosts.json

Sites are real article collections from the corpora, each read as one site: the 123 NTREX news
articles in English, the same 123 in Simplified Chinese, and 150 CMRC 2018 Wikipedia paragraphs
(the hosts of evaluate.py). For each site, ten inserts — five spam phrases from the held-out fifth
of the spam lists (never in the lexicon) and five clauses cut from unrelated real text — are each
pasted mid-sentence into `share` of its documents (at least three). Every site is also run
untouched: natural recurring phrases (`Brett Kavanaugh`, `至关重要`) must survive.

Metrics as in evaluate.py: span recall (80% of an insert's characters removed), damage (clean
characters removed / clean characters), untouched documents unchanged.

`--titles` also injects each page's own title 3–6 times into every page of a pasted site (as
evaluate.py's `title` documents) and adds the per-document spam step: the whole spam machinery of
a pipeline run over spam sites, with recall per kind of insert (title, phrase, clause).

`--small-sites` runs the step over 220 small clean news sites (20–60 NTREX articles each).

`--clean-sources` instead runs the step over every record of the corpora's language files with
each source (an NTREX language file, a treebank, a Wikipedia set: 108 sites, 35,555 documents,
eleven languages) read as one site, none holding inserts, and prints what it removes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from evaluate import _records, donors, hosts, insert, phrases, title_length  # noqa: E402

from corpusclean._document import Document  # noqa: E402
from corpusclean._spam.inserts import spam  # noqa: E402
from corpusclean._spam.site_phrases import SitePhrases  # noqa: E402

DEFAULT_CORPORA = HERE.parents[2] / "shared" / "corpora"
PIECES = 10


def build(corpora: Path, seed: int, share: float, titles: bool = False) -> list[dict]:
    """Documents of every site, pasted and untouched, with the gold spans of the inserts and
    their kinds (`phrase`, `clause`; with `titles`, also `title`: every page of a pasted site
    whose title is in scope gets it injected 3–6 times, as evaluate.py's `title` documents do)."""
    rng = random.Random(seed)
    donor, unseen = donors(corpora), phrases(corpora, unseen=True)
    sites: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for lang, source, title, body in hosts(corpora):
        sites[f"{lang}-{source}"].append((lang, title, body))
    out = []
    for site, pages in sorted(sites.items()):
        lang = pages[0][0]
        phrase_pieces = rng.sample(unseen[lang], PIECES // 2)
        clause_pieces = rng.sample(donor[lang], PIECES - PIECES // 2)
        kind_of = {**{p: "phrase" for p in phrase_pieces}, **{p: "clause" for p in clause_pieces}}
        chosen: dict[int, list[str]] = defaultdict(list)
        for piece in phrase_pieces + clause_pieces:
            for index in rng.sample(range(len(pages)), max(3, int(share * len(pages)))):
                chosen[index].append(piece)
        for kind in ("pasted", "untouched"):
            for index, (_, title, body) in enumerate(pages):
                text = f"{title}\n{body}"
                pasted = chosen.get(index, []) if kind == "pasted" else []
                kinds = [kind_of[p] for p in pasted]
                if titles and kind == "pasted" and title_length(lang, title):
                    copies = rng.randint(3, 6)
                    pasted, kinds = [*pasted, *[title] * copies], [*kinds, *["title"] * copies]
                # with titles, inserts go into the body only, so that the title line stays whole
                head, target = (f"{title}\n", body) if titles else ("", text)
                pasted_text, gold = insert(lang, target, pasted, rng) if pasted else (target, [])
                if len(gold) < len(pasted):  # too few insertion points: the page stays as it was
                    pasted_text, gold, kinds = target, [], []
                pasted_text, gold = head + pasted_text, [(a + len(head), b + len(head)) for a, b in gold]
                out.append({"site": f"{site}-{kind}", "lang": lang, "text": pasted_text, "gold": gold, "kinds": kinds})
    return out


def evaluate(docs: list[dict], with_spam_step: bool = False) -> dict[str, dict[str, float]]:
    """Span recall, damage and untouched pages of the site-phrases step, per site and overall;
    `with_spam_step` adds what the per-document spam step removes (the whole spam machinery of a
    pipeline run), and rows per kind of insert."""
    step = SitePhrases()
    documents = [Document(id=str(i), text=d["text"], metadata={"site": d["site"]}) for i, d in enumerate(docs)]
    began = time.perf_counter()
    step.fit(documents)
    outputs = [step.apply(doc) for doc in documents]
    per_document = [spam(d["text"]) for d in docs] if with_spam_step else [None] * len(docs)
    elapsed = time.perf_counter() - began
    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for doc, out, fixed in zip(docs, outputs, per_document):
        removed: set[int] = set()
        for edit in [*out.edits, *(fixed.edits if fixed else [])]:
            removed.update(range(edit.start, edit.end))
        gold = {i for start, end in doc["gold"] for i in range(start, end)}
        changed = bool(removed)
        keys = [doc["site"], "all-" + doc["site"].rsplit("-", 1)[1]]
        for key in keys:
            s = stats[key]
            s["clean_chars"] += len(doc["text"]) - len(gold)
            s["clean_removed"] += len(removed - gold)
            s["removed"] += len(removed)
            if not doc["gold"]:
                s["untouched"] += 1
                s["unchanged"] += not changed
        for (start, end), kind in zip(doc["gold"], doc["kinds"]):
            for key in keys + ([f"all-{kind}"] if with_spam_step else []):
                stats[key]["spans"] += 1
                stats[key]["found"] += len(removed & set(range(start, end))) >= 0.8 * (end - start)
    table = {}
    for key, s in sorted(stats.items()):
        table[key] = {
            "spans": int(s["spans"]),
            "span_recall": round(s["found"] / s["spans"], 3) if s["spans"] else None,
            "precision": round(1 - s["clean_removed"] / s["removed"], 3) if s["removed"] else None,
            "damage": round(s["clean_removed"] / s["clean_chars"], 5) if s["clean_chars"] else None,
            "untouched_unchanged": round(s["unchanged"] / s["untouched"], 3) if s["untouched"] else None,
        }
    chars = sum(len(d["text"]) for d in docs)
    table["speed"] = {"chars": chars, "seconds": round(elapsed, 2), "chars_per_second": int(chars / elapsed)}
    return table


SOURCE_FILES = ("en", "zh_hans", "zh_hant", "ja", "ko", "ru", "el", "fr", "de", "es", "pt", "langid")


def clean_sources(corpora: Path) -> tuple[int, int, list[str]]:
    """(sites, documents, removed texts) of the step over the clean corpora, one site per source."""
    documents = []
    for name in SOURCE_FILES:
        for r in _records(corpora / f"{name}.jsonl"):
            site = f"{name}:{r.get('source')}|{r.get('kind')}|{r.get('lang')}"
            documents.append(Document(id=str(len(documents)), text=r["text"], metadata={"site": site}))
    step = SitePhrases()
    step.fit(documents)
    sites = len({doc.metadata["site"] for doc in documents})
    removed = [edit.before for doc in documents for edit in step.apply(doc).edits]
    return sites, len(documents), removed


NEWS_FILES = tuple(name for name in SOURCE_FILES if name != "langid")
"""The language files, each holding the NTREX news articles in its language."""
SMALL_SITE_SIZES = (20, 30, 40, 60)


def small_sites(corpora: Path, per_language: int = 20) -> tuple[int, Counter[str], int]:
    """(sites, removed texts, sites changed) of the step over small clean news sites: for each
    language, `per_language` random sets of 20–60 NTREX articles, each read as one site. Small
    sites are where a writer's recurring name is most easily taken for a pasted phrase: the step
    has fewer pages to compare."""
    removed: Counter[str] = Counter()
    changed = sites = 0
    for name in NEWS_FILES:
        pool = [r["text"] for r in _records(corpora / f"{name}.jsonl") if "NTREX" in r.get("source", "")]
        for index in range(per_language):
            rng = random.Random(100 + index)
            texts = rng.sample(pool, rng.choice(SMALL_SITE_SIZES))
            documents = [Document(id=str(i), text=t, metadata={"site": name}) for i, t in enumerate(texts)]
            step = SitePhrases()
            step.fit(documents)
            found = [edit.before.strip() for doc in documents for edit in step.apply(doc).edits]
            removed.update(found)
            changed += bool(found)
            sites += 1
    return sites, removed, changed


def fixture(docs: list[dict]) -> list[dict]:
    """Test hosts: the first 1,200 characters of 30 untouched English and 30 CMRC documents."""
    keep = []
    for site in ("en-ntrex-untouched", "zh-cmrc-untouched"):
        keep += [{"lang": d["lang"], "text": d["text"][:1200]} for d in docs if d["site"] == site][:30]
    return keep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--share", type=float, default=0.1)
    parser.add_argument("--write-fixture", type=Path)
    parser.add_argument("--clean-sources", action="store_true")
    parser.add_argument("--small-sites", action="store_true", help="random small clean news sites (20-60 articles)")
    parser.add_argument(
        "--titles", action="store_true",
        help="pasted sites also inject each page's title 3-6 times; run the spam step as well (the whole spam machinery)",
    )
    args = parser.parse_args()
    if args.small_sites:
        sites, removed, changed = small_sites(args.corpora)
        print(f"{sites} small clean sites: {changed} changed, {sum(removed.values())} removals {dict(removed.most_common())}")
        return
    if args.clean_sources:
        sites, count, removed = clean_sources(args.corpora)
        print(f"{sites} clean sites, {count} documents: {len(removed)} removals {sorted(set(removed))}")
        return
    docs = build(args.corpora, args.seed, args.share, titles=args.titles)
    if args.write_fixture:
        args.write_fixture.write_text(json.dumps(fixture(docs), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return
    table = evaluate(docs, with_spam_step=args.titles)
    print(f"{'site':26} {'spans':>6} {'recall':>7} {'prec':>6} {'damage':>8} {'untouched':>9}")
    for key, row in table.items():
        if key == "speed":
            print("speed:", row)
            continue
        recall = "-" if row["span_recall"] is None else row["span_recall"]
        untouched = "-" if row["untouched_unchanged"] is None else row["untouched_unchanged"]
        precision, damage = ("-" if row[k] is None else row[k] for k in ("precision", "damage"))
        print(f"{key:26} {row['spans']:6} {recall!s:>7} {precision!s:>6} {damage!s:>8} {untouched!s:>9}")


if __name__ == "__main__":
    main()
