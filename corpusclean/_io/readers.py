"""Where documents come from: folders, single files, JSONL(.gz), Parquet and stdin.

Readers yield `Source` records, not Documents: a Source says where the text is (a file to read
later, inside a worker process, or text already in hand from a JSONL line) and anything that
went wrong finding it. Turning a Source into a Document — reading, size and binary checks,
decoding — is the load step's job, so a bad input becomes a dropped document with a reason
instead of an exception that stops the run.
"""

from __future__ import annotations

import fnmatch
import gzip
import io
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterator, Sequence

from corpusclean._config import CONFIG_FILENAMES, Config
from corpusclean._document import Document
from corpusclean._errors import InputError

SETTINGS_FILE = CONFIG_FILENAMES[0]
"""`.corpusclean.toml` in an input folder configures the run; it is the one dot-file not
recorded as a `hidden` input."""
RECORD_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".parquet")
RESERVED_KEYS = frozenset(
    {"source_path", "sha256", "encoding", "dropped", "dup_of", "language", "script_basis", "step_errors"}
)


@dataclass(frozen=True)
class Source:
    """One input document before decoding.

    Exactly one of `path` (a file read by the load step), `data` (raw bytes), `text` (already
    decoded) or `document` (already through the document steps: a resumed run's journal, handed
    on as it is) is set, unless `error` says why there is nothing to read.
    """

    id: str
    path: str | None = None
    data: bytes | None = None
    text: str | None = None
    error: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    document: Document | None = None


def iter_sources(paths: Sequence[str | Path], config: Config) -> Iterator[Source]:
    """Every input document under `paths`, in a deterministic order.

    Folders are walked recursively in sorted order (`walk_entries`); hidden entries, folders that
    cannot be listed and symbolic links (unless `follow_links`) come out as Sources with an
    `error` giving the reason, so they reach the manifest. `-` reads stdin (JSONL if it parses as such,
    else one text document). Ids are paths relative to the folder given, prefixed by the folder
    name when several sources are given, so they stay unique and stable across runs.
    """
    prefix_ids = len(paths) > 1
    for raw in paths:
        if str(raw) == "-":
            yield from _stdin_sources(config)
            continue
        path = Path(raw)
        prefix = f"{path.name}/" if prefix_ids else ""
        if path.is_dir():
            for entry in walk_entries(path, config):
                if isinstance(entry, Skipped):
                    relative = entry.path.relative_to(path).as_posix() if entry.path != path else path.name
                    where = {"source_path": str(entry.path)}
                    yield Source(id=prefix + relative, error=f"{entry.reason}: {entry.detail}", metadata=where)
                else:
                    yield from _file_sources(entry, prefix + entry.relative_to(path).as_posix(), config)
        elif path.exists():
            yield from _file_sources(path, prefix + path.name if prefix_ids else path.name, config)
        else:
            yield Source(id=str(raw), error=f"not-found: {raw} does not exist")


@dataclass(frozen=True)
class Skipped:
    """An entry of an input folder that is not read, and why: `hidden` (a dot-file or dot-folder),
    `unreadable` (a folder that cannot be listed) or `link-not-followed` (a symbolic link, unless
    `follow_links`; with it, a link that loops back to a folder above it)."""

    path: Path
    reason: str
    detail: str


def walk_entries(root: Path, config: Config) -> Iterator[Path | Skipped]:
    """Every file under `root` to read, and every entry that is not read with its reason, in a
    deterministic order: a folder's files (sorted), then its subfolders (sorted), recursively.

    Files outside the include/exclude globs are left out entirely (the user asked for that);
    everything else is either yielded as a path or as a `Skipped`, so it reaches the manifest.
    """
    yield from _walk(root, root, config, {os.path.realpath(root)})


def _walk(root: Path, folder: Path, config: Config, above: set[str]) -> Iterator[Path | Skipped]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield Skipped(folder, "unreadable", f"cannot list folder {folder}: {error.strerror or error}")
        return
    files: list[os.DirEntry[str]] = []
    folders: list[os.DirEntry[str]] = []
    for entry in entries:
        try:
            is_folder = entry.is_dir(follow_symlinks=config.follow_links)
        except OSError:
            is_folder = False
        (folders if is_folder else files).append(entry)
    for entry in files:
        path = Path(entry.path)
        relative = path.relative_to(root).as_posix()
        if config.include and not _matches(relative, config.include):
            continue
        if config.exclude and _matches(relative, config.exclude):
            continue
        if entry.name == SETTINGS_FILE:
            continue  # the run's own settings file, read as settings, not an input
        if entry.name.startswith("."):
            yield Skipped(path, "hidden", f"{relative} is a hidden file (its name starts with a dot); not read")
        elif entry.is_symlink() and not config.follow_links:
            yield Skipped(path, "link-not-followed", f"{relative} is a symbolic link to {os.readlink(path)}; give --follow-links to read it")
        else:
            yield path
    for entry in folders:
        path = Path(entry.path)
        relative = path.relative_to(root).as_posix()
        if entry.name.startswith("."):
            yield Skipped(path, "hidden", f"{relative}/ is a hidden folder (its name starts with a dot); not read")
            continue
        if entry.is_symlink():
            target = os.path.realpath(path)
            if not config.follow_links:
                yield Skipped(path, "link-not-followed", f"{relative}/ is a symbolic link to {os.readlink(path)}; give --follow-links to read it")
                continue
            if target in above:
                yield Skipped(path, "link-not-followed", f"{relative}/ links back to {target}, a folder it is inside (a loop)")
                continue
        else:
            target = os.path.realpath(path)
        yield from _walk(root, path, config, above | {target})


