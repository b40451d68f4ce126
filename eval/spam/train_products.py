"""Train the junction model of the product-keyword detector (`corpusclean._spam.splices`) on dev.

    python eval/spam/train_products.py --hs harmonized-system.csv [--seeds 1,2,3] [--precision 0.95]

Rows are the off-topic product terms with a word on both sides (`splices.product_terms`) found in
the `dev` documents of `evaluate_products.py` (built with each of `--seeds`) and in the corpora's
other English prose (UD English-EWT web text, XQuAD paragraphs: real text, every term in it
written there). A term is positive when it is exactly a pasted span; a term that only overlaps
one is negative (removing it would cut the host's words). A logistic regression on standardised
features; the threshold is the lowest at which out-of-fold predictions (5-fold, by document)
keep precision at `--precision`, so it is not set on the rows the coefficients were fitted to,
and no lower than `--floor`: at the precision threshold (0.814) the model removed product terms
that real text names once (`chopped vegetables`, `Cookie cutter`, `speed post`), above the
no-harm bound of 0.02 % in four small genres of the clean-text audit; 0.975 lies above every
such term there. Writes `corpusclean/data/product_terms_model.json`. Needs the `eval` extra.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate_products import build  # noqa: E402
from shipped_model import logistic_fields  # noqa: E402

from corpusclean._spam.splices import PRODUCT_FEATURES, PRODUCT_MODEL, product_terms  # noqa: E402
from scripts.build_product_lexicon import prose  # noqa: E402


def rows(corpora: Path, hs_csv: Path, seeds: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and document numbers of the off-topic terms with junctions."""
    documents = [doc for seed in seeds for doc in build(corpora, hs_csv, "dev", seed)]
    documents += [(text, []) for text in prose(corpora)]
    features, labels, groups = [], [], []
    for number, (text, spans) in enumerate(documents):
        pasted = set(spans)
        for term in product_terms(text):
            if term.topical is None and term.features is not None:
                features.append(term.features)
                labels.append((term.start, term.end) in pasted)
                groups.append(number)
    return np.array(features), np.array(labels), np.array(groups)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--hs", type=Path, required=True, help="harmonized-system.csv of datasets/harmonized-system")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--precision", type=float, default=0.93)
    parser.add_argument(
        "--floor",
        type=float,
        default=0.975,
        help="lowest threshold allowed: the no-harm audit (eval/audit_clean.py) bound, see docs/spam.md",
    )
    args = parser.parse_args()
    x, y, groups = rows(args.corpora, args.hs, [int(s) for s in args.seeds.split(",")])
    print(f"{len(y)} terms, {int(y.sum())} pasted, from {len(set(groups))} documents")
    classifier = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))
    oof = cross_val_predict(classifier, x, y, groups=groups, cv=GroupKFold(5), method="predict_proba")[:, 1]
    threshold = 0.5
    for candidate in np.unique(oof):
        chosen = oof >= candidate
        if chosen.any() and y[chosen].mean() >= args.precision:
            threshold = float(candidate)
            break
    chosen = oof >= threshold
    print(f"threshold {threshold:.3f}: out-of-fold precision {y[chosen].mean():.3f}, recall {chosen[y].mean():.3f}")
    threshold = max(threshold, args.floor)
    classifier.fit(x, y)
    fields = logistic_fields(classifier)
    print(dict(zip(PRODUCT_FEATURES, np.round(classifier.named_steps["logisticregression"].coef_[0], 3).tolist())))
    PRODUCT_MODEL.write_text(
        json.dumps(
            {
                "about": "Junction model of corpusclean._spam.splices product terms; built by "
                "eval/spam/train_products.py on the dev split of eval/spam/evaluate_products.py.",
                "features": list(PRODUCT_FEATURES),
                **fields,
                "thresholds": {"pasted": round(threshold, 6)},
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
