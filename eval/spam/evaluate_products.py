"""Product keywords pasted into real news: how many the spam step removes or reports, at what cost.

    python eval/spam/evaluate_products.py --hs harmonized-system.csv [--split dev|test] [--seed N] [--sweep]

Hosts are the 123 NTREX English news articles of the corpora (first line = headline), split by
document: `dev` (tuned on) and `test` (reported) take each article by a hash of its id. Each
host yields two documents:

* `spliced` — 1–3 terms pasted between two words of its body sentences, drawn only from the fifth
  of the Harmonized System phrases the shipped lexicon leaves out (`build_product_lexicon.held_out`):
  terms the detector has never seen, found only through their head noun. A term is written in
  lower case (half), Title Case or with a capital first letter (a quarter each), as SEO tools
  paste catalogue entries;
* `clean` — the article untouched.

A term is *removed* when 80 % of its characters are, *reported* when a `product-keyword`
candidate of the spam step's metadata at the default report level (`FLAG_SCORE`) overlaps it,
*in review* when one at the review level (`REVIEW_SCORE`) does. Damage = clean characters removed / all clean
characters (both kinds of documents). `--sweep` prints removal recall and damage for several
thresholds of the junction model instead (tune on dev only).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts.build_product_lexicon import hs_terms, held_out  # noqa: E402

import corpusclean._spam.splices as splices  # noqa: E402
from corpusclean._spam.inserts import FLAG_SCORE, REVIEW_SCORE, spam  # noqa: E402

FOUND_SHARE = 0.8


def split_of(doc_id: str) -> str:
    """`dev` or `test` for a host document, by a hash of its id."""
    return "dev" if hashlib.sha256(doc_id.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def hosts(corpora: Path, split: str) -> list[tuple[str, str]]:
    """(id, text) of the NTREX English articles of `split`."""
    with (corpora / "en.jsonl").open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    return [(r["id"], r["text"]) for r in records if "NTREX" in r["source"] and split_of(r["id"]) == split]


def unseen_terms(hs_csv: Path) -> list[str]:
    """The held-out HS phrases (never in the shipped lexicon), sorted."""
    common = frozenset((ROOT / "corpusclean" / "data" / "spam_common_en.txt").read_text(encoding="utf-8").split())
    terms, _ = hs_terms(hs_csv, common)
    return sorted(t for t in terms if held_out(t))


def _cased(term: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return term
    return term.title() if roll < 0.75 else term[:1].upper() + term[1:]


def splice_terms(text: str, terms: list[str], rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """`text` with 1–3 of `terms` pasted between two words of its body (after the headline), and
    the pasted spans."""
    body = text.find("\n") + 1
    gaps = [i for i in range(max(body, 1), len(text) - 1) if text[i] == " " and text[i - 1].isalnum() and text[i + 1].isalnum()]
    chosen = sorted(rng.sample(gaps, min(len(gaps), rng.randint(1, 3))))
    out, spans, last, shift = [], [], 0, 0
    for gap in chosen:
        term = _cased(rng.choice(terms), rng)
        out.append(text[last : gap + 1])
        spans.append((gap + 1 + shift, gap + 1 + shift + len(term)))
        out.append(term + " ")
        shift += len(term) + 1
        last = gap + 1
    out.append(text[last:])
    return "".join(out), spans


def _removed(fixed) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in fixed.edits]


def _overlap(a: tuple[int, int], spans: list[tuple[int, int]]) -> int:
    return sum(max(0, min(a[1], b) - max(a[0], s)) for s, b in spans)


def evaluate(documents: list[tuple[str, list[tuple[int, int]]]]) -> dict[str, float]:
    """Removal and report recall, precision, damage and untouched share over (text, spans)."""
    terms = removed_terms = reported = reviewed = removed_chars = inserted_removed = clean_chars = damage = 0
    clean_docs = clean_kept = flagged_clean = 0
    for text, spans in documents:
        fixed = spam(text, flag_score=REVIEW_SCORE)
        cut = _removed(fixed)
        products = [c for c in fixed.metadata.get("spam_candidates", []) if c["reason"] == splices.PRODUCT]
        flagged = [(c["start"], c["end"]) for c in products if c["score"] >= FLAG_SCORE]
        review = [(c["start"], c["end"]) for c in products]
        for span in spans:
            terms += 1
            got = _overlap(span, cut) >= FOUND_SHARE * (span[1] - span[0])
            removed_terms += got
            reported += got or _overlap(span, flagged) > 0
            reviewed += got or _overlap(span, review) > 0
        total_cut = sum(e - s for s, e in cut)
        on_terms = sum(_overlap(c, spans) for c in cut)
        removed_chars += total_cut
        inserted_removed += on_terms
        clean_chars += len(text) - sum(e - s for s, e in spans)
        damage += total_cut - on_terms
        if not spans:
            clean_docs += 1
            clean_kept += not fixed.edits
            flagged_clean += bool(flagged)
    return {
        "terms": terms,
        "removed": removed_terms / max(1, terms),
        "reported_or_removed": reported / max(1, terms),
        "in_review_or_removed": reviewed / max(1, terms),
        "precision": inserted_removed / max(1, removed_chars),
        "damage_pct": 100 * damage / max(1, clean_chars),
        "clean_docs": clean_docs,
        "untouched_unchanged": clean_kept / max(1, clean_docs),
        "clean_docs_with_product_candidate": flagged_clean / max(1, clean_docs),
    }


def build(corpora: Path, hs_csv: Path, split: str, seed: int) -> list[tuple[str, list[tuple[int, int]]]]:
    """The documents of one split: each host spliced, and untouched."""
    rng = random.Random(f"{seed}-{split}")
    terms = unseen_terms(hs_csv)
    documents: list[tuple[str, list[tuple[int, int]]]] = []
    for _, text in hosts(corpora, split):
        documents.append(splice_terms(text, terms, rng))
        documents.append((text, []))
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--hs", type=Path, required=True, help="harmonized-system.csv of datasets/harmonized-system")
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sweep", action="store_true", help="try several BREAK_EVIDENCE values (dev)")
    args = parser.parse_args()
    documents = build(args.corpora, args.hs, args.split, args.seed)
    if args.sweep:
        thresholds = splices._product_model().thresholds
        for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
            thresholds["pasted"] = threshold
            print(threshold, json.dumps(evaluate(documents)))
        return
    print(json.dumps({"split": args.split, "seed": args.seed, **evaluate(documents)}, indent=1))


if __name__ == "__main__":
    main()
