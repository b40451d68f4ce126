"""Tests of the spam step: injected repeats, lexicon phrases, splice flags, and the seeds.

Cases come from `eval/spam/build_cases.py` (real articles with real inserts); the seeds are read
from the repository's `seeds/` folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusclean import ConfigError
from corpusclean._check import accepted_phrases, promote
from corpusclean._document import Document, unsplice
from corpusclean._spam.inserts import FLAG, REVIEW_SCORE, remove_spam, spam
from corpusclean._spam.splices import _trie_pattern
from corpusclean._spam.titles import find_repeats
from corpusclean._spans import claim

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "seeds"


def load_cases(name: str) -> list:
    """A JSON case file from tests/cases/ (also used by test_quality.py)."""
    return json.loads((HERE / "cases" / name).read_text(encoding="utf-8"))


CASES = load_cases("spam.json")
CLEAN = load_cases("spam_clean.json")
SENTENCES = json.loads((HERE / "fixtures" / "spam" / "sentences.json").read_text(encoding="utf-8"))
SITE_HOSTS = json.loads((HERE / "fixtures" / "spam" / "site_hosts.json").read_text(encoding="utf-8"))


def _seed(prefix: str) -> str:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _case(case: dict) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
    return pytest.param(case, id=case["label"], marks=marks)


@pytest.mark.parametrize("case", [_case(c) for c in CASES])
def test_inserts_are_removed(case: dict) -> None:
    assert remove_spam(case["original"]) == case["fixed"]


@pytest.mark.parametrize("case", [pytest.param(c, id=c["label"]) for c in CLEAN])
def test_clean_articles_are_untouched(case: dict) -> None:
    fixed = spam(case["original"])
    assert fixed.text == case["original"]
    assert fixed.edits == []


@pytest.mark.parametrize("case", [pytest.param(c, id=c["label"]) for c in CASES if not c.get("xfail")])
def test_edits_replay_to_the_input(case: dict) -> None:
    fixed = spam(case["original"])
    assert unsplice(fixed.text, fixed.edits) == case["original"]
    assert all(edit.step == "spam" and edit.score is not None for edit in fixed.edits)


def test_seed_004_keeps_at_most_one_title_copy() -> None:
    text = spam(_seed("004")).text
    assert text.count("县长在工园区污染整顿工作会发言") <= 1
    assert text.count("化工园区污染整治") == _seed("004").count("化工园区污染整治")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_seeds_without_injected_repeats_lose_no_sentence(prefix: str) -> None:
    fixed = spam(_seed(prefix))
    assert [e for e in fixed.edits if e.reason == "injected-repeat"] == []
    removed = sum(len(e.before) for e in fixed.edits)
    assert removed <= 0.05 * len(_seed(prefix))


SEED_SPLICES = [
    ("000", "of impact testing machine detection knowledge"),
    ("000", "touching on relevant disciplines such as materials, biology and medicine"),
    ("000", "the anchor chain of our road 1 and 1"),
    ("002", "adopt pure aluminum fin evaporator"),
    ("002", "made use of the principle of leverage"),
    ("002", "The overall software protection function"),
    ("002", "Let the Japan Industrial Machinery Industry Association"),
]


@pytest.mark.xfail(strict=True, reason="novelty runs are only flagged: real news has as many (docs/spam.md)")
@pytest.mark.parametrize(("prefix", "phrase"), SEED_SPLICES, ids=[p[:30] for _, p in SEED_SPLICES])
def test_seed_splices_are_removed(prefix: str, phrase: str) -> None:
    assert phrase not in remove_spam(_seed(prefix))


CLAUSE_SPLICE = "a pasted clause of ordinary words: no signal here tells it from prose yet (docs/spam.md)"
REVIEWED_SPLICES = {
    "of impact testing machine detection knowledge",
    "adopt pure aluminum fin evaporator",
    "the anchor chain of our road 1 and 1",
    "Let the Japan Industrial Machinery Industry Association",
}
"""The seed splices that the review level (`REVIEW_SCORE`) shows as candidates (novelty runs and
product terms)."""


def _review(prefix: str) -> list[dict]:
    return spam(_seed(prefix), flag_score=REVIEW_SCORE).metadata.get("spam_candidates", [])


def _covers(candidate: dict, text: str, phrase: str) -> bool:
    """Whether the candidate points at the splice: 80% of the shorter of the two lies in both (a
    product term inside a splice, or a novelty run around it)."""
    start = text.index(phrase)
    overlap = min(candidate["end"], start + len(phrase)) - max(candidate["start"], start)
    return overlap >= 0.8 * min(len(phrase), candidate["end"] - candidate["start"])


@pytest.mark.parametrize(
    ("prefix", "phrase"),
    [
        pytest.param(*p, id=p[1][:30], marks=[] if p[1] in REVIEWED_SPLICES else [pytest.mark.xfail(strict=True, reason=CLAUSE_SPLICE)])
        for p in SEED_SPLICES
    ],
)
def test_seed_splices_are_candidates_for_review(prefix: str, phrase: str) -> None:
    """Issue #23: the curator sees each splice of 000 and 002 in `explain` and `check`."""
    text = _seed(prefix)
    assert any(_covers(c, text, phrase) for c in _review(prefix))


