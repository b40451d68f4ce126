"""Shared fixtures and the explicit `--update-goldens` switch for the seeds golden files."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpusclean._pipeline import STEPS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
NO_STEPS = tuple(step.name for step in STEPS)
"""Skip every step: for tests of the machinery (reading, accounting, writing) alone."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite seeds/expected/ from the current pipeline (review the diff before committing)",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))
