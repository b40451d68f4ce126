"""Steps and the Pipeline that runs them: the only place documents are counted and ordered.

A *document step* maps one Document to one Document; most wrap a pure fixer
`(text, **options) -> Fixed` with `FixerStep`. A *corpus step* needs every document first: it
gets a `fit` pass over the whole corpus and then an `apply` pass, document by document. The
site steps (`_site.SiteStep`) split `fit` into mergeable passes (per-document evidence, merged
per site), so an engine can compute the evidence where the documents are. Dropped documents keep
flowing through every step so that the writer sees every input exactly once and
`in == kept + changed + dropped` holds at the end of every run.

Where and how the steps run is the engine's business (`corpusclean/_engine/`: worker processes
on this machine, or a Ray cluster); either gives the same, byte-identical output whatever the
number of workers.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass
from typing import (
    Any,
    Callable,
    Iterable,
    Iterator,
    Literal,
    Mapping,
    Protocol,
    Sequence,
    runtime_checkable,
)

from corpusclean._boilerplate.keep import keep_set
from corpusclean._boilerplate.lines import boilerplate, checked_policy
from corpusclean._boilerplate.site_lines import SiteRepeat
from corpusclean._budget import within_budget
from corpusclean._config import Config
from corpusclean._dedup.clusters import Deduplicator
from corpusclean._dedup.in_document import repeats
from corpusclean._document import Document, Fixed
from corpusclean._errors import ConfigError
from corpusclean._io.load import load
from corpusclean._io.readers import Source
from corpusclean._lang.site_script import SiteScript
from corpusclean._lang.tagger import tag_language
from corpusclean._mojibake.repair import repair
from corpusclean._quality.score import quality
from corpusclean._spam.inserts import spam
from corpusclean._spam.site_phrases import SitePhrases
from corpusclean._spam.splices import read_lexicon, user_phrases

Fixer = Callable[..., Fixed]


@dataclass(frozen=True)
class StepSpec:
    """One entry of `STEPS`: a step's name, what runs it and a one-line summary.

    `target` is a pure fixer for a document step (`kind == "document"`), or the class of a
    corpus step (`kind == "corpus"`); its keyword-only parameters are the step's options.
    """

    name: str
    kind: Literal["document", "corpus"]
    target: Callable[..., Any]
    summary: str


STEPS: tuple[StepSpec, ...] = (
    StepSpec("repair", "document", repair, "undo mojibake and converter noise (_mojibake)"),
    StepSpec("boilerplate", "document", boilerplate, "remove footers, notices and page furniture (_boilerplate)"),
    StepSpec("spam", "document", spam, "remove injected titles and keyword splices (_spam)"),
    StepSpec("quality", "document", quality, "score damage cleaning cannot undo (_quality)"),
    StepSpec("repeats", "document", repeats, "remove a second copy of the text inside one document (_dedup)"),
    StepSpec("language", "document", tag_language, "tag the language and script (_lang)"),
    StepSpec("site-repeat", "corpus", SiteRepeat, "remove lines repeated across a site's pages (_boilerplate)"),
    StepSpec("site-phrases", "corpus", SitePhrases, "remove keyword phrases a site pastes into many pages (_spam)"),
    StepSpec("site-script", "corpus", SiteScript, "settle Traditional/Simplified from the site (_lang)"),
    StepSpec("dedup", "corpus", Deduplicator, "drop exact and near-duplicate documents (_dedup)"),
)
"""Every step, in the order a run applies them: all document steps, then all corpus steps.

