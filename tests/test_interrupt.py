"""Real interruptions of `corpusclean clean` in a subprocess: SIGINT and SIGKILL at several points
of a run that replaces a previous output folder. After each kill the output folder must be the
previous run, whole; `--resume` must then give a folder byte-identical to an uninterrupted run,
with no staging folder and no temporary file left (#19).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpusclean._run import JOURNAL, staging_folder
from tests.conftest import ROOT

pytestmark = pytest.mark.integration

CORPORA = ROOT.parent / "shared" / "corpora"
DOCS = 80


def _corpus(folder: Path) -> Path:
    """DOCS real documents (English and Chinese news) as .txt files, or synthetic ones without the corpora."""
    folder.mkdir()
    texts: list[str] = []
    for name in ("en.jsonl", "zh_hans.jsonl", "zh_hant.jsonl"):
        path = CORPORA / name
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                texts.extend(json.loads(line)["text"][:1500] for _, line in zip(range(DOCS // 3 + 1), handle))
    while len(texts) < DOCS:
        texts.append(f"Synthetic document {len(texts)} about rivers and towns.\n" * 20)
    for number, text in enumerate(texts[:DOCS]):
        (folder / f"{number:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def _command(source: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "corpusclean.cli", "clean", str(source), "-o", str(out), "--workers", "1", "-q", *extra]


def _interruptible(command: list[str]) -> list[str]:
    """`command` (a `python -m corpusclean.cli` line) run so that SIGINT reaches it: unblocked and
    raising KeyboardInterrupt, whatever the test process passed on (a blocked or ignored SIGINT is
    inherited across exec and would leave the run uninterrupted). Done in the child's own Python,
    not in a `preexec_fn`, which is unsafe in a test process that may hold threads."""
    setup = (
        "import runpy, signal, sys; "
        "signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT}); "
        "signal.signal(signal.SIGINT, signal.default_int_handler); "
        "sys.argv = ['corpusclean', *sys.argv[1:]]; "
        "runpy.run_module('corpusclean.cli', run_name='__main__', alter_sys=True)"
    )
    return [command[0], "-c", setup, *command[3:]]


def _snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except OSError:
        return 0


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes], Path, dict[str, bytes]]:
    """The corpus, its uninterrupted output, and a previous run's output (other inputs)."""
    base = tmp_path_factory.mktemp("interrupt")
    source = _corpus(base / "corpus")
    subprocess.run(_command(source, base / "reference"), check=True)
    old_source = base / "old"
    old_source.mkdir()
    (old_source / "x.txt").write_text("An older corpus with one document in it.\n")
    subprocess.run(_command(old_source, base / "old-out"), check=True)
    return source, _snapshot(base / "reference"), old_source, _snapshot(base / "old-out")


@pytest.mark.parametrize(
    ("sig", "after_docs"),
    [
        (signal.SIGINT, 0),  # while starting: no document journaled yet
        (signal.SIGINT, 40),
        (signal.SIGKILL, 5),
        (signal.SIGKILL, 50),
        (signal.SIGKILL, DOCS),  # every document journaled: corpus steps, writing or publishing
    ],
    ids=["SIGINT-start", "SIGINT-40", "SIGKILL-5", "SIGKILL-50", "SIGKILL-end"],
)
def test_kill_then_resume_gives_the_uninterrupted_output(
    tmp_path: Path, reference: tuple[Path, dict[str, bytes], Path, dict[str, bytes]], sig: int, after_docs: int
) -> None:
    source, expected, old_source, old = reference
    out = tmp_path / "out"
    subprocess.run(_command(old_source, out), check=True)
    assert _snapshot(out) == old
    journal = staging_folder(out) / JOURNAL
    process = subprocess.Popen(_interruptible(_command(source, out, "--overwrite")), stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if (after_docs == 0 and staging_folder(out).exists()) or (after_docs and _lines(journal) >= after_docs):
            break
        time.sleep(0.005)
    signalled = process.poll() is None
    if signalled:
        process.send_signal(sig)
    _, stderr = process.communicate(timeout=120)
    killed_early = process.returncode != 0
    assert killed_early or after_docs == DOCS, (
        "the signal was sent but the run went on to the end" if signalled else "the run ended before the signal: make the corpus larger"
    )
    after_kill = _snapshot(out)
    assert after_kill in (old, expected), "the output folder mixes two runs"
    if killed_early and sig == signal.SIGINT:
        assert process.returncode == 130 and "--resume" in stderr
    if after_kill == expected:  # the kill came after publishing: nothing to resume
        return
    resumed = subprocess.run(_command(source, out, "--resume"), capture_output=True, text=True)
    if resumed.returncode == 3 and "nothing to resume" in resumed.stderr:
        # killed before the run had written down what it is: nothing was done, so start it again
        assert _lines(journal) == 0 and after_docs == 0
        resumed = subprocess.run(_command(source, out, "--overwrite"), capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert _snapshot(out) == expected
    assert not staging_folder(out).exists()
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_a_rerun_without_resume_or_overwrite_is_refused_and_says_why(
    tmp_path: Path, reference: tuple[Path, dict[str, bytes], Path, dict[str, bytes]]
) -> None:
    source, expected, _, _ = reference
    out = tmp_path / "out"
    process = subprocess.Popen(_command(source, out))
    journal = staging_folder(out) / JOURNAL
    while process.poll() is None and _lines(journal) < 20:
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    again = subprocess.run(_command(source, out), capture_output=True, text=True)
    assert again.returncode == 3
    assert "give --resume to continue it or --overwrite to start over" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
    assert subprocess.run(_command(source, out, "--overwrite")).returncode == 0
    assert _snapshot(out) == expected
