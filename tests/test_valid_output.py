"""Output is always valid UTF-8 with no NUL and no lone surrogate; each repair is an Edit (#19).

Before: a JSONL `"\\ud800"` was written as the bytes ED A0 80 (`surrogatepass`), so
documents.jsonl did not read back as UTF-8; a JSON `\\u0000` was written raw; and `clean_text`
reported such text `kept`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpusclean import clean_text
from corpusclean._clean import clean_paths
from corpusclean._config import Config
from corpusclean._document import Document
from corpusclean._io.manifest import read_manifest, restore_input
from corpusclean._io.validity import is_valid_text, json_line, valid_text
from corpusclean._io.writers import OutputWriter
from tests.conftest import NO_STEPS

BAD_TEXTS = {
    "lone high surrogate": "before \ud800 after",
    "lone low surrogate": "before \udc00 after",
    "NUL": "before \x00 after",
    "pair as two code points": "smile \ud83d\ude00 here",
    "all at once": "\x00a\udfff\ud83d\ude00\x00\ud800",
}


def _strict_lines(path: Path) -> list[dict]:
    data = path.read_bytes()
    text = data.decode("utf-8")  # strict: raises on surrogates written with surrogatepass
    assert "\x00" not in text
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("text", BAD_TEXTS.values(), ids=BAD_TEXTS.keys())
def test_clean_text_repairs_invalid_text_with_decode_edits(text: str) -> None:
    doc = clean_text(text, skip=NO_STEPS)
    assert doc.status == "changed"
    assert is_valid_text(doc.text)
    assert {e.step for e in doc.edits} == {"decode"}
    assert {e.reason for e in doc.edits} <= {"nul", "lone-surrogate", "surrogate-pair"}
    record = {"edits": [e.to_dict() for e in doc.edits]}
    assert restore_input(record, doc.text) == text


def test_repairs_are_what_a_reader_expects() -> None:
    assert valid_text("a\x00b\ud800c\ud83d\ude00").text == "ab\ufffdc\U0001f600"
    assert valid_text("clean 中文 text").edits == []


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_jsonl_surrogate_and_nul_come_out_as_valid_utf8(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "s", "text": "one \\ud800 two", "title": "t \\udc01"}\n'
        '{"id": "n", "text": "three \\u0000 four"}\n'
        '{"id": "z", "text": "\\u0000\\u0000"}\n',
        encoding="ascii",
    )
    out = tmp_path / "out"
    clean_paths([source], out, Config(workers=1, format=fmt, skip=NO_STEPS))
    records = _strict_lines(out / "manifest.jsonl")
    assert [r["status"] for r in records] == ["changed", "changed", "dropped"]
    assert records[2]["reason"] == "empty"
    assert records[0]["metadata"]["title"] == "t \udc01"  # metadata kept as given, escaped in JSON
    texts = {}
    if fmt == "jsonl":
        texts = {r["id"]: r["text"] for r in _strict_lines(out / "documents.jsonl")}
    else:
        texts = {r["id"]: (out / r["output"]).read_bytes().decode("utf-8") for r in records if r["output"]}
    assert texts == {"s": "one \ufffd two", "n": "three  four"}
    assert restore_input(records[0], texts["s"]) == "one \ud800 two"
    assert [r["edits"][0]["reason"] for r in records[:2]] == ["lone-surrogate", "nul"]


def test_a_file_with_a_few_nuls_is_repaired_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"A sentence long enough to be text. " * 10 + b"\x00end")
    out = tmp_path / "out"
    clean_paths([path], out, Config(workers=1, skip=NO_STEPS))
    [record] = _strict_lines(out / "manifest.jsonl")
    assert record["status"] == "changed" and record["edits"][0]["reason"] == "nul"
    assert b"\x00" not in (out / "a.txt").read_bytes()


def test_writer_guards_text_a_step_made_invalid(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path, "jsonl")
    writer.write(Document("x", "bad \ud800", {"note": "\udfff"}))
    writer.close()
    [document] = _strict_lines(tmp_path / "documents.jsonl")
    [record] = list(read_manifest(tmp_path / "manifest.jsonl"))
    assert document["text"] == "bad \ufffd" and document["metadata"]["note"] == "\udfff"
    assert record["edits"][0]["step"] == "write"


def test_json_line_is_ascii_free_where_it_can_be() -> None:
    assert json_line({"t": "中文\ud800"}) == '{"t": "中文\\ud800"}'
    assert json.loads(json_line({"t": "中文\ud800"})) == {"t": "中文\ud800"}
