"""Keyword splices: product or industry phrases pasted into the middle of a real sentence.

SEO spam rewrites a copied article by pasting keyword phrases into its sentences: seed 002 reads
"Through five years of efforts to adopt pure aluminum fin evaporator, the chemical industry …".
No list of phrases can keep up with such sites, so detection rests on what every splice shares:
**it has nothing to do with the document around it**. A real sentence keeps returning to the
document's own words (names, the topic, its terms); a spliced phrase brings a run of content
words that occur nowhere else in the document.

Three signals make a candidate span and its score:
* *novelty run* — a stretch of one sentence whose content words (words that are not among the
  common words of the language, `data/spam_common_*.txt`, built from real corpora) are all absent
  from the rest of the document; function words and commas may sit in between. Han text has no
  spaces, so there the units are character pairs instead of words.
* *lexicon* — spam and advertising phrases (`data/spam_lexicon.txt`, from real spam lists) plus
  any the caller passes; a hit raises the score of the run around it, or makes a candidate alone.
* *sentence survives* — the span must leave words of its sentence on both sides or at least on
  one side: a whole sentence of new words is too often real news to remove.

The span reported is the smallest one covering the run (plus a leading `of`/`to`/`的`-style
connector that would dangle), so the sentence closes over the gap.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate, compress
from pathlib import Path
from typing import Iterable, Sequence

import ahocorasick
import numpy as np
import regex

from corpusclean._config import read_user_file
from corpusclean._data import DATA
from corpusclean._errors import ConfigError
from corpusclean._logistic import Logistic, load_logistic
from corpusclean._spans import free
from corpusclean._text.script import is_han, to_simplified_chars
from corpusclean._text.wordfreq import listed, word_key

SPLICE = "keyword-splice"
LEXICON = "lexicon-phrase"
PRODUCT = "product-keyword"

_WORD = regex.compile(r"[\p{Latin}\p{N}]+(?:['’-][\p{Latin}\p{N}]+)*")
_WORD_SPLIT = regex.compile(f"({_WORD.pattern})")
"""Splits a text into the gaps between words and the words (`_WORD`), alternately."""
_HAN_RUN = regex.compile(r"\p{Han}+")
_SENTENCE = regex.compile(r"[^.!?。！？；;\n]+[.!?。！？；;]*")
_CONNECTORS = {"of", "to", "and", "on", "in", "for", "with", "by", "the", "a", "an"}

EN_MIN_NOVEL = 3
"""Novel content words a run needs before it is a candidate at all."""
ZH_MIN_NOVEL = 6
"""Novel character pairs a Han run needs (a run of n pairs spans n + 1 characters)."""
NOVELTY_CAP = 0.5
"""Novelty alone never makes a span certain: runs of new words are ordinary in real news (names,
places, a new turn of the story). On the evaluation set a novelty run of seven words or more
is found in a third of clean English articles but beside only 7% of spliced clauses, so novelty
candidates stay below the default flag level and are reported only on request (`flag_score`)."""
EN_GAP = 2
"""Function words (or commas) allowed between two novel words inside one run."""


@dataclass(frozen=True)
class Candidate:
    """A span suspected of being spliced in, with its score in [0, 1] and what was seen."""

    start: int
    end: int
    score: float
    reason: str
    evidence: str

    def to_dict(self, text: str) -> dict[str, object]:
        """The candidate as reported in metadata (`spam_candidates`)."""
        return {
            "start": self.start,
            "end": self.end,
            "text": text[self.start : self.end],
            "score": round(self.score, 3),
            "reason": self.reason,
            "evidence": self.evidence,
        }


@lru_cache(maxsize=None)
def _lines(name: str) -> frozenset[str]:
    return frozenset(line for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line)


def read_lexicon(path: str | Path) -> tuple[str, ...]:
    """The phrases of a user's lexicon file: one per line; blank lines and `#` comments skipped."""
    lines = read_user_file(path, "spam lexicon")
    return user_phrases([line for line in lines if not line.lstrip().startswith("#")])


def common_words() -> frozenset[str]:
    """English words too common to say anything about a document's topic."""
    return _lines("spam_common_en.txt")


def common_pairs() -> frozenset[str]:
    """Han character pairs too common to say anything about a document's topic."""
    return _lines("spam_common_zh.txt")


def builtin_lexicon() -> frozenset[str]:
    """The shipped spam/advertising phrases (case-folded)."""
    return _lines("spam_lexicon.txt")


def _stem(word: str) -> str:
    """A crude stem so that `industrial`/`industry`, `experiments`/`experimental` meet."""
    word = word.casefold()
    return word[:6] if len(word) > 6 else word.rstrip("s")


