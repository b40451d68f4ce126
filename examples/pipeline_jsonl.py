"""corpusclean inside a Python pipeline: read a JSONL dump, add a step of your own, write the
kept documents as JSONL with their language.

The custom step redacts e-mail addresses. It is a pure fixer, `(text, **options) -> Fixed`, like
every built-in step, so its changes are Edits with a reason — accounted for in `doc.edits` and
undoable with `corpusclean.reconstruct` — and a bug in it fails one document, not the run.

Run from the repository root:  python examples/pipeline_jsonl.py [IN.jsonl] [OUT.jsonl]
(without arguments it builds IN.jsonl from the seeds and writes out.jsonl in a temporary folder).
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

import corpusclean
from corpusclean import Change, Config, Fixed, FixerStep, Pipeline, iter_sources, splice

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def redact_emails(text: str, *, placeholder: str = "[email]") -> Fixed:
    """Replace each e-mail address with `placeholder`; one Edit per address."""
    return splice(text, "redact-emails", [Change(m.start(), m.end(), placeholder, "email") for m in EMAIL.finditer(text)])


def seeds_as_jsonl(path: Path) -> Path:
    """The seed documents as a JSONL dump (`id`, `text`, and a `url` field kept as metadata)."""
    with path.open("w", encoding="utf-8") as handle:
        for seed in sorted(Path("seeds").glob("*.txt")):
            text = seed.read_text(encoding="utf-8") + "\nContact the editor: editor@example.com\n"
            handle.write(json.dumps({"id": seed.stem, "text": text, "url": f"https://example.com/{seed.stem}"}, ensure_ascii=False) + "\n")
    return path


def main(source: Path, target: Path) -> None:
    config = Config(workers=1)
    pipeline = Pipeline(config)
    pipeline.document_steps.append(FixerStep("redact-emails", redact_emails, {"placeholder": "[email]"}))
    kept = 0
    with target.open("w", encoding="utf-8") as out:
        for doc in pipeline.run(iter_sources([str(source)], config)):
            redacted = sum(edit.step == "redact-emails" for edit in doc.edits)
            print(f"{doc.id}: {doc.status}, {doc.metadata.get('language')}, {len(doc.edits)} edits ({redacted} e-mail)")
            if not doc.dropped:
                kept += 1
                out.write(json.dumps({"id": doc.id, "text": doc.text, "language": doc.metadata["language"],
                                      "url": doc.metadata.get("url")}, ensure_ascii=False) + "\n")
    print(f"wrote {kept} documents to {target} (corpusclean {corpusclean.__version__})")


if __name__ == "__main__":
    if len(sys.argv) == 3:
        main(Path(sys.argv[1]), Path(sys.argv[2]))
    else:
        folder = Path(tempfile.mkdtemp(prefix="corpusclean-example-"))
        main(seeds_as_jsonl(folder / "in.jsonl"), folder / "out.jsonl")
