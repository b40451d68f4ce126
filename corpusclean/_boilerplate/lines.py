"""The boilerplate step: remove footers, navigation and notices line by line, keep their metadata.

Two layers decide. Line rules (`_boilerplate.rules`) name the lines that say what they are
(copyright, ICP licence, hotline, share bar, byline, document-site notice); a learned line
model (`_boilerplate.model`, over jusText-style features from `_boilerplate.context`) removes the
rest of the page furniture around the article where it has evidence, and keeps the text where
it has none. Each removed line becomes one Edit with its reason, newline included, so the remaining
text keeps one line per line. Dates, authors and source links are facts about the article, so the
lines that carry them are removed but their values move into the document metadata.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from corpusclean._boilerplate.keep import spare
from corpusclean._boilerplate.model import POLICIES, Policy, context_boilerplate
from corpusclean._boilerplate.rules import rule_hits
from corpusclean._document import Change, Fixed, splice
from corpusclean._errors import ConfigError
from corpusclean._spans import line_removals

STEP = "boilerplate"
CONTEXT = "context"


ROUNDS = 3
"""Removing lines changes the neighbours (and the edges) of the lines left, so the decision is
repeated on what remains until nothing more goes — making the step idempotent — at most this often."""


def _reasons(lines: Sequence[str], context: bool, policy: Policy) -> tuple[list[str | None], list[dict[str, str]], dict[int, tuple[int, str]]]:
    """Why each line is boilerplate (or None), the metadata each removed line carries, and the
    lines that lose only a tail (`index -> (characters kept, reason)`)."""
    reasons: list[str | None] = [None] * len(lines)
    fields: list[dict[str, str]] = [{} for _ in lines]
    tails: dict[int, tuple[int, str]] = {}
    for _ in range(ROUNDS):
        kept = [i for i, reason in enumerate(reasons) if reason is None and i not in tails]
        remaining = [lines[i] for i in kept]
        hits = rule_hits(remaining)
        for index, hit in zip(kept, hits):
            if hit and hit.keep:
                tails[index] = (hit.keep, hit.reason)
        found = [hit.reason if hit and not hit.keep else None for hit in hits]
        if context:
            flagged = context_boilerplate(remaining, [reason is not None for reason in found], policy)
            found = [CONTEXT if flag else reason for reason, flag in zip(found, flagged)]
        if not any(found):
            break
        for index, reason, hit in zip(kept, found, hits):
            reasons[index] = reason
            fields[index] = hit.fields if hit and reason != CONTEXT else {}
            if reason is not None:
                tails.pop(index, None)
    return reasons, fields, tails


def checked_policy(policy: str) -> Policy:
    """`policy` if it is one of POLICIES, else a ConfigError naming them."""
    if policy not in POLICIES:
        raise ConfigError(f"boilerplate policy {policy!r} is not one of: {', '.join(POLICIES)}")
    return policy  # type: ignore[return-value]


def find_boilerplate(lines: Sequence[str], *, context: bool = True, policy: Policy = "conservative") -> list[str | None]:
    """For each line, why it is boilerplate (`copyright`, `nav`, `context`, …) or None for content
    (a line that loses only a trailing notice counts as content)."""
    return _reasons(lines, context, checked_policy(policy))[0]


def boilerplate(
    text: str, *, context: bool = True, policy: Policy = "conservative", keep: Collection[str] = frozenset()
) -> Fixed:
    """Remove boilerplate lines from `text`; one Edit per line, with metadata from bylines and dates.

    `context=False` applies the line rules only; otherwise the learned line model
    (`_boilerplate.model`) removes page furniture the rules do not name, where it has evidence,
    at the probability `policy` asks for (`conservative` or `aggressive`). A removal whose text
    (stripped) is in `keep` is not made: the curator's veto (`_boilerplate.keep`).
    """
    lines = text.splitlines(keepends=True)
    reasons, fields, tails = _reasons([line.rstrip("\r\n") for line in lines], context, checked_policy(policy))
    metadata: dict[str, Any] = {}
    for reason, found in zip(reasons, fields):
        for key, value in found.items():
            if reason is not None:
                metadata.setdefault(key, value)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    cuts = [
        Change(starts[index] + keep, starts[index] + len(lines[index].rstrip("\r\n")), "", reason)
        for index, (keep, reason) in tails.items()
    ]
    changes = sorted(line_removals(lines, reasons) + cuts, key=lambda change: change.start)
    changes = spare(text, changes, keep)
    fixed = splice(text, STEP, changes)
    return Fixed(fixed.text, fixed.edits, metadata)


def strip_boilerplate(text: str, *, context: bool = True, policy: Policy = "conservative") -> str:
    """`text` without its boilerplate lines."""
    return boilerplate(text, context=context, policy=policy).text