@pytest.mark.parametrize("prefix", ["000", "002"])
def test_seeds_have_few_other_candidates(prefix: str) -> None:
    """At most three candidates per seed beside its splices, so a review is worth reading."""
    text = _seed(prefix)
    phrases = [p for s, p in SEED_SPLICES if s == prefix]
    others = [c for c in _review(prefix) if not any(_covers(c, text, p) for p in phrases)]
    assert len(others) <= 3


def test_seed_002_splices_are_flagged_on_request() -> None:
    assert "spam_candidates" not in spam(_seed("002")).metadata
    fixed = spam(_seed("002"), flag_score=0.3)
    assert FLAG in fixed.metadata["flags"]
    flagged = " ".join(c["text"] for c in fixed.metadata["spam_candidates"])
    assert "aluminum fin evaporator" in flagged


def test_user_lexicon_phrase_is_removed_mid_sentence() -> None:
    text = "The committee said that the bridge quantum widget sale will reopen in May after repairs."
    assert remove_spam(text, lexicon=["quantum widget sale"]) == (
        "The committee said that the bridge will reopen in May after repairs."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a pasted phrase that ends at a comma still runs on into the sentence before it (only
        # the listed words go: `of` was not listed)
        ("It built a city with a good evaluation of impact testing machine detection knowledge, which is livable.",
         "It built a city with a good evaluation of, which is livable."),
        # recurrence is no doubt for the caller's phrase: every pasted copy goes
        ("The plant impact testing machine detection knowledge grew and the town impact testing machine detection knowledge prospered.",
         "The plant grew and the town prospered."),
        # a line of its own (a heading or list item) is the document's, not a paste
        ("Impact testing machine detection knowledge\nThe plant grew.", "Impact testing machine detection knowledge\nThe plant grew."),
    ],
)
def test_user_lexicon_phrase_goes_wherever_it_runs_into_a_sentence(text: str, expected: str) -> None:
    assert remove_spam(text, lexicon=["impact testing machine detection knowledge"]) == expected



LONG_PHRASE = " ".join(f"word{i}" for i in range(70))
"""A lexicon phrase near the length cap, not periodic (a periodic one only measures backtracking)."""


def test_a_lexicon_phrase_longer_than_the_cap_is_refused() -> None:
    from corpusclean._errors import ConfigError
    from corpusclean._spam.splices import MAX_PHRASE_CHARS

    assert len(LONG_PHRASE) <= MAX_PHRASE_CHARS
    with pytest.raises(ConfigError, match="at most"):
        remove_spam("x", lexicon=["a" * (MAX_PHRASE_CHARS + 1)])

@pytest.mark.parametrize(
    ("text", "lexicon", "expected"),
    [
        # two phrases side by side: both go, neither claims the space the other took
        ("Hello there foo bar today. End.", ["foo", "bar"], "Hello there today. End."),
        # the caller's phrase inside a longer shipped one (`make money`) is still the caller's
        ("The firm will make money online this year.", ["make"], "The firm will money online this year."),
        # case folding that changes length: `ß` is `ss`
        ("Wir bauen die Straße kaufen heute ab.", ["STRASSE KAUFEN"], "Wir bauen die heute ab."),
        # a phrase far longer than any nesting limit
        ("x " + LONG_PHRASE + " y z", [LONG_PHRASE], "x y z"),
        # surrounding spaces in a phrase are not part of it
        ("We buy now cheap goods here.", ["  buy now "], "We cheap goods here."),
    ],
)
def test_user_lexicon_edge_cases(text: str, lexicon: list[str], expected: str) -> None:
    fixed = spam(text, lexicon=lexicon)
    assert fixed.text == expected
    assert unsplice(fixed.text, fixed.edits) == text


