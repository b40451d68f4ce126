"""Train the title-copy model of `corpusclean._spam.title_line` on the development split.

    python eval/spam/train_titles.py [--corpora ../shared/corpora] [--precision 0.99]

Rows are the later copies of the Chinese title line in the `dev` documents of
`evaluate_titles.py` (titles pasted into their own articles, the same articles untouched, and with
the title quoted in the lead); a copy is positive when it was pasted. A logistic regression on
standardised features; the threshold is the lowest at which out-of-fold predictions (5-fold, by
document) keep copy precision at `--precision`, so the threshold is not set on the rows the
coefficients were fitted to. Writes `corpusclean/data/title_model.json`. Needs the `eval` extra.
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

from evaluate_titles import build  # noqa: E402

from corpusclean._spam.title_line import FEATURES, MODEL_FILE, title_copies  # noqa: E402


def rows(corpora: Path, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and document numbers of every title copy in the dev split."""
    features, labels, groups = [], [], []
    for number, doc in enumerate(build(corpora, seed, "dev")):
        pasted = {start for start, _ in doc["gold"]}
        for copy in title_copies(doc["text"]):
            features.append(copy.features)
            labels.append(copy.start in pasted)
            groups.append(number)
    return np.array(features), np.array(labels), np.array(groups)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--precision", type=float, default=0.99)
    args = parser.parse_args()
    x, y, groups = rows(args.corpora, args.seed)
    print(f"{len(y)} copies, {int(y.sum())} pasted, from {len(set(groups))} documents")
    classifier = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))
    oof = cross_val_predict(classifier, x, y, groups=groups, cv=GroupKFold(5), method="predict_proba")[:, 1]
    threshold = 0.5
    for candidate in np.unique(oof):
        chosen = oof >= candidate
        if chosen.any() and y[chosen].mean() >= args.precision:
            threshold = float(candidate)
            break
    chosen = oof >= threshold
    print(f"threshold {threshold:.3f}: out-of-fold copy precision {y[chosen].mean():.3f}, recall {chosen[y].mean():.3f}")
    classifier.fit(x, y)
    scaler, logistic = classifier.named_steps["standardscaler"], classifier.named_steps["logisticregression"]
    MODEL_FILE.write_text(
        json.dumps(
            {
                "about": "Title-copy model of corpusclean._spam.title_line; built by eval/spam/train_titles.py "
                "on the dev split of eval/spam/evaluate_titles.py.",
                "features": list(FEATURES),
                "mean": [round(v, 6) for v in scaler.mean_.tolist()],
                "scale": [round(v, 6) for v in scaler.scale_.tolist()],
                "coef": [round(v, 6) for v in logistic.coef_[0].tolist()],
                "intercept": round(float(logistic.intercept_[0]), 6),
                "thresholds": {"pasted": round(threshold, 6)},
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {MODEL_FILE}")


if __name__ == "__main__":
    main()
