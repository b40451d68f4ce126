"""The output folder never lies: staged runs published whole, refusal of another run's folder,
--overwrite, --resume byte-identical to an uninterrupted run (#19).

Before: a second run with other inputs into the same -o left the first run's outputs beside a
new manifest; an interrupted rerun left the old manifest beside new files; a killed run left
outputs with no manifest and an orphan `.manifest.jsonl.*.tmp`; there was no way to resume.
The subprocess tests with real SIGINT/SIGKILL are in test_interrupt.py.
"""

from __future__ import annotations

import fcntl
import os
import json
from pathlib import Path

import pytest

from corpusclean import OutputError
from corpusclean._clean import clean_paths
from corpusclean._config import Config
from corpusclean._io.manifest import read_manifest
from corpusclean._pipeline import Pipeline
from corpusclean._run import JOURNAL, RUN_MARKER, staging_folder
from corpusclean.cli import main
from tests.conftest import SEEDS

CONFIG = Config(workers=1, skip=("dedup", "site-phrases", "site-repeat", "spam", "boilerplate"))


def _texts(count: int, root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (root / f"doc{number:03d}.txt").write_text(
            f"Document number {number} talks about the weather in town {number % 7}.\n"
            f"It rained on day {number} and the river rose by {number % 5} metres.\n",
            encoding="utf-8",
        )
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too) with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_second_run_with_other_inputs_is_refused_then_replaces_the_folder_whole(tmp_path: Path) -> None:
    first, second, out = _texts(12, tmp_path / "first"), _texts(3, tmp_path / "second"), tmp_path / "out"
    clean_paths([first], out, CONFIG)
    before = snapshot(out)
    with pytest.raises(OutputError, match="already holds the output of another run; give --overwrite"):
        clean_paths([second], out, CONFIG)
    assert snapshot(out) == before
    clean_paths([second], out, CONFIG, overwrite=True)
    records = list(read_manifest(out / "manifest.jsonl"))
    outputs = sorted(p.name for p in out.glob("*.txt"))
    assert outputs == sorted(r["output"] for r in records) and len(outputs) == 3
    assert not staging_folder(out).exists()


def test_cli_exit_code_3_with_a_one_line_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    args = ["clean", str(_texts(2, tmp_path / "in")), "-o", str(out), "--workers", "1", "-q", "--only", "language"]
    assert main(args) == 0
    assert main(args) == 3
    assert "--overwrite" in capsys.readouterr().err
    assert main([*args, "--overwrite"]) == 0
    assert main([*args, "--resume"]) == 0  # the same run, complete: nothing lost, nothing mixed


def test_overwrite_never_deletes_a_folder_of_other_files(tmp_path: Path) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    with pytest.raises(OutputError, match="holds no corpusclean output"):
        clean_paths([_texts(2, tmp_path / "in")], out, CONFIG, overwrite=True)
    assert (out / "thesis.tex").read_text() == "years of work"


def test_an_empty_existing_folder_is_used(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    clean_paths([_texts(2, tmp_path / "in")], out, CONFIG)
    assert (out / "manifest.jsonl").is_file() and (out / RUN_MARKER).is_file()


class _Stop(Exception):
    pass


def _interrupt_after(count: int, exc: type[BaseException] = KeyboardInterrupt):  # type: ignore[no-untyped-def]
    seen = []

    def on_document(doc: object) -> None:
        seen.append(doc)
        if len(seen) == count:
            raise exc()

    return on_document


@pytest.mark.parametrize("stop_after", [1, 9, 20])
def test_resume_after_an_interruption_is_byte_identical_and_redoes_no_finished_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop_after: int
) -> None:
    source = _texts(20, tmp_path / "in")
    config = Config(workers=1)  # every step, corpus steps included
    clean_paths([source], tmp_path / "reference", config)
    out = tmp_path / "out"
    clean_paths([_texts(4, tmp_path / "old")], out, config)
    old = snapshot(out)
    with pytest.raises(KeyboardInterrupt):
        clean_paths([source], out, config, _interrupt_after(stop_after), overwrite=True)
    assert snapshot(out) == old  # the previous run, whole: never a mixture
    journal = staging_folder(out) / JOURNAL
    finished = len(journal.read_text(encoding="utf-8").splitlines())
    assert finished >= stop_after
    with pytest.raises(OutputError, match="give --resume to continue it or --overwrite"):
        clean_paths([source], out, config)
    processed = []
    original = Pipeline.load_and_process
    monkeypatch.setattr(
        Pipeline, "load_and_process", lambda self, s: (s.document is None and processed.append(s.id)) or original(self, s)
    )
    clean_paths([source], out, config, resume=True)
    assert len(processed) == 20 - finished
    assert snapshot(out) == snapshot(tmp_path / "reference")
    assert not staging_folder(out).exists()


