"""Site-level repetition: lines that recur across many documents of one site are boilerplate.

A footer or menu that no single-page rule recognises still gives itself away by appearing on
every page of its site. CCNet (Wenzek et al. 2020) removes such lines by hashing normalised lines
over a shard; here the shard is the site — `metadata["site"]` if a reader set it, else the host
of the record's `url`, else the folder the document came from. Memory holds hashes and counts
only: 8 bytes per distinct line per site.

Short lines that many pages share for a good reason ("Introduction", "谢谢。", a date) would also
recur, so lines shorter than `min_chars` (after normalisation, a Han character counting as two,
as it is displayed) are never removed this way.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from typing import Collection

import xxhash

from corpusclean._boilerplate.keep import spare
from corpusclean._document import Document, Fixed, splice
from corpusclean._site import SiteStep
from corpusclean._spans import line_removals
from corpusclean._text.script import HAN, script_counts, to_simplified_chars

STEP = "site-repeat"
_DIGITS = re.compile(r"\d+")
_NOISE = re.compile(r"[\W_]+")


def _width(key: str) -> int:
    """Display width of a normalised line: a Han character counts as two Latin ones."""
    return len(key) + script_counts(key)[HAN]


def _hash(key: str) -> int:
    return xxhash.xxh64_intdigest(key.encode("utf-8"))


def normalised_line(line: str) -> str:
    """CCNet's line key: NFKC, lower case, Simplified, digits as 0, punctuation and spaces dropped.

    So '© 2019 Example' and '© 2020 Example', or 版權所有 and 版权所有, count as the same line.
    """
    line = to_simplified_chars(unicodedata.normalize("NFKC", line)).lower()
    return _NOISE.sub("", _DIGITS.sub("0", line))


class SiteRepeat(SiteStep):
    """Corpus step removing lines repeated across at least `min_documents` documents of a site.

    A line is removed when its normalised form occurs in at least `min_documents` documents of
    the site *and* in at least `min_share` of them, and is at least `min_chars` long (the
    exemption for short common content lines). Sites with fewer documents than `min_documents`
    are left alone. A line whose text (stripped) is in `keep` stays: the curator's veto
    (`_boilerplate.keep`).
    """

    name = STEP

    def __init__(
        self, *, min_documents: int = 3, min_share: float = 0.5, min_chars: int = 20, keep: Collection[str] = frozenset()
    ) -> None:
        self.min_documents = min_documents
        self.min_share = min_share
        self.min_chars = min_chars
        self.keep = keep
        self.reset()

    def reset(self) -> None:
        """Forget the line counts of an earlier corpus."""
        self._counts: dict[str, Counter[int]] = defaultdict(Counter)
        self._documents: Counter[str] = Counter()

    def _hashes(self, text: str) -> set[int]:
        """Distinct hashes of the lines of `text` long enough to be counted."""
        keys = (normalised_line(line) for line in text.splitlines())
        return {_hash(key) for key in keys if _width(key) >= self.min_chars}

    def count(self, site: str, doc: Document) -> None:
        """Count, per site, in how many documents each line occurs."""
        self._documents[site] += 1
        self._counts[site].update(self._hashes(doc.text))

    def _threshold(self, site: str) -> float:
        documents = self._documents[site]
        if documents < self.min_documents:
            return float("inf")
        return max(self.min_documents, self.min_share * documents)

    def fix(self, text: str, site: str) -> Fixed:
        """Remove from `text` the lines counted as repeated across `site` (one Edit per line)."""
        threshold = self._threshold(site)
        counts = self._counts.get(site, Counter())
        lines = text.splitlines(keepends=True)
        keys = [normalised_line(line) for line in lines]
        reasons = [STEP if _width(k) >= self.min_chars and counts[_hash(k)] >= threshold else None for k in keys]
        return splice(text, STEP, spare(text, line_removals(lines, reasons), self.keep))

    def change(self, site: str, doc: Document) -> Document:
        """Remove the site's repeated lines from one document."""
        return doc.apply(self.fix(doc.text, site))
