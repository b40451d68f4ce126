"""Site phrases: keyword phrases a spam site pastes into many unrelated articles.

A spam site splices the same keyword phrases (`高清在线`, `lose weight`, a product name) into
sentence after sentence of the articles it copies. In one document such a phrase is hard to tell
from the article's own words (see `_spam.splices`); across a site it gives itself away, because
it behaves unlike any phrase a writer uses:

* it **recurs** in many documents of the site (`min_share`, `min_documents`);
* it is **glued in anywhere**: the words before and after its copies are all different, while
  a writer's recurring phrase keeps its collocations (`Prime Minister Theresa May`,
  `the Senate Judiciary Committee`) — no neighbour may stand beside more than `max_context_share`
  of its copies;
* it is **off topic everywhere**: the documents holding a writer's recurring phrase are about
  the same thing (every `Brett Kavanaugh` article also says `Senate`, `FBI`, `Ford`), while a
  pasted phrase lands in documents no more alike than any two of the site
  (`max_topicality`: their mean content-word Jaccard over the site's, for random pairs);
* in Han and kana text, its **junctions** show the paste (`_spam.junction.paste_evidence`, mean over copies
  ≥ `min_paste_evidence`): common phrases of news (`至关重要`, `社交媒体上`) pass the first three
  tests, but are written where they stand;
* it is **glued inside sentences**: at most `max_edge_share` of its copies close a clause or a
  line, open a line, or — in Han and kana text — follow a mark (`_at_edge`). A site's own
  vocabulary also opens and closes clauses and list items (`性价比很高`, `味道还不错。`,
  `1 onion, finely chopped`); a paste is glued between two words.

Phrases are found as maximal runs of frequent word bigrams (Han: three-character grams) inside a
clause (a sentence part between sentence ends, colons or brackets: a pasted clause may hold
commas and quotes), so an insert is removed whole, whatever its length. The step reads the corpus
in four mergeable passes (`_site.SiteStep`): the documents of each site first (nothing but a
count); gram frequencies (only sites of `min_site_documents` or more: a smaller site's statistics
mean nothing, and it costs neither time nor memory); then the runs and their contexts (only sites
that have frequent grams); then the topics of the baseline sample and of the documents holding
the runs still suspect (only sites that have one). Each document's clauses are found once per
pass that reads it — in pass 3 and when the step is applied only where every word of a suspect
run or phrase is in its folded text (`_may_hold`): a worker keeps nothing between passes, and
holding every document's clauses would cost memory in proportion to the corpus. The evidence is
computed where the document is (a worker) and merged per site.
Memory: per site being counted, 12 bytes per distinct gram (`_Counts`), pruned every
`PRUNE_EVERY` documents to the grams frequent enough to matter (`PRUNE_SHARE`), so a big site
holds about a hundred documents' grams whatever its size; a few hundred bytes per run of
frequent grams; and topic sketches (2 KB each) only for sites holding suspect runs:
`2 × BASELINE_PAIRS` documents plus `MAX_SAMPLED` per suspect run. After the gram pass a site
keeps only the keys at its threshold, and after the last only those of sites with phrases: what
a worker is sent to apply the step. Measured figures are in `docs/spam.md`.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import combinations
from typing import Any

import numpy as np
import regex
import xxhash

from corpusclean._document import Change, Document, Fixed, splice
from corpusclean._site import SiteStep
from corpusclean._spam.junction import paste_evidence
from corpusclean._spam.splices import common_pairs, common_words
from corpusclean._spans import claim
from corpusclean._text.script import is_han, to_simplified_chars
from corpusclean._text.wordfreq import listed, word_lists, zipf_table

STEP = "site-phrases"
REASON = "site-phrase"
PRUNE_EVERY = 100
"""Documents of one site between two prunings of its gram counts: the grams of about a hundred
documents are what a site's table holds at most, beyond those frequent enough to matter."""
MERGE_MIN = 1 << 16
"""Gram keys queued at least before they are merged into a site's table (`_Counts`)."""
PRUNE_SHARE = 0.25
"""A pruning keeps the grams seen in at least this fraction of `min_share` of the documents so
far (and in two at least: the first prunings drop the grams seen once): a phrase that ends
above `min_share` is far above that all along, while the table of a site of a million pages
stays at the grams of about 1% of its pages."""
SKETCH = 256
"""Content-word hashes kept per document (bottom-k sketch, 2 KB) to compare documents' topics;
128 measured too few on short pages (clean pages then lost phrases)."""
COMMON_ZIPF = 4.0
"""Zipf frequency (log10 per billion words) from which a word of any language is common: about
one word in 100,000 — function words and everyday words, not names or terms."""
FUNCTION_ZIPF = 6.0
"""Zipf frequency from which a word is a function word in some language (`the`, `in`, `your`,
`should`, `les`, `der`: one word in a million and more). A phrase holding two words below it
(`lose weight`, `free money`, `bulk email`) may be a keyword, though its words are everyday ones."""
CAPITALISED_SHARE = 0.8
"""A phrase of everyday English words is suspect when this share of its copies starts with a
capital right after a word ending in a lower-case letter: writers do not capitalise `buy direct`
mid-sentence, spam tools paste it as their lists write it."""
NAMED_SHARE = 0.8
"""A phrase that is a name in this share of its copies (`_named`) is one the site writes about
(`Donald Trump` in a small French news site), whatever else it looks like."""
MAX_SAMPLED = 30
"""Copies per phrase whose documents are compared pairwise for its topicality."""
BASELINE_PAIRS = 300
"""Random document pairs per site measuring how alike two of its documents are anyway."""

