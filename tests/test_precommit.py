"""The pre-commit hooks in a real git repository, installed with the real `pre-commit` package.

The hook environment is built from this checkout's committed HEAD (pre-commit installs a repo
at a revision), so the test is skipped when the working tree is not a git checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs git and a git checkout"),
]

SEED_001 = SEEDS / "001_d93929fd7f9786e3.txt"
CLEAN_002 = SEEDS / "expected" / "002_f8df8fdb0c928cbd.txt"
CLEAN_004 = SEEDS / "expected" / "004_23beacaf73d69e37.txt"


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)


def _commit(repo: Path, *files: str) -> subprocess.CompletedProcess[str]:
    _git(repo, "add", *files)
    result = _git(repo, "commit", "-m", f"add {' '.join(files)}")
    result.stdout += result.stderr
    return result


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    head = _git(ROOT, "rev-parse", "HEAD").stdout.strip()
    repo = tmp_path_factory.mktemp("corpus-repo")
    home = tmp_path_factory.mktemp("pre-commit-home")
    os.environ["PRE_COMMIT_HOME"] = str(home)
    for args in (("init", "-q", "-b", "main"), ("config", "user.email", "t@example.com"), ("config", "user.name", "t")):
        _git(repo, *args)
    (repo / "corpus").mkdir()
    (repo / ".gitignore").write_text(".corpusclean-index.sqlite\n")
    (repo / ".corpusclean.toml").write_text('corpus_root = "corpus"\n')
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head}\n    hooks:\n"
        "      - id: corpusclean-fix\n        files: ^corpus/\n"
        "      - id: corpusclean-check\n        files: ^corpus/\n"
    )
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    _commit(repo, ".gitignore", ".corpusclean.toml", ".pre-commit-config.yaml")
    return repo


def test_clean_document_commits(repo: Path) -> None:
    shutil.copy(CLEAN_002, repo / "corpus" / "chem.txt")
    result = _commit(repo, "corpus/chem.txt")
    assert result.returncode == 0, result.stdout


def test_dirty_seed_fails_then_fix_lets_it_through(repo: Path) -> None:
    shutil.copy(SEED_001, repo / "corpus" / "linfen.txt")
    first = _commit(repo, "corpus/linfen.txt")
    assert first.returncode != 0
    assert "corpus/linfen.txt:1: [repair/pinyin-annotation]" in first.stdout
    assert "區(qū)" not in (repo / "corpus" / "linfen.txt").read_text(encoding="utf-8")  # the fix hook rewrote it
    second = _commit(repo, "corpus/linfen.txt")
    assert second.returncode == 0, second.stdout


def test_traditional_copy_of_an_existing_document_fails_naming_it(repo: Path) -> None:
    shutil.copy(CLEAN_004, repo / "corpus" / "county.txt")
    assert _commit(repo, "corpus/county.txt").returncode == 0
    from opencc import OpenCC

    traditional = OpenCC("s2t").convert(CLEAN_004.read_text(encoding="utf-8"))
    (repo / "corpus" / "county-hant.txt").write_text(traditional, encoding="utf-8")
    result = _commit(repo, "corpus/county-hant.txt")
    assert result.returncode != 0
    assert "[dedup/duplicate] near-duplicate of corpus/county.txt" in result.stdout


def test_near_duplicate_fails_naming_the_original(repo: Path) -> None:
    text = CLEAN_002.read_text(encoding="utf-8").replace("March 24, 2016", "March 25, 2016")
    (repo / "corpus" / "chem-copy.txt").write_text(text, encoding="utf-8")
    result = _commit(repo, "corpus/chem-copy.txt")
    assert result.returncode != 0
    assert "near-duplicate of corpus/chem.txt" in result.stdout


def test_binary_file_fails_with_a_clear_message(repo: Path) -> None:
    (repo / "corpus" / "scan.txt").write_bytes(bytes(range(256)) * 16)
    result = _commit(repo, "corpus/scan.txt")
    assert result.returncode != 0
    assert "corpus/scan.txt:1: [decode/binary] not usable text" in result.stdout
