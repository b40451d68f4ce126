"""Clean text comes back from `corpusclean.fix_text` byte-identical, in every case.

The fast half of eval/mojibake/audit_case.py (which runs every line of `../shared/corpora` as
written, in CAPITALS and in Title Case, and every short word alone; figures in docs/mojibake.md):
30 seeded lines of each corpora file (tests/fixtures/mojibake/clean_sample.jsonl, see
tests/fixtures/ATTRIBUTION.md), and the clean lines the repair step once damaged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex

import corpusclean

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "mojibake" / "clean_sample.jsonl"
ROWS = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
_WORD = regex.compile(r"[\p{L}\p{M}]+")

ONCE_DAMAGED = [
    ("Russian headline in capitals (KOI8-R re-reading)", "ЧЛЕНЫ АССАМБЛЕИ УЭЛЬСА НЕ ХОТЯТ"),
    ("Ukrainian in capitals", "УКРАЇНСЬКА"),
    ("Norwegian capitals (ftfy negative case)", "HÅØYA ER BLÅØYD"),
    ("two Norwegian capitals alone", "ÅØ"),
    ("Yoruba in capitals", "YORÙBÁ"),
    ("Welsh 'â' in Title Case", "Mae Pompeo Yn Bwriadu Ymweld Â Pyongyang Fis Nesaf"),
    ("lone pinyin gloss in Wikipedia text", "荨(qián)麻是荨麻科荨麻属的植物。"),
    ("lone doubled full-width comma", "是的，，恭王府历经了清王朝由鼎盛至衰亡的历史进程。"),
    ("doubled comma and full stop, no converter trace", "西歐及北美,。其中分布在中國新疆"),
    ("classical poem title (same-length GBK/Big5/EUC-KR re-readings)", "菀柳"),
    ("classical poem line", "忡忡。"),
    ("classical poem line", "宝筝闲。"),
    ("classical poem title", "猗嗟"),
    ("classical poem character", "氓"),
    ("Big5 round trip through cp950 and Big5-HKSCS", "万花飘落"),
    ("a root sign in clean mathematics", "√2 und 2√π"),
]


def _forms(text: str) -> list[str]:
    return list(dict.fromkeys((text, text.upper(), text.title())))


@pytest.mark.parametrize(("label", "text"), ONCE_DAMAGED, ids=[row[0] for row in ONCE_DAMAGED])
def test_once_damaged_clean_text_is_untouched(label: str, text: str) -> None:
    for form in _forms(text):
        assert corpusclean.fix_text(form) == form


@pytest.mark.parametrize("name", sorted({row["file"] for row in ROWS}))
def test_sampled_corpus_lines_in_every_case_are_untouched(name: str) -> None:
    lines = [row["text"] for row in ROWS if row["file"] == name]
    assert lines
    forms = [form for line in lines for form in _forms(line)]
    words = {word for line in lines for word in _WORD.findall(line) if not word.isascii()}
    forms += [form for word in sorted(words) if len(word) <= 6 for form in _forms(word)]
    changed = [(form, fixed) for form in forms if (fixed := corpusclean.fix_text(form)) != form]
    assert changed == []
