"""A run into an output folder that is always consistent: staging, a journal, resume, publish.

A corpus run takes hours, and may be stopped at any point (Ctrl-C, SIGKILL, a full disk, a
reboot). The output folder must never hold a mixture — the old manifest beside new outputs,
outputs without a manifest, or a previous run's files beside a new manifest — so a run never
writes into `OUT` itself:

- everything is written into a staging folder beside it, `.OUT.corpusclean-staging/`:
  `run.json` (what the run is: inputs, settings, version), `journal.jsonl` (each document as it
  leaves the document steps, one line, flushed at once) and `out/` (the outputs);
- when the run is complete, `out/` gets `corpusclean-run.json` and is *published*: renamed to
  `OUT` (a previous `OUT` is moved aside first and deleted after), so `OUT` is at every instant
  either the previous complete run or the new one;
- `--resume` continues an interrupted run: the documents in the journal are not processed again
  (only the corpus steps and the writing are redone, which are deterministic), so the output
  is byte-identical to an uninterrupted run;
- a non-empty `OUT` is refused unless `--overwrite` is given, and even then only if it is a
  corpusclean output (has a manifest) or empty: `--overwrite` never deletes a folder of other
  files; an interrupted run's staging folder is refused until `--resume` or `--overwrite` says
  what to do with it, and `--overwrite` deletes it with every temporary file in it;
- a lock (`flock` on `run.lock`) stops two runs writing the same `OUT` at once.

A run has two halves: the document steps, whose results go to the journal in input order
(`process_into_journal`), then the corpus steps over the journal (`finish_from_journal`) and
the writing. Document steps are pure functions of the input, so a resumed run needs them only
for the documents not yet journaled; the second half is always redone, and being deterministic
it gives the same bytes. Both halves go through the configured engine.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Sequence

from corpusclean._config import Config
from corpusclean._document import Document
from corpusclean._errors import OutputError
from corpusclean._io.readers import Source
from corpusclean._io.validity import json_line
from corpusclean._io.writers import MANIFEST, check_output_location, write_atomic
from corpusclean._pipeline import DOCUMENT_STEPS, Pipeline

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, the rest works
    fcntl = None  # type: ignore[assignment]

RUN_MARKER = "corpusclean-run.json"
"""Written into a published output folder: which run (inputs, settings, version) made it."""
JOURNAL = "journal.jsonl"
STAGED = "out"
PREVIOUS = "previous"


def staging_folder(out_dir: Path) -> Path:
    """The staging folder of output folder `out_dir`: a hidden sibling with a fixed name, so that
    a later run finds it to resume or to clean up."""
    return out_dir.parent / f".{out_dir.name}.corpusclean-staging"


def run_identity(paths: Sequence[str | Path], config: Config) -> dict[str, Any]:
    """What decides a run's output: its inputs (as absolute paths), its settings and the version.

    Two runs with the same identity over unchanged inputs write byte-identical folders, which is
    what makes `--resume` sound. It holds no time or process id for the same reason.
    """
    from corpusclean import __version__

    settings = {key: value for key, value in dataclasses.asdict(config).items() if key != "workers"}
    identity = {
        "version": __version__,
        "inputs": [str(p) if str(p) == "-" else os.path.abspath(p) for p in paths],
        "settings": settings,
    }
    text = json.dumps(identity, sort_keys=True, default=str, ensure_ascii=True)
    return {"id": hashlib.sha256(text.encode()).hexdigest()[:16], **json.loads(text)}


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class RunFolder:
    """The staging folder of one run into `out_dir`, from the checks at the start to publishing.

    Use as a context manager: entering checks the output location, takes the lock and prepares
    staging (raising OutputError with what to do if `out_dir` cannot be used); leaving releases
    the lock. `publish()` makes the staged output the output folder.
    """

    def __init__(
        self, out_dir: str | Path, paths: Sequence[str | Path], config: Config, *, overwrite: bool = False, resume: bool = False
    ) -> None:
        self.out_dir = Path(out_dir)
        self.staging = staging_folder(self.out_dir)
        self.staged = self.staging / STAGED
        self.identity = run_identity(paths, config)
        self.overwrite = overwrite
        self.resume = resume
        self.paths = paths
        self.journaled = 0
        """Documents already in the journal (resumed), not to be processed again."""
        self._lock: IO[str] | None = None

    def __enter__(self) -> RunFolder:
        check_output_location(self.out_dir, self.paths)
        if self.out_dir.resolve() == self.out_dir.resolve().parent:
            raise OutputError(f"output folder {self.out_dir} is a file system root; give a folder inside it")
        try:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            self.staging.mkdir(exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot create staging folder {self.staging} beside the output: {error.strerror}") from None
        self._take_lock()
        try:
            self._prepare()
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._release()

    def _take_lock(self) -> None:
        self._lock = open(self.staging / "run.lock", "a+", encoding="utf-8")
        if fcntl is None:
            return
        try:
            fcntl.flock(self._lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.close()
            self._lock = None
            raise OutputError(
                f"another corpusclean run is writing {self.out_dir} (its staging folder {self.staging} is locked); "
                "wait for it or choose another output folder"
            ) from None

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def _prepare(self) -> None:
        """Decide what to do with an existing output folder and an interrupted run's staging."""
        previous = _read_json(self.staging / "run.json")
        marker = _read_json(self.out_dir / RUN_MARKER)
        published = previous is not None and marker is not None and marker.get("id") == previous.get("id")
        interrupted = not (published and not self.staged.exists()) and (
            previous is not None or (self.staging / JOURNAL).exists() or self.staged.exists()
        )  # killed after publishing, before deleting staging: nothing was lost
        if interrupted and self.resume:
            if previous is None or previous.get("id") != self.identity["id"]:
                raise OutputError(
                    f"cannot resume into {self.out_dir}: the interrupted run in {self.staging} had other inputs or "
                    "settings (or a different corpusclean version); rerun them, or give --overwrite to start over"
                )
            self._check_out_dir(replacing=True)  # the interrupted run was allowed to replace OUT
            self.journaled = _repair_journal(self.staging / JOURNAL)
            shutil.rmtree(self.staged, ignore_errors=True)  # rewritten from the journal, temp files and all
            return
        if interrupted and not self.overwrite:
            raise OutputError(
                f"an interrupted run into {self.out_dir} left {self.staging}; give --resume to continue it "
                "or --overwrite to start over"
            )
        self._check_out_dir(replacing=self.overwrite)
        for entry in list(self.staging.iterdir()):  # --overwrite, or a fresh staging folder
            if entry.name != "run.lock":
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
        write_atomic(self.staging / "run.json", (json.dumps(self.identity, indent=1, sort_keys=True) + "\n").encode())

    def _check_out_dir(self, replacing: bool) -> None:
        """Refuse a non-empty output folder unless it may be replaced (see the module docstring)."""
        if not self.out_dir.is_dir() or not any(self.out_dir.iterdir()):
            return
        ours = (self.out_dir / MANIFEST).is_file() or (self.out_dir / RUN_MARKER).is_file()
        if not ours:
            raise OutputError(
                f"output folder {self.out_dir} is not empty and holds no corpusclean output (no {MANIFEST}); "
                "choose a new or empty folder (--overwrite never deletes other files)"
            )
        if replacing:
            return
        marker = _read_json(self.out_dir / RUN_MARKER)
        if self.resume and marker is not None and marker.get("id") == self.identity["id"]:
            return  # the same run, already complete: resuming rewrites identical bytes
        if self.resume:
            raise OutputError(
                f"nothing to resume: no interrupted run of these inputs and settings in {self.staging}, and "
                f"{self.out_dir} holds the output of another run; give --overwrite to replace it"
            )
        raise OutputError(
            f"output folder {self.out_dir} already holds the output of another run; "
            "give --overwrite to replace it (or choose another folder)"
        )

    def journal(self) -> IO[str]:
        """The journal, open for appending one line per processed document."""
        return open(self.staging / JOURNAL, "a", encoding="utf-8", newline="")

    def journaled_documents(self) -> Iterator[Document]:
        """The documents of the journal, in input order (read lazily)."""
        path = self.staging / JOURNAL
        if not path.exists():
            return
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                if number >= self.journaled:
                    return
                yield Document.from_dict(json.loads(line))

    def publish(self) -> None:
        """Mark the staged output complete and make it the output folder (see the module docstring).

        The outputs are flushed to disk (`os.sync`) before the marker is written and the folder
        renamed, and the parent folder after: after a power cut `OUT` is the previous run or the
        complete new one, never a new folder with empty files. One `sync` for the whole run costs
        far less than an `fsync` per output file."""
        os.sync()
        write_atomic(self.staged / RUN_MARKER, (json.dumps(self.identity, indent=1, sort_keys=True) + "\n").encode())
        aside = self.staging / PREVIOUS
        if self.out_dir.is_dir():
            if any(self.out_dir.iterdir()):
                os.replace(self.out_dir, aside)
            else:
                self.out_dir.rmdir()
        os.replace(self.staged, self.out_dir)
        _sync_folder(self.out_dir.parent)
        self._release()
        shutil.rmtree(self.staging, ignore_errors=True)


