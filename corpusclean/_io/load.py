"""The decode step: turn a Source into a Document, or into a dropped Document that says why.

This is the only place input bytes are read. Every way an input can be unusable — missing,
unreadable, too large, empty, binary, undecodable, a malformed record — ends here as a dropped
Document with a short reason code and a message a user can act on, so one bad file never stops
a run and never disappears from the manifest. Text that UTF-8 cannot hold (NUL, lone
surrogates) is repaired here with an Edit of the `decode` step (`_io/validity.py`).
"""

from __future__ import annotations

import hashlib
import os

from corpusclean._config import Config
from corpusclean._document import Document
from corpusclean._errors import DecodeError, InputError
from corpusclean._io.encoding import decode
from corpusclean._io.readers import Source
from corpusclean._io.validity import make_valid

DROP_REASONS = (
    "not-found", "unreadable", "too-large", "empty", "binary", "undecodable", "bad-record", "hidden", "link-not-followed"
)


def load(source: Source, config: Config) -> Document:
    """Read and decode one source; a failure gives a dropped Document, never an exception."""
    if source.document is not None:
        return source.document
    metadata = dict(source.metadata)
    if source.error:
        reason, _, detail = source.error.partition(": ")
        return _dropped(source.id, metadata, reason, detail or source.error)
    if source.text is not None:
        metadata.setdefault("sha256", hashlib.sha256(source.text.encode("utf-8", "surrogatepass")).hexdigest())
        metadata.setdefault("encoding", "utf-8")
        if not source.text.strip():
            return _dropped(source.id, metadata, "empty", "the text field is empty or only white space")
        return _usable(source.id, source.text, metadata)
    try:
        data = source.data if source.data is not None else _read(source.path or "", config)
    except InputError as error:
        reason, _, detail = str(error).partition(": ")
        return _dropped(source.id, metadata, reason, detail)
    metadata["sha256"] = hashlib.sha256(data).hexdigest()
    metadata["bytes"] = len(data)
    if not data.strip():
        return _dropped(source.id, metadata, "empty", "the file is empty or only white space")
    try:
        decoded = decode(data)
    except DecodeError as error:
        # undecodable bytes that also hold NULs are a binary file, not text in an odd encoding
        reason = "binary" if b"\0" in data[:65536] else "undecodable"
        return _dropped(source.id, metadata, reason, str(error))
    except InputError as error:
        return _dropped(source.id, metadata, "binary", str(error))
    metadata["encoding"] = decoded.encoding
    metadata["encoding_confidence"] = round(float(decoded.confidence), 3)
    if not decoded.text.strip():
        return _dropped(source.id, metadata, "empty", "no text after decoding")
    return _usable(source.id, decoded.text, metadata)


def _usable(doc_id: str, text: str, metadata: dict) -> Document:
    """The decoded document with NULs and surrogates repaired (edits of `decode`), or a dropped
    one if nothing but white space is left after the repair."""
    doc = make_valid(Document(doc_id, text, metadata), "decode")
    if not doc.text.strip():
        return _dropped(doc_id, metadata, "empty", "only NUL characters or white space")
    return doc


def _read(path: str, config: Config) -> bytes:
    """The file's bytes; raises InputError("reason: message") for every failure."""
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        raise InputError(f"not-found: {path} does not exist") from None
    except OSError as error:
        raise InputError(f"unreadable: cannot stat {path}: {error.strerror}") from None
    if size > config.max_bytes:
        raise InputError(
            f"too-large: {size} bytes is over max_bytes={config.max_bytes}; raise max_bytes to read it"
        )
    try:
        with open(path, "rb") as handle:
            return handle.read(config.max_bytes + 1)
    except IsADirectoryError:
        raise InputError(f"unreadable: {path} is a directory") from None
    except OSError as error:
        raise InputError(f"unreadable: cannot read {path}: {error.strerror}") from None


def _dropped(doc_id: str, metadata: dict, reason: str, detail: str) -> Document:
    """A document kept in the stream only to account for an input that could not be used."""
    return Document(doc_id, "", metadata).drop(reason if reason in DROP_REASONS else "unreadable", detail.strip())
