"""The pipeline: step selection, option checking, corpus steps, accounting and determinism."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

import pytest
from conftest import NO_STEPS

from corpusclean import ConfigError, Document
from corpusclean._config import Config
from corpusclean._io.readers import Source
from corpusclean._pipeline import (
    Pipeline,
    QualityGate,
    build_document_steps,
    selected_steps,
)


def test_default_order_and_skip_only() -> None:
    assert selected_steps(Config()) == [
        "repair", "boilerplate", "spam", "quality", "repeats", "language", "site-repeat", "site-phrases", "site-script", "dedup",
    ]
    assert selected_steps(Config(only=("language", "repair"))) == ["repair", "language"]
    assert selected_steps(Config(skip=("dedup", "spam")))[-1] == "site-script"


def test_unknown_step_or_option_is_an_error() -> None:
    with pytest.raises(ConfigError, match="unknown step 'spelling'"):
        selected_steps(Config(skip=("spelling",)))
    with pytest.raises(ConfigError, match="has no option"):
        build_document_steps(Config(only=("repair",), steps={"repair": {"no_such_option": 1}}))


def test_quality_gate_drops_below_threshold() -> None:
    low = Document("a", "t", {"quality": {"score": 0.2}})
    high = Document("b", "t", {"quality": {"score": 0.9}})
    gate = QualityGate(0.5)
    assert gate(low).dropped == "low-quality" and "0.200" in low.metadata["drop_detail"]
    assert gate(high).dropped is None


class _CountingStep:
    """A corpus step that drops every document whose text was seen before (exact)."""

    name = "exact"

    def __init__(self) -> None:
        self.first: dict[str, str] = {}

    def fit(self, docs: Iterable[Document]) -> None:
        for doc in docs:
            if not doc.dropped:
                self.first.setdefault(hashlib.sha256(doc.text.encode()).hexdigest(), doc.id)

    def apply(self, doc: Document) -> Document:
        first = self.first[hashlib.sha256(doc.text.encode()).hexdigest()]
        if first != doc.id:
            doc.metadata["dup_of"] = first
            doc.drop("duplicate")
        return doc


@pytest.mark.parametrize("workers", [1, 2])
def test_corpus_step_sees_every_document_and_accounting_balances(workers: int) -> None:
    sources = [Source(id=f"d{i}", text=text) for i, text in enumerate(["x", "y", "x", " ", "y"])]
    pipeline = Pipeline(Config(workers=workers, skip=NO_STEPS))
    docs = list(pipeline.run(sources, [_CountingStep()]))
    assert [d.id for d in docs] == ["d0", "d1", "d2", "d3", "d4"]
    assert [d.dropped for d in docs] == [None, None, "duplicate", "empty", "duplicate"]
    assert docs[2].metadata["dup_of"] == "d0"


def test_worker_count_does_not_change_results(tmp_path: Path) -> None:
    texts = [f"Line {i}\n\nSome text number {i}." for i in range(20)]
    sources = [Source(id=f"d{i}", text=t) for i, t in enumerate(texts)]
    one = [d.to_dict() for d in Pipeline(Config(workers=1, skip=("dedup",))).run(sources)]
    two = [d.to_dict() for d in Pipeline(Config(workers=2, skip=("dedup",))).run(sources)]
    assert one == two


def _boom(text: str, **options: object) -> None:
    raise RuntimeError("a bug")


def test_a_failing_document_step_is_recorded_and_the_run_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from corpusclean._clean import clean_documents
    from corpusclean._pipeline import DOCUMENT_STEPS
    from corpusclean._report import Report

    monkeypatch.setitem(DOCUMENT_STEPS, "spam", _boom)
    docs = list(clean_documents([("a", "Hello world, this is a clean English line."), ("b", "第二行文字。")], workers=1))
    assert [doc.id for doc in docs] == ["a", "b"]
    assert all(doc.metadata["step_errors"] == [{"step": "spam", "error": "RuntimeError: a bug"}] for doc in docs)
    assert all(doc.metadata["language"] != "und" for doc in docs)  # later steps still ran
    report = Report()
    for doc in docs:
        report.add(doc)
    assert report.to_dict()["step_errors"] == {"spam": 2}
    assert "step errors" in report.summary()


def test_a_failing_corpus_step_is_recorded_and_the_run_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from corpusclean._clean import clean_documents
    from corpusclean._spam.site_phrases import SitePhrases

    monkeypatch.setattr(SitePhrases, "apply", lambda self, doc: _boom(doc.text))
    docs = list(clean_documents([("a", "One line."), ("b", "Another line.")], workers=1))
    assert [doc.metadata["step_errors"][0]["step"] for doc in docs] == ["site-phrases", "site-phrases"]
    assert [doc.text for doc in docs] == ["One line.", "Another line."]
