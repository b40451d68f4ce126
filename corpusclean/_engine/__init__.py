"""Engines: where a pipeline's steps run. `local` (worker processes on this machine, the default)
and `ray` (a Ray cluster, the `ray` extra) run the same step objects with the same protocol
(`_site.SiteStep`'s mergeable passes) and give byte-identical output."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator, Protocol, Sequence

from corpusclean._document import Document
from corpusclean._io.readers import Source

if TYPE_CHECKING:
    from corpusclean._pipeline import CorpusStep, Pipeline


class Engine(Protocol):
    """Runs a pipeline over a corpus: every source once, as a Document, in input order."""

    def run(self, sources: Iterable[Source], corpus_steps: Sequence[CorpusStep]) -> Iterator[Document]: ...


def engine_for(pipeline: Pipeline) -> Engine:
    """The engine the pipeline's config names (`Config.engine`)."""
    if pipeline.config.engine == "ray":
        # Ray is optional and slow to import
        from corpusclean._engine.ray import RayEngine

        return RayEngine(pipeline)
    from corpusclean._engine.local import LocalEngine

    return LocalEngine(pipeline)
