"""The site-phrases corpus step: phrases a site pastes into many of its articles are removed,
whole and nowhere else; a site's own recurring phrases are kept.

Hosts are real articles (tests/fixtures/spam/site_hosts.json, see ATTRIBUTION.md); the pasted
phrases come from the held-out fifth of the real spam lists (never in the shipped lexicon).
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusclean import clean_documents
from corpusclean._document import Document, unsplice
from corpusclean._spam.site_phrases import (
    REASON,
    SitePhrases,
    _clauses,
    _content,
    _Counts,
    _gram_keys,
    _hash,
    _key_traits,
    _may_hold,
    _with_quotes,
    _word_keys,
)
from corpusclean._text.script import to_simplified_chars

HOSTS = json.loads((Path(__file__).parent / "fixtures" / "spam" / "site_hosts.json").read_text(encoding="utf-8"))
TEXTS = {lang: [h["text"] for h in HOSTS if h["lang"] == lang] for lang in ("en", "zh")}
PHRASES = {"en": ["hidden charges", "consolidate debt"], "zh": ["高清在线", "帮忙点下"]}
_POINT = {"en": re.compile(r"(?<=[a-z]) (?=[a-z])"), "zh": re.compile(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])")}


def paste(text: str, phrase: str, lang: str, nth: int) -> str:
    """`text` with `phrase` pasted mid-sentence at its `nth` insertion point (cycling)."""
    points = [m.start() for m in _POINT[lang].finditer(text)]
    point = points[nth % len(points)]
    return text[:point] + (" " + phrase if lang == "en" else phrase) + text[point:]


def site(lang: str, every: int = 3, phrases: list[str] | None = None) -> tuple[list[Document], list[str]]:
    """The language's hosts as one site; of every `every` documents, the first gets the first
    phrase and the second the second (a site spreads its keywords over different pages)."""
    phrases = phrases or PHRASES[lang]
    docs, originals = [], []
    for i, text in enumerate(TEXTS[lang]):
        pasted = text
        if i % every < len(phrases):
            pasted = paste(text, phrases[i % every], lang, 7 * i)
        docs.append(Document(id=f"{lang}{i}", text=pasted, metadata={"site": f"{lang}.example"}))
        originals.append(text)
    return docs, originals


def run(step: SitePhrases, docs: list[Document]) -> list[Document]:
    step.fit(docs)
    return [step.apply(doc) for doc in docs]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pasted_phrases_are_removed_and_nothing_else(lang: str) -> None:
    docs, originals = site(lang)
    pasted = [doc.text for doc in docs]
    out = run(SitePhrases(), docs)
    assert [doc.text for doc in out] == originals
    assert sum(1 for doc in out if doc.edits) == 2 * len(originals) // 3
    for before, after in zip(pasted, out):
        assert unsplice(after.text, after.edits) == before
        assert all(edit.reason == REASON and edit.step == "site-phrases" for edit in after.edits)


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        ("en", ["Buy direct", "Save big"]),  # common words only, but capitalised mid-sentence
        ("zh", ["蚁力神", "有意者"]),  # three Han characters
        ("zh", ["外环站台北侧、内环站台南侧设有换乘通道口"]),  # a clause holding a mark: removed whole
        ("zh", ["后来又改名“榴环台”"]),  # quotes do not split it, and its closing quote goes too
        ("en", ['"directly applicable measures" of the institutions']),
        ("zh", ["“高清在线”", "「帮忙点下」"]),  # a phrase pasted in quotes leaves no empty quotes
        ("en", ['"hidden charges"', "“consolidate debt”"]),
    ],
)
def test_short_phrases_and_clauses_with_marks_are_removed(lang: str, phrases: list[str]) -> None:
    docs, originals = site(lang, phrases=phrases)
    assert [doc.text for doc in run(SitePhrases(), docs)] == originals


def test_everyday_words_pasted_in_lower_case_are_removed() -> None:
    """`buy direct` and `lose weight` are everyday words, but two words of their own (not function
    words: `FUNCTION_ZIPF`) glued into sentence after sentence: a keyword, as issue #23's sites
    paste `sink legs` and `paint rollers`."""
    docs, originals = site("en", phrases=["buy direct", "lose weight"])
    assert [doc.text for doc in run(SitePhrases(), docs)] == originals


@pytest.mark.parametrize(("phrase", "eligible"), [("in the", False), ("für die", False), ("of your", False), ("buy direct", True), ("free money", True)])
def test_function_words_never_make_a_phrase(phrase: str, eligible: bool) -> None:
    assert _key_traits(phrase)[0] is eligible


def test_a_keyword_list_in_title_case_is_removed_and_a_name_kept() -> None:
    """A name (`Donald Trump`) is capitalised in every copy and its last word also stands alone
    after a lowercase word (`… said Trump`); a keyword list pasted in Title Case is not."""
    docs, originals = site("en", phrases=["Hidden Charges", "Consolidate Debt"])
    assert [doc.text for doc in run(SitePhrases(), docs)] == originals
    named, _ = site("en", phrases=["Donald Trump"])
    for doc in named:
        if "Donald Trump" in doc.text:
            doc.text += " Officials said Trump would decide."
    pasted = [doc.text for doc in named]
    assert [doc.text for doc in run(SitePhrases(), named)] == pasted


def _as_own_words(text: str, phrase: str, lang: str, nth: int) -> str:
    """`text` with `phrase` where a site's own vocabulary stands: on odd `nth`, as the last words
    of a sentence (`味道还不错。`, `1 onion, finely chopped`); on even ones inside a sentence."""
    if nth % 2 == 0:
        return paste(text, phrase, lang, nth)
    ends = [m.start() for m in re.finditer(r"(?<=[a-z\u4e00-\u9fff])[.。]", text)]
    point = ends[nth % len(ends)]
    return text[:point] + (" " + phrase if lang == "en" else phrase) + text[point:]


@pytest.mark.parametrize(("lang", "phrase"), [("en", "finely chopped"), ("zh", "性价比不错"), ("en", "bluetooth headset")])
def test_a_sites_own_words_at_clause_edges_are_kept(lang: str, phrase: str) -> None:
    """A review or recipe site repeats its words where sentences and list items open and close;
    a phrase whose copies stand next to a mark more than `max_edge_share` of the time is the
    site's own (the no-harm audit: `性价比`, `还不错`, `finely chopped`, `bluetooth headset`)."""
    docs = [
        Document(id=str(i), text=_as_own_words(text, phrase, lang, i // 3) if i % 3 == 0 else text, metadata={"site": "s"})
        for i, text in enumerate(TEXTS[lang])
    ]
    pasted = [doc.text for doc in docs]
    assert [doc.text for doc in run(SitePhrases(), docs)] == pasted
    assert [doc.text for doc in run(SitePhrases(max_edge_share=1.0), docs)] != pasted  # the edges alone keep it


NAMES = ("王建国", "李明", "张晓红", "陈伟", "刘洋", "赵刚")


@pytest.mark.parametrize("formula", ["本报记者", "新华社记者"])
def test_a_news_sites_byline_formula_is_kept(formula: str) -> None:
    """A news site opens many articles with its byline (`本报记者王建国报道：`, issue #23): the
    formula stands at a line's start, where no paste is glued."""
    docs = [
        Document(id=str(i), text=f"{formula}{NAMES[i % len(NAMES)]}报道：{text}" if i % 2 else text, metadata={"site": "s"})
        for i, text in enumerate(TEXTS["zh"])
    ]
    pasted = [doc.text for doc in docs]
    assert [doc.text for doc in run(SitePhrases(), docs)] == pasted


def test_a_phrase_pasted_at_random_spaces_is_removed() -> None:
    """A tool that pastes at any space lands after `said,` or `end.` as often as words end so:
    in spaced text a mark before a copy is no sign of the site's own words (the engines' test
    corpus pastes so); only a mark or line end after it, or a line start before it, is."""
    docs, originals = [], []
    for i, text in enumerate(TEXTS["en"]):
        originals.append(text)
        if i % 3 == 0:
            comma = text.find(", ")
            text = text[: comma + 2] + "cheap replica watches " + text[comma + 2 :] if comma > 0 and i % 2 else paste(text, "cheap replica watches", "en", i)
        docs.append(Document(id=str(i), text=text, metadata={"site": "s"}))
    assert [doc.text for doc in run(SitePhrases(), docs)] == originals


def test_numbers_are_not_topical() -> None:
    """A fixture list's `Germany 1-0` recurs on many pages; a score says nothing of a topic."""
    assert _content(["germany", "1-0"]) == _content(["germany"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_site_without_pastes_is_untouched(lang: str) -> None:
    docs = [Document(id=str(i), text=text, metadata={"site": "s"}) for i, text in enumerate(TEXTS[lang])]
    assert all(doc.edits == [] for doc in run(SitePhrases(), docs))


def test_small_sites_are_left_alone() -> None:
    docs, _ = site("en", every=1)
    out = run(SitePhrases(min_site_documents=len(docs) + 1), docs)
    assert all(doc.edits == [] for doc in out)


def test_sites_are_counted_apart() -> None:
    """Ten copies of a phrase make it a site phrase; five in each of two sites do not."""
    options = {"min_documents": 6, "min_share": 0.0, "min_site_documents": 10}
    docs, originals = site("zh")
    assert [doc.text for doc in run(SitePhrases(**options), docs)] == originals
    docs, _ = site("zh")
    pasted = [doc.text for doc in docs]
    for i, doc in enumerate(docs):
        doc.metadata["site"] = f"site{i % 2}"
    assert [doc.text for doc in run(SitePhrases(**options), docs)] == pasted


@pytest.mark.parametrize(("documents", "merge_min"), [(1, 1), (40, 1), (40, 1 << 16), (300, 64)])
def test_compact_counts_are_a_counter_of_documents(documents: int, merge_min: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """`_Counts` counts what a `Counter` of each document's distinct keys counts, however its
    queue is merged; `at_least` keeps the keys at a floor, sorted."""
    monkeypatch.setattr("corpusclean._spam.site_phrases.MERGE_MIN", merge_min)
    rng = random.Random(documents)
    counts, expected = _Counts(), Counter[int]()
    for _ in range(documents):
        keys = np.unique(np.array([rng.randrange(1 << 64) if rng.random() < 0.3 else rng.randrange(50) for _ in range(40)], dtype=np.uint64))
        counts.add(keys)
        expected.update(keys.tolist())
    assert counts.at_least(2).tolist() == sorted(key for key, n in expected.items() if n >= 2)
    assert dict(zip(counts.keys.tolist(), counts.counts.tolist())) == {key: n for key, n in expected.items() if n >= 2}


_REFERENCE_CLAUSE = re.compile(r"[^.!?。！？；;:：()（）\n]+")


def _reference_clauses(text: str) -> list[tuple[int, str, list[str]]]:
    """Clauses as defined, clause by clause and word by word: the text folded to Simplified, cut
    at every break, each word (`_TOKEN`) lowered alone."""
    from corpusclean._spam.site_phrases import _TOKEN

    out = []
    for clause in _REFERENCE_CLAUSE.finditer(to_simplified_chars(text)):
        words = [word.lower() for word in _TOKEN.findall(clause.group())]
        if words:
            out.append((clause.start(), clause.group(), words))
    return out


CLAUSE_TEXTS = [
    "",
    "...",
    "Lose Weight fast, lose weight now. 高清在線觀看高清在线",
    "ΟΔΟΣ ⓐΣ aΣ. ΣΑΣ’Σ İstanbul İİ",
    "abc-。def'’x--y (q) \n\n..a",
    "don't — well-known 2018-19 ÉCOLE\nnext line",
    "日本語のテキスト、カタカナ。한국어 문장!",
    *[host["text"] for host in HOSTS[:6]],
]


@pytest.mark.parametrize("text", CLAUSE_TEXTS)
def test_clauses_are_found_in_one_pass_as_clause_by_clause(text: str) -> None:
    """One regex pass and one lowering per document give the clauses, words and word spans that
    cutting and lowering clause by clause, word by word, gives (final sigma, dotted İ, breaks in
    a row, words of hyphens and apostrophes)."""
    found = _clauses(text)
    assert [(c.start, c.text, c.words) for c in found] == _reference_clauses(text)
    simplified = to_simplified_chars(text)
    for clause in found:
        spans = [clause.span(i, i + 1) for i in range(len(clause.words))]
        assert [simplified[a:b].lower() for a, b in spans] == clause.words


@pytest.mark.parametrize("text", CLAUSE_TEXTS)
def test_a_text_holding_a_run_may_hold_it(text: str) -> None:
    """`_may_hold` is a necessary condition: every word run of a clause passes it, so skipping
    the documents it rejects changes nothing."""
    for clause in _clauses(text):
        for first in range(len(clause.words)):
            key = " ".join(clause.words[first : first + 3])
            assert _may_hold(text, [key])
    assert not _may_hold(text, ["zzqx qqzx"])


def test_gram_keys_are_distinct_and_sorted() -> None:
    """Word pairs across commas (one clause) and Han triples, each once: 4 pairs and 6 triples."""
    keys = _gram_keys(_clauses("lose weight fast, lose weight now. 高清在线观看高清在线"))
    assert keys.tolist() == sorted(set(keys.tolist())) and keys.size == 10


def test_gram_keys_are_the_same_in_every_process() -> None:
    """Workers count grams: their keys may not depend on the process (Python's hash() does)."""
    script = "from corpusclean._spam.site_phrases import _clauses, _gram_keys; print(_gram_keys(_clauses('高清在线观看 lose weight fast today。')).tolist())"
    root = Path(__file__).resolve().parent.parent
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=root) for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout.strip() != "[]"


@pytest.mark.parametrize("words", [["lose", "weight", "高"], ["ok", "half\ud800pair", "Σ"], []])
def test_word_keys_are_the_hash_of_each_word(words: list[str]) -> None:
    """The batch keys equal `_hash` word by word, a word holding a lone surrogate (which only
    `surrogatepass` encodes) included: gram keys may not depend on how they were computed."""
    assert _word_keys(words).tolist() == [_hash(word) for word in words]


def test_a_small_site_counts_no_grams() -> None:
    """A site below `min_site_documents` is read once, to count its pages, and never tokenised."""
    docs, _ = site("en")
    step = SitePhrases(min_site_documents=len(docs) + 1)
    step.fit(docs)
    assert not step.wants(1, "en.example") and "en.example" not in step.sites


def test_only_sites_with_phrases_are_held_and_forgetting_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """After `fit` the step holds the states of the sites it removes phrases from only (a clean
    site and a one-page site are forgotten after the pass that shows it); an engine that keeps
    every site (settling them one by one) removes the same."""
    pasted, _ = site("en")
    clean = [Document(id=f"zh{i}", text=text, metadata={"site": "clean.example"}) for i, text in enumerate(TEXTS["zh"])]
    small = [Document(id="small", text=TEXTS["en"][0], metadata={"site": "small.example"})]
    docs = [*pasted, *clean, *small]
    step = SitePhrases()
    step.fit(docs)
    keeping = SitePhrases()
    monkeypatch.setattr(keeping, "settle_all", lambda number: [keeping.settle(number, state) for state in keeping.sites.values()])
    keeping.fit(docs)
    assert list(step.sites) == ["en.example"] and len(keeping.sites) == 3
    assert [step.apply(doc).text for doc in docs] == [keeping.apply(doc).text for doc in docs]


def test_pages_outside_the_baseline_sample_without_a_suspect_run_are_not_sketched(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a baseline sample of 4 pages, the topic pass gives nothing for the pages beyond it
    that hold no suspect run, and the pasted phrases are still found."""
    monkeypatch.setattr("corpusclean._spam.site_phrases.BASELINE_PAIRS", 2)
    docs, originals = site("zh", every=4)
    step = SitePhrases()
    observe = step.observe
    topics: list[object] = []
    monkeypatch.setattr(step, "observe", lambda number, name, doc: topics.append(observe(number, name, doc)) or topics[-1] if number == 3 else observe(number, name, doc))
    unpasted_beyond_sample = [i >= 4 and doc.text == original for i, (doc, original) in enumerate(zip(docs, originals))]
    step.fit(docs)
    assert [step.apply(doc).text for doc in docs] == originals
    assert [found is None for found in topics] == unpasted_beyond_sample and any(unpasted_beyond_sample)


def test_fit_accepts_a_one_shot_iterator() -> None:
    docs, originals = site("zh")
    step = SitePhrases()
    step.fit(iter(docs))
    assert [step.apply(doc).text for doc in docs] == originals


def test_the_pipeline_runs_the_step_over_a_site() -> None:
    docs, originals = site("en")
    out = list(clean_documents(docs, only=("site-phrases",)))
    assert [doc.text for doc in out] == originals


def test_a_second_fit_starts_afresh() -> None:
    docs, originals = site("en")
    step = SitePhrases()
    step.fit(docs)
    step.fit([Document(id=str(i), text=t, metadata={"site": "en.example"}) for i, t in enumerate(originals)])
    assert all(step.apply(doc).edits == [] for doc in site("en")[0])


def test_a_crawl_jsonl_is_split_into_sites_by_url_host(tmp_path: Path) -> None:
    """End to end through the CLI: records of one host carry the pasted phrase, another host's
    records are the same articles untouched; the phrase goes, everything else stays."""
    from corpusclean.cli import main

    docs, originals = site("en")
    records = [{"id": f"spam{i}", "text": doc.text, "url": f"https://www.spam.example/p{i}"} for i, doc in enumerate(docs)]
    records += [{"id": f"news{i}", "text": text, "url": f"https://news.example/{i}"} for i, text in enumerate(originals)]
    source = tmp_path / "crawl.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(source), "-o", str(out), "--format", "jsonl", "--only", "site-phrases", "-q"]) == 0
    cleaned = {r["id"]: r["text"] for r in map(json.loads, (out / "documents.jsonl").read_text(encoding="utf-8").splitlines())}
    assert [cleaned[f"spam{i}"] for i in range(len(originals))] == originals
    assert [cleaned[f"news{i}"] for i in range(len(originals))] == originals


@pytest.mark.parametrize(
    ("phrase", "topical"),
    [
        ("für die", 0),  # German, French, Russian, Spanish function words recur on every page
        ("dans les", 0),
        ("в этом году", 0),
        ("que los", 0),
        ("hidden charges", 2),  # English topical words stay topical
        ("consolidate debt", 2),
    ],
)
def test_common_words_of_every_language_are_not_topical(phrase: str, topical: int) -> None:
    assert len(_content(phrase.split())) == topical


@pytest.mark.parametrize(
    ("text", "span", "widened"),
    [
        ("大陆「高清在线」传统", "高清在线", "「高清在线」"),  # quoted whole: both marks go
        ("改名“榴环台”。", "改名“榴环台", "改名“榴环台”"),  # its own unpaired opening mark
        ('x "directly applicable measures" of y', 'directly applicable measures" of', '"directly applicable measures" of'),
        ("“甲 “乙丙”丁”", "乙丙”丁", "“乙丙”丁"),  # nested: the inner pair, not the outer marks
        ("他说“好”，高清在线。", "高清在线", "高清在线"),  # no quote next to it: unchanged
    ],
)
def test_a_removal_takes_the_quote_marks_that_belong_to_it(text: str, span: str, widened: str) -> None:
    start = text.index(span)
    start, end = _with_quotes(text, start, start + len(span))
    assert text[start:end] == widened



@settings(derandomize=True, deadline=None, max_examples=300)
@given(st.text(alphabet='ab 高清"“”「」『』', min_size=1, max_size=30), st.data())
def test_quote_widening_takes_at_most_one_mark_each_side(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    wide_start, wide_end = _with_quotes(text, start, end)
    assert start - 1 <= wide_start <= start and end <= wide_end <= end + 1 and 0 <= wide_start and wide_end <= len(text)
    assert all(ch in '"“”「」『』' for ch in text[wide_start:start] + text[end:wide_end])
