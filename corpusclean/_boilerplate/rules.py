"""Line rules for boilerplate: footers, licences, hotlines, navigation, share bars, bylines.

Each rule looks at one line on its own (the numbered-notice rule also at the lines next to it)
and says why it is boilerplate, or nothing. The rules are deliberately narrow — a line must *be*
a footer, not merely mention copyright — because losing a sentence of the article is worse than
keeping a footer; the learned line model (`_boilerplate.model`) catches the broad rest.

The patterns and label lists are data (`data/boilerplate_rules.json`, where each rule says why it
exists). They are written once, in Simplified Chinese and lower case, and matched against a
normalised line so that Traditional text, full-width letters, pinyin annotations left by
converters (`編(biān)輯(jí)`) and bullets do not each need their own pattern.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from corpusclean._data import DATA
from corpusclean._text.script import to_simplified_chars

RULES_FILE = DATA / "boilerplate_rules.json"

REASON_OF_FIELD = {"author": "byline", "published": "date", "source": "source", "counter": "meta"}
"""The reason a labelled metadata line gets, from the kind of its first segment."""

METADATA_KEY = {"author": "author", "source": "source_url"}
"""Where a labelled name goes in the document metadata (dates always go to `published`; a source
that is a name, not a URL, goes to `source_name`)."""

EDGE_LINES = (5, 3)
"""How many non-blank lines at the top and at the bottom of a text count as its edges."""

_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}\)")
_BULLETS = re.compile(r"^[\s•·*\-–—►▶▸■□●○◆◇◎★☆※>»›→]+")
_SPACE = re.compile(r"\s+")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    r"(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"|\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}})"
    r"(?:\s*(?:星期|周)[一二三四五六日天])?"
    r"(?:\s*,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)?"
)
_URL = re.compile(r"(?:https?://|www\.)\S+")
_NAME = re.compile(r"(?:[A-Z][\w'’.-]*|[\u3400-\u9fff]+)(?:\s+(?:(?:de|van|von|der|da|del|la|le|bin|al)\s+)?(?:[A-Z][\w'’.-]*|[\u3400-\u9fff]+)){0,3}")
"""A person's name after a bare author label (`by`, `written by`): one to four capitalised (or Han) words, no trailing comma."""
_CONTENT_END = re.compile(r"[.!?。！？…]+[\"'”’」』)）]*")
MIN_CONTENT_WORDS = 4
HAN_PER_WORD = 2
_SENTENCE_MARK = re.compile(r"[。！？；!?;]|[，,].*[，,]")
_EDGE = " \t()（）[]【】<>《》|｜"


def light_normalise(line: str) -> str:
    """The line as people read it: NFKC, no pinyin annotations or leading bullets, single spaces."""
    line = _PINYIN.sub("", unicodedata.normalize("NFKC", line))
    return _SPACE.sub(" ", _BULLETS.sub("", line)).strip()


def rule_keys(lights: Sequence[str]) -> list[str]:
    """The form rules match, per line: Simplified characters, lower case (same length as its
    light form as a rule). The lines are folded in one call: folding maps each character on its
    own and never makes or takes a newline (a light form holds none), so the joined fold splits
    back into the lines' own folds."""
    folded = to_simplified_chars("\n".join(lights)).split("\n") if lights else []
    return [key.lower() for key in folded]


@dataclass(frozen=True)
class RuleHit:
    """Why a line is boilerplate, and the metadata it carries (author, published, source)."""

    reason: str
    fields: dict[str, str] = field(default_factory=dict)
    edge_only: bool = False
    """A bare date with no label: boilerplate (the publication date) only near the top or bottom
    of a text; in the middle it is part of the text (a table, a timeline)."""
    keep: int = 0
    """Characters at the start of the line that are content, not footer: a review and a site's
    copyright notice sharing one line lose only the notice. 0: the whole line is boilerplate."""
    needs_furniture: bool = False
    """A line that clean text has too — a forum post's `Email: …` header, a book's `All rights
    reserved.`, a poem titled `By Blue Ontario's Shore`, `by Ambrose Bierce` under a title: it is
    boilerplate only beside furniture (see `_furnished`)."""


@dataclass(frozen=True)
class _Pattern:
    reason: str
    regex: re.Pattern[str]
    max_chars: int
    needs_furniture: bool


