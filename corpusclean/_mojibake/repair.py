"""The `repair` step: undo mojibake and converter noise without touching clean text.

Work is done line by line, so one garbled line inside a clean document is repaired alone and a
clean line is never rewritten because its neighbour was broken. Each line goes through:

1. a fast path — ASCII lines, and lines made only of characters common in real text, cannot be
   cross-codec mojibake worth repairing, so the candidate search is skipped for them;
2. ftfy's `fix_encoding` family with a CJK-safe configuration (no width folding, no quote
   uncurling, no ligature or NFC normalisation, no HTML unescaping): ftfy's defaults rewrite
   `，（）：` and `“”` in clean Chinese, and those are not errors;
3. the cross-codec candidate search of `_mojibake.crosscodec` (GBK/Big5/Shift-JIS/EUC-KR/Cyrillic/Greek
   chains, one or two steps), then lossy re-framing around `?`/U+FFFD marks, then the
   frame-shift search of `_mojibake.frameshift` (a byte dropped from GBK/Big5), each accepted only
   when the plausibility model prefers it by a wide margin;
4. converter noise (`_mojibake.converter_noise`): glued pinyin annotations and doubled commas,
   where the document as a whole shows a converter's traces;
5. optionally, OpenCC script conversion and opt-in width/quote normalisation.

Metadata written: `flags` (list; `lossy-marks` when U+FFFD or a suspicious `?` remains in a line
after repair — a line that could not be re-framed, or one whose lost characters could not all be
told apart) and `lossy_marks` (how many such marks remain; the `quality` step turns marks into
a strength in [0, 1] under `quality.lossy_marks`).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any, Literal

import ftfy
import regex
from ftfy.badness import is_bad

from corpusclean._document import Change, Fixed, splice
from corpusclean._errors import ConfigError
from corpusclean._mojibake.converter_noise import (
    Traces,
    converter_noise,
    converter_traces,
    without_converter_noise,
)
from corpusclean._mojibake.crosscodec import (
    MIN_SCORE,
    NAMES,
    Repair,
    best_repair,
    case_blind_score,
    segment_repair,
)
from corpusclean._mojibake.frameshift import LONE_TRAIL, FrameRepair, frame_repair
from corpusclean._mojibake.lonetrail import lone_trail_repair
from corpusclean._mojibake.lossy import lossy_repair
from corpusclean._text.plausibility import rare_chars, score

STEP = "repair"
Script = Literal["keep", "hans", "hant"]

SAFE_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)
"""ftfy limited to undoing encoding mistakes: every option that rewrites valid text is off, and so
is `fix_c1_controls`, which guesses Windows-1252 for stray C1 controls (wrong for CJK mojibake,
where they are bytes of a lost double-byte character)."""

C1_CONTROL = regex.compile(r"[\x80-\x9f]")
"""A C1 control character: in Latin text, a byte whose cp1252 reading was lost."""
LONE_A_HAT = regex.compile(r"(?<!\S)Â (?=[^\WÂ])")
"""`Â` as a word of its own before another word: Welsh `â` ("with") in capitals or Title Case
(`Ymwneud Â Chael`), which ftfy reads as UTF-8 `Â` + no-break space. Real mojibake of a no-break
space follows a word or number (`100Â km`) or comes in rows (`Â Â `)."""
_MAC_ROMAN_TRAIL = "".join(
    regex.escape(bytes([byte]).decode("mac_roman"))
    for byte in range(0x80, 0xC0)
    if bytes([0xC3, byte]).decode("utf-8").isalpha()
)
MAC_ROMAN_PAIR = regex.compile(
    rf"(?<=\p{{L}})√[{_MAC_ROMAN_TRAIL}]|√[{_MAC_ROMAN_TRAIL}](?=\p{{L}})"
)
"""UTF-8 `Ã`-row letters read as Mac Roman (`ä` = `C3 A4` → `√§`) inside a word: a letter on at
least one side. The root sign in clean text stands before a number, a variable or a space
(`√2`, `2√π`), not between letters with a Mac Roman symbol after it."""
SUSPICIOUS_QUESTION = regex.compile(r"(?<=[^\x00-\x7f])\?+(?=[^\x00-\x7f]|$)")
"""A `?` between non-ASCII characters (or ending a line after one): where a lost byte was saved
as `?` (`锛?`), not a question (which follows a word and is followed by a space or nothing)."""
CJK_RARE_SHARE = 0.25
"""Share of rare characters below which a CJK line is taken as clean (see `_rare_cjk_names`)."""
DEEP_SEARCH_BELOW = -9.0
"""Only lines this implausible get the costlier lossy search (clean text scores -4 to -8)."""
LOSSY_MIN_SCORE = -9.5
"""Lines below this plausibility that still hold marks after repair are flagged as lossy."""


def repair(
    text: str,
    *,
    script: Script = "keep",
    normalize_width: bool = False,
    normalize_quotes: bool = False,
) -> Fixed:
    """Repair mojibake and converter noise in `text`, one Change per repaired line or mark.

    `script`: "keep" (default), "hans" or "hant" converts Han script with OpenCC.
    `normalize_width` / `normalize_quotes`: opt-in ftfy width folding and quote uncurling.
    """
    if script not in ("keep", "hans", "hant"):
        raise ConfigError(f"repair: script must be 'keep', 'hans' or 'hant', not {script!r}")
    changes: list[Change] = []
    lossy = 0
    start = 0
    traces = converter_traces(text)
    for line in text.split("\n"):  # not splitlines(): U+0085 and U+001C are mojibake, not breaks
        body = line.removesuffix("\r")
        line_changes, marks = _repair_line(body, traces, script, normalize_width, normalize_quotes)
        changes.extend(
            Change(start + c.start, start + c.end, c.after, c.reason, c.score) for c in line_changes
        )
        lossy += marks
        start += len(line) + 1
    fixed = splice(text, STEP, changes)
    metadata: dict[str, Any] = {}
    if lossy:
        metadata = {"flags": ["lossy-marks"], "lossy_marks": lossy}
    return Fixed(fixed.text, fixed.edits, metadata)


def fix_and_explain(text: str, **options: Any) -> Fixed:
    """`repair(text, **options)`: the repaired text, its edits (with reasons) and metadata."""
    return repair(text, **options)


def fix_text(text: str, **options: Any) -> str:
    """`text` with mojibake and converter noise repaired (see `repair` for the options)."""
    return repair(text, **options).text


def _repair_line(
    line: str, traces: Traces, script: Script, normalize_width: bool, normalize_quotes: bool
) -> tuple[list[Change], int]:
    """Changes for one line (without its line break) and the count of lossy marks left in it;
    `traces`: the converter traces of the whole document."""
    reasons: list[str] = []
    gain: float | None = None
    current = line
    if not line.isascii():
        found = _mojibake(line)
        if found is not None:
            current, gain = found.text, found.gain
            reasons.append(found.reason)
    if reasons:  # a repaired line is rewritten whole, noise removal included
        cleaned = without_converter_noise(current, traces)
        if cleaned != current:
            reasons.append("converter-noise")
            current = cleaned
        noise: list[Change] = []
    else:
        noise = list(converter_noise(line, traces))
    restyled = _restyle(current if reasons else line, script, normalize_width, normalize_quotes)
    if restyled is not None and noise:  # restyling the noise-free line: one whole-line change
        current = without_converter_noise(line, traces)
        restyled = _restyle(current, script, normalize_width, normalize_quotes) or (current, "")
        reasons.append("converter-noise")
        noise = []
    if restyled is not None:
        current = restyled[0]
        reasons.append(restyled[1])
    marks = _lossy_marks(current)
    if not reasons:
        return noise, marks
    return [_narrow(line, current, "+".join(reasons), gain)], marks


def _mojibake(line: str) -> Repair | None:
    """The best repair of one line, or None; lines that cannot be mojibake return at once."""
    rare = rare_chars(line)
    bad = is_bad(line)  # ftfy's own mojibake detector: `Ã©`, `â€œ`, `‚Äú` are common characters
    if not rare and not bad and "\ufffd" not in line:
        found = _call(_frame_shift, line, False) if LONE_TRAIL.search(line) else None
    else:
        found = _call(_search, line, rare, bad)
    if found is None and "√" in line:
        return _sparse_mac_roman(line)
    return found


def _sparse_mac_roman(line: str) -> Repair | None:
    """`line` with each `√` pair of `MAC_ROMAN_PAIR` read back as the letter it was (`h√§lt` →
    `hält`), or None. One or two such pairs in a long line are too little for the whole-line
    search or ftfy's detector, but the pair itself is unambiguous."""
    if MAC_ROMAN_PAIR.search(line) is None:
        return None
    fixed = MAC_ROMAN_PAIR.sub(_mac_roman_letter, line)
    gain = case_blind_score(fixed) - case_blind_score(line)
    return Repair(fixed, "mojibake:utf-8/mac_roman", gain)