@settings(derandomize=True, deadline=None, max_examples=300)
@given(
    st.text(alphabet="ab cAB.,ß發展-\"“”\n", max_size=80),
    st.lists(st.text(alphabet="ab cAß發展-\"“”", min_size=1, max_size=8).filter(lambda p: any(c.isalnum() for c in p)), max_size=5),
)
def test_any_user_lexicon_gives_edits_that_replay_to_the_input(text: str, lexicon: list[str]) -> None:
    """Whatever the phrases (case folding that changes length, quotes, phrases that overlap or
    sit side by side), the step never crashes and its edits restore the input. (A second run may
    still remove something: taking `a b` out of `a a b b` leaves `a b`.)"""
    fixed = spam(text, lexicon=lexicon)
    assert unsplice(fixed.text, fixed.edits) == text
    assert all(edit.after == "" and edit.before for edit in fixed.edits)


@pytest.mark.parametrize(("lexicon", "message"), [("cat", "not one string"), ([None], "must be text"), (["----"], "no letter")])
def test_a_bad_lexicon_is_a_config_error(lexicon: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        spam("A cat sat on a mat.", lexicon=lexicon)  # type: ignore[arg-type]


def test_shipped_phrase_second_character_of_the_text_is_judged_by_both_sides() -> None:
    """`他代开发票…`: the phrase starts at offset 1, and the character before it counts."""
    assert remove_spam("他代开发票了很多次。") == "他了很多次。"


def test_shipped_phrase_before_a_comma_is_only_flagged() -> None:
    """A shipped phrase must sit inside a sentence on both sides to be removed unasked."""
    text = "Officials said the 代开发票, and more, were sold openly."
    fixed = spam(text)
    assert fixed.text == text and fixed.metadata["spam_candidates"][0]["text"] == "代开发票"


@settings(derandomize=True, deadline=None, max_examples=200)
@given(st.sets(st.text(alphabet="abAB 発展-", min_size=1, max_size=6), min_size=1, max_size=12), st.text(alphabet="abAB 発展-.", max_size=60))
def test_trie_pattern_matches_as_the_longest_first_alternation(phrases: set[str], text: str) -> None:
    """The lexicon's trie finds exactly what an alternation of its phrases, longest first, finds."""
    folded = frozenset(p.casefold() for p in phrases)
    flat = "|".join(regex.escape(p) for p in sorted(folded, key=len, reverse=True))
    expected = [m.span() for m in regex.finditer(f"(?:{flat})(?![a-z])", text, regex.IGNORECASE)]
    found = [m.span() for m in regex.finditer(f"(?:{_trie_pattern(folded)})(?![a-z])", text, regex.IGNORECASE)]
    assert found == expected


def test_lower_min_score_removes_flagged_candidates() -> None:
    fixed = spam(_seed("002"), min_score=0.3)
    assert any(e.reason == "keyword-splice" for e in fixed.edits)


@pytest.mark.parametrize(("host", "points"), [(34, (1, 43, 89)), (56, (1, 48, 97)), (58, (1, 42, 111)), (59, (1, 49, 168))])
def test_a_proven_title_paste_takes_its_weaker_copies_too(host: int, points: tuple[int, ...]) -> None:
    """A CMRC article's short title pasted three times: two copies split words (junction evidence
    +3 to +9 nats), the third falls between two words that sit well together (−0.4 to +0.2). Once
    the first two prove the paste, the third goes too; the article's own mentions of its title
    (four in host 34, one in the others) stay."""
    title, _, body = SITE_HOSTS[host]["text"].partition("\n")
    pieces, cursor = [], 0
    for point in points:
        pieces += [body[cursor:point], title]
        cursor = point
    pasted = title + "\n" + "".join(pieces) + body[cursor:]
    assert remove_spam(pasted) == title + "\n" + body


def test_repeats_find_every_copy() -> None:
    [repeat] = [r for r in find_repeats(_seed("004")) if r.text == "县长在工园区污染整顿工作会发言"]
    assert len(repeat.spans) == 4


@settings(derandomize=True, deadline=None, max_examples=100)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=8))
def test_clean_sentences_are_never_changed(sentences: list[str]) -> None:
    text = "\n".join(sentences)
    fixed = spam(text)
    assert fixed.text == text and fixed.edits == []


