"""Reading a report page the way the tests need — its elements, its embedded data, the files its
review lists export (built exactly as the page's `exportText` builds them) — and the review loop
that feeds those files to a second run."""

from __future__ import annotations

import json
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from conftest import SEEDS

from corpusclean._boilerplate.keep import read_keep_lines
from corpusclean._io.manifest import read_manifest
from corpusclean.cli import main


class Page(HTMLParser):
    """Every start tag with its attributes, and the text inside each element that has an id."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text_by_id: dict[str, str] = {}
        self._open: list[str | None] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag not in ("meta", "input", "br", "link", "img"):
            self._open.append(attributes.get("id"))
            if attributes.get("id"):
                self.text_by_id[attributes["id"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for element in self._open:
            if element:
                self.text_by_id[element] += data

    def ids(self) -> set[str]:
        return {attributes["id"] for _, attributes in self.tags if "id" in attributes}

    def data(self) -> dict[str, Any]:
        return json.loads(self.text_by_id["report-data"])


def exported(data: dict[str, Any], kind: str, ticked: list[int]) -> str:
    """The file the page exports for `kind` ("spam" or "keep") with rows `ticked` — app.js's
    `exportText`: the header, then one entry per line, a keep-line starting with # or \\ escaped."""
    items = [c["text"] for c in data["candidates"]] if kind == "spam" else [line[0] for line in data["lines"]]
    lines = [items[i] for i in sorted(ticked)]
    if kind == "keep":
        lines = ["\\" + line if line.startswith(("#", "\\")) else line for line in lines]
    return data["export"][kind] + "".join(line + "\n" for line in lines)


def read_page(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def first_run(folder: Path) -> Path:
    """The seeds and a document with spam candidates cleaned with --report; returns the output folder."""
    from synthetic_run import SPAM_TEXT

    src = folder / "spam-source"
    src.mkdir()
    (src / "spam.txt").write_text(SPAM_TEXT, encoding="utf-8")
    out = folder / "out"
    assert main(["clean", *sources(out), "-o", str(out), "--workers", "1", "-q", "--report", str(out / "report.html")]) == 0
    return out


def sources(out: Path) -> list[str]:
    """The inputs of the first run whose output folder is `out`."""
    return [str(SEEDS), str(out.parent / "spam-source")]


def _edits(out: Path) -> Counter[tuple[str, str, str, str]]:
    return Counter(
        (r["id"], e["step"], e["reason"], e["before"].strip()) for r in read_manifest(out / "manifest.jsonl") for e in r["edits"]
    )


def review_loop(first: Path, spam_file: str, keep_file: str, data: dict[str, Any], tmp_path: Path) -> None:
    """Feed the exported files to a second run and check it differs from the first by exactly the
    ticks: the ticked spam candidates removed, the ticked lines kept, nothing else changed."""
    spam, keep = tmp_path / "spam-lexicon.txt", tmp_path / "keep-lines.txt"
    spam.write_text(spam_file, encoding="utf-8")
    keep.write_text(keep_file, encoding="utf-8")
    second = tmp_path / "second"
    args = ["clean", *sources(first), "-o", str(second), "--workers", "1", "-q", "--spam-lexicon", str(spam), "--keep-lines", str(keep)]
    assert main(args) == 0
    ticked_spam = set(read_keep_lines(spam)) - {""}
    ticked_keep = set(read_keep_lines(keep))
    candidates = Counter(
        (r["id"], "spam", "lexicon-phrase", c["text"])
        for r in read_manifest(first / "manifest.jsonl") for c in r["metadata"].get("spam_candidates", []) if c["text"] in ticked_spam
    )
    kept = Counter({edit: n for edit, n in _edits(first).items() if edit[1] in ("boilerplate", "site-repeat") and edit[3] in ticked_keep})
    assert candidates and kept
    assert _edits(second) == _edits(first) - kept + candidates
    left = [c["text"] for r in read_manifest(second / "manifest.jsonl") for c in r["metadata"].get("spam_candidates", [])]
    assert not ticked_spam & set(left) and data["candidates"]
