"""Writers: atomic files, safe paths, output never inside the input, manifest replays inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpusclean import Change, Document, OutputError, splice
from corpusclean._io.manifest import read_manifest, restore_input
from corpusclean._io.writers import (
    OutputWriter,
    check_output_location,
    safe_relative_path,
)


@pytest.mark.parametrize(
    ("doc_id", "expected"),
    [
        ("a.txt", "a.txt"),
        ("sub/b.md", "sub/b.md.txt"),
        ("../../etc/passwd", "_/_/etc/passwd.txt"),
        ("/abs/path.txt", "abs/path.txt"),
        ("x.jsonl:3", "x.jsonl_3.txt"),
        ("", "_.txt"),
        ("..", "_.txt"),
        ("a\\..\\b", "a/_/b.txt"),
    ],
)
def test_ids_never_escape_the_output_folder(doc_id: str, expected: str) -> None:
    assert safe_relative_path(doc_id).as_posix() == expected


def test_output_inside_input_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="inside input"):
        check_output_location(tmp_path / "out", [tmp_path])
    check_output_location(tmp_path / "out", [tmp_path / "in"])


def test_writer_publishes_atomically_and_manifest_restores_input(tmp_path: Path) -> None:
    original = "Title\nCopyright © 2011\nBody.\n"
    fixed = splice(original, "boilerplate", [Change(6, 23, "", "copyright")])
    kept = Document("a/b.txt", fixed.text, {"sha256": "x"}, fixed.edits)
    dropped = Document("c.txt", "", {"dropped": "binary", "drop_detail": "NUL bytes"})
    clash = Document("a/b", "other", {})
    writer = OutputWriter(tmp_path)
    assert [writer.write(d) for d in (kept, dropped, clash)] == ["a/b.txt", None, "a/b~2.txt"]
    assert not (tmp_path / "manifest.jsonl").exists()
    writer.close()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "b.txt", "b~2.txt", "manifest.jsonl"]
    records = list(read_manifest(tmp_path / "manifest.jsonl"))
    assert [r["status"] for r in records] == ["changed", "dropped", "kept"]
    assert records[1]["reason"] == "binary" and records[1]["detail"] == "NUL bytes"
    assert restore_input(records[0], (tmp_path / "a/b.txt").read_text()) == original


def test_jsonl_format_writes_one_documents_file(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path, "jsonl")
    writer.write(Document("x", "text", {"language": "en"}))
    writer.close()
    [record] = [json.loads(l) for l in (tmp_path / "documents.jsonl").read_text().splitlines()]
    assert record == {"id": "x", "text": "text", "metadata": {"language": "en"}}


def test_abort_leaves_no_temporary_files(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path, "jsonl")
    writer.abort()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("doc_id", ["link/a.txt", "link/deeper/b.txt"])
def test_a_symbolic_link_inside_the_output_folder_cannot_lead_a_document_out(tmp_path: Path, doc_id: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(outside, target_is_directory=True)
    writer = OutputWriter(out)
    with pytest.raises(OutputError, match="outside"):
        writer.write(Document(doc_id, "text", {}))
    writer.abort()
    assert not any(outside.rglob("*.txt"))
