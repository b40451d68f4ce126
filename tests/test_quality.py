"""Tests of the quality step: each damage flag on real damaged text, none on clean text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_spam import CLEAN, SENTENCES, _seed, load_cases

from corpusclean._quality.score import PENALTIES, quality

CASES = load_cases("spam_quality.json")


@pytest.mark.parametrize("case", [pytest.param(c, id=c["label"]) for c in CASES])
def test_damage_is_flagged(case: dict) -> None:
    fixed = quality(case["original"])
    assert set(case["flags"]) <= set(fixed.metadata["flags"])
    assert fixed.metadata["quality"]["score"] < 1.0


@pytest.mark.parametrize("case", [pytest.param(c, id=c["label"]) for c in CLEAN])
def test_clean_articles_have_no_flags(case: dict) -> None:
    fixed = quality(case["original"])
    assert "flags" not in fixed.metadata
    assert fixed.metadata["quality"]["score"] == 1.0


@pytest.mark.parametrize(
    ("prefix", "flags"),
    [("000", {"machine-translation"}), ("001", set()), ("002", {"machine-translation"}),
     ("003", {"censor-marks", "lossy-marks"}), ("004", {"stripped-numerals", "scrambled-order"})],
)
def test_seed_flags(prefix: str, flags: set[str]) -> None:
    assert set(quality(_seed(prefix)).metadata.get("flags", [])) == flags


def test_report_names_every_signal() -> None:
    report = quality(_seed("004")).metadata["quality"]
    assert set(report) == {"score", *(name.replace("-", "_") for name in PENALTIES)}
    assert report["score"] < quality(_seed("001")).metadata["quality"]["score"]


@settings(derandomize=True, deadline=None, max_examples=150)
@given(st.one_of(st.text(max_size=300), st.lists(st.sampled_from(SENTENCES), max_size=6).map("\n".join)))
def test_quality_never_edits_and_scores_in_range(text: str) -> None:
    fixed = quality(text)
    assert fixed.text == text and fixed.edits == []
    assert 0.0 <= fixed.metadata["quality"]["score"] <= 1.0


@settings(derandomize=True, deadline=None, max_examples=100)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=8))
def test_clean_sentences_have_no_flags(sentences: list[str]) -> None:
    assert "flags" not in quality("\n".join(sentences)).metadata


def test_replacement_characters_count_as_lossy_marks() -> None:
    """U+FFFD left by a decoder (or by the repair step for a character it could not tell
    apart) is damage like a `?` run: flagged and scored, not only counted by the repair step."""
    fixed = quality("根據印尼法規\ufffd定，來自海外的資金\ufffd\ufffd物資和人員只\ufffd在災難現場。")
    assert "lossy-marks" in fixed.metadata["flags"]
    assert fixed.metadata["quality"]["lossy_marks"] == 1.0
    assert fixed.metadata["quality"]["score"] == pytest.approx(1 - PENALTIES["lossy-marks"])


def test_repair_count_and_quality_strength_do_not_overwrite_each_other() -> None:
    """The repair step's count of marks left (`lossy_marks`) and the quality step's strength
    (`quality.lossy_marks`) are separate keys of one document's metadata."""
    from corpusclean import clean_text

    garbled = "根據印尼法規規定，來自海外的資金、物資和人員只有在災難現場被宣佈為國家災區後方可進入災區。"
    doc = clean_text(garbled.encode("utf-8").decode("cp950", "replace"))
    assert doc.metadata["lossy_marks"] > 10
    assert doc.metadata["quality"]["lossy_marks"] == 1.0
