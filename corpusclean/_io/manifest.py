"""The manifest: one JSON record per input that says what happened to it and why.

A record carries the input's id, path, sha256 and encoding, its language and flags, its status
(`kept`, `changed`, `dropped` with the reason), `dup_of`, the output it went to, and every edit
with the text it removed. That is enough to rebuild each input's decoded text from its output
(`restore_input`), so no cleaning decision is ever unrecoverable.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from corpusclean._document import Document, Edit, reconstruct

PROMOTED_KEYS = ("source_path", "sha256", "encoding", "language", "flags", "dup_of")
_STATUS_KEYS = ("dropped", "drop_detail")


def manifest_record(doc: Document, output: str | None) -> dict[str, Any]:
    """The manifest record of one processed document; `output` is where its text was written."""
    record: dict[str, Any] = {"id": doc.id, "status": doc.status}
    if doc.dropped:
        record["reason"] = doc.dropped
        if "drop_detail" in doc.metadata:
            record["detail"] = doc.metadata["drop_detail"]
    for key in PROMOTED_KEYS:
        if key in doc.metadata:
            record[key] = doc.metadata[key]
    record["output"] = output
    record["edits"] = [edit.to_dict() for edit in doc.edits]
    record["metadata"] = {
        k: v for k, v in doc.metadata.items() if k not in PROMOTED_KEYS and k not in _STATUS_KEYS
    }
    return record


def read_manifest(path: str | Path) -> Iterator[dict[str, Any]]:
    """The records of a manifest.jsonl file."""
    with open(path, encoding="utf-8", errors="surrogatepass") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def restore_input(record: dict[str, Any], output_text: str) -> str:
    """The input's decoded text, rebuilt from its output text and its manifest edits."""
    return reconstruct(output_text, [Edit.from_dict(e) for e in record["edits"]])
