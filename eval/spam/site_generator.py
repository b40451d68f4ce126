"""A second site generator for the `site-phrases` step, with a dev and a test split of sources.

    python eval/spam/site_generator.py --split dev|test [--seed 1 [2 ...]] [--corpora ../shared/corpora]

`evaluate_sites.py` builds the sites the step was first tuned on (NTREX and CMRC articles, ten
inserts each in 10 % of 123–150 pages). This generator builds sites as a new user would (issue
#23): folders of 20 or 50 real articles, a third of them left clean; each spam site pastes 4
keywords, each into 3–15 of its pages, once per page, between two words (Han: two Han
characters) of a sentence; English keywords in lower case (half), Title Case (a quarter) or with
a capital first letter (a quarter). Sources differ by split, so that what is tuned on dev is
measured on sources never looked at:

| split | English articles | Chinese articles | English keywords | Chinese keywords |
|---|---|---|---|---|
| dev | XQuAD paragraphs | CMRC 2018 paragraphs | the corpora's spam lists | the corpora's Chinese ad list, CMRC titles |
| test | NTREX news | NTREX news | content-word pairs of EWT web reviews | DRCD article titles |

Chinese keywords hold three Han characters or more (the step counts three-character grams).
Metrics: keyword-copy recall (80 % of a copy's characters removed) per language and site size,
clean sites untouched (no edit at all), precision and damage of the removed characters.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import regex

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from corpusclean._document import Document
from corpusclean._spam.site_phrases import SitePhrases
from corpusclean._spam.splices import common_words
from corpusclean._text.script import to_simplified_chars

DEFAULT_CORPORA = HERE.parents[2] / "shared" / "corpora"
SIZES = (20, 50)
SITES_PER_CELL = 12
"""Sites per language and size; a third of them clean."""
KEYWORDS_PER_SITE = 4
PAGES_PER_KEYWORD = (3, 15)
_HAN = regex.compile(r"\p{Han}")
_EN_POINT = regex.compile(r"(?<=[\p{L}\p{N}]) (?=[\p{L}\p{N}])")
_ZH_POINT = regex.compile(r"(?<=\p{Han})(?=\p{Han})")
_WORD = regex.compile(r"\p{L}+")


def _records(corpora: Path, name: str) -> list[dict]:
    with (corpora / f"{name}.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def articles(corpora: Path, split: str) -> dict[str, list[str]]:
    """The split's article pools per language (texts of 300 characters or more)."""
    en_source, zh_source = ("xquad", "cmrc") if split == "dev" else ("NTREX", "NTREX")
    en = [r["text"] for r in _records(corpora, "en") if en_source in r["source"]]
    zh = [r["text"] for r in _records(corpora, "zh_hans") if zh_source in r["source"]]
    return {"en": [t for t in dict.fromkeys(en) if len(t) >= 300], "zh": [t for t in dict.fromkeys(zh) if len(t) >= 300]}


def keywords(corpora: Path, split: str) -> dict[str, list[str]]:
    """The split's keyword pools per language."""
    if split == "dev":
        en = []
        for path in sorted((corpora / "spam").glob("en_spam_words_*.txt")):
            en += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if len(line.split()) >= 2]
        zh = (corpora / "spam" / "zh_ad_spam_words.txt").read_text(encoding="utf-8").splitlines()
        zh += [r.get("title", "") for r in _records(corpora, "zh_hans") if "cmrc" in r["source"]]
    else:
        common = common_words()
        pairs: Counter[str] = Counter()
        for r in _records(corpora, "en"):
            if r.get("kind") == "web-reviews":
                words = [w.lower() for w in _WORD.findall(r["text"])]
                for a, b in pairwise(words):
                    if len(a) > 2 and len(b) > 2 and a not in common and b not in common:
                        pairs[f"{a} {b}"] += 1
        en = list(pairs)
        zh = [to_simplified_chars(r.get("title", "")) for r in _records(corpora, "zh_hant") if "DRCD" in r["source"]]
    zh = [k.strip() for k in zh if len(_HAN.findall(k)) >= 3 and len(_HAN.findall(k)) == len(k.strip()) <= 8]
    return {"en": sorted(set(en)), "zh": sorted(set(zh))}


def _cased(keyword: str, rng: random.Random) -> str:
    """Lower case (half), Title Case or a capital first letter (a quarter each)."""
    draw = rng.random()
    lower = keyword.lower()
    if draw < 0.5:
        return lower
    return lower.title() if draw < 0.75 else lower[:1].upper() + lower[1:]


def paste(
    lang: str, text: str, keyword: str, rng: random.Random, pasted: Sequence[tuple[int, int]] = ()
) -> tuple[str, tuple[int, int]] | None:
    """`text` with `keyword` pasted between two words (two Han characters) of a sentence, and
    the gold span; None when there is no such point. Never inside a keyword `pasted` before:
    that would cut both, and neither gold span would hold its keyword."""
    shift = lang == "en"  # an English keyword goes after the space
    points = [m.start() for m in (_EN_POINT if lang == "en" else _ZH_POINT).finditer(text)]
    points = [at for at in points if not any(start < at + shift < end for start, end in pasted)]
    if not points:
        return None
    at = rng.choice(points)
    if lang == "en":
        return f"{text[: at + 1]}{keyword} {text[at + 1 :]}", (at + 1, at + 1 + len(keyword))
    return f"{text[:at]}{keyword}{text[at:]}", (at, at + len(keyword))