def _mac_roman_letter(match: regex.Match[str]) -> str:
    """The letter whose UTF-8 bytes `C3 xx` Mac Roman read as `√` + the matched character."""
    return bytes([0xC3, match.group()[1].encode("mac_roman")[0]]).decode("utf-8")


CACHE_MAX_CHARS = 2000
"""Longer lines bypass the caches below, which hold their lines as keys: the lines worth caching
(menus and footers repeated across pages) are short, and a few huge ones must not pin memory."""


def _call(cached: Any, line: str, *args: Any) -> Repair | None:
    """`cached(line, *args)`, skipping the cache for lines longer than `CACHE_MAX_CHARS`."""
    return (cached if len(line) <= CACHE_MAX_CHARS else cached.__wrapped__)(line, *args)


@lru_cache(maxsize=4096)
def _search(line: str, rare: str, bad: bool) -> Repair | None:
    """ftfy's repair or the cross-codec search's, whichever gains more plausibility.

    Cached: web documents repeat lines (menus, footers), and the search is a pure function.
    """
    by_ftfy = None
    if bad:
        fixed, steps = _ftfy_repair(line)
        if fixed != line:
            gain = case_blind_score(fixed) - case_blind_score(line)
            by_ftfy = Repair(fixed, _ftfy_reason(steps), gain)
    found = None
    names = _rare_cjk_names(line, rare)
    letter = _has_letter(line)
    if "\ufffd" in line or (letter and not names):
        found = best_repair(line)
        marked = _has_marks(line) or (bad and "?" in line)  # `Р?` + space: a lost `И`
        if found is None and marked and _unmarked_score(line) <= DEEP_SEARCH_BELOW:
            found = lossy_repair(line)
    if found is not None:
        return by_ftfy if by_ftfy is not None and by_ftfy.gain >= found.gain else found
    if letter:  # not mojibake as a whole: a stretch of it may be
        by_ftfy = _with_stretches(line, by_ftfy)
    return by_ftfy or _call(_frame_shift, line, not names)


