"""Injected repeats: a title or slogan pasted several times into the middle of sentences.

Spam sites pad a copied article by pasting its title (or a keyword line) into the body again and
again, wherever it happens to fall: seed 004 carries `县长在工园区污染整顿工作会发言` five times,
each copy glued between two halves of a sentence. A phrase long enough to be a title (six Han
characters or three words) that recurs three times or more is no accident of style when its
copies cut through sentences, so every copy that does is removed; a copy standing on a line of its
own is the title and stays.

Ordinary vocabulary recurs too (`化工园区污染整治` appears a dozen times in 004, `the chemical
industry` in 002), so "breaks a sentence" must mean more than "is glued to its neighbours". A copy
counts as a break only when the phrase is title-like and its edges do not belong to the
sentence around it — see `_breaks`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import regex

from corpusclean._document import Change
from corpusclean._lang.tagger import detect_language
from corpusclean._spam.junction import PASTE_CONFIRMED, paste_evidence
from corpusclean._spam.title_line import title_of
from corpusclean._spans import claim, neighbour
from corpusclean._text.script import is_han

REASON = "injected-repeat"
MIN_COUNT = 3
"""A phrase must occur this often before its copies are suspect."""
MAX_COPIES = 500
"""A 3-token gram found more often than this is filler (`哈哈哈…`, a table of numbers), not a
pasted title; skipping it keeps the search linear on pathological input."""
MIN_HAN = 6
MIN_WORDS = 3
MAX_TOKENS = 60
"""Longer repeats are duplicated passages, not titles; the `repeats` step handles those."""
NOUN_CAPITALISING = ("de", "lb")
"""Languages (langdetect codes) that capitalise every noun."""
TITLE_LINES = 3
"""A title line is one of the document's first three non-empty lines (a site name or a date may
come before it)."""
MIN_TITLE_HAN = 12
MIN_TITLED_HAN = 10
"""With a title line, a Han phrase of this length glued on one side counts as a pasted copy.
Shorter titles are often names (a Wikipedia article titled `西湾河电车厂` names it in every other
sentence): their copies count only inside a sentence and when their junctions show the paste."""
PASTE_AGAIN = 0.5
"""Junction evidence (`_spam.junction.paste_evidence`, nats) a short titled copy needs to count as a
break. Ordinary mentions measure about −2; a paste that splits a word +3 to +8; one that falls
between two words about +0.9 (character pairs no real text has)."""
PASTE_EVIDENCE = 2.0
"""Evidence the breaking copies of a short titled phrase need together: three pastes between
words, or one that splits a word. On the spam evaluation 1% of ordinary mentions measure above
+3.4 each, so two are needed as well, and a title line."""
MIN_TITLE_WORDS = 5
"""Without a title line to compare with, a recurring phrase glued inside sentences must be at
least this long to be taken for a title: shorter ones are the document's own terms and names
(`化工园区污染整治`, `三茂铁路股份有限公司`, `the chemical industry`)."""

_TOKEN = regex.compile(r"\p{Han}|(?:(?!\p{Han})[\p{L}\p{N}])+(?:['’](?:(?!\p{Han})\p{L})+)*")
_LETTERED = regex.compile(r"(?:(?!\p{Han})\p{L}){2,}")
_NUMERALS = set("一二三四五六七八九十百千万零〇两首")
_CLAUSE_MARKS = set("，。；：、（）()")
_LAST_TOKEN = regex.compile(r"(?:\p{Han}|(?:(?!\p{Han})[\p{L}\p{N}.])+)$")
_HAN = regex.compile(r"\p{Han}")
_WORD_BEFORE = regex.compile(r"(\w+)[\s,]*\Z", regex.REVERSE)  # searched backwards from a copy: linear
_WORD_OR_BREAK = regex.compile(r"[^\s\p{P}\p{S}]|\n")
"""The nearest character that is not a space or mark, or the line break: searched from a copy
outwards (backwards with REVERSE), it stops at the first one, so a copy's line is never read
whole (one long line would make every copy cost its whole length)."""
_WORD_OR_BREAK_BEFORE = regex.compile(r"[^\s\p{P}\p{S}]|\n", regex.REVERSE)
_SENTENCE_END = set("。！？!?；;.…\n")
_BOUNDARY = _SENTENCE_END | set("，,、：:“”\"'‘’()（）[]【】《》<>-—|")


@dataclass(frozen=True)
class Repeat:
    """A maximal phrase recurring `len(spans)` times; `spans` are its copies' character spans."""

    text: str
    spans: tuple[tuple[int, int], ...]
    han: int
    words: int


