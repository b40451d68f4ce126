"""Line-level evaluation of the boilerplate step on English and Chinese pages with gold labels.

English: the 11 real web pages of webpages_en.jsonl (mozilla/readability test pages). A line of
`text` is content when it is one of the lines of the gold `main_text` (matched as a multiset, in
order of appearance), boilerplate otherwise. The page title is not part of Readability's main
text, so it counts as boilerplate, as the gold says.

Chinese: there are no real Chinese pages with gold main text in the corpora, so pages are built:
each NTREX article (zho-CN and zho-TW; real, human-translated news; title + one sentence per
line) is content, wrapped in boilerplate made of real material: navigation lines joined from a
Chinese news site's real section labels, a "related news" sidebar of 3-6 headlines of *other*
NTREX articles (real headlines, the hardest part: short, unpunctuated, on topic-like words),
a footer link line joined from real footer labels, and 1-3 real copyright/ICP/notice lines from
public site templates (zh_boilerplate_lines.tsv names each source). Boilerplate lines are put in
the page's script (Traditional for zho-TW) with OpenCC's character tables. The seed is fixed.

Usage: python eval/boilerplate/evaluate.py [--corpora ../shared/corpora] [--pages]
Prints precision/recall/F1 of boilerplate lines and the share of content lines kept, for rules
only and rules + context, per language; the same with SiteRepeat on Chinese pages built with one
template per site; and how many lines of clean corpus text (no boilerplate) are removed.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from corpusclean._boilerplate.lines import find_boilerplate
from corpusclean._boilerplate.site_lines import SiteRepeat
from corpusclean._document import Document
from corpusclean._text.script import simplified_to_traditional_table

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SEED = 20261123

Page = tuple[str, list[str], list[bool]]  # (id, lines, is_boilerplate)


def english_pages(corpora: Path) -> list[Page]:
    pages: list[Page] = []
    with (corpora / "webpages_en.jsonl").open(encoding="utf-8") as handle:
        for record in map(json.loads, handle):
            main = Counter(line.strip() for line in record["main_text"].split("\n") if line.strip())
            lines = [line for line in record["text"].split("\n") if line.strip()]
            labels = []
            for line in lines:
                content = main[line.strip()] > 0
                main[line.strip()] -= content
                labels.append(not content)
            pages.append((record["id"], lines, labels))
    return pages


def _inventory() -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = {}
    for row in (HERE / "zh_boilerplate_lines.tsv").read_text(encoding="utf-8").splitlines():
        if row and not row.startswith("#"):
            kind, line, _source = row.split("\t")
            kinds.setdefault(kind, []).append(line)
    return kinds


def chinese_pages(corpora: Path, sites: int = 0) -> list[Page]:
    inventory = _inventory()
    nav_labels = inventory["nav"][0].split(",")
    links = [line for line in inventory["footer"] if len(line) <= 6]
    notices = [line for line in inventory["footer"] if len(line) > 6]
    articles = []
    for name in ("zh_hans.jsonl", "zh_hant.jsonl"):
        with (corpora / name).open(encoding="utf-8") as handle:
            for record in map(json.loads, handle):
                if record.get("kind") == "article":
                    lines = [line for line in record["text"].split("\n") if line.strip()]
                    articles.append((record["id"], name == "zh_hant.jsonl", lines))
    rng = random.Random(SEED)
    to_traditional = simplified_to_traditional_table()
    pages: list[Page] = []
    for index, (doc_id, traditional, lines) in enumerate(articles):
        same_script = [a for j, a in enumerate(articles) if a[1] == traditional and j != index]
        site = random.Random(f"{SEED}-{index % sites}") if sites else rng  # one template per site
        nav = ["  ".join(site.sample(nav_labels, site.randint(5, 9))) for _ in range(site.randint(1, 2))]
        sidebar = [other[2][0] for other in rng.sample(same_script, rng.randint(3, 6))]
        footer = [" | ".join(site.sample(links, site.randint(3, 5)))] + site.sample(notices, site.randint(1, 3))
        if traditional:
            nav, footer = ([line.translate(to_traditional) for line in part] for part in (nav, footer))
        before, after = (sidebar, []) if rng.random() < 0.3 else ([], sidebar)
        page = [*nav, *before, *lines, *after, *footer]
        labels = [True] * (len(nav) + len(before)) + [False] * len(lines) + [True] * (len(after) + len(footer))
        pages.append((doc_id, page, labels))
    return pages


def _site_repeat_found(pages: list[Page], sites: int, first: bool = True) -> list[list[bool]]:
    """Lines found by SiteRepeat (site = page number mod `sites`), after rules + context if `first`."""
    found = [[first and reason is not None for reason in find_boilerplate(lines)] for _id, lines, _gold in pages]
    docs = []
    for number, ((doc_id, lines, _gold), flags) in enumerate(zip(pages, found)):
        text = "".join(line + "\n" for line, flag in zip(lines, flags) if not flag)
        docs.append(Document(doc_id, text, {"site": str(number % sites)}))
    step = SiteRepeat()
    step.fit(docs)
    for doc, flags in zip(docs, found):
        removed = {edit.before.strip() for edit in step.fix(doc.text, doc.metadata["site"]).edits}
        kept = [i for i, flag in enumerate(flags) if not flag]
        for i, line in zip(kept, doc.text.split("\n")):
            flags[i] = line.strip() in removed
    return found


def score(pages: list[Page], context: bool, found_lines: list[list[bool]] | None = None) -> dict[str, float]:
    tp = fp = fn = content = kept = 0
    for number, (_id, lines, gold) in enumerate(pages):
        if found_lines is not None:
            found = found_lines[number]
        else:
            found = [reason is not None for reason in find_boilerplate(lines, context=context)]
        for predicted, actual in zip(found, gold):
            tp += predicted and actual
            fp += predicted and not actual
            fn += actual and not predicted
            content += not actual
            kept += not actual and not predicted
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "content_kept": kept / content if content else 1.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--pages", action="store_true", help="also print per-page scores (rules + context)")
    args = parser.parse_args()
    sets = {"en": english_pages(args.corpora), "zh": chinese_pages(args.corpora)}
    print("| language | pages | lines | boilerplate lines | method | precision | recall | F1 | content kept |")
    print("|---|---|---|---|---|---|---|---|---|")
    for language, pages in sets.items():
        lines = sum(len(p[1]) for p in pages)
        boiler = sum(sum(p[2]) for p in pages)
        for label, context in (("rules", False), ("rules+context", True)):
            s = score(pages, context)
            print(f"| {language} | {len(pages)} | {lines} | {boiler} | {label} | {s['precision']:.3f} | "
                  f"{s['recall']:.3f} | {s['f1']:.3f} | {s['content_kept']:.3f} |")
    sites = 8
    templated = chinese_pages(args.corpora, sites=sites)
    print(f"\nzh with one nav/footer template per site ({sites} sites of ~31 pages):")
    print("| method | precision | recall | F1 | content kept |\n|---|---|---|---|---|")
    methods = (
        ("site-repeat alone", _site_repeat_found(templated, sites, first=False)),
        ("rules+context", None),
        ("rules+context+site-repeat", _site_repeat_found(templated, sites)),
    )
    for label, found in methods:
        s = score(templated, True, found)
        print(f"| {label} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['content_kept']:.3f} |")
    print("\nclean text (no boilerplate): lines removed by rules + context, one record at a time")
    for name in ("en.jsonl", "zh_hans.jsonl", "zh_hant.jsonl"):
        total = removed = 0
        with (args.corpora / name).open(encoding="utf-8") as handle:
            for record in map(json.loads, handle):
                lines = [line for line in record["text"].split("\n") if line.strip()]
                total += len(lines)
                removed += sum(reason is not None for reason in find_boilerplate(lines))
        print(f"{name}: {removed} of {total} lines ({removed / total:.2%})")
    if args.pages:
        for language, pages in sets.items():
            for page in pages[: 11 if language == "en" else 5]:
                s = score([page], True)
                print(language, page[0], {k: round(v, 3) for k, v in s.items()})


if __name__ == "__main__":
    main()
