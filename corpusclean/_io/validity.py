"""Text that can be written as UTF-8: no NUL and no lone surrogate, each repair an Edit.

Python strings can hold what UTF-8 cannot encode: a lone surrogate (`"\\ud800"` in a JSON
string, a half of a pair cut by a caller) and NUL (`\\u0000` in JSON), which every text tool
and our own reader treat as binary. Such text must not come out as "clean UTF-8", and it must
not vanish silently either, so the repair is made with `splice` like any other step's change:

- a surrogate pair held as two code points (`"\\ud83d\\ude00"`) becomes the one character it
  encodes (`surrogate-pair`);
- any other surrogate becomes U+FFFD (`lone-surrogate`), the character UTF-8 decoders use for
  an unusable unit;
- NUL is removed (`nul`).

The decode step runs this on every input (so `clean_text` reports such text `changed`, not
`kept`), and the writer runs it again as a guard on what the steps produced. `json_line`
writes any JSON record (metadata may hold lone surrogates from a JSONL field) as valid UTF-8.
"""

from __future__ import annotations

import json
import re
from typing import Any

from corpusclean._document import Change, Document, Fixed, splice

_INVALID = re.compile("[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]|\x00")
_SURROGATE = re.compile("[\ud800-\udfff]")


def is_valid_text(text: str) -> bool:
    """True if `text` encodes as UTF-8 and holds no NUL (the fast check, no allocation of edits)."""
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def valid_text(text: str, step: str = "decode") -> Fixed:
    """`text` with NULs removed and surrogates repaired, each change an Edit of `step`."""
    if is_valid_text(text):
        return Fixed(text, [])
    changes = []
    for match in _INVALID.finditer(text):
        found = match.group()
        if found == "\x00":
            changes.append(Change(match.start(), match.end(), "", "nul"))
        elif len(found) == 2:
            pair = found.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
            changes.append(Change(match.start(), match.end(), pair, "surrogate-pair"))
        else:
            changes.append(Change(match.start(), match.end(), "\ufffd", "lone-surrogate"))
    return splice(text, step, changes)


def make_valid(doc: Document, step: str) -> Document:
    """Repair `doc.text` in place (see `valid_text`); a no-op on valid text."""
    if not is_valid_text(doc.text):
        doc.apply(valid_text(doc.text, step))
    return doc


def json_line(record: Any) -> str:
    """One JSON line (no newline) that is valid UTF-8 whatever strings `record` holds.

    `ensure_ascii=False` keeps text readable; a lone surrogate, which it would write raw (and
    which UTF-8 cannot encode), is written as its `\\udXXX` escape instead, which JSON allows and
    `json.loads` reads back as the same string.
    """
    line = json.dumps(record, ensure_ascii=False)
    if line.isascii() or is_valid_text(line):
        return line
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", line)
