"""Copies found through the sentences they keep whole (#20): common-line candidates and the
exact overlap of common lines, with sentences as lines.

An excerpt of a few sentences is too small a part of its source for the MinHash bands (Jaccard
0.1–0.23 here), but every sentence of it is a line its source holds too. A text that merely
quotes a sentence or two of another is not a copy of it. Texts are real
(tests/fixtures/dedup/docs.jsonl, see ATTRIBUTION.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpusclean._dedup.clusters import Deduplicator, find_duplicates, line_pairs
from corpusclean._dedup.minhash import signatures
from corpusclean._document import Document

FIXTURES = Path(__file__).parent / "fixtures" / "dedup"
DOCS = {row["id"]: row for row in map(json.loads, (FIXTURES / "docs.jsonl").read_text(encoding="utf-8").splitlines())}
NEWS = DOCS["ntrex-eng-nytimes.184853"]["text"]
"""An NTREX article: a headline, then one sentence a line."""
LINES = NEWS.split("\n")
OTHER_NEWS = DOCS["ntrex-eng-abcnews.306815"]["text"]
PARAGRAPH = " ".join(LINES)
"""The same article as one paragraph: its sentences end at full stops, not line breaks."""

EXCERPTS = {
    "three sentences of a one-sentence-a-line article": (NEWS, "\n".join(LINES[5:8])),
    "three sentences near its end": (NEWS, "\n".join(LINES[12:15])),
    "three sentences of a one-paragraph article": (PARAGRAPH, " ".join(LINES[5:8])),
    "four sentences of a one-paragraph article": (PARAGRAPH, " ".join(LINES[5:9])),
}
QUOTES = {
    "another article quoting one sentence": (NEWS, f"{OTHER_NEWS}\n{LINES[4]}"),
    "another article quoting two sentences": (NEWS, f"{OTHER_NEWS}\n{LINES[4]}\n{LINES[9]}"),
}


@pytest.mark.parametrize("label", EXCERPTS)
def test_an_excerpt_of_whole_sentences_is_found_and_reported(label: str) -> None:
    whole, excerpt = EXCERPTS[label]
    assert find_duplicates([("whole", whole), ("excerpt", excerpt)]) == {"whole": "whole", "excerpt": "whole"}
    docs = [Document("whole", whole), Document("excerpt", excerpt)]
    step = Deduplicator()
    step.fit(docs)
    dropped = step.apply(docs[1])
    assert dropped.dropped == "duplicate" and dropped.metadata["contained_in"] == "whole"


@pytest.mark.parametrize("label", QUOTES)
def test_quoting_a_sentence_is_not_copying(label: str) -> None:
    quoted, quoting = QUOTES[label]
    assert find_duplicates([("quoted", quoted), ("quoting", quoting)]) == {"quoted": "quoted", "quoting": "quoting"}


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        ([NEWS, "\n".join(LINES[5:8]), OTHER_NEWS], [(0, 1)]),
        ([PARAGRAPH, " ".join(LINES[5:8]), OTHER_NEWS], [(0, 1)]),
        ([f"{LINES[0]}\n{OTHER_NEWS}", LINES[0], NEWS], [(0, 1), (0, 2), (1, 2)]),
        ([NEWS] * 10, []),  # a line held by more than LINE_HOLDERS documents makes no candidates
        (["Thank you.\n" + NEWS, "Thank you.\n" + OTHER_NEWS], []),  # shorter than MIN_LINE_CHARS
    ],
)
def test_line_pairs_are_the_holders_of_a_rarely_held_line(texts: list[str], expected: list[tuple[int, int]]) -> None:
    sketches = signatures(texts)
    first, second = line_pairs(sketches, sketches.sizes > 0)
    assert list(zip(first.tolist(), second.tolist())) == expected
