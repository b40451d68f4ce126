"""An embedded SQLite index of document signatures, so new files are compared with a corpus
without re-reading it.

The pre-commit check and incremental runs need "is this new text a (near-)copy of something
already in the corpus?" in milliseconds, across process restarts. Re-reading and re-hashing the
corpus each time is what this avoids; keeping a pickled `MinHashLSH` would mean loading (and
rebuilding) all of it on every start. Instead the LSH itself lives in SQLite: besides each
document's key, exact hash and signature blob, the index stores one row per LSH band
(`band hash -> document`) under a B-tree, with datasketch's band/row split for the threshold.
Opening the index is therefore constant time whatever the corpus size, a query is one indexed
`IN` lookup plus a verification of the candidates' full signatures, and memory stays at
SQLite's page cache.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Self

import numpy as np

from corpusclean._dedup.minhash import (
    DEFAULT_THRESHOLD,
    NGRAM,
    NUM_PERM,
    SCHEME,
    SEED,
    SHINGLES,
    Signatures,
    checked_threshold,
    signatures,
    similarity,
)
from corpusclean._errors import ConfigError, OutputError

FORMAT = f"corpusclean-minhash-2 {SCHEME} seed={SEED} ngram={NGRAM} shingles={SHINGLES}"
"""Written into the index; an index built with other shingling or hashing is refused."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    exact INTEGER NOT NULL,
    signature BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_exact ON docs (exact);
