"""Product keywords (issue #23): HS terms pasted into sentences are reported, and removed only
when off-topic and breaking the sentence (`_spam.splices.product_candidates`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpusclean._spam.inserts import spam
from corpusclean._spam.splices import PRODUCT, PRODUCT_DOUBT, PRODUCT_SURE, PRODUCT_TOPICAL, product_candidates

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _seed(prefix: str) -> str:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _found(text: str, phrase: str) -> list[float]:
    """Scores of the product candidates lying inside `phrase` in `text`."""
    start = text.index(phrase)
    end = start + len(phrase)
    return [c.score for c in product_candidates(text) if start <= c.start and c.end <= end]


@pytest.mark.parametrize(
    ("prefix", "splice"),
    [
        ("000", "impact testing machine"),
        ("000", "anchor chain"),
        ("002", "Japan Industrial Machinery"),
    ],
)
def test_seed_product_splices_are_reported_not_removed(prefix: str, splice: str) -> None:
    """The real SEO splices of seeds 000 and 002 read as part of their sentences: reported."""
    assert _found(_seed(prefix), splice) == [PRODUCT_DOUBT]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_seed_text_is_removed_as_a_product_keyword(prefix: str) -> None:
    assert [e for e in spam(_seed(prefix)).edits if e.reason == PRODUCT] == []


@pytest.mark.parametrize(
    ("text", "phrase", "score"),
    [
        # pasted between `said` and `that`: off-topic, and the sentence closes over the gap
        ("The minister said welded link chains that the budget would be cut next year.", "welded link chains", PRODUCT_SURE),
        # the same words as the story's subject, named again in another sentence: on topic
        (
            "The factory makes welded link chains for ships. Its chains are sold to ports.",
            "welded link chains",
            PRODUCT_TOPICAL,
        ),
        # off-topic, but written where a noun phrase belongs: reported only
        ("The council bought new welded link chains for the harbour gate.", "welded link chains", PRODUCT_DOUBT),
    ],
)
def test_score_follows_topic_and_junction(text: str, phrase: str, score: float) -> None:
    assert _found(text, phrase) == [score]


@pytest.mark.parametrize(
    "text",
    [
        "The Senate floor vote was delayed.",  # `floor` is no HS head with a modifier from HS phrases
        "He bought a new car.",  # a head noun alone is no term
    ],
)
def test_everyday_phrases_are_no_product_terms(text: str) -> None:
    assert product_candidates(text) == []


def test_a_removed_term_takes_one_space_and_the_sentence_closes() -> None:
    text = "The minister said welded link chains that the budget would be cut next year."
    assert spam(text).text == "The minister said that the budget would be cut next year."