_WORD = r"\p{Han}|[[\p{L}\p{N}]--\p{Han}]++(?:['’-][[\p{L}\p{N}]--\p{Han}]++)*+"
"""A word: one Han character, or letters and digits of other scripts, joined by apostrophes or
hyphens (a set difference rather than a lookahead per character: the same words, found faster)."""
_TOKEN = regex.compile(_WORD, regex.V1)
_BREAKS = r".!?。！？；;:：()（）\n"
"""The marks ending a sentence part: only sentence ends, colons and brackets split it (a pasted
clause may hold commas, `、` and quotes)."""
_BREAK = regex.compile(f"[{_BREAKS}]")
_WORD_OR_BREAK = regex.compile(f"{_WORD}|[{_BREAKS}]", regex.V1)
"""Every word and every break of a text, in one pass: no word holds a break (nor a space, nor
lowers to one), so the words between two breaks are those of one clause."""
_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
_LETTERS = regex.compile(r"\p{L}+")
_SPACES = regex.compile(r"[ \t]*")
_SPACES_BEFORE = regex.compile(r"[ \t]*\Z", regex.REVERSE)
_QUOTES = (("“", "”"), ("「", "」"), ("『", "』"), ('"', '"'))


@dataclass
class _Clause:
    """One clause of a document: where it starts, its text, and its words normalised (lower
    case, Simplified) — the units phrases are measured in."""

    start: int
    text: str
    words: list[str]

    @cached_property
    def _offsets(self) -> list[tuple[int, int]]:
        """Character spans of the words in the document (found once, only for clauses that
        hold a run: most never need them)."""
        return [(self.start + m.start(), self.start + m.end()) for m in _TOKEN.finditer(self.text)]

    def span(self, first: int, end: int) -> tuple[int, int]:
        """Character span in the document of words `first` to `end` (exclusive)."""
        return self._offsets[first][0], self._offsets[end - 1][1]


def _hash(key: str) -> int:
    return xxhash.xxh64_intdigest(key.encode("utf-8", "surrogatepass"))


def _clauses(text: str) -> list[_Clause]:
    """The clauses of `text` that hold any word: the parts between two breaks (`_BREAKS`).

    The text is folded to Simplified once, its words and breaks are found in one regex pass, and
    they are lowered in one call (joined by spaces, which no word holds and which end any casing
    context, as a word's edges do: `Σ` lowers as it would alone) rather than a call per clause
    and per word: every pass of the step reads a document's clauses afresh (a worker keeps
    nothing between passes), so this is a large share of the step's cost."""
    simplified = to_simplified_chars(text)
    lowered = " ".join(_WORD_OR_BREAK.findall(simplified)).lower()
    ends = [m.start() for m in _BREAK.finditer(simplified)]
    ends.append(len(simplified))
    out = []
    start = 0
    for end, part in zip(ends, _BREAK.split(lowered)):
        words = part.split()
        if words:
            out.append(_Clause(start, simplified[start:end], words))
        start = end + 1
    return out


def _folded(text: str) -> str:
    """`text` folded to Simplified and lowered whole, final sigma read as `σ`: every word of
    `_clauses` (lowered alone, where `Σ` may lower to `ς` instead) is in it, so a word missing
    from it is in no clause."""
    return to_simplified_chars(text).lower().replace("ς", "σ")


