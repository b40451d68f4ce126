"""The core type: splice logs every change, and the edit log undoes it exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusclean import Change, Document, Edit, reconstruct, splice
from corpusclean._document import original_offset, unsplice


def test_splice_logs_removed_and_inserted_text() -> None:
    fixed = splice("ab,,cd", "repair", [Change(2, 4, ",", "doubled-punctuation")])
    assert fixed.text == "ab,cd"
    assert fixed.edits == [Edit("repair", "doubled-punctuation", 2, 4, ",,", ",")]


def test_splice_ignores_no_op_changes_and_rejects_overlaps() -> None:
    assert splice("abc", "s", [Change(0, 1, "a", "same")]).edits == []
    with pytest.raises(ValueError, match="overlapping"):
        splice("abcdef", "s", [Change(0, 3, "", "x"), Change(2, 4, "", "y")])
    with pytest.raises(ValueError, match="outside"):
        splice("abc", "s", [Change(2, 9, "", "x")])


@st.composite
def text_and_changes(draw: st.DrawFn) -> tuple[str, list[Change]]:
    text = draw(st.text(max_size=60))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    changes = []
    for start, end in zip(cuts[::2], cuts[1::2]):
        changes.append(Change(start, end, draw(st.text(max_size=5)), "r"))
    return text, changes


@settings(derandomize=True, deadline=None, max_examples=200)
@given(text_and_changes(), text_and_changes())
def test_reconstruct_undoes_any_two_steps(first: tuple[str, list[Change]], second: tuple[str, list[Change]]) -> None:
    text, changes = first
    one = splice(text, "one", changes)
    later = [c for c in second[1] if c.end <= len(one.text)]
    two = splice(one.text, "two", later)
    assert unsplice(one.text, one.edits) == text
    assert reconstruct(two.text, one.edits + two.edits) == text


def test_original_offset_maps_through_removals() -> None:
    text = "title\nFOOTER\nbody line\n"
    fixed = splice(text, "boilerplate", [Change(6, 13, "", "copyright")])
    assert fixed.text == "title\nbody line\n"
    assert original_offset(fixed.text.index("body"), fixed.edits) == text.index("body")
    assert original_offset(2, fixed.edits) == 2


def test_document_apply_merges_flags_and_quality() -> None:
    doc = Document("d", "text", {"flags": ["a"], "quality": {"x": 1}})
    doc.apply(splice("text", "s", [])._replace(metadata={"flags": ["a", "b"], "quality": {"y": 2}}))
    assert doc.metadata == {"flags": ["a", "b"], "quality": {"x": 1, "y": 2}}
    assert doc.status == "kept"


def test_drop_keeps_first_reason_and_round_trips() -> None:
    doc = Document("d", "t").drop("duplicate").drop("low-quality")
    assert doc.dropped == "duplicate" and doc.status == "dropped"
    assert Document.from_dict(doc.to_dict()) == doc
