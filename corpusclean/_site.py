"""Sites: the unit the corpus steps group documents by, and the base class of those steps.

A footer, a spam keyword list or a script convention belongs to a site, not to a page, so three
corpus steps (`site-repeat`, `site-phrases`, `site-script`) gather evidence per site and act on
each document with their site's decisions. `SiteStep` holds what they share, as *mergeable
passes*, so that an engine can spread the per-document work over processes or a cluster and
keep only small per-site statistics in one place:

* a step reads the corpus `passes` times; in pass `number`, `observe(number, site, doc)` turns
  one live document into evidence (pure and picklable; it may read what earlier passes settled,
  never change it) — this runs in the workers;
* `merge(number, state, evidence)` takes one document's evidence into its site's state, in input
  order within the site, and `settle(number, state)` decides once the site's evidence of the pass
  is in — this runs where the site's statistics are gathered (the parent process, or one Ray task
  per site: sites never need each other);
* `change(site, doc)` acts on one live document with its site's settled state — in the workers.

`fit(docs)` runs the same passes in one process (tests, benchmarks, and the `CorpusStep`
protocol); the engines in `corpusclean/_engine/` run them distributed, with the same result.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import PurePath
from typing import Any, ClassVar, Generic, TypeVar
from urllib.parse import urlsplit

from corpusclean._document import Document

S = TypeVar("S")


def _host(url: object) -> str | None:
    """The host name of `url`, or None when it is not a string or not a URL (`http://[::1`)."""
    if not isinstance(url, str):
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


@lru_cache(maxsize=1024)
def _folder(path: str) -> str:
    """The folder of a source file; cached because every record of a JSONL or Parquet file
    carries the same path and each site step asks once per pass, and `PurePath` is slow to build."""
    return str(PurePath(path).parent)


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
    return _folder(str(path)) if path else ""


class SiteStep(Generic[S]):
    """Base of the corpus steps that gather evidence per site in passes, then change documents.

    Subclasses set `passes` and implement `new_site` (an empty per-site state), `observe`,
    `merge`, optionally `settle` (see the module docstring), and `change`. `sites` maps each
    site that gave any evidence to its state; an engine may replace it with the states it
    gathered elsewhere (`adopt`). A document whose `observe` returns None gives no evidence.
    """

    name: str
    passes: ClassVar[int] = 1

    def __init__(self) -> None:
        self.sites: dict[str, S] = {}

    def new_site(self) -> S:
        """The state of a site before any evidence."""
        raise NotImplementedError

    def wants(self, number: int, site: str) -> bool:
        """Whether pass `number` needs the documents of `site` at all (a cheap test workers make
        before any per-document work); every site by default."""
        return True

    def observe(self, number: int, site: str, doc: Document) -> Any:
        """One live document's evidence for pass `number` (pure, picklable), or None."""
        raise NotImplementedError

    def merge(self, number: int, state: S, evidence: Any) -> None:
        """Take one document's evidence of pass `number` into its site's `state`."""
        raise NotImplementedError

    def settle(self, number: int, state: S) -> None:
        """Decide for one site once all of its evidence of pass `number` is merged."""

    def holds(self, number: int, state: S) -> bool:
        """Whether a site's settled state is still needed after pass `number` (by a later pass or
        by `change`); `settle_all` forgets the sites that are not, so that a corpus of many small
        sites does not keep a state for each. Every site by default."""
        return True

    def change(self, site: str, doc: Document) -> Document:
        """Act on one live document with its site's decisions."""
        return doc

    def reset(self) -> None:
        """Forget the sites of an earlier corpus."""
        self.sites = {}

    def adopt(self, sites: dict[str, S]) -> None:
        """Take per-site states gathered and settled elsewhere (an engine's merge tasks)."""
        self.sites = sites

    def merged(self, number: int, site: str, evidence: Any) -> None:
        """Merge one document's evidence into its site's state, creating the state if needed."""
        state = self.sites.get(site)
        if state is None:
            state = self.sites[site] = self.new_site()
        self.merge(number, state, evidence)

    def settle_all(self, number: int) -> None:
        """Settle every site after pass `number`, and forget those the step no longer `holds`
        (an engine that settles sites one by one may keep them: the same result, more memory)."""
        for state in self.sites.values():
            self.settle(number, state)
        self.sites = {site: state for site, state in self.sites.items() if self.holds(number, state)}

    @staticmethod
    def live(docs: Iterable[Document]) -> Iterator[tuple[str, Document]]:
        """The documents not dropped, each with its site."""
        for doc in docs:
            if not doc.dropped:
                yield site_of(doc), doc

    def fit(self, docs: Iterable[Document]) -> None:
        """Every pass over `docs` in this process (a new corpus: nothing carries over). A
        one-shot iterator is read into a list when the step needs more than one pass."""
        if self.passes > 1 and iter(docs) is docs:
            docs = list(docs)
        self.reset()
        for number in range(self.passes):
            for site, doc in self.live(docs):
                if self.wants(number, site):
                    evidence = self.observe(number, site, doc)
                    if evidence is not None:
                        self.merged(number, site, evidence)
            self.settle_all(number)

    def apply(self, doc: Document) -> Document:
        """Change one document with its site's decisions; dropped documents pass untouched."""
        if doc.dropped:
            return doc
        return self.change(site_of(doc), doc)