@settings(derandomize=True, deadline=None, max_examples=100)
@given(st.lists(st.sampled_from(SENTENCES + [c["original"] for c in CASES[:6]]), min_size=1, max_size=4), st.text(max_size=40))
def test_spam_is_idempotent(pieces: list[str], noise: str) -> None:
    once = remove_spam(noise.join(pieces))
    assert remove_spam(once) == once


def test_everyday_lexicon_phrases_are_flagged_not_removed() -> None:
    """`subject to` is in the shipped spam lists, and in real prose (XQuAD Wikipedia)."""
    text = "The treaty was subject to ratification by both parliaments before it took effect."
    fixed = spam(text)
    assert fixed.text == text
    assert fixed.metadata["flags"] == ["possible-splice"]
    assert fixed.metadata["spam_candidates"][0]["text"] == "subject to"


def test_a_phrase_the_caller_adds_is_removed_even_if_everyday() -> None:
    text = "The treaty was big deal ratified by both parliaments before it took effect."
    assert remove_spam(text, lexicon=["big deal"]) == "The treaty was ratified by both parliaments before it took effect."


def test_two_removals_never_claim_the_same_space() -> None:
    """`x A B. y`: A would take the space after it, B (before a full stop) the space before it;
    the second removal stays unwidened instead of overlapping the first."""
    text = "x A B. y"
    taken = [claim(text, [], 2, 3)]
    assert taken == [(2, 4)]
    second = claim(text, taken, 4, 5)
    assert second == (4, 5)
    assert claim(text, [(2, 5)], 4, 5) is None  # the copy itself is already removed


WASI_BLOG = (
    "Emscripten and WASI\n"
    "$ wasmtime hello.wasm\nhello, world!\n"
    "Emscripten uses WASI APIs as much as possible, so programs like this end up using 100% WASI and can run in "
    "WASI-only runtimes.\n"
    "Let's unify as much as possible #\n"
    "One concrete way Emscripten hopes to help here is that by using WASI APIs as much as possible we can avoid "
    "unnecessary API differences. As mentioned earlier, the standalone output can run anywhere.\n"
    "Necessary API differences #\n"
    "We saw that Emscripten uses WASI APIs as much as possible to avoid unnecessary API differences.\n"
)
"""Issue #19: a blog post (webpages_en `readability-v8-blog`) whose author writes the phrase three
times; the spam step removed all three, leaving `Emscripten uses , so programs …`."""
PASTED_UNTITLED = (
    "The council met on Monday to discuss the budget. Members argued that the Cheap flights to Paris book "
    "today plan was too costly for the town.\n"
    "Later the mayor said the Cheap flights to Paris book today vote would wait until spring.\n"
    "Residents who spoke at the meeting asked for Cheap flights to Paris book today more parks and fewer roads.\n"
)

AWARDS_DIALOGUE = (
    "阿飞正传这部电影你知道吗？\n知道呀，是影之杰制作有限公司投资出品由王家卫执导的经典文艺片。\n具体哪年上映的知道吗？\n"
    "知道，是1990年12月15日，一上映便受到好评。\n确实，所以获得了第10届香港电影金像奖最佳影片奖。\n"
    "而导演王家卫也获得了第10届【香港电影金像奖最佳导演】奖。\n也获得了第10届【香港电影金像奖最佳男主角】奖。\n而这个奖项便是张国荣获得的。\n"
)
"""The no-harm audit (genres, KdConv dialogue `kd0-0057`): the phrase recurs glued on both sides,
and its junctions read on (`最佳` + `影片奖`): written, not pasted."""


