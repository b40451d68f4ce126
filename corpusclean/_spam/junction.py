"""Whether a stretch of text was pasted where it stands: the evidence at its two junctions.

A writer's sentence flows across every character pair; a pasted phrase does not. Spam tools
drop their inserts between any two characters, so the pair on each side of an insert is one no
writer chose (`发` + `县长…` + `展`), while the pair that closes over the gap once the insert is
gone is an ordinary one (`发展`). Han text has no spaces to hide this behind, so the character
bigram model of real text (`_text.plausibility`) measures it directly.
"""

from __future__ import annotations

from corpusclean._text.plausibility import model

PASTE_CONFIRMED = -0.5
"""Once the breaks of a short titled phrase prove it pasted, its other copies inside a sentence
need only this much junction evidence: a paste between two words that happen to sit well
together measures −0.7 to +0.9, an ordinary mention about −2."""


def paste_evidence(text: str, start: int, end: int) -> float:
    """Log-likelihood ratio (nats) that `text[start:end]` was pasted between its neighbours.

    Compares the text as written (left→first and last→right pairs) with the text closed over the
    gap (left→right) plus the span standing on its own. Positive values favour pasting: ordinary
    mentions of a phrase measure about −2 nats, inserts that split a word +3 to +8, and inserts
    that happen to fall between two words about 0 — junctions are evidence for a paste, never
    proof against one. Spans at the text's edges have no junction to judge: 0.
    """
    if start <= 0 or end >= len(text) or start >= end:
        return 0.0
    logprob = model().logprob
    left, first, last, right = text[start - 1], text[start], text[end - 1], text[end]
    return (
        logprob(left + right)
        + logprob(first)
        + logprob(last)
        - logprob(left + first)
        - logprob(last + right)
    )
