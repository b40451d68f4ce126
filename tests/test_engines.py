"""Engines: the corpus steps' passes in workers give what one process gives; Ray gives what the
local engine gives (integration, needs the `ray` extra)."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import site_corpus

from corpusclean import ConfigError, Document
from corpusclean._boilerplate.site_lines import SiteRepeat
from corpusclean._config import Config
from corpusclean._io.readers import Source, iter_sources
from corpusclean._pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS_STEPS_AND_LANGUAGE = ("language", "site-repeat", "site-phrases", "site-script", "dedup")


def _run(path: Path, **config: Any) -> list[dict[str, Any]]:
    settings = Config(**config)
    return [doc.to_dict() for doc in Pipeline(settings).run(iter_sources([str(path)], settings))]


@pytest.fixture(scope="module")
def sites_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 1,000 real documents in sites, with footers, pasted phrases, script-neutral pages and copies."""
    path = tmp_path_factory.mktemp("sites") / "corpus.jsonl"
    site_corpus.build(path, documents=1200)
    return path


def test_corpus_steps_give_the_same_result_in_workers_as_in_one_process(sites_corpus: Path) -> None:
    one = _run(sites_corpus, workers=1, only=CORPUS_STEPS_AND_LANGUAGE)
    two = _run(sites_corpus, workers=2, only=CORPUS_STEPS_AND_LANGUAGE)
    assert one == two
    steps = {edit["step"] for doc in one for edit in doc["edits"]}
    assert {"site-repeat", "site-phrases"} <= steps  # the corpus exercises every corpus step
    assert any(doc["metadata"].get("script_basis") == "site" for doc in one)
    assert any(doc["metadata"].get("dropped") == "duplicate" for doc in one)


class _DropSecondCopies:
    """A corpus step with only fit/apply (it stays in the parent): drops repeated texts."""

    name = "exact"

    def fit(self, docs: Iterable[Document]) -> None:
        self.first: dict[str, str] = {}
        for doc in docs:
            if not doc.dropped:
                self.first.setdefault(doc.text, doc.id)

    def apply(self, doc: Document) -> Document:
        if self.first[doc.text] != doc.id:
            doc.drop("duplicate")
        return doc


@pytest.mark.parametrize("workers", [1, 2])
def test_a_parent_step_before_a_site_step_acts_before_it_reads(workers: int) -> None:
    footer = "Read the whole story in our weekend edition every Saturday"
    names = ("Ana", "Ben", "Chloe", "Dev", "Emma", "Femi", "Gus", "Hana")
    bodies = [f"{name} wrote about the harbour and the ferries today.\n" for name in names]
    texts = [body + footer for body in bodies] + [bodies[0] + footer]
    sources = [Source(id=f"d{i}", text=text, metadata={"site": "news.example"}) for i, text in enumerate(texts)]
    pipeline = Pipeline(Config(workers=workers, only=("site-repeat",)))
    docs = list(pipeline.run(sources, [_DropSecondCopies(), SiteRepeat()]))
    assert [doc.dropped for doc in docs] == [None] * 8 + ["duplicate"]
    # the footer is on 8 of 8 live pages: the copy was dropped before site-repeat counted
    assert [doc.text for doc in docs[:8]] == [body.rstrip("\n") for body in bodies]


def test_engine_settings_are_checked() -> None:
    with pytest.raises(ConfigError, match="engine must be one of local, ray"):
        Config(engine="spark")
    with pytest.raises(ConfigError, match='is for engine = "ray"'):
        Config(address="ray://head:10001")


def test_ray_engine_without_ray_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError
    with pytest.raises(ConfigError, match=r"pip install 'corpusclean\[ray\]'"):
        Pipeline(Config(workers=1), engine="ray").run([Source(id="a", text="One line.")])


