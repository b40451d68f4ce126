"""Language tagging: script first, then a deterministic n-gram scorer, bounded per document.

langdetect alone calls Traditional Chinese "Korean" (its Korean profile is full of Han n-grams),
changes about 2% of its answers from run to run unless a global seed is set, and is the slowest
step of a naive pipeline. So the decision is split in two:

1. **Script.** Letters are counted by script (`_text.script.script_counts`). Han text with Hangul is
   Korean, with kana Japanese, otherwise Chinese — Traditional or Simplified by which OpenCC
   direction would change more characters (`_text.script.han_variant_votes`; written-Cantonese
   characters break a tie, `chinese_script_votes`). These are *shares*, not
   vetoes: one stray kana in a mojibake line does not turn a Chinese document Japanese.
2. **Statistics**, only among the languages that write that script: a naive-Bayes sum over
   langdetect's own 1-3-gram profiles (`_lang.profiles`), with no random trials; when two
   languages with word lists are close, plus word evidence from wordfreq's lists (`_text.wordfreq`),
   which tells neighbours apart that share their n-grams (Danish/Norwegian, Portuguese/Spanish).

Long documents are read through evenly spaced windows (`_sample`), so the work per document is
bounded and the whole document — not just its head — is heard. The text is split into blocks of
lines of one script family; the document's language comes from its dominant family, and the
per-block tags give `languages`, the share of characters in each language.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import NamedTuple, Sequence

import numpy as np

from corpusclean._document import Fixed
from corpusclean._lang.profiles import log_likelihoods, without_addresses
from corpusclean._text.script import (
    CYRILLIC,
    GREEK,
    HAN,
    HANGUL,
    KANA,
    LATIN,
    OTHER_LETTER,
    SCRIPTS,
    han_variant_votes,
    line_script_counts,
    script_counts,
)
from corpusclean._text.wordfreq import log_likelihoods as word_log_likelihoods
from corpusclean._text.wordfreq import word_lists

STEP = "language"
UNDETERMINED = "und"
CHINESE = ("zh-Hans", "zh-Hant")
SCRIPT_TIE = 0.5
"""The Chinese score of text with no script evidence: both scripts at 0.5."""
SCRIPT_BASIS = "script_basis"
"""Metadata key set on Chinese ties: `"none"` from this step, `"site"` once `site-script` has
settled the script from the document's site."""

MIN_LETTERS = 5
"""Fewer weighted letters than this (see `_weighted_letters`) is too little text: `und`."""

HANGUL_SHARE = 0.2
"""Share of a CJK text's letters that must be Hangul for it to be Korean."""

KANA_SHARE = 0.1
"""Share of a CJK text's letters that must be kana for it to be Japanese (Japanese prose has
30-60%; a stray kana from mojibake in a Chinese document is far below this)."""

SAMPLE_CHARS = 3000
"""Documents longer than this are read through `SAMPLE_WINDOWS` evenly spaced windows."""

SAMPLE_WINDOWS = 6

BLOCK_CHARS = 200
"""Consecutive lines of one script family are joined into blocks of at least this many chars."""

SHORT_BLOCK_LETTERS = 40
"""A block with fewer (weighted) letters is too short to tag alone (menu lines, captions,
bilingual headings); it counts toward the document's language in `languages`."""

EVIDENCE_NGRAMS = 60
"""Scores are a softmax of log-likelihoods scaled down to at most this many n-grams' worth of
evidence, so `language_score` stays informative on long texts instead of always being 1.0."""

WORD_WEIGHT = 5.0
"""How much the word log-likelihood (`_text.wordfreq`) counts against the n-gram one. Chosen on the
development four fifths of the evaluation (eval/lang/tune.py): dev accuracy rises from 0 to 3
and is flat from 3 to 8 (short 0.953-0.954, sentences 0.9922-0.9927); 5 is the middle."""

WORD_MARGIN = 80.0
"""Word evidence is computed only when the two best languages with word lists are closer than
this in n-gram log-likelihood (nats, untempered). On the development split, 80 gives the same
answers as always computing it while skipping it for 86% of paragraphs and 60% of sentences."""

