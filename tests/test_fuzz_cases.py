"""Inputs the fuzzer (fuzz/fuzz_clean.py) saved — crashes and slow units — replayed through the
same checks (fuzz/targets.py), so a fixed problem stays fixed. See docs/reliability.md."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

CASES = sorted((ROOT / "tests" / "fuzz_cases").glob("*"))
_spec = importlib.util.spec_from_file_location("fuzz_targets", ROOT / "fuzz" / "targets.py")
assert _spec is not None and _spec.loader is not None
targets = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(targets)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_saved_fuzz_input_passes_every_check(case: Path) -> None:
    start = time.process_time()
    targets.one_input(case.read_bytes())
    assert time.process_time() - start < 20, "a slow unit is slow again"


@pytest.mark.parametrize(
    "data",
    [b'{"text": "a\\ud800b\\u0000c"}', "a\ud800b".encode("utf-8", "surrogatepass"), b"\x00" * 64, b"\xff\xfe" + "中文".encode("utf-16-le")],
    ids=["json-escapes", "encoded-surrogate", "nuls", "utf16-bom"],
)
def test_hand_made_edge_inputs(data: bytes) -> None:
    targets.one_input(data)
