"""Product keywords (issue #23): HS terms pasted into sentences are reported, and removed only
when off-topic and breaking the sentence (`_spam.splices.product_candidates`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpusclean._spam.inserts import REVIEW_SCORE, spam
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
def test_seed_product_splices_are_candidates_not_removals(prefix: str, splice: str) -> None:
    """The real SEO splices of seeds 000 and 002 read as part of their sentences: off-topic
    candidates at the review level (`REVIEW_SCORE`), never removed."""
    [score] = _found(_seed(prefix), splice)
    assert REVIEW_SCORE <= score < PRODUCT_SURE


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_seed_text_is_removed_as_a_product_keyword(prefix: str) -> None:
    assert [e for e in spam(_seed(prefix)).edits if e.reason == PRODUCT] == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        # Title Case catalogue entries pasted between two words of a news sentence
        ("Police said they Stud-Link Chains had arrested two men.", "Stud-Link Chains"),
        ("It was the first Spray Dryers time the team had won.", "Spray Dryers"),
    ],
)
def test_an_off_topic_term_breaking_its_sentence_is_removed(text: str, phrase: str) -> None:
    assert _found(text, phrase) == [PRODUCT_SURE]
    assert phrase not in spam(text).text


def test_a_term_the_document_is_about_is_topical() -> None:
    """Its head noun recurs in another sentence: the document is about chains."""
    text = "The factory makes welded link chains for ships. Its chains are sold to ports."
    assert _found(text, "welded link chains") == [PRODUCT_TOPICAL]


def test_an_ordinary_noun_phrase_stays_below_the_report_level() -> None:
    """`Senate floor` ends in an HS head noun, but sits where a noun phrase belongs."""
    assert [round(s, 1) for s in _found("The Senate floor vote was delayed.", "Senate floor")] == [PRODUCT_DOUBT]


def test_a_head_noun_alone_is_no_term() -> None:
    assert product_candidates("He bought a new car.") == []


def test_a_removed_term_takes_one_space_and_the_sentence_closes() -> None:
    assert spam("Police said they Stud-Link Chains had arrested two men.").text == "Police said they had arrested two men."


def _word_variants() -> list[str]:
    """Every word of the shipped HS phrases and seeds, with an `s` added and a last letter taken off."""
    from corpusclean._spam.splices import _WORD, _product_lexicon

    lexicon = _product_lexicon()
    texts = [*lexicon.terms, *lexicon.heads, *(_seed(p) for p in ("000", "001", "002", "003", "004"))]
    words = {w.casefold() for text in texts for w in _WORD.findall(text)}
    return sorted({v for w in words for v in (w, w + "s", w + "es", w[:-1], w[:-2])})


def test_head_forms_are_exactly_the_words_taken_as_heads() -> None:
    """`product_terms` looks only at the words of `_head_forms`: it must hold every word of more
    than three letters that `_head_chapters` accepts, and no other."""
    from corpusclean._spam.splices import _head_chapters, _head_forms

    forms = _head_forms()
    wrong = [w for w in _word_variants() if (w in forms) != (len(w) > 3 and _head_chapters(w) is not None)]
    assert wrong == []


@pytest.mark.parametrize("case", [str.lower, str.upper, str.title])
def test_the_head_gate_lets_every_head_form_through(case) -> None:
    """The automaton gate before a document is split into words never drops a head noun, whatever
    its case (case folding maps each character on its own)."""
    from corpusclean._spam.splices import _head_automaton, _head_forms, _holds_any

    automaton = _head_automaton()
    assert [f for f in _head_forms() if not _holds_any(automaton, f"It was {case(f)} here.".casefold())] == []
