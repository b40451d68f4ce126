"""The high-level entry points: clean one text, one file, a stream of documents, or a corpus on disk.

These are thin: they build a Config and a Pipeline and hand documents through it. Anything a
step does is in that step's module; anything about reading or writing is in the readers and
writers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from corpusclean._config import Config
from corpusclean._document import Document
from corpusclean._io.readers import Source, iter_sources
from corpusclean._io.writers import OutputWriter, check_output_location
from corpusclean._pipeline import Pipeline
from corpusclean._report import Report


def _config(config: Config | None, options: dict[str, Any]) -> Config:
    return (config or Config()).with_(**options)


def clean_text(text: str, *, config: Config | None = None, **options: Any) -> Document:
    """Run the document steps on one text and return the Document with its edits and metadata.

    `options` are Config fields (e.g. `skip=("spam",)`); corpus steps (dedup, site-repeat) need a
    corpus and do not run here.
    """
    pipeline = Pipeline(_config(config, options))
    return pipeline.load_and_process(Source(id="text", text=text))


def clean_file(path: str | Path, *, config: Config | None = None, **options: Any) -> Document:
    """Read, decode and clean one file of any encoding; a bad file comes back dropped with a reason."""
    pipeline = Pipeline(_config(config, options))
    return pipeline.load_and_process(Source(id=Path(path).name, path=str(path), metadata={"source_path": str(path)}))


def clean_documents(
    documents: Iterable[tuple[str, str] | Document], *, config: Config | None = None, **options: Any
) -> Iterator[Document]:
    """Clean a stream of `(id, text)` pairs or Documents, corpus steps included, in input order."""

    def sources() -> Iterator[Source]:
        for item in documents:
            if isinstance(item, Document):
                yield Source(id=item.id, text=item.text, metadata=dict(item.metadata))
            else:
                yield Source(id=item[0], text=item[1])

    yield from Pipeline(_config(config, options)).run(sources())


def clean_paths(
    paths: Sequence[str | Path],
    out_dir: str | Path | None,
    config: Config,
    on_document: Callable[[Document], None] | None = None,
) -> Report:
    """Clean every input under `paths` into `out_dir` (None: a dry run that writes nothing).

    Returns the run's Report; `on_document` is called once per document (for progress bars).
    """
    report = Report()
    writer = None
    if out_dir is not None:
        check_output_location(Path(out_dir), paths)
        writer = OutputWriter(out_dir, config.format)
    try:
        for doc in Pipeline(config).run(iter_sources(paths, config)):
            if writer is not None:
                writer.write(doc)
            report.add(doc)
            if on_document is not None:
                on_document(doc)
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    if writer is not None:
        writer.close()
    return report
