"""The same inputs give byte-identical outputs and manifest across runs, worker counts and
`PYTHONHASHSEED` (#19): subprocesses, as a user runs it. A failure names the first file that
differs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpusclean._clean import clean_paths
from corpusclean._config import Config
from tests.conftest import ROOT, SEED_FILES

CORPORA = ROOT.parent / "shared" / "corpora"
VENDORED = ROOT / "tests" / "fixtures" / "no_harm" / "genres_sample.jsonl"
"""Used instead where the shared corpora are not beside the checkout (a clean CI clone)."""


def _corpus(folder: Path, per_file: int = 12) -> Path:
    """The seeds plus a few documents of several languages, some of them twice (dedup has work)."""
    folder.mkdir()
    for seed in SEED_FILES:
        (folder / seed.name).write_bytes(seed.read_bytes())
    names = ("en.jsonl", "zh_hans.jsonl", "zh_hant.jsonl", "de.jsonl", "ja.jsonl", "genres.jsonl")
    paths = [CORPORA / name for name in names if (CORPORA / name).exists()] or [VENDORED]
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for number, line in zip(range(per_file), handle):
                text = json.loads(line)["text"][:2500]
                (folder / f"{path.stem}-{number:02d}.txt").write_text(text, encoding="utf-8")
                if number % 5 == 0:
                    (folder / f"{path.stem}-{number:02d}-copy.txt").write_text(text, encoding="utf-8")
    return folder


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _first_difference(a: dict[str, bytes], b: dict[str, bytes]) -> str:
    for name in sorted(set(a) | set(b)):
        if a.get(name) != b.get(name):
            return name
    return ""


def test_two_runs_in_one_process_are_identical(tmp_path: Path) -> None:
    source = _corpus(tmp_path / "in", per_file=3)
    config = Config(workers=1)
    clean_paths([source], tmp_path / "a", config)
    clean_paths([source], tmp_path / "b", config)
    a, b = _snapshot(tmp_path / "a"), _snapshot(tmp_path / "b")
    assert a == b, _first_difference(a, b)


@pytest.mark.integration
def test_worker_counts_and_hash_seeds_give_identical_output(tmp_path: Path) -> None:
    source = _corpus(tmp_path / "in")
    runs = {"workers1-seed0": ("1", "0"), "workers2-seed1": ("2", "1"), "workers1-seed1": ("1", "1")}
    snapshots = {}
    for label, (workers, seed) in runs.items():
        out = tmp_path / label
        subprocess.run(
            [sys.executable, "-m", "corpusclean.cli", "clean", str(source), "-o", str(out), "--workers", workers, "-q"],
            check=True, env={**os.environ, "PYTHONHASHSEED": seed},
        )
        snapshots[label] = _snapshot(out)
    reference = snapshots.pop("workers1-seed0")
    assert len(reference) > 15
    for label, snapshot in snapshots.items():
        assert snapshot == reference, f"{label} differs from workers1-seed0 first in {_first_difference(snapshot, reference)}"
