"""Evaluate corpusclean's near-duplicate detection on real articles with realistic variants.

Builds the evaluation set reproducibly (fixed seed) from /work/shared/corpora:

* bases: NTREX news articles, EWT web documents and XQuAD paragraphs (en); NTREX zho-CN
  articles, CMRC and XQuAD paragraphs (zh-Hans); DRCD paragraphs (zh-Hant);
* one variant per base (a second for a third of them, to exercise transitivity), of one of
  the kinds: exact copy, reformatting, footer added, footer removed, paragraphs reordered,
  5-30% of sentences replaced by real sentences of other documents, truncation to 60-90%,
  Traditional<->Simplified (OpenCC phrase-level, zh only);
* hard negatives: the bases themselves include several paragraphs of the same Wikipedia
  article (same topic, different text) and the XQuAD translations of the same paragraphs;
  plus short real documents (EWT reviews and answers, CMRC/DRCD paragraphs) that all end with
  one shared long footer, measured with the footer kept and with it stripped;
* separately, the Traditional/Simplified pairs: UD (exact conversions) and NTREX (independent
  translations, the hard tier).

Prints pairwise precision/recall/F1 over a threshold sweep (and shingle sizes), recall per
variant kind, the footer-negative merges, and the pair tiers.

    python eval/dedup/evaluate.py [--corpora ../shared/corpora] [--per-language 250]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import numpy as np
from opencc import OpenCC

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from corpusclean._dedup.clusters import Clusterer
from corpusclean._dedup.minhash import DEFAULT_THRESHOLD, NGRAM, Signatures, signatures
from corpusclean._document import Document

SEED = 20261123
KINDS = ("exact", "reformat", "footer-added", "footer-removed", "reordered", "sentences-changed", "truncated", "script")
THRESHOLDS = tuple(sorted({0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, DEFAULT_THRESHOLD}))
NGRAMS = (3, 4, 5, 7)
_SENTENCE = re.compile(r"(?<=[。！？!?])|(?<=[.!?])\s+(?=[A-Z\"'“])")


def read(corpora: Path, name: str) -> list[dict]:
    with (corpora / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s and s.strip()]


def is_zh(text: str) -> bool:
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text) > len(text) / 4


class Builder:
    """Generates variants of real documents with one seeded random generator."""

    def __init__(self, rng: random.Random, sentence_pool: dict[str, list[str]], footers: dict[str, list[str]]) -> None:
        self.rng = rng
        self.pool = sentence_pool
        self.footers = footers
        self.s2t = OpenCC("s2t")
        self.t2s = OpenCC("t2s")

    def variant(self, kind: str, text: str, lang: str) -> tuple[str, str]:
        """(base text, variant text): `footer-removed` changes the base, the others the copy."""
        rng = self.rng
        if kind == "exact":
            return text, text
        if kind == "reformat":
            return text, self.reformat(text)
        if kind == "footer-added":
            return text, text.rstrip() + "\n" + self.footer(lang)
        if kind == "footer-removed":
            return text.rstrip() + "\n" + self.footer(lang), text
        if kind == "reordered":
            parts = text.split("\n") if text.count("\n") >= 3 else self.chunks(sentences(text), 4)
            shuffled = parts[:]
            while len(parts) > 1 and shuffled == parts:
                rng.shuffle(shuffled)
            return text, "\n".join(shuffled)
        if kind == "sentences-changed":
            parts = sentences(text)
            share = rng.uniform(0.05, 0.30)
            count = max(1, round(share * len(parts)))
            for index in rng.sample(range(len(parts)), min(count, len(parts))):
                parts[index] = rng.choice(self.pool[lang])
            return text, ("" if lang.startswith("zh") else " ").join(parts)
        if kind == "truncated":
            parts = sentences(text)
            keep = max(1, round(rng.uniform(0.6, 0.9) * len(parts)))
            return text, ("" if lang.startswith("zh") else " ").join(parts[:keep])
        if kind == "script":
            return text, (self.s2t if lang == "zh-Hans" else self.t2s).convert(text)
        raise ValueError(kind)

    def footer(self, lang: str) -> str:
        """A short footer (60-200 characters of real footer or stand-in text, see docs/dedup.md)."""
        source = self.rng.choice(self.footers[lang])
        size = self.rng.randint(60, 200)
        return source[-size:].lstrip()

    def chunks(self, parts: list[str], count: int) -> list[str]:
        size = max(1, -(-len(parts) // count))
        return ["".join(parts[i : i + size]) for i in range(0, len(parts), size)]

    def reformat(self, text: str) -> str:
        """Re-wrapped lines, doubled spaces, other quotes and full-/half-width punctuation."""
        if is_zh(text):
            table = str.maketrans({"，": ",", "。": ". ", "：": ":", "；": ";", "（": "(", "）": ")", "“": '"', "”": '"'})
            text = text.translate(table)
            return "\n".join(text[i : i + 40] + "  " for i in range(0, len(text), 40))
        words = text.replace("“", '"').replace("”", '"').replace("’", "'").split()
        lines, line = [], []
        for word in words:
            line.append(word)
            if sum(map(len, line)) > 60:
                lines.append("  ".join(line))
                line = []
        lines.append(" ".join(line))
        return "\n".join(lines).upper() if self.rng.random() < 0.2 else "\n".join(lines)


def load_bases(corpora: Path, rng: random.Random, per_language: int) -> tuple[list[dict], dict[str, list[str]], dict[str, list[str]]]:
    en = read(corpora, "en.jsonl")
    hans = read(corpora, "zh_hans.jsonl")
    hant = read(corpora, "zh_hant.jsonl")
    pages = read(corpora, "webpages_en.jsonl")

    def pick(records: list[dict], count: int, minimum: int = 200) -> list[dict]:
        usable = [r for r in records if len(r["text"]) >= minimum]
        # whole title groups first, so that same-topic paragraphs are present together
        by_title: dict[str, list[dict]] = defaultdict(list)
        for record in usable:
            by_title[record.get("title") or record["id"]].append(record)
        groups = list(by_title.values())
        rng.shuffle(groups)
        chosen: list[dict] = []
        for group in groups:
            chosen.extend(group[:3])
            if len(chosen) >= count:
                break
        return chosen[:count]

    en_news = [r for r in en if r["kind"] == "news-article"]
    en_web = [r for r in en if r["kind"] in ("web-weblog", "web-email", "web-newsgroup", "web-answers")]
    en_wiki = [r for r in en if r["kind"] == "paragraph"]
    hans_news = [r for r in hans if r["kind"] == "article"]
    hans_wiki = [r for r in hans if r["kind"] == "paragraph"]
    hant_wiki = [r for r in hant if r["kind"] == "paragraph"]
    third = per_language // 3
    bases = []
    for lang, parts in (
        ("en", [pick(en_news, third, 400), pick(en_web, third, 300), pick(en_wiki, per_language - 2 * third)]),
        ("zh-Hans", [pick(hans_news, third, 300), pick(hans_wiki, per_language - third)]),
        ("zh-Hant", [pick(hant_wiki, per_language)]),
    ):
        for part in parts:
            for record in part:
                bases.append({"id": record["id"], "text": record["text"], "lang": lang})
    used = {b["id"] for b in bases}
    pool = {
        "en": [s for r in en if r["id"] not in used for s in sentences(r["text"]) if len(s) > 40],
        "zh-Hans": [s for r in hans if r["id"] not in used and r["kind"] != "sentence" for s in sentences(r["text"]) if len(s) > 15],
        "zh-Hant": [s for r in hant if r["id"] not in used and r["kind"] == "paragraph" for s in sentences(r["text"]) if len(s) > 15],
    }
    en_footers = []
    for page in pages:
        lines = page["text"].rstrip().split("\n")
        footer = []
        while lines and sum(map(len, footer)) < 500:
            footer.insert(0, lines.pop())
        en_footers.append("\n".join(footer))
    zh_paragraphs = [r["text"] for r in hans if r["kind"] == "paragraph" and r["id"] not in used and 300 <= len(r["text"]) <= 600]
    hant_paragraphs = [r["text"] for r in hant if r["kind"] == "paragraph" and r["id"] not in used and 300 <= len(r["text"]) <= 600]
    footers = {"en": en_footers, "zh-Hans": rng.sample(zh_paragraphs, 11), "zh-Hant": rng.sample(hant_paragraphs, 11)}
    return bases, pool, footers


def build(corpora: Path, per_language: int) -> tuple[list[dict], dict[str, list[dict]]]:
    """The main set (docs with `group` and `kind`) and the footer-negative sets."""
    rng = random.Random(SEED)
    bases, pool, footers = load_bases(corpora, rng, per_language)
    builder = Builder(rng, pool, footers)
    docs: list[dict] = []
    for number, base in enumerate(bases):
        kinds = [k for k in KINDS if k != "script" or base["lang"] != "en"]
        chosen = [kinds[number % len(kinds)]]
        if rng.random() < 1 / 3:
            chosen.append(rng.choice([k for k in kinds if k != "footer-removed"]))
        base_text = base["text"]
        variants = []
        for kind in chosen:
            base_text, variant = builder.variant(kind, base_text, base["lang"])
            variants.append((kind, variant))
        docs.append({"id": base["id"], "text": base_text, "group": base["id"], "kind": "base", "lang": base["lang"]})
        for offset, (kind, variant) in enumerate(variants):
            docs.append({"id": f"{base['id']}~{kind}~{offset}", "text": variant, "group": base["id"], "kind": kind, "lang": base["lang"]})
    footer_sets = build_footer_negatives(corpora, rng, footers)
    footer_sets.update(build_footer_positives(bases, builder, footers))
    return docs, footer_sets


def build_footer_negatives(corpora: Path, rng: random.Random, footers: dict[str, list[str]]) -> dict[str, list[dict]]:
    """Different short real documents that all end with the same long footer (kept / stripped)."""
    en = [r for r in read(corpora, "en.jsonl") if r["kind"] in ("web-reviews", "web-answers") and 150 <= len(r["text"]) <= 400]
    hans = [r for r in read(corpora, "zh_hans.jsonl") if r["kind"] == "paragraph" and 100 <= len(r["text"]) <= 250]
    sets: dict[str, list[dict]] = {"kept": [], "stripped": []}
    for lang, records in (("en", en), ("zh-Hans", hans)):
        footer = max(footers[lang], key=len)
        for record in rng.sample(records, 40):
            sets["kept"].append({"id": record["id"], "text": record["text"].rstrip() + "\n" + footer, "lang": lang})
            sets["stripped"].append({"id": record["id"], "text": record["text"], "lang": lang})
    return sets


def build_footer_positives(bases: list[dict], builder: Builder, footers: dict[str, list[str]]) -> dict[str, list[dict]]:
    """Copies under the same long footer, which the shared-lines guard must not veto: 40 bases
    (20 en, 20 zh-Hans), each as itself and as a variant with 5-30% of sentences changed, every
    document ending with one footer; and one story copied 10 times with a different byline."""
    positives: list[dict] = []
    for lang in ("en", "zh-Hans"):
        footer = max(footers[lang], key=len)
        chosen = [b for b in bases if b["lang"] == lang and len(b["text"]) >= 600][:20]
        for base in chosen:
            _, variant = builder.variant("sentences-changed", base["text"], lang)
            positives.append({"id": base["id"], "text": base["text"] + "\n" + footer, "lang": lang, "group": base["id"]})
            positives.append({"id": base["id"] + "~v", "text": variant + "\n" + footer, "lang": lang, "group": base["id"]})
    story = next(b for b in bases if b["lang"] == "en" and len(b["text"]) >= 1500)
    copies = [{"id": f"copy{n}", "text": f"By staff writer {n}\n" + story["text"], "lang": "en", "group": "story"} for n in range(10)]
    return {"copies under one footer": positives, "one story copied 10 times": copies}


def pair_counts(truth: list[str], predicted: list[int]) -> tuple[int, int, int]:
    """(true positive pairs, predicted pairs, true pairs) from two labelings of the same items."""
    def pairs(counter: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    return pairs(Counter(zip(truth, predicted))), pairs(Counter(predicted)), pairs(Counter(truth))


def cluster_labels(signed: Signatures, threshold: float, guard: bool = True) -> list[int]:
    """Cluster label of every document, as the dedup step clusters (`guard`: with the
    shared-block guard)."""
    clusterer = Clusterer(threshold, guard=guard)
    clusterer.add(signed)
    labels = [0] * len(signed)
    for root, items in clusterer.clusters().items():
        for item in items:
            labels[item] = root
    clusterer.close()
    return labels


def scores(tp: int, predicted: int, true: int) -> tuple[float, float, float]:
    precision = tp / predicted if predicted else 1.0
    recall = tp / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def report_main(docs: list[dict], threshold: float) -> None:
    truth = [d["group"] for d in docs]
    texts = [d["text"] for d in docs]
    print(f"main set: {len(docs)} documents, {len(set(truth))} groups, {pair_counts(truth, truth)[2]} true pairs")
    print(f"languages: {dict(Counter(d['lang'] for d in docs))}; variant kinds: {dict(Counter(d['kind'] for d in docs))}")
    print("\n| ngram | threshold | precision | recall | F1 | false pairs |")
    print("|---|---|---|---|---|---|")
    chosen_labels: list[int] = []
    for ngram in NGRAMS:
        signed = signatures(texts, ngram=ngram)
        for value in THRESHOLDS:
            labels = cluster_labels(signed, value)
            tp, predicted, true = pair_counts(truth, labels)
            p, r, f = scores(tp, predicted, true)
            mark = " **(default)**" if ngram == NGRAM and abs(value - threshold) < 1e-9 else ""
            print(f"| {ngram} | {value:g}{mark} | {p:.4f} | {r:.4f} | {f:.4f} | {predicted - tp} |")
            if ngram == NGRAM and abs(value - threshold) < 1e-9:
                chosen_labels = labels
    report_margin(signatures(texts), truth)
    by_id = {d["id"]: i for i, d in enumerate(docs)}
    print(f"\nrecall of base-variant pairs per kind and language (ngram {NGRAM}, threshold {threshold}):\n")
    print("| kind | en | zh-Hans | zh-Hant |")
    print("|---|---|---|---|")
    found: dict[tuple[str, str], list[bool]] = defaultdict(list)
    misses = []
    for i, d in enumerate(docs):
        if d["kind"] == "base":
            continue
        base = by_id[d["group"]]
        hit = chosen_labels[i] == chosen_labels[base]
        found[(d["kind"], d["lang"])].append(hit)
        if not hit:
            misses.append(d["id"])
    for kind in KINDS:
        cells = []
        for lang in ("en", "zh-Hans", "zh-Hant"):
            hits = found.get((kind, lang), [])
            cells.append(f"{sum(hits)}/{len(hits)}" if hits else "-")
        print(f"| {kind} | " + " | ".join(cells) + " |")
    wrong = [(docs[a]["id"], docs[b]["id"]) for a, b in combinations(range(len(docs)), 2)
             if chosen_labels[a] == chosen_labels[b] and truth[a] != truth[b]][:20]
    print(f"\nmissed variants ({len(misses)}): {misses[:25]}")
    print(f"false pairs (first 20): {wrong}")


def report_margin(signed: Signatures, truth: list[str]) -> None:
    """Highest estimated similarity between documents of different groups: the room the
    threshold has above the hardest negative pair of the set."""
    groups = np.array([hash(t) for t in truth])
    values = signed.hashvalues
    worst: list[float] = []
    for low in range(0, len(values), 64):
        block = (values[low : low + 64, None, :] == values[None, :, :]).mean(axis=2)
        block[groups[low : low + 64, None] == groups[None, :]] = 0.0
        worst.extend(block.max(axis=1))
    ranked = sorted(worst, reverse=True)
    print(f"\nhighest similarity between different groups: {ranked[0]:.3f}; 10th highest document: {ranked[9]:.3f}")


def report_footers(sets: dict[str, list[dict]], threshold: float) -> None:
    print("\nthe shared-lines guard: short different documents sharing one long footer (negatives), and copies it must keep:\n")
    print("| set | language | documents | true pairs | merged pairs without the guard | merged pairs with it (the dedup step) | true pairs found with it |")
    print("|---|---|---|---|---|---|---|")
    boilerplate = _boilerplate()
    variants = dict(sets)
    if boilerplate is not None:
        variants["kept, then corpusclean's boilerplate step"] = [{**d, "text": boilerplate(d["text"]).text} for d in sets["kept"]]
    site_repeat = _site_repeat()
    if site_repeat is not None:
        for name in ("kept", "copies under one footer"):
            documents = [Document(d["id"], d["text"], {"site": d["lang"]}) for d in sets[name]]
            step = site_repeat()
            step.fit(documents)
            cleaned = [step.apply(doc).text for doc in documents]
            variants[f"{name}, then corpusclean's site-repeat step"] = [{**d, "text": t} for d, t in zip(sets[name], cleaned)]
    for name, docs in variants.items():
        for lang in ("en", "zh-Hans"):
            chosen = [d for d in docs if d["lang"] == lang]
            if not chosen:
                continue
            texts = [d["text"] for d in chosen]
            truth = [d.get("group", d["id"]) for d in chosen]
            signed = signatures(texts)
            merged = []
            for guard in (False, True):
                labels = cluster_labels(signed, threshold, guard)
                merged.append(pair_counts(truth, labels))
            true_pairs = merged[1][2]
            print(f"| {name} | {lang} | {len(texts)} | {true_pairs} | {merged[0][1]} | {merged[1][1]} | {merged[1][0]} |")
    if boilerplate is None:
        print("(corpusclean._boilerplate.lines is not available: only the hand-stripped row stands for stripping)")


def _site_repeat() -> Callable | None:
    try:
        from corpusclean._boilerplate.site_lines import SiteRepeat
    except ImportError:
        return None
    return SiteRepeat


def _boilerplate() -> Callable | None:
    try:
        from corpusclean._boilerplate.lines import boilerplate
    except ImportError:
        return None
    return boilerplate


def report_pairs(corpora: Path, threshold: float) -> None:
    print("\nTraditional/Simplified pairs from zh_hans_hant_pairs.jsonl (each pair is one group):\n")
    print("| tier | pairs | pairs found | other pairs merged (false) | similarity median |")
    print("|---|---|---|---|---|")
    records = read(corpora, "zh_hans_hant_pairs.jsonl")
    for tier, prefix in (("UD (exact conversions)", "github:UniversalDependencies"), ("NTREX (independent translations)", "github:MicrosoftTranslator")):
        chosen = [r for r in records if r["source"].startswith(prefix)]
        texts = [t for r in chosen for t in (r["text"], r["text_hant"])]
        truth = [str(i // 2) for i in range(len(texts))]
        signed = signatures(texts)
        labels = cluster_labels(signed, threshold)
        found = sum(labels[2 * i] == labels[2 * i + 1] for i in range(len(chosen)))
        tp, predicted, _ = pair_counts(truth, labels)
        agreement = np.mean(signed.hashvalues[0::2] == signed.hashvalues[1::2], axis=1)
        print(f"| {tier} | {len(chosen)} | {found} | {predicted - tp} | {np.median(agreement):.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--per-language", type=int, default=250)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args()
    docs, footer_sets = build(args.corpora, args.per_language)
    report_main(docs, args.threshold)
    report_footers(footer_sets, args.threshold)
    report_pairs(args.corpora, args.threshold)


if __name__ == "__main__":
    main()
