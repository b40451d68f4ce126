"""The Ray engine: the same steps and the same mergeable passes, on a Ray cluster (Ray Data).

The data flow (docs/ray.md has the picture, the memory and what happens when a worker dies):

1. The driver lists the inputs (`_io/readers.py`, the same order as the local engine) into
   blocks of `(order, source)` rows put in the object store one at a time; `map_batches` with
   an actor per worker loads them and runs the document steps (the `Pipeline`'s own
   `FixerStep`s), giving `(order, site, doc)` rows, `doc` a pickled Document. The dataset is materialised in the object store.
2. Each pass of a site step: a `map_batches` applies the corpus steps settled since the last
   pass (they travel as one `ray.put` object per step) and a second one observes the pass,
   giving `(site, order, evidence)` rows; `groupby("site").map_groups` merges each site's
   evidence in input order and settles the site in one task; the driver gathers the settled
   per-site states (statistics, never documents), puts the step in the object store, and the
   next map reads it from there.
3. `dedup` (without an index) runs in the cluster (`ray_dedup.py`: signatures in the map, LSH
   buckets, pairs and clusters as shuffles); its decisions, sorted by input order, are applied
   by `Deduplicator.apply` as the documents stream out. Another step without passes (dedup with
   an index, a user's own step) is fitted on the driver, which streams the documents from the
   dataset in input order, and applied there at the end.
4. The documents are streamed to the driver in input order (Ray Data's `preserve_order`),
   which writes them with the same writer as the local engine: the same bytes.
"""

from __future__ import annotations

import atexit
import os
import pickle
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from corpusclean._config import Config
from corpusclean._dedup.clusters import Deduplicator
from corpusclean._document import Document
from corpusclean._engine.ray_dedup import RayDedup, decided, distributed
from corpusclean._engine.steps import applied, observations
from corpusclean._errors import ConfigError
from corpusclean._io.readers import Source
from corpusclean._pipeline import CorpusStep, Pipeline
from corpusclean._site import SiteStep, site_of

if TYPE_CHECKING:
    import pyarrow

BATCH_DOCS = 64
"""Documents per Ray Data batch."""
BLOCK_DOCS = 256
"""Sources per input block the driver puts in the object store."""
OBJECT_STORE_BYTES = 512 << 20
"""Object store of a Ray started for one run (more spills to disk): small, as the machine is
shared with the run's own workers."""
INSTALL = "pip install 'corpusclean[ray]'"


def _ray() -> Any:
    """The `ray` module, or a ConfigError naming the extra that provides it."""
    try:
        import ray
        import ray.data  # the [data] extra of ray: not every Ray install has it
    except ImportError as error:
        raise ConfigError(f'engine "ray" needs Ray Data, which is not installed ({error}); install it with: {INSTALL}') from None
    return ray


_resolved: dict[str, Any] = {}
"""Steps a Ray worker has fetched from the object store, by object id: fetched once each."""


def _resolve(ref: Any) -> Any:
    """The object behind `ref` (an ObjectRef put by the driver), fetched once per worker."""
    import ray

    if not isinstance(ref, ray.ObjectRef):
        return ref
    key = ref.hex()
    if key not in _resolved:
        if len(_resolved) >= 8:
            _resolved.pop(next(iter(_resolved)))
        _resolved[key] = ray.get(ref)
    return _resolved[key]


def _docs(batch: pyarrow.Table) -> list[Document]:
    return [pickle.loads(blob) for blob in batch.column("doc").to_pylist()]


def _doc_rows(orders: list[int], docs: list[Document]) -> pyarrow.Table:
    import pyarrow

    return pyarrow.table(
        {
            "order": pyarrow.array(orders, pyarrow.int64()),
            "site": pyarrow.array([site_of(doc) for doc in docs], pyarrow.string()),
            "doc": pyarrow.array([pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL) for doc in docs], pyarrow.binary()),
        }
    )


class _DocumentSteps:
    """A Ray Data actor: the pipeline's document steps, built once per actor (tables load once)."""

    def __init__(self, config: Config) -> None:
        self.pipeline = Pipeline(config)

    def __call__(self, batch: pyarrow.Table) -> pyarrow.Table:
        sources: list[Source] = [pickle.loads(blob) for blob in batch.column("source").to_pylist()]
        docs = [self.pipeline.load_and_process(source) for source in sources]
        return _doc_rows(batch.column("order").to_pylist(), docs)