def _is_content(word: str) -> bool:
    return len(word) > 2 and not word.isdigit() and word.casefold() not in common_words()


_BOUNDED = r"(?<![\p{Latin}\p{N}])(?:%s)(?![\p{Latin}\p{N}])"
_HAS_WORD = regex.compile(r"[\p{L}\p{N}]")


MAX_PHRASE_CHARS = 500
"""The longest lexicon phrase accepted: a spliced keyword or sentence is far shorter, and a
long periodic phrase makes the trie-shaped pattern backtrack for seconds."""


def user_phrases(lexicon: Sequence[str]) -> tuple[str, ...]:
    """The caller's phrases, stripped, blank ones dropped. A string is refused (it would be read
    as one phrase per character), and so are items that are not text and phrases without a
    letter or digit (a separator line `----` would remove every dash) and phrases longer than
    `MAX_PHRASE_CHARS`."""
    if isinstance(lexicon, str):
        raise ConfigError(f"the spam lexicon must be a list of phrases, not one string ({lexicon[:40]!r})")
    phrases = []
    for item in lexicon:
        if not isinstance(item, str):
            raise ConfigError(f"spam lexicon phrases must be text, not {item!r}")
        phrase = item.strip()
        if phrase and not _HAS_WORD.search(phrase):
            raise ConfigError(f"spam lexicon phrase {phrase!r} holds no letter or digit")
        if len(phrase) > MAX_PHRASE_CHARS:
            raise ConfigError(
                f"spam lexicon phrase {phrase[:40]!r}… is {len(phrase)} characters long; phrases are at most "
                f"{MAX_PHRASE_CHARS} (a keyword or a sentence, not a passage)"
            )
        if phrase:
            phrases.append(phrase)
    return tuple(phrases)


@lru_cache(maxsize=1)
def _shipped_pattern() -> regex.Pattern[str]:
    return _compile(builtin_lexicon())


@lru_cache(maxsize=1)
def _shipped_automaton() -> ahocorasick.Automaton | None:
    """The shipped phrases, case-folded, as an Aho-Corasick automaton (None without phrases): a
    prefilter for `_shipped_pattern`, whose trie is tried at every position of every document.

    Exact: the pattern matches case-insensitively with full case folding, and case folding maps
    each character on its own, so wherever the pattern matches a phrase, the case-folded text
    holds the case-folded phrase. Most documents hold none, and skip the pattern."""
    return _automaton(phrase.casefold() for phrase in builtin_lexicon())


def _automaton(strings: Iterable[str]) -> ahocorasick.Automaton | None:
    """An Aho-Corasick automaton finding any of `strings`, each found with its length (None when
    there are none)."""
    automaton = ahocorasick.Automaton()
    for string in strings:
        automaton.add_word(string, len(string))
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


def _holds_any(automaton: ahocorasick.Automaton | None, folded: str) -> bool:
    """Whether `folded` (a case-folded text) holds one of the strings of `automaton` anywhere."""
    return automaton is not None and next(automaton.iter(folded), None) is not None


def _shipped_spans(text: str, folded: str) -> list[tuple[int, int]]:
    """The spans of `_shipped_pattern`'s matches in `text`, whose case folding is `folded`.

    The pattern is tried only where `_shipped_automaton` finds a phrase in `folded` (most
    documents: nowhere). When case folding kept the text's length, it mapped every character to
    one, so offsets in `folded` are offsets in `text`, and the pattern is matched at the phrases'
    starts alone: no other position can start a match, so this finds what a scan finds, at the
    cost of a few matches instead of a scan of the trie at every position. Otherwise (`ß` → `ss`)
    the text is scanned."""
    automaton = _shipped_automaton()
    if automaton is None:
        return []
    starts = sorted({end - size + 1 for end, size in automaton.iter(folded)})
    if not starts:
        return []
    pattern = _shipped_pattern()
    if len(folded) != len(text):
        return [match.span() for match in pattern.finditer(text)]
    spans: list[tuple[int, int]] = []
    for start in starts:
        if spans and start < spans[-1][1]:
            continue  # inside the previous match, where a scan would not look
        match = pattern.match(text, start)
        if match:
            spans.append(match.span())
    return spans


@lru_cache(maxsize=16)
def _user_lexicon(extra: str | tuple[str, ...]) -> tuple[regex.Pattern[str] | None, frozenset[str]]:
    """The caller's phrases as a pattern and as a case-folded set; checked and built once per
    lexicon."""
    user = frozenset(p.casefold() for p in user_phrases(extra))
    return (_compile(user) if user else None), user


