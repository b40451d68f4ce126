"""What the fuzzer checks on each input, kept free of atheris so that the regression test
(`tests/test_fuzz_cases.py`) replays saved inputs without it.

`one_input(data)` feeds raw bytes to three targets:

1. `decode(data)` must return text or raise `InputError` (binary / undecodable), nothing else;
2. `fix_text(text)` must return a `str`;
3. `clean_text(text)` and `clean_text(data)` (bytes: the decode step) must return a Document
   whose text is valid UTF-8 with no NUL, whose edits replay to the input (`reconstruct`), and
   on which no step failed (`step_errors`: the pipeline catches a step's exception and goes on,
   so without this check a crashing step would look like a pass).

`text` is the decoded text, or, when `decode` refuses the bytes, the bytes read as UTF-8 with
lone surrogates let through (`surrogatepass`), so the harness also reaches text no decoder
would produce.
"""

from __future__ import annotations

from corpusclean import Document, clean_text, decode, fix_text, reconstruct
from corpusclean._errors import InputError

MAX_CHARS = 8192
"""Inputs are cut to this many characters: libFuzzer's -max_len bounds bytes, not work."""


def check_document(doc: Document, text: str | None) -> None:
    """The invariants every cleaned document must hold (AssertionError otherwise)."""
    assert not doc.metadata.get("step_errors"), doc.metadata["step_errors"]
    if doc.dropped:
        return
    assert "\x00" not in doc.text, "NUL in output"
    doc.text.encode("utf-8")  # raises on a lone surrogate
    if text is not None:
        assert reconstruct(doc.text, doc.edits) == text, "edits do not replay to the input"


def one_input(data: bytes) -> None:
    """Run every target on `data`; any exception other than the documented ones is a crash."""
    try:
        text = decode(data).text
    except InputError:
        try:
            text = data.decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            text = data.decode("utf-8", "replace")
    assert isinstance(text, str)
    text = text[:MAX_CHARS]
    assert isinstance(fix_text(text), str)
    check_document(clean_text(text), text)
    check_document(clean_text(data[: MAX_CHARS * 4]), None)
