"""Boilerplate step: one case per line rule (and clean lines that must stay), the seeds, metadata,
the context classifier on real prose, and properties (clean prose unchanged, idempotence)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusclean._boilerplate.context import _chinese_stop_characters, stopwords
from corpusclean._boilerplate.lines import (
    boilerplate,
    find_boilerplate,
    strip_boilerplate,
)
from corpusclean._boilerplate.model import page_probabilities
from corpusclean._boilerplate.rules import light_normalise, rule_hits, rule_keys
from corpusclean._document import reconstruct
from corpusclean._text.script import (
    to_simplified_chars,
    traditional_to_simplified_table,
)

TESTS = Path(__file__).resolve().parent
SEEDS = TESTS.parent / "seeds"
CASES = json.loads((TESTS / "cases" / "boilerplate.json").read_text(encoding="utf-8"))
CLEAN = json.loads((TESTS / "cases" / "boilerplate_clean.json").read_text(encoding="utf-8"))
PROSE = json.loads((TESTS / "fixtures" / "boilerplate" / "prose.json").read_text(encoding="utf-8"))
PROSE_LINES = [line for lang in ("en", "zh") for doc in PROSE[lang] for line in doc["lines"] if line.strip()]


def _seed(prefix: str) -> str:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["label"])
def test_rule_finds_boilerplate_line(case: dict) -> None:
    [hit] = rule_hits([case["original"]])
    assert hit is not None and hit.reason == case["reason"]
    assert hit.fields == case.get("metadata", {})


@pytest.mark.parametrize("case", CLEAN, ids=lambda c: c["label"])
def test_rule_keeps_content_line(case: dict) -> None:
    assert find_boilerplate([case["original"]], context=False) == [None]


@pytest.mark.parametrize("case", CLEAN, ids=lambda c: c["label"])
def test_clean_line_is_byte_identical(case: dict) -> None:
    fixed = boilerplate(case["original"])
    assert fixed.text == case["original"] and fixed.edits == []


def _removed(text: str) -> list[str]:
    return [edit.before.strip() for edit in boilerplate(text).edits]


def test_seed_001_byline_becomes_author() -> None:
    fixed = boilerplate(_seed("001"))
    assert [e.reason for e in fixed.edits] == ["byline"]
    assert fixed.metadata == {"author": "吉政"}


def test_seed_002_loses_detail_tab_and_copyright() -> None:
    removed = _removed(_seed("002"))
    assert "• Detail" in removed and "Copyright © 2011 JIN SHI" in removed
    assert boilerplate(_seed("002")).metadata["published"] == "March 24, 2016"


def test_seed_003_loses_hotline_tabs_and_licence() -> None:
    text = _seed("003")
    fixed = boilerplate(text)
    removed = [e.before.strip() for e in fixed.edits]
    assert "服務熱線:0359-5668082" in removed
    assert removed.count("文章詳情 DETAILS") == 2
    assert any(line.startswith("版權所有") and "ICP" in line for line in removed)
    assert fixed.metadata["published"] == "2023-12-02 16:48:16"
    assert fixed.metadata["source_url"].startswith("https://sdxw.iqilu.com/")


def test_seed_004_loses_the_five_notices() -> None:
    fixed = boilerplate(_seed("004"))
    assert [e.reason for e in fixed.edits] == ["disclaimer"] * 5
    assert fixed.text.startswith("着所有部门乡镇")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_body_sentence_of_a_seed_is_lost(prefix: str) -> None:
    text = _seed(prefix)
    kept = boilerplate(text).text
    for line in text.splitlines():
        body = len(line) > 40 and ("," in line or "。" in line or "，" in line) and "ICP" not in line
        if body and not line[0].isdigit():  # 004 numbered notices are not body
            assert line in kept


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_edits_replay_and_are_idempotent(prefix: str) -> None:
    text = _seed(prefix)
    fixed = boilerplate(text)
    assert reconstruct(fixed.text, fixed.edits) == text
    assert boilerplate(fixed.text).edits == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("正文第一段，内容完整。\n\n版权所有：某某公司", "正文第一段，内容完整。\n"),
        ("正文第一段，内容完整。\r\n版权所有：某某公司", "正文第一段，内容完整。"),
        ("正文第一段，内容完整。\r\n版权所有：某某公司\r\n", "正文第一段，内容完整。\r\n"),
        ("标题\n\n分享到：微信 微博\n\n正文第一段，内容完整。\n", "标题\n\n正文第一段，内容完整。\n"),
    ],
    ids=["final-line", "crlf-final-line", "crlf", "no-doubled-blank-line"],
)
def test_removal_keeps_the_text_well_formed(text: str, expected: str) -> None:
    assert strip_boilerplate(text) == expected


@pytest.mark.parametrize("doc", PROSE["en"] + PROSE["zh"], ids=lambda d: d["id"])
def test_real_article_is_kept_whole(doc: dict) -> None:
    text = "\n".join(doc["lines"]) + "\n"
    assert boilerplate(text).edits == []


MENU = ["Home", "News | Sport | Weather | Travel", "World", "Business", "Politics", "Technology", "Science", "Health"]
FOOTER = ["Related posts", "Privacy Policy", "Terms of Use", "Contact us", "Advertise with us"]


@pytest.mark.parametrize("policy", ["conservative", "aggressive"])
def test_context_never_touches_the_article(policy: str) -> None:
    article = PROSE["en"][0]["lines"]
    reasons = find_boilerplate([*MENU, *article, *FOOTER], policy=policy)  # type: ignore[arg-type]
    assert reasons[len(MENU) : len(MENU) + len(article)] == [None] * len(article)


def test_the_model_scores_the_menu_above_an_article_as_furniture() -> None:
    """Every menu item above the article is more likely furniture than not, every article line
    less; where the policies cut between (the thresholds) is measured on real pages."""
    article = PROSE["en"][0]["lines"]
    lines = [*MENU, *article, *FOOTER]
    known = [hit is not None and not hit.keep for hit in rule_hits(lines)]
    positions, probabilities = page_probabilities(lines, known)
    score = dict(zip(positions, probabilities))
    assert all(score[i] > 0.5 for i in range(len(MENU)) if not known[i])
    assert all(score[i] < 0.5 for i in range(len(MENU), len(MENU) + len(article)))


@pytest.mark.parametrize("policy", ["conservative", "aggressive"])
def test_a_page_that_is_mostly_article_is_left_to_the_rules(policy: str) -> None:
    """A web page is mostly furniture; where the model flags few lines it removes none of them."""
    article = PROSE["en"][0]["lines"]
    page = ["Home", "News | Sport | Weather | Travel", *article, "Related posts", "Privacy Policy"]
    assert find_boilerplate(page, policy=policy) == find_boilerplate(page, context=False)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "removed"),
    [
        ('Email: "Ann"<ann...@example.com> Groups: alt.animals.cat\n\nI would like to invite you to our site.\n', []),
        ("THE DEVIL'S DICTIONARY\n\nby Ambrose Bierce\n\nAUTHOR'S PREFACE\n", []),
        ("KATRINE\n\nCopyright, 1909, by HARPER & BROTHERS.\n\n_All rights reserved._\n\nPublished March, 1909.\n", []),
        ("By Blue Ontario's Shore\n\nBy Blue Ontario's shore,\nAs I mused of these warlike days\n", []),
        ("正文第一段，内容完整。\n联系电话：0359-5668082\n版权所有：某某公司\n", ["联系电话：0359-5668082", "版权所有：某某公司"]),
        ("正文第一段，内容完整。\n責任編輯: 吉政\n", ["責任編輯: 吉政"]),
    ],
    ids=["post-header", "book-author", "book-rights-line", "poem-title", "contact-beside-footer", "closing-byline"],
)
def test_lines_clean_text_shares_with_footers_need_furniture(text: str, removed: list[str]) -> None:
    """Contact, byline and bare rights lines stand in clean text too (a post's header, a book's
    title page, a poem's title): they go only beside another rule's line or at the text's end."""
    assert [edit.before.strip() for edit in boilerplate(text).edits] == removed


@settings(derandomize=True, deadline=None, max_examples=100)
@given(st.lists(st.sampled_from(PROSE_LINES), min_size=1, max_size=12))
def test_clean_prose_is_unchanged(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert boilerplate(text, context=False).text == text


@settings(derandomize=True, deadline=None, max_examples=100)
@given(st.lists(st.sampled_from(PROSE_LINES + [c["original"] for c in CASES]), min_size=1, max_size=15))
def test_boilerplate_is_idempotent(lines: list[str]) -> None:
    once = boilerplate("\n".join(lines), context=False)
    assert boilerplate(once.text, context=False).edits == []
    assert reconstruct(once.text, once.edits) == "\n".join(lines)


def test_bare_date_in_the_middle_is_content() -> None:
    lines = ["Title", "First paragraph of the text.", "Timeline", "Second.", "Third.", "7 May 1856",
             "Fourth.", "Fifth.", "Sixth.", "Seventh."]
    assert find_boilerplate(lines, context=False)[5] is None
    assert find_boilerplate(["7 May 1856", *lines], context=False)[0] == "date"


@settings(derandomize=True, deadline=None, max_examples=60)
@given(st.lists(st.sampled_from(PROSE_LINES + [c["original"] for c in CASES]), min_size=1, max_size=15))
def test_boilerplate_with_context_is_idempotent_and_replayable(lines: list[str]) -> None:
    text = "\n".join(lines)
    fixed = boilerplate(text)
    assert reconstruct(fixed.text, fixed.edits) == text
    assert all(edit.after == "" for edit in fixed.edits)
    assert boilerplate(fixed.text).edits == []


@settings(derandomize=True, deadline=None, max_examples=100)
@given(st.sampled_from(PROSE["en"] + PROSE["zh"]), st.integers(0, 14), st.integers(1, 15))
def test_any_stretch_of_a_real_article_is_unchanged_with_context(doc: dict, start: int, size: int) -> None:
    text = "\n".join(doc["lines"][start : start + size])
    fixed = boilerplate(text)
    assert fixed.text == text and fixed.edits == []


@pytest.mark.xfail(strict=True, reason="known gap: a short page's related headlines stay (docs/boilerplate.md)")
def test_related_headlines_between_article_and_footer_are_found() -> None:
    article = PROSE["zh"][0]["lines"]
    headlines = [doc["lines"][0] for doc in PROSE["zh"][1:]]
    reasons = find_boilerplate([*article, *headlines, "版权所有：某某新闻网"])
    assert all(reason is not None for reason in reasons[len(article) :])


@pytest.mark.parametrize(
    ("line", "kept", "removed"),
    [
        ("Great phone, battery lasts two days. Would buy again! © 2019 PhoneShop. All rights reserved.",
         "Great phone, battery lasts two days. Would buy again!", " © 2019 PhoneShop. All rights reserved."),
        ("送餐很快，味道不错，下次还点。版权所有 © 美团", "送餐很快，味道不错，下次还点。", "版权所有 © 美团"),
    ],
)
def test_a_review_sharing_a_line_with_a_copyright_notice_loses_only_the_notice(line: str, kept: str, removed: str) -> None:
    fixed = boilerplate(line + "\nNext line of the review.\n")
    assert fixed.text == kept + "\nNext line of the review.\n"
    assert [(edit.reason, edit.before) for edit in fixed.edits] == [("copyright", removed)]


@pytest.mark.parametrize("line", ["© 2019 Shop", "Photo: AP. © 2019 The Times", "Copyright © 2011 JIN SHI"])
def test_a_notice_without_sentences_before_it_goes_whole(line: str) -> None:
    [hit] = rule_hits([line])
    assert hit is not None and hit.reason == "copyright" and hit.keep == 0


def test_numbered_steps_at_the_end_of_a_page_are_kept() -> None:
    """Items of a numbered list are the text's own structure, wherever they stand."""
    article = PROSE["en"][0]["lines"]
    steps = ["1. clean the kidney and remove the fat", "2. cut it into small chunks", "3. simmer for 35 minutes"]
    page = ["Home | News | Sport | Weather", *article, *steps]
    for policy in ("conservative", "aggressive"):
        reasons = find_boilerplate(page, policy=policy)  # type: ignore[arg-type]
        assert reasons[-3:] == [None, None, None]


@pytest.mark.parametrize(
    "lines",
    [[], [""], ["版權所有 © 2019", "", "ＡＢＣ 關於我們", "ΣΑΣ 後記"], ["x" * 70, "歷史" * 40, "責任編輯:吉政"]],
)
def test_rule_keys_fold_the_lines_in_one_call_as_each_on_its_own(lines: list[str]) -> None:
    """Short and long joined texts take different folding paths; each line keeps its own key."""
    lights = [light_normalise(line) for line in lines]
    assert rule_keys(lights) == [to_simplified_chars(light).lower() for light in lights]


def test_chinese_stop_characters_are_those_that_fold_onto_the_stoplist() -> None:
    """Counting these in a line counts the stoplist in its Simplified fold, character for character."""
    candidates = set(stopwords("zh")) | {chr(code) for code in traditional_to_simplified_table()}
    assert {ch for ch in candidates if to_simplified_chars(ch) in stopwords("zh")} == _chinese_stop_characters()