def _compile(phrases: frozenset[str]) -> regex.Pattern[str]:
    """One pattern matching `phrases` on word boundaries, case-insensitively (`ß` = `ss`). The
    phrases are merged into a character trie, so a lexicon of 10,000 phrases scans about as fast
    as one of 100 (a flat alternation tries every phrase at every position: 80 times slower)."""
    return regex.compile(_BOUNDED % _trie_pattern(phrases), regex.IGNORECASE | regex.FULLCASE)


def _trie_pattern(phrases: frozenset[str]) -> str:
    """A regular expression for `phrases` that prefers the longest at each position, as the
    alternation of them sorted by length does: a shared prefix is written once. Built bottom-up
    without recursion, since a phrase may be thousands of characters long."""
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    order, stack = [], [trie]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(child for ch, child in node.items() if ch)
    written: dict[int, str] = {}
    for node in reversed(order):  # children before their parents
        branches = [regex.escape(ch) + written[id(child)] for ch, child in sorted(node.items()) if ch]
        body = "" if not branches else branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        written[id(node)] = f"(?:{body})?" if body and "" in node else body
    return written[id(trie)]


def candidates(text: str, lexicon: Sequence[str] = (), novelty: bool = True) -> list[Candidate]:
    """Every span of `text` that looks spliced in, most certain first (spans may overlap).

    The caller's phrases are matched first, so that a longer shipped phrase holding one
    (`make money` around `make`) cannot hide it. `novelty=False` skips the novelty runs, whose
    score never exceeds `NOVELTY_CAP`: a caller whose thresholds lie above that saves most of
    the time.
    """
    pattern, user = _user_lexicon(lexicon if isinstance(lexicon, (str, tuple)) else tuple(lexicon))
    hits = [m.span() for m in pattern.finditer(text)] if pattern else []
    folded = text.casefold()
    hits += [span for span in _shipped_spans(text, folded) if free(span, hits)]
    found = [_lexicon_candidate(text, start, end, user) for start, end in hits]
    found += product_candidates(text, folded)
    if novelty:
        found += _english_runs(text) + _han_runs(text)
    return sorted(found, key=lambda c: (-c.score, c.start))


def _lexicon_candidate(text: str, start: int, end: int, user: frozenset[str]) -> Candidate:
    """A lexicon phrase. A shipped one is sure when it occurs once, glued inside a sentence, and
    is not made of everyday words only; doubtful when it stands between punctuation (a heading or
    list item of the document's own), recurs (the document is about it: an article on the 四海帮
    gang names it throughout), or is a phrase that ordinary prose also writes (`subject to`,
    `make money`, `资金短缺`: see `_everyday`). A phrase the caller added (`user`, case-folded) is
    the caller's decision: sure wherever it runs on into a sentence on either side, so a pasted
    phrase that ends at a comma goes too; only a line or list item of its own is kept."""
    before = _continues(text[max(0, start - 2) : start][::-1])
    after = _continues(text[end : end + 2])
    phrase = text[start:end]
    if phrase.casefold() in user:
        sure = before or after
    else:
        sure = before and after and text.casefold().count(phrase.casefold()) == 1 and not _everyday(phrase)
    if sure:
        return Candidate(start, end, 0.9, LEXICON, "lexicon phrase inside a sentence")
    return Candidate(start, end, 0.6, LEXICON, "lexicon phrase")


def _everyday(phrase: str) -> bool:
    """True when every word of `phrase` is one of the 10,000 commonest English words, or every
    character pair of a Han phrase is common in Chinese text: prose uses such phrases for real
    (on the clean corpora, `subject to` alone was removed from eight Wikipedia paragraphs)."""
    han = _HAN_RUN.findall(to_simplified_chars(phrase))
    if han:
        common = common_pairs()
        return all(run[i : i + 2] in common for run in han for i in range(len(run) - 1))
    return all(listed(word, "en") for word in _WORD.findall(phrase))


def _continues(chars: str) -> bool:
    """True when the sentence goes on past these neighbouring characters (nearest first)."""
    if not chars:
        return False
    if is_han(chars[0]):
        return True
    return chars[0] == " " and len(chars) > 1 and (chars[1].isalnum() or chars[1] == ",")


def _english_runs(text: str) -> list[Candidate]:
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    starts = [w[0] for w in words]
    stems = Counter(_stem(w) for _, _, w in words if _is_content(w))
    found: list[Candidate] = []
    for sentence in _SENTENCE.finditer(text):
        inside = words[bisect_left(starts, sentence.start()) : bisect_left(starts, sentence.end())]
        for run in _runs(text, inside, stems):
            found.append(_score_english(text, inside, run))
    return [c for c in found if c.score > 0]


