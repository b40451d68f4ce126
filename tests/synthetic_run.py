"""A synthetic cleaning run of any size, for the report's scale tests and its published file size.

Cleaning 100,000 real documents takes most of an hour on the shared machine; the report only
reads the manifest and the outputs of the documents it embeds. So this writes a manifest whose
records are the seeds' real records (and a crafted one with spam candidates) re-issued under new
ids, sites, languages and quality scores, with duplicates and drops mixed in, and one output
file per template that every copy points to. Deterministic (seeded).

    PYTHONPATH=. python tests/synthetic_run.py 100000 /tmp/run100k
    corpusclean report /tmp/run100k -o report.html
"""

from __future__ import annotations

import json
import random
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPAM_TEXT = (
    "公司今年资金短缺，但是我们会继续努力完成今年的生产任务和销售目标。\n"
    "The weather was fine and we could make money on the market stall by noon today.\n"
)
LANGUAGES = [("en", "Latn"), ("zh-Hans", "Hans"), ("zh-Hant", "Hant"), ("ja", "Jpan"), ("de", "Latn")]
DROPS = [("duplicate", "near-duplicate"), ("low-quality", "quality score below 0.3"), ("empty", "no text"), ("binary", "NUL bytes")]


def clean_templates(out: Path) -> Path:
    """Clean the seeds and a document with spam candidates into `out` (a real run); returns `out`."""
    from corpusclean._clean import clean_paths
    from corpusclean._config import Config

    spam_src = out.parent / f"{out.name}-spam-source"
    spam_src.mkdir(parents=True, exist_ok=True)
    (spam_src / "spam.txt").write_text(SPAM_TEXT, encoding="utf-8")
    seeds = sorted(str(path) for path in (ROOT / "seeds").glob("*.txt"))  # not the golden files beside them
    clean_paths([*seeds, str(spam_src / "spam.txt")], out, Config(workers=1))
    return out


def _templates(out: Path, templates: Path | None) -> list[tuple[dict[str, Any], str | None]]:
    """(manifest record, output location) of each record of a real run, copied to out/templates."""
    seeds_out = out / "templates"
    if templates is None:
        clean_templates(seeds_out)
    else:
        shutil.copytree(templates, seeds_out)
    records = [json.loads(line) for line in (seeds_out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    return [(record, record["output"] and f"templates/{record['output']}") for record in records]


def write_run(documents: int, out: str | Path, templates: Path | None = None, seed: int = 21) -> Path:
    """Write `out/manifest.jsonl` for a synthetic run of `documents` inputs; returns its path.

    `templates`: the output folder of a real run to re-issue (default: clean the seeds now)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    records_and_outputs = _templates(out, templates)
    rng = random.Random(seed)
    manifest = out / "manifest.jsonl"
    with manifest.open("w", encoding="utf-8") as handle:
        for number in range(documents):
            record, output = records_and_outputs[number % len(records_and_outputs)]
            site = f"site{rng.randrange(200):03d}"
            new = {**record, "id": f"{site}/{number:06d}.txt", "source_path": f"crawl/{site}/{number:06d}.txt"}
            language, script = rng.choice(LANGUAGES)
            metadata = {**record["metadata"], "script": script, "quality": {"score": round(rng.betavariate(5, 2), 2)}}
            new.update(language=language, metadata=metadata, output=output)
            if rng.random() < 0.08:
                reason, detail = rng.choice(DROPS)
                new.update(status="dropped", reason=reason, detail=detail, output=None, edits=[])
                if reason == "duplicate":
                    new["dup_of"] = f"site000/{rng.randrange(max(1, number)):06d}.txt"
            handle.write(json.dumps(new, ensure_ascii=False) + "\n")
    return manifest


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python tests/synthetic_run.py DOCUMENTS OUT_FOLDER")
    print(write_run(int(sys.argv[1]), sys.argv[2]))