def test_a_half_written_journal_line_is_cut_and_redone(tmp_path: Path) -> None:
    source = _texts(6, tmp_path / "in")
    clean_paths([source], tmp_path / "reference", CONFIG)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        clean_paths([source], out, CONFIG, _interrupt_after(3))
    journal = staging_folder(out) / JOURNAL
    journal.write_bytes(journal.read_bytes() + b'{"id": "doc00')  # a kill in the middle of a write
    (staging_folder(out) / "out" / ".doc000.txt.x.tmp").parent.mkdir(parents=True, exist_ok=True)
    (staging_folder(out) / "out" / ".doc000.txt.x.tmp").write_text("orphan")
    clean_paths([source], out, CONFIG, resume=True)
    assert snapshot(out) == snapshot(tmp_path / "reference")


def test_resume_refuses_other_inputs_or_settings(tmp_path: Path) -> None:
    source, out = _texts(5, tmp_path / "in"), tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        clean_paths([source], out, CONFIG, _interrupt_after(2))
    with pytest.raises(OutputError, match="other inputs or settings"):
        clean_paths([source], out, CONFIG.with_(min_quality=0.5), resume=True)
    clean_paths([source], out, CONFIG, overwrite=True)  # starts over, removing the staging folder
    assert not staging_folder(out).exists() and len(list(read_manifest(out / "manifest.jsonl"))) == 5


def test_a_run_killed_after_publishing_leaves_nothing_to_resume(tmp_path: Path) -> None:
    source, out = _texts(3, tmp_path / "in"), tmp_path / "out"
    clean_paths([source], out, CONFIG)
    staging = staging_folder(out)
    staging.mkdir()
    (staging / "run.json").write_text((out / RUN_MARKER).read_text())
    (staging / JOURNAL).write_text("")
    clean_paths([source], out, CONFIG, resume=True)  # no complaint, no staging left
    assert not staging.exists()


def test_two_runs_cannot_write_one_folder_at_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    staging = staging_folder(out)
    staging.mkdir(parents=True)
    with open(staging / "run.lock", "a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        with pytest.raises(OutputError, match="another corpusclean run is writing"):
            clean_paths([_texts(1, tmp_path / "in")], out, CONFIG)


def test_the_run_marker_says_what_made_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    clean_paths([SEEDS / "000_526c28e0b012f884.txt"], out, CONFIG)
    marker = json.loads((out / RUN_MARKER).read_text())
    assert marker["inputs"] == [str(SEEDS / "000_526c28e0b012f884.txt")]
    assert "workers" not in marker["settings"] and marker["version"]


def test_resume_with_nothing_to_resume_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    clean_paths([_texts(2, tmp_path / "first")], out, CONFIG)
    with pytest.raises(OutputError, match="nothing to resume"):
        clean_paths([_texts(3, tmp_path / "second")], out, CONFIG, resume=True)


def test_outputs_are_on_disk_before_the_folder_is_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A power cut must not leave a published folder of empty files: the outputs are synced
    before the run marker is written and the folder renamed into place."""
    out = tmp_path / "out"
    seen: list[tuple[bool, bool]] = []
    real_sync = os.sync

    def sync() -> None:
        seen.append((out.exists(), any(staging_folder(out).rglob("*.txt"))))
        real_sync()

    monkeypatch.setattr(os, "sync", sync)
    clean_paths([_texts(3, tmp_path / "in")], out, CONFIG)
    assert seen == [(False, True)]  # once, with every output staged and nothing published yet
    assert (out / RUN_MARKER).exists()
