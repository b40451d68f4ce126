"""Near-duplicate detection: signatures, clustering, keep policy and the dedup corpus step.

Texts are real (tests/fixtures/dedup/docs.jsonl, see ATTRIBUTION.md); variants are made here.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH
from opencc import OpenCC

from corpusclean._dedup.clusters import (
    MEMBER_FACTS,
    Deduplicator,
    Members,
    duplicate_clusters,
    exact_roots,
    find_duplicates,
    member_facts,
    worth_judging,
)
from corpusclean._dedup.index import SignatureIndex
from corpusclean._dedup.minhash import (
    DEFAULT_THRESHOLD,
    SCHEME,
    lean_minhash,
    normalize,
    permutations,
    signatures,
    similarity,
)
from corpusclean._document import Document
from corpusclean._errors import ConfigError

FIXTURES = Path(__file__).parent / "fixtures" / "dedup"
DOCS = {row["id"]: row for row in map(json.loads, (FIXTURES / "docs.jsonl").read_text(encoding="utf-8").splitlines())}
NEWS = DOCS["ntrex-eng-nytimes.184853"]["text"]
OTHER_NEWS = DOCS["ntrex-eng-abcnews.306815"]["text"]
HANT = DOCS["drcd-1147-5"]["text"]
SAME_TOPIC = [DOCS["xquad-zh-0-0"]["text"], DOCS["xquad-zh-0-4"]["text"]]
TEMPLATED = [DOCS[f"ud-zh_gsdsimp-test-s{n}"]["text"] for n in (26, 27, 29)]
PAIR = DOCS["ud-gsd-pair-dev-s479"]


def lines(text: str, start: int, stop: int) -> str:
    return "\n".join(text.split("\n")[start:stop])


def one_sentence_changed(text: str) -> str:
    parts = text.split("\n")
    parts[3] = OTHER_NEWS.split("\n")[3]
    return "\n".join(parts)


POSITIVES = {
    "exact copy": (NEWS, NEWS),
    "reformatted": (NEWS, "  ".join(NEWS.upper().split()).replace(",", " ,")),
    "footer added": (NEWS, NEWS + "\nPrivacy Policy | Terms of Use | Contact us | © 2019 All rights reserved"),
    "one of 21 lines changed": (NEWS, one_sentence_changed(NEWS)),
    "truncated to 80%": (NEWS, lines(NEWS, 0, 17)),
    "paragraphs reordered": (NEWS, "\n".join(reversed(NEWS.split("\n")))),
    "Traditional copy of Simplified (OpenCC)": (SAME_TOPIC[0], OpenCC("s2t").convert(SAME_TOPIC[0])),
    "Simplified copy of Traditional (OpenCC)": (HANT, OpenCC("t2s").convert(HANT)),
    "UD sentence pair (著/着)": (PAIR["text"], PAIR["text_hant"]),
    "full-width punctuation": (HANT, HANT.replace("，", ",").replace("。", ". ")),
}
NEGATIVES = {
    "different news articles": (NEWS, OTHER_NEWS),
    "paragraphs of one Wikipedia article": tuple(SAME_TOPIC),
    "templated sentences differing in numbers": (TEMPLATED[0], TEMPLATED[1]),
    "English and Chinese": (NEWS, HANT),
    "two texts of punctuation only": ("!!! ??? ...", "!!! ??? ..."),
}


@pytest.mark.parametrize("label", POSITIVES)
def test_copies_are_found(label: str) -> None:
    first, second = POSITIVES[label]
    assert find_duplicates([("a", first), ("b", second)]) == {"a": "a" if len(first) >= len(second) else "b", "b": "a" if len(first) >= len(second) else "b"}


@pytest.mark.parametrize("label", NEGATIVES)
def test_different_texts_are_kept_apart(label: str) -> None:
    first, second = NEGATIVES[label]
    assert find_duplicates([("a", first), ("b", second)]) == {"a": "a", "b": "b"}


def test_normalisation_folds_format_case_punctuation_and_script() -> None:
    assert normalize("Hello,\n  WORLD!") == "hello world"
    assert normalize("居住著大量海鳥。") == normalize("居住着大量海鸟")
    assert normalize("ＡＢＣ１２３") == "abc123"


def test_batch_boundaries_do_not_change_signatures() -> None:
    texts = [NEWS, "", HANT, "短", *TEMPLATED, OTHER_NEWS]
    batch = signatures(texts)
    for number, text in enumerate(texts):
        alone = signatures([text])
        assert (alone.hashvalues[0] == batch.hashvalues[number]).all()
        assert alone.exact[0] == batch.exact[number]
    assert batch.sizes[1] == 0 and batch.sizes[3] == 1


def test_character_batches_do_not_change_signatures(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [NEWS, "", HANT, *TEMPLATED, OTHER_NEWS] * 3
    whole = signatures(texts)
    monkeypatch.setattr("corpusclean._dedup.minhash._CHARACTERS_PER_BATCH", 1000)
    split = signatures(texts)
    assert (whole.hashvalues == split.hashvalues).all() and (whole.exact == split.exact).all()
    assert signatures([]).hashvalues.shape == (0, whole.hashvalues.shape[1])


def test_signatures_are_datasketch_minhashes() -> None:
    signed = signatures([NEWS, one_sentence_changed(NEWS), OTHER_NEWS])
    minhashes = [lean_minhash(row) for row in signed.hashvalues]
    assert minhashes[0].jaccard(minhashes[1]) == pytest.approx(similarity(signed.hashvalues[0], signed.hashvalues[1]))
    lsh = MinHashLSH(threshold=DEFAULT_THRESHOLD, num_perm=len(signed.hashvalues[0]))
    lsh.insert("news", minhashes[0])
    assert lsh.query(minhashes[1]) == ["news"]
    assert lsh.query(minhashes[2]) == []


@pytest.mark.parametrize(("num_perm", "seed"), [(128, 1), (64, 7), (256, 42)])
def test_permutations_are_datasketchs(num_perm: int, seed: int) -> None:
    """The permutations are drawn without importing datasketch (its scipy import costs 1.5 CPU-s
    a process); they must stay datasketch's own, or signatures stop being its MinHashes."""
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations
    ours = permutations(num_perm, seed)
    assert ours[0].dtype == ours[1].dtype == np.uint32
    assert np.array_equal(ours[0], a) and np.array_equal(ours[1], b)


