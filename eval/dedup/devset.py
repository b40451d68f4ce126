"""A development/test set of near-duplicate news and web documents, and its evaluation (#20).

Built reproducibly (fixed seed) from /work/shared/corpora (provenance in its README):

* **Bases**: real articles and paragraphs — NTREX news in English, Simplified and Traditional
  Chinese, German, French, Russian, Japanese and Korean (123 each; the headline is the first
  line, one sentence a line), XQuAD English paragraphs, EWT web documents, CMRC (Simplified)
  and DRCD (Traditional) Wikipedia paragraphs. Same-topic paragraphs and translations of the
  same article are present, as hard negatives.
* **Sites**: 8 per language, each with a footer/disclaimer block of 2–6 lines. English footers
  are the real last lines of the readability test pages; for the other languages no real footer
  is available and 2–4 real sentences of that language's UD treebank stand in for one. A base
  is published on one site, with its footer half the time.
* **Copies** (0–6 per base, so clusters of 4+ copies are frequent), each on another site, with
  1–3 of: sentences reworded (synthetic token edits: words or characters dropped, replaced by
  real ones of other documents, or swapped, one token in six, in 10–35% of the sentences),
  sentences replaced by real sentences of other documents (5–25%), truncated (60–90% of the
  sentences kept), headline
  dropped, last paragraph dropped, paragraphs reordered, reformatted (re-wrapped, spaces,
  punctuation, case), re-scripted Simplified↔Traditional (OpenCC), a different footer.
* **Excerpts**: for 15% of the bases, a run of 25–50% of their sentences (150 characters or
  more), quoted without the footer: only containment finds these.
* **Negatives**: the other bases (unrelated articles sharing a site footer) and footer-only
  documents: one real headline (the first line of an NTREX article not used as a base, then
  short real sentences; each used once) plus the site's footer, 6 per site.

Split by cluster (a hash of the base id) into `dev` and `test`. Tune on dev; report on test.

    python eval/dedup/devset.py [--split dev|test] [--sweep] [--baseline] [--write out.jsonl]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from opencc import OpenCC

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from corpusclean._dedup import clusters as clustering
from corpusclean._dedup.minhash import (
    DEFAULT_THRESHOLD,
    NGRAM,
    NUM_PERM,
    SHINGLES,
    signatures,
)

SEED = "dedup-devset-v1"
NEWS_LANGUAGES = {"en": "en.jsonl", "zh-Hans": "zh_hans.jsonl", "zh-Hant": "zh_hant.jsonl", "de": "de.jsonl", "fr": "fr.jsonl", "ru": "ru.jsonl", "ja": "ja.jsonl", "ko": "ko.jsonl"}
SPACELESS = ("zh-Hans", "zh-Hant", "ja")
SITES_PER_LANGUAGE = 8
FOOTER_ONLY_PER_SITE = 6
EXCERPT_SHARE = 0.15
"""Share of the bases that also get an excerpt: 25–50% of their sentences in a row."""
COPY_COUNTS = (0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 6)
EDITS = ("reworded", "sentences-replaced", "truncated", "headline-dropped", "last-paragraph-dropped", "reordered", "reformatted", "rescripted", "other-footer")
_SENTENCE = re.compile(r"(?<=[。！？])|(?<=[.!?])\s+(?=[A-Z\"'“А-Я])")


def read(corpora: Path, name: str) -> list[dict]:
    with (corpora / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def split_of(cluster: str) -> str:
    """`dev` or `test`, fixed per cluster."""
    return "dev" if hashlib.sha256(cluster.encode()).digest()[0] % 2 == 0 else "test"


def sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE.split(text) if part and part.strip()]


class Builder:
    """Makes the documents with one seeded generator."""

    def __init__(self, corpora: Path) -> None:
        self.rng = random.Random(SEED)
        self.s2t, self.t2s = OpenCC("s2t"), OpenCC("t2s")
        self.records = {lang: read(corpora, name) for lang, name in NEWS_LANGUAGES.items()}
        self.pages = read(corpora, "webpages_en.jsonl")
        self.pool: dict[str, list[str]] = {}
        self.footers: dict[str, list[str]] = {}

    def bases(self) -> list[dict]:
        rng = self.rng
        chosen: list[dict] = []
        spare_headlines: dict[str, list[str]] = {}
        for lang, records in self.records.items():
            news = [r for r in records if r.get("kind") in ("news-article", "article")]
            rng.shuffle(news)
            used, spare = news[:100], news[100:]
            spare_headlines[lang] = [r["text"].split("\n")[0] for r in spare]
            chosen.extend({"id": r["id"], "text": r["text"], "lang": lang, "kind": "news"} for r in used)
            if lang == "en":
                web = [r for r in records if r["kind"].startswith("web-") and r["kind"] != "web-reviews" and len(r["text"]) >= 400]
                wiki = [r for r in records if r["kind"] == "paragraph" and len(r["text"]) >= 400]
                chosen.extend({"id": r["id"], "text": r["text"], "lang": lang, "kind": "web"} for r in rng.sample(web, min(150, len(web))))
                chosen.extend({"id": r["id"], "text": r["text"], "lang": lang, "kind": "wiki"} for r in rng.sample(wiki, 150))
            if lang in ("zh-Hans", "zh-Hant"):
                wiki = [r for r in records if r["kind"] == "paragraph" and len(r["text"]) >= 250]
                chosen.extend({"id": r["id"], "text": r["text"], "lang": lang, "kind": "wiki"} for r in rng.sample(wiki, 300))
            ids = {c["id"] for c in chosen}
            # sentences line by line: a headline (a line without a full stop) is a sentence of
            # its own, so the headlines kept for footer-only documents below stay out of the pool
            pool = [s for r in records if r["id"] not in ids and r.get("kind") != "sentence" for line in r["text"].split("\n") for s in sentences(line) if len(s) > (12 if lang in SPACELESS else 40)]
            # headlines of footer-only documents: the spare NTREX headlines, then short real
            # sentences kept out of the pool that copies draw replacement sentences from
            needed = SITES_PER_LANGUAGE * FOOTER_ONLY_PER_SITE
            short = sorted(set(pool) - set(spare_headlines[lang]), key=lambda s: (len(s), s))[: 3 * needed]
            reserved = rng.sample(short, needed)
            spare_headlines[lang] += reserved
            taken = set(spare_headlines[lang])
            self.pool[lang] = [s for s in pool if s not in taken]
            self.footers[lang] = self._footers(lang, records)
        self.spare_headlines = spare_headlines
        return chosen

    def _footers(self, lang: str, records: list[dict]) -> list[str]:
        """SITES_PER_LANGUAGE footer blocks: real page endings (en) or UD sentences standing in."""
        if lang == "en":
            blocks = []
            for page in self.pages[:SITES_PER_LANGUAGE]:
                lines = [line for line in page["text"].rstrip().split("\n") if line.strip()]
                blocks.append("\n".join(lines[-self.rng.randint(2, 6) :]))
            return blocks
        ud = [r["text"] for r in records if r.get("kind") == "sentence" and 15 <= len(r["text"]) <= 120]
        return ["\n".join(self.rng.sample(ud, self.rng.randint(2, 4))) for _ in range(SITES_PER_LANGUAGE)]

    def copy(self, text: str, lang: str, edits: list[str], footer: str | None) -> str:
        """A copy of `text` with `edits`: sentence edits work on sentences, headline/last
        paragraph/reordering on lines (paragraphs); a one-paragraph text is cut in 4 chunks of
        sentences for reordering."""
        rng = self.rng
        joiner = "" if lang in SPACELESS else " "
        paragraphs = [sentences(line) or [line] for line in text.split("\n") if line.strip()]

        def flat() -> list[tuple[int, int]]:
            return [(p, s) for p, sentences_ in enumerate(paragraphs) for s in range(len(sentences_))]

        for edit in edits:
            positions = flat()
            if edit in ("reworded", "sentences-replaced"):
                low, high = (0.10, 0.35) if edit == "reworded" else (0.05, 0.25)
                for p, s in rng.sample(positions, max(1, round(rng.uniform(low, high) * len(positions)))):
                    sentence = paragraphs[p][s]
                    paragraphs[p][s] = self.reword(sentence, lang) if edit == "reworded" else rng.choice(self.pool[lang])
            elif edit == "truncated" and len(positions) > 1:
                keep = max(1, round(rng.uniform(0.6, 0.9) * len(positions)))
                last_p, last_s = positions[keep - 1]
                paragraphs = paragraphs[:last_p] + [paragraphs[last_p][: last_s + 1]]
            elif edit == "headline-dropped" and len(paragraphs) > 2:
                paragraphs = paragraphs[1:]
            elif edit == "last-paragraph-dropped" and len(paragraphs) > 2:
                paragraphs = paragraphs[:-1]
            elif edit == "reordered":
                if len(paragraphs) < 3:
                    whole = [sentence for sentences_ in paragraphs for sentence in sentences_]
                    size = max(1, -(-len(whole) // 4))
                    paragraphs = [whole[i : i + size] for i in range(0, len(whole), size)]
                if len(paragraphs) > 1:
                    cut = rng.randint(1, len(paragraphs) - 1)
                    paragraphs = paragraphs[cut:] + paragraphs[:cut] if rng.random() < 0.5 else rng.sample(paragraphs, len(paragraphs))
            elif edit == "rescripted":
                converter = self.s2t if lang == "zh-Hans" else self.t2s
                paragraphs = [[converter.convert(sentence) for sentence in sentences_] for sentences_ in paragraphs]
        body = "\n".join(joiner.join(sentences_) for sentences_ in paragraphs)
        if "reformatted" in edits:
            body = self.reformat(body, lang)
        return body + ("\n" + footer if footer else "")

    def reword(self, sentence: str, lang: str) -> str:
        """Token edits in about one token of six: drop, replace by a real token of another
        document, or swap with the next."""
        rng = self.rng
        tokens = list(sentence) if lang in SPACELESS else sentence.split()
        donor = rng.choice(self.pool[lang])
        donor_tokens = list(donor) if lang in SPACELESS else donor.split()
        for _ in range(max(1, len(tokens) // 6)):
            if len(tokens) < 3:
                break
            index = rng.randrange(len(tokens) - 1)
            action = rng.random()
            if action < 0.35:
                del tokens[index]
            elif action < 0.7:
                tokens[index] = rng.choice(donor_tokens)
            else:
                tokens[index], tokens[index + 1] = tokens[index + 1], tokens[index]
        return ("" if lang in SPACELESS else " ").join(tokens)

    def reformat(self, text: str, lang: str) -> str:
        if lang in SPACELESS:
            text = text.translate(str.maketrans({"，": ",", "。": ". ", "：": ":", "（": "(", "）": ")", "「": '"', "」": '"'}))
            return "\n".join(line + "  " for line in text.split("\n"))
        out = "  ".join(text.replace("“", '"').replace("”", '"').split(" "))
        return out.upper() if self.rng.random() < 0.2 else out


def build(corpora: Path) -> list[dict]:
    """Every document: `id`, `text`, `lang`, `cluster`, `site`, `edits`, `split`, `role`."""
    builder = Builder(corpora)
    rng = builder.rng
    docs: list[dict] = []
    for base in builder.bases():
        lang = base["lang"]
        site = rng.randrange(SITES_PER_LANGUAGE)
        footer = builder.footers[lang][site] if rng.random() < 0.5 else None
        cluster = base["id"]
        docs.append({"id": base["id"], "text": base["text"] + ("\n" + footer if footer else ""), "lang": lang, "cluster": cluster, "site": f"{lang}/{site}", "edits": [], "role": "base", "kind": base["kind"]})
        for number in range(rng.choice(COPY_COUNTS)):
            allowed = [e for e in EDITS if e != "rescripted" or lang in ("zh-Hans", "zh-Hant")]
            edits = rng.sample(allowed, rng.choice((1, 1, 2, 2, 3)))
            other = rng.choice([s for s in range(SITES_PER_LANGUAGE) if s != site])
            copy_footer = builder.footers[lang][other] if ("other-footer" in edits or rng.random() < 0.5) else None
            text = builder.copy(base["text"], lang, edits, copy_footer)
            docs.append({"id": f"{base['id']}~copy{number}", "text": text, "lang": lang, "cluster": cluster, "site": f"{lang}/{other}", "edits": edits, "role": "copy", "kind": base["kind"]})
    excerpts = random.Random(SEED + "/excerpts")  # its own generator: the documents above stay as they are
    for base in [d for d in docs if d["role"] == "base"]:
        if excerpts.random() >= EXCERPT_SHARE:
            continue
        lang = base["lang"]
        text = base["text"]
        for footer in builder.footers[lang]:
            text = text.removesuffix("\n" + footer)
        parts = [(number, sentence) for number, line in enumerate(text.split("\n")) for sentence in (sentences(line) or [line])]
        size = max(1, round(excerpts.uniform(0.25, 0.5) * len(parts)))
        start = excerpts.randrange(len(parts) - size + 1)
        lines: dict[int, list[str]] = defaultdict(list)
        for number, sentence in parts[start : start + size]:
            lines[number].append(sentence)
        excerpt = "\n".join(("" if lang in SPACELESS else " ").join(chosen) for chosen in lines.values())
        if len(excerpt) >= 150:
            docs.append({"id": f"{base['id']}~excerpt", "text": excerpt, "lang": lang, "cluster": base["cluster"], "site": base["site"], "edits": ["excerpt"], "role": "copy", "kind": base["kind"]})
    for lang, headlines in builder.spare_headlines.items():
        for site, footer in enumerate(builder.footers[lang]):
            for number in range(FOOTER_ONLY_PER_SITE):
                headline = headlines[site * FOOTER_ONLY_PER_SITE + number]
                doc_id = f"footer-only/{lang}/{site}/{number}"
                docs.append({"id": doc_id, "text": headline + "\n" + footer, "lang": lang, "cluster": doc_id, "site": f"{lang}/{site}", "edits": [], "role": "footer-only", "kind": "footer-only"})
    for doc in docs:
        doc["split"] = split_of(doc["cluster"])
    return docs


def pair_counts(truth: list[str], predicted: list[int]) -> tuple[int, int, int]:
    """(true positive pairs, predicted pairs, true pairs)."""
    def pairs(counter: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    return pairs(Counter(zip(truth, predicted))), pairs(Counter(predicted)), pairs(Counter(truth))


def scores(tp: int, predicted: int, true: int) -> tuple[float, float, float]:
    precision = tp / predicted if predicted else 1.0
    recall = tp / true if true else 1.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def corpusclean_labels(docs: list[dict], **options: object) -> list[int]:
    """Cluster label per document as the dedup step clusters (options: Clusterer fields and
    `shingles`/`ngram` for the sketches)."""
    shingles = options.pop("shingles", SHINGLES)
    ngram = options.pop("ngram", NGRAM)
    clusterer = clustering.Clusterer(**options)  # type: ignore[arg-type]
    texts = [d["text"] for d in docs]
    for low in range(0, len(texts), clustering.BATCH_SIZE):
        clusterer.add(signatures(texts[low : low + clustering.BATCH_SIZE], shingles=shingles, ngram=ngram))  # type: ignore[arg-type]
    labels = [0] * len(docs)
    for root, items in clusterer.clusters().items():
        for item in items:
            labels[item] = root
    clusterer.close()
    return labels


def baseline_labels(docs: list[dict], verify: bool = False) -> list[int]:
    """Plain datasketch: NFKC + case fold + whitespace collapsed, character 5-grams, MinHash
    (128 permutations), MinHashLSH(threshold=0.5); every LSH candidate is merged (`verify`: only
    those whose MinHash Jaccard estimate is ≥ 0.5)."""
    import unicodedata

    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=NUM_PERM)
    parent = list(range(len(docs)))

    def find(item: int) -> int:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    hashes = []
    for number, doc in enumerate(docs):
        text = " ".join(unicodedata.normalize("NFKC", doc["text"]).casefold().split())
        minhash = MinHash(num_perm=NUM_PERM)
        minhash.update_batch({text[i : i + 5].encode() for i in range(max(1, len(text) - 4))})
        hashes.append(minhash)
        for other in lsh.query(minhash):
            if not verify or minhash.jaccard(hashes[other]) >= 0.5:
                parent[find(other)] = find(number)
        lsh.insert(number, minhash)
    return [find(i) for i in range(len(docs))]


def report(docs: list[dict], labels: list[int], name: str) -> dict[str, float]:
    truth = [d["cluster"] for d in docs]
    tp, predicted, true = pair_counts(truth, labels)
    precision, recall, f1 = scores(tp, predicted, true)
    index = {d["id"]: i for i, d in enumerate(docs)}
    cross = [(i, index[d["cluster"]]) for i, d in enumerate(docs) if "rescripted" in d["edits"]]
    cross_found = sum(labels[a] == labels[b] for a, b in cross)
    footer_only = [i for i, d in enumerate(docs) if d["role"] == "footer-only"]
    footer_merges = sum(1 for i in footer_only for j in range(len(docs)) if j != i and labels[j] == labels[i])
    by_site: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        by_site[d["site"]].append(i)
    site_false = 0
    for members in by_site.values():
        counts = Counter((labels[i], truth[i]) for i in members)
        per_label = Counter(labels[i] for i in members)
        site_false += sum(n * (n - 1) // 2 for n in per_label.values()) - sum(n * (n - 1) // 2 for n in counts.values())
    print(f"| {name} | {precision:.4f} | {recall:.4f} | {f1:.4f} | {predicted - tp} | {true - tp} | {cross_found}/{len(cross)} | {footer_merges} | {site_false} |")
    return {"precision": precision, "recall": recall, "f1": f1}


HEADER = "| method | precision | recall | F1 | false pairs | missed pairs | cross-script copies found | pairs with a footer-only document | false pairs within one site (shared footer) |\n|---|---|---|---|---|---|---|---|---|"


def recall_by_edit(docs: list[dict], labels: list[int]) -> None:
    index = {d["id"]: i for i, d in enumerate(docs)}
    found: dict[str, list[bool]] = defaultdict(list)
    by_size: dict[str, list[bool]] = defaultdict(list)
    size = Counter(d["cluster"] for d in docs)
    for i, d in enumerate(docs):
        if d["role"] != "copy":
            continue
        hit = labels[i] == labels[index[d["cluster"]]]
        for edit in d["edits"]:
            found[f"{edit} ({'zh/ja' if d['lang'] in SPACELESS else 'spaced'})"].append(hit)
        by_size["4+ copies" if size[d["cluster"]] >= 5 else "1-3 copies"].append(hit)
        if "rescripted" in d["edits"] and set(d["edits"]) <= {"rescripted", "reformatted", "other-footer", "reordered"}:
            found["rescripted, no text removed or changed (zh/ja)"].append(hit)
    print("\n| copy–base links found, by edit (a copy has 1–3 edits) | found |\n|---|---|")
    for key in sorted(found):
        print(f"| {key} | {sum(found[key])}/{len(found[key])} |")
    for key in sorted(by_size):
        print(f"| clusters with {key} | {sum(by_size[key])}/{len(by_size[key])} |")


def sweep(docs: list[dict]) -> None:
    """The dev-split sweep: shingling, n, threshold, band layout, guard, common-line candidates."""
    print("| shingles | spaced scripts (en, de, fr, ru, ko): P / R / F1 | zh-Hans, zh-Hant, ja: P / R / F1 | all: P / R / F1 |\n|---|---|---|---|")
    for shingles in ("char", "word", "both"):
        for ngram in (3, 4, 5, 6, 7, 9):
            if shingles != "char" and ngram in (6, 9):
                continue
            labels = corpusclean_labels(docs, shingles=shingles, ngram=ngram)
            cells = []
            for chosen in ([i for i, d in enumerate(docs) if d["lang"] not in SPACELESS], [i for i, d in enumerate(docs) if d["lang"] in SPACELESS], list(range(len(docs)))):
                p, r, f = scores(*pair_counts([docs[i]["cluster"] for i in chosen], [labels[i] for i in chosen]))
                cells.append(f"{p:.4f} / {r:.4f} / {f:.4f}")
            print(f"| {shingles} {ngram}-grams | " + " | ".join(cells) + " |")
    print()
    print(HEADER)
    for threshold in (0.3, 0.35, 0.4, 0.45, 0.5):
        report(docs, corpusclean_labels(docs, threshold=threshold), f"char {NGRAM}, threshold {threshold}")
    for containment in (0.7, 0.8, 0.9, 1.0):
        report(docs, corpusclean_labels(docs, containment=containment), f"char {NGRAM}, containment {containment}")
    for bands, rows in ((20, 6), (25, 5), (32, 4), (42, 3), (64, 2)):
        start = time.process_time()
        labels = corpusclean_labels(docs, bands=bands, rows=rows)
        report(docs, labels, f"char {NGRAM}, {bands} bands × {rows} rows ({time.process_time() - start:.1f} CPU s)")
    report(docs, corpusclean_labels(docs, guard=False), "without the shared-block guard (and the common-line candidates)")
    module_settings = [("BLOCK_WITNESSES", (2, 3, 5), "a block needs {} unrelated witnesses"),
                       ("RELATED_SIMILARITY", (0.05, 0.1, 0.2), "holders related from Jaccard {} beyond the block"),
                       ("LINE_HOLDERS", (1, 2, 4, 8, 16), "common-line candidates: lines held by 2 to {} documents"),
                       ("MIN_LINE_CHARS", (0, 20, 40), "common-line candidates: lines of {}+ characters")]
    for name, values, label in module_settings:
        shipped = getattr(clustering, name)
        for value in values:
            setattr(clustering, name, value)
            report(docs, corpusclean_labels(docs), label.format(value))
        setattr(clustering, name, shipped)


def s_curve(bands: int, rows: int, threshold: float, num_perm: int = NUM_PERM) -> str:
    """Jaccard at which a pair is a candidate, and is found (candidate and estimate ≥ threshold),
    with probability 50% and 90%."""
    from math import comb

    grid = np.linspace(0.0, 1.0, 2001)
    candidate = 1 - (1 - grid**rows) ** bands
    needed = int(np.ceil(threshold * num_perm - 1e-9))
    verified = np.array([sum(comb(num_perm, k) * s**k * (1 - s) ** (num_perm - k) for k in range(needed, num_perm + 1)) for s in grid])
    found = candidate * verified

    def at(curve: np.ndarray, level: float) -> float:
        return float(grid[np.argmax(curve >= level)])

    return (f"candidates: 50% at J = {at(candidate, 0.5):.3f}, 90% at J = {at(candidate, 0.9):.3f}; "
            f"found (candidate and estimate ≥ {threshold}): 50% at J = {at(found, 0.5):.3f}, 90% at J = {at(found, 0.9):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--sweep", action="store_true", help="the tuning sweep (dev split only)")
    parser.add_argument("--baseline", action="store_true", help="also plain datasketch MinHash LSH")
    parser.add_argument("--write", type=Path, help="write the split's documents as JSONL")
    args = parser.parse_args()
    everything = build(args.corpora)
    docs = [d for d in everything if d["split"] == args.split]
    if args.write:
        with args.write.open("w", encoding="utf-8") as handle:
            for doc in docs:
                handle.write(json.dumps(doc, ensure_ascii=False) + "\n")
    truth = [d["cluster"] for d in docs]
    print(f"{args.split} split: {len(docs)} documents, {len(set(truth))} clusters, {pair_counts(truth, truth)[2]} true pairs; "
          f"{Counter(d['role'] for d in docs)}; {dict(Counter(d['lang'] for d in docs))}\n")
    if args.sweep:
        if args.split != "dev":
            parser.error("tune on the dev split only")
        sweep(docs)
        return
    print(HEADER)
    labels = corpusclean_labels(docs)
    report(docs, labels, f"corpusclean (char {NGRAM}-grams, threshold {DEFAULT_THRESHOLD}, containment {clustering.DEFAULT_CONTAINMENT}, guard)")
    if args.baseline:
        report(docs, baseline_labels(docs), "datasketch MinHashLSH(0.5), normalised char 5-grams, candidates merged")
        report(docs, baseline_labels(docs, verify=True), "datasketch MinHashLSH(0.5), normalised char 5-grams, candidates verified ≥ 0.5")
    recall_by_edit(docs, labels)
    print(f"\nS-curve ({clustering.BANDS} bands × {clustering.ROWS} rows, threshold {DEFAULT_THRESHOLD}): {s_curve(clustering.BANDS, clustering.ROWS, DEFAULT_THRESHOLD)}")


if __name__ == "__main__":
    main()
