"""SiteRepeat: lines shared by many documents of one site are removed; short common lines stay."""

from __future__ import annotations

import pytest

from corpusclean._boilerplate.site_lines import SiteRepeat, normalised_lines
from corpusclean._document import Document

BODIES = [
    "The council met on Monday to discuss the budget for next year.",
    "Rain is expected across the north of the region this weekend.",
    "A new bridge opened to traffic this morning after two years of work.",
    "Schools will reopen after the holiday, the ministry said.",
]
FOOTER = "© 2019 Example News Ltd. All rights reserved."


def _corpus(site: str = "news") -> list[Document]:
    return [
        Document(str(i), f"{body}\nIntroduction\n{FOOTER.replace('2019', str(2019 + i))}\n首页新闻中心关于我们联系我们网站地图\n",
                 {"source_path": f"{site}/page{i}.txt"})
        for i, body in enumerate(BODIES)
    ]


def _run(docs: list[Document], **options) -> list[Document]:
    step = SiteRepeat(**options)
    step.fit(docs)
    return [step.apply(doc) for doc in docs]


def test_shared_footer_removed_short_common_line_kept() -> None:
    for doc, body in zip(_run(_corpus()), BODIES):
        assert doc.text == f"{body}\nIntroduction\n"
        assert [edit.reason for edit in doc.edits] == ["site-repeat", "site-repeat"]


def test_sites_are_counted_apart() -> None:
    docs = _corpus("a")[:2] + _corpus("b")[2:]
    assert all(doc.edits == [] for doc in _run(docs))


def test_metadata_site_wins_over_folder() -> None:
    docs = _corpus()
    for i, doc in enumerate(docs):
        doc.metadata["site"] = f"site{i}"
    assert all(doc.edits == [] for doc in _run(docs))


def test_dropped_documents_are_not_counted_or_changed() -> None:
    docs = _corpus()
    for doc in docs[:2]:
        doc.drop("test")
    out = _run(docs)
    assert all(doc.edits == [] for doc in out)


def test_min_share_threshold() -> None:
    docs = _corpus() + [Document(f"x{i}", f"An unrelated page about {topic} and nothing else.\n", {"source_path": f"news/x{i}.txt"})
        for i, topic in enumerate(["trains", "music", "cooking", "tennis", "gardens"])
    ]
    assert all(doc.edits == [] for doc in _run(docs, min_share=0.5))
    assert any(doc.edits for doc in _run(docs, min_share=0.4))


def test_normalised_lines_fold_years_script_and_punctuation() -> None:
    assert normalised_lines("© 2019 Example!\n版權所有") == normalised_lines("© 2020 example\r\n版权所有")


@pytest.mark.parametrize(
    "text",
    ["", "\n", "版權所有 © 2019\r\n\nＡＢＣ 關於我們\x0bΣΑΣ\u2028后記\n", "x" * 70 + "\n" + "歷史" * 40],
)
def test_normalised_lines_are_each_lines_own_key(text: str) -> None:
    """Folding the joined lines in one call gives each line the key it has on its own (short
    and long texts take different folding paths)."""
    assert normalised_lines(text) == [normalised_lines(line + "\n")[0] for line in text.splitlines()]


def test_site_is_the_site_field_then_the_url_host_then_the_folder() -> None:
    from corpusclean._site import site_of

    assert site_of(Document(id="a", text="", metadata={"site": "s", "url": "https://x.org/a"})) == "s"
    assert site_of(Document(id="a", text="", metadata={"url": "https://www.Example.com/news/1"})) == "example.com"
    assert site_of(Document(id="a", text="", metadata={"url": "not a url", "source_path": "d/f.txt"})) == "d"
    assert site_of(Document(id="a", text="", metadata={"url": "http://[::1/p", "source_path": "d/f.txt"})) == "d"
    assert site_of(Document(id="a", text="", metadata={})) == ""


MENU = ["Home", "World", "Sport", "Culture"]


@pytest.mark.parametrize(
    ("menu", "options", "removed"),
    [
        (MENU, {}, MENU),  # a run of short repeated lines: a navigation bar
        (MENU[:3], {}, MENU[:3]),
        (MENU[:2], {}, []),  # two short lines in a row: below min_block
        (MENU, {"min_block": 5}, []),
        (MENU, {"min_block": 0}, []),  # blocks off: short lines are never counted
        (["1", "2", "3", "4"], {}, []),  # no letter (page numbers, scores, cells): not counted
    ],
)
def test_short_repeated_lines_go_only_in_blocks(menu: list[str], options: dict, removed: list[str]) -> None:
    docs = [
        Document(str(i), "\n".join([*menu, body]) + "\n", {"source_path": f"news/page{i}.txt"})
        for i, body in enumerate(BODIES)
    ]
    for doc, body in zip(_run(docs, **options), BODIES):
        assert [edit.before.strip() for edit in doc.edits] == removed
        assert doc.text.endswith(f"{body}\n")


def test_short_line_between_own_lines_stays() -> None:
    """A short line every page shares, standing alone between the page's own lines, is the
    site's formula (a heading), not a menu."""
    docs = [Document(str(i), f"{body}\nSummary\n{body} Again.\n", {"source_path": f"news/page{i}.txt"})
            for i, body in enumerate(BODIES)]
    assert all(doc.edits == [] for doc in _run(docs))