def test_clusters_are_transitive() -> None:
    """A~B and B~C above the threshold put A, B and C together although A and C are not close."""
    a, b, c = lines(NEWS, 0, 12), lines(NEWS, 3, 15), lines(NEWS, 6, 18)
    threshold = 0.5
    rows = signatures([a, b, c]).hashvalues
    assert similarity(rows[0], rows[1]) >= threshold and similarity(rows[1], rows[2]) >= threshold
    assert similarity(rows[0], rows[2]) < threshold
    kept = find_duplicates([("a", a), ("b", b), ("c", c)], threshold)
    assert len(set(kept.values())) == 1
    assert duplicate_clusters([("a", a), ("b", b), ("c", c), ("x", OTHER_NEWS)], threshold) == [[kept["a"], *sorted({"a", "b", "c"} - {kept["a"]})]]


def test_short_articles_under_one_long_footer_are_not_merged() -> None:
    """The shared-lines guard: what they share is lines found in many documents."""
    footer = lines(OTHER_NEWS, 10, 16)
    articles = [lines(NEWS, start, start + 2) for start in range(1, 15, 2)]
    docs = [(f"a{n}", f"{article}\n{footer}") for n, article in enumerate(articles)]
    assert similarity(*signatures([docs[0][1], docs[1][1]]).hashvalues) >= DEFAULT_THRESHOLD  # similar as text
    assert duplicate_clusters(docs) == []