@lru_cache(maxsize=1 << 14)
def _key_words(key: str) -> tuple[str, ...]:
    """The words of a run's key as `_folded` writes them."""
    return tuple(key.replace("ς", "σ").split(" "))


def _may_hold(text: str, keys: Iterable[str]) -> bool:
    """Whether `text` may hold a run of any of `keys`: every word of one of them is in it. A
    cheap test (a fold and substring searches) that lets pass 3 and `fix` skip finding the
    clauses of the many documents that hold none: the one pass over a document is then the
    fold, not the tokenising."""
    folded = _folded(text)
    return any(all(word in folded for word in _key_words(key)) for key in keys)


_MIX = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9)
"""Odd 64-bit multipliers combining word keys into a gram key by position."""


def _word_keys(words: list[str]) -> np.ndarray:
    """Each word's xxHash64 (`_hash`: the same in every process), as an array.

    Not cached: an LRU cache of a quarter million words held about 50 MB once a large corpus's
    vocabulary filled it (190 bytes a word), and saved no CPU — hashing a short word costs what a
    cache hit does. Words are encoded strictly (faster) unless one holds a lone surrogate, which
    only `surrogatepass` encodes; both give the same bytes for any other word."""
    try:
        return np.fromiter(map(xxhash.xxh64_intdigest, map(str.encode, words)), dtype=np.uint64, count=len(words))
    except UnicodeEncodeError:
        return np.fromiter(map(_hash, words), dtype=np.uint64, count=len(words))


@dataclass
class _Grams:
    """Every gram of a document, in reading order, as arrays: two words, or three Han characters
    (Chinese keywords are often three: `有意者`, `蚁力神`), inside one clause. A gram's key is its
    length plus its word keys times a multiplier per position, modulo 2**64: the same in every
    process (Python's `hash()` is salted per process, and workers count grams), and computed for
    a whole document in one pass of array arithmetic rather than gram by gram."""

    clause: np.ndarray
    """The clause (index into the document's clauses) of each gram."""
    first: np.ndarray
    """Its first word's index in the clause."""
    length: np.ndarray
    key: np.ndarray

    @classmethod
    def of(cls, clauses: list[_Clause]) -> _Grams:
        words = [word for clause in clauses for word in clause.words]
        sizes = [len(clause.words) for clause in clauses]
        keys = _word_keys(words)
        han = _han(words)
        clause = np.repeat(np.arange(len(clauses)), sizes)
        mix = [np.uint64(m) for m in _MIX]
        with np.errstate(over="ignore"):
            pairs = np.flatnonzero((clause[:-1] == clause[1:]) & ~han[:-1])
            triples = np.flatnonzero((clause[:-2] == clause[2:]) & han[:-2])
            at = np.concatenate([pairs, triples])
            key = np.concatenate(
                [
                    np.uint64(2) + keys[pairs] * mix[0] + keys[pairs + 1] * mix[1],
                    np.uint64(3) + keys[triples] * mix[0] + keys[triples + 1] * mix[1] + keys[triples + 2] * mix[2],
                ]
            )
        order = np.argsort(at, kind="stable")
        at = at[order]
        starts = np.cumsum(sizes) - sizes
        return cls(clause[at], at - starts[clause[at]], np.where(han[at], 3, 2), key[order])