MIN_SCORE = 0.001

CANTONESE = "嘅咗嘢喺冇啲佢哋噉嚟㗎咩畀啱攞冚嘥嘞睇噃啩嚿"
"""Characters of written Cantonese that Mandarin does not use and OpenCC does not convert
(possessive 嘅, perfective 咗, 嘢 thing, 喺 at, 冇 have-not, 啲 some, 佢/哋 he/plural, 噉, 嚟 come,
sentence particles 㗎 咩 嘞 噃 啩, 畀 give, 啱 right, 攞 take, 冚 all, 嘥 waste, 睇 look, 嚿 lump).
Left out because Mandarin writes them too: 唔 (hmm), 咁, 乜, 吖, 咪, 嘈, 呀, 啦."""

_CJK = "cjk"
_CJK_SCRIPTS = {HAN, KANA, HANGUL}
_SCRIPT_WEIGHT = {HAN: 3, KANA: 3, HANGUL: 3, OTHER_LETTER: 2}
"""How much one letter of a script counts when weighing scripts against each other. A CJK
character is about a short alphabetic word. Arabic, Hebrew, Indic and Thai letters count 2
because their vowels are marks (not letters) or unwritten, so a Thai sentence naming
"Manchester City" is still Thai."""
_FAMILY = {HAN: _CJK, KANA: _CJK, HANGUL: _CJK, LATIN: "Latn", CYRILLIC: "Cyrl", GREEK: "Grek"}
_FAMILY_LANGUAGES = {
    "Latn": tuple(
        "af ca cs cy da de en es et fi fr hr hu id it lt lv nl no pl pt ro sk sl so sq sv sw tl "
        "tr vi".split()
    ),
    "Cyrl": ("bg", "mk", "ru", "uk"),
    "Grek": ("el",),
    OTHER_LETTER: tuple("ar bn fa gu he hi kn ml mr ne pa ta te th ur".split()),
}
_LANGUAGE_SCRIPT = {
    "ar": "Arab", "fa": "Arab", "ur": "Arab", "he": "Hebr", "hi": "Deva", "mr": "Deva",
    "ne": "Deva", "bn": "Beng", "gu": "Gujr", "pa": "Guru", "kn": "Knda", "ml": "Mlym",
    "ta": "Taml", "te": "Telu", "th": "Thai", "ja": "Jpan", "ko": "Kore", "zh-Hans": "Hans",
    "zh-Hant": "Hant",
}  # fmt: skip


class LanguageResult(NamedTuple):
    """Everything tagging learns about a text (the metadata of the `language` step)."""

    language: str
    score: float
    scores: list[tuple[str, float]]
    languages: dict[str, float]
    script: str


class _Block(NamedTuple):
    """Consecutive lines of one script family, with their n-gram log-likelihoods if scored (indexed
    like the family's languages, `_FAMILY_LANGUAGES`)."""

    text: str
    family: str | None
    counts: Counter[str]
    likelihood: np.ndarray | None
    ngrams: int


def _block(lines: list[str], family: str | None, counts: Counter[str]) -> _Block:
    """A block, scored against the profiles once if its family has several languages."""
    text = "\n".join(lines)
    if len(_FAMILY_LANGUAGES.get(family or "", ())) < 2:
        return _Block(text, family, counts, None, 0)
    likelihood, ngrams = log_likelihoods(text, _FAMILY_LANGUAGES[family])
    return _Block(text, family, counts, likelihood, ngrams)


def detect_language(text: str) -> str:
    """The language of `text`: a langdetect code, `zh-Hans`/`zh-Hant`, or `und`.

    `und` means too little text or no letters. Deterministic: the same text always gets the same
    answer, in any process, and the caller's random state is never touched.
    """
    return analyse(text).language


def language_scores(text: str) -> list[tuple[str, float]]:
    """Candidate languages of `text` with scores summing to about 1, best first.

    `[("und", 1.0)]` when there is too little text to say.
    """
    return analyse(text).scores