def tokens(text: str) -> list[tuple[int, int]]:
    """Spans of the units phrases are measured in: single Han characters and whole words."""
    return [match.span() for match in _TOKEN.finditer(text)]


def find_repeats(text: str, min_count: int = MIN_COUNT) -> list[Repeat]:
    """Maximal phrases of title length that occur at least `min_count` times.

    Seeds are 3-token grams; each group of positions sharing a gram is grown to the right,
    splitting wherever the copies diverge, and kept where it can no longer grow as a whole and is
    also left-maximal. That yields every maximal repeat with its support set, in time linear in
    the number of repeated positions for ordinary text.
    """
    words = [word.casefold() for word in _TOKEN.findall(text)]
    n = len(words)
    seeds: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, gram in enumerate(zip(words, words[1:], words[2:])):
        seeds[gram].append(i)
    found: dict[tuple[int, ...], int] = {}
    stack = [
        (ps, 3) for ps in seeds.values() if min_count <= len(ps) <= MAX_COPIES and not _same_before(words, ps)
    ]
    while stack:
        positions, length = stack.pop()
        while length < MAX_TOKENS:
            by_next: dict[str, list[int]] = defaultdict(list)
            for p in positions:
                if p + length < n:
                    by_next[words[p + length]].append(p)
            branches = [ps for ps in by_next.values() if len(ps) >= min_count]
            if len(branches) == 1 and len(branches[0]) == len(positions):
                length += 1
                continue
            stack.extend((ps, length + 1) for ps in branches)
            break
        else:
            continue  # too long to be a title
        if _same_before(words, positions):
            continue  # not left-maximal: a longer phrase contains every copy
        key = tuple(positions)
        found[key] = max(found.get(key, 0), length)
    if not found:
        return []
    spans = tokens(text)  # character spans, only for the few documents holding a repeat
    repeats = []
    for positions, length in found.items():
        first, last = spans[positions[0]][0], spans[positions[0] + length - 1][1]
        phrase = text[first:last]
        han = len(_HAN.findall(phrase))
        word_count = length - han
        if han < MIN_HAN and len(_LETTERED.findall(phrase)) < MIN_WORDS:
            continue  # titles are words: numbers and prices (`R $ 1.430,00`) repeat in tables
        copies = tuple((spans[p][0], spans[p + length - 1][1]) for p in positions)
        repeats.append(Repeat(phrase, _non_overlapping(copies), han, word_count))
    return [r for r in repeats if len(r.spans) >= min_count]


def _same_before(words: list[str], positions: list[int]) -> bool:
    """True when every copy is preceded by the same token, so none of them starts a maximal
    repeat. Checked on seeds too: inside a passage duplicated fifty times only the seed at the
    passage's start is grown, not one per token."""
    return positions[0] > 0 and all(p > 0 and words[p - 1] == words[positions[0] - 1] for p in positions)