def _runs(text: str, inside: list[tuple[int, int, str]], stems: Counter[str]) -> list[list[int]]:
    """Index lists of novel content words close enough together to form one splice."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, (start, end, word) in enumerate(inside):
        if _is_content(word) and stems[_stem(word)] == 1:
            if current and (i - current[-1] - 1 > EN_GAP or _hard_break(text, inside[current[-1]][1], start)):
                runs.append(current)
                current = []
            current.append(i)
        elif _is_content(word) and current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [run for run in runs if len(run) >= EN_MIN_NOVEL]


def _hard_break(text: str, start: int, end: int) -> bool:
    """Brackets, quotes or dashes between two words end a run; commas do not."""
    return any(ch in "()[]\"“”:—" for ch in text[start:end])


def _score_english(text: str, inside: list[tuple[int, int, str]], run: list[int]) -> Candidate:
    first, last = run[0], run[-1]
    while first > 0 and inside[first - 1][2].casefold() in _CONNECTORS:
        first -= 1
    start, end = inside[first][0], inside[last][1]
    novel = len(run)
    content_left = sum(1 for w in inside[:first] if _is_content(w[2]))
    content_right = sum(1 for w in inside[last + 1 :] if _is_content(w[2]))
    if content_left + content_right < 2:
        return Candidate(start, end, 0.0, SPLICE, "whole sentence")
    score = NOVELTY_CAP * min(1.0, (novel - 1) / 6)
    capitals = sum(1 for i in run if inside[i][2][:1].isupper())
    evidence = f"{novel} content words found nowhere else in the document"
    if capitals >= 3 and inside[first][2][:1].isupper() and first > 0:
        evidence += f", {capitals} capitalised mid-sentence"
    return Candidate(start, _trim_end(text, start, end), score, SPLICE, evidence)


def _trim_end(text: str, start: int, end: int) -> int:
    """Take the comma or space that followed the span along, so the sentence closes up."""
    if text[end : end + 1] == "," and text[end + 1 : end + 2] == " " and text[start - 1 : start] == " ":
        return end + 1
    return end


def _han_runs(text: str) -> list[Candidate]:
    simplified = to_simplified_chars(text)
    pairs = Counter(simplified[i : i + 2] for m in _HAN_RUN.finditer(simplified) for i in range(m.start(), m.end() - 1))
    common = common_pairs()
    found: list[Candidate] = []
    for sentence in _SENTENCE.finditer(simplified):
        s0, s1 = sentence.span()
        novel_at = [
            i
            for i in range(s0, s1 - 1)
            if is_han(simplified[i]) and is_han(simplified[i + 1]) and pairs[simplified[i : i + 2]] == 1
            and simplified[i : i + 2] not in common
        ]
        for run in _pair_runs(novel_at):
            start, end = run[0], run[-1] + 2
            han_left = sum(is_han(ch) for ch in simplified[s0:start])
            han_right = sum(is_han(ch) for ch in simplified[end:s1])
            if han_left + han_right < 4 or len(run) < ZH_MIN_NOVEL:
                continue
            score = NOVELTY_CAP * min(1.0, (len(run) - 2) / 14) * len(run) / (end - start - 1)
            evidence = f"{len(run)} character pairs found nowhere else in the document"
            found.append(Candidate(start, end, score, SPLICE, evidence))
    return found


def _pair_runs(positions: list[int]) -> list[list[int]]:
    """Group novel pair positions that touch or leave at most one common pair between them."""
    runs: list[list[int]] = []
    for i in positions:
        if runs and i - runs[-1][-1] <= 2:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


PRODUCT_SURE = 0.9
"""Score of a product term that is off-topic and breaks its sentence: removed by default."""
PRODUCT_DOUBT = 0.3
"""The floor of the score of an off-topic product term the model does not call pasted: `PRODUCT_DOUBT + PRODUCT_SPREAD · p` for its
probability p, so the default report level (0.55) shows the likelier pastes and the review
level (0.3) every off-topic term."""
PRODUCT_SPREAD = 0.6
PRODUCT_UNJUDGED = 0.25
"""Score of an off-topic product term with punctuation or a line edge beside it: there is no
junction for the model to judge, and such terms are mostly list items and headings of the
document's own; reported only on request (below the review level)."""
PRODUCT_TOPICAL = 0.2
"""Score of a product term the document itself is about: below the review level, reported only
on request."""
PRODUCT_MODEL = DATA / "product_terms_model.json"
"""The logistic model that decides whether an off-topic term breaks its sentence, trained by
`eval/spam/train_products.py` on the development split of `eval/spam/evaluate_products.py`."""
PRODUCT_FEATURES = (
    "evidence",
    "closes",
    "opens_fit",
    "closes_fit",
    "case_break",
    "capital_beside",
    "hs_share",
    "words",
    "books_evidence",
    "books_closes",
    "books_opens_fit",
    "books_closes_fit",
)
UNSEEN_PAIR = math.log(0.05)
"""log of the share of P(b) a word pair absent from the Google Books bigram list gets as
P(b | a): the list holds the 242,342 commonest pairs only, so absence says the pair is rare."""
UNKNOWN_WORD = math.log(1e-9)
"""log P(w) of a word absent from the Google Books word list (82,765 words)."""
MAX_MODIFIERS = 3
"""Words before a head noun taken as the unseen term's modifiers (`impact testing` machine)."""
_SMOOTHING = 10.0
"""Pseudo-count spreading a word class's unigram probability over its bigram row."""


