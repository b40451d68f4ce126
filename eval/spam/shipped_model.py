"""The fitted weights of a scikit-learn `StandardScaler` + `LogisticRegression` pipeline in the
form `corpusclean._logistic.load_logistic` reads, shared by the spam training scripts."""

from __future__ import annotations

from typing import Any


def logistic_fields(classifier: Any) -> dict[str, Any]:
    """`mean`, `scale`, `coef` and `intercept` of a fitted `make_pipeline(StandardScaler(),
    LogisticRegression())`, rounded to six places; the caller adds `about`, `features` and
    `thresholds`."""
    scaler, logistic = classifier.named_steps["standardscaler"], classifier.named_steps["logisticregression"]
    return {
        "mean": [round(v, 6) for v in scaler.mean_.tolist()],
        "scale": [round(v, 6) for v in scaler.scale_.tolist()],
        "coef": [round(v, 6) for v in logistic.coef_[0].tolist()],
        "intercept": round(float(logistic.intercept_[0]), 6),
    }
