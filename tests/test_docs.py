"""The documentation site: the CLI reference is the parser's `--help`, every page is in the
navigation, and (where mkdocs is installed, the `docs` extra) `mkdocs build --strict` passes."""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from cli_reference import PAGE, reference, subcommands

from corpusclean.cli import build_parser


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="docs/cli.md is generated with Python 3.11's argparse layout")
def test_cli_reference_is_current() -> None:
    assert PAGE.read_text(encoding="utf-8") == reference(), "run: python scripts/cli_reference.py"


def test_every_flag_and_command_is_in_the_cli_reference() -> None:
    page = PAGE.read_text(encoding="utf-8")
    parser = build_parser()
    for name, sub in {"": parser, **subcommands(parser)}.items():
        assert f"## corpusclean {name}".rstrip() + "\n" in page
        for action in sub._actions:
            if not isinstance(action, argparse._SubParsersAction):
                for option in action.option_strings or [action.metavar or action.dest]:
                    assert option in page, (name, option)


def _nav_files(entries: list) -> list[str]:
    files = []
    for entry in entries:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        files += _nav_files(value) if isinstance(value, list) else [value]
    return files


def test_every_docs_page_is_in_the_site_navigation() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = _nav_files(config["nav"])
    assert sorted(nav) == sorted(p.name for p in (ROOT / "docs").glob("*.md"))


@pytest.mark.integration
@pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None, reason="mkdocs not installed (pip install -e '.[docs]')")
def test_mkdocs_build_strict(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "report" / "index.html").is_file()