def _han(words: list[str]) -> np.ndarray:
    """Which of `words` are one Han character (`is_han`), from their lengths and first code
    points as arrays: the words of a document are many, and a call per word is the cost."""
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    first = np.frombuffer("".join([word[0] for word in words]).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return (lengths == 1) & (first >= 0x4E00) & (first <= 0x9FFF)


def _gram_keys(clauses: list[_Clause]) -> np.ndarray:
    """The distinct keys of every gram of every clause (`_Grams`), sorted."""
    return np.unique(_Grams.of(clauses).key)


def _content(words: Iterable[str]) -> set[int]:
    """Hashes of the topical units among `words`: uncommon words, uncommon Han pairs.

    A word more frequent in English than in any other language is common when it is in the short
    English list (about 500 words); any other word when its language has it at `COMMON_ZIPF` or
    above: `für die`, `в этом году` and `que los` recur on every page of a site and say nothing
    of its topic. A word without a letter (`1-0`, `2018`) is a number, not a topic: a fixture
    list repeats `Germany 1-0` in a row of every table.
    """
    common_en, common_zh = common_words(), common_pairs()
    out: set[int] = set()
    previous = ""
    candidates = []
    for word in words:
        if is_han(word):
            pair = previous + word
            if is_han(previous) and pair not in common_zh:
                out.add(_hash(pair))
        elif len(word) > 2 and any(ch.isalpha() for ch in word) and word not in common_en:
            candidates.append(word)
        previous = word
    if candidates:
        table = zipf_table(candidates)
        english = table[:, _english_column()]
        others = np.delete(table, _english_column(), axis=1).max(axis=1)
        content = (english >= others) | (others < COMMON_ZIPF)
        out.update(_hash(word) for word, keep in zip(candidates, content) if keep)
    return out


@lru_cache(maxsize=1)
def _english_column() -> int:
    """English's column in `zipf_table`."""
    return word_lists().languages.index("en")


def _sketch(units: set[int]) -> np.ndarray:
    """The `SKETCH` smallest hashes of a document's content units, sorted."""
    return np.sort(np.fromiter(units, dtype=np.uint64, count=len(units)))[:SKETCH]


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two documents estimated from their bottom-k sketches."""
    union = np.union1d(a, b)[:SKETCH]
    if not union.size:
        return 0.0
    return int(np.count_nonzero(np.intersect1d(a, b) <= union[-1])) / union.size


@dataclass
class _Run:
    """What a site's copies of one phrase look like: where they stand and in which documents."""

    documents: int = 0
    left: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    evidence: float = 0.0
    capitalised: int = 0
    edges: int = 0
    """Copies standing next to a mark or a line's end (`_at_edge`): where a writer's own words
    stand, not a paste glued inside a sentence."""
    named: int = 0
    """Copies that are a name (`_named`: `Donald Trump`), not a paste."""
    unspaced: bool = False
    """Written without spaces (it starts with a Han or kana character): its junctions show a paste."""
    sketches: list[np.ndarray] = field(default_factory=list)
    topical: bool = False
    """Its words hold two topical units or more (`_content`)."""
    everyday: bool = False
    """Every word of it is an English word of the word list."""


@dataclass
class _Copy:
    """One copy of a run of frequent grams in one document, as pass 1 observes it."""

    key: str
    left: str
    right: str
    unspaced: bool
    paste: float = 0.0
    """Paste evidence at its junctions (unspaced runs only)."""
    named: bool = False
    capitalised: bool = False
    edge: bool = False
    first: bool = False
    """Its document's first copy of this run: the document counts once."""
    topical: bool = False
    everyday: bool = False


@dataclass
class _Counts:
    """How many documents of a site hold each gram key, in a compact form: the keys sorted in one
    array and their counts in another (12 bytes a gram, where a `Counter` of Python integers
    takes about 100). New documents' keys are queued and merged in, sorted, once the queue is as
    large as the table (`MERGE_MIN` at least): each key is sorted a logarithmic number of times."""

    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    counts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))
    queued: list[np.ndarray] = field(default_factory=list)
    queued_size: int = 0

    def add(self, keys: np.ndarray) -> None:
        """Count one document's distinct keys."""
        self.queued.append(keys)
        self.queued_size += keys.size
        if self.queued_size >= max(self.keys.size, MERGE_MIN):
            self._merge()

    def _merge(self) -> None:
        if not self.queued:
            return
        keys = np.concatenate([self.keys, *self.queued])
        counts = np.concatenate([self.counts, np.ones(self.queued_size, dtype=np.uint32)])
        order = np.argsort(keys, kind="stable")
        keys, counts = keys[order], counts[order]
        starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]])) if keys.size else np.zeros(0, dtype=np.intp)
        self.keys, self.counts = keys[starts], np.add.reduceat(counts, starts) if keys.size else counts
        self.queued, self.queued_size = [], 0

    def at_least(self, floor: float) -> np.ndarray:
        """The keys counted `floor` times or more, sorted; the table keeps only those."""
        self._merge()
        kept = self.counts >= floor
        self.keys, self.counts = self.keys[kept], self.counts[kept]
        return self.keys


_NO_KEYS = np.zeros(0, dtype=np.uint64)
_NO_KEYS.flags.writeable = False
"""The frequent keys of a site that has none: one read-only array shared by every such site."""


