"""Sites: the unit the corpus steps group documents by, and the base class of those steps.

A footer, a spam keyword list or a script convention belongs to a site, not to a page, so three
corpus steps (`site-repeat`, `site-phrases`, `site-script`) count evidence per site in a `fit`
pass and act on each document in an `apply` pass. `SiteStep` holds what they share: how a
document's site is found, that dropped documents are neither counted nor changed, and that a new
`fit` forgets the previous corpus.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from corpusclean._document import Document


def _host(url: object) -> str | None:
    """The host name of `url`, or None when it is not a string or not a URL (`http://[::1`)."""
    if not isinstance(url, str):
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def site_of(doc: Document) -> str:
    """The site a document belongs to: `metadata["site"]`, else the host of its `url` (a JSONL
    record's field, as crawls carry it), else its source folder, else ''."""
    site = doc.metadata.get("site")
    if site:
        return str(site)
    host = _host(doc.metadata.get("url"))
    if host:
        return host.removeprefix("www.")
    path = doc.metadata.get("source_path")
    return str(PurePath(path).parent) if path else ""


class SiteStep:
    """Base of the corpus steps that count evidence per site, then change documents one by one.

    Subclasses implement `reset` (forget every count), `count(site, doc)` (one live document of
    the fit pass), optionally `settle` (decide once everything is counted) and
    `change(site, doc)` (one live document of the apply pass). A step that needs several passes
    over the corpus overrides `fit` and reads the corpus through `live`.
    """

    name: str

    def reset(self) -> None:
        """Forget everything counted by an earlier `fit`."""

    def count(self, site: str, doc: Document) -> None:
        """Take one live document's evidence into its site's counts."""

    def settle(self) -> None:
        """Turn the counts into decisions, after the whole corpus was counted."""

    def change(self, site: str, doc: Document) -> Document:
        """Act on one live document with its site's decisions."""
        return doc

    @staticmethod
    def live(docs: Iterable[Document]) -> Iterator[tuple[str, Document]]:
        """The documents not dropped, each with its site."""
        for doc in docs:
            if not doc.dropped:
                yield site_of(doc), doc

    def fit(self, docs: Iterable[Document]) -> None:
        """Count the whole corpus, site by site (a new corpus: nothing carries over)."""
        self.reset()
        for site, doc in self.live(docs):
            self.count(site, doc)
        self.settle()

    def apply(self, doc: Document) -> Document:
        """Change one document with its site's decisions; dropped documents pass untouched."""
        if doc.dropped:
            return doc
        return self.change(site_of(doc), doc)