@dataclass(frozen=True)
class _ProductLexicon:
    """The HS terms and head nouns (case-folded) with their HS chapters, and the word-class
    bigram counts of real English prose (`scripts/build_product_lexicon.py`)."""

    terms: dict[str, frozenset[str]]
    heads: dict[str, frozenset[str]]
    modifiers: frozenset[str]
    bigrams: dict[tuple[str, str], int]
    left_totals: dict[str, int]
    unigram: dict[str, float]
    floor: float
    """The probability given to a class never seen on the right of a bigram."""


@lru_cache(maxsize=1)
def _product_lexicon() -> _ProductLexicon:
    kinds: dict[str, dict[str, frozenset[str]]] = {"term": {}, "head": {}, "word": {}}
    for line in (DATA / "product_terms.tsv").read_text(encoding="utf-8").splitlines():
        phrase, kind, chapters = line.split("\t")
        kinds[kind][phrase] = frozenset(chapters.split())
    bigrams: dict[tuple[str, str], int] = {}
    left: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for line in (DATA / "product_terms_bigrams.tsv").read_text(encoding="utf-8").splitlines():
        a, b, n = line.split("\t")
        bigrams[(a, b)] = int(n)
        left[a] += int(n)
        right[b] += int(n)
    total = sum(right.values())
    unigram = {c: n / total for c, n in right.items()}
    modifiers = frozenset(kinds["word"]) | {w for term in kinds["term"] for w in term.split()[:-1]}
    floor = 0.5 / max(1, sum(left.values()))
    return _ProductLexicon(kinds["term"], kinds["head"], modifiers, bigrams, dict(left), unigram, floor)


@lru_cache(maxsize=65536)
def _head_chapters(word: str) -> frozenset[str] | None:
    """The HS chapters of a head noun, singular or plural (`machine` → `machines`)."""
    heads = _product_lexicon().heads
    plural = word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")
    for form in (word, plural, word[:-1] if word.endswith("s") else ""):
        if form in heads:
            return heads[form]
    return None


@lru_cache(maxsize=1)
def _head_forms() -> frozenset[str]:
    """Every case-folded word of more than three letters that `_head_chapters` takes as a head
    noun: a head, or its singular or plural as `_head_chapters` forms them. A set test on these
    tells which words of a document can end a term without trying each word's forms."""
    forms = {f for h in _product_lexicon().heads for f in (h, h[:-1], h[:-2], h + "s")}
    return frozenset(f for f in forms if len(f) > 3 and _head_chapters(f) is not None)


@lru_cache(maxsize=1)
def _head_automaton() -> ahocorasick.Automaton | None:
    """`_head_forms` as an Aho-Corasick automaton: the gate before a document is split into words.
    Exact, as `_shipped_automaton` is: case folding maps each character on its own, so a word
    whose case folding is a head form leaves that form in the case-folded text."""
    return _automaton(_head_forms())


_SUFFIXES = ("ly", "ing", "ed", "tion", "ment", "ness", "ity", "al", "ous", "ive", "able", "ic", "er", "s")
"""Endings that stand in for a part of speech in the junction model's word classes."""