def _with_stretches(line: str, by_ftfy: Repair | None) -> Repair | None:
    """`line` with its garbled CJK stretches repaired (`segment_repair`), then ftfy's repairs
    of what is left; ftfy's repair alone when no stretch is garbled. Stretches go first: ftfy
    would rewrite part of a GBK stretch read as cp1252 (`ÒâÊ¶` → `Òâʶ`) and spoil it."""
    stretches = segment_repair(line)
    if stretches is None:
        return by_ftfy
    text, reason = stretches.text, stretches.reason
    if by_ftfy is not None and is_bad(text):
        fixed, steps = _ftfy_repair(text)
        if fixed != text:
            text, reason = fixed, f"{reason}+{_ftfy_reason(steps)}"
    return Repair(text, reason, case_blind_score(text) - case_blind_score(line))


def _ftfy_repair(line: str) -> tuple[str, list[tuple[str, str]]]:
    """ftfy's encoding repair of `line` under `SAFE_CONFIG`, and its steps.

    Where ftfy did repair UTF-8 misread as a Latin-1-family codec, stray C1 controls left in the
    result are that codec's too (`“senza modifiche\x94`: a `”` whose first bytes were decoded
    apart from its last) and are read as Windows-1252, as `ftfy.fix_encoding` does, and ftfy
    then runs again: the Windows-1252 reading can complete mojibake of its own (`Ñ\x89` → `Ñ‰`,
    UTF-8 `щ`), which a second `fix_text` would otherwise repair. In a line
    ftfy leaves alone they may be bytes of a lost double-byte character, so they stay. A repair
    that only turned Welsh `Â` words into no-break spaces (`LONE_A_HAT`) is no repair.
    """
    fixed, steps = ftfy.fix_and_explain(line, config=SAFE_CONFIG)
    steps = list(steps or [])
    if fixed != line and LONE_A_HAT.sub("\xa0", line) == fixed:
        return line, []  # only Welsh `Â` words were "repaired"
    if fixed != line and C1_CONTROL.search(fixed):
        fixed = ftfy.fixes.fix_c1_controls(fixed)
        steps.append(("transcode", "fix_c1_controls"))
        again, more = ftfy.fix_and_explain(fixed, config=SAFE_CONFIG)  # `Ñ\x89` → `Ñ‰` → `щ`
        fixed, steps = again, steps + list(more or [])
    return fixed, steps


@lru_cache(maxsize=4096)
def _frame_shift(line: str, rare_sites: bool) -> Repair | None:
    """A frame-shift repair of `line` (a GBK/Big5 byte dropped), as a whole-line Repair.

    `rare_sites`: also look for runs ending at rare characters — not in lines whose rare
    characters are a few names (`_rare_cjk_names`), where that search costs more than the
    cross-codec search that those lines skip, and finds nothing.
    """
    found = frame_repair(line, rare_sites=rare_sites)
    lone = lone_trail_repair(line) if found is None or LONE_TRAIL.search(line) else None
    if lone is not None and (found is None or _lone_trail_wins(found, lone)):
        found = lone
    if found is None:
        return None
    fixed = line[: found.start] + found.shown + line[found.end :]
    if score(fixed.replace("\ufffd", "").replace("?", "")) < MIN_SCORE:
        return None  # the rest of the line is garbled too (lossy mojibake), not a dropped byte
    return Repair(fixed, f"frame-shift:{NAMES[found.codec]}", found.gain / len(line))