@dataclass(frozen=True)
class _Rules:
    patterns: tuple[_Pattern, ...]
    token_line: re.Pattern[str]
    token_reason: dict[str, str]
    label: re.Pattern[str]
    label_kind: dict[str, str]
    notice_number: re.Pattern[str]
    notice_words: re.Pattern[str]
    notice_min_run: int
    notice_max_chars: int
    any_pattern: re.Pattern[str]
    """All `patterns` in one alternation: no match there, no pattern matches."""
    longest_pattern_line: int
    """The largest `max_chars` of the patterns: no pattern applies to a longer line."""


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """The compiled rules from `data/boilerplate_rules.json` (read once per process)."""
    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    patterns = tuple(
        _Pattern(p["reason"], re.compile(p["pattern"]), p["max_chars"], p.get("needs_furniture", False))
        for p in data["patterns"]
    )
    token_reason = {word: reason for reason, words in data["tokens"].items() if reason != "about" for word in words}
    words = _alternation(list(token_reason))
    separator = r"\s*[|｜/·•>»›\-_,，:]\s*"
    token = rf"(?:[【\[(（<《]\s*(?:{words})\s*[】\])）>》](?:{separator}|\s*)|(?:{words})(?:{separator}|\s+|$))"
    token_line = re.compile(rf"^(?:{token})+$")
    fields = {kind: words for kind, words in data["fields"].items() if kind not in ("about", "no_colon")}
    label_kind = {word: kind for kind, words in fields.items() for word in words}
    label = re.compile(
        rf"(?:^|(?<=[\s|｜/·•,，;；(（\[【]))(?:(?P<label>{_alternation(list(label_kind))})\s*:\s*"
        rf"|(?P<bare>{_alternation(data['fields']['no_colon'])})\s+(?=\S))"
    )
    notice = data["numbered_notice"]
    return _Rules(
        patterns,
        token_line,
        token_reason,
        label,
        label_kind,
        re.compile(notice["number"]),
        re.compile(notice["words"]),
        notice["min_run"],
        notice["max_chars"],
        re.compile("|".join(f"(?:{p.regex.pattern})" for p in patterns)),
        max(p.max_chars for p in patterns),
    )


def _pattern_hit(key: str) -> RuleHit | None:
    """The first data pattern that matches a line short enough for it."""
    table = rules()
    if len(key) > table.longest_pattern_line or not table.any_pattern.search(key):
        return None  # one search answers for all the patterns on most lines
    for pattern in table.patterns:
        if len(key) <= pattern.max_chars and pattern.regex.search(key):
            return RuleHit(pattern.reason, needs_furniture=pattern.needs_furniture)
    return None


def _token_hit(key: str) -> RuleHit | None:
    """A line made only of navigation, share or tab labels ('首页 | 联系我们', '• Detail')."""
    table = rules()
    if len(key) > 120 or not table.token_line.match(key):
        return None
    first = re.match(r"[【\[(（<《\s]*(.*)", key).group(1)
    for word in sorted(table.token_reason, key=len, reverse=True):
        if first.startswith(word):
            return RuleHit(table.token_reason[word])
    return None


def _valid_value(kind: str, value: str) -> bool:
    """Whether a labelled value looks like what its label promises (else the line is prose)."""
    if not value or _SENTENCE_MARK.search(value):
        return False
    if kind == "source":
        return bool(_URL.fullmatch(value)) or len(value) <= 40
    if kind == "counter":
        return len(value) <= 12 and any(ch.isdigit() for ch in value)
    # author names: short, no clause punctuation, not starting with a number ("By 2020, …")
    return len(value) <= 30 and len(value.split()) <= 4 and not re.search(r"^\d|[,，.]$|, ", value)


def _field_hit(light: str, key: str) -> RuleHit | None:
    """A line made only of 'label: value' segments and dates ('責任編輯: 吉政', '编辑:2023-12-02')."""
    if len(key) > 160:
        return None
    if len(light) != len(key):
        light = key
    stripped = key.strip(_EDGE)
    offset = key.index(stripped) if stripped else 0
    table = rules()
    labels = list(table.label.finditer(stripped))
    starts = [m.start() for m in labels] + [len(stripped)]
    head = stripped[: starts[0]].strip(_EDGE + ",，")
    segments: list[tuple[str, int, int]] = []  # (kind, start, end) in `stripped`
    if head:
        date = _DATE.fullmatch(head)
        if not date:
            return None
        segments.append(("published", 0, len(head)))
    for match, end in zip(labels, starts[1:]):
        kind = table.label_kind[match.group("label") or match.group("bare")]
        if kind == "author" and match.group("bare") and not _NAME.fullmatch(light[offset + match.end() : offset + end].strip()):
            return None  # 'by the hand,' is a line of a poem; 'By Jane Smith' names a person
        segments.append((kind, match.end(), end))
    if not segments:
        return None
    fields: dict[str, str] = {}
    kinds: list[str] = []
    for kind, start, end in segments:
        value_key = stripped[start:end].strip(_EDGE + ",，")
        value = light[offset + start : offset + end].strip(_EDGE + ",，")
        date = _DATE.search(value_key)
        if date and kind in ("author", "published"):
            fields.setdefault("published", value[date.start() : date.end()])
            rest = (value_key[: date.start()] + value_key[date.end() :]).strip(_EDGE + ",，")
            kinds.append("published")
            if not rest:
                continue
            if kind == "published" or not _valid_value(kind, rest):
                return None
            value = (value[: date.start()] + value[date.end() :]).strip(_EDGE + ",，")
        elif kind == "published" or not _valid_value(kind, value_key):
            return None
        kinds.append(kind)
        if kind in METADATA_KEY:
            named_source = kind == "source" and not _URL.fullmatch(value)
            fields.setdefault("source_name" if named_source else METADATA_KEY[kind], value)
    first = next((k for k in kinds if k != "counter"), "counter")
    return RuleHit(REASON_OF_FIELD[first], fields, edge_only=not labels, needs_furniture=first == "author")