@dataclass(slots=True)
class _Site:
    """One site's state. Every site of the corpus has one while pass 0 counts its pages, so it is
    small (slots, the empty key array shared, runs made on the first copy): a crawl of a million
    one-page hosts held 535 bytes a site before."""

    documents: int = 0
    """Live documents of the site (pass 0)."""
    counted: int = 0
    """Documents whose grams are counted so far (pass 1)."""
    counts: _Counts | None = None
    """Document counts of the site's grams while pass 1 reads it."""
    frequent: np.ndarray = field(default_factory=lambda: _NO_KEYS)
    """The keys of the grams at the site's threshold, sorted: what runs are made of."""
    runs: dict[str, _Run] = field(default_factory=dict)
    """Every run while counting; then only the suspect ones, until the decision."""
    baseline: list[int] = field(default_factory=list)
    """Fingerprints (`_fingerprint`) of the first `2 * BASELINE_PAIRS` documents of pass 2: the
    documents whose topic sketches measure how alike two documents of the site are anyway."""
    sampled: frozenset[int] = frozenset()
    """The same, as a set, where pass 3 needs them: only sites with suspect runs."""
    sample: list[np.ndarray] = field(default_factory=list)
    phrases: frozenset[str] = frozenset()


def _fingerprint(text: str) -> int:
    """A document's text as a 64-bit key: pass 3 tells the documents of the baseline sample by it
    (two documents of one text give the same sketch, so a shared fingerprint changes nothing)."""
    return _hash(text)


@lru_cache(maxsize=1 << 14)
def _key_traits(key: str) -> tuple[bool, bool]:
    """(topical, everyday) of a run's words: two topical units or more (`_content`, or English
    words of their own, `_unbound`), and every word an English word of the list. Found in the
    workers (pass 1), where the word lists are loaded anyway, so that deciding in the parent
    needs no word list."""
    words = key.split()
    units = _content(words) | {_hash(word) for word in _unbound(words)}
    return len(units) >= 2, all(listed(word, "en") for word in words)


def _unbound(words: list[str]) -> list[str]:
    """The English words of their own among `words` — in the English word list, longer than
    two letters, and less frequent than `FUNCTION_ZIPF` in every language — rather than function
    words (`in the`, `of your`, and `les`, `der`, `per`, which the English list holds too: an
    Arabizi forum writes `m3a les` on page after page). Everyday words count (`lose weight`,
    `bulk email`, `free gift`): a keyword is often made of them. Words of other languages keep
    the stricter `_content` test (`COMMON_ZIPF`), which `había sido`, `dieses Jahr`, `lors d’un`
    and `εν μέσω` reach: they recur on every page of clean news sites."""
    candidates = [word for word in words if len(word) > 2 and word.isalpha() and listed(word, "en")]
    if not candidates:
        return []
    highest = zipf_table(candidates).max(axis=1)
    return [word for word, zipf in zip(candidates, highest) if zipf < FUNCTION_ZIPF]


def _capitalised(run: _Run, copies: int) -> bool:
    """Whether an English phrase of everyday words is capitalised mid-sentence in most of its
    `copies`, as pasted from a keyword list (`Buy direct`). Only English words count: German
    capitalises every noun (`Teil der`)."""
    return run.capitalised >= CAPITALISED_SHARE * copies and run.everyday


def _case_change(text: str, start: int) -> bool:
    """Whether the word at `start` opens with a capital its spelling does not always have: a
    capital then lower case (`Buy`). `I` (`I've`), acronyms and mixed-case names (`WASI`,
    `iPhone`) are capitalised wherever they stand: `I should` after a lowercase word is no paste."""
    head = _LETTERS.match(text, start)
    return head is not None and len(head.group()) > 1 and head.group()[0].isupper() and not any(
        ch.isupper() for ch in head.group()[1:]
    )


_CAPITAL_AFTER_LOWER = regex.compile(r"(?<![\p{L}\p{N}])\p{Ll}[\p{L}\p{N}'’-]*[ \t,]+(\p{Lu}[\p{L}\p{N}'’-]*)")


def _capitalised_alone(text: str) -> frozenset[str]:
    """The words `text` capitalises right after a lowercase word (`… said Trump`): names."""
    return frozenset(m.group(1) for m in _CAPITAL_AFTER_LOWER.finditer(text))


def _named(words: list[str], alone: frozenset[str]) -> bool:
    """Whether a copy made of `words` (as written) is a name: every word capitalised, and its
    last word capitalised after a lowercase word elsewhere in the document too (`alone`) —
    `Donald Trump` is also `… said Trump`, while a keyword pasted in Title Case (`Hidden
    Charges`) has words the page never capitalises on their own. Within the copy its last word
    follows a capitalised one, so the copy itself never counts."""
    return bool(words) and all(word[:1].isupper() for word in words) and words[-1] in alone