def _lone_trail_wins(frame: FrameRepair, lone: FrameRepair) -> bool:
    """True if the lone-trail repair `lone` explains the frame search's run `frame` better: it
    lies inside that run and gains at least as much. A trail byte dropped before a trail byte
    that is ASCII (`本意。` → `本楚C`) ends a run the frame search may start one character too
    early, marking the undamaged `本` with the lost one (dev split: 1 frame-end item)."""
    inside = frame.start <= lone.start and lone.end <= frame.end
    return inside and (lone.start, lone.end) != (frame.start, frame.end) and lone.gain >= frame.gain


def _has_letter(line: str) -> bool:
    """True if `line` holds a non-ASCII letter: mojibake always makes some (`Ã`, `浠`, `ЙЮ`),
    while lines whose only non-ASCII characters are symbols (box drawing, math signs, emoji)
    are clean text to leave alone, however implausible they look."""
    return any(ch > "\x7f" and unicodedata.category(ch).startswith("L") for ch in line)


def _rare_cjk_names(line: str, rare: str) -> bool:
    """True if `line`'s rare characters are a few CJK ones: names and terms, not mojibake.

    Clean Chinese, Japanese and Korean lines hold up to ~20% uncommon characters (names, rare
    words); every kind of CJK mojibake measured holds over 30%. Such lines skip the search.
    """
    non_ascii = len(line) - len(line.encode("ascii", "ignore"))
    return len(rare) < CJK_RARE_SHARE * non_ascii and all(
        "\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" or ch >= "\U00020000"
        for ch in rare
    )


def _has_marks(line: str) -> bool:
    """True if `line` holds a mark of lost bytes: U+FFFD, or `?` inside non-ASCII text."""
    return "\ufffd" in line or SUSPICIOUS_QUESTION.search(line) is not None


def _misread_name(codec: str) -> str:
    """ftfy's codec name spelled as the cross-codec search spells it (`cp1252`, `mac_roman`)."""
    return "mac_roman" if codec == "macroman" else codec.replace("sloppy-windows-", "cp")


def _ftfy_reason(steps: list[tuple[str, str]] | None) -> str:
    """`mojibake:utf-8/cp1252` from ftfy's explanation (`ftfy:<fix>` for its other repairs)."""
    steps = steps or []
    encoded = [name for kind, name in steps if kind == "encode"]
    decoded = [name for kind, name in steps if kind == "decode"]
    if encoded and decoded:
        pairs = zip(decoded, encoded)
        return "mojibake:" + "+".join(
            f"{true}/{_misread_name(misread)}" for true, misread in pairs
        )
    return "ftfy:" + "+".join(name for _, name in steps)


@lru_cache(maxsize=2)
def _opencc(config: str) -> Any:
    """An OpenCC converter ("t2s" or "s2t"), built once."""
    import opencc

    return opencc.OpenCC(config)


def _restyle(
    line: str, script: Script, normalize_width: bool, normalize_quotes: bool
) -> tuple[str, str] | None:
    """Opt-in rewrites of valid text (script, width, quotes): the new line and reason, or None."""
    current, reasons = line, []
    if script != "keep":
        converted = _opencc("t2s" if script == "hans" else "s2t").convert(current)
        if converted != current:
            current, reasons = converted, ["script-conversion"]
    if normalize_width:
        folded = ftfy.fixes.fix_character_width(current)
        if folded != current:
            current, reasons = folded, [*reasons, "width"]
    if normalize_quotes:
        straight = ftfy.fixes.uncurl_quotes(current)
        if straight != current:
            current, reasons = straight, [*reasons, "quotes"]
    return (current, "+".join(reasons)) if reasons else None


def _lossy_marks(line: str) -> int:
    """Marks of lost bytes left in an implausible line (U+FFFD, `?` inside non-ASCII text)."""
    count = line.count("\ufffd") + sum(map(len, SUSPICIOUS_QUESTION.findall(line)))
    if count and "\ufffd" not in line and _unmarked_score(line) >= LOSSY_MIN_SCORE:
        return 0
    return count


def _unmarked_score(line: str) -> float:
    """Plausibility of `line` without its `?` marks: ASCII `?` scores as ordinary text, so a
    line that is mostly `?` (UTF-8 read as Big5, then saved) would otherwise look plausible."""
    return score(SUSPICIOUS_QUESTION.sub("", line))


def _narrow(before: str, after: str, reason: str, gain: float | None) -> Change:
    """One Change turning `before` into `after`, trimmed to the span where they differ."""
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return Change(
        head,
        len(before) - tail,
        after[head : len(after) - tail],
        reason,
        None if gain is None else round(gain, 3),
    )
