"""The report's review loop as a script: clean, look at the review lists, act, clean again.

A curator does this in the browser: open report.html, tick spam candidates and removed lines
that should have stayed, download spam-lexicon.txt and keep-lines.txt, pass them to the next
run. Here the ticks are chosen in code — every spam candidate, and every removed line
containing a phone number — and the files are written exactly as the page writes them.

Run from the repository root:  python examples/review_loop.py [WORK_FOLDER]
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from corpusclean import read_manifest
from corpusclean.cli import main as corpusclean

SPLICED = "公司今年资金短缺，但是我们会继续努力完成今年的生产任务和销售目标。\n"


def report_data(report: Path) -> dict:
    """The data embedded in a report page (the JSON in <script id="report-data">)."""
    page = report.read_text(encoding="utf-8")
    found = re.search(r'<script id="report-data" type="application/json">(.*?)</script>', page, re.DOTALL)
    assert found, f"{report} is not a corpusclean report"
    return json.loads(found.group(1))


def export(data: dict, kind: str, entries: list[str]) -> str:
    """A file as the page's download button writes it: its header, then one entry per line."""
    if kind == "keep":
        entries = ["\\" + e if e.startswith(("#", "\\")) else e for e in entries]
    return data["export"][kind] + "".join(entry + "\n" for entry in entries)


def edits(out: Path) -> Counter:
    return Counter((r["id"], e["step"], e["before"].strip()) for r in read_manifest(out / "manifest.jsonl") for e in r["edits"])


def run(work: Path) -> None:
    inputs = work / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    for seed in sorted(Path("seeds").glob("*.txt")):
        (inputs / seed.name).write_bytes(seed.read_bytes())
    (inputs / "spliced.txt").write_text(SPLICED, encoding="utf-8")

    first, second = work / "first", work / "second"
    assert corpusclean(["clean", str(inputs), "-o", str(first), "--workers", "1", "-q", "--report", str(work / "report.html")]) == 0
    data = report_data(work / "report.html")
    spam = [c["text"] for c in data["candidates"]]
    keep = [line[0] for line in data["lines"] if re.search(r"\d{3,4}-\d{6,8}", line[0])]
    (work / "spam-lexicon.txt").write_text(export(data, "spam", spam), encoding="utf-8")
    (work / "keep-lines.txt").write_text(export(data, "keep", keep), encoding="utf-8")
    print(f"ticked {len(spam)} spam candidate(s): {spam}; {len(keep)} line(s) to keep: {keep}")

    assert corpusclean(["clean", str(inputs), "-o", str(second), "--workers", "1", "-q",
                        "--spam-lexicon", str(work / "spam-lexicon.txt"), "--keep-lines", str(work / "keep-lines.txt")]) == 0
    before, after = edits(first), edits(second)
    for (doc, step, text), _ in sorted((after - before).items()):
        print(f"second run removes  {doc}: [{step}] {text!r}")
    for (doc, step, text), _ in sorted((before - after).items()):
        print(f"second run keeps    {doc}: [{step}] {text!r}")


if __name__ == "__main__":
    run(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="corpusclean-review-")))
