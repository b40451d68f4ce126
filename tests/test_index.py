"""The SQLite signature index: add, query, remove, and everything surviving a re-open."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from opencc import OpenCC

from corpusclean._dedup.index import SignatureIndex
from corpusclean._errors import ConfigError

FIXTURES = Path(__file__).parent / "fixtures" / "dedup"
DOCS = {row["id"]: row for row in map(json.loads, (FIXTURES / "docs.jsonl").read_text(encoding="utf-8").splitlines())}
NEWS = DOCS["ntrex-eng-nytimes.184853"]["text"]
OTHER_NEWS = DOCS["ntrex-eng-abcnews.306815"]["text"]
HANT = DOCS["drcd-1147-5"]["text"]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    with SignatureIndex(tmp_path / "index.sqlite") as index:
        index.add("news.txt", NEWS)
        index.add_many([("other.txt", OTHER_NEWS), ("hant.txt", HANT)])
    return tmp_path / "index.sqlite"


def test_round_trip_across_a_reopen(path: Path) -> None:
    with SignatureIndex(path) as index:
        assert len(index) == 3
        assert "news.txt" in index and "missing.txt" not in index
        assert index.query(NEWS) == [("news.txt", 1.0)]
        near = index.query(NEWS.replace("Harlem", "Brooklyn", 1) + "\nShare this story")
        assert [key for key, _ in near] == ["news.txt"] and 0.5 < near[0][1] < 1.0
        assert index.query("An unrelated sentence about the weather in Oslo.") == []


def test_cross_script_copy_is_an_exact_match(path: Path) -> None:
    with SignatureIndex(path) as index:
        assert index.query(OpenCC("t2s").convert(HANT)) == [("hant.txt", 1.0)]


def test_remove_and_replace(path: Path) -> None:
    with SignatureIndex(path) as index:
        index.remove("news.txt")
        index.remove("never-added.txt")
        index.add("other.txt", NEWS)  # the key now holds another text
    with SignatureIndex(path) as index:
        assert len(index) == 2 and "news.txt" not in index
        assert index.query(NEWS) == [("other.txt", 1.0)]
        assert index.query(OTHER_NEWS) == []
        bands = index.connection.execute("SELECT COUNT(*) FROM bands").fetchone()[0]
        assert bands == 2 * index.bands  # no band rows left behind by removed or replaced documents


def test_empty_text_matches_nothing(path: Path) -> None:
    with SignatureIndex(path) as index:
        assert index.query("") == [] and index.query("……!!") == []


def test_a_later_threshold_only_changes_verification(path: Path) -> None:
    edited = "\n".join(NEWS.split("\n")[:-3]) + "\nShare this story"
    with SignatureIndex(path, threshold=0.99) as index:
        assert index.query(edited) == []
        assert index.query(NEWS) == [("news.txt", 1.0)]


def test_index_of_another_format_is_refused(path: Path) -> None:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE meta SET value = 'something-else' WHERE name = 'format'")
    connection.close()
    with pytest.raises(ConfigError, match="another signature format"):
        SignatureIndex(path)
