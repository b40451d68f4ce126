"""Where the package's data files live (rules, word lists, model tables; built by `scripts/`)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
"""The folder of data files shipped in the wheel."""