def _sync_folder(folder: Path) -> None:
    """Make a rename inside `folder` durable (`fsync` of the folder; a no-op where the platform
    cannot open a folder, as on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the rename itself is still atomic
    finally:
        os.close(fd)


def _repair_journal(path: Path) -> int:
    """The number of complete lines in the journal, after cutting a last line a kill left half
    written (no newline, or not valid JSON)."""
    if not path.exists():
        return 0
    good = 0
    length = 0
    with open(path, "rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                break
            try:
                json.loads(line)
            except ValueError:
                break
            good += 1
            length += len(line)
    with open(path, "r+b") as handle:
        handle.truncate(length)
    return good


def process_into_journal(
    folder: RunFolder, sources: Iterable[Source], config: Config, on_document: Callable[[Document], None] | None = None
) -> None:
    """The first half of a run: every source through the decode and document steps, each result
    appended to the journal as it comes. Sources already journaled (a resumed run) are checked
    against the journal and skipped, not loaded; `on_document` sees every document once.

    The engine runs only the document steps here (no corpus step), so its results come back to
    this process in input order whatever engine or worker count does the work.
    """
    sources = iter(sources)
    for doc in folder.journaled_documents():
        source = next(sources, None)
        if source is None or source.id != doc.id:
            found = "no more inputs" if source is None else f"input {source.id!r}"
            raise OutputError(
                f"cannot resume: the journal has {doc.id!r} where the inputs now give {found}; "
                "the inputs changed since the interrupted run: give --overwrite to start over"
            )
        if on_document is not None:
            on_document(doc)
    with folder.journal() as journal:
        for doc in Pipeline(config).run(sources, []):
            journal.write(json_line(doc.to_dict()) + "\n")
            journal.flush()  # in the kernel at once: a SIGKILL loses at most the documents in hand
            folder.journaled += 1
            if on_document is not None:
                on_document(doc)


def finish_from_journal(folder: RunFolder, config: Config) -> Iterator[Document]:
    """The second half of a run: the journaled documents through the corpus steps, in input
    order. The document steps are not run again (they are skipped in this pipeline, and the
    load step hands a journaled document on as it is)."""
    document_steps = tuple(name for name in DOCUMENT_STEPS if name not in config.skip)
    corpus_only = config.with_(skip=(*config.skip, *document_steps))
    sources = (Source(id=doc.id, document=doc) for doc in folder.journaled_documents())
    return Pipeline(corpus_only).run(sources)
