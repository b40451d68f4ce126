"""Train the boilerplate line and span models on the development split and write their data files.

    python eval/boilerplate/train.py [--pages eval/boilerplate/data/pages.jsonl.gz]

Reads only `split == "dev"` pages of the line-labelled set (eval/boilerplate/data/README.md);
the test split is for `evaluate.py`. Each page is turned into lines exactly as the step sees
them, the line rules run first (their lines are the rules' business and are not training rows),
and the pages the model is allowed to judge (`has_evidence`) give one row per remaining line.
Two class-balanced logistic regressions (scikit-learn, L2, deterministic lbfgs) on standardised
features, in two stages:

1. the line model: FEATURES -> 1 if the line is boilerplate;
2. the span model: SPAN_FEATURES, i.e. the line features plus where the line stands relative
   to the article stretch the line model sees (`model.span_features`). Its training rows are
   built from the line model's *out-of-fold* probabilities, so it learns how far to trust a
   line model that has not seen the page.

Folds are 5, grouped by site, so a template never helps predict itself. The policy thresholds
are chosen on the span model's out-of-fold probabilities, counting every content line of the
dev pages in English and Chinese, including those the rules or the gate decide:
  conservative: the lowest threshold that keeps >= CONSERVATIVE_KEEP of content lines;
  aggressive:   the lowest threshold that keeps >= AGGRESSIVE_KEEP of content lines.
Writes corpusclean/data/boilerplate_model.json and boilerplate_span_model.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from corpusclean._boilerplate.model import (
    FEATURES,
    MODEL_FILE,
    SPAN_FEATURES,
    SPAN_MODEL_FILE,
    has_evidence,
    line_features,
    span_features,
)
from corpusclean._boilerplate.rules import rule_hits

HERE = Path(__file__).resolve().parent
CONSERVATIVE_KEEP = 0.99
AGGRESSIVE_KEEP = 0.97
C = 1.0
FOLDS = 5


@dataclass
class PageRows:
    """One judged page: its site and language, the feature rows of its non-blank lines, which of them the
    rules found, and the label of each (1 = boilerplate)."""

    site: str
    lang: str
    features: np.ndarray
    known: np.ndarray
    labels: np.ndarray


def read_pages(path: Path, split: str) -> list[dict]:
    """The pages of one split."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [page for page in map(json.loads, handle) if page["split"] == split]


def page_rows(page: dict) -> tuple[PageRows | None, int]:
    """The rows of a page the model may judge (None otherwise), and its content lines lost to rules."""
    lines = [text for text, _ in page["lines"]]
    content = [bool(label) for _, label in page["lines"]]
    hits = rule_hits(lines)
    known = [hit is not None and not hit.keep for hit in hits]
    lost_to_rules = sum(c and k for c, k in zip(content, known))
    if not has_evidence(lines, known):
        return None, lost_to_rules
    positions, features = line_features(lines, known)
    flags = np.array([known[i] for i in positions], dtype=bool)
    labels = np.array([0.0 if content[i] else 1.0 for i in positions])
    return PageRows(page.get("site") or page["id"], page["lang"], features, flags, labels), lost_to_rules


