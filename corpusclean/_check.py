"""`check`: the pipeline in read-only mode, reporting problems the way linters do.

Each problem is `path:line: [step/reason] message`, with the line number in the file as it is
on disk, so an editor can jump to it. A file fails when it has a problem whose code is not
listed as a warning. Duplicates are found against an existing corpus through the dedup step's
SQLite index, which is updated only with files that pass, so a rejected file never becomes the
"original" that blocks its own corrected version.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from corpusclean._config import Config, read_user_file
from corpusclean._document import Document, Edit, original_offset, step_groups
from corpusclean._errors import ConfigError, InputError
from corpusclean._io.load import load
from corpusclean._io.readers import Source, walk_folder
from corpusclean._io.writers import write_atomic
from corpusclean._pipeline import DOCUMENT_STEPS, Pipeline
from corpusclean._spam.inserts import REVIEW_SCORE
from corpusclean._spam.splices import user_phrases

INDEX_NAME = ".corpusclean-index.sqlite"
DEFAULT_WARNINGS = ("quality", "spam/possible-splice")
"""Quality flags describe damage cleaning cannot undo (censored or stripped characters) and
possible splices are spans the spam step was not sure enough to remove, so by default both are
reported without failing the check (`--fix` could not make them pass); list codes in `warnings`
to change that."""
UTF8_NAMES = ("utf-8", "ascii")
ACCEPT_ALL = "all"
"""The `--accept` value that accepts every candidate of the document."""
_EDGE_MARKS = " \t\n,.;:!?，。；：、！？"
"""Stripped from an accepted candidate's ends: a lexicon phrase is words, and the spam step takes
the space beside a removed phrase with it."""
STEPS_BEFORE_SPAM = tuple(DOCUMENT_STEPS)[: tuple(DOCUMENT_STEPS).index("spam")]


@dataclass(frozen=True)
class Problem:
    """One finding in one file."""

    path: str
    line: int
    code: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}: {kind}[{self.code}] {self.message}"


@dataclass
class FileResult:
    """The problems found in one file and the cleaned text a `--fix` would write."""

    path: str
    document: Document
    problems: list[Problem]

    @property
    def failed(self) -> bool:
        return any(not p.warning for p in self.problems)


def _short(text: str, limit: int = 60) -> str:
    text = text.replace("\n", "⏎")
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _line_of(original: str, offset: int) -> int:
    return original.count("\n", 0, max(0, offset)) + 1


def _is_warning(code: str, warnings: Sequence[str]) -> bool:
    step = code.split("/", 1)[0]
    return code in warnings or step in warnings


class Checker:
    """Checks files one by one; holds the pipeline and, with `against`, the corpus index."""

    def __init__(
        self,
        config: Config,
        against: str | Path | None = None,
        *,
        index_path: str | Path | None = None,
        corpus_files: Sequence[Path] | None = None,
    ) -> None:
        """`against`: the corpus folder; its index is `index_path` (default `against/INDEX_NAME`)
        and its files `corpus_files` (default: every file under it, see `walk_folder`)."""
        self.config = config
        self.pipeline = Pipeline(config)
        self.warnings = config.warnings or DEFAULT_WARNINGS
        self.against = Path(against) if against else None
        self.corpus_files = corpus_files
        self.index = None
        if self.against is not None:
            from corpusclean._dedup.index import SignatureIndex

            if not self.against.is_dir():
                raise InputError(f"--against {self.against}: no such corpus folder")
            dedup_options = {k: v for k, v in config.steps.get("dedup", {}).items() if k == "threshold"}
            self.index = SignatureIndex(Path(index_path) if index_path else self.against / INDEX_NAME, **dedup_options)

    @classmethod
    def for_repository(cls, config: Config, checked: Sequence[Path]) -> Checker:
        """A checker comparing with the files committed in the git repository that holds the
        checked files — the natural corpus of a pre-commit hook — with its index kept under
        `.git/` (never committed, no `.gitignore` entry needed). Outside a repository, or with
        nothing committed yet, it checks without a corpus."""
        repository = git_repository(checked[0] if checked else Path.cwd())
        if repository is None:
            return cls(config)
        root, git_dir = repository
        names = _git_lines(root, "ls-tree", "-r", "-z", "--name-only", "HEAD")
        committed = [root / name for name in names if not any(part.startswith(".") for part in name.split("/"))]
        return cls(config, root, index_path=git_dir / INDEX_NAME.lstrip("."), corpus_files=committed)

    def index_corpus(self, skip: Iterable[Path]) -> int:
        """Add corpus files not yet indexed (except `skip`, the files under check); returns how many."""
        assert self.against is not None and self.index is not None
        skipped = {p.resolve() for p in skip}
        added = 0
        files = walk_folder(self.against, self.config) if self.corpus_files is None else self.corpus_files
        for file in files:
            if not file.is_file():
                continue
            key = file.relative_to(self.against).as_posix()
            if file.resolve() in skipped or key in self.index:
                continue
            doc = self._clean(file)
            if not doc.dropped:
                self.index.add(key, doc.text)
                added += 1
        return added

    def _clean(self, path: Path) -> Document:
        return self.pipeline.load_and_process(Source(id=str(path), path=str(path), metadata={"source_path": str(path)}))

    def check(self, path: Path) -> FileResult:
        """Every problem in one file; a file that passes is added to the corpus index."""
        source = Source(id=str(path), path=str(path), metadata={"source_path": str(path)})
        loaded = load(source, self.config)
        original = loaded.text
        shown = str(path)
        if loaded.dropped:
            detail = loaded.metadata.get("drop_detail", "")
            problem = self._problem(shown, 1, f"decode/{loaded.dropped}", f"not usable text: {detail}")
            return FileResult(shown, loaded, [problem])
        problems: list[Problem] = []
        encoding = loaded.metadata.get("encoding", "utf-8")
        if encoding.lower() not in UTF8_NAMES:
            message = f"file is {encoding}, not UTF-8 (--fix rewrites it as UTF-8)"
            problems.append(self._problem(shown, 1, "decode/legacy-encoding", message))
        doc = self.pipeline.process(loaded)
        earlier: list[Edit] = []  # edits of one step share that step's input coordinates
        for group in step_groups(doc.edits):
            for edit in group:
                line = _line_of(original, original_offset(edit.start, earlier))
                verb = "removes" if not edit.after else f"replaces with {_short(edit.after)}"
                problems.append(self._problem(shown, line, f"{edit.step}/{edit.reason}", f"{verb} {_short(edit.before)}"))
            earlier.extend(group)
        before_spam = [e for e in doc.edits if e.step in STEPS_BEFORE_SPAM]
        for candidate in doc.metadata.get("spam_candidates", []):
            line = _line_of(original, original_offset(candidate["start"], before_spam))
            message = (
                f"possible splice {_short(candidate['text'])} ({candidate['reason']}, score {candidate['score']:.2f}), "
                "not removed: explain --accept adds it to your lexicon"
            )
            problems.append(self._problem(shown, line, "spam/possible-splice", message))
        problems.extend(self._metadata_problems(shown, doc))
        problems.extend(self._duplicate_problems(shown, path, doc))
        result = FileResult(shown, doc, _collapse(problems))
        if self.index is not None and not doc.dropped and not result.failed:
            self.index.add(self._corpus_key(path), doc.text)
        return result

    def _problem(self, shown: str, line: int, code: str, message: str) -> Problem:
        return Problem(shown, line, code, message, _is_warning(code, self.warnings))

    def _metadata_problems(self, shown: str, doc: Document) -> Iterator[Problem]:
        if doc.dropped:
            detail = doc.metadata.get("drop_detail", "the pipeline would drop this document")
            yield self._problem(shown, 1, f"drop/{doc.dropped}", detail)
        for flag in doc.metadata.get("flags", []):
            if flag != "possible-splice":
                yield self._problem(shown, 1, f"quality/{flag}", "quality flag set (damage cleaning cannot undo)")
        language = doc.metadata.get("language")
        allowed = self.config.allowed_languages
        if allowed and language not in allowed:
            message = f"language {language} is not in allowed_languages {list(allowed)}"
            yield self._problem(shown, 1, "language/not-allowed", message)

    def _duplicate_problems(self, shown: str, path: Path, doc: Document) -> Iterator[Problem]:
        if self.index is None or self.against is None or doc.dropped:
            return
        key = self._corpus_key(path)
        matches = [(other, score) for other, score in self.index.query(doc.text) if other != key]
        for other, score in matches[:3]:
            message = f"near-duplicate of {self.against / other} (similarity {score:.2f})"
            yield self._problem(shown, 1, "dedup/duplicate", message)

    def _corpus_key(self, path: Path) -> str:
        assert self.against is not None
        try:
            return path.resolve().relative_to(self.against.resolve()).as_posix()
        except ValueError:
            return os.path.abspath(path)


def review_config(config: Config) -> Config:
    """`config` as the review commands (`explain`, `check`) run it: the spam step reports every
    candidate from `REVIEW_SCORE` up, unless the settings choose their own `flag_score`.

    These commands change no corpus (check --fix removes only what a cleaning run removes), so
    they can afford to show the doubtful spans a cleaning run leaves out of its manifest: a
    curator who sees nothing cannot tell the step even looked."""
    spam = config.steps.get("spam", {})
    if "flag_score" in spam:
        return config
    return config.with_(steps={**config.steps, "spam": {**spam, "flag_score": REVIEW_SCORE}})


def accepted_phrases(document: Document, choices: Sequence[str]) -> list[str]:
    """The phrases a curator accepts from `document`'s spam candidates.

    Each choice is a candidate's number as `explain` prints it (from 1), `all`, or a phrase of
    the document typed by hand — a candidate trimmed to the pasted words, since a novelty run may
    hold a word or two of the sentence around the splice. Candidates lose the marks and spaces
    at their ends. A number out of range or a phrase not in the text is a ConfigError (exit 2)."""
    candidates = [c["text"].strip(_EDGE_MARKS) for c in document.metadata.get("spam_candidates", [])]
    phrases: list[str] = []
    for choice in choices:
        if choice == ACCEPT_ALL:
            phrases.extend(candidates)
        elif choice.isdigit():
            number = int(choice)
            if not 1 <= number <= len(candidates):
                raise ConfigError(f"--accept {choice}: the document has {len(candidates)} candidate(s), numbered from 1")
            phrases.append(candidates[number - 1])
        elif choice.strip() in document.text:
            phrases.append(choice.strip())
        else:
            raise ConfigError(f"--accept {choice!r}: neither a candidate number nor a phrase of the document's text")
    return list(dict.fromkeys(user_phrases(phrases)))


def promote(phrases: Sequence[str], lexicon: str | Path) -> list[str]:
    """Append `phrases` to the user's spam lexicon file (created if missing), one per line, so the
    next run given that file (`--spam-lexicon`) removes them wherever they run into a sentence.
    Phrases the file already holds (in any case) are not written again; returns those written."""
    path = Path(lexicon)
    lines = read_user_file(path, "spam lexicon") if path.exists() else []
    known = {line.strip().casefold() for line in lines}
    new = [phrase for phrase in phrases if phrase.casefold() not in known]
    if new:
        existing = path.read_bytes() if path.exists() else b""
        joint = b"" if not existing or existing.endswith(b"\n") else b"\n"
        write_atomic(path, existing + joint + "".join(f"{phrase}\n" for phrase in new).encode("utf-8"))
    return new


def git_repository(path: Path) -> tuple[Path, Path] | None:
    """The work tree root and the git folder of the repository holding `path`, or None."""
    folder = path if path.is_dir() else path.parent
    try:
        lines = subprocess.run(
            ["git", "rev-parse", "--show-toplevel", "--absolute-git-dir"],
            cwd=folder or Path("."), capture_output=True, text=True, check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return None
    return (Path(lines[0]), Path(lines[1])) if len(lines) == 2 else None


def _git_lines(root: Path, *args: str) -> list[str]:
    """NUL-separated output of a git command in `root`; empty if it fails (no commit yet)."""
    result = subprocess.run(["git", *args], cwd=root, capture_output=True)
    if result.returncode != 0:
        return []
    return [name for name in result.stdout.decode("utf-8", "surrogateescape").split("\0") if name]


def _collapse(problems: list[Problem]) -> list[Problem]:
    """Problems in line order, identical ones on the same line merged into one with a count."""
    counts: dict[Problem, int] = {}
    for problem in problems:
        counts[problem] = counts.get(problem, 0) + 1
    merged = [p if n == 1 else replace(p, message=f"{p.message} (×{n})") for p, n in counts.items()]
    return sorted(merged, key=lambda p: p.line)


def fix_file(result: FileResult) -> bool:
    """Rewrite the file as its cleaned UTF-8 text if that differs from its bytes; True if changed."""
    doc = result.document
    if doc.dropped:
        return False
    path = Path(result.path)
    new = doc.text.encode("utf-8")
    if path.read_bytes() == new:
        return False
    write_atomic(path, new)
    return True
