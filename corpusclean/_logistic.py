"""A small learned model shared by the steps that ship one: standardised logistic regression.

The boilerplate line model (`_boilerplate.model`) and the title-copy model
(`_spam.title_line`) are both trained with scikit-learn by scripts under `eval/` and shipped
as JSON (feature names, means, scales, coefficients, intercept, thresholds), so that running
them needs numpy only. This module reads such a file and scores feature rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np


@dataclass(frozen=True)
class Logistic:
    """Standardisation, logistic weights, and the probability each named decision needs."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    thresholds: dict[str, float]

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """The positive class's probability for each row of `features`."""
        z = ((features - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


def load_logistic(path: Path, features: Sequence[str], trainer: str) -> Logistic:
    """The model in `path`, checked against the `features` the code computes (a model trained
    on other features is an error that names the `trainer` script to rebuild it with)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != tuple(features):
        raise RuntimeError(f"{path.name} was trained on other features; rebuild it with {trainer}")
    return Logistic(
        np.asarray(data["mean"], dtype=float),
        np.asarray(data["scale"], dtype=float),
        np.asarray(data["coef"], dtype=float),
        float(data["intercept"]),
        {name: float(value) for name, value in data["thresholds"].items()},
    )
