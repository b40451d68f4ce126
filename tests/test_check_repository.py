"""The shipped hooks compare new files with the repository's committed files (#19).

Before: with the shipped hook and no arguments, a Simplified copy of an already committed
Traditional article was accepted: duplicates were checked only with --against/corpus_root.
Now the hooks pass --against-repo: the corpus is what `git ls-tree HEAD` lists, indexed under
`.git/` (nothing to add to .gitignore).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from corpusclean.cli import main
from tests.conftest import ROOT

TRADITIONAL = (
    "臺灣的夏天十分炎熱，午後常有雷陣雨。許多人會在傍晚到河邊散步，享受涼爽的微風。\n"
    "夜市裡人潮洶湧，攤販販賣各式各樣的小吃，例如蚵仔煎、臭豆腐和珍珠奶茶。\n"
    "觀光客也喜歡到山上看日出，欣賞雲海的壯麗景色，並品嚐當地的高山茶。\n"
)
SIMPLIFIED = (
    "台湾的夏天十分炎热，午后常有雷阵雨。许多人会在傍晚到河边散步，享受凉爽的微风。\n"
    "夜市里人潮汹涌，摊贩贩卖各式各样的小吃，例如蚵仔煎、臭豆腐和珍珠奶茶。\n"
    "观光客也喜欢到山上看日出，欣赏云海的壮丽景色，并品尝当地的高山茶。\n"
)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "corpus-repo"
    (repo / "corpus").mkdir(parents=True)
    _git(repo, "init", "-q")
    (repo / "corpus" / "county-hant.txt").write_text(TRADITIONAL, encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "first article")
    return repo


def test_a_simplified_copy_of_a_committed_article_fails(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(repo)
    (repo / "corpus" / "county-hans.txt").write_text(SIMPLIFIED, encoding="utf-8")
    assert main(["check", "corpus/county-hans.txt", "--against-repo"]) == 1
    out = capsys.readouterr().out
    assert "[dedup/duplicate] near-duplicate of" in out and "county-hant.txt" in out
    assert (repo / ".git" / "corpusclean-index.sqlite").is_file()
    assert not (repo / ".corpusclean-index.sqlite").exists()
    assert main(["check", "corpus/county-hans.txt"]) == 0  # without the flag: no corpus, as before


def test_outside_a_repository_the_flag_checks_without_a_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "alone.txt"
    path.write_text(SIMPLIFIED, encoding="utf-8")
    assert main(["check", str(path), "--against-repo"]) == 0


def test_the_shipped_hooks_pass_the_flag() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert all("--against-repo" in hook["entry"] for hook in hooks)