def tag_language(text: str) -> Fixed:
    """The pipeline's `language` step: text unchanged, zero edits, the tags as metadata.

    Metadata: `language`, `language_score`, `languages` (language → share of the characters of
    the tagged blocks; present on every document, `{language: 1.0}` for a monolingual one) and
    `script` (ISO 15924: `Latn`, `Cyrl`, `Hans`, `Hant`, `Jpan`, `Kore`, ..., `Zyyy` when the
    text has no letters). A Chinese tie between the scripts (0.5: no script evidence, or as much
    for each) also gets `script_basis: "none"`, so that the `site-script` corpus step can settle
    it from its site.
    """
    result = analyse(text)
    metadata: dict[str, object] = {
        "language": result.language,
        "language_score": result.score,
        "languages": result.languages,
        "script": result.script,
    }
    if result.language in CHINESE and result.score == SCRIPT_TIE:
        metadata[SCRIPT_BASIS] = "none"
    return Fixed(text, [], metadata)


def analyse(text: str) -> LanguageResult:
    """Tag `text`: the document decision plus the per-block language shares."""
    windows = _sample(text)
    sample = "\n".join(windows)
    counts = script_counts(without_addresses(sample))
    if counts and counts.keys() <= _CJK_SCRIPTS and _weighted_letters(counts) >= MIN_LETTERS:
        return _script_decided(counts, sample)
    blocks = _blocks(windows)
    totals: Counter[str] = Counter()
    for block in blocks:
        totals.update(block.counts)
    family = _family_of(totals)
    if family is None:
        return LanguageResult(UNDETERMINED, 1.0, [(UNDETERMINED, 1.0)], {}, "Zyyy")
    if _weighted_letters(totals) < MIN_LETTERS:
        script = _family_script(family, UNDETERMINED)
        return LanguageResult(UNDETERMINED, 1.0, [(UNDETERMINED, 1.0)], {}, script)
    scores = _family_scores([b for b in blocks if b.family == family], family)
    language, score = scores[0]
    languages = _language_shares(blocks, family, language)
    return LanguageResult(language, score, scores, languages, _family_script(family, language))


def _script_decided(counts: Counter[str], sample: str) -> LanguageResult:
    """The result of `analyse` for text whose only letters are Han, kana and Hangul, from the
    sample's script counts alone: every block is then in the CJK family, whose language is
    decided by script shares and variant votes (`_cjk_scores`), so the whole document has that
    one language and no line needs to be blocked or scored."""
    scores = _cjk_scores(counts, sample)
    language, score = scores[0]
    return LanguageResult(language, score, scores, {language: 1.0}, _family_script(_CJK, language))