def word_class(word: str) -> str:
    """A word's class in the junction model: a common word (`data/spam_common_en.txt`) itself;
    else `<N>` for a number, or its shape (`C` capitalised, `W` lower case) with the first of
    `_SUFFIXES` it ends in (`<W-ly>`, `<C-s>`, `<W>`): a rough part of speech, so that
    `said [...] that` and `bought [...] for` can be told apart without a tagger."""
    folded = word.casefold()
    if folded in common_words():
        return folded
    if word[:1].isdigit():
        return "<N>"
    shape = "C" if word[:1].isupper() else "W"
    for suffix in _SUFFIXES:
        if folded.endswith(suffix) and len(folded) > len(suffix) + 2:
            return f"<{shape}-{suffix}>"
    return f"<{shape}>"


def _logprob(a: str, b: str) -> float:
    """log P(class b | class a), the bigram count smoothed towards P(b)."""
    model = _product_lexicon()
    p_b = model.unigram.get(b, model.floor)
    return math.log((model.bigrams.get((a, b), 0) + _SMOOTHING * p_b) / (model.left_totals.get(a, 0) + _SMOOTHING))


def junction_features(left: str, words: Sequence[str], right: str) -> tuple[float, ...]:
    """What the model reads about a term `words` standing between the words `left` and `right`
    (`PRODUCT_FEATURES`):

    * `evidence` — the log-likelihood ratio (nats) that the term was pasted there, under the
      word-class bigram model of real English: the sentence closed over the gap with the term
      standing alone, P(right | left) · P(first), against the term written there,
      P(first | left) · P(right | last). The word-level counterpart of
      `_spam.junction.paste_evidence`: `said [welded link chains] that` closes over `said that`,
      while `bought [welded link chains] for` reads as written;
    * `closes` — log P(right | left) alone; `opens_fit`, `closes_fit` — how much better than
      chance the term follows `left` and is followed by `right`;
    * `case_break` — a capitalised term after a lower-case word (a Title Case catalogue entry);
      `capital_beside` — a capitalised word beside it (the term is more likely part of a name);
    * `books_…` — the same four measures over the words themselves, under the Google Books word
      and pair counts (`_books`), where the classes are too coarse (`said that`, `of the`);
    * `hs_share` — the share of its words that HS phrases use; `words` — its length. (Whether
      the term is a known HS phrase is left out: the pasted terms of the training data never are,
      so the model would learn that known terms are never pasted.)"""
    model = _product_lexicon()
    hs = sum(w.casefold() in model.modifiers or _head_chapters(w.casefold()) is not None for w in words)
    first, last = words[0], words[-1]
    g_closes, g_opens, g_ends = _books_logprob(left, right), _books_logprob(left, first), _books_logprob(last, right)
    g_first, g_right = _books_logprob(first), _books_logprob(right)
    return (
        *_class_junction(left, first, last, right),
        float(words[0][:1].isupper() and left[:1].islower()),
        float(left[:1].isupper() or right[:1].isupper()),
        hs / len(words),
        float(len(words)),
        g_closes + g_first - g_opens - g_ends,
        g_closes,
        g_opens - g_first,
        g_ends - g_right,
    )


def _class_junction(left: str, first: str, last: str, right: str) -> tuple[float, float, float, float]:
    """The word-class features of `junction_features` (`evidence`, `closes`, `opens_fit`,
    `closes_fit`) for a term from `first` to `last` between `left` and `right`: all `_term_start`
    needs to choose where a term begins, without the Google Books look-ups."""
    a, f, z, b = (word_class(w) for w in (left, first, last, right))
    unigram = _product_lexicon().unigram
    log_f = math.log(unigram.get(f, 1e-6))
    log_b = math.log(unigram.get(b, 1e-6))
    closes, opens, ends = _logprob(a, b), _logprob(a, f), _logprob(z, b)
    return closes + log_f - opens - ends, closes, opens - log_f, ends - log_b


@lru_cache(maxsize=1)
def _product_model() -> Logistic:
    return load_logistic(PRODUCT_MODEL, PRODUCT_FEATURES, "eval/spam/train_products.py")


@dataclass(frozen=True)
class _Counts:
    """Counts keyed by a 64-bit hash of their text (`_text.wordfreq.word_key`), as two sorted
    arrays: 3 MB for Google Books' 242,342 word pairs instead of 70 MB of Python strings."""

    keys: np.ndarray
    counts: np.ndarray
    log_total: float

    @classmethod
    def read(cls, lines: list[str]) -> "_Counts":
        """From `text count` lines (the text may hold a space)."""
        split = [line.rpartition(" ") for line in lines]
        keys = np.array([word_key(text) for text, _, _ in split], dtype=np.uint64)
        counts = np.array([count for _, _, count in split], dtype=np.float64)
        order = np.argsort(keys)
        return cls(keys[order], counts[order], math.log(counts.sum()))

    def log_share(self, text: str) -> float | None:
        """log(count / total) of `text`, None when it is not counted."""
        key = np.uint64(word_key(text))
        i = int(np.searchsorted(self.keys, key))
        if i < len(self.keys) and self.keys[i] == key:
            return math.log(self.counts[i]) - self.log_total
        return None


