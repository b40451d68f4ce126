"""Site-level repetition: lines that recur across many documents of one site are boilerplate.

A footer or menu that no single-page rule recognises still gives itself away by appearing on
every page of its site. CCNet (Wenzek et al. 2020) removes such lines by hashing normalised lines
over a shard; here the shard is the site — `metadata["site"]` if a reader set it, else the host
of the record's `url`, else the folder the document came from. Memory holds hashes and counts
only: 8 bytes per distinct line per site.

Short lines that many pages share for a good reason ("Introduction", "谢谢。", a date) would also
recur, so a line shorter than `min_chars` (after normalisation, a Han character counting as two,
as it is displayed) is not removed on its own. Menus are made of such lines, though: a short
repeated line goes when it stands in a run of at least `min_block` consecutive repeated lines
(`_in_blocks`) — a navigation bar or a list of section links recurs across the site's pages as a
block, a shared heading or formula stands alone between the document's own lines. A short line
needs a letter to be counted: digits alone (scores, page numbers, table cells) say nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

import xxhash

from corpusclean._boilerplate.keep import spare
from corpusclean._document import Document, Fixed, splice
from corpusclean._site import SiteStep
from corpusclean._spans import line_removals
from corpusclean._text.script import han_count, to_simplified_chars

STEP = "site-repeat"
_DIGITS = re.compile(r"\d+")
_NOISE = re.compile(r"[\W_]+")
_LETTER = re.compile(r"[^\W\d_]")


def _width(key: str) -> int:
    """Display width of a normalised line: a Han character counts as two Latin ones."""
    return len(key) + han_count(key)


def _hash(key: str) -> int:
    return xxhash.xxh64_intdigest(key.encode("utf-8"))


def normalised_lines(text: str) -> list[str]:
    """CCNet's line key of each line of `text` (`str.splitlines`): NFKC, lower case, Simplified,
    digits as 0, punctuation and spaces dropped.

    So '© 2019 Example' and '© 2020 Example', or 版權所有 and 版权所有, count as the same line.
    The lines are folded to Simplified in one call: folding maps each character on its own and
    never makes or takes a newline (nor does NFKC), so the joined fold splits back into the
    lines' own folds.
    """
    lines = [unicodedata.normalize("NFKC", line) for line in text.splitlines()]
    folded = to_simplified_chars("\n".join(lines)).split("\n") if lines else []
    return [_NOISE.sub("", _DIGITS.sub("0", line.lower())) for line in folded]


def _furniture(repeated: list[bool], filled: list[bool]) -> list[bool]:
    """Which repeated lines are page furniture: those at the top or bottom of the document or
    next to another repeated line (blank lines between do not count). A repeated line standing
    alone between two of the document's own lines is a formula of the site's writing — the
    agent's `OK. Just confirm the order…` in every dialogue, a recurring lyric line — and stays:
    headers, footers, menus and sidebars come in blocks or at the edges."""
    ranks = [index for index, flag in enumerate(filled) if flag]
    result = [False] * len(repeated)
    for position, index in enumerate(ranks):
        if not repeated[index]:
            continue
        before = position == 0 or repeated[ranks[position - 1]]
        after = position == len(ranks) - 1 or repeated[ranks[position + 1]]
        result[index] = before or after
    return result


def _in_blocks(repeated: list[bool], short: list[bool], filled: list[bool], min_block: int) -> list[bool]:
    """Which short lines stand in a run of consecutive non-blank repeated lines that holds at
    least `min_block` short ones (blank lines between do not break the run): a menu. A short
    heading beside a repeated footer is one short line, not a menu, and stays."""
    result = [False] * len(repeated)
    run: list[int] = []
    for index in [*(i for i, flag in enumerate(filled) if flag), None]:
        if index is not None and repeated[index]:
            run.append(index)
            continue
        items = [member for member in run if short[member]]
        if len(items) >= min_block:
            for member in items:
                result[member] = True
        run = []
    return result


@dataclass
class _Lines:
    """One site's counts: its live documents, and in how many of them each line hash occurs
    (after `settle`, only the hashes at or above the site's threshold)."""

    documents: int = 0
    counts: Counter[int] = field(default_factory=Counter)


class SiteRepeat(SiteStep[_Lines]):
    """Corpus step removing lines repeated across at least `min_documents` documents of a site.

    A line is removed when its normalised form occurs in at least `min_documents` documents of
    the site *and* in at least `min_share` of them, and either is at least `min_chars` long and
    stands at the document's top or bottom or beside another such line (`_furniture`), or is
    shorter (a menu item) and stands in a run of repeated lines holding at least `min_block`
    short ones (`_in_blocks`; 0 turns this off). Sites with fewer documents than `min_documents`
    are left alone. A line whose text (stripped) is in `keep` stays: the curator's veto
    (`_boilerplate.keep`).
    """

    name = STEP

    def __init__(
        self,
        *,
        min_documents: int = 3,
        min_share: float = 0.5,
        min_chars: int = 20,
        min_block: int = 3,
        keep: Collection[str] = frozenset(),
    ) -> None:
        super().__init__()
        self.min_documents = min_documents
        self.min_share = min_share
        self.min_chars = min_chars
        self.min_block = min_block
        self.keep = keep

    def _counted(self, key: str) -> bool:
        """Whether a normalised line is counted: long enough to stand alone, or (with blocks on)
        a short line holding a letter."""
        return _width(key) >= self.min_chars or (self.min_block > 0 and bool(_LETTER.search(key)))

    def new_site(self) -> _Lines:
        return _Lines()

    def _hashes(self, text: str) -> list[int]:
        """Distinct hashes of the lines of `text` that are counted (`_counted`)."""
        return list({_hash(key) for key in normalised_lines(text) if self._counted(key)})

    def observe(self, number: int, site: str, doc: Document) -> list[int]:
        """The document's distinct line hashes."""
        return self._hashes(doc.text)

    def merge(self, number: int, state: _Lines, evidence: list[int]) -> None:
        """Count, per site, in how many documents each line occurs."""
        state.documents += 1
        state.counts.update(evidence)

    def settle(self, number: int, state: _Lines) -> None:
        """Keep only the lines repeated enough to be removed: what `change` needs, and all a
        worker is sent."""
        threshold = self._threshold(state)
        state.counts = Counter({h: n for h, n in state.counts.items() if n >= threshold})

    def _threshold(self, state: _Lines) -> float:
        if state.documents < self.min_documents:
            return float("inf")
        return max(self.min_documents, self.min_share * state.documents)

    def fix(self, text: str, site: str) -> Fixed:
        """Remove from `text` the lines counted as repeated across `site` (one Edit per line)."""
        state = self.sites.get(site)
        if state is None or not state.counts:
            return Fixed(text, [])
        lines = text.splitlines(keepends=True)
        keys = normalised_lines(text)  # one per line of `lines`: the same split without the ends
        repeated = [self._counted(k) and _hash(k) in state.counts for k in keys]
        long = [flag and _width(k) >= self.min_chars for flag, k in zip(repeated, keys)]
        filled = [bool(line.strip()) for line in lines]
        short = [flag and not wide for flag, wide in zip(repeated, long)]
        blocks = _in_blocks(repeated, short, filled, self.min_block) if self.min_block > 0 else [False] * len(lines)
        reasons = [STEP if a or b else None for a, b in zip(_furniture(long, filled), blocks)]
        return splice(text, STEP, spare(text, line_removals(lines, reasons), self.keep))

    def change(self, site: str, doc: Document) -> Document:
        """Remove the site's repeated lines from one document."""
        return doc.apply(self.fix(doc.text, site))