def test_a_story_copied_by_many_sites_is_still_one_cluster() -> None:
    docs = [(f"site{n}", f"By staff writer {n}\n{NEWS}") for n in range(8)]
    assert len(duplicate_clusters(docs)) == 1 and len(duplicate_clusters(docs)[0]) == 8


def test_duplicate_clusters_lists_only_groups() -> None:
    docs = [("one", NEWS), ("two", OTHER_NEWS), ("three", NEWS + "\nShare this article"), ("four", HANT)]
    assert duplicate_clusters(docs) == [["three", "one"]]


def _doc(doc_id: str, text: str, flags: int = 0, path: str | None = None) -> Document:
    metadata: dict = {"flags": [f"flag-{n}" for n in range(flags)]}
    if path:
        metadata["source_path"] = path
    return Document(doc_id, text, metadata)


def _run(step: Deduplicator, docs: list[Document]) -> list[Document]:
    step.fit(docs)
    return [doc if doc.dropped else step.apply(doc) for doc in docs]


KEEP_CASES = {
    "fewest flags wins over length": ("best-quality", [(NEWS + "\nMore.", 1, "a.txt"), (NEWS, 0, "b.txt")], 1),
    "longest wins when flags tie": ("best", [(NEWS, 0, "a.txt"), (NEWS + "\nMore text here.", 0, "b.txt")], 1),
    "first path wins on a full tie": ("best", [(NEWS, 0, "z.txt"), (NEWS, 0, "m.txt")], 1),
    "keep=first keeps the first in input order": ("first", [(NEWS, 2, "z.txt"), (NEWS + "\nMore.", 0, "a.txt")], 0),
    "keep=longest ignores flags": ("longest", [(NEWS + "\nMore.", 3, "a.txt"), (NEWS, 0, "b.txt")], 0),
}


@pytest.mark.parametrize("label", KEEP_CASES)
def test_keep_policy(label: str) -> None:
    keep, specs, kept_index = KEEP_CASES[label]
    docs = [_doc(f"d{n}", text, flags, path) for n, (text, flags, path) in enumerate(specs)]
    out = _run(Deduplicator(keep=keep), docs)
    kept, dropped = out[kept_index], out[1 - kept_index]
    assert kept.dropped is None and "dup_of" not in kept.metadata
    assert dropped.dropped == "duplicate" and dropped.metadata["dup_of"] == kept.id


def test_step_skips_dropped_documents_and_leaves_unique_ones() -> None:
    gone = _doc("gone", NEWS)
    gone.drop("low-quality")
    docs = [gone, _doc("news", NEWS), _doc("other", OTHER_NEWS)]
    out = _run(Deduplicator(), docs)
    assert [d.dropped for d in out] == ["low-quality", None, None]
    assert not any("dup_of" in d.metadata for d in out)


