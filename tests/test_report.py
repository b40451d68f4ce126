"""The HTML run report: its structure and data (parsed with html.parser, no browser), the sample it
embeds, the CLI around it, and the review loop — ticks exported as the page exports them, fed
back to `clean`, remove exactly the ticked spam and keep exactly the ticked lines."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st
from report_page import Page, exported, first_run, read_page, review_loop
from synthetic_run import write_run

from corpusclean._boilerplate.keep import read_keep_lines, spare
from corpusclean._boilerplate.lines import boilerplate
from corpusclean._boilerplate.site_lines import SiteRepeat
from corpusclean._config import load_config
from corpusclean._document import Change, Document, splice
from corpusclean._errors import ConfigError
from corpusclean._io.manifest import read_manifest
from corpusclean._report_html.collect import annotate, collect
from corpusclean._report_html.page import render
from corpusclean.cli import EXIT_OK, EXIT_USAGE, main

SECTIONS = ("overview", "edits", "repeated", "review", "browser")
CHARTS = ("languages", "scripts", "drops", "clusters", "quality", "edits", "bytes")
URL_ATTRIBUTES = ("src", "href", "action", "data", "poster", "srcset", "formaction")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first run of the review loop, with its report."""
    return first_run(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def page(run: Path) -> Page:
    return read_page(run / "report.html")


def test_page_has_every_section_chart_and_the_browser(page: Page) -> None:
    ids = page.ids()
    assert set(SECTIONS) <= ids
    assert {f"chart-{name}" for name in CHARTS} <= ids
    assert {"review-spam", "review-keep", "export-spam", "export-keep", "download-spam", "download-keep"} <= ids
    assert {"query", "doc-table", "prev", "next", "doc-before", "doc-after", "top-lines", "top-phrases"} <= ids
    assert [tag for tag, _ in page.tags].count("canvas") == len(CHARTS)


def test_page_is_self_contained(run: Path, page: Page) -> None:
    scripts = [attributes for tag, attributes in page.tags if tag == "script"]
    assert scripts and not any("src" in attributes for attributes in scripts)
    assert not any(tag == "link" for tag, _ in page.tags)
    for tag, attributes in page.tags:
        for name in URL_ATTRIBUTES:
            value = attributes.get(name, "")
            assert not re.match(r"\s*(https?:|//|ftp:)", value, re.IGNORECASE), (tag, name, value)
    csp = [a["content"] for tag, a in page.tags if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0]
    html = (run / "report.html").read_text(encoding="utf-8")
    assert "Chart.js v4" in html and not re.search(r"url\(\s*['\"]?(https?:)?//", html)


def test_embedded_data_matches_the_manifest(run: Path, page: Page) -> None:
    data = page.data()
    records = list(read_manifest(run / "manifest.jsonl"))
    assert [row[0] for row in data["index"]] == [r["id"] for r in records]
    assert data["run"]["documents"] == len(records)
    assert data["run"]["embedded"] == sum(1 for r in records if r["output"])
    edits = Counter(f"{e['step']}/{e['reason']}" for r in records for e in r["edits"])
    assert {key: count for key, count, _ in data["charts"]["edits"]} == dict(edits)
    kept = [r for r in records if r["status"] != "dropped"]
    assert sum(count for _, count in data["charts"]["languages"]) == len(kept)
    assert sum(data["charts"]["quality"]) == sum(1 for r in records if "quality" in r["metadata"])
    assert sum(count for _, count in data["charts"]["drops"]) == len(records) - len(kept)
    assert sorted(c["text"] for c in data["candidates"]) == ["make money", "资金短缺"]


def test_before_view_rebuilds_each_input_with_every_removal_marked(run: Path, page: Page) -> None:
    data = page.data()
    records = {r["id"]: r for r in read_manifest(run / "manifest.jsonl")}
    for document in data["documents"]:
        record = records[document["id"]]
        source = Path(record["source_path"]).read_text(encoding="utf-8")
        assert "".join(piece for piece, _ in document["segments"]) == source
        assert document["after"] == (run / record["output"]).read_text(encoding="utf-8")
        marked = {label for _, label in document["segments"] if label >= 0}
        assert marked == {i for i, e in enumerate(record["edits"]) if e["before"]}, document["id"]


def test_no_text_can_break_out_of_the_data_script(run: Path) -> None:
    data = collect(run / "manifest.jsonl", embed=1)
    hostile = "</script><script>alert(1)</script><!-- <script>"
    data["documents"][0]["after"] = hostile
    page = Page(render(data))
    assert page.data()["documents"][0]["after"] == hostile
    assert sum(tag == "script" for tag, _ in page.tags) == 4


def test_annotate_nested_edits_shows_the_earliest_edit() -> None:
    original = "Caf\u00c3\u00a9 menu\nFooter line\nBody text.\n"
    edits = [  # repair replaces the mojibake, then boilerplate removes the repaired first line
        {"step": "repair", "reason": "mojibake", "start": 3, "end": 5, "before": "\u00c3\u00a9", "after": "é"},
        {"step": "boilerplate", "reason": "nav", "start": 0, "end": 10, "before": "Café menu\n", "after": ""},
        {"step": "boilerplate", "reason": "footer", "start": 10, "end": 22, "before": "Footer line\n", "after": ""},
    ]
    segments = annotate("Body text.\n", edits)
    assert "".join(piece for piece, _ in segments) == original
    assert segments == [["Caf", 1], ["\u00c3\u00a9", 0], [" menu\n", 1], ["Footer line\n", 2], ["Body text.\n", -1]]


@st.composite
def _steps(draw: st.DrawFn) -> tuple[str, str, list[dict[str, Any]]]:
    """A text, what up to three steps applied one after another made of it, and their edits."""
    text = original = draw(st.text(alphabet="ab\n漢", max_size=40))
    edits: list[dict[str, Any]] = []
    for number in range(draw(st.integers(1, 3))):
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
        changes = [Change(a, b, draw(st.text(alphabet="xy", max_size=3)), "r") for a, b in zip(cuts[::2], cuts[1::2])]
        fixed = splice(text, f"step{number}", changes)
        text = fixed.text
        edits += [edit.to_dict() for edit in fixed.edits]
    return original, text, edits


@settings(derandomize=True, deadline=None, max_examples=200)
@given(_steps())
def test_annotate_rebuilds_any_input_and_marks_only_removed_text(case: tuple[str, str, list[dict[str, Any]]]) -> None:
    original, output, edits = case
    segments = annotate(output, edits)
    assert "".join(piece for piece, _ in segments) == original
    assert all(edits[label]["before"] for _, label in segments if label >= 0)
    assert all(label < 0 or piece in edits[label]["before"] for piece, label in segments)


def test_a_large_run_embeds_a_sample_with_every_kind_of_edit(run: Path, tmp_path: Path) -> None:
    manifest = write_run(3000, tmp_path / "big", templates=run)
    data = collect(manifest, embed=25)
    assert len(data["index"]) == 3000 and data["run"]["embedded"] == len(data["documents"]) == 25
    embedded_kinds = {data["reasons"][i] for row in data["index"] if row[10] >= 0 for i in row[7]}
    assert embedded_kinds == set(data["reasons"])
    assert data["charts"]["drops"] and data["charts"]["clusters"]
    assert sum(count for _, count in data["charts"]["drops"]) == data["run"]["dropped"]


def test_a_jsonl_run_embeds_its_texts_from_documents_jsonl(tmp_path: Path) -> None:
    seeds = [str(path) for path in sorted(SEEDS.glob("00[23]_*.txt"))]
    report = tmp_path / "report.html"
    assert main(["clean", *seeds, "-o", str(tmp_path / "out"), "--format", "jsonl", "--workers", "1", "-q", "--report", str(report)]) == 0
    documents = read_page(report).data()["documents"]
    assert len(documents) == 2
    for document, seed in zip(documents, seeds):
        assert "".join(piece for piece, _ in document["segments"]) == Path(seed).read_text(encoding="utf-8")


def test_report_command_exit_codes(run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(run), "-o", str(tmp_path / "r.html"), "--embed", "2"]) == EXIT_OK  # a folder works too
    assert "full text of 2 embedded" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "x.html")]) == EXIT_USAGE
    assert main(["report", str(run), "-o", str(tmp_path / "x.html"), "--embed", "-1"]) == EXIT_USAGE
    assert main(["clean", str(SEEDS), "--dry-run", "--report", str(tmp_path / "y.html"), "-q"]) == EXIT_USAGE
    (tmp_path / "bad.jsonl").write_text("not json\n", encoding="utf-8")
    assert main(["report", str(tmp_path / "bad.jsonl"), "-o", str(tmp_path / "z.html")]) == EXIT_USAGE
    assert "not a corpusclean manifest" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists() and not (tmp_path / "z.html").exists()


