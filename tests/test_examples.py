"""Every example in examples/ runs on the seeds and does what its docstring says.

The Python examples run in this process as scripts (`runpy`, `__main__`, their own argv), which
spares an interpreter start and the model loading per example; the shell example runs in bash."""

from __future__ import annotations

import json
import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SEEDS

from corpusclean._io.manifest import read_manifest
from corpusclean.cli import EXIT_OK, EXIT_PROBLEMS, main

EXAMPLES = ROOT / "examples"
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}


def _run(*command: str) -> str:
    result = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True, env=ENV, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _script(name: str, args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    """Run examples/`name` as `python examples/name ARGS` would, from the repository root."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "argv", [str(EXAMPLES / name), *args])
    runpy.run_path(str(EXAMPLES / name), run_name="__main__")
    return capsys.readouterr().out


def test_pipeline_jsonl_with_a_custom_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    printed = _script("pipeline_jsonl.py", [], monkeypatch, capsys)
    written = Path(re.search(r"wrote 5 documents to (\S+)", printed).group(1))
    rows = [json.loads(line) for line in written.read_text(encoding="utf-8").splitlines()]
    assert {row["language"] for row in rows} == {"en", "zh-Hant", "zh-Hans"}
    assert not any("@example.com" in row["text"] for row in rows)
    assert all(row["url"].startswith("https://example.com/") for row in rows)
    assert printed.count("(1 e-mail)") == 5
    shutil.rmtree(written.parent)


def test_clean_jsonl_example(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    printed = _script("clean_jsonl.py", [], monkeypatch, capsys)
    assert re.search(r"^b dropped .* a ", printed, re.MULTILINE)  # the Simplified copy is a duplicate of a


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_cli_over_a_folder_and_jsonl(tmp_path: Path) -> None:
    printed = _run("bash", "examples/cli_folder_and_jsonl.sh", str(tmp_path))
    records = list(read_manifest(tmp_path / "folder-out" / "manifest.jsonl"))
    assert sorted(r["id"] for r in records if r["output"]) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert json.loads((tmp_path / "summary.json").read_text())["documents"] == 2
    assert (tmp_path / "report.html").stat().st_size > 200_000 and "(2 documents)" in printed


def test_review_loop_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    printed = _script("review_loop.py", [str(tmp_path)], monkeypatch, capsys)
    assert "second run removes  spliced.txt: [spam] '资金短缺'" in printed
    assert "second run keeps    003_d9720f16208038e2.txt: [boilerplate] '服務熱線:0359-5668082'" in printed
    assert printed.count("second run ") == 2  # nothing else changed


def test_pre_commit_example_uses_the_shipped_hooks_on_the_seeds() -> None:
    config = yaml.safe_load((EXAMPLES / "pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    used = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert {hook["id"] for hook in used} == {"corpusclean-check", "corpusclean-fix"} <= set(hooks)
    assert all(re.search(hook["files"], "corpus/a.txt") and not re.search(hook["files"], "docs/a.txt") for hook in used)
    # what the check hook runs, on a dirty seed and on a clean one
    assert main(["check", str(SEEDS / "001_d93929fd7f9786e3.txt"), "-q", "--workers", "1"]) == EXIT_PROBLEMS
    assert main(["check", str(SEEDS / "expected" / "002_f8df8fdb0c928cbd.txt"), "-q", "--workers", "1"]) == EXIT_OK


def test_the_readme_python_example_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The README's "From Python" block, as written, from the repository root: one of the two
    copies comes out dropped as a duplicate of the other."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"```python\n(.*?)```", readme, flags=re.S) if "clean_documents" in b]
    monkeypatch.chdir(ROOT)
    exec(compile(block, "README.md", "exec"), {})  # noqa: S102 — the documented example itself
    lines = capsys.readouterr().out.splitlines()[-2:]
    assert [line.split()[1] for line in lines].count("dropped") == 1
