"""A per-document CPU budget for each document step: a step that runs past it is skipped for that
document and recorded, the other steps still run, and the run goes on (#19).

Before: no bound at all (a 5 MB one-line file took 9 minutes in the spam step).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import regex

import corpusclean._pipeline as pipeline_module
from corpusclean._budget import SKIPPED_STEPS, within_budget
from corpusclean._clean import clean_paths, clean_text
from corpusclean._config import Config
from corpusclean._document import Fixed
from corpusclean._errors import ConfigError
from corpusclean._io.manifest import read_manifest


def _busy(text: str) -> Fixed:
    """A fixer that never finishes on text containing 'stall'."""
    while "stall" in text:
        pass
    return Fixed(text.upper(), [])


def test_a_fixer_past_its_budget_is_skipped_and_says_so() -> None:
    start = time.process_time()
    fixed = within_budget("busy", _busy, 0.2)("please stall")
    assert time.process_time() - start < 5
    assert fixed == Fixed("please stall", [], {SKIPPED_STEPS: [{"step": "busy", "reason": "too-slow", "limit": 0.2}]})
    assert within_budget("busy", _busy, 0.2)("fine") == Fixed("FINE", [])


@pytest.mark.parametrize(("engine", "expression"), [(re, r"(a+)+$"), (regex, r"(a|aa)+$")], ids=["re", "regex"])
def test_the_budget_interrupts_a_catastrophic_regex(engine: object, expression: str) -> None:
    pattern = engine.compile(expression)  # type: ignore[attr-defined]

    def backtracking(text: str) -> Fixed:
        pattern.match(text)
        return Fixed(text, [])

    fixed = within_budget("regex", backtracking, 0.3)("a" * 40 + "b")
    assert fixed.metadata[SKIPPED_STEPS][0]["reason"] == "too-slow"


def test_a_slow_step_in_a_run_is_recorded_in_the_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(pipeline_module.DOCUMENT_STEPS, "quality", lambda text: _busy(text))  # type: ignore[arg-type]
    source = tmp_path / "in"
    source.mkdir()
    (source / "slow.txt").write_text("This document will stall the quality step.\n")
    (source / "fast.txt").write_text("This document is fine and goes through every step.\n")
    clean_text("Warm up: every step loads its models and tables before the budget is tight.")
    config = Config(workers=1, step_time_limit=0.3, skip=("dedup", "site-repeat", "site-phrases"))
    clean_paths([source], tmp_path / "out", config)
    records = {r["id"]: r for r in read_manifest(tmp_path / "out" / "manifest.jsonl")}
    assert records["slow.txt"]["status"] == "kept"
    assert records["slow.txt"]["metadata"][SKIPPED_STEPS] == [{"step": "quality", "reason": "too-slow", "limit": 0.3}]
    assert records["slow.txt"]["language"] == "en"  # the steps after it still ran
    assert SKIPPED_STEPS not in records["fast.txt"]["metadata"]
    assert (tmp_path / "out" / "fast.txt").read_text() == "THIS DOCUMENT IS FINE AND GOES THROUGH EVERY STEP.\n"


def test_the_default_budget_is_on_and_can_be_turned_off() -> None:
    assert Config().step_time_limit == 30.0
    assert Config().max_bytes == 8 * 1024 * 1024
    with pytest.raises(ConfigError, match="step_time_limit"):
        Config(step_time_limit=0)
    assert clean_text("Short text.", step_time_limit=None).text == "Short text."
