"""Line-level evaluation of the boilerplate step on real pages with human-made gold main text.

    python eval/boilerplate/evaluate.py [--split test] [--pages eval/boilerplate/data/pages.jsonl.gz]

The pages and their line labels come from several public benchmarks (eval/boilerplate/data/
README.md: sources, the HTML->lines pass and the labelling rule). The model is trained on the
`dev` split (train.py); figures are reported on the held-back `test` split unless `--split`
says otherwise. A line is *positive* when it is boilerplate; "kept" is the share of content
lines a method leaves. Methods, side by side on the same lines:

* `rules`: corpusclean's line rules alone (`context=False`);
* `conservative`, `aggressive`: the whole boilerplate step under each policy;
* `conservative + site-repeat`: the default pipeline's two boilerplate steps — the page step,
  then `site-repeat` fitted on what it left of the split's pages, grouped by site (the test
  split's multi-page sites: arstechnica.com 41 pages, nypost.com 33, ...);
* `short-line regex`: footer keywords, or a line of fewer than 10 words (20 Han characters)
  without sentence punctuation — the two-rule baseline;
* `jusText`: the justext package (3.x) on the lines as paragraphs, with its English stoplist
  for English and no stoplist elsewhere (it has none for Chinese).

Prints one table per language (en, zh, other) and one per source x language.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Callable, Sequence

from corpusclean._boilerplate.lines import find_boilerplate
from corpusclean._boilerplate.site_lines import SiteRepeat
from corpusclean._document import Document

HERE = Path(__file__).resolve().parent
Method = Callable[[Sequence[str], str], list[bool]]

_FOOTER = re.compile(
    r"copyright|©|all rights reserved|privacy|terms of (?:use|service)|cookie|subscribe|sign (?:in|up)|log ?in"
    r"|版权|版權|icp|备案|備案|联系我们|聯繫我們|关于我们|關於我們|登录|登錄|注册|註冊",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[.!?。！？；;]")
_HAN = re.compile(r"[\u3400-\u9fff]")


def short_line_regex(lines: Sequence[str], lang: str) -> list[bool]:
    """The two-rule baseline: footer keywords, or a short line without sentence punctuation."""
    flags = []
    for line in lines:
        han = len(_HAN.findall(line))
        short = han < 20 if han > len(line) / 3 else len(line.split()) < 10
        flags.append(bool(_FOOTER.search(line)) or (short and not _SENTENCE.search(line)))
    return flags


def justext_lines(lines: Sequence[str], lang: str) -> list[bool]:
    """jusText on the lines as <p> paragraphs (one paragraph per line)."""
    import justext

    stoplist = justext.get_stoplist("English") if lang == "en" else frozenset()
    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</body></html>"
    paragraphs = justext.justext(page.encode("utf-8"), stoplist, encoding="utf-8")
    if len(paragraphs) != len(lines):  # jusText dropped or merged something: align by text
        texts = {p.text.strip(): p.is_boilerplate for p in paragraphs}
        return [texts.get(" ".join(line.split()), True) for line in lines]
    return [p.is_boilerplate for p in paragraphs]


def corpusclean_method(**options: object) -> Method:
    def run(lines: Sequence[str], lang: str) -> list[bool]:
        return [reason is not None for reason in find_boilerplate(lines, **options)]  # type: ignore[arg-type]

    return run


METHODS: dict[str, Method] = {
    "rules": corpusclean_method(context=False),
    "conservative": corpusclean_method(policy="conservative"),
    "aggressive": corpusclean_method(policy="aggressive"),
    "short-line regex": short_line_regex,
    "jusText": justext_lines,
}


SITE_METHOD = "conservative + site-repeat"


def site_repeat_flags(pages: list[dict]) -> dict[str, list[bool]]:
    """For each page id, which lines the default boilerplate step or, after it, `site-repeat`
    removes; `site-repeat` counts the lines the page step left across the pages of each site."""
    step = SiteRepeat()
    left: dict[str, tuple[list[bool], list[int], str]] = {}
    for page in pages:
        lines = [text for text, _ in page["lines"]]
        flags = [reason is not None for reason in find_boilerplate(lines)]
        remaining = [i for i, flag in enumerate(flags) if not flag]
        text = "".join(lines[i] + "\n" for i in remaining)
        site = page.get("site") or page["id"]
        state = step.sites.setdefault(site, step.new_site())
        step.merge(0, state, step.observe(0, site, Document(page["id"], text)))
        left[page["id"]] = (flags, remaining, text)
    for state in step.sites.values():
        step.settle(0, state)
    result = {}
    for page in pages:
        flags, remaining, text = left[page["id"]]
        starts, offset = [], 0
        for i in remaining:
            starts.append(offset)
            offset += len(page["lines"][i][0]) + 1
        for edit in step.fix(text, page.get("site") or page["id"]).edits:
            for i, start in zip(remaining, starts):
                end = start + len(page["lines"][i][0])
                flags[i] = flags[i] or (edit.start <= start and end <= edit.end)
        result[page["id"]] = flags
    return result


def language_group(lang: str) -> str:
    return lang if lang in ("en", "zh") else "other"


def evaluate(pages: list[dict]) -> dict[tuple[str, str], list[int]]:
    """Counts [tp, fp, fn, content lines, content kept, pages] per (group, method)."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 6)
    with_site = site_repeat_flags(pages)
    for page in pages:
        lines = [text for text, _ in page["lines"]]
        boilerplate = [not label for _, label in page["lines"]]
        for name, method in [*METHODS.items(), (SITE_METHOD, None)]:
            predicted = with_site[page["id"]] if method is None else method(lines, page["lang"])
            for group in (language_group(page["lang"]), f"{page['source']}:{language_group(page['lang'])}"):
                row = counts[(group, name)]
                for gold, guess in zip(boilerplate, predicted):
                    row[0] += gold and guess
                    row[1] += guess and not gold
                    row[2] += gold and not guess
                    row[3] += not gold
                    row[4] += not gold and not guess
                row[5] += 1 if name == "rules" else 0
    return counts


def _row(name: str, c: list[int]) -> str:
    tp, fp, fn, content, kept, _ = c
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f"| {name} | {p:.3f} | {r:.3f} | **{f1:.3f}** | {kept / content if content else 1.0:.3f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=HERE / "data" / "pages.jsonl.gz")
    parser.add_argument("--split", default="test", choices=("dev", "test"))
    args = parser.parse_args()
    with gzip.open(args.pages, "rt", encoding="utf-8") as handle:
        pages = [page for page in map(json.loads, handle) if page["split"] == args.split]
    counts = evaluate(pages)
    groups = sorted({group for group, _ in counts}, key=lambda g: (":" in g, g))
    print(f"split: {args.split}, {len(pages)} pages")
    for group in groups:
        lines = counts[(group, "rules")]
        print(f"\n### {group} ({lines[5]} pages, {lines[0] + lines[2]} boilerplate / {lines[3]} content lines)\n")
        print("| method | precision | recall | F1 | content kept |\n|---|---|---|---|---|")
        for name in [*METHODS, SITE_METHOD]:
            print(_row(name, counts[(group, name)]))


if __name__ == "__main__":
    main()
