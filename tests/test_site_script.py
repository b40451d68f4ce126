"""The site-script corpus step: Chinese text that reads the same in both scripts takes its
site's script when the site is clear about it, and only then. Real lines from tests/cases/lang.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpusclean import clean_documents
from corpusclean._document import Document
from corpusclean._lang.site_script import SiteScript
from corpusclean._lang.tagger import tag_language

CASES = json.loads((Path(__file__).parent / "cases" / "lang.json").read_text(encoding="utf-8"))
NEUTRAL = next(c["original"] for c in CASES if c["label"] == "ud-zh_hk-340")  # 你自己看看吧。
DECIDED = {
    language: [c["original"] for c in CASES if c["language"] == language and c["original"] != NEUTRAL]
    for language in ("zh-Hans", "zh-Hant")
}


def tagged(texts: list[str], site: str = "s") -> list[Document]:
    return [Document(id=str(i), text=t, metadata={"site": site}).apply(tag_language(t)) for i, t in enumerate(texts)]


def settle(docs: list[Document], **options: object) -> list[Document]:
    step = SiteScript(**options)  # type: ignore[arg-type]
    step.fit(docs)
    return [step.apply(doc) for doc in docs]


def test_the_neutral_line_is_a_tie_on_its_own() -> None:
    metadata = tag_language(NEUTRAL).metadata
    assert (metadata["language_score"], metadata["script_basis"]) == (0.5, "none")


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant"])
def test_a_tie_takes_the_script_of_a_clear_site(language: str) -> None:
    docs = tagged(DECIDED[language][:5] + [NEUTRAL])
    before = [dict(doc.metadata) for doc in docs[:-1]]
    out = settle(docs)
    assert out[-1].metadata["language"] == language
    assert out[-1].metadata["script_basis"] == "site"
    assert out[-1].metadata["language_score"] == 1.0
    assert out[-1].metadata["languages"] == {language: 1.0}
    assert out[-1].metadata["script"] == language[3:]
    assert [doc.metadata for doc in out[:-1]] == before  # decided documents are not touched


def test_a_mixed_site_leaves_the_tie() -> None:
    docs = tagged(DECIDED["zh-Hans"][:3] + DECIDED["zh-Hant"][:3] + [NEUTRAL])
    assert settle(docs)[-1].metadata["script_basis"] == "none"


def test_a_site_with_too_few_decided_documents_leaves_the_tie() -> None:
    docs = tagged(DECIDED["zh-Hant"][:4] + [NEUTRAL])
    assert settle(docs)[-1].metadata["script_basis"] == "none"


def test_other_sites_do_not_count() -> None:
    docs = tagged(DECIDED["zh-Hant"][:5], site="tw") + tagged([NEUTRAL], site="elsewhere")
    assert settle(docs)[-1].metadata["script_basis"] == "none"


def test_the_pipeline_settles_ties_from_the_site() -> None:
    texts = DECIDED["zh-Hant"][:5] + [NEUTRAL]
    docs = [Document(id=str(i), text=t, metadata={"site": "hk"}) for i, t in enumerate(texts)]
    out = list(clean_documents(docs, only=("language", "site-script")))
    assert out[-1].metadata["language"] == "zh-Hant"
    assert out[-1].text == NEUTRAL


def test_a_second_fit_starts_afresh() -> None:
    step = SiteScript()
    step.fit(tagged(DECIDED["zh-Hant"][:5] + [NEUTRAL]))
    step.fit(tagged([NEUTRAL]))
    assert step.apply(tagged([NEUTRAL])[0]).metadata["script_basis"] == "none"