def _non_overlapping(spans: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return tuple(kept)


def is_title_line(text: str, start: int, end: int) -> bool:
    """True when the copy fills its whole line, and that line opens the document: the title.

    Spaces and punctuation may surround it, since a repeat is measured in words and Han
    characters and so stops short of a title's closing quote or full stop (`说“不”`). Only the
    first `TITLE_LINES` non-empty lines count: further down, a line holding nothing but a phrase
    is a menu or contents entry (`Mozilla Application Suite` in a Wikipedia page's navigation),
    and would make the article's own recurring names look like a pasted title."""
    before = _WORD_OR_BREAK_BEFORE.search(text, 0, start)
    after = _WORD_OR_BREAK.search(text, end)
    if before and before.group() != "\n" or after and after.group() != "\n":
        return False  # a word shares the copy's line: it does not fill it
    line_start = before.end() if before else 0
    return line_start < _title_zone(text)


def _title_zone(text: str) -> int:
    """Offset just past the first `TITLE_LINES` non-empty lines (past the end when there are
    fewer): a line starting before it is among them. Only the top of the text is read, however
    long the document and however many copies ask."""
    position = seen = 0
    while seen < TITLE_LINES:
        newline = text.find("\n", position)
        if newline < 0:
            return len(text) + 1
        seen += bool(text[position:newline].strip())
        position = newline + 1
    return position


def _breaks(text: str, start: int, end: int, repeat: Repeat, titled: bool) -> bool:
    """Whether this copy cuts through a sentence instead of belonging to it.

    Han text has no spaces, so a pasted copy shows as a phrase glued to characters on both
    sides. The document's own names and terms are glued the same way, so without a title line
    to prove the phrase is the title, only a long phrase (`MIN_TITLE_HAN`) glued on both sides
    counts; with one, a copy glued on either side does if it is long (`MIN_TITLED_HAN`), and a
    shorter one inside a sentence whose junctions show the paste (`PASTE_AGAIN`). Text in words
    shows it by case: the copy starts with a capital right after a word or comma, with no
    sentence end between; without a title line the phrase must also be `MIN_TITLE_WORDS` long
    and follow a lowercase word. Case says nothing where every noun is capitalised (German,
    `_capitalises_nouns`), so there only Han copies can break.
    """
    before, after = neighbour(text, start - 1, -1), neighbour(text, end, 1)
    size = _han_size(repeat)
    if size is not None:
        glued = [before not in _BOUNDARY, after not in _BOUNDARY]
        if titled:
            if size >= MIN_TITLED_HAN:
                return any(glued)
            return _pasted_inside(text, start, end, PASTE_AGAIN)
        return all(glued) and size >= MIN_TITLE_HAN
    if not titled and repeat.words < MIN_TITLE_WORDS or not text[start : start + 1].isupper():
        return False
    if not titled and not _sentence_cased(text, start):
        return False  # `uses WASI APIs as much as possible`: an acronym is capitalised everywhere
    if _capitalises_nouns(text):
        return False
    previous = _WORD_BEFORE.search(text, 0, start)
    if not titled and previous and previous.group()[:1].isupper():
        return False  # `Pinellas County, …`: the capital may continue a name
    return before not in _SENTENCE_END and before not in "“\"'‘([（【《<-—|:："


def _sentence_cased(text: str, start: int) -> bool:
    """Whether the word at `start` is written as a sentence or a title opens it: a capital and
    then lower case only. An acronym or a mixed-case name (`WASI`, `iPhone`, `McAdam`) is written
    so wherever it stands, so its capital after a lowercase word shows no paste."""
    word = _TOKEN.match(text, start)
    return word is None or not any(ch.isupper() for ch in word.group()[1:])


@lru_cache(maxsize=4)
def _capitalises_nouns(text: str) -> bool:
    """Whether `text` is written in a language that capitalises every noun (German), where a
    capital after a word is ordinary. Asked only when a word repeat is judged (rare); cached for
    the copies of one document."""
    return detect_language(text) in NOUN_CAPITALISING


def _templated(text: str, copies: list[tuple[int, int]], titles: list[tuple[int, int]]) -> bool:
    """True when the copies stand in a fixed frame, as rows of a table or items of a list do.

    A paste lands wherever the spam tool drops it, so what stands before and after its copies
    varies. A phrase that a writer repeats in a pattern keeps its frame: each copy follows a
    number, or each is followed by one (`2000年獲得世界花式撞球錦標賽冠軍，…2005年獲得…`,
    `EY4096.1 PERFORMANCE 01-Feb-02 P`, `These Weeks in Firefox: Issue 84`),
    or one mark (not a word: `the` or `的` may stand there by chance; not the title's own closing
    quote or full stop, which the title line shows) stands before or after most of them
    (`… / HPL IFERC ; 20.000 / Enron`).
    """
    before = [_token_before(text, start) for start, _ in copies]
    after = [_token_after(text, end) for _, end in copies]
    if all(map(_numeric, before)) or all(map(_numeric, after)):
        return True
    own = {_token_before(text, s) for s, _ in titles} | {_token_after(text, e) for _, e in titles}
    for tokens in (before, after):
        token, count = Counter(tokens).most_common(1)[0]
        if count > len(copies) / 2 and not any(ch.isalpha() for ch in token) and token not in own:
            return True  # one mark frames them (a word may stand there by chance: `the`, `的`)
    return False


def _numeric(token: str) -> bool:
    """A number, or a Chinese numeral (`第二届`, `首届`): what numbered items are counted with."""
    return any(ch.isdigit() or ch in _NUMERALS for ch in token)


def _token_before(text: str, start: int) -> str:
    """The word, Han character or mark right before `start` (spaces skipped), lower case."""
    head = text[max(0, start - 40) : start].rstrip()
    match = _LAST_TOKEN.search(head)
    return match.group().lower() if match else head[-1:]


def _token_after(text: str, end: int) -> str:
    """The word, Han character or mark right after `end` (spaces skipped), lower case."""
    tail = text[end : end + 40].lstrip()
    match = _TOKEN.match(tail)
    return match.group().lower() if match else tail[:1]


def _han_size(repeat: Repeat) -> int | None:
    """The length of a Han phrase in Han characters, a number or Latin word weighing about two;
    None for a phrase in words."""
    if repeat.han >= MIN_HAN and repeat.words <= repeat.han:
        return repeat.han + 2 * repeat.words
    return None


def _short_han(repeat: Repeat) -> bool:
    """A Han phrase too short to count as pasted by its length alone (`MIN_TITLED_HAN`)."""
    size = _han_size(repeat)
    return size is not None and size < MIN_TITLED_HAN


def _is_vocabulary(text: str, repeat: Repeat) -> bool:
    """True when the phrase extends a term the document uses more often on its own.

    `化工园区污染整治工作` recurs four times in 004, but its opening `化工园区污染` recurs eighteen
    times: the phrase is the document's vocabulary. An injected title's opening and ending occur
    (almost) only inside its copies.
    """
    first_start, first_end = repeat.spans[0]
    units = tokens(text[first_start:first_end])
    size = MIN_HAN if repeat.han >= MIN_HAN else MIN_WORDS
    if len(units) <= size:
        return False
    phrase = text[first_start:first_end]
    head = phrase[: units[size - 1][1]]
    tail = phrase[units[-size][0] :]
    limit = 2 * len(repeat.spans) + 1
    return text.count(head) > limit or text.count(tail) > limit


def injected_repeats(text: str) -> list[Change]:
    """One removal per copy of an injected phrase that breaks a sentence; title lines stay.

    A repeat counts as injected when at least two copies break sentences, at least `MIN_COUNT`
    copies are breaks or title lines, and the phrase is not the document's own vocabulary. A
    removal takes one adjoining space with it so that words on both sides neither run together
    nor double their spacing.
    """
    changes: list[Change] = []
    taken: list[tuple[int, int]] = []
    found = title_of(text)
    chinese_title = found[0] if found else None
    for repeat in sorted(find_repeats(text), key=lambda r: -(r.spans[0][1] - r.spans[0][0])):
        if chinese_title is not None and repeat.text in chinese_title:
            continue  # copies of a Chinese title line are judged by `_spam.title_line`
        titles = [s for s in repeat.spans if is_title_line(text, *s)]
        breaks = [s for s in repeat.spans if s not in titles and _breaks(text, *s, repeat, bool(titles))]
        if len(breaks) < 2 or len(breaks) + len(titles) < MIN_COUNT or _is_vocabulary(text, repeat):
            continue
        if _templated(text, breaks, titles):
            continue
        if not titles and _CLAUSE_MARKS & set(repeat.text):
            continue  # a repeated sentence pattern (`对垒，首场于…在`), not a pasted title
        if not titles and _han_size(repeat) is not None and not _junctions_pasted(text, breaks):
            continue
        if _short_han(repeat):
            if sum(paste_evidence(text, *s) for s in breaks) < PASTE_EVIDENCE:
                continue
            breaks = sorted({*breaks, *_confirmed_copies(text, repeat, titles)})
        score = min(1.0, 0.5 + 0.1 * len(breaks))
        for start, end in breaks:
            span = claim(text, taken, start, end)
            if span is not None:
                taken.append(span)
                changes.append(Change(*span, "", REASON, score))
    return changes


def _junctions_pasted(text: str, breaks: list[tuple[int, int]]) -> bool:
    """Whether two of an untitled Han phrase's breaking copies at least have junctions no
    worse than `PASTE_CONFIRMED`. A writer's long recurring phrase reads on into its neighbours
    (a dialogue's `获得了第10届香港电影金像奖最佳` before `影片奖`, `导演奖`, `男主角奖`: −3 to −10
    nats at every copy); a paste measures about 0 or more at most copies (seed 004: +0.9 at three
    of four)."""
    return sum(paste_evidence(text, *span) >= PASTE_CONFIRMED for span in breaks) >= 2


def _confirmed_copies(text: str, repeat: Repeat, titles: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The copies of a phrase already proven pasted that stand inside a sentence with junctions
    no worse than `PASTE_CONFIRMED`."""
    return [s for s in repeat.spans if s not in titles and _pasted_inside(text, *s, PASTE_CONFIRMED)]


def _pasted_inside(text: str, start: int, end: int, evidence: float) -> bool:
    """Whether a copy stands inside a sentence (Han on both sides) and its junctions show at
    least `evidence` nats of pasting."""
    return is_han(text[start - 1 : start]) and is_han(text[end : end + 1]) and paste_evidence(text, start, end) >= evidence
