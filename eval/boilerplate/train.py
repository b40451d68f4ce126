"""Train the boilerplate line model on the development split and write its data file.

    python eval/boilerplate/train.py [--pages eval/boilerplate/data/pages.jsonl.gz]

Reads only `split == "dev"` pages of the line-labelled set (eval/boilerplate/data/README.md);
the test split is for `evaluate.py`. Each page is turned into lines exactly as the step sees
them, the line rules run first (their lines are the rules' business and are not training rows),
and the pages the model is allowed to judge (`has_evidence`) give one row per remaining line:
FEATURES -> 1 if the line is boilerplate. A class-balanced logistic regression (scikit-learn,
L2, deterministic lbfgs) is fit on standardised features.

The policy thresholds are chosen on out-of-fold probabilities (5 folds grouped by site, so a
template never helps predict itself), counting every content line of the dev pages —
including those the rules or the gate decide:
  conservative: the lowest threshold that keeps >= CONSERVATIVE_KEEP of content lines;
  aggressive:   the lowest threshold that keeps >= AGGRESSIVE_KEEP of content lines.
Writes corpusclean/data/boilerplate_model.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from corpusclean._boilerplate.model import (
    FEATURES,
    MODEL_FILE,
    has_evidence,
    line_features,
)
from corpusclean._boilerplate.rules import rule_hits

HERE = Path(__file__).resolve().parent
CONSERVATIVE_KEEP = 0.99
AGGRESSIVE_KEEP = 0.97
C = 1.0


def read_pages(path: Path, split: str) -> list[dict]:
    """The pages of one split."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [page for page in map(json.loads, handle) if page["split"] == split]


def page_rows(page: dict) -> tuple[np.ndarray, np.ndarray, int]:
    """(features, is_boilerplate) of the model's lines of one page, plus the page's content lines
    lost to rules."""
    lines = [text for text, _ in page["lines"]]
    content = [bool(label) for _, label in page["lines"]]
    hits = rule_hits(lines)
    known = [hit is not None and not hit.keep for hit in hits]
    lost_to_rules = sum(c and k for c, k in zip(content, known))
    if not has_evidence(lines, known):
        return np.zeros((0, len(FEATURES))), np.zeros(0), lost_to_rules
    positions, features = line_features(lines, known)
    rows = [rank for rank, index in enumerate(positions) if not known[index]]
    labels = np.array([0.0 if content[positions[rank]] else 1.0 for rank in rows])
    return features[rows], labels, lost_to_rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=HERE / "data" / "pages.jsonl.gz")
    args = parser.parse_args()
    pages = read_pages(args.pages, "dev")
    xs, ys, groups = [], [], []
    content_total = lost_rules = 0
    for page in pages:
        x, y, lost = page_rows(page)
        content_total += sum(label for _, label in page["lines"])
        lost_rules += lost
        if len(y):
            xs.append(x)
            ys.append(y)
            groups += [page.get("site") or page["id"]] * len(y)
    x, y = np.vstack(xs), np.concatenate(ys)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    oof = np.zeros(len(y))
    for train, held in GroupKFold(n_splits=5).split(z, y, groups):
        fold = LogisticRegression(C=C, class_weight="balanced", max_iter=2000).fit(z[train], y[train])
        oof[held] = fold.predict_proba(z[held])[:, 1]
    thresholds = {
        "conservative": _threshold(oof, y, content_total, lost_rules, CONSERVATIVE_KEEP),
        "aggressive": _threshold(oof, y, content_total, lost_rules, AGGRESSIVE_KEEP),
    }
    final = LogisticRegression(C=C, class_weight="balanced", max_iter=2000).fit(z, y)
    MODEL_FILE.write_text(
        json.dumps(
            {
                "about": "Boilerplate line model; built by eval/boilerplate/train.py on the dev split of "
                "eval/boilerplate/data/pages.jsonl.gz. Do not edit by hand.",
                "features": list(FEATURES),
                "mean": [round(float(v), 6) for v in mean],
                "scale": [round(float(v), 6) for v in scale],
                "coef": [round(float(v), 6) for v in final.coef_[0]],
                "intercept": round(float(final.intercept_[0]), 6),
                "thresholds": {k: round(v, 4) for k, v in thresholds.items()},
                "trained_on": {"pages": len(pages), "rows": int(len(y)), "boilerplate_share": round(float(y.mean()), 4)},
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"dev pages {len(pages)}, model rows {len(y)} (boilerplate {y.mean():.3f}); thresholds {thresholds}")
    for name, weight in sorted(zip(FEATURES, final.coef_[0]), key=lambda item: -abs(item[1])):
        print(f"  {name:<18} {weight:+.3f}")


def _threshold(probabilities: np.ndarray, y: np.ndarray, content_total: int, lost_rules: int, keep: float) -> float:
    """The lowest threshold at which the dev content lines kept (rules' losses included) stay
    at or above `keep`."""
    content = np.sort(probabilities[y == 0])[::-1]  # the model removes content lines with p >= t
    budget = int((1.0 - keep) * content_total) - lost_rules
    if budget <= 0:
        return 1.0
    if budget >= len(content):
        return 0.5
    return float(max(0.5, content[budget] + 1e-6))


if __name__ == "__main__":
    main()
