"""The one data type that flows through corpusclean: a Document and its change log.

Every step receives a Document and returns one. A step that changes the text must say what it
changed with `Edit` records, so that the manifest can explain (and `reconstruct` can undo) every
byte that was removed or replaced. A fixer — the pure string function behind a step — returns a
`Fixed`: the new text, the edits that produced it, and metadata it learned on the way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, NamedTuple


@dataclass(frozen=True)
class Edit:
    """One change a step made to its input text.

    `start`/`end` index the span in the text the step received (not the final text); `before` is
    the text that stood there and `after` what replaced it (empty for a removal). `score` is the
    step's confidence where it has one.
    """

    step: str
    reason: str
    start: int
    end: int
    before: str
    after: str = ""
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The edit as a JSON-ready dict (the manifest's edit record)."""
        record = asdict(self)
        if record["score"] is None:
            del record["score"]
        return record

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Edit:
        """Rebuild an edit from its manifest record."""
        return cls(**record)


class Change(NamedTuple):
    """A replacement a fixer wants made: the span `[start, end)` of its input becomes `after`."""

    start: int
    end: int
    after: str
    reason: str
    score: float | None = None


class Fixed(NamedTuple):
    """What a fixer returns: the new text, the edits made, and metadata learned."""

    text: str
    edits: list[Edit]
    metadata: dict[str, Any] = {}


def splice(text: str, step: str, changes: Iterable[Change]) -> Fixed:
    """Apply non-overlapping `changes` to `text` and log each as an Edit of `step`.

    This is the one place where a fixer's decisions become text, so no fixer can change text
    without leaving an Edit behind. Changes that replace a span with itself are ignored.
    """
    ordered = sorted(changes, key=lambda change: (change.start, change.end))
    pieces: list[str] = []
    edits: list[Edit] = []
    cursor = 0
    for change in ordered:
        if change.start < cursor:
            raise ValueError(f"{step}: overlapping changes at offset {change.start}")
        if not 0 <= change.start <= change.end <= len(text):
            raise ValueError(f"{step}: change [{change.start}, {change.end}) outside the text")
        before = text[change.start : change.end]
        if before == change.after:
            continue
        pieces.append(text[cursor : change.start])
        pieces.append(change.after)
        cursor = change.end
        edits.append(
            Edit(step, change.reason, change.start, change.end, before, change.after, change.score)
        )
    pieces.append(text[cursor:])
    return Fixed("".join(pieces), edits)


def unsplice(text: str, edits: Iterable[Edit]) -> str:
    """Undo one step's edits: turn that step's output back into its input."""
    pieces: list[str] = []
    cursor = 0  # position in the step's output
    shift = 0  # output offset minus input offset so far
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        out_start = edit.start + shift
        pieces.append(text[cursor:out_start])
        pieces.append(edit.before)
        cursor = out_start + len(edit.after)
        shift += len(edit.after) - (edit.end - edit.start)
    pieces.append(text[cursor:])
    return "".join(pieces)


def reconstruct(text: str, edits: list[Edit]) -> str:
    """Rebuild the original text from a final text and the document's full edit log.

    Steps are undone last first; within a step, edits refer to that step's input.
    """
    for group in reversed(step_groups(edits)):
        text = unsplice(text, group)
    return text


@dataclass
class Document:
    """A document: its id, current text, metadata and the edits made to it so far.

    `metadata` holds what steps learn (source path, input sha256, encoding, language, flags,
    scores). A dropped document stays in the stream with `metadata["dropped"]` set to the reason,
    so every input is accounted for in the manifest.
    """

    id: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    edits: list[Edit] = field(default_factory=list)

    @property
    def dropped(self) -> str | None:
        """The reason this document was dropped, or None if it is kept."""
        return self.metadata.get("dropped")

    def drop(self, reason: str, detail: str | None = None) -> Document:
        """Mark the document as dropped for `reason`, with a sentence a person can act on
        (`detail`, written to the manifest). The first reason given wins, with its detail."""
        if "dropped" not in self.metadata:
            self.metadata["dropped"] = reason
            if detail is not None:
                self.metadata["drop_detail"] = detail
        return self

    def apply(self, fixed: Fixed) -> Document:
        """Take a fixer's result: new text, its edits appended, its metadata merged.

        Lists (such as `flags`) and dicts (such as `quality`) are merged rather than replaced,
        because several steps contribute to them.
        """
        self.text = fixed.text
        self.edits.extend(fixed.edits)
        for key, value in fixed.metadata.items():
            current = self.metadata.get(key)
            if isinstance(current, list) and isinstance(value, list):
                current.extend(item for item in value if item not in current)
            elif isinstance(current, dict) and isinstance(value, dict):
                current.update(value)
            else:
                self.metadata[key] = value
        return self

    @property
    def status(self) -> str:
        """`dropped`, `changed` (some edit was made) or `kept`."""
        if self.dropped:
            return "dropped"
        return "changed" if self.edits else "kept"

    def to_dict(self) -> dict[str, Any]:
        """The document as a JSON-ready dict (id, text, metadata, edits)."""
        return {
            "id": self.id,
            "text": self.text,
            "metadata": self.metadata,
            "edits": [edit.to_dict() for edit in self.edits],
        }

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Document:
        """Rebuild a document from `to_dict` output."""
        return cls(
            id=record["id"],
            text=record["text"],
            metadata=dict(record.get("metadata", {})),
            edits=[Edit.from_dict(e) for e in record.get("edits", [])],
        )


def step_groups(edits: list[Edit]) -> list[list[Edit]]:
    """Consecutive edits of the same step: the units `reconstruct` undoes one at a time."""
    groups: list[list[Edit]] = []
    for edit in edits:
        if groups and groups[-1][0].step == edit.step:
            groups[-1].append(edit)
        else:
            groups.append([edit])
    return groups


def original_offset(offset: int, earlier_edits: list[Edit]) -> int:
    """Where `offset` in a later step's input stood in the original text.

    `earlier_edits` are the edits of the steps that ran before; a position inside replaced text
    maps to the start of what it replaced. Used to report line numbers of the original file.
    """
    for group in reversed(step_groups(earlier_edits)):
        shift = 0
        for edit in sorted(group, key=lambda e: (e.start, e.end)):
            out_start = edit.start + shift
            if offset < out_start:
                break
            if offset < out_start + len(edit.after):
                offset = edit.start + shift
                break
            shift += len(edit.after) - (edit.end - edit.start)
        offset -= shift
    return offset