@pytest.mark.parametrize(
    ("text", "removed"),
    [
        pytest.param(WASI_BLOG, [], id="acronym-led-phrase-of-the-author"),
        pytest.param(AWARDS_DIALOGUE, [], id="long-han-phrase-whose-junctions-read-on"),
        pytest.param(PASTED_UNTITLED, ["Cheap flights to Paris book today"] * 3, id="capitalised-paste-mid-sentence"),
        pytest.param(_seed("004"), ["县长在工园区污染整顿工作会发言"] * 4, id="seed-004-pasted-han-phrase"),
    ],
)
def test_an_authors_recurring_phrase_is_kept_and_a_paste_removed(text: str, removed: list[str]) -> None:
    """Untitled repeats: a capital after a lowercase word shows a paste only when it is a case
    change (an acronym, `WASI`, is capitalised wherever it stands), and a long Han phrase only
    when its junctions do not read on."""
    assert [edit.before.strip() for edit in spam(text).edits if edit.reason == "injected-repeat"] == removed


PROMOTE_TEXT = "Through five years of efforts to adopt pure aluminum fin evaporator, the chemical industry changed."
PROMOTE_CANDIDATES = [{"start": 30, "end": 68, "text": "to adopt pure aluminum fin evaporator,", "score": 0.33, "reason": "keyword-splice"}]


@pytest.mark.parametrize(
    ("choices", "phrases"),
    [
        (["1"], ["to adopt pure aluminum fin evaporator"]),  # the mark at its end is not part of the phrase
        (["all"], ["to adopt pure aluminum fin evaporator"]),
        (["pure aluminum fin evaporator", "1", "1"], ["pure aluminum fin evaporator", "to adopt pure aluminum fin evaporator"]),
    ],
)
def test_accepted_candidates_become_phrases(choices: list[str], phrases: list[str]) -> None:
    doc = Document(id="d", text=PROMOTE_TEXT, metadata={"spam_candidates": PROMOTE_CANDIDATES})
    assert accepted_phrases(doc, choices) == phrases


@pytest.mark.parametrize("choice", ["2", "0", "a phrase the text does not hold", "----"])
def test_a_choice_that_names_no_candidate_is_refused(choice: str) -> None:
    doc = Document(id="d", text=PROMOTE_TEXT + " ----", metadata={"spam_candidates": PROMOTE_CANDIDATES})
    with pytest.raises(ConfigError):
        accepted_phrases(doc, [choice])


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (None, "new phrase\n"),  # the file is created
        ("# site keywords\nold phrase", "# site keywords\nold phrase\nnew phrase\n"),  # a missing last newline is added
        ("New Phrase\n", "New Phrase\n"),  # already there, in another case
    ],
)
def test_promoted_phrases_are_appended_once(tmp_path: Path, before: str | None, after: str) -> None:
    lexicon = tmp_path / "lexicon.txt"
    if before is not None:
        lexicon.write_text(before, encoding="utf-8")
    promote(["new phrase"], lexicon)
    assert lexicon.read_text(encoding="utf-8") == after


def test_explain_accepts_a_candidate_and_the_next_run_removes_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The curator's loop (issue #23): explain shows seed 002's splice as candidate, `--accept`
    writes it to the lexicon file, and the next run given that file removes it."""
    from corpusclean.cli import main

    seed, lexicon = str(next(SEEDS.glob("002_*.txt"))), tmp_path / "spam-lexicon.txt"
    assert main(["explain", seed]) == 0
    numbered = [line for line in capsys.readouterr().out.splitlines() if "aluminum fin evaporator" in line]
    number = regex.search(r"#(\d+) ", numbered[0]).group(1)
    assert main(["explain", seed, "--accept", number, "--spam-lexicon", str(lexicon)]) == 0
    assert lexicon.read_text(encoding="utf-8") == "to adopt pure aluminum fin evaporator\n"
    capsys.readouterr()
    assert main(["explain", seed, "--spam-lexicon", str(lexicon)]) == 0
    assert "[spam/lexicon-phrase]" in capsys.readouterr().out
    assert main(["explain", seed, "--accept", "1"]) == 2  # no lexicon file to add to


def test_check_lists_candidates_as_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    from corpusclean.cli import main

    assert main(["check", str(next(SEEDS.glob("000_*.txt")))]) == 0
    out = capsys.readouterr().out
    assert "warning: [spam/possible-splice]" in out and "impact testing machine" in out