def _fit(x: np.ndarray, y: np.ndarray) -> tuple[LogisticRegression, np.ndarray, np.ndarray]:
    """A class-balanced logistic regression on standardised `x`, with the standardisation."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    fitted = LogisticRegression(C=C, class_weight="balanced", max_iter=3000).fit((x - mean) / scale, y)
    return fitted, mean, scale


def _predict(fitted: tuple[LogisticRegression, np.ndarray, np.ndarray], x: np.ndarray) -> np.ndarray:
    model, mean, scale = fitted
    return model.predict_proba((x - mean) / scale)[:, 1]


def _out_of_fold(x: np.ndarray, y: np.ndarray, folds: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    oof = np.zeros(len(y))
    for train, held in folds:
        oof[held] = _predict(_fit(x[train], y[train]), x[held])
    return oof


def _write(path: Path, features: tuple[str, ...], fitted: tuple, thresholds: dict[str, float], about: str, trained_on: dict) -> None:
    model, mean, scale = fitted
    path.write_text(
        json.dumps(
            {
                "about": about + " Built by eval/boilerplate/train.py on the dev split of "
                "eval/boilerplate/data/pages.jsonl.gz. Do not edit by hand.",
                "features": list(features),
                "mean": [round(float(v), 6) for v in mean],
                "scale": [round(float(v), 6) for v in scale],
                "coef": [round(float(v), 6) for v in model.coef_[0]],
                "intercept": round(float(model.intercept_[0]), 6),
                "thresholds": {k: round(v, 4) for k, v in thresholds.items()},
                "trained_on": trained_on,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=HERE / "data" / "pages.jsonl.gz")
    args = parser.parse_args()
    pages = read_pages(args.pages, "dev")
    judged: list[PageRows] = []
    content_total = lost_rules = 0
    for page in pages:
        rows, lost = page_rows(page)
        if page["lang"] in ("en", "zh"):
            content_total += sum(label for _, label in page["lines"])
            lost_rules += lost
        if rows is not None:
            judged.append(rows)
    # one row per line the rules left; folds grouped by site
    masks = [~rows.known for rows in judged]
    x = np.vstack([rows.features[mask] for rows, mask in zip(judged, masks)])
    y = np.concatenate([rows.labels[mask] for rows, mask in zip(judged, masks)])
    groups = np.concatenate([[rows.site] * int(mask.sum()) for rows, mask in zip(judged, masks)])
    folds = list(GroupKFold(n_splits=FOLDS).split(x, y, groups))
    line_oof = _out_of_fold(x, y, folds)
    span_x, start = [], 0
    for rows, mask in zip(judged, masks):
        probabilities = np.ones(len(mask))
        probabilities[mask] = line_oof[start : start + int(mask.sum())]
        start += int(mask.sum())
        span_x.append(span_features(rows.features, rows.known, probabilities)[mask])
    sx = np.vstack(span_x)
    span_oof = _out_of_fold(sx, y, folds)
    # thresholds on English and Chinese pages' content lines (other languages get no model)
    scored = np.concatenate([[rows.lang in ("en", "zh")] * int(mask.sum()) for rows, mask in zip(judged, masks)])
    content = np.sort(span_oof[(y == 0) & scored])[::-1]
    thresholds = {
        "conservative": _threshold(content, content_total, lost_rules, CONSERVATIVE_KEEP),
        "aggressive": _threshold(content, content_total, lost_rules, AGGRESSIVE_KEEP),
    }
    trained_on = {"pages": len(pages), "rows": int(len(y)), "boilerplate_share": round(float(y.mean()), 4)}
    line_fit, span_fit = _fit(x, y), _fit(sx, y)
    _write(MODEL_FILE, FEATURES, line_fit, {}, "Boilerplate line model (stage 1).", trained_on)
    _write(SPAN_MODEL_FILE, SPAN_FEATURES, span_fit, thresholds, "Boilerplate span model (stage 2).", trained_on)
    print(f"dev pages {len(pages)}, model rows {len(y)} (boilerplate {y.mean():.3f}); thresholds {thresholds}")
    for name, weight in sorted(zip(SPAN_FEATURES, span_fit[0].coef_[0]), key=lambda item: -abs(item[1]))[:15]:
        print(f"  {name:<18} {weight:+.3f}")


def _threshold(content: np.ndarray, content_total: int, lost_rules: int, keep: float) -> float:
    """The lowest threshold at which the dev content lines kept (rules' losses included) stay
    at or above `keep`; `content` holds the model's probabilities of content lines, highest first."""
    budget = int((1.0 - keep) * content_total) - lost_rules
    if budget <= 0:
        return 1.0
    if budget >= len(content):
        return 0.5
    return float(max(0.5, content[budget] + 1e-6))


if __name__ == "__main__":
    main()
