"""The public API checks its arguments: a TypeError naming the argument, bytes where they make
sense, duplicate ids refused (#19).

Before: `clean_text(b"…")`/`clean_text(123)` raised AttributeError, `clean_text(None)` gave a
document "not-found", `fix_text(None)` an AttributeError, `detect_language(b"…")` a backwards
TypeError, `clean_documents(["just a string"])` unpacked the string into id 'j' and text 'u',
and duplicate ids were kept both (`find_duplicates` returned `{'a': 'a'}`).
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

import corpusclean
from tests.conftest import NO_STEPS

WRONG_TYPES: list[tuple[str, Callable[[Any], Any], Any, str]] = [
    ("clean_text", corpusclean.clean_text, 123, "'text' must be str or bytes, not int"),
    ("clean_text", corpusclean.clean_text, None, "'text' must be str or bytes, not NoneType"),
    ("clean_file", corpusclean.clean_file, None, "'path' must be str or pathlib.Path, not NoneType"),
    ("fix_text", corpusclean.fix_text, None, "'text' must be str, not NoneType"),
    ("fix_text", corpusclean.fix_text, b"caf\xc3\xa9", "'text' must be str, not bytes"),
    ("fix_and_explain", corpusclean.fix_and_explain, 1.5, "'text' must be str, not float"),
    ("detect_language", corpusclean.detect_language, b"hello", "'text' must be str, not bytes"),
    ("language_scores", corpusclean.language_scores, None, "'text' must be str, not NoneType"),
    ("strip_boilerplate", corpusclean.strip_boilerplate, None, "'text' must be str, not NoneType"),
    ("remove_spam", corpusclean.remove_spam, ["a"], "'text' must be str, not list"),
    ("decode", corpusclean.decode, "already text", "'data' must be bytes, not str"),
    ("find_boilerplate", corpusclean.find_boilerplate, "one string", "'lines' must be a sequence of str"),
    ("find_boilerplate", corpusclean.find_boilerplate, ["ok", 3], "an item, not int"),
    ("find_duplicates", corpusclean.find_duplicates, "ab", "'docs' must be an iterable of (id, text) pairs, not str"),
    ("find_duplicates", corpusclean.find_duplicates, ["just a string"], "item 0 must be an (id: str, text: str) pair, not str"),
    ("duplicate_clusters", corpusclean.duplicate_clusters, [("a", None)], "item 0 must be"),
    ("clean_documents", lambda d: list(corpusclean.clean_documents(d, workers=1)), ["just a string"], "item 0 must be"),
    ("clean_documents", lambda d: corpusclean.clean_documents(d), 5, "'documents' must be an iterable"),
]


@pytest.mark.parametrize(("name", "function", "value", "message"), WRONG_TYPES, ids=[f"{w[0]}-{w[2]!r}" for w in WRONG_TYPES])
def test_wrong_types_raise_a_type_error_naming_the_argument(name: str, function: Callable[[Any], Any], value: Any, message: str) -> None:
    with pytest.raises(TypeError, match=r"^" + name + r"\(\)") as raised:
        function(value)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    "call",
    [
        lambda: list(corpusclean.clean_documents([("a", "one text"), ("a", "another")], workers=1, skip=NO_STEPS)),
        lambda: corpusclean.find_duplicates([("a", "same text here"), ("a", "same text here")]),
        lambda: corpusclean.duplicate_clusters([("a", "x"), ("b", "y"), ("a", "z")]),
    ],
    ids=["clean_documents", "find_duplicates", "duplicate_clusters"],
)
def test_duplicate_ids_are_refused(call: Callable[[], Any]) -> None:
    with pytest.raises(ValueError, match="duplicate id 'a'"):
        call()


@pytest.mark.parametrize(
    ("data", "encoding"),
    [("Grüße aus Köln, schöne Straße".encode("cp1252"), "cp1252"), ("简体中文的句子，用于测试编码。".encode("gb18030"), "gb18030"), (b"plain", "utf-8")],
)
def test_clean_text_decodes_bytes(data: bytes, encoding: str) -> None:
    doc = corpusclean.clean_text(data, skip=NO_STEPS)
    assert doc.metadata["encoding"] == encoding
    assert doc.text == corpusclean.decode(data).text


def test_clean_text_bytes_that_are_not_text_come_back_dropped() -> None:
    assert corpusclean.clean_text(b"\x00\x01\x02" * 100).dropped == "binary"


def test_checked_functions_still_work_and_keep_their_docs() -> None:
    assert corpusclean.fix_text("cafÃ©") == "café"
    assert corpusclean.detect_language("This is an English sentence about the weather.") == "en"
    assert corpusclean.find_duplicates([["a", "x y"], ("b", "z w")]) == {"a": "a", "b": "b"}
    assert "mojibake" in (corpusclean.fix_text.__doc__ or "")