The CLI's `--skip`/`--only` choices, `check`'s split at the spam step and the tests derive
from this table; adding a step means adding a line here (see docs/architecture.md)."""

DOCUMENT_STEPS: Mapping[str, Fixer] = {s.name: s.target for s in STEPS if s.kind == "document"}
"""Document steps in their default order: name -> fixer."""

CORPUS_STEPS: Mapping[str, Callable[..., Any]] = {s.name: s.target for s in STEPS if s.kind == "corpus"}
"""Corpus steps in their default order, after every document step: name -> class."""

STEP_NAMES = ("decode", *(s.name for s in STEPS))


class Step(Protocol):
    """A named document step."""

    name: str

    def __call__(self, doc: Document) -> Document: ...


class CorpusStep(Protocol):
    """A named step that must see the whole corpus (`fit`) before changing any document (`apply`).

    The pipeline passes `fit` a re-iterable corpus, so a step may read it more than once.
    """

    name: str

    def fit(self, docs: Iterable[Document]) -> None: ...

    def apply(self, doc: Document) -> Document: ...


@runtime_checkable
class SketchedStep(CorpusStep, Protocol):
    """A corpus step whose `fit` reads each document only through a pure function of a batch
    of documents (`sketch`, a static method): an engine computes the sketches where the
    documents are, in its workers, and hands them to `fit_sketches` in input order, so the
    parent never reads the documents to fit it (the dedup step: its MinHash sketches)."""

    @staticmethod
    def sketch(docs: Sequence[Document]) -> Any: ...

    def fit_sketches(self, sketches: Iterable[Any]) -> None: ...


@dataclass(frozen=True)
class FixerStep:
    """A document step made from a pure fixer and its options; dropped documents pass untouched."""

    name: str
    fixer: Fixer
    options: Mapping[str, Any]

    def __call__(self, doc: Document) -> Document:
        if doc.dropped:
            return doc
        return guarded(self.name, doc, lambda: doc.apply(self.fixer(doc.text, **self.options)))


STEP_ERRORS = "step_errors"
"""Metadata key listing the steps that failed on a document (`{"step", "error"}` each)."""


def guarded(name: str, doc: Document, run: Callable[[], Document]) -> Document:
    """`run()`, or `doc` without the step's result if step `name` raises.

    A bug in one step, on one document, must neither stop the run nor lose the document: the
    document goes on without what the failing step would have done (document steps are pure
    fixers whose result is applied only on success), and the failure is recorded in its
    metadata (`step_errors`) so that the manifest, the summary and the CLI's warning show it.
    """
    try:
        return run()
    except Exception as error:  # noqa: BLE001 — any bug in a step; recorded, not swallowed
        doc.metadata.setdefault(STEP_ERRORS, []).append({"step": name, "error": f"{type(error).__name__}: {error}"})
        return doc


@dataclass(frozen=True)
class QualityGate:
    """Drops documents whose quality score (set by the quality step) is below `min_quality`."""

    min_quality: float
    name: str = "min-quality"

    def __call__(self, doc: Document) -> Document:
        score = doc.metadata.get("quality", {}).get("score")
        if not doc.dropped and score is not None and score < self.min_quality:
            doc.drop("low-quality", f"quality score {score:.3f} < min_quality {self.min_quality}")
        return doc


def selected_steps(config: Config) -> list[str]:
    """The step names a config runs, in pipeline order; unknown names are a ConfigError."""
    for name in (*config.skip, *config.only, *config.steps):
        if name not in STEP_NAMES:
            raise ConfigError(f"unknown step {name!r}; steps are: {', '.join(STEP_NAMES)}")
    names = [n for n in STEP_NAMES if n != "decode"]
    if config.only:
        names = [n for n in names if n in config.only]
    return [n for n in names if n not in config.skip]


def _checked_options(name: str, target: Callable[..., Any], options: Mapping[str, Any]) -> dict[str, Any]:
    """Options for one step, rejecting any the step does not take (a typo must not be ignored)."""
    parameters = inspect.signature(target).parameters
    accepted = [p for p, spec in parameters.items() if spec.kind is inspect.Parameter.KEYWORD_ONLY]
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        raise ConfigError(f"step {name!r} has no option(s) {', '.join(unknown)}; it takes: {', '.join(accepted) or 'none'}")
    return dict(options)


def build_document_steps(config: Config) -> list[Step]:
    """The configured document steps, with the quality gate right after `quality`."""
    steps: list[Step] = []
    for name in selected_steps(config):
        if name not in DOCUMENT_STEPS:
            continue
        fixer = DOCUMENT_STEPS[name]
        options = _checked_options(name, fixer, config.steps.get(name, {}))
        if name == "boilerplate" and "policy" in options:
            checked_policy(options["policy"])  # a bad policy in the config file fails before any document
        if name == "spam":
            options["lexicon"] = _spam_lexicon(options.get("lexicon", ()), config.spam_lexicon)
        if name == "boilerplate":
            options["keep"] = keep_set(options.get("keep", ()), config.keep_lines)
        steps.append(FixerStep(name, within_budget(name, fixer, config.step_time_limit), options))
        if name == "quality" and config.min_quality is not None:
            steps.append(QualityGate(config.min_quality))
    return steps


def _spam_lexicon(phrases: Sequence[str], files: Sequence[str]) -> tuple[str, ...]:
    """The spam step's `lexicon` option joined with the phrases of the `spam_lexicon` files,
    checked before any document is read (a bad phrase or file is a ConfigError, exit 2)."""
    return (*user_phrases(phrases), *(phrase for path in files for phrase in read_lexicon(path)))


def build_corpus_steps(config: Config) -> list[CorpusStep]:
    """The configured corpus steps, in pipeline order."""
    steps: list[CorpusStep] = []
    for name in selected_steps(config):
        if name not in CORPUS_STEPS:
            continue
        factory = CORPUS_STEPS[name]
        options = _checked_options(name, factory, config.steps.get(name, {}))
        if name == "site-repeat":
            options["keep"] = keep_set(options.get("keep", ()), config.keep_lines)
        steps.append(factory(**options))
    return steps


WARM_TEXTS = (
    "The café opened in 1998 on Main Street. Its owners serve coffee, tea and cakes every day;\n"
    "Buy cheap iPhone 15 Pro Max cases online. Free shipping on orders over $50.\n"
    "We walked past the old anchor chain yesterday near the harbour.\n"
    "Copyright © 2024 Example Inc. All rights reserved.",
    "这家咖啡馆于一九九八年开业，每天供应咖啡、茶和蛋糕。\n版权所有 © 2024 示例公司。",
    "這家咖啡館於一九九八年開業，每天供應咖啡、茶和蛋糕。",
    "Der Laden Ã¶ffnet um neun Uhr.",
)
"""Short texts in the scripts a corpus holds (English, both Chinese scripts, mojibake), enough to
make the default document steps load most of their tables (`warm_tables`)."""


@functools.cache
def warm_tables() -> None:
    """Load the steps' lazily loaded tables in this process, once, by running the default
    document steps on `WARM_TEXTS`.

    An engine calls it before forking worker processes: each forked worker then shares the
    parent's tables instead of loading its own (about 1.2 CPU-s per process; a run forks two
    pools, the document steps' and the corpus steps', so without it two workers load them four
    times where one worker loads them once). The site steps read the same tables (word lists,
    plausibility model, Simplified folding). Tables only some documents reach stay lazy. The
    results are discarded: document steps are pure, so nothing else changes.
    """
    steps = build_document_steps(Config())
    for number, text in enumerate(WARM_TEXTS):
        doc = Document(id=f"warm-{number}", text=text)
        for step in steps:
            doc = step(doc)


class Pipeline:
    """The configured steps of a run; call `process` for one document or `run` for a corpus."""

    def __init__(self, config: Config | None = None, *, engine: str | None = None, address: str | None = None) -> None:
        self.config = (config or Config()).with_(engine=engine, address=address)
        self.document_steps = build_document_steps(self.config)

    def process(self, doc: Document) -> Document:
        """Run every document step on `doc`."""
        for step in self.document_steps:
            doc = step(doc)
        return doc

    def load_and_process(self, source: Source) -> Document:
        """Decode one source and run the document steps on it."""
        return self.process(load(source, self.config))

    def run(self, sources: Iterable[Source], corpus_steps: list[CorpusStep] | None = None) -> Iterator[Document]:
        """Every source as a processed Document, in input order, corpus steps included, run by
        the configured engine (`corpusclean/_engine/`)."""
        from corpusclean._engine import engine_for  # the engines import this module

        if corpus_steps is None:
            corpus_steps = build_corpus_steps(self.config)
        return engine_for(self).run(sources, corpus_steps)