@lru_cache(maxsize=1)
def _books() -> tuple[_Counts, _Counts]:
    """English word and word-pair counts of Google Books (the dictionaries symspellpy ships, MIT /
    CC BY 3.0). The two lists were counted on different samples, so each is normalised by its own
    total. Read once, when a document first holds a product term with words on both sides."""
    root = resources.files("symspellpy")
    words = (root / "frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8").splitlines()
    pairs = (root / "frequency_bigramdictionary_en_243_342.txt").read_text(encoding="utf-8").splitlines()
    return _Counts.read(words), _Counts.read(pairs)


@lru_cache(maxsize=65536)
def _books_logprob(a: str, b: str | None = None) -> float:
    """log P(a) (when `b` is None) or log P(b | a) under the Google Books counts, case-folded."""
    words, pairs = _books()
    a = a.casefold()
    if b is None:
        share = words.log_share(a)
        return UNKNOWN_WORD if share is None else share
    b = b.casefold()
    pair, first = pairs.log_share(f"{a} {b}"), words.log_share(a)
    if pair is not None and first is not None:
        return min(0.0, pair - first)
    return UNSEEN_PAIR + _books_logprob(b)


@dataclass(frozen=True)
class ProductTerm:
    """A product term found in a text: its span, whether the document is about it (`topical`,
    with the reason), and the junction features when a word stands on both sides (else None)."""

    start: int
    end: int
    topical: str | None
    features: tuple[float, ...] | None


def product_candidates(text: str, folded_text: str | None = None) -> list[Candidate]:
    """Product and industry terms of `text` as candidates (reason `product-keyword`; see
    `product_terms`, and there `folded_text`). An off-topic term is removed (`PRODUCT_SURE`) when
    the model (`PRODUCT_MODEL`) reads its junctions as a paste, and otherwise reported with a
    score that grows with the model's probability (`PRODUCT_DOUBT`); a term the document is
    about gets `PRODUCT_TOPICAL`."""
    found = []
    for term in product_terms(text, folded_text):
        if term.topical:
            found.append(Candidate(term.start, term.end, PRODUCT_TOPICAL, PRODUCT, f"product term on topic ({term.topical})"))
        elif term.features is None:
            found.append(Candidate(term.start, term.end, PRODUCT_UNJUDGED, PRODUCT, "off-topic product term (no junction)"))
        else:
            model = _product_model()
            p = float(model.probabilities(np.asarray([term.features]))[0])
            if p >= model.thresholds["pasted"]:
                score, evidence = PRODUCT_SURE, f"off-topic product term breaking its sentence (p={p:.2f})"
            else:
                score, evidence = PRODUCT_DOUBT + PRODUCT_SPREAD * p, f"off-topic product term (p={p:.2f})"
            found.append(Candidate(term.start, term.end, score, PRODUCT, evidence))
    return found