CREATE TABLE IF NOT EXISTS bands (
    hash INTEGER NOT NULL,
    doc INTEGER NOT NULL,
    PRIMARY KEY (hash, doc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS bands_doc ON bands (doc);
"""
_M = np.uint64(0xFF51AFD7ED558CCD)


def _signed(values: np.ndarray) -> list[int]:
    """uint64 values as the signed 64-bit integers SQLite stores."""
    return values.astype(np.uint64).view(np.int64).tolist()


def band_hashes(hashvalues: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit hash per LSH band of each signature row, band number mixed in: `(n, bands)`.

    Two signatures share a band hash exactly when (up to 2^-64) they agree on all `rows`
    values of that band — the LSH banding of datasketch's `MinHashLSH`, vectorised.
    """
    banded = hashvalues[:, : bands * rows].reshape(len(hashvalues), bands, rows).astype(np.uint64)
    salt = np.arange(bands * rows, dtype=np.uint64).reshape(1, bands, rows) << np.uint64(32)
    mixed = banded ^ salt
    mixed = (mixed ^ (mixed >> np.uint64(33))) * _M
    mixed = mixed ^ (mixed >> np.uint64(29))
    weights = (np.arange(rows, dtype=np.uint64) * np.uint64(2) + np.uint64(1)) * _M
    return (mixed * weights).sum(axis=2, dtype=np.uint64)


class SignatureIndex:
    """Signatures of a corpus in one SQLite file: add, query, remove by key.

    `threshold` is the similarity from which `query` reports a match; the banding is fixed when
    the file is created (from its threshold then), and a later threshold only changes the
    verification. Keys are whatever identifies a document for the caller (a path relative to
    the corpus, a document id).
    """

    def __init__(self, path: str | Path, *, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.path = Path(path)
        self.threshold = checked_threshold(threshold)
        self.num_perm = num_perm
        try:
            self.connection = sqlite3.connect(self.path)
            self.connection.executescript(_SCHEMA)
        except sqlite3.Error as error:
            raise OutputError(f"cannot open the signature index {self.path}: {error}") from None
        settings = dict(self.connection.execute("SELECT name, value FROM meta"))
        if not settings:
            # imported here, not at the top: datasketch imports scipy (~1.5 s)
            from datasketch import MinHashLSH

            lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
            settings = {"format": FORMAT, "num_perm": str(num_perm), "bands": str(lsh.b), "rows": str(lsh.r)}
            with self.connection:
                self.connection.executemany("INSERT INTO meta VALUES (?, ?)", settings.items())
        if settings["format"] != FORMAT or int(settings["num_perm"]) != num_perm:
            raise ConfigError(f"{self.path} was built by another signature format ({settings['format']}); delete it to rebuild")
        self.bands = int(settings["bands"])
        self.rows = int(settings["rows"])

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the database (every change is already committed)."""
        self.connection.close()

    def __len__(self) -> int:
        return int(self.connection.execute("SELECT COUNT(*) FROM docs").fetchone()[0])

    def __contains__(self, key: object) -> bool:
        return self.connection.execute("SELECT 1 FROM docs WHERE key = ?", (key,)).fetchone() is not None

    def add(self, key: str, text: str) -> None:
        """Index one document under `key` (replacing what the key held before)."""
        self.add_many([(key, text)])

    def add_many(self, items: Iterable[tuple[str, str]]) -> None:
        """Index many `(key, text)` documents, hashed as one batch."""
        pairs = list(items)
        self.add_signatures([key for key, _ in pairs], signatures([text for _, text in pairs]))

    def add_signatures(self, keys: Sequence[str], signed: Signatures) -> None:
        """Index already computed signatures (the dedup step hashes each document only once)."""
        if not keys:
            return
        bands = band_hashes(signed.hashvalues, self.bands, self.rows)
        with self.connection:
            for key in keys:
                self._delete(key)
            for key, exact, row, row_bands in zip(keys, _signed(signed.exact), signed.hashvalues, bands):
                cursor = self.connection.execute(
                    "INSERT INTO docs (key, exact, signature) VALUES (?, ?, ?)", (key, exact, row.tobytes())
                )
                self.connection.executemany(
                    "INSERT OR IGNORE INTO bands VALUES (?, ?)", ((band, cursor.lastrowid) for band in _signed(row_bands))
                )

    def remove(self, key: str) -> None:
        """Forget the document indexed under `key` (nothing happens if there is none)."""
        with self.connection:
            self._delete(key)

    def _delete(self, key: str) -> None:
        found = self.connection.execute("SELECT id FROM docs WHERE key = ?", (key,)).fetchone()
        if found is not None:
            self.connection.execute("DELETE FROM bands WHERE doc = ?", found)
            self.connection.execute("DELETE FROM docs WHERE id = ?", found)

    def query(self, text: str) -> list[tuple[str, float]]:
        """Indexed keys whose estimated similarity to `text` is at least the threshold, best first."""
        signed = signatures([text])
        if not signed.sizes[0]:
            return []
        return self.query_signature(signed.hashvalues[0], int(signed.exact[0]))

    def query_signature(self, hashvalues: np.ndarray, exact: int | None = None) -> list[tuple[str, float]]:
        """`query` for an already computed signature row; an `exact` key equal to an indexed
        document's makes that document a match with similarity 1.0."""
        same = set()
        if exact is not None:
            rows = self.connection.execute("SELECT key FROM docs WHERE exact = ?", _signed(np.array([exact])))
            same = {key for (key,) in rows}
        bands = _signed(band_hashes(hashvalues[None, :], self.bands, self.rows)[0])
        marks = ",".join("?" * len(bands))
        found = self.connection.execute(
            f"SELECT key, signature FROM docs WHERE id IN (SELECT doc FROM bands WHERE hash IN ({marks}))", bands
        ).fetchall()
        if not found:
            return [(key, 1.0) for key in sorted(same)]
        stored = np.frombuffer(b"".join(blob for _, blob in found), dtype=np.uint32).reshape(len(found), -1)
        scores = similarity(hashvalues, stored)
        scored = {key: 1.0 if key in same else float(score) for (key, _), score in zip(found, scores)}
        scored.update(dict.fromkeys(same, 1.0))
        matches = [(key, score) for key, score in scored.items() if score >= self.threshold]
        return sorted(matches, key=lambda match: (-match[1], match[0]))
