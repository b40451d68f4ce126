"""Every entry of an input folder is accounted for: hidden, unreadable and linked ones reach the
manifest with a reason; `follow_links` reads links, refusing loops (#19).

Before: dot-files, a folder that cannot be listed and a symlinked folder were skipped silently
(none appeared in the manifest), and a symlinked file was read without being asked.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corpusclean._config import Config
from corpusclean._io.load import load
from corpusclean._io.readers import iter_sources, walk_folder
from tests.conftest import NO_STEPS

TEXT = "A plain sentence that is long enough to count as text.\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text(TEXT)
    (root / "a.txt").write_text(TEXT)
    (root / ".hidden.txt").write_text(TEXT)
    (root / "sub" / "b.txt").write_text(TEXT)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "c.txt").write_text(TEXT)
    (root / "linked").symlink_to(outside)
    (root / "link.txt").symlink_to(root / "a.txt")
    (root / "sub" / "loop").symlink_to(root)
    return root


def _records(root: Path, config: Config) -> dict[str, tuple[str, str]]:
    docs = [load(source, config) for source in iter_sources([root], config)]
    return {doc.id: (doc.status, doc.dropped or "") for doc in docs}


def test_hidden_and_linked_entries_are_in_the_manifest_with_a_reason(tree: Path) -> None:
    assert _records(tree, Config(workers=1, skip=NO_STEPS)) == {
        ".hidden.txt": ("dropped", "hidden"),
        "a.txt": ("kept", ""),
        "link.txt": ("dropped", "link-not-followed"),
        ".git": ("dropped", "hidden"),
        "linked": ("dropped", "link-not-followed"),
        "sub/b.txt": ("kept", ""),
        "sub/loop": ("dropped", "link-not-followed"),
    }


def test_follow_links_reads_links_but_not_loops(tree: Path) -> None:
    records = _records(tree, Config(workers=1, skip=NO_STEPS, follow_links=True))
    assert records["link.txt"] == ("kept", "")
    assert records["linked/c.txt"] == ("kept", "")
    assert records["sub/loop"] == ("dropped", "link-not-followed")
    assert ".git" in records and records[".git"][1] == "hidden"


def test_a_folder_that_cannot_be_listed_is_unreadable(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_scandir = os.scandir

    def scandir(path: os.PathLike[str] | str) -> object:
        if Path(path).name == "sub":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    config = Config(workers=1, skip=NO_STEPS)
    docs = {d.id: d for d in (load(s, config) for s in iter_sources([tree], config))}
    assert docs["sub"].dropped == "unreadable"
    assert "Permission denied" in docs["sub"].metadata["drop_detail"]


def test_walk_folder_lists_only_files_to_read(tree: Path) -> None:
    assert [p.relative_to(tree).as_posix() for p in walk_folder(tree, Config())] == ["a.txt", "sub/b.txt"]


def test_globs_still_leave_unwanted_files_out_entirely(tree: Path) -> None:
    records = _records(tree, Config(workers=1, skip=NO_STEPS, include=("b.txt",)))
    assert "a.txt" not in records and ".hidden.txt" not in records and records["sub/b.txt"] == ("kept", "")


def test_follow_links_flag_reaches_the_walk(tree: Path, tmp_path: Path) -> None:
    from corpusclean._io.manifest import read_manifest
    from corpusclean.cli import main

    args = ["clean", str(tree), "--workers", "1", "-q", "--only", "language"]
    assert main([*args, "-o", str(tmp_path / "plain")]) == 0
    assert main([*args, "-o", str(tmp_path / "follow"), "--follow-links"]) == 0
    plain = {r["id"]: r.get("reason") for r in read_manifest(tmp_path / "plain" / "manifest.jsonl")}
    follow = {r["id"]: r.get("reason") for r in read_manifest(tmp_path / "follow" / "manifest.jsonl")}
    assert plain["linked"] == "link-not-followed" and "linked" not in follow
    assert follow["linked/c.txt"] is None
