"""Reading a report page the way the tests need: its elements, its embedded data, and the files
its review lists export (built exactly as the page's `exportText` builds them)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any


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
