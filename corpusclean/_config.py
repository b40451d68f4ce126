"""One frozen Config for a run, read from flags, a TOML file and defaults, in that order of priority.

Settings live in `[tool.corpusclean]` of the nearest pyproject.toml, or at the top level of a
`.corpusclean.toml` (or any file given with `--config`). Unknown keys are an error rather than a
silent no-op, the way black and ruff treat theirs: a misspelt threshold that is ignored would let
bad text through unnoticed. Options for one step go in a sub-table named after the step, e.g.

    [tool.corpusclean]
    min_quality = 0.4
    [tool.corpusclean.steps.dedup]
    threshold = 0.8
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

from corpusclean._errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib

CONFIG_FILENAMES = (".corpusclean.toml", "pyproject.toml")
FORMATS = ("txt", "jsonl")
ENGINES = ("local", "ray")



def read_user_file(path: str | Path, kind: str) -> list[str]:
    """The lines of a list file the user names in the settings (a spam lexicon, keep-lines),
    read as UTF-8 with or without a BOM; a missing or unreadable file is a ConfigError naming
    `kind` and `path`, raised before any document is read."""
    try:
        return Path(path).read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise ConfigError(f"{kind} {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{kind} {path}: cannot be read as UTF-8 text ({error})") from None

@dataclass(frozen=True)
class Config:
    """Every setting of a run. Build with `Config(...)`, `load_config(...)` or `config.with_(...)`."""

    workers: int = 0
    """Worker processes for per-document steps; 0 means one per core."""
    format: str = "txt"
    """Output format: a mirrored folder of `.txt` files, or one `documents.jsonl`."""
    skip: tuple[str, ...] = ()
    """Steps to leave out of the default pipeline."""
    only: tuple[str, ...] = ()
    """If set, run only these steps (decoding always happens)."""
    include: tuple[str, ...] = ()
    """Glob patterns (relative to each source folder) a file must match to be read."""
    exclude: tuple[str, ...] = ()
    """Glob patterns of files to leave unread."""
    follow_links: bool = False
    """Read symbolic links found inside input folders (loops are refused); off by default, so a
    link out of the tree is never read by accident: it is recorded as `link-not-followed`."""
    text_field: str = "text"
    """JSONL/Parquet field holding the text; all other fields are kept as metadata."""
    id_field: str = "id"
    """JSONL/Parquet field holding the document id (line number when absent)."""
    max_bytes: int = 8 * 1024 * 1024
    """Inputs larger than this are dropped as `too-large` without being read into memory. 8 MiB is
    8x the 1 MiB at which Common Crawl truncates a record, and costs about 20-40 CPU-s through every
    step at the measured 2.5-5 s per MB (docs/reliability.md); 64 MiB let one minified file stall
    a run for hours."""
    step_time_limit: float | None = 30.0
    """CPU-seconds a document step may spend on one document; past it the step is skipped for
    that document and recorded in `skipped_steps` (`_budget.py`). None: no limit."""
    min_quality: float | None = None
    """Drop documents whose quality score is below this (off by default)."""
    allowed_languages: tuple[str, ...] = ()
    """For `check`: languages a document may have; empty means any."""
    corpus_root: str | None = None
    """For `check`: the corpus folder new files are compared against for duplicates."""
    spam_lexicon: tuple[str, ...] = ()
    """Files of the user's own spam phrases (one per line, `#` comments), added to the spam
    step's shipped lexicon: the phrases a site is known to paste."""
    keep_lines: tuple[str, ...] = ()
    """Files of lines the boilerplate and site-repeat steps must keep (one per line, `#`
    comments): the removals a curator vetoed in the run report (`_boilerplate/keep.py`)."""
    warnings: tuple[str, ...] = ()
    """For `check`: steps or `step/reason` codes reported but not failing the check."""
    steps: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Per-step keyword options, validated against each step's fixer signature."""
    engine: str = "local"
    """Where the steps run: `local` (worker processes on this machine) or `ray` (a Ray cluster;
    needs the `ray` extra). Both give the same output."""
    address: str | None = None
    """For `engine = "ray"`: the address of a running Ray cluster (`ray start --head` prints
    it); unset, a local Ray is started for the run."""

    def with_(self, **changes: Any) -> Config:
        """A copy with `changes` applied (None values are ignored, so unset flags keep the file's)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ConfigError(f"format must be one of {', '.join(FORMATS)}, not {self.format!r}")
        if self.engine not in ENGINES:
            raise ConfigError(f"engine must be one of {', '.join(ENGINES)}, not {self.engine!r}")
        if self.address is not None and self.engine != "ray":
            raise ConfigError(f"address {self.address!r} is for engine = \"ray\"; this run's engine is {self.engine!r}")
        if self.workers < 0:
            raise ConfigError(f"workers must be 0 (one per core) or more, not {self.workers}")
        if self.max_bytes <= 0:
            raise ConfigError(f"max_bytes must be positive, not {self.max_bytes}")
        if self.step_time_limit is not None and not self.step_time_limit > 0:
            raise ConfigError(f"step_time_limit must be a positive number of seconds, not {self.step_time_limit}")
        if self.min_quality is not None and not 0 <= self.min_quality <= 1:
            raise ConfigError(f"min_quality must lie in [0, 1], not {self.min_quality}")


_FIELD_TYPES = {f.name: f.type for f in fields(Config)}


def config_from_mapping(table: Mapping[str, Any], origin: str = "config") -> Config:
    """Build a Config from a TOML table, rejecting unknown keys with the list of known ones."""
    unknown = sorted(set(table) - set(_FIELD_TYPES))
    if unknown:
        known = ", ".join(sorted(_FIELD_TYPES))
        raise ConfigError(f"{origin}: unknown setting(s) {', '.join(unknown)}; known: {known}")
    values: dict[str, Any] = {}
    for key, value in table.items():
        if "tuple" in str(_FIELD_TYPES[key]):
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list):
                raise ConfigError(f"{origin}: {key} must be a list of strings")
            value = tuple(str(v) for v in value)
        elif key == "steps":
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                raise ConfigError(f"{origin}: steps must be a table of tables, one per step")
        values[key] = value
    try:
        return Config(**values)
    except TypeError as error:
        raise ConfigError(f"{origin}: {error}") from None


def find_config_file(start: Path) -> Path | None:
    """The nearest `.corpusclean.toml`, or pyproject.toml with a [tool.corpusclean] table."""
    for folder in [start, *start.parents]:
        for name in CONFIG_FILENAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return "corpusclean" in _read_toml(path).get("tool", {})
    except ConfigError:
        return False


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"cannot read config file {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from None


def load_config(path: str | Path | None = None, start: str | Path = ".") -> Config:
    """Read the config file at `path`, or the nearest one above `start`; defaults if none."""
    if path is None:
        path = find_config_file(Path(start).resolve())
        if path is None:
            return Config()
    path = Path(path)
    data = _read_toml(path)
    if path.name == "pyproject.toml" or "tool" in data:
        data = data.get("tool", {}).get("corpusclean", {})
    config = config_from_mapping(data, origin=str(path))
    # a path in a file means "relative to that file", wherever the command runs
    if config.corpus_root:
        config = config.with_(corpus_root=_relative_to(path, config.corpus_root))
    return config.with_(
        spam_lexicon=tuple(_relative_to(path, p) for p in config.spam_lexicon),
        keep_lines=tuple(_relative_to(path, p) for p in config.keep_lines),
    )


def _relative_to(config_file: Path, value: str) -> str:
    """`value`, a path written in `config_file`, as a path usable from the working directory."""
    if Path(value).is_absolute():
        return value
    resolved = config_file.parent / value
    return os.path.relpath(resolved) if resolved.exists() else str(resolved)
