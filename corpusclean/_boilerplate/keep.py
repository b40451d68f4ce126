"""The curator's veto: lines the boilerplate and site-repeat steps must keep (`--keep-lines FILE`).

The run report lists the lines these steps removed; the ones a curator ticks are exported to a
file, one per line, and the next run keeps every removal whose text, stripped, is one of them.
The veto applies after the steps have decided, so it changes nothing else they remove. In the
file, blank lines and lines starting with `#` are skipped; a line that itself starts with `#` or
`\\` is written behind a `\\` (the report does this when it exports).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from corpusclean._config import read_user_file
from corpusclean._document import Change
from corpusclean._errors import ConfigError


def read_keep_lines(path: str | Path) -> tuple[str, ...]:
    """The lines of a keep-lines file, stripped, comments and blank lines skipped."""
    kept = []
    for line in read_user_file(path, "keep-lines file"):
        line = line.strip()
        if line and not line.startswith("#"):
            kept.append(line.removeprefix("\\"))
    return tuple(kept)


def keep_set(lines: Sequence[str], files: Sequence[str]) -> frozenset[str]:
    """The `keep` option of the boilerplate and site-repeat steps: `lines` (from the config) and
    the lines of the keep-lines `files`, read before any document (a bad file is a ConfigError)."""
    if isinstance(lines, str):
        raise ConfigError(f"keep must be a list of lines, not one string ({lines[:40]!r})")
    return frozenset([*(str(line).strip() for line in lines), *(line for path in files for line in read_keep_lines(path))])


def spare(text: str, changes: list[Change], keep: Collection[str]) -> list[Change]:
    """`changes` without the removals whose text (stripped) the curator asked to keep."""
    if not keep:
        return changes
    return [change for change in changes if text[change.start : change.end].strip() not in keep]
