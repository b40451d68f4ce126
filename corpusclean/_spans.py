"""Spans of text to remove: whole lines, and pieces of a line that must not overlap.

Steps that remove text describe it as `Change`s on the text they were given. Two shapes recur:
whole lines (boilerplate, site-repeated lines), where the blank lines and final newline around
them must come out right, and pieces inside a line (spam phrases, titles), where two removals
must never claim the same character and a removed word takes one of its spaces with it.
"""

from __future__ import annotations

from typing import Sequence

from corpusclean._document import Change


def line_removals(lines: Sequence[str], reasons: Sequence[str | None]) -> list[Change]:
    """Changes removing each line (`splitlines(keepends=True)`) that has a reason, newline included.

    The text left must read as it did: a blank line that separated a removed line from the next
    goes with it (no doubled blank lines), and a removed last line without a newline takes the
    newline before it (the text does not gain a final newline it never had).
    """
    changes: list[Change] = []
    offset = 0
    blank_before = True  # the kept text so far ends with a blank line (or is empty)
    for line, reason in zip(lines, reasons):
        if reason is not None:
            changes.append(Change(offset, offset + len(line), "", reason))
        elif not line.strip() and blank_before and changes and changes[-1].end == offset:
            changes[-1] = changes[-1]._replace(end=offset + len(line))
        else:
            blank_before = not line.strip()
        offset += len(line)
    if changes and changes[-1].end == offset and not lines[-1].endswith(("\n", "\r")):
        last = changes[-1]
        kept_before = last.start > 0 and (len(changes) < 2 or changes[-2].end < last.start)
        text_before = "".join(lines)[: last.start]
        if kept_before and text_before.endswith("\n"):
            changes[-1] = last._replace(start=last.start - (2 if text_before.endswith("\r\n") else 1))
    return changes


def claim(text: str, taken: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The span to remove for `text[start:end]` given the spans already `taken`: widened by one
    space (`widen_to_space`) unless another removal has that space, None if the copy itself
    overlaps one (two repeats, each widened towards the space between them, would otherwise
    claim it twice and the edits could not be applied)."""
    if not free((start, end), taken):
        return None
    wide = widen_to_space(text, start, end)
    return wide if free(wide, taken) else (start, end)


def free(span: tuple[int, int], taken: Sequence[tuple[int, int]]) -> bool:
    """Whether `span` overlaps none of the spans `taken`."""
    return not any(span[0] < end and start < span[1] for start, end in taken)


def widen_to_space(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a removal by one space when it sits between two spaces (or a space and line end)."""
    if end < len(text) and text[end] == " " and (start == 0 or text[start - 1] in " \n"):
        return start, end + 1
    if start > 0 and text[start - 1] == " " and (end == len(text) or text[end] in " \n.,;:!?"):
        return start - 1, end
    return start, end


def neighbour(text: str, index: int, step: int) -> str:
    """The nearest non-space character from `index` in direction `step` ('\\n' at the ends, or
    the line break itself): what stands beside a span on its line, found without reading the
    line whole."""
    while 0 <= index < len(text):
        ch = text[index]
        if ch == "\n" or not ch.isspace():
            return ch
        index += step
    return "\n"
