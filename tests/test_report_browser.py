"""The run report in a real browser: headless Chromium (Debian's `chromium`, started here) renders
the seeds report and a 20,000-document report — charts drawn, document view filled, screenshot
not blank, no console message — and the files the page's own JavaScript exports drive the
second run of the review loop. Skipped, saying why, where Chromium is not installed."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from report_page import Page, first_run, review_loop
from synthetic_run import write_run

from corpusclean._io.manifest import read_manifest
from corpusclean.cli import main

BROWSER = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)), None)
pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(BROWSER is None, reason="headless Chromium not installed (Debian: apt-get install chromium)"),
]
DRAWN_FOR_SEEDS = {"languages", "scripts", "quality", "edits", "bytes"}


def _chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on its own profile; console messages are logged to stderr."""
    command = [
        str(BROWSER), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
        "--enable-logging=stderr", "--v=0", f"--user-data-dir={profile}", "--window-size=1280,2200", *args,
    ]
    result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=180, env={**os.environ, "LANG": "C.UTF-8"})
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def _open(report: Path, profile: Path, fragment: str = "") -> Page:
    """The DOM after the page's script ran, checked for script errors and console messages."""
    result = _chromium(profile, "--dump-dom", report.resolve().as_uri() + fragment)
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], console
    page = Page(result.stdout)
    assert page.text_by_id.get("js-errors", "") == ""
    body = next(attributes for tag, attributes in page.tags if tag == "body")
    assert body.get("data-ready") == "true"
    return page


def _chart_states(page: Page) -> dict[str, str]:
    return {a["data-chart"]: a.get("data-state", "") for tag, a in page.tags if tag == "figure" and "data-chart" in a}


def _distinct_bytes(png: bytes) -> int:
    """How many distinct byte values the decoded pixel rows hold (a blank page has a handful)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat = 8, b""
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        if kind == b"IDAT":
            idat += png[position + 8 : position + 8 + length]
        position += 12 + length
    return len(set(zlib.decompress(idat)))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return first_run(tmp_path_factory.mktemp("report-browser"))


def test_seeds_report_renders_charts_and_the_document_view(run: Path, tmp_path: Path) -> None:
    records = {r["id"]: r for r in read_manifest(run / "manifest.jsonl")}
    changed = next(r for r in records.values() if r["status"] == "changed" and r["id"].endswith("003_d9720f16208038e2.txt"))
    page = _open(run / "report.html", tmp_path / "profile", "#doc=" + changed["id"])
    states = _chart_states(page)
    assert {name for name, state in states.items() if state == "drawn"} == DRAWN_FOR_SEEDS
    assert set(states.values()) <= {"drawn", "empty"}
    marks = [a for tag, a in page.tags if tag == "mark"]
    assert {int(a["data-edit"]) for a in marks} == {i for i, e in enumerate(changed["edits"]) if e["before"]}
    assert all(a["title"].startswith(("boilerplate/", "repeats/", "repair/", "spam/")) for a in marks)
    assert page.text_by_id["doc-title"] == changed["id"]
    assert page.text_by_id["doc-after"] == (run / changed["output"]).read_text(encoding="utf-8")
    assert page.text_by_id["match-count"].startswith(f"{len(records)} of {len(records)}")
    shot = tmp_path / "report.png"
    _chromium(tmp_path / "profile", f"--screenshot={shot}", (run / "report.html").resolve().as_uri())
    assert _distinct_bytes(shot.read_bytes()) > 64


def test_review_loop_with_the_files_the_page_exports(run: Path, tmp_path: Path) -> None:
    data = Page((run / "report.html").read_text(encoding="utf-8")).data()
    lines = [line[0] for line in data["lines"]]
    keep_rows = f"{lines.index('服務熱線:0359-5668082')},{lines.index('March 24, 2016')}"
    page = _open(run / "report.html", tmp_path / "profile", f"#spam=1&keep={keep_rows}")
    assert page.text_by_id["count-spam"] == "1" and page.text_by_id["count-keep"] == "2"
    review_loop(run, page.text_by_id["export-spam"], page.text_by_id["export-keep"], data, tmp_path)


def test_a_20000_document_report_opens_with_every_chart(run: Path, tmp_path: Path) -> None:
    manifest = write_run(20_000, tmp_path / "big", templates=run)
    report = tmp_path / "big.html"
    assert main(["report", str(manifest), "-o", str(report), "-q"]) == 0
    data = Page(report.read_text(encoding="utf-8")).data()
    embedded = next(row[0] for row in data["index"] if row[10] >= 0 and row[5] > 0)
    page = _open(report, tmp_path / "profile", "#doc=" + embedded)
    assert set(_chart_states(page).values()) == {"drawn"}
    assert page.text_by_id["match-count"] == "20,000 of 20,000 documents"
    assert page.text_by_id["page-line"] == "page 1 of 400"
    assert sum(1 for tag, _ in page.tags if tag == "mark") > 0 and page.text_by_id["doc-title"] == embedded
    shot = tmp_path / "big.png"
    _chromium(tmp_path / "profile", f"--screenshot={shot}", report.resolve().as_uri())
    assert _distinct_bytes(shot.read_bytes()) > 64
