"""Big5 as web browsers read it: the `web-big5` codec, registered on import.

Browsers follow the WHATWG Encoding Standard, which decodes every `big5` page with the
Big5-HKSCS table: text that UTF-8 or GBK bytes turned into "Big5" on the web holds HKSCS-only
characters (`⺈ ⻏ ゜ ⅰ ⅲ`, and kana at HKSCS code points) that Windows' cp950 cannot encode, so a
repair that re-encodes with cp950 fails on exactly those lines. `web-big5` is Python's
`big5hkscs` (the Big5-HKSCS table), with cp950's mapping for the few pairs that table leaves
undefined (`A3E1` is `€` on the web too); re-encoding follows the same two tables, so a line a
browser garbled re-encodes to the bytes it was read from. Other browser readings need no codec
of their own: GBK is read as GB18030, Shift-JIS as Windows-31J (cp932) and EUC-KR as
windows-949 (cp949), which is what `_mojibake.crosscodec` already uses.
"""

from __future__ import annotations

import codecs
from functools import cache

NAME = "web-big5"
_BASE, _FALLBACK = "big5hkscs", "cp950"


def _decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
    """Decode `data` as Big5-HKSCS, a pair it leaves undefined as cp950, else as `errors` says."""
    return codecs.decode(bytes(data), _BASE, _handler(errors)), len(data)


def _encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
    """Encode `text` as Big5-HKSCS, a character it lacks as cp950, else as `errors` says."""
    return codecs.encode(text, _BASE, _handler(errors)), len(text)


@cache
def _handler(errors: str) -> str:
    """The name of an error handler that tries cp950 first and then defers to `errors`."""
    name = f"{NAME}-then-{errors}"
    fallback = codecs.lookup_error(errors)

    def handle(error: UnicodeError) -> tuple[str | bytes, int]:
        if isinstance(error, UnicodeDecodeError):
            pair = error.object[error.start : error.start + 2]
            try:
                return pair.decode(_FALLBACK), error.start + len(pair)
            except UnicodeDecodeError:
                return fallback(error)
        if isinstance(error, UnicodeEncodeError):
            try:
                return error.object[error.start : error.end].encode(_FALLBACK), error.end
            except UnicodeEncodeError:
                return fallback(error)
        return fallback(error)

    codecs.register_error(name, handle)
    return name


def _search(name: str) -> codecs.CodecInfo | None:
    """The codec search function: `web-big5` (also spelled `web_big5`)."""
    if name.replace("_", "-") != NAME:
        return None
    return codecs.CodecInfo(_encode, _decode, name=NAME)


codecs.register(_search)
