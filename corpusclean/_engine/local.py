"""The local engine: worker processes on one machine, documents parked in spool shards.

A run is a few *reads* of the corpus, each a map over shards in input order (`imap`, so the
result does not depend on the number of workers):

1. The first read loads each source and runs the document steps, in batches of `SHARD_DOCS`
   documents; the worker writes its batch to a shard file itself and, if the first corpus
   step is a site step, returns its first pass's evidence.
2. Each further pass of a site step is a read: the worker reads a shard, applies the corpus
   steps settled since the last read (and writes the shard again), and returns the pass's
   evidence. The parent merges the evidence in input order and settles the step: it holds
   per-site statistics only, never a document.
3. A corpus step without passes (`fit`/`apply` only: `dedup`, a user's own step) is applied in
   the parent, as it may hold what cannot be pickled (an index's database connection). A
   `SketchedStep` (`dedup`) is fitted from the sketches the workers compute in a read (in
   input order); any other is fitted in the parent over the shards.
4. The last read hands the documents to the parent in input order.

With one worker every read runs in the parent's process, the same functions on the same objects.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Sequence

from corpusclean._config import Config
from corpusclean._document import Document
from corpusclean._engine.steps import (
    Evidence,
    Shipped,
    applied,
    merge_all,
    observations,
)
from corpusclean._io.readers import Source
from corpusclean._pipeline import CorpusStep, Pipeline, SketchedStep, warm_tables
from corpusclean._site import SiteStep

SHARD_DOCS = 128
"""Documents per spool shard and per task: a worker holds one shard at a time; enough tasks
to keep two workers busy on a corpus of a few thousand documents, and few enough that handing
tasks over and back (the parent's pool threads, serial work) stays small: the document steps
too run in such batches, not one task per few documents (measured in docs/performance.md)."""


def _read_shard(path: str) -> list[Document]:
    with open(path, "rb") as handle:
        return pickle.load(handle)


def _write_shard(path: str, docs: list[Document]) -> None:
    with open(path, "wb") as handle:
        pickle.dump(docs, handle, protocol=pickle.HIGHEST_PROTOCOL)


@dataclass
class _Task:
    """One shard's share of one read: where its documents come from, what to do to them."""

    sources: list[Source] | None = None
    """The first read's input: sources to load and run the document steps on."""
    read: str | None = None
    write: str | None = None
    applies: tuple[Shipped, ...] = ()
    """Settled corpus steps to apply, in order, before observing."""
    observe: tuple[Shipped, int] | None = None
    """A site step and the number of the pass to observe."""
    sketch: Callable[[list[Document]], Any] | None = None
    """A `SketchedStep`'s `sketch`, run on the shard's documents after the applies."""
    give_back: bool = False


@dataclass
class _Done:
    evidence: list[Evidence] = field(default_factory=list)
    sketch: Any = None
    docs: list[Document] | None = None


def _run_task(task: _Task, pipeline: Pipeline | None = None) -> _Done:
    """One task, in a worker (or in the parent with one worker)."""
    pipeline = pipeline or _worker_pipeline
    assert pipeline is not None, "worker used before initialisation"
    if task.sources is not None:
        docs = [pipeline.load_and_process(source) for source in task.sources]
    else:
        assert task.read is not None
        docs = _read_shard(task.read)
    steps = [shipped.step for shipped in task.applies]
    if steps:
        docs = [applied(steps, doc) for doc in docs]
    done = _Done()
    if task.observe is not None:
        shipped, number = task.observe
        done.evidence = observations(shipped.step, number, docs)
    if task.sketch is not None:
        done.sketch = task.sketch(docs)
    if task.write is not None:
        _write_shard(task.write, docs)
    if task.give_back:
        done.docs = docs
    return done


_worker_pipeline: Pipeline | None = None


def _init_worker(config: Config) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(config)


class _Shards:
    """The spool: shard files in input order; re-iterable, as `CorpusStep.fit` may need."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.count = 0
        self.generation = 0

    def path(self, number: int, generation: int | None = None) -> str:
        return os.path.join(self.folder, f"shard-{self.generation if generation is None else generation}-{number:06d}.pickle")

    def __iter__(self) -> Iterator[Document]:
        for number in range(self.count):
            yield from _read_shard(self.path(number))

    def rewrite(self, change: Callable[[Document], Document]) -> None:
        """Change every document in the parent (steps that cannot be shipped to workers)."""
        for number in range(self.count):
            docs = [change(doc) for doc in _read_shard(self.path(number))]
            _write_shard(self.path(number), docs)


class LocalEngine:
    """Runs a pipeline's steps over a corpus with `config.workers` processes (0: one per core)."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.workers = pipeline.config.workers or os.cpu_count() or 1

    def run(self, sources: Iterable[Source], corpus_steps: Sequence[CorpusStep]) -> Iterator[Document]:
        """Every source as a processed Document, in input order, corpus steps included."""
        if self.workers == 1:
            yield from self._run(sources, corpus_steps, partial(map, partial(_run_task, pipeline=self.pipeline)))
            return
        forking = "fork" in multiprocessing.get_all_start_methods()
        if forking:
            warm_tables()  # the workers share the parent's tables instead of each loading them
        context = multiprocessing.get_context("fork" if forking else "spawn")
        with context.Pool(self.workers, initializer=_init_worker, initargs=(self.pipeline.config,)) as pool:
            yield from self._run(sources, corpus_steps, partial(pool.imap, _run_task))

    def _run(
        self,
        sources: Iterable[Source],
        corpus_steps: Sequence[CorpusStep],
        imap: Callable[[Iterable[_Task]], Iterator[_Done]],
    ) -> Iterator[Document]:
        if not corpus_steps:
            for done in imap(_Task(sources=batch, give_back=True) for batch in _batches(sources)):
                yield from done.docs or ()
            return
        with tempfile.TemporaryDirectory(prefix="corpusclean-") as folder:
            shards = _Shards(folder)
            batches: Iterator[list[Source]] | None = _batches(sources)
            pending: list[Shipped] = []
            in_parent: list[CorpusStep] = []

            def read(
                observe: tuple[Shipped, int] | None = None,
                sketch: Callable[[list[Document]], Any] | None = None,
                give_back: bool = False,
            ) -> Iterator[_Done]:
                """One read over the corpus; shards are rewritten when their documents change."""
                nonlocal batches, pending
                if in_parent:  # a parent-side step must act before anything else reads the shards
                    shards.rewrite(partial(applied, list(in_parent)))
                    in_parent.clear()
                applies, pending = tuple(pending), []
                first = batches is not None
                source_batches, batches = batches, None
                write = (first or bool(applies)) and not give_back  # the last read hands its documents on
                generation = shards.generation + 1 if applies and write else shards.generation

                def tasks() -> Iterator[_Task]:
                    if source_batches is not None:
                        for number, batch in enumerate(source_batches):
                            shards.count = number + 1
                            yield _Task(
                                sources=batch, write=shards.path(number, generation), observe=observe, sketch=sketch, give_back=give_back
                            )
                    else:
                        for number in range(shards.count):
                            yield _Task(
                                read=shards.path(number),
                                write=shards.path(number, generation) if write else None,
                                applies=applies,
                                observe=observe,
                                sketch=sketch,
                                give_back=give_back,
                            )

                yield from imap(tasks())
                if generation != shards.generation:
                    for number in range(shards.count):
                        os.remove(shards.path(number))
                    shards.generation = generation

            for step in corpus_steps:
                if isinstance(step, SiteStep):
                    step.reset()
                    for number in range(step.passes):
                        for done in read(observe=(Shipped(step), number)):
                            merge_all(step, number, done.evidence)
                        step.settle_all(number)
                    pending.append(Shipped(step))
                elif isinstance(step, SketchedStep):
                    step.fit_sketches(done.sketch for done in read(sketch=step.sketch))
                    in_parent.append(step)
                else:
                    if batches is not None or pending or in_parent:
                        for _ in read():
                            pass
                    step.fit(shards)
                    in_parent.append(step)
            final = list(in_parent)
            in_parent.clear()
            if batches is None and not pending:
                for doc in shards:
                    yield applied(final, doc)
                return
            for done in read(give_back=True):
                for doc in done.docs or ():
                    yield applied(final, doc)


def _batches(items: Iterable[Any], size: int = SHARD_DOCS) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
