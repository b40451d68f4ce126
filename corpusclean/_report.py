"""Counters for a run and the closing summary: documents in, kept, changed, dropped by reason,
by language, bytes removed by step, and steps that failed on a document.

The report is fed every document the writer sees, so its totals are the manifest's totals.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from corpusclean._document import Document
from corpusclean._pipeline import STEP_ERRORS


@dataclass
class Report:
    """What happened in one run, counted document by document."""

    documents: int = 0
    status: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    edits: Counter[str] = field(default_factory=Counter)
    bytes_removed: Counter[str] = field(default_factory=Counter)
    step_errors: Counter[str] = field(default_factory=Counter)

    def add(self, doc: Document) -> None:
        """Count one document."""
        self.documents += 1
        self.status[doc.status] += 1
        if doc.dropped:
            self.dropped[doc.dropped] += 1
        else:
            self.languages[doc.metadata.get("language", "und")] += 1
        for failure in doc.metadata.get(STEP_ERRORS, []):
            self.step_errors[failure["step"]] += 1
        for edit in doc.edits:
            key = f"{edit.step}/{edit.reason}"
            self.edits[key] += 1
            self.bytes_removed[edit.step] += len(edit.before.encode("utf-8", "surrogatepass")) - len(
                edit.after.encode("utf-8", "surrogatepass")
            )

    def to_dict(self) -> dict[str, Any]:
        """The counters as plain data (for `--json` output and tests)."""
        return {
            "documents": self.documents,
            "kept": self.status["kept"],
            "changed": self.status["changed"],
            "dropped": dict(sorted(self.dropped.items())),
            "languages": dict(self.languages.most_common()),
            "edits": dict(sorted(self.edits.items())),
            "bytes_removed": dict(sorted(self.bytes_removed.items())),
            "step_errors": dict(sorted(self.step_errors.items())),
        }

    def summary(self) -> str:
        """A few human-readable lines for the end of a run."""
        lines = [
            f"{self.documents} documents: {self.status['kept']} kept, {self.status['changed']} changed, "
            f"{self.status['dropped']} dropped"
        ]
        if self.dropped:
            lines.append("  dropped: " + ", ".join(f"{r} {n}" for r, n in sorted(self.dropped.items())))
        if self.languages:
            lines.append("  languages: " + ", ".join(f"{l} {n}" for l, n in self.languages.most_common()))
        if self.bytes_removed:
            lines.append(
                "  bytes removed: " + ", ".join(f"{s} {n}" for s, n in sorted(self.bytes_removed.items()))
            )
        if self.step_errors:
            lines.append(
                "  step errors (documents passed the failing step unchanged; see step_errors in the manifest): "
                + ", ".join(f"{s} {n}" for s, n in sorted(self.step_errors.items()))
            )
        return "\n".join(lines)
