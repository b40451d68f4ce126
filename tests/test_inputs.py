"""Readers and the load step: every bad input becomes a dropped document with a reason."""

from __future__ import annotations

import builtins
import gzip
import json
from pathlib import Path

import pytest

from corpusclean._config import Config
from corpusclean._io.load import load
from corpusclean._io.readers import Source, iter_sources


def _load_all(paths: list[Path], config: Config = Config()) -> list:
    return [load(source, config) for source in iter_sources(paths, config)]


def test_folder_is_walked_recursively_sorted_with_globs(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", "sub/c.txt", "sub/d.md", ".hidden/e.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    ids = [s.id for s in iter_sources([tmp_path], Config()) if not s.error]
    assert ids == ["a.txt", "b.txt", "sub/c.txt", "sub/d.md"]
    ids = [s.id for s in iter_sources([tmp_path], Config(include=("*.txt",), exclude=("sub/*",))) if not s.error]
    assert ids == ["a.txt", "b.txt"]
    skipped = [(s.id, s.error.split(":")[0]) for s in iter_sources([tmp_path], Config()) if s.error]
    assert skipped == [(".hidden", "hidden")]  # accounted for in the manifest, not read


def test_several_sources_get_prefixed_ids(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text(folder)
    ids = [s.id for s in iter_sources([tmp_path / "x", tmp_path / "y"], Config())]
    assert ids == ["x/same.txt", "y/same.txt"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b" \n\t\n", "empty"),
        (b"\x00\x01\x02\x03" * 50, "binary"),
        (bytes(range(256)) * 8, "binary"),
    ],
    ids=["no-bytes", "white-space", "nul-bytes", "all-bytes"],
)
def test_bad_files_are_dropped_with_a_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(content)
    [doc] = _load_all([path])
    assert doc.dropped == reason
    assert doc.metadata["drop_detail"]
    assert doc.metadata["sha256"]


def test_too_large_file_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 5000)
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda p, *a, **k: pytest.fail("read") if str(p) == str(path) else real_open(p, *a, **k))
    [doc] = _load_all([path], Config(max_bytes=1000))
    assert doc.dropped == "too-large" and "max_bytes=1000" in doc.metadata["drop_detail"]


def test_unreadable_file_is_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("secret")
    real_open = builtins.open

    def deny(p, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(p) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(p, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", deny)
    [doc] = _load_all([path])
    assert doc.dropped == "unreadable" and "Permission denied" in doc.metadata["drop_detail"]


def test_missing_source_is_accounted_for(tmp_path: Path) -> None:
    [doc] = _load_all([tmp_path / "nope.txt"])
    assert doc.dropped == "not-found"


def test_jsonl_records_keep_fields_as_metadata_and_bad_lines_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl.gz"
    lines = [
        json.dumps(
            {
                "id": "a", "content": "hello world", "url": "http://x", "language": "en",
                "step_errors": "x", "script_basis": "none",
            }
        ),
        "{not json",
        json.dumps({"id": "b", "other": 1}),
        "",
        json.dumps(["a list"]),
    ]
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    docs = _load_all([path], Config(text_field="content"))
    assert [d.id for d in docs] == ["a", "docs.jsonl.gz:2", "b", "docs.jsonl.gz:5"]
    assert docs[0].text == "hello world" and docs[0].metadata["url"] == "http://x"
    assert docs[0].metadata["input_language"] == "en"
    # keys the pipeline itself writes are kept apart, so an input cannot fake a failure or a tie
    assert docs[0].metadata["input_step_errors"] == "x" and "step_errors" not in docs[0].metadata
    assert docs[0].metadata["input_script_basis"] == "none" and "script_basis" not in docs[0].metadata
    assert [d.dropped for d in docs] == [None, "bad-record", "bad-record", "bad-record"]


def test_overlong_jsonl_line_is_skipped_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    huge = json.dumps({"id": "huge", "text": "x" * 300_000})
    path.write_text(huge + "\n" + json.dumps({"id": "ok", "text": "fine"}) + "\n")
    docs = _load_all([path], Config(max_bytes=10_000))
    assert [(d.id, d.dropped) for d in docs] == [("big.jsonl:1", "too-large"), ("ok", None)]


def test_parquet_rows_are_documents(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "docs.parquet"
    pq.write_table(pa.table({"id": ["p1", "p2"], "text": ["one", "two"], "lang": ["en", "en"]}), path)
    docs = _load_all([path])
    assert [(d.id, d.text, d.metadata["lang"]) for d in docs] == [("p1", "one", "en"), ("p2", "two", "en")]


def test_corrupt_parquet_is_dropped_not_raised(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "bad.parquet"
    path.write_bytes(b"PAR1 not really")
    [doc] = _load_all([path])
    assert doc.dropped == "unreadable"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-8", "平陰炭素產業集聚區是全國最大的炭素制品生產基地。"),
        ("gb18030", "县长在化工园区污染整顿工作会上发言，强调要巩固整治成果，防止污染反弹。"),
        ("big5", "平陰炭素產業集聚區是全國最大的炭素製品生產基地，擁有規模以上炭素企業八家。"),
        ("utf-16", "Plain English text in UTF-16 with a byte order mark."),
    ],
)
def test_legacy_encodings_are_decoded_and_recorded(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode(encoding))
    [doc] = _load_all([path])
    assert doc.text == text
    assert doc.metadata["encoding"]
    assert text.encode(doc.metadata["encoding"]) == text.encode(encoding) or encoding == "utf-16"


def test_text_source_needs_no_decoding() -> None:
    doc = load(Source(id="t", text="already text"), Config())
    assert doc.text == "already text" and doc.metadata["encoding"] == "utf-8"


from hypothesis import given, settings
from hypothesis import strategies as st


@settings(derandomize=True, deadline=None, max_examples=200)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_document_never_an_exception(data: bytes) -> None:
    doc = load(Source(id="x", data=data), Config())
    assert doc.dropped in (None, "empty", "binary", "undecodable")
    assert (doc.dropped is None) == bool(doc.text.strip())