@pytest.fixture(scope="module")
def local_ray() -> Any:
    """A local Ray of 2 CPUs and a small object store, for the module's tests."""
    ray = pytest.importorskip("ray", reason="the Ray engine tests need the ray extra: pip install -e '.[ray]'")
    ray.init(num_cpus=2, object_store_memory=256 << 20, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


VENDORED = (ROOT / "tests" / "fixtures" / "dedup" / "docs.jsonl", ROOT / "tests" / "fixtures" / "no_harm" / "genres_sample.jsonl")
FOOTERS = (
    "Subscribe to the Harbour Weekly newsletter for the best stories, delivered every Friday morning",
    "Letters to the editor may be shortened for reasons of space and clarity before publication",
)


def _dedup_corpus() -> list[Source]:
    """The vendored real texts (57, English, Chinese and 13 genres) in four sites, a third of them
    under one footer (a block shared by unrelated pages), and copies of every second one: a
    reformatted copy, an edited copy (its end cut), an excerpt (its first half) and a copy under
    another footer."""
    texts = [json.loads(line)["text"] for path in VENDORED for line in path.read_text(encoding="utf-8").splitlines()]
    sources = [
        Source(id=f"doc{number:02d}", text=f"{text}\n{FOOTERS[0]}" if number % 3 == 0 else text, metadata={"site": f"site{number % 4}"})
        for number, text in enumerate(texts)
    ]
    for number, text in enumerate(texts[::2]):
        variants = (text.replace("\n", "\n\n"), text[: int(len(text) * 0.9)], text[: len(text) // 2], f"{text}\n{FOOTERS[1]}")
        sources.append(Source(id=f"copy{number:02d}", text=variants[number % 4], metadata={"site": "mirror"}))
    return sources


@pytest.mark.integration
def test_ray_dedup_finds_the_local_clusters(local_ray: Any) -> None:
    """Dedup in the cluster (corpusclean/_engine/ray_dedup.py) against `Deduplicator.fit` in one
    process, on vendored texts (no shared corpora needed): the same drops, kept copies, reasons
    and excerpts."""
    sources = _dedup_corpus()
    only = ("language", "dedup")
    local = [doc.to_dict() for doc in Pipeline(Config(workers=1, only=only)).run(sources)]
    ray = [doc.to_dict() for doc in Pipeline(Config(workers=2, only=only), engine="ray").run(sources)]
    assert ray == local
    dropped = [doc["metadata"] for doc in local if doc["metadata"].get("dropped") == "duplicate"]
    assert len(dropped) >= 20 and any("contained_in" in metadata for metadata in dropped)
    assert len({metadata["kept_because"].split(" (")[0] for metadata in dropped}) >= 2  # the keep policy decided, not only the order


def _clean(out: Path, sources: list[Path], **config: Any) -> dict[str, bytes]:
    from corpusclean._clean import clean_paths

    clean_paths([str(path) for path in sources], out, Config(format="jsonl", **config))
    return {name: (out / name).read_bytes() for name in ("documents.jsonl", "manifest.jsonl")}


@pytest.mark.integration
def test_ray_engine_gives_the_local_engines_bytes(local_ray: Any, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    site_corpus.build(corpus, documents=3000)
    inputs = [corpus, SEEDS]
    local = _clean(tmp_path / "local", inputs, workers=2)
    ray = _clean(tmp_path / "ray", inputs, workers=2, engine="ray")
    assert ray == local
    records = [json.loads(line) for line in local["manifest.jsonl"].decode().splitlines()]
    assert len(records) > 2400
    assert sum(record["status"] == "dropped" for record in records) > 50  # the copies, clustered alike


def _kill_a_busy_ray_worker(stop: threading.Event, killed: list[str]) -> None:
    """Kill (SIGKILL) the first Ray worker seen running a map over documents."""
    while not stop.wait(0.5):
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if title.startswith("ray::") and "Map" in title:
                try:
                    os.kill(int(entry.name), signal.SIGKILL)
                except ProcessLookupError:
                    continue
                killed.append(title.strip())
                return


@pytest.mark.integration
def test_a_killed_ray_worker_changes_nothing(local_ray: Any, tmp_path: Path) -> None:
    """Ray Data retries a task whose worker died and restarts a dead actor; every step is
    deterministic, so the output is the same bytes."""
    corpus = tmp_path / "corpus.jsonl"
    site_corpus.build(corpus, documents=600)
    local = _clean(tmp_path / "local", [corpus], workers=2)
    stop, killed = threading.Event(), []
    killer = threading.Thread(target=_kill_a_busy_ray_worker, args=(stop, killed), daemon=True)
    killer.start()
    try:
        ray = _clean(tmp_path / "ray", [corpus], workers=2, engine="ray")
    finally:
        stop.set()
        killer.join()
    assert killed, "no Ray worker was seen running a map: nothing was killed"
    assert ray == local
