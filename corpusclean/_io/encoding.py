"""Bytes to text: which encoding a file is in, decided by evidence in a fixed order.

1. A byte-order mark is the writer's own declaration, so it wins.
2. Strict UTF-8 (after a NUL check: NULs are valid UTF-8 but mean UTF-16/32 or binary): legacy
   multi-byte text almost never decodes as valid UTF-8 by accident, and most input is UTF-8, so
   this is both the most reliable test and the fast path. UTF-8 with a few bad bytes among many
   valid multi-byte characters (a truncated file, a stray byte) is decoded with U+FFFD.
3. UTF-16/32 without a BOM: only accepted when the decoded text is plausible real text, because
   any even-length byte string decodes as UTF-16.
   NUL-heavy data that is not UTF-16/32 is binary, not text.
4. Legacy encodings: chardet's answers plus a fixed list of the encodings the web actually used
   (GB18030, CP950/Big5-HKSCS, CP932, EUC-JP, CP949, KOI8-R, Windows-125x, ISO-8859-x) are each
   decoded strictly, and the most plausible result under the character-bigram model wins.
   chardet's answers are widened to their supersets (GB2312/GBK → GB18030, Big5 → CP950,
   Shift_JIS → CP932, EUC-KR → CP949, ISO-8859-1 → Windows-1252), which decode everything the
   narrower encoding does plus the characters real files contain anyway. Deciding by
   plausibility rather than by chardet alone is what eval/mojibake/evaluate_decode.py measured to
   be more accurate on short texts (see docs/mojibake.md).
"""

from __future__ import annotations

import codecs
from typing import NamedTuple

import chardet

from corpusclean._errors import DecodeError, InputError
from corpusclean._text.plausibility import score

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
LEGACY = (
    "gb18030",
    "cp950",
    "big5hkscs",
    "cp932",
    "euc_jp",
    "cp949",
    "cp1251",
    "koi8_r",
    "cp1253",
    "iso8859_7",
    "cp1252",
    "cp1250",
    "iso8859_2",
    "cp1254",
    "cp1257",
    "mac_roman",
)
"""Encodings tried for non-UTF data, in order of preference when two decode equally well."""
_SUPERSET = {
    "ascii": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "cp950",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
}
SAMPLE_CHARS = 4000
"""Characters of each candidate decoding that are scored: enough to decide, bounded cost."""
UTF16_MIN_SCORE = -11.0
"""Plausibility a BOM-less UTF-16/32 reading needs (clean text scores about -4 to -8)."""
BINARY_NUL_SHARE = 0.01
DAMAGED_UTF8_SHARE = 0.02
"""Bad bytes per valid multi-byte character up to which UTF-8 counts as damaged, not foreign."""


class Decoded(NamedTuple):
    """Decoded text, the encoding that produced it (a Python codec name) and a 0–1 confidence."""

    text: str
    encoding: str
    confidence: float


def decode(data: bytes) -> Decoded:
    """Decode `data`, choosing its encoding; raise InputError for binary, DecodeError if none fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(encoding.replace("-sig", "")), encoding, 1.0)
            except UnicodeDecodeError as error:
                raise DecodeError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(bad byte at offset {error.start + len(bom)}); re-save the file as UTF-8"
                ) from None
    nuls = data.count(0)
    if nuls:  # UTF-16/32 text and binary data both hold NULs, which are also valid UTF-8
        wide = _decode_wide(data)
        if wide is not None:
            return wide
        if nuls > BINARY_NUL_SHARE * len(data):
            raise InputError(
                f"binary data ({nuls} NUL bytes in {len(data)}), not text; "
                "exclude the file or extract its text first"
            )
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 1.0)
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    wide = _decode_wide(data)  # CJK UTF-16 has few or no NULs
    if wide is not None:
        return wide
    return _decode_legacy(data)


def _damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few bad bytes (a file cut mid-character, a stray byte), decoded with U+FFFD.

    Without this, one truncated character at the end of a UTF-8 file would send the whole file
    to the legacy encodings and garble every line. Legacy double-byte text is almost never mostly
    valid UTF-8, so a handful of bad bytes among many valid multi-byte characters is damage, not
    another encoding.
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    if 0 < bad and multibyte >= 4 * bad and bad <= max(4, DAMAGED_UTF8_SHARE * multibyte):
        return Decoded(text, "utf-8", round(max(0.5, 1.0 - bad / multibyte * 10), 3))
    return None


def _text_like(text: str) -> bool:
    """No C0 controls other than tab/newlines and no private-use or unassigned code points."""
    return not any(
        (ord(ch) < 32 and ch not in "\t\n\r") or 0xE000 <= ord(ch) <= 0xF8FF for ch in text
    )


def _decode_wide(data: bytes) -> Decoded | None:
    """A BOM-less UTF-16/32 reading, if one is valid, text-like and plausible."""
    best: tuple[float, str, str] | None = None
    for encoding, unit in (("utf-16-le", 2), ("utf-16-be", 2), ("utf-32-le", 4), ("utf-32-be", 4)):
        if len(data) % unit:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _text_like(text[:SAMPLE_CHARS]):
            continue
        value = score(text[:SAMPLE_CHARS])
        if value >= UTF16_MIN_SCORE and (best is None or value > best[0]):
            best = (value, encoding, text)
    return None if best is None else Decoded(best[2], best[1], 0.9)


def _candidates(data: bytes) -> list[str]:
    """chardet's answers (widened to supersets) first, then the fixed legacy list."""
    names: list[str] = []
    for guess in chardet.detect_all(data[:65536]):
        name = guess.get("encoding")
        if not name:
            continue
        try:
            codec = codecs.lookup(name).name.replace("-", "_")
        except LookupError:
            continue
        if _ascii_compatible(codec):  # chardet also proposes EBCDIC, which web text never is
            names.append(_SUPERSET.get(codec, codec))
    names.extend(LEGACY)
    return list(dict.fromkeys(names))


def _ascii_compatible(codec: str) -> bool:
    """True if `codec` writes ASCII as ASCII (rules out EBCDIC and UTF-16/32)."""
    try:
        return "Az09 ,.\n".encode(codec) == b"Az09 ,.\n"
    except (UnicodeError, LookupError):
        return False


def _decode_legacy(data: bytes) -> Decoded:
    """The most plausible strict decoding among the candidates, or DecodeError."""
    scored: list[tuple[float, str, str]] = []
    for encoding in _candidates(data):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _text_like(text[:SAMPLE_CHARS]):
            scored.append((score(text[:SAMPLE_CHARS]), encoding, text))
    if not scored:
        raise DecodeError(
            f"{len(data)} bytes are not valid UTF-8, UTF-16/32 or any of {', '.join(LEGACY)}; "
            "convert the file to UTF-8 (e.g. with iconv) or exclude it"
        )
    best = max(scored, key=lambda item: item[0])  # first of equals: chardet's order wins ties
    runner_up = max((s for s, e, t in scored if t != best[2]), default=best[0] - 4.0)
    confidence = min(1.0, 0.5 + (best[0] - runner_up) / 8)
    return Decoded(best[2], best[1], round(confidence, 3))
