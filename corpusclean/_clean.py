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
from corpusclean._io.writers import OutputWriter
from corpusclean._pipeline import Pipeline
from corpusclean._report import Report
from corpusclean._run import RunFolder, finish_from_journal, process_into_journal


def _config(config: Config | None, options: dict[str, Any]) -> Config:
    return (config or Config()).with_(**options)


def _type_error(function: str, argument: str, expected: str, value: object) -> TypeError:
    """A TypeError that names the function, the argument, what it takes and what it got."""
    return TypeError(f"{function}() argument {argument!r} must be {expected}, not {type(value).__name__}")


def clean_text(text: str | bytes, *, config: Config | None = None, **options: Any) -> Document:
    """Run the document steps on one text and return the Document with its edits and metadata.

    `bytes` go through the decode step first (encoding detection, as for a file), so they may
    come back dropped as `binary` or `undecodable`. `options` are Config fields (e.g.
    `skip=("spam",)`); corpus steps (dedup, site-repeat) need a corpus and do not run here.
    """
    if isinstance(text, (bytes, bytearray, memoryview)):
        source = Source(id="text", data=bytes(text))
    elif isinstance(text, str):
        source = Source(id="text", text=text)
    else:
        raise _type_error("clean_text", "text", "str or bytes", text)
    pipeline = Pipeline(_config(config, options))
    return pipeline.load_and_process(source)


def clean_file(path: str | Path, *, config: Config | None = None, **options: Any) -> Document:
    """Read, decode and clean one file of any encoding; a bad file comes back dropped with a reason."""
    if not isinstance(path, (str, Path)):
        raise _type_error("clean_file", "path", "str or pathlib.Path", path)
    pipeline = Pipeline(_config(config, options))
    return pipeline.load_and_process(Source(id=Path(path).name, path=str(path), metadata={"source_path": str(path)}))


def clean_documents(
    documents: Iterable[tuple[str, str] | Document], *, config: Config | None = None, **options: Any
) -> Iterator[Document]:
    """Clean a stream of `(id, text)` pairs or Documents, corpus steps included, in input order.

    Raises TypeError for an item that is neither (a bare string would otherwise be unpacked
    into a one-letter id and text) and ValueError for an id seen twice: ids key the manifest
    and the duplicate clusters, so a repeated id would silently merge two documents. Items are
    checked as they are read, so a stream is never held in memory.
    """
    if isinstance(documents, (str, bytes)) or not isinstance(documents, Iterable):
        raise _type_error("clean_documents", "documents", "an iterable of (id, text) pairs or Documents", documents)
    pipeline = Pipeline(_config(config, options))

    def sources() -> Iterator[Source]:
        seen: set[str] = set()
        for number, item in enumerate(documents):
            if isinstance(item, Document):
                source = Source(id=item.id, text=item.text, metadata=dict(item.metadata))
            elif (
                isinstance(item, (tuple, list)) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], str)
            ):
                source = Source(id=item[0], text=item[1])
            else:
                raise TypeError(
                    f"clean_documents() argument 'documents': item {number} must be an (id: str, text: str) "
                    f"tuple or a Document, not {type(item).__name__} {_preview(item)}"
                )
            if source.id in seen:
                raise ValueError(f"clean_documents(): duplicate id {source.id!r} (item {number}); ids must be unique")
            seen.add(source.id)
            yield source

    return pipeline.run(sources())


def _preview(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def clean_paths(
    paths: Sequence[str | Path],
    out_dir: str | Path | None,
    config: Config,
    on_document: Callable[[Document], None] | None = None,
    *,
    overwrite: bool = False,
    resume: bool = False,
) -> Report:
    """Clean every input under `paths` into `out_dir` (None: a dry run that writes nothing).

    The run is staged beside `out_dir` and published when complete, so `out_dir` always holds
    one whole run (`_run.py`). A non-empty `out_dir` is refused (OutputError) unless `overwrite`;
    `resume` continues an interrupted run with the same inputs and settings without processing
    its finished documents again. Returns the run's Report; `on_document` is called once per
    document as it leaves the document steps (for progress bars and warnings).
    """
    report = Report()
    if out_dir is None:
        for doc in Pipeline(config).run(iter_sources(paths, config)):
            report.add(doc)
            if on_document is not None:
                on_document(doc)
        return report
    with RunFolder(out_dir, paths, config, overwrite=overwrite, resume=resume) as run:
        process_into_journal(run, iter_sources(paths, config), config, on_document)
        writer = OutputWriter(run.staged, config.format)
        try:
            for doc in finish_from_journal(run, config):
                writer.write(doc)
                report.add(doc)
        except BaseException:
            writer.abort()  # the journal stays for --resume; staged outputs are rewritten then
            raise
        writer.close()
        run.publish()
    return report