def build(corpora: Path, split: str, seed: int) -> list[dict]:
    """Pages of every site: text, site, language, size, gold spans and whether the site is spam."""
    rng = random.Random(seed)
    pools, words = articles(corpora, split), keywords(corpora, split)
    pages = []
    for lang in ("en", "zh"):
        for size in SIZES:
            for number in range(SITES_PER_CELL):
                texts = rng.sample(pools[lang], size)
                site, spam = f"{lang}-{size}-{number}", number % 3 != 0
                golds: list[list[tuple[int, int]]] = [[] for _ in texts]
                if spam:
                    for keyword in rng.sample(words[lang], KEYWORDS_PER_SITE):
                        keyword = _cased(keyword, rng) if lang == "en" else keyword
                        for index in rng.sample(range(size), rng.randint(*PAGES_PER_KEYWORD)):
                            pasted = paste(lang, texts[index], keyword, rng, golds[index])
                            if pasted is None:
                                continue
                            texts[index], (start, end) = pasted
                            shift = end - start + (lang == "en")
                            golds[index] = [(a + shift, b + shift) if a >= start else (a, b) for a, b in golds[index]]
                            golds[index].append((start, end))
                for text, gold in zip(texts, golds):
                    pages.append({"site": site, "lang": lang, "size": size, "spam": spam, "text": text, "gold": gold})
    return pages


def evaluate(pages: list[dict], step: SitePhrases | None = None) -> dict[str, dict[str, Any]]:
    """Keyword-copy recall per language and size, clean sites untouched, precision and damage;
    and, in the `all` row, what was removed from clean sites (site: text, with its count)."""
    step = step or SitePhrases()
    documents = [Document(id=str(i), text=p["text"], metadata={"site": p["site"]}) for i, p in enumerate(pages)]
    step.fit(documents)
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    touched: dict[str, bool] = defaultdict(bool)
    clean_removals: Counter[str] = Counter()
    for page, doc in zip(pages, documents):
        removed: set[int] = set()
        for change in step.fix(doc.text, page["site"]).edits:
            removed.update(range(change.start, change.end))
            if not page["spam"]:
                clean_removals[f"{page['site']}: {change.before.strip()}"] += 1
        gold = {i for start, end in page["gold"] for i in range(start, end)}
        touched[page["site"]] |= bool(removed) and not page["spam"]
        for key in (f"{page['lang']}-{page['size']}", f"all-{page['size']}", "all"):
            s = stats[key]
            s["copies"] += len(page["gold"])
            s["found"] += sum(len(removed & set(range(a, b))) >= 0.8 * (b - a) for a, b in page["gold"])
            s["removed"] += len(removed)
            s["clean_removed"] += len(removed - gold)
            s["clean_chars"] += len(page["text"]) - len(gold)
    clean_sites = {p["site"]: p for p in pages if not p["spam"]}
    table = {}
    for key, s in sorted(stats.items()):
        lang, _, size = key.partition("-")
        sites = [site for site, p in clean_sites.items() if lang == "all" or p["lang"] == lang]
        sites = [site for site in sites if not size or str(clean_sites[site]["size"]) == size]
        table[key] = {
            "copies": s["copies"],
            "found": s["found"],
            "recall": round(s["found"] / s["copies"], 3) if s["copies"] else None,
            "precision": round(1 - s["clean_removed"] / s["removed"], 3) if s["removed"] else None,
            "damage": round(s["clean_removed"] / s["clean_chars"], 5),
            "clean_sites_untouched": f"{sum(not touched[site] for site in sites)}/{len(sites)}",
        }
    table["all"]["clean_site_removals"] = dict(sorted(clean_removals.items()))
    return table


def pooled(tables: list[dict[str, dict[str, Any]]]) -> dict[str, str]:
    """Over several seeds' tables: keyword copies found / all, and clean sites untouched / all,
    per row (a larger count of held-back clean sites than one seed's 16)."""
    out = {}
    for key in tables[0]:
        copies = sum(t[key]["copies"] for t in tables)
        found = sum(t[key]["found"] for t in tables)
        untouched = [t[key]["clean_sites_untouched"].split("/") for t in tables]
        kept, sites = sum(int(a) for a, _ in untouched), sum(int(b) for _, b in untouched)
        out[key] = f"recall {found / copies:.3f} ({found}/{copies}), clean sites untouched {kept}/{sites} ({kept / sites:.3f})"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--seed", type=int, nargs="+", default=[1], help="one or more seeds; several are also pooled")
    args = parser.parse_args()
    tables = []
    for seed in args.seed:
        table = evaluate(build(args.corpora, args.split, seed))
        tables.append(table)
        print(f"seed {seed}")
        print(f"{'sites':8} {'copies':>6} {'recall':>7} {'prec':>6} {'damage':>8} {'clean untouched':>15}")
        for key, row in table.items():
            print(f"{key:8} {row['copies']:6} {row['recall']!s:>7} {row['precision']!s:>6} {row['damage']!s:>8} {row['clean_sites_untouched']:>15}")
        for removal, count in table["all"]["clean_site_removals"].items():
            print(f"  removed from a clean site: {removal} ×{count}")
    if len(tables) > 1:
        print(f"pooled over seeds {', '.join(map(str, args.seed))}")
        for key, row in pooled(tables).items():
            print(f"{key:8} {row}")


if __name__ == "__main__":
    main()
