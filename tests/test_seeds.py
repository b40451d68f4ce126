"""Golden files for the seeds: the cleaned text and the edits of each seed, reviewed as diffs.

Regenerate only on purpose: `pytest tests/test_seeds.py --update-goldens`, then read the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED_FILES, SEEDS

from corpusclean import clean_file, reconstruct

EXPECTED = SEEDS / "expected"


def _summary(path: Path) -> dict:
    doc = clean_file(path)
    meta = doc.metadata
    return {
        "status": doc.status,
        "language": meta.get("language"),
        "flags": sorted(meta.get("flags", [])),
        "edits": [{"step": e.step, "reason": e.reason, "before": e.before, "after": e.after} for e in doc.edits],
        "text": doc.text,
    }


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_matches_golden(seed: Path, update_goldens: bool) -> None:
    summary = _summary(seed)
    text_file = EXPECTED / seed.name
    edits_file = EXPECTED / (seed.stem + ".json")
    if update_goldens:
        EXPECTED.mkdir(exist_ok=True)
        text_file.write_text(summary["text"], encoding="utf-8")
        record = {k: v for k, v in summary.items() if k != "text"}
        edits_file.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert summary["text"] == text_file.read_text(encoding="utf-8")
    assert {k: v for k, v in summary.items() if k != "text"} == json.loads(edits_file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_edits_replay_to_the_input(seed: Path) -> None:
    doc = clean_file(seed)
    assert reconstruct(doc.text, doc.edits) == seed.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("prefix", "language"), [("000", "en"), ("001", "zh-Hant"), ("002", "en"), ("003", "zh-Hant"), ("004", "zh-Hans")]
)
def test_seed_language(prefix: str, language: str) -> None:
    [seed] = [p for p in SEED_FILES if p.name.startswith(prefix)]
    assert clean_file(seed).metadata["language"] == language


def test_cleaning_is_idempotent_on_seed_outputs() -> None:
    for seed in SEED_FILES:
        once = clean_file(seed).text
        assert clean_text_twice(once) == once, seed.name


def clean_text_twice(text: str) -> str:
    from corpusclean import clean_text

    return clean_text(text).text
