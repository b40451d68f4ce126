"""`corpusclean check`: linter-style problems, exit codes, --fix, --against and languages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SEED_FILES, SEEDS

from corpusclean.cli import main

CLEAN_TEXT = "The committee met on Tuesday to discuss the budget for next year.\n\nIt agreed to raise spending on schools.\n"


SPLICE_MISS = pytest.mark.xfail(strict=True, reason="seed 000's only problems are keyword splices, not yet detected (issue 5)")


@pytest.mark.parametrize(
    "seed", [pytest.param(p, marks=SPLICE_MISS) if p.name.startswith("000") else p for p in SEED_FILES],
    ids=lambda p: p.name[:3],
)
def test_every_seed_has_problems(seed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / seed.name
    shutil.copy(seed, copy)
    assert main(["check", str(copy)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{copy}:")
    assert copy.read_bytes() == seed.read_bytes()  # check alone never writes


def test_clean_file_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "clean.txt"
    path.write_text(CLEAN_TEXT, encoding="utf-8")
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out == ""


def test_fix_rewrites_then_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "001.txt"
    shutil.copy(SEEDS / "001_d93929fd7f9786e3.txt", path)
    assert main(["check", "--fix", str(path)]) == 1
    fixed = path.read_text(encoding="utf-8")
    assert "(qū)" not in fixed and ",," not in fixed
    assert main(["check", "--fix", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == fixed


def test_legacy_encoding_is_a_problem_and_fix_converts_to_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "县政府召开化工园区污染整治工作会议，要求各部门按期完成整治任务，巩固整治成果。\n"
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gb18030"))
    assert main(["check", str(path)]) == 1
    assert "[decode/legacy-encoding]" in capsys.readouterr().out
    assert main(["check", "--fix", str(path)]) == 1
    assert path.read_bytes() == text.encode("utf-8")


def test_language_outside_the_allowed_set_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "en.txt"
    path.write_text(CLEAN_TEXT, encoding="utf-8")
    assert main(["check", str(path), "--allow-language", "zh-Hans"]) == 1
    assert "[language/not-allowed] language en" in capsys.readouterr().out


def test_against_finds_duplicates_and_indexes_only_passing_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    original = (SEEDS / "expected" / "002_f8df8fdb0c928cbd.txt").read_text(encoding="utf-8")
    (corpus / "a.txt").write_text(original, encoding="utf-8")
    new = tmp_path / "b.txt"
    new.write_text(original.replace("2016", "2017"), encoding="utf-8")
    assert main(["check", str(new), "--against", str(corpus)]) == 1
    assert f"near-duplicate of {corpus / 'a.txt'}" in capsys.readouterr().out
    from corpusclean._dedup.index import SignatureIndex

    assert len(SignatureIndex(corpus / ".corpusclean-index.sqlite")) == 1  # b.txt failed: not indexed


def test_binary_file_is_reported_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(bytes(range(256)) * 4)
    assert main(["check", str(path)]) == 1
    assert f"{path}:1: [decode/binary] not usable text" in capsys.readouterr().out


def test_line_numbers_are_lines_of_the_file_on_disk(capsys: pytest.CaptureFixture[str]) -> None:
    seed = SEEDS / "003_d9720f16208038e2.txt"
    main(["check", str(seed)])
    lines = seed.read_text(encoding="utf-8").split("\n")
    for row in capsys.readouterr().out.splitlines():
        if "[boilerplate/" in row and "removes '" in row:
            number = int(row.split(":")[1])
            removed = row.split("removes '", 1)[1][:8]
            assert lines[number - 1].startswith(removed.replace("⏎", "")), row