def product_terms(text: str, folded_text: str | None = None) -> list[ProductTerm]:
    """Product and industry terms (`data/product_terms.tsv`, from the Harmonized System) in `text`:
    a known HS noun phrase (`welded link chain`), or an unseen one ending in an HS head noun
    after up to `MAX_MODIFIERS` modifying words (`impact testing machine`, `anchor chain`); one
    term per head noun in a document (the first).

    A term is on topic when its head noun, or most of its content words, occur in other sentences
    of the document, or another known HS phrase of its chapters does (its branch of the
    classification; unseen phrases are too loose to count as kin).

    Most Chinese documents and many English ones hold no head noun: most of those hold no head
    form even inside a longer word (`_head_automaton`) and are never split into words; the words
    of the others are found with one split of the text. `folded_text` is `text.casefold()`, when
    the caller has it."""
    if not _holds_any(_head_automaton(), text.casefold() if folded_text is None else folded_text):
        return []
    parts = _WORD_SPLIT.split(text)  # gap, word, gap, word, …, gap
    offsets = list(accumulate(map(len, parts)))
    words = list(zip(offsets[0:-1:2], offsets[1::2], parts[1::2]))
    # every word case-folded in one call: folding maps each character on its own, and no word
    # holds a line break or folds into one
    folded = "\n".join(parts[1::2]).casefold().split("\n") if len(parts) > 1 else []
    heads = list(compress(range(len(folded)), map(_head_forms().__contains__, folded)))
    spans: list[tuple[int, int, frozenset[str], bool]] = []
    heads_seen: set[str] = set()
    for i in heads:
        word = folded[i]
        if (spans and i <= spans[-1][1]) or _stem(word) in heads_seen:
            continue
        chapters = _head_chapters(word)
        first = _term_start(text, words, folded, i)
        if first is not None:
            while spans and first <= spans[-1][1]:  # `welded link` inside `welded link chains`
                spans.pop()
            known = _product_lexicon().terms.get(" ".join(folded[first : i + 1]))
            spans.append((first, i, known or chapters, known is not None))
            heads_seen.add(_stem(word))
    if not spans:
        return []
    sentence_starts = [sentence.start() for sentence in _SENTENCE.finditer(text)]
    sentence_of = {f: bisect_right(sentence_starts, words[f][0]) - 1 for f, _, _, _ in spans}
    needed = {_stem(w) for f, z, _, _ in spans for w in folded[f : z + 1] if _is_content(w)}
    sharing = {w for w in set(folded) if _stem(w) in needed and _is_content(w)}
    stems_by_sentence: dict[str, set[int]] = {}
    for k, word in enumerate(folded):
        if word in sharing:
            stems_by_sentence.setdefault(_stem(word), set()).add(bisect_right(sentence_starts, words[k][0]) - 1)
    return [_product_term(text, words, folded, spans, sentence_of, stems_by_sentence, span) for span in spans]


def _glued(text: str, end: int, start: int) -> bool:
    """Whether only spaces stand between two words (no punctuation, no line break)."""
    return text[end:start].strip(" ") == "" and "\n" not in text[end:start]


def _term_start(text: str, words: list[tuple[int, int, str]], folded: list[str], head: int) -> int | None:
    """The index of the first word of the term ending at the head noun `head`: the longest known HS
    phrase ending there; else, among the content words glued before it (at most `MAX_MODIFIERS`;
    common words such as `small` or `new` stay outside), the start at which
    the sentence closes best over the term (the `evidence` of `junction_features`; the longest
    run when no start has a word before it). None when the head stands alone."""
    terms = _product_lexicon().terms
    for n in range(4, 1, -1):
        start = head - n + 1
        if start >= 0 and " ".join(folded[start : head + 1]) in terms and all(
            _glued(text, words[k][1], words[k + 1][0]) for k in range(start, head)
        ):
            return start
    start = head
    while (
        start > 0
        and head - start < MAX_MODIFIERS
        and folded[start - 1].replace("-", "").isalpha()
        and _is_content(folded[start - 1])
        and not folded[start - 1].endswith("ly")  # an adverb modifies no noun: `correctly handle`
        and _glued(text, words[start - 1][1], words[start][0])
    ):
        start -= 1
    if start == head:
        return None
    right = head + 1 < len(words) and _glued(text, words[head][1], words[head + 1][0])
    options = [
        (_class_junction(words[s - 1][2], words[s][2], words[head][2], words[head + 1][2])[0], s)
        for s in range(start, head)
        if right and s > 0 and _glued(text, words[s - 1][1], words[s][0])
    ]
    return max(options)[1] if options else start


def _product_term(
    text: str,
    words: list[tuple[int, int, str]],
    folded: list[str],
    spans: list[tuple[int, int, frozenset[str], bool]],
    sentence_of: dict[int, int],
    stems_by_sentence: dict[str, set[int]],
    span: tuple[int, int, frozenset[str], bool],
) -> ProductTerm:
    first, last, branch, known = span
    start, end = words[first][0], words[last][1]
    own = {sentence_of[first]}
    content = [_stem(w) for w in folded[first : last + 1] if _is_content(w)]
    shared = [s for s in content if stems_by_sentence.get(s, own) - own]
    head = _stem(folded[last])
    kin = [
        " ".join(folded[f : z + 1])
        for f, z, chapters, is_known in spans
        if is_known and (f, z) != (first, last) and chapters & branch and _stem(folded[z]) != head
    ]
    topical = None
    if head in shared or 2 * len(shared) > len(content) or kin:
        topical = f"shares {', '.join(shared)}" if shared else f"HS chapter kin: {kin[0]}"
    features = None
    if first > 0 and last + 1 < len(words) and _glued(text, words[first - 1][1], start) and _glued(
        text, end, words[last + 1][0]
    ):
        features = junction_features(words[first - 1][2], [w for _, _, w in words[first : last + 1]], words[last + 1][2])
    return ProductTerm(start, end, topical, features)