def _apply(batch: pyarrow.Table, steps: list[Any]) -> pyarrow.Table:
    """Apply settled corpus steps to a batch of documents."""
    settled = [_resolve(step) for step in steps]
    docs = [applied(settled, doc) for doc in _docs(batch)]
    return _doc_rows(batch.column("order").to_pylist(), docs)


def _observe(batch: pyarrow.Table, step: Any, number: int) -> pyarrow.Table:
    """Pass `number`'s evidence of a batch, one row per document that gives any."""
    import pyarrow

    step = _resolve(step)
    sites, orders, evidence = [], [], []
    for order, doc in zip(batch.column("order").to_pylist(), _docs(batch)):
        for site, found in observations(step, number, [doc]):
            sites.append(site)
            orders.append(order)
            evidence.append(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
    return pyarrow.table(
        {
            "site": pyarrow.array(sites, pyarrow.string()),
            "order": pyarrow.array(orders, pyarrow.int64()),
            "evidence": pyarrow.array(evidence, pyarrow.binary()),
        }
    )


def _merge_site(group: pyarrow.Table, step: Any, number: int) -> pyarrow.Table:
    """One site's evidence of pass `number`, merged in input order and settled: its new state."""
    import pyarrow

    step = _resolve(step)
    site = group.column("site")[0].as_py()
    state = step.sites.get(site)
    state = step.new_site() if state is None else pickle.loads(pickle.dumps(state))  # the broadcast copy is read-only
    ordered = sorted(zip(group.column("order").to_pylist(), group.column("evidence").to_pylist()))
    for _, blob in ordered:
        step.merge(number, state, pickle.loads(blob))
    step.settle(number, state)
    return pyarrow.table({"site": [site], "state": pyarrow.array([pickle.dumps(state)], pyarrow.binary())})


def _source_blocks(sources: Iterable[Source]) -> Iterator[pyarrow.Table]:
    """The sources as `(order, source)` tables of `BLOCK_DOCS` rows, `source` pickled: the driver
    holds one block at a time, the object store the rest."""
    import pyarrow

    orders: list[int] = []
    blobs: list[bytes] = []
    for order, source in enumerate(sources):
        orders.append(order)
        blobs.append(pickle.dumps(source, protocol=pickle.HIGHEST_PROTOCOL))
        if len(orders) == BLOCK_DOCS:
            yield pyarrow.table({"order": pyarrow.array(orders, pyarrow.int64()), "source": pyarrow.array(blobs, pyarrow.binary())})
            orders, blobs = [], []
    if orders:
        yield pyarrow.table({"order": pyarrow.array(orders, pyarrow.int64()), "source": pyarrow.array(blobs, pyarrow.binary())})


class RayEngine:
    """Runs a pipeline on Ray: a local Ray of `config.workers` CPUs, or the cluster at
    `config.address`."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.ray = _ray()
        self.pipeline = pipeline
        self.config = pipeline.config

    def _connect(self) -> None:
        """Join the cluster, or start a local Ray. A Ray this process starts stays up for its
        later runs and stops when it exits: `clean_paths` runs the engine twice (the document
        steps into the journal, then the corpus steps), and starting Ray takes 10-20 s."""
        if self.ray.is_initialized():
            return
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
        if self.config.address:
            self.ray.init(address=self.config.address, **options)
        else:
            workers = self.config.workers or os.cpu_count() or 1
            self.ray.init(num_cpus=workers, object_store_memory=OBJECT_STORE_BYTES, **options)
        atexit.register(self.ray.shutdown)

    def run(self, sources: Iterable[Source], corpus_steps: Sequence[CorpusStep]) -> Iterator[Document]:
        """Every source as a processed Document, in input order, corpus steps included."""
        self._connect()
        yield from self._run(sources, corpus_steps)

    def _concurrency(self) -> int:
        return self.config.workers or max(1, int(self.ray.cluster_resources().get("CPU", 1)))

    def _run(self, sources: Iterable[Source], corpus_steps: Sequence[CorpusStep]) -> Iterator[Document]:
        ray = self.ray
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True  # input order, without a sort
        # the sort-based shuffle: a groupby of 50,000 rows took 5.9 s with it, 30 s with Ray 2.60's
        # default (shuffle_v2) and 20 s with the hash shuffle on 2 CPUs (docs/ray.md)
        context.shuffle_strategy = ray.data.context.ShuffleStrategy.SORT_SHUFFLE_PULL_BASED
        blocks = [ray.put(block) for block in _source_blocks(sources)]
        if not blocks:
            return
        docs = ray.data.from_arrow_refs(blocks).map_batches(
            _DocumentSteps,
            fn_constructor_args=(self.config,),
            batch_size=BATCH_DOCS,
            batch_format="pyarrow",
            concurrency=self._concurrency(),
        )
        docs = docs.materialize()
        del blocks
        pending: list[Any] = []
        in_driver: list[CorpusStep] = []
        dedup: tuple[Deduplicator, Any] | None = None
        for step in corpus_steps:
            if isinstance(step, SiteStep):
                docs = self._apply(docs, pending, in_driver)
                pending = []
                step.reset()
                for number in range(step.passes):
                    self._pass(docs, step, number)
                pending.append(ray.put(step))
            elif distributed(step):
                docs = self._apply(docs, pending, in_driver)
                pending = []
                decisions = RayDedup(ray, step, self._concurrency()).fit(docs)
                in_driver.append(step)
                dedup = (step, decisions)
            else:
                docs = self._apply(docs, pending, in_driver)
                pending = []
                step.fit(_Ordered(docs))
                in_driver.append(step)
        docs = self._apply(docs, pending, [])
        ordered: Iterable[Document] = _Ordered(docs)
        if dedup is not None:
            ordered = _with_decisions(ordered, *dedup)
        for doc in ordered:
            yield applied(in_driver, doc)

    def _apply(self, docs: Any, pending: list[Any], in_driver: list[CorpusStep]) -> Any:
        """The documents with the settled steps applied (in the cluster, or for a step that
        stays on the driver, such as dedup with an index, by the driver)."""
        if in_driver:
            raise ConfigError(
                f"corpus step {in_driver[-1].name!r} has no mergeable passes and must come after every site step "
                "on the ray engine"
            )
        if not pending:
            return docs
        return docs.map_batches(_apply, fn_args=(pending,), batch_size=BATCH_DOCS, batch_format="pyarrow").materialize()

    def _pass(self, docs: Any, step: SiteStep[Any], number: int) -> None:
        """One pass of a site step: observe in the map, merge and settle per site, gather the
        settled states on the driver."""
        ref = self.ray.put(step)
        evidence = docs.map_batches(_observe, fn_args=(ref, number), batch_size=BATCH_DOCS, batch_format="pyarrow")
        grouped = evidence.groupby("site", num_partitions=self._concurrency())
        merged = grouped.map_groups(_merge_site, fn_args=(ref, number), batch_format="pyarrow")
        states = {row["site"]: pickle.loads(row["state"]) for row in merged.iter_rows()}
        for site, state in step.sites.items():
            if site not in states:
                step.settle(number, state)
        step.sites.update(states)


class _Ordered:
    """The dataset's documents streamed to the driver in input order (re-iterable, as
    `CorpusStep.fit` may read the corpus more than once)."""

    def __init__(self, docs: Any) -> None:
        self.docs = docs

    def __iter__(self) -> Iterator[Document]:
        expected = 0
        for batch in self.docs.iter_batches(batch_size=BATCH_DOCS, batch_format="pyarrow"):
            orders = batch.column("order").to_pylist()
            if orders != list(range(expected, expected + len(orders))):
                raise RuntimeError(f"ray engine: documents arrived out of input order at {expected} (preserve_order is off?)")
            expected += len(orders)
            yield from _docs(batch)


def _with_decisions(docs: Iterable[Document], step: Deduplicator, decisions: Any) -> Iterator[Document]:
    """`docs` in input order, each handed out with `step` holding its own decision only (the
    decisions stream in input order beside the documents), so that `Deduplicator.apply` acts
    on it as after a local `fit`."""
    pending = decided(decisions)
    upcoming = next(pending, None)
    for order, doc in enumerate(docs):
        step.dup_of, step.kept_because, step.contained_in = {}, {}, {}
        if upcoming is not None and upcoming[0] == order:
            _, step.dup_of[doc.id], step.kept_because[doc.id], contained_in = upcoming
            if contained_in is not None:
                step.contained_in[doc.id] = contained_in
            upcoming = next(pending, None)
        yield doc