def _at_edge(text: str, start: int, end: int, unspaced: bool) -> bool:
    """Whether `text[start:end]` stands where a site's own words stand, not a paste: followed by a
    mark, a line break or the text's end, or opening a line (spaces skipped) — a list item
    (`1 onion, finely chopped`), a clause's closing words (`味道还不错。`). In Han and kana text
    (`unspaced`) a mark before it counts too (`，性价比很高`): a paste is glued between two
    characters. In spaced text it does not: a tool that pastes at a random space lands after
    `said,` or `end.` as often as words end so, while the word after it starts with a letter.
    The span is taken with the quote marks that belong to it (`_with_quotes`): a paste may quote."""
    before = _SPACES_BEFORE.search(text, 0, start).start()
    after = _SPACES.match(text, end).end()
    if after == len(text) or not text[after].isalnum() or not before or text[before - 1] == "\n":
        return True
    return unspaced and not text[before - 1].isalnum()


def _with_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened over quote marks just outside it that belong to it: the one pairing a
    mark it holds unpaired (`后来又改名“榴环台` + `”`, `"` + `directly applicable measures" of …`),
    or both, when the whole span stands quoted (`“高清在线”`). A pasted clause or phrase may
    quote, and its runs start and end at words."""
    inside = text[start:end]
    for opening, closing in _QUOTES:
        if opening == closing:
            count = inside.count(opening)
            last = inside.rfind(opening)
            opens = inside[last + 1 : last + 2].isalnum()  # `"word` opens, `word"` closes
        else:
            count = inside.count(opening) - inside.count(closing)
            opens = count > 0
        balanced = count % 2 == 0 if opening == closing else count == 0
        if balanced:
            if start and text[start - 1] == opening and text[end : end + 1] == closing:
                return start - 1, end + 1
            continue
        if opens and text[end : end + 1] == closing:
            return start, end + 1
        if not opens and start and text[start - 1] == opening:
            return start - 1, end
    return start, end


class SitePhrases(SiteStep[_Site]):
    """Corpus step removing keyword phrases pasted across many documents of one site.

    Four passes: documents per site (0); gram counts, in sites of `min_site_documents` or more
    (1); the runs of frequent grams and where they stand, in sites that have frequent grams (2);
    the topics of the baseline sample and of the documents holding a run still suspect, in sites
    that have one (3)."""

    name = STEP
    passes = 4

    def __init__(
        self,
        *,
        min_documents: int = 5,
        min_share: float = 0.04,
        min_site_documents: int = 20,
        max_context_share: float = 0.5,
        max_topicality: float = 2.5,
        min_paste_evidence: float = 0.5,
        max_edge_share: float = 0.1,
    ) -> None:
        super().__init__()
        self.min_documents = min_documents
        self.min_share = min_share
        self.min_site_documents = min_site_documents
        self.max_context_share = max_context_share
        self.max_topicality = max_topicality
        self.min_paste_evidence = min_paste_evidence
        self.max_edge_share = max_edge_share

    def new_site(self) -> _Site:
        return _Site()

    def wants(self, number: int, site: str) -> bool:
        """Pass 0 reads every site; each later pass the sites the one before still `holds`."""
        if number == 0:
            return True
        state = self.sites.get(site)
        return state is not None and self.holds(number - 1, state)

    def holds(self, number: int, state: _Site) -> bool:
        """Whether a site has anything left to read or remove after pass `number`: after pass 0,
        a site big enough to judge (a small site costs neither the time nor the memory of
        counting its grams); after pass 1, one with frequent grams; after pass 2, one with
        suspect runs; after pass 3, one with phrases. Another site is forgotten, and a corpus of
        many small sites keeps none of them."""
        if number == 0:
            return state.documents >= self.min_site_documents
        if number == 1:
            return bool(state.frequent.size)
        return bool(state.runs if number == 2 else state.phrases)

    def observe(self, number: int, site: str, doc: Document) -> Any:
        """Pass 0: that the document is there. Pass 1: its distinct gram keys. Pass 2: its
        fingerprint and each copy of a run of frequent grams, as `_Copy`. Pass 3: for a document
        of the baseline sample or holding a suspect run, its topic sketch and, per copy of a
        suspect run, the sketch without the run's own words; nothing for the others."""
        if number == 0:
            return True
        if number == 1:
            return _gram_keys(_clauses(doc.text))
        state = self.sites[site]
        if number == 2:
            return _fingerprint(doc.text), self._copies(state, doc.text, _clauses(doc.text))
        sampled = _fingerprint(doc.text) in state.sampled
        if not (sampled or _may_hold(doc.text, state.runs)):
            return None
        return self._topics(state, sampled, _clauses(doc.text))

    def merge(self, number: int, state: _Site, evidence: Any) -> None:
        """Add one document's evidence to its site (in input order: pruning and sampling keep
        the first documents, as a single pass would)."""
        if number == 0:
            state.documents += 1
        elif number == 1:
            if state.counts is None:
                state.counts = _Counts()
            state.counts.add(evidence)
            state.counted += 1
            if state.counted % PRUNE_EVERY == 0:
                state.counts.at_least(max(2.0, PRUNE_SHARE * self.min_share * state.counted))
        elif number == 2:
            fingerprint, copies = evidence
            if len(state.baseline) < 2 * BASELINE_PAIRS:
                state.baseline.append(fingerprint)
            for copy in copies:
                run = state.runs.get(copy.key)
                if run is None:
                    run = state.runs[copy.key] = _Run()
                run.left[copy.left] += 1
                run.right[copy.right] += 1
                run.unspaced = copy.unspaced
                if copy.unspaced:
                    run.evidence += copy.paste
                else:
                    run.named += copy.named
                    run.capitalised += copy.capitalised
                run.edges += copy.edge
                run.documents += copy.first
                run.topical, run.everyday = copy.topical, copy.everyday
        else:
            sample, sketches = evidence
            if sample is not None and len(state.sample) < 2 * BASELINE_PAIRS:
                state.sample.append(sample)
            for key, sketch in sketches:
                run = state.runs.get(key)
                if run is not None and len(run.sketches) < MAX_SAMPLED:
                    run.sketches.append(sketch)

    def settle(self, number: int, state: _Site) -> None:
        """Pass 1: the site keeps the keys of its frequent grams only (all that runs are made
        of). Pass 2: only the suspect runs stay, and the baseline sample where there are some.
        Pass 3: the phrases; the frequent grams stay only where there are phrases (`change`
        needs them)."""
        if number == 1:
            if state.counts is not None:
                state.frequent = state.counts.at_least(self._threshold(state))
                state.counts = None
        elif number == 2:
            state.runs = {key: run for key, run in state.runs.items() if self._suspect(state, key, run)}
            state.sampled = frozenset(state.baseline) if state.runs else frozenset()
            state.baseline = []
            if not state.runs:
                state.frequent = state.frequent[:0]
        elif number == 3:
            state.phrases = frozenset(self._off_topic(state))
            state.runs, state.sample, state.sampled = {}, [], frozenset()
            if not state.phrases:
                state.frequent = state.frequent[:0]

    def _threshold(self, site: _Site) -> float:
        return max(self.min_documents, self.min_share * site.documents)

    def _runs(self, site: _Site, clauses: list[_Clause]) -> list[tuple[_Clause, int, int]]:
        """Maximal runs of frequent grams in a document's `clauses`: (clause, first word, end
        word) per run. The grams are looked up all at once in the site's sorted frequent keys;
        only the few frequent ones are walked through."""
        grams = _Grams.of(clauses)
        at = np.searchsorted(site.frequent, grams.key).clip(max=max(site.frequent.size - 1, 0))
        hits = np.flatnonzero(site.frequent[at] == grams.key) if site.frequent.size else at[:0]
        found: list[tuple[_Clause, int, int]] = []
        current: list[int] | None = None
        for clause, i, n in zip(grams.clause[hits].tolist(), grams.first[hits].tolist(), grams.length[hits].tolist()):
            if current and current[0] == clause and i < current[2]:
                current[2] = i + n
                continue
            if current:
                found.append((clauses[current[0]], current[1], current[2]))
            current = [clause, i, i + n]
        if current:
            found.append((clauses[current[0]], current[1], current[2]))
        return found

    def _copies(self, site: _Site, text: str, clauses: list[_Clause]) -> list[_Copy]:
        """Every copy of a run of frequent grams in the document, with where it stands. A run
        whose words are neither topical nor everyday English (`_key_traits`: `of the`, `für die`)
        can never be suspect (`_suspect`), so its copies are not looked at."""
        seen: set[str] = set()
        copies = []
        alone: frozenset[str] | None = None
        for clause, first, end in self._runs(site, clauses):
            words = clause.words
            key = " ".join(words[first:end])
            topical, everyday = _key_traits(key)
            if not (topical or everyday):
                continue
            unspaced = is_han(words[first]) or _KANA.match(words[first]) is not None
            start, stop = clause.span(first, end)
            copy = _Copy(key, words[first - 1] if first else "^", words[end] if end < len(words) else "$", unspaced)
            if unspaced:
                copy.paste = paste_evidence(text, start, stop)
            else:
                if alone is None:
                    alone = _capitalised_alone(text)
                copy.named = _named(_TOKEN.findall(text[start:stop]), alone)
                copy.capitalised = bool(first) and _case_change(text, start) and text[clause.span(first - 1, first)[1] - 1].islower()
            copy.edge = _at_edge(text, *_with_quotes(text, start, stop), unspaced)
            copy.first = key not in seen
            copy.topical, copy.everyday = topical, everyday
            seen.add(key)
            copies.append(copy)
        return copies

    def _suspect(self, site: _Site, key: str, run: _Run) -> bool:
        """Whether a run passes the tests that need no second look at documents: frequent,
        topical words of its own, glued inside sentences among changing neighbours, Han
        junctions pasted, not a name."""
        copies = sum(run.left.values())
        return (
            run.documents >= self._threshold(site)
            and (run.topical or _capitalised(run, copies))
            and max(run.left.values()) <= self.max_context_share * copies
            and max(run.right.values()) <= self.max_context_share * copies
            and run.edges <= self.max_edge_share * copies
            and (not run.unspaced or run.evidence / copies >= self.min_paste_evidence)
            and run.named < NAMED_SHARE * copies
        )

    def _topics(self, site: _Site, sampled: bool, clauses: list[_Clause]) -> tuple[np.ndarray | None, list[tuple[str, np.ndarray]]] | None:
        """For a document of the site's baseline sample (`sampled`), its topic sketch; and, once
        per copy, one for each suspect run in it; None when it is neither sampled nor holds a
        suspect run (most documents: nothing to judge, and the content words are the costly
        part). A document holding a phrase k times gives k identical sketches, so
        pages that name it again and again weigh as alike: that is what a writer's subject does
        (`Donald Trump`, `트럼프 대통령은`), and one sketch per page was measured to lose it (the
        clean-sources audit went from 5 removals to 20). The cost: a phrase stuffed several times
        into each page it is pasted into is kept."""
        suspect = [(clause, first, end) for clause, first, end in self._runs(site, clauses) if " ".join(clause.words[first:end]) in site.runs]
        if not (sampled or suspect):
            return None
        content = _content(word for clause in clauses for word in clause.words)
        sketches = [
            (" ".join(clause.words[first:end]), _sketch(content - _content(clause.words[first:end]))) for clause, first, end in suspect
        ]
        return _sketch(content) if sampled else None, sketches

    def _off_topic(self, site: _Site) -> Iterable[str]:
        """The suspect runs whose documents are no more alike than any two of the site's. Where
        random pairs share nothing at all, only a run whose documents share nothing either."""
        rng = random.Random(0)
        pairs = [rng.sample(site.sample, 2) for _ in range(BASELINE_PAIRS)] if len(site.sample) > 1 else []
        baseline = sum(_jaccard(a, b) for a, b in pairs) / len(pairs) if pairs else 0.0
        for key, run in site.runs.items():
            similar = [_jaccard(a, b) for a, b in combinations(run.sketches, 2)]
            if not similar or sum(similar) / len(similar) <= self.max_topicality * baseline:
                yield key

    def fix(self, text: str, site: str) -> Fixed:
        """Remove from `text` every copy of the phrases found pasted across `site`."""
        found = self.sites.get(site)
        if not found or not found.phrases or not _may_hold(text, found.phrases):
            return Fixed(text, [])
        changes: list[Change] = []
        taken: list[tuple[int, int]] = []
        for clause, first, end in self._runs(found, _clauses(text)):
            if " ".join(clause.words[first:end]) in found.phrases:
                words = clause.span(first, end)
                span = claim(text, taken, *_with_quotes(text, *words)) or claim(text, taken, *words)
                if span is not None:
                    taken.append(span)
                    changes.append(Change(*span, "", REASON, 0.9))
        return splice(text, STEP, changes)

    def change(self, site: str, doc: Document) -> Document:
        """Remove the site's pasted phrases from one document."""
        return doc.apply(self.fix(doc.text, site))