def _sample(text: str) -> list[str]:
    """The text itself, or evenly spaced windows of it when it is long (bounded work).

    Windows start at fixed fractions of the text, so the sample is deterministic and covers the
    end of a document as well as its head.
    """
    if len(text) <= SAMPLE_CHARS:
        return [text]
    width = SAMPLE_CHARS // SAMPLE_WINDOWS
    last = len(text) - width
    starts = [last * i // (SAMPLE_WINDOWS - 1) for i in range(SAMPLE_WINDOWS)]
    return [text[start : start + width] for start in starts]


def _weighted_letters(counts: Counter[str]) -> int:
    """Letters in `counts`, weighted by `_SCRIPT_WEIGHT`, so that the "enough text" and "which
    script dominates" rules are fair between scripts that spell a word in few or many letters."""
    return sum(count * _weight(script) for script, count in counts.items())


def _weight(script: str) -> int:
    return _SCRIPT_WEIGHT.get(script, 1)


def _family_of(counts: Counter[str]) -> str | None:
    """The script family with the most (weighted) letters in `counts`; None without letters."""
    families: Counter[str] = Counter()
    for script, count in counts.items():
        families[_FAMILY.get(script, OTHER_LETTER)] += count * _weight(script)
    if not families:
        return None
    return max(sorted(families), key=lambda f: families[f])


def _blocks(windows: list[str]) -> list[_Block]:
    """Lines joined into blocks of one script family, each at least `BLOCK_CHARS` long.

    Lines without letters join the block they are in. A block is closed when it is long enough
    or the next line is in another family, so a Chinese title over English text stays apart.
    Each window's letters are counted per line and script in one pass (`line_script_counts`).
    """
    blocks: list[_Block] = []
    for window in windows:
        lines = window.split("\n")
        table = line_script_counts([without_addresses(line) for line in lines])
        families = _line_families(table)
        current: list[str] = []
        counts = np.zeros(len(SCRIPTS), dtype=np.int64)
        size = 0
        family: str | None = None
        for line, row, line_family in zip(lines, table, families):
            closes = size >= BLOCK_CHARS
            if current and line_family is not None and family is not None:
                closes = closes or line_family != family
            if closes:
                blocks.append(_block(current, family, _counter(counts)))
                current, counts, size, family = [], np.zeros(len(SCRIPTS), dtype=np.int64), 0, None
            current.append(line)
            counts += row
            size += len(line)
            family = family or line_family
        if current:
            blocks.append(_block(current, family, _counter(counts)))
    return blocks


def _counter(row: np.ndarray) -> Counter[str]:
    """A row of `line_script_counts` as a Counter of the scripts present."""
    return Counter({script: int(count) for script, count in zip(SCRIPTS, row.tolist()) if count})


_FAMILIES = sorted({_FAMILY.get(script, OTHER_LETTER) for script in SCRIPTS})
_FAMILY_WEIGHTS = np.array(
    [[_weight(script) * (_FAMILY.get(script, OTHER_LETTER) == f) for f in _FAMILIES] for script in SCRIPTS]
)
"""(scripts × families, families sorted): the weight of one letter of a script in its family."""


def _line_families(table: np.ndarray) -> list[str | None]:
    """`_family_of` of every row of a `line_script_counts` table, in one product."""
    weighted = table @ _FAMILY_WEIGHTS
    best = weighted.argmax(axis=1)  # the first of equal maxima: the alphabetically first family
    return [_FAMILIES[index] if total else None for index, total in zip(best.tolist(), weighted.sum(axis=1).tolist())]


def _family_scores(blocks: list[_Block], family: str) -> list[tuple[str, float]]:
    """Scores of the languages written in `family`, from the blocks in that family."""
    counts: Counter[str] = Counter()
    for block in blocks:
        counts.update(block.counts)
    if family == _CJK:
        return _cjk_scores(counts, "".join(block.text for block in blocks))
    candidates = _FAMILY_LANGUAGES[family]
    if len(candidates) == 1:
        return [(candidates[0], 1.0)]
    scored = [block for block in blocks if block.likelihood is not None]
    ngrams = sum(block.ngrams for block in scored)
    if ngrams == 0:
        return [(UNDETERMINED, 1.0)]
    likelihood = sum(block.likelihood for block in scored)
    listed, positions = _word_columns(family)
    if listed and _undecided(likelihood[listed]):
        found = sum(word_log_likelihoods(block.text) for block in scored)[positions]
        likelihood[listed] += WORD_WEIGHT * (found - found.max())
    return _softmax(candidates, likelihood, ngrams)


def _undecided(likelihood: np.ndarray) -> bool:
    """Whether the n-grams leave the two best languages within `WORD_MARGIN` nats (summed,
    untempered log-likelihoods) of each other, so that word evidence is worth computing."""
    if len(likelihood) < 2:
        return False
    second, first = np.partition(likelihood, len(likelihood) - 2)[-2:]
    return first - second < WORD_MARGIN


@lru_cache(maxsize=None)
def _word_columns(family: str) -> tuple[list[int], list[int]]:
    """Which of `family`'s candidates have a word list: their candidate indices and their
    positions in the word-likelihood vector.

    Word evidence is applied as a penalty relative to the best-scoring listed language, so it
    only reorders languages that have lists and never moves one against a language without a
    list (Afrikaans, Estonian, Welsh, Thai ... have none in wordfreq).
    """
    available = word_lists().languages
    pairs = [
        (index, available.index(language))
        for index, language in enumerate(_FAMILY_LANGUAGES[family])
        if language in available
    ]
    return [index for index, _ in pairs], [position for _, position in pairs]


def _softmax(candidates: Sequence[str], likelihood: np.ndarray, ngrams: int) -> list[tuple[str, float]]:
    """Normalised scores from log-likelihoods, tempered to `EVIDENCE_NGRAMS`, best first.

    Ties are broken by language code so the order never depends on anything but the text.
    """
    tempered = likelihood * min(1.0, EVIDENCE_NGRAMS / ngrams)
    weights = np.exp(tempered - tempered.max())
    weights /= weights.sum()
    ranked = sorted(zip(candidates, weights.tolist()), key=lambda item: (-item[1], item[0]))
    kept = [(language, p) for language, p in ranked if p >= MIN_SCORE] or ranked[:1]
    norm = sum(p for _, p in kept)
    return [(language, round(p / norm, 6)) for language, p in kept]


def _cjk_scores(counts: Counter[str], text: str) -> list[tuple[str, float]]:
    """Korean, Japanese or Chinese by script shares; Chinese variant by OpenCC votes.

    Korean needs `HANGUL_SHARE` of the CJK letters to be Hangul and Japanese `KANA_SHARE` to be
    kana, so a few stray characters cannot flip a document. The Chinese score is the smoothed
    share of variant-specific characters that vote for the winner.
    """
    cjk = counts[HAN] + counts[KANA] + counts[HANGUL]
    if counts[HANGUL] >= HANGUL_SHARE * cjk:
        return [("ko", 1.0)]
    if counts[KANA] >= KANA_SHARE * cjk:
        return [("ja", 1.0)]
    traditional, simplified = chinese_script_votes(text)
    hant = (traditional + 0.5) / (traditional + simplified + 1.0)
    ranked = [("zh-Hant", hant), ("zh-Hans", 1.0 - hant)]
    if traditional <= simplified:
        ranked.reverse()
    return [(language, round(p, 6)) for language, p in ranked]


def chinese_script_votes(text: str) -> tuple[int, int]:
    """(Traditional, Simplified) evidence in Chinese `text`.

    OpenCC's tables first (`_text.script.han_variant_votes`). Only when they are silent — the text
    reads the same in both scripts — are written-Cantonese characters counted, as Traditional
    evidence: Cantonese is written overwhelmingly in Traditional script (Hong Kong, Macau), so
    `唔好整呀！`-style lines are Traditional. They stay a tie-breaker, because Cantonese is also
    written in Simplified in Guangdong, where the Simplified-only characters decide.
    """
    traditional, simplified = han_variant_votes(text)
    if traditional or simplified:
        return traditional, simplified
    return sum(map(text.count, CANTONESE)), 0


def _language_shares(blocks: list[_Block], family: str, language: str) -> dict[str, float]:
    """language → share of the characters of the blocks tagged with it (rounded, sums to 1).

    Blocks in the document's family too short to tag alone count for the document's language;
    blocks in another family are tagged on their own (a Chinese line in an English page). The
    only block of the document's family is the document, so it is not scored again.
    """
    sizes: Counter[str] = Counter()
    alone = sum(block.family == family for block in blocks) == 1
    for block in blocks:
        if block.family is None:
            continue
        size = len(block.text) - block.text.count(" ")
        short = _weighted_letters(block.counts) < SHORT_BLOCK_LETTERS
        if short or block.family == family and (alone or family == _CJK):
            sizes[language] += size
        else:
            sizes[_family_scores([block], block.family)[0][0]] += size
    total = sum(sizes.values())
    if not total:
        return {language: 1.0}
    return {lang: round(size / total, 4) for lang, size in sorted(sizes.items(), key=_by_size)}


def _by_size(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def script_of(language: str) -> str | None:
    """The ISO 15924 code that `language` alone implies (`zh-Hant` → `Hant`), or None when its
    script depends on the text (Latin, Cyrillic and Greek languages are tagged by family)."""
    return _LANGUAGE_SCRIPT.get(language)


def _family_script(family: str, language: str) -> str:
    """The ISO 15924 code for a document in `family` tagged `language`."""
    implied = script_of(language)
    if implied is not None:
        return implied
    if family == _CJK:
        return "Hani"
    if family == OTHER_LETTER:
        return "Zzzz"
    return family