def walk_folder(root: Path, config: Config) -> list[Path]:
    """Files under `root` to read (see `walk_entries`), sorted; skipped entries left out."""
    return [entry for entry in walk_entries(root, config) if isinstance(entry, Path)]


def _matches(relative: str, patterns: Sequence[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(name, p) for p in patterns)


def is_record_file(path: Path) -> bool:
    """True for files that hold many documents (JSONL, JSONL.gz, Parquet) rather than one."""
    return path.name.lower().endswith(RECORD_SUFFIXES)


def _file_sources(path: Path, source_id: str, config: Config) -> Iterator[Source]:
    if not is_record_file(path):
        yield Source(id=source_id, path=str(path), metadata={"source_path": str(path)})
        return
    try:
        if path.name.lower().endswith(".parquet"):
            yield from _parquet_sources(path, source_id, config)
        else:
            opener = gzip.open if path.name.lower().endswith(".gz") else open
            with opener(path, "rb") as handle:
                yield from _jsonl_sources(handle, source_id, str(path), config)
    except (OSError, EOFError, InputError) as error:
        yield Source(id=source_id, error=f"unreadable: {error}", metadata={"source_path": str(path)})


def _bounded_lines(handle: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """Lines of `handle`, with None in place of any line longer than `limit` bytes.

    An over-long line is skipped in chunks, so one 200 MB line never sits in memory whole.
    """
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = handle.readline(1 << 20)
            yield None
        else:
            yield line


def _jsonl_sources(handle: IO[bytes], prefix: str, origin: str, config: Config) -> Iterator[Source]:
    for number, line in enumerate(_bounded_lines(handle, config.max_bytes), start=1):
        fallback_id = f"{prefix}:{number}"
        where = {"source_path": origin, "line": number}
        if line is None:
            yield Source(id=fallback_id, error=f"too-large: line over {config.max_bytes} bytes", metadata=where)
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            yield Source(id=fallback_id, error=f"bad-record: not valid JSON ({error})", metadata=where)
            continue
        yield _record_source(record, fallback_id, where, config)


def _record_source(record: Any, fallback_id: str, where: dict[str, Any], config: Config) -> Source:
    """A Source from one JSONL/Parquet record; its other fields become metadata."""
    if not isinstance(record, dict):
        return Source(id=fallback_id, error="bad-record: not a JSON object", metadata=where)
    source_id = str(record.get(config.id_field, fallback_id))
    text = record.get(config.text_field)
    metadata = dict(where)
    for key, value in record.items():
        if key in (config.id_field, config.text_field):
            continue
        if key == "metadata" and isinstance(value, dict):
            for inner_key, inner_value in value.items():
                metadata.setdefault(inner_key if inner_key not in RESERVED_KEYS else f"input_{inner_key}", inner_value)
            continue
        metadata[key if key not in RESERVED_KEYS else f"input_{key}"] = value
    if not isinstance(text, str):
        error = f"bad-record: no string field {config.text_field!r} (set text_field to the right one)"
        return Source(id=source_id, error=error, metadata=metadata)
    return Source(id=source_id, text=text, metadata=metadata)


def _parquet_sources(path: Path, prefix: str, config: Config) -> Iterator[Source]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(f"{path}: reading Parquet needs pyarrow: pip install 'corpusclean[parquet]'") from None
    try:
        parquet = pq.ParquetFile(path)
        number = 0
        for batch in parquet.iter_batches(batch_size=1024):
            for record in batch.to_pylist():
                number += 1
                where = {"source_path": str(path), "row": number}
                yield _record_source(record, f"{prefix}:{number}", where, config)
    except Exception as error:  # pyarrow raises many unrelated types for a corrupt file
        raise InputError(f"{path}: not a readable Parquet file ({error})") from None


def _stdin_sources(config: Config) -> Iterator[Source]:
    data = sys.stdin.buffer.read(config.max_bytes + 1)
    if len(data) > config.max_bytes:
        yield Source(id="stdin", error=f"too-large: stdin over {config.max_bytes} bytes")
        return
    first = data.lstrip()[:1]
    if first == b"{":
        records = list(_jsonl_sources(io.BytesIO(data), "stdin", "-", config))
        if records and not any(s.error and s.error.startswith("bad-record: not valid") for s in records):
            yield from records
            return
    yield Source(id="stdin", data=data, metadata={"source_path": "-"})
