"""Where cleaned documents go: a mirrored folder of UTF-8 `.txt` files or one JSONL file, plus
`manifest.jsonl` that accounts for every input.

The manifest and `documents.jsonl` are written to temporary files and renamed when complete
(`close`). The `.txt` files are written in place, one `open` each: a run writes into a staging
folder that is published by one rename only once every file is complete (`_run.py`), so an
interrupted run never leaves a half-written document that looks complete, and a temporary file
and a rename per document (three times the file-system calls, in the run's one serial process)
would add nothing. The output folder may not lie inside an input folder (a second run would
read its own output) and no document id can make a path that escapes it: ids become relative
paths without `..` (`safe_relative_path`), each folder is checked once against symbolic links
leading out, and a file is never written through a symbolic link.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import IO, Sequence

from corpusclean._document import Document
from corpusclean._errors import OutputError
from corpusclean._io.manifest import manifest_record
from corpusclean._io.validity import json_line, make_valid

MANIFEST = "manifest.jsonl"
DOCUMENTS = "documents.jsonl"
_UMASK = os.umask(0o022)
os.umask(_UMASK)
_UNSAFE = re.compile(r'[<>:"|?*\x00-\x1f\\]')


def check_output_location(out_dir: Path, inputs: Sequence[str | Path]) -> None:
    """Raise OutputError if `out_dir` lies inside (or is) one of the input folders or files, or
    cannot be a folder this run writes into (an existing file, a path under a file, no permission)."""
    out = out_dir.resolve()
    if out.exists() and not out.is_dir():
        raise OutputError(f"output {out_dir} is an existing file; give a folder path")
    blocking = next((parent for parent in out.parents if parent.exists() and not parent.is_dir()), None)
    if blocking is not None:
        raise OutputError(f"output folder {out_dir} cannot be created: {blocking} is a file")
    existing = next(path for path in (out, *out.parents) if path.exists())
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"output folder {out_dir} cannot be written: no write permission on {existing}")
    for raw in inputs:
        if str(raw) == "-":
            continue
        source = Path(raw).resolve()
        if out == source or (source.is_dir() and source in out.parents):
            raise OutputError(f"output folder {out_dir} is inside input {raw}; choose a folder outside it")


def safe_relative_path(doc_id: str) -> Path:
    """A relative `.txt` path for a document id that cannot escape the output folder."""
    parts = [p for p in re.split(r"[/\\]+", doc_id) if p not in ("", ".")]
    parts = ["_" if p == ".." else _UNSAFE.sub("_", p) for p in parts] or ["_"]
    if not parts[-1].lower().endswith(".txt"):
        parts[-1] += ".txt"
    return Path(*parts)


def _temp_beside(path: Path) -> tuple[int, str]:
    """A new temporary file in `path`'s folder (created if needed), with the usual permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.chmod(temp, 0o666 & ~_UMASK)  # mkstemp's 0600 would make outputs private to the runner
    return fd, temp


def _atomic_open(path: Path) -> tuple[IO[str], str]:
    fd, temp = _temp_beside(path)
    return os.fdopen(fd, "w", encoding="utf-8", newline=""), temp


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file beside it and a rename, so that no reader
    (and no interrupted run) ever sees half a file; the temporary file is removed on failure."""
    fd, temp = _temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
"""How a `.txt` output is opened: never through a symbolic link (where the platform can refuse one)."""


class OutputWriter:
    """Writes each document's text and its manifest record; `close` publishes the manifest (and
    `documents.jsonl`) atomically. Meant for a run's staging folder (see the module docstring)."""

    def __init__(self, out_dir: str | Path, fmt: str = "txt") -> None:
        self.out_dir = Path(out_dir)
        self.format = fmt
        self._used: set[Path] = set()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._root = self.out_dir.resolve()
        self._folders: dict[Path, str] = {}
        """Each folder of `.txt` outputs made and checked so far -> its path as a string."""
        self._manifest, self._manifest_temp = _atomic_open(self.out_dir / MANIFEST)
        self._documents: IO[str] | None = None
        self._documents_temp: str | None = None
        if fmt == "jsonl":
            self._documents, self._documents_temp = _atomic_open(self.out_dir / DOCUMENTS)

    def write(self, doc: Document) -> str | None:
        """Write `doc` (unless dropped) and its manifest record; returns its output location."""
        if not doc.dropped:
            make_valid(doc, "write")  # a guard: the decode step already repaired the input
        output = None if doc.dropped else self._write_text(doc)
        self._manifest.write(json_line(manifest_record(doc, output)) + "\n")
        return output

    def _write_text(self, doc: Document) -> str:
        if self._documents is not None:
            record = {"id": doc.id, "text": doc.text, "metadata": doc.metadata}
            self._documents.write(json_line(record) + "\n")
            return f"{DOCUMENTS}#{doc.id}"
        relative = safe_relative_path(doc.id)
        counter = 1
        while relative in self._used:
            counter += 1
            relative = relative.with_name(f"{relative.stem}~{counter}.txt")
        self._used.add(relative)
        fd = os.open(os.path.join(self._folder(relative.parent, doc.id), relative.name), _CREATE, 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(doc.text.encode("utf-8"))
        return relative.as_posix()

    def _folder(self, relative: Path, doc_id: str) -> str:
        """The output folder `relative` (to `out_dir`), created and checked (no symbolic link
        leads out of `out_dir`) the first time a document goes into it."""
        known = self._folders.get(relative)
        if known is None:
            folder = self.out_dir / relative
            folder.mkdir(parents=True, exist_ok=True)
            real = folder.resolve()
            if real != self._root and self._root not in real.parents:
                raise OutputError(f"document id {doc_id!r} would be written outside {self.out_dir}")
            known = self._folders[relative] = str(folder)
        return known

    def close(self) -> None:
        """Publish the manifest (and documents.jsonl) under their final names."""
        self._manifest.close()
        os.replace(self._manifest_temp, self.out_dir / MANIFEST)
        if self._documents is not None and self._documents_temp is not None:
            self._documents.close()
            os.replace(self._documents_temp, self.out_dir / DOCUMENTS)

    def abort(self) -> None:
        """Remove the unpublished temporary files after a failed run."""
        for handle, temp in ((self._manifest, self._manifest_temp), (self._documents, self._documents_temp)):
            if handle is not None and temp is not None:
                handle.close()
                if os.path.exists(temp):
                    os.remove(temp)
