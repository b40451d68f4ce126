"""Which copy of a duplicate cluster the dedup step keeps, and the reason it records (#19).

The original must survive its copies: a UTF-8 file is kept over the same text decoded from a
legacy encoding, over a mojibake copy that the repair step had to fix (even when the repair
leaves it a few characters longer), and over `copy_1.txt`-style copies; each dropped copy's
`metadata["kept_because"]` says which criterion decided. Texts are real
(tests/fixtures/dedup/docs.jsonl, see ATTRIBUTION.md); the garbled copies are made here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpusclean._dedup.clusters import Deduplicator
from corpusclean._document import Document, Edit
from corpusclean.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "dedup"
DOCS = {row["id"]: row for row in map(json.loads, (FIXTURES / "docs.jsonl").read_text(encoding="utf-8").splitlines())}
ARTICLE = DOCS["xquad-zh-0-0"]["text"]
GARBLED = ARTICLE.encode("gb18030").decode("latin-1")
"""The article's GB18030 bytes read as Latin-1: mojibake the repair step undoes."""
REPAIR = Edit("repair", "mojibake:gbk/cp1252", 0, 10, GARBLED[:10], ARTICLE[:4])


Spec = tuple[str, str, dict]
"""A document: its id (also its source path), text and metadata; `edits` in the metadata are
the edits earlier steps made."""


def _doc(spec: Spec) -> Document:
    doc_id, text, metadata = spec
    metadata = {"source_path": doc_id, **metadata}
    doc = Document(doc_id, text, metadata)
    doc.edits.extend(metadata.pop("edits", []))
    return doc


# (original, copy, expected phrase of kept_because); in every case today's tie-breaks (length,
# then path: the copy's path sorts first) would keep the copy
CASES = {
    "UTF-8 original over its GB18030-decoded copy": (
        ("site/news.txt", ARTICLE, {"encoding": "utf-8"}),
        ("mirror/news.txt", ARTICLE, {"encoding": "gb18030"}),
        "decoded without a fallback encoding (utf-8; this copy: gb18030)",
    ),
    "original over a longer mojibake-repaired copy": (
        ("site/news.txt", ARTICLE, {"encoding": "utf-8"}),
        ("mirror/news.txt", ARTICLE + "Ã", {"encoding": "utf-8", "edits": [REPAIR]}),
        "fewer decoding repairs (0 against 1)",
    ),
    "original over copy_1.txt": (
        ("news.txt", ARTICLE, {"encoding": "utf-8"}),
        ("copy_1.txt", ARTICLE, {"encoding": "utf-8"}),
        "not named as a copy (copy_1.txt is)",
    ),
    "original over 'news (1).txt'": (
        ("dl/news.txt", ARTICLE, {"encoding": "utf-8"}),
        ("dl/news (1).txt", ARTICLE, {"encoding": "utf-8"}),
        "not named as a copy (news (1).txt is)",
    ),
    "higher quality score when all else ties": (
        ("b.txt", ARTICLE, {"quality": {"score": 0.9}}),
        ("a.txt", ARTICLE, {"quality": {"score": 0.4}}),
        "higher quality score (0.900 against 0.400)",
    ),
}


@pytest.mark.parametrize("label", CASES)
def test_the_original_is_kept_and_the_record_says_why(label: str) -> None:
    original_spec, copy_spec, because = CASES[label]
    original, copy = _doc(original_spec), _doc(copy_spec)
    step = Deduplicator()
    step.fit([copy, original])
    copy, original = step.apply(copy), step.apply(original)
    assert original.dropped is None and "kept_because" not in original.metadata
    assert copy.dropped == "duplicate" and copy.metadata["dup_of"] == original.id
    assert copy.metadata["kept_because"] == because


@pytest.mark.parametrize(
    ("keep", "because"),
    [("first", "first in input order"), ("longest", "longer (431 against 430 characters)")],
)
def test_other_policies_record_their_reason(keep: str, because: str) -> None:
    docs = [_doc(("a", ARTICLE + "!", {})), _doc(("b", ARTICLE, {}))]
    step = Deduplicator(keep=keep)
    step.fit(docs)
    assert step.apply(docs[1]).metadata["kept_because"] == because


@pytest.mark.integration
def test_clean_keeps_the_utf8_original_over_legacy_mojibake_and_named_copies(tmp_path: Path) -> None:
    """End to end: decoding, repair and dedup as a user runs them on a folder."""
    source = tmp_path / "in"
    (source / "mirror").mkdir(parents=True)
    (source / "news.txt").write_text(ARTICLE, encoding="utf-8")
    (source / "copy_1.txt").write_text(ARTICLE, encoding="utf-8")
    (source / "mirror" / "news.txt").write_bytes(ARTICLE.encode("gb18030"))
    (source / "mirror" / "news-garbled.txt").write_text(GARBLED, encoding="utf-8")
    assert main(["clean", str(source), "-o", str(tmp_path / "out"), "--workers", "1", "-q"]) == 0
    records = {Path(r["source_path"]).relative_to(source).as_posix(): r for r in map(json.loads, (tmp_path / "out" / "manifest.jsonl").read_text(encoding="utf-8").splitlines())}
    assert records["news.txt"]["status"] != "dropped"
    copies = {name: record["metadata"]["kept_because"] for name, record in records.items() if name != "news.txt"}
    assert all(records[name]["dup_of"] == records["news.txt"]["id"] for name in copies)
    assert copies == {
        "copy_1.txt": "not named as a copy (copy_1.txt is)",
        "mirror/news.txt": "decoded without a fallback encoding (utf-8; this copy: gb18030)",
        "mirror/news-garbled.txt": copies["mirror/news-garbled.txt"],
    }
    assert copies["mirror/news-garbled.txt"].startswith("fewer decoding repairs (0 against ")
