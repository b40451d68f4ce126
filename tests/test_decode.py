"""decode(): BOMs, UTF-8, BOM-less UTF-16/32, legacy encodings, binary and undecodable input."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusclean._errors import DecodeError, InputError
from corpusclean._io.encoding import Decoded, decode

CLEAN = json.loads(
    (Path(__file__).resolve().parent / "cases" / "negative_mojibake.json").read_text("utf-8")
)


def _text(label: str, count: int = 6) -> str:
    """Several clean real lines of one script joined (decoding needs some text to judge)."""
    return "\n".join(c["text"] for c in CLEAN if c["label"] == f"clean {label}")[: count * 80]


LEGACY = [
    ("zh-Hans", "gbk", "gb18030"),
    ("zh-Hans", "gb18030", "gb18030"),
    ("zh-Hant", "big5", "cp950"),
    ("ja", "shift_jis", "cp932"),
    ("ja", "euc_jp", "euc_jp"),
    ("ko", "euc_kr", "cp949"),
    ("ru", "cp1251", "cp1251"),
    ("ru", "koi8_r", "koi8_r"),
    ("el", "cp1253", None),
    ("el", "iso8859_7", None),
    ("latin", "cp1252", None),
]


@pytest.mark.parametrize(
    ("script", "encoding", "name"), LEGACY, ids=[f"{s}-{e}" for s, e, _ in LEGACY]
)
def test_legacy_encodings_round_trip(script: str, encoding: str, name: str | None) -> None:
    text = _text(script)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        pytest.skip("these lines are not representable in this encoding")
    decoded = decode(data)
    assert decoded.text == text
    if name is not None:
        assert decoded.encoding == name
    assert 0.0 <= decoded.confidence <= 1.0


@pytest.mark.parametrize("script", ["zh-Hans", "ja", "ru", "latin"])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_bomless_utf16_and_utf32(script: str, encoding: str) -> None:
    text = _text(script)
    assert decode(text.encode(encoding)) == Decoded(text, encoding, 0.9)


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_bom_wins_and_is_removed(bom: bytes, encoding: str) -> None:
    decoded = decode(bom + "中文 text".encode(encoding))
    assert decoded.text == "中文 text"
    assert decoded.confidence == 1.0


def test_utf8_fast_path() -> None:
    assert decode("平陰:以環保績效".encode()) == Decoded("平陰:以環保績效", "utf-8", 1.0)
    assert decode(b"") == Decoded("", "utf-8", 1.0)


def test_binary_is_an_input_error() -> None:
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20)


def test_undecodable_is_a_decode_error_with_advice() -> None:
    with pytest.raises(DecodeError, match="convert the file to UTF-8"):
        decode(bytes(range(1, 32)) * 10 + b"\xff\xfe\xfd")


def test_bad_bom_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match="byte-order mark"):
        decode(codecs.BOM_UTF8 + b"\xff\xff")


@settings(derandomize=True, deadline=None, max_examples=200)
@given(st.binary(max_size=300))
def test_property_any_bytes_decode_or_raise_input_error(data: bytes) -> None:
    try:
        decoded = decode(data)
    except InputError:
        return
    assert isinstance(decoded.text, str)


@pytest.mark.parametrize("damage", ["truncated", "stray byte"])
def test_damaged_utf8_stays_utf8(damage: str) -> None:
    data = _text("zh-Hant").encode()
    data = data[:-1] if damage == "truncated" else data[:10] + b"\xff" + data[10:]
    decoded = decode(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text.count("\ufffd") <= 4
    assert decoded.confidence < 1.0