def test_review_loop_removes_exactly_the_ticked_spans(run: Path, page: Page, tmp_path: Path) -> None:
    data = page.data()
    lines = [line[0] for line in data["lines"]]
    keep_rows = [lines.index("服務熱線:0359-5668082"), lines.index("March 24, 2016")]
    review_loop(run, exported(data, "spam", [0]), exported(data, "keep", keep_rows), data, tmp_path)


def test_keep_lines_file_format_and_errors(tmp_path: Path) -> None:
    keep = tmp_path / "keep.txt"
    keep.write_text("# a comment\n\n  Share this  \n\\# Heading kept\n\\\\back\n", encoding="utf-8")
    assert read_keep_lines(keep) == ("Share this", "# Heading kept", "\\back")
    with pytest.raises(ConfigError, match="no such file"):
        read_keep_lines(tmp_path / "missing.txt")
    assert main(["clean", str(SEEDS), "--dry-run", "-q", "--keep-lines", str(tmp_path / "missing.txt")]) == EXIT_USAGE


def test_keep_veto_in_the_boilerplate_and_site_repeat_steps() -> None:
    text = "Body of the article, long enough to be content.\nCopyright © 2024 Example Ltd. All rights reserved.\n"
    assert boilerplate(text).text == "Body of the article, long enough to be content.\n"
    assert boilerplate(text, keep=frozenset({"Copyright © 2024 Example Ltd. All rights reserved."})).text == text
    footer = "Subscribe to our newsletter for the latest stories"
    bodies = ("The council met to discuss the budget.", "Rain is expected this weekend.", "A new bridge opened today.", "Schools reopen after the holiday.")
    docs = [Document(str(i), f"{body}\n{footer}\n", {"source_path": f"site/{i}.txt"}) for i, body in enumerate(bodies)]
    for keep, edits in ((frozenset(), 1), (frozenset({footer}), 0)):
        step = SiteRepeat(keep=keep)
        step.fit(docs)
        assert [len(step.apply(Document(d.id, d.text, dict(d.metadata))).edits) for d in docs] == [edits] * 4
    assert spare("abc\n", [], {"abc"}) == []


def test_keep_lines_in_the_config_file_is_relative_to_it(tmp_path: Path) -> None:
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "keep.txt").write_text("Share this\n", encoding="utf-8")
    (tmp_path / ".corpusclean.toml").write_text('keep_lines = ["lists/keep.txt"]\n', encoding="utf-8")
    config = load_config(start=tmp_path)
    assert [Path(p).resolve() for p in config.keep_lines] == [(tmp_path / "lists" / "keep.txt").resolve()]


def test_help_teaches_the_report_and_the_loop(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    top = capsys.readouterr().out
    assert "report" in top and "--keep-lines" in top
    with pytest.raises(SystemExit):
        main(["clean", "--help"])
    assert "--report PATH" in capsys.readouterr().out

