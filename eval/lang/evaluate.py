"""Evaluate language tagging on real labelled text, in three length buckets.

Builds the evaluation set reproducibly from ../shared/corpora (override with --corpora):

* `langid.jsonl` (NTREX, 55 langdetect languages x 200 sentences) and the sentences of the
  per-language files (UD treebanks; up to 300 per file, fixed seed);
* **short**: each of those sentences cut to at most 30 characters (at a word boundary where the
  text has spaces, so words are not split);
* **sentence**: the sentences as they are;
* **paragraph**: consecutive NTREX lines of one document and language joined until they reach
  200 characters, plus the paragraph/article records of the per-language files (>= 200 chars).

Prints accuracy, macro-F1 and documents/s per bucket, the Chinese script accuracy (zh-Hans vs
zh-Hant on every record of zh_hans.jsonl and zh_hant.jsonl), the worst confusions, and a digest
of all answers so runs in different processes can be compared. Chinese script accuracy is also
given on the records that hold at least one unambiguous Traditional- or Simplified-only character
(the others read the same in both scripts, and are tagged zh-Hans with score 0.5).

Every figure is given on the whole set and on its held-out fifth (sha256(id) mod 5 == 0, where
`id` is the corpus record's id, the first line's for joined NTREX paragraphs): the word-evidence
weight was chosen on the other four fifths (`tune.py`).
`--langdetect` also scores seeded langdetect on the same texts.

    python eval/lang/evaluate.py [--corpora DIR] [--langdetect]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, NamedTuple

from corpusclean._document import Document
from corpusclean._lang.site_script import SiteScript
from corpusclean._lang.tagger import chinese_script_votes as script_votes
from corpusclean._lang.tagger import detect_language, tag_language

ROOT = Path(__file__).resolve().parents[2]
LANGDETECT_CODES = {"zh-cn": "zh-Hans", "zh-tw": "zh-Hant"}
FILES = ("zh_hans", "zh_hant", "ja", "ko", "en", "ru", "el", "fr", "de", "es", "pt")
SENTENCES_PER_FILE = 300
SHORT = 30
PARAGRAPH = 200


class Item(NamedTuple):
    """One labelled text; `id` is the corpus record id (the first record's, for joined text)."""

    label: str
    text: str
    id: str


def held_out(item_id: str) -> bool:
    """The project's held-out fifth: sha256(id) mod 5 == 0. Nothing is tuned on it."""
    return int.from_bytes(hashlib.sha256(item_id.encode("utf-8")).digest(), "big") % 5 == 0


def _records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _cut(text: str, limit: int = SHORT) -> str:
    """The head of `text`, at most `limit` chars, ending at a word boundary when it has spaces."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return head[:space] if space >= limit // 3 else head


def build(corpora: Path) -> dict[str, list[Item]]:
    """The three buckets, in a fixed order."""
    sentences: list[Item] = []
    paragraphs: list[Item] = []
    by_document: dict[tuple[str, str], list[tuple[int, str, str]]] = defaultdict(list)
    for record in _records(corpora / "langid.jsonl"):
        label = LANGDETECT_CODES.get(record["lang"], record["lang"])
        sentences.append(Item(label, record["text"], record["id"]))
        by_document[(label, record["doc_id"])].append((record["line"], record["text"], record["id"]))
    for (label, _), lines in sorted(by_document.items()):
        joiner = "" if label in ("zh-Hans", "zh-Hant", "ja") else " "
        current: list[tuple[int, str, str]] = []
        for line in sorted(lines):
            current.append(line)
            text = joiner.join(text for _, text, _ in current)
            if len(text) >= PARAGRAPH:
                paragraphs.append(Item(label, text, current[0][2]))
                current = []
    for name in FILES:
        records = _records(corpora / f"{name}.jsonl")
        kept = [r for r in records if r.get("kind") == "sentence"]
        random.Random(f"lang-eval-{name}").shuffle(kept)
        sentences.extend(Item(r["lang"], r["text"], r["id"]) for r in kept[:SENTENCES_PER_FILE])
        paragraphs.extend(
            Item(r["lang"], r["text"], r["id"])
            for r in records
            if r.get("kind") != "sentence" and len(r["text"]) >= PARAGRAPH
        )
    short = [item._replace(text=_cut(item.text)) for item in sentences]
    return {"short": short, "sentence": sentences, "paragraph": paragraphs}


def chinese_items(corpora: Path) -> list[Item]:
    """Every record of the two Chinese files (the script-accuracy set)."""
    names = ("zh_hans", "zh_hant")
    return [Item(r["lang"], r["text"], r["id"]) for n in names for r in _records(corpora / f"{n}.jsonl")]


def unchanged_by_opencc(items: list[Item]) -> Counter[str]:
    """Labels of the records that OpenCC's full (phrase-level) s2t and t2s conversions both leave
    unchanged: text that reads the same in both scripts."""
    import opencc

    to_traditional, to_simplified = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    return Counter(
        item.label
        for item in items
        if to_traditional.convert(item.text) == item.text == to_simplified.convert(item.text)
    )


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    """Macro-averaged F1 over the gold labels."""
    true_pos: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    for label, answer in pairs:
        gold[label] += 1
        predicted[answer] += 1
        true_pos[label] += label == answer
    scores = []
    for label in gold:
        precision = true_pos[label] / predicted[label] if predicted[label] else 0.0
        recall = true_pos[label] / gold[label]
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores)


def run(items: list[Item], tagger: Callable[[str], str]) -> tuple[list[tuple[str, str]], float]:
    """(label, answer) pairs and documents/s."""
    start = time.perf_counter()
    answers = [tagger(item.text) for item in items]
    rate = len(items) / (time.perf_counter() - start)
    return [(item.label, answer) for item, answer in zip(items, answers)], rate


def accuracy(pairs: list[tuple[str, str]]) -> float:
    return sum(a == b for a, b in pairs) / len(pairs)


def test_pairs(items: list[Item], pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The pairs of the held-out fifth."""
    return [pair for item, pair in zip(items, pairs) if held_out(item.id)]


def seeded_langdetect() -> Callable[[str], str]:
    """langdetect with its documented global seed, answers mapped to our Chinese codes."""
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def tag(text: str) -> str:
        try:
            answer = detect(text)
        except LangDetectException:
            return "und"
        return LANGDETECT_CODES.get(answer, answer)

    return tag


def report(
    name: str, buckets: dict[str, list[Item]], chinese: list[Item], tagger: Callable[[str], str]
) -> str:
    """Print one tagger's figures, on everything and on the held-out fifth; return the digest."""
    digest = hashlib.sha256()
    print(f"## {name}")
    print(f"{'bucket':<10} {'n':>6} {'accuracy':>9} {'macro-F1':>9} {'docs/s':>9} {'held-out':>15}")
    for bucket, items in buckets.items():
        pairs, rate = run(items, tagger)
        test = test_pairs(items, pairs)
        print(
            f"{bucket:<10} {len(pairs):>6} {accuracy(pairs):>9.4f} {macro_f1(pairs):>9.4f} "
            f"{rate:>9.0f} {accuracy(test):>7.4f} ({len(test)})"
        )
        confusions = Counter((a, b) for a, b in pairs if a != b).most_common(8)
        print("  worst:", ", ".join(f"{a}->{b} {n}" for (a, b), n in confusions))
        digest.update(json.dumps(pairs).encode())
    pairs, _ = run(chinese, tagger)
    by_label = {
        label: accuracy([(a, b) for a, b in pairs if a == label]) for label in ("zh-Hans", "zh-Hant")
    }
    wrong = Counter(b for a, b in pairs if a != b)
    test = test_pairs(chinese, pairs)
    print(
        f"Chinese script accuracy: {accuracy(pairs):.4f} on {len(pairs)} records "
        f"(held-out {accuracy(test):.4f} on {len(test)}) {by_label}"
    )
    print(f"  wrong answers: {dict(wrong)}")
    evidence = [bool(sum(script_votes(item.text))) for item in chinese]
    decidable = [pair for pair, has in zip(pairs, evidence) if has]
    neutral = Counter(pair[0] for pair, has in zip(pairs, evidence) if not has)
    print(
        f"  on the {len(decidable)} records with script evidence: {accuracy(decidable):.4f}; "
        f"script-neutral records (no evidence either way): {dict(neutral)}; "
        f"identical under both OpenCC conversions: {dict(unchanged_by_opencc(chinese))}"
    )
    digest.update(json.dumps(pairs).encode())
    print(f"answers digest: {digest.hexdigest()[:16]}\n")
    return digest.hexdigest()


def site_context(corpora: Path) -> None:
    """Chinese script accuracy in the pipeline, where the `site-script` corpus step settles
    script-neutral records from their site (here: the source file each record came from)."""
    documents, labels = [], []
    for name in ("zh_hans", "zh_hant"):
        for record in _records(corpora / f"{name}.jsonl"):
            doc = Document(id=record["id"], text=record["text"], metadata={"site": record["source"]})
            documents.append(doc.apply(tag_language(record["text"])))
            labels.append(record["lang"])
    step = SiteScript()
    step.fit(documents)
    pairs = [(label, step.apply(doc).metadata["language"]) for label, doc in zip(labels, documents)]
    test = [pair for pair, doc in zip(pairs, documents) if held_out(doc.id)]
    settled = Counter(doc.metadata.get("script_basis") for doc in documents)
    print(
        f"Chinese script accuracy with site context (site-script step, site = source file): "
        f"{accuracy(pairs):.4f} on {len(pairs)} (held-out {accuracy(test):.4f} on {len(test)}); "
        f"script basis {dict(settled)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--langdetect", action="store_true", help="also score seeded langdetect")
    args = parser.parse_args()
    buckets = build(args.corpora)
    chinese = chinese_items(args.corpora)
    report("corpusclean detect_language", buckets, chinese, detect_language)
    site_context(args.corpora)
    if args.langdetect:
        report("langdetect (DetectorFactory.seed = 0)", buckets, chinese, seeded_langdetect())


if __name__ == "__main__":
    main()