def test_step_with_index_finds_copies_of_an_earlier_run(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    first = [_doc("corpus/a.txt", SAME_TOPIC[0]), _doc("corpus/news.txt", NEWS), _doc("corpus/news-copy.txt", NEWS + "\nShare")]
    assert [d.dropped for d in _run(Deduplicator(index=path), first)] == [None, "duplicate", None]
    with SignatureIndex(path) as index:
        assert len(index) == 2 and "corpus/news-copy.txt" in index  # the longer copy was kept and indexed
    second = [
        _doc("incoming/a-hant.txt", OpenCC("s2t").convert(SAME_TOPIC[0])),
        _doc("incoming/other.txt", OTHER_NEWS),
        _doc("corpus/news-copy.txt", NEWS + "\nShare"),
    ]
    out = _run(Deduplicator(index=path), second)
    assert out[0].dropped == "duplicate" and out[0].metadata["dup_of"] == "corpus/a.txt"
    assert out[1].dropped is None and out[2].dropped is None  # a document is never its own duplicate
    with SignatureIndex(path) as index:
        assert len(index) == 3 and "incoming/other.txt" in index


@pytest.mark.parametrize("batch", [1, 2, 7])
def test_fitting_from_sketches_of_any_batches_is_fitting_the_documents(batch: int) -> None:
    """The local engine's workers sketch their shards (`Deduplicator.sketch`, shipped by name)
    and the parent fits from the sketches: the same decisions as `fit` over the documents."""
    gone = _doc("gone", NEWS)
    gone.drop("low-quality")
    texts = [NEWS, OTHER_NEWS, NEWS + "\nShare this article", HANT, OpenCC("t2s").convert(HANT), lines(NEWS, 0, 17)]
    docs = [gone, *(_doc(f"d{n}", text) for n, text in enumerate(texts))]
    whole, sketched = Deduplicator(), Deduplicator()
    whole.fit(docs)
    sketch = pickle.loads(pickle.dumps(Deduplicator.sketch))
    sketched.fit_sketches(sketch(docs[low : low + batch]) for low in range(0, len(docs), batch))
    assert len(whole.dup_of) == 3
    assert (sketched.dup_of, sketched.kept_because, sketched.contained_in) == (whole.dup_of, whole.kept_because, whole.contained_in)


@pytest.mark.parametrize("options", [{"threshold": 0.0}, {"threshold": 1.5}, {"keep": "newest"}, {"containment": 0.0}])
def test_bad_options_are_config_errors(options: dict) -> None:
    with pytest.raises(ConfigError):
        Deduplicator(**options)


def test_similarity_of_a_small_edit_is_high_and_of_other_text_low() -> None:
    rows = signatures([NEWS, one_sentence_changed(NEWS), OTHER_NEWS]).hashvalues
    assert similarity(rows[0], rows[1]) > 0.8
    assert similarity(rows[0], rows[2]) < 0.1
    assert np.all(similarity(rows[0], rows) == [1.0, similarity(rows[0], rows[1]), similarity(rows[0], rows[2])])


def test_an_excerpt_is_contained_in_the_longer_document() -> None:
    """Two thirds of an article (Jaccard ≈ 0.6 of the whole, but all of it inside) is a duplicate,
    reported with `contained_in`; a third of it is not found at the default settings."""
    excerpt = lines(NEWS, 0, 14)
    out = _run(Deduplicator(keep="longest"), [_doc("whole", NEWS), _doc("excerpt", excerpt), _doc("other", OTHER_NEWS)])
    assert out[0].dropped is None and out[2].dropped is None
    assert out[1].dropped == "duplicate" and out[1].metadata["contained_in"] == "whole"


def test_an_article_with_four_copies_does_not_veto_itself() -> None:
    """Its lines are held by five documents, all copies of one another: not a shared block."""
    footer = lines(OTHER_NEWS, 10, 16)
    copies = [NEWS, one_sentence_changed(NEWS), lines(NEWS, 1, 21), lines(NEWS, 0, 18), NEWS + "\n" + footer]
    others = [(f"other{n}", f"{lines(OTHER_NEWS, n, n + 2)}\n{footer}") for n in range(0, 8, 2)]
    clusters = duplicate_clusters([*((f"copy{n}", text) for n, text in enumerate(copies)), *others])
    assert [sorted(cluster) for cluster in clusters] == [[f"copy{n}" for n in range(5)]]


def test_headlines_over_one_disclaimer_are_never_merged() -> None:
    """Footer-only documents: a one-line headline and a disclaimer that unrelated articles carry
    too. They have no body to be a copy of."""
    disclaimer = lines(OTHER_NEWS, 10, 16)
    articles = [(f"article{n}", f"{lines(NEWS, n, n + 3)}\n{disclaimer}") for n in range(0, 15, 3)]
    headlines = [(f"headline{n}", f"{line}\n{disclaimer}") for n, line in enumerate(HANT.split("。")[:4])]
    assert duplicate_clusters([*articles, *headlines]) == []


def test_sketches_are_compact_and_per_document() -> None:
    """What a worker sends on for one document: a 128-value signature and a few numbers."""
    batch = signatures([NEWS, HANT])
    alone = signatures([HANT])
    assert batch.hashvalues.nbytes // len(batch) == 512
    assert (batch.take([1]).line_hashes == alone.line_hashes).all() and batch.chars[1] == alone.chars[0]


def test_documents_tagged_with_different_languages_are_never_merged() -> None:
    """A translation is not a copy, even when names give it character shingles in common; the
    two scripts of Chinese are one language."""
    names = (
        "NFL (Los Angeles Rams, Los Angeles Chargers, San Diego Chargers), NBA (Los Angeles Lakers, Los Angeles Clippers), "
        "MLB (Los Angeles Dodgers, Los Angeles Angels, San Diego Padres), NHL (Los Angeles Kings, Anaheim Ducks), MLS (LA Galaxy, Los Angeles FC)"
    )
    english = _doc("en", f"Professional sports teams in Southern California include the {names}.")
    german = _doc("de", f"Zu den Profimannschaften in Südkalifornien gehören die {names}.")
    english.metadata["language"], german.metadata["language"] = "en", "de"
    hans, hant = _doc("hans", SAME_TOPIC[0]), _doc("hant", OpenCC("s2t").convert(SAME_TOPIC[0]))
    hans.metadata["language"], hant.metadata["language"] = "zh-Hans", "zh-Hant"
    assert find_duplicates([(d.id, d.text) for d in (english, german)]) == {"en": "en", "de": "en"}  # similar as text
    out = _run(Deduplicator(), [english, german, hans, hant])
    assert [d.dropped for d in out] == [None, None, None, "duplicate"]


@pytest.mark.parametrize(
    ("exact", "usable", "items", "roots"),
    [
        ([7, 7, 7], [True, True, True], [0, 1, 2], [0, 0, 0]),  # one run: all join the first
        ([7, 5, 7, 5], [True, True, True, True], [0, 1, 2, 3], [0, 1, 0, 1]),  # two interleaved runs
        ([7, 7, 7], [True, False, True], [0, 1, 2], [0, 1, 2]),  # an unusable document breaks the run
        ([7, 7], [True, True], [9, 4], [4, 4]),  # input order is the items', not the rows'
        ([], [], [], []),
    ],
)
def test_exact_copies_join_the_first_of_their_run(exact: list[int], usable: list[bool], items: list[int], roots: list[int]) -> None:
    """The exact-copy rule both engines use (`Clusterer.clusters`, Ray's stage 2)."""
    found = exact_roots(np.array(exact, np.uint64), np.array(usable, bool), np.array(items, np.int64))
    assert found.tolist() == roots


@pytest.mark.parametrize(
    ("jaccard", "by_line", "first", "second", "kept"),
    [
        (0.9, False, "en", "en", True),
        (0.1, False, "en", "en", False),  # below the containment floor
        (0.1, True, "en", "en", True),  # but found through a common line
        (0.9, False, "en", "de", False),  # a translation is not a copy
        (0.9, False, "", "de", True),  # an untagged document may match any
    ],
)
def test_pairs_worth_judging(jaccard: float, by_line: bool, first: str, second: str, kept: bool) -> None:
    """The scored-pair filter both engines use (`Clusterer.scored_pairs`, Ray's stage 5)."""
    mask = worth_judging(np.array([jaccard]), np.array([by_line]), np.array([first], object), np.array([second], object), "")
    assert mask.tolist() == [kept]


def test_member_facts_are_what_members_add_takes() -> None:
    """One description of a document for the keep policy, in both engines (`MEMBER_FACTS` are
    the Ray engine's columns)."""
    doc = Document(id="a.txt", text="text", metadata={"flags": ["x"], "source_path": "dir/a.txt", "quality": {"score": 0.5}})
    facts = member_facts(doc)
    assert tuple(facts) == MEMBER_FACTS
    members = Members()
    members.add(**facts)
    assert (members.ids, members.lengths, members.flags, members.paths, members.qualities) == (["a.txt"], [4], [1], ["dir/a.txt"], [0.5])