def _numbered_notices(keys: Sequence[str]) -> set[int]:
    """Indexes of lines in runs of numbered document-site notices ('1、该文档不包含其他附件…')."""
    table = rules()
    flagged: set[int] = set()
    run: list[int] = []
    for index, key in enumerate([*keys, None]):
        if (
            key is not None
            and len(key) <= table.notice_max_chars
            and table.notice_number.match(key)
            and table.notice_words.search(key)
        ):
            run.append(index)
            continue
        if key == "" and run:
            continue  # blank lines do not break a run
        if len(run) >= table.notice_min_run:
            flagged.update(run)
        run = []
    return flagged


def rule_hits(lines: Sequence[str]) -> list[RuleHit | None]:
    """For each line, the rule that makes it boilerplate, or None."""
    lights = [light_normalise(line) for line in lines]
    keys = rule_keys(lights)
    notices = _numbered_notices(keys)
    filled = [index for index, key in enumerate(keys) if key]
    edges = set(filled[:EDGE_LINES[0]] + filled[len(filled) - EDGE_LINES[1] :])
    hits: list[RuleHit | None] = []
    for index, (light, key) in enumerate(zip(lights, keys)):
        if not key:
            hits.append(None)
        elif index in notices:
            hits.append(RuleHit("disclaimer"))
        else:
            hit = _field_hit(light, key) or _token_hit(key) or _pattern_hit(key)
            if hit and hit.reason == "copyright":
                hit = _content_before(lines[index], hit)
            hits.append(None if hit and hit.edge_only and index not in edges else hit)
    return _furnished(hits, filled)


def _furnished(hits: list[RuleHit | None], filled: Sequence[int]) -> list[RuleHit | None]:
    """`hits` without the `needs_furniture` hits that stand away from page furniture.

    Such lines come in runs (`电话: …`, `传真: …`, `地址: …`); a run holds when the non-blank line
    just before or just after it is another rule's hit, or when it ends the text (a footer, a
    closing `責任編輯: 吉政`). A run alone at the top or in the middle of a text — a post's header,
    a poem's title, a book's rights line — is the text's own."""
    result = list(hits)
    run: list[int] = []
    for rank, index in enumerate([*filled, None]):
        hit = hits[index] if index is not None else None
        if hit is not None and hit.needs_furniture:
            run.append(rank)
            continue
        if run:
            before = filled[run[0] - 1] if run[0] > 0 else None
            beside = hit is not None or (before is not None and hits[before] is not None)
            if not beside and index is not None:
                for r in run:
                    result[filled[r]] = None
        run = []
    return result


def _content_before(line: str, hit: RuleHit) -> RuleHit:
    """`hit` with `keep` set when the notice follows whole sentences of content on its line.

    The sentences before the notice must end with sentence punctuation and hold at least
    `MIN_CONTENT_WORDS` words (a Han character counting as `HAN_PER_WORD`), so `© 2019 Shop`
    or `Photo: AP. © 2019` stay whole-line notices while a review ending in a footer is kept."""
    key = to_simplified_chars(line).lower()
    if len(key) != len(line):
        return hit
    starts = [m.start() for p in rules().patterns if p.reason == "copyright" for m in [p.regex.search(key)] if m]
    if not starts:
        return hit
    ends = list(_CONTENT_END.finditer(line, 0, min(starts)))
    if not ends:
        return hit
    kept = line[: ends[-1].end()]
    han = sum("\u3400" <= ch <= "\u9fff" for ch in kept)
    if len(re.findall(r"[^\W\d_]{2,}", kept)) - (han > 0) + han / HAN_PER_WORD < MIN_CONTENT_WORDS:
        return hit
    return RuleHit(hit.reason, hit.fields, hit.edge_only, len(kept))
