"""No harm: clean text of many genres comes through the default pipeline (nearly) untouched.

A fast sample of the standing audit (`eval/audit_clean.py`, figures in `eval/audit_report.md`):
48 clean records of `../shared/corpora/genres.jsonl` — poems, reviews, romanised social text,
hard-wrapped books, lists and tables, dialogues — each genre cleaned as one site. Every byte a
step removes from such text is damage, so the bounds below are the issue's targets.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

import corpusclean

SAMPLE = Path(__file__).parent / "fixtures" / "no_harm" / "genres_sample.jsonl"
RECORDS = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
BOILERPLATE_SHARE = 0.001
"""At most this share of a genre's bytes may go as boilerplate (rules, model and site lines)."""


@pytest.fixture(scope="module")
def removed() -> tuple[Counter[tuple[str, str]], Counter[str]]:
    """Bytes removed per (genre, step), and input bytes per genre."""
    docs = [
        corpusclean.Document(id=r["id"], text=r["text"], metadata={"site": f"genres:{r['genre']}:{r['lang']}"})
        for r in RECORDS
    ]
    genre_of = {r["id"]: r["genre"] for r in RECORDS}
    by_step: Counter[tuple[str, str]] = Counter()
    size: Counter[str] = Counter()
    for doc, record in zip(corpusclean.clean_documents(docs, workers=1, skip=("dedup",)), RECORDS):
        size[genre_of[doc.id]] += len(record["text"].encode("utf-8"))
        for edit in doc.edits:
            by_step[(genre_of[doc.id], edit.step)] += len(edit.before.encode("utf-8")) - len(edit.after.encode("utf-8"))
    return by_step, size


@pytest.mark.parametrize("genre", sorted({r["genre"] for r in RECORDS}))
def test_boilerplate_removes_at_most_a_thousandth_of_any_genre(genre: str, removed) -> None:  # type: ignore[no-untyped-def]
    by_step, size = removed
    lost = by_step[(genre, "boilerplate")] + by_step[(genre, "site-repeat")]
    assert lost <= BOILERPLATE_SHARE * size[genre], f"{genre}: {lost} of {size[genre]} bytes removed as boilerplate"

