"""The spam step: remove text that spam sites paste into copied articles.

Two kinds of insert are handled, each in its own module:
* injected repeats (`_spam.titles`): a title pasted into sentences again and again — removed
  whenever found, because recurrence is strong evidence; copies of a Chinese title line are
  judged one by one by a learned model (`_spam.title_line`), at any length;
* keyword splices (`_spam.splices`): foreign product/industry phrases pasted into one sentence —
  scored, removed only at or above `min_score`, and otherwise reported in metadata
  (`flags: ["possible-splice"]`, `spam_candidates: [...]`) so that a person or a later tool can
  decide. Removing a real clause costs more than leaving a spliced one, hence the asymmetry.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from corpusclean._document import Change, Fixed, splice
from corpusclean._spam.splices import NOVELTY_CAP, candidates
from corpusclean._spam.title_line import injected_titles
from corpusclean._spam.titles import injected_repeats
from corpusclean._spans import claim, free

STEP = "spam"
MIN_SCORE = 0.9
"""Splice candidates scoring at least this are removed; see docs/spam.md for the trade-off."""
FLAG_SCORE = 0.55
"""Candidates between this and `min_score` are reported, not removed. The default reports
doubtful lexicon phrases only; novelty runs (at most `NOVELTY_CAP`) need a lower `flag_score`."""
REVIEW_SCORE = 0.3
"""The flag level of the review commands (`corpusclean explain` and `check`), which change no
corpus: low enough that the novelty runs (scored up to `NOVELTY_CAP`) and every other doubtful
span are shown to the curator as candidates, who may accept them into a lexicon file. A cleaning
run keeps `FLAG_SCORE`: at this level a third of clean English news articles get a candidate
(docs/spam.md), too many to record in every manifest by default."""
FLAG = "possible-splice"


def spam(
    text: str, *, lexicon: Sequence[str] = (), min_score: float = MIN_SCORE, flag_score: float = FLAG_SCORE
) -> Fixed:
    """Remove injected repeats and confident keyword splices from `text`; flag the doubtful ones.

    `lexicon` adds spam phrases to the shipped list (`data/spam_lexicon.txt`); `min_score` is the
    splice score from which a candidate is removed, `flag_score` the one from which it is
    reported in metadata.
    """
    changes = injected_titles(text)
    taken = [(c.start, c.end) for c in changes]
    for change in injected_repeats(text):
        if free((change.start, change.end), taken):
            changes.append(change)
            taken.append((change.start, change.end))
    changes.sort(key=lambda change: change.start)
    flagged: list[dict[str, Any]] = []
    for candidate in candidates(text, lexicon, novelty=min(min_score, flag_score) <= NOVELTY_CAP):
        if candidate.score >= min_score:
            span = claim(text, taken, candidate.start, candidate.end)
            if span is not None:
                changes.append(Change(*span, "", candidate.reason, round(candidate.score, 3)))
                taken.append(span)
        elif candidate.score >= flag_score and free((candidate.start, candidate.end), taken):
            flagged.append(candidate.to_dict(text))
    fixed = splice(text, STEP, changes)
    if not flagged:
        return fixed
    return Fixed(fixed.text, fixed.edits, {"flags": [FLAG], "spam_candidates": flagged})


def remove_spam(text: str, **options: Any) -> str:
    """`text` with spam inserts removed (the text of `spam(text, **options)`)."""
    return spam(text, **options).text
