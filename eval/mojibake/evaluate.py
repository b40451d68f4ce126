"""Evaluate mojibake repair per kind on real held-out paragraphs (see dataset.py).

Kinds (each item is a real paragraph garbled by a known mistake; "exact" = repaired byte for byte):

* chain      — one wrong decoding per applicable chain of the issue, strict (nothing lost);
* double     — two wrong decodings in a row (the second applied to the first's output);
* partial    — 4 clean lines with one garbled line among them (random chain), whole text compared;
* lossy      — UTF-8 read as GBK/Big5/Shift-JIS with U+FFFD for undecodable bytes, and the same
               with every U+FFFD saved as `?`; also reported: "flagged" = exact, or
               `lossy_marks` > 0 and no character guessed wrong (the line left as it was,
               or repaired except for U+FFFD where a byte could not be recovered); and per lost
               character (one whose bytes include a lost byte): the share recovered, guessed
               wrong, or left as a mark;
               Cells added for issue #22 (`BROWSER_LOSSY`): Big5 as browsers read it (web-big5,
               Big5-HKSCS) for zh-Hans and zh-Hant, EUC-KR (cp949) for ko, and the single-byte
               cp1251 (ru) and cp1253 (el), each with U+FFFD and with `?`;
* frame      — one byte dropped from a GBK/Big5 stream, decoded with U+FFFD for invalid pairs
               (as browsers and Python's "replace" do); "flagged" and per lost character as for
               lossy (lost: the character that held the dropped byte, and each character whose
               byte became U+FFFD);
* frame-end  — the same with the byte dropped inside the line's last stretch without ASCII, so
               the shifted reading runs to the end of the line (GBK; Big5 read as cp950 and as
               web-big5);
* clean      — >= 300 clean paragraphs per script plus symbol-heavy code lines: must be unchanged;
* segment    — a CJK line with one clause (six characters or more between punctuation) garbled
               by a CJK chain and the rest clean: mojibake inside part of a line. Not one of the
               issue's kinds, so reported apart from the macro average.

"rule" is issue #22's measure: an item passes when every damaged run (adjacent lost characters)
is restored exactly or left whole as U+FFFD/`?` marks, with no wrong character and nothing else
changed (`follows_rule`); for kinds that lose nothing it is "exact". Chain cells now include
Big5 as browsers read it (`BROWSER_CHAINS`, web-big5: UTF-8 and GBK read as Big5-HKSCS).

For ftfy's own kinds (UTF-8 read as cp1252/latin-1/mac_roman, once or twice) `ftfy.fix_encoding`
is scored on the same items. Fixed seed; prints one table and the macro average over kinds.
`--split train` builds the same items from the training records instead: the dev split, where
thresholds are tuned; `heldout` (the default) is the test split the reported figures come from.

    python eval/mojibake/evaluate.py [--corpora DIR] [--per-cell N] [--split heldout|train]
"""

from __future__ import annotations

import argparse
import codecs
import random
import re
import time
from collections import defaultdict
from pathlib import Path

import ftfy
import ftfy.bad_codecs
from dataset import DEFAULT_CORPORA, paragraphs, symbol_lines

from corpusclean._mojibake.repair import repair

SEED = "mojibake-eval-1"
UTF8_MISREADS = (
    "gb18030",
    "cp950",
    "cp932",
    "cp949",
    "sloppy-windows-1252",
    "latin-1",
    "mac_roman",
)
CHAINS = {
    "zh-Hans": [("utf-8", m) for m in UTF8_MISREADS]
    + [("gb18030", "cp950"), ("gb18030", "sloppy-windows-1252")],
    "zh-Hant": [("utf-8", m) for m in UTF8_MISREADS]
    + [("cp950", "gb18030"), ("cp950", "sloppy-windows-1252")],
    "ja": [("utf-8", m) for m in UTF8_MISREADS]
    + [("cp932", "gb18030"), ("cp932", "sloppy-windows-1252")],
    "ko": [("utf-8", m) for m in UTF8_MISREADS]
    + [("cp949", "gb18030"), ("cp949", "sloppy-windows-1252")],
    "ru": [
        ("utf-8", "sloppy-windows-1252"),
        ("utf-8", "sloppy-windows-1251"),
        ("cp1251", "koi8_r"),
        ("koi8_r", "cp1251"),
        ("cp1251", "sloppy-windows-1252"),
        ("koi8_r", "sloppy-windows-1252"),
    ],
    "el": [
        ("utf-8", "sloppy-windows-1252"),
        ("utf-8", "sloppy-windows-1253"),
        ("cp1253", "sloppy-windows-1252"),
    ],
    "latin": [("utf-8", "sloppy-windows-1252"), ("utf-8", "latin-1"), ("utf-8", "mac_roman")],
}
FTFY_KINDS = {("utf-8", "sloppy-windows-1252"), ("utf-8", "latin-1"), ("utf-8", "mac_roman")}
LOSSY_KINDS = ("lossy", "frame", "frame-end")
SEGMENT_SCRIPTS = ("zh-Hans", "zh-Hant", "ja", "ko")
CLAUSE = re.compile(r"[^，。、；：！？「」（）\s]+")
"""A clause of CJK text: the stretch between two punctuation marks or spaces."""
EXTRA_KINDS = ("clean", "segment")
"""Kinds outside the macro over the issue's repair kinds (`segment` is reported on its own)."""
Item = tuple[str, str, str, str, bool, tuple[int, ...]]
"""(kind, cell, original, garbled, ftfy_kind, indices of the original's lost characters)."""
_lost_bytes: list[range] = []


def _record_mark(error: UnicodeError) -> tuple[str, int]:
    """A 'replace' error handler that also records which bytes became U+FFFD."""
    assert isinstance(error, UnicodeDecodeError)
    _lost_bytes.append(range(error.start, error.end))
    return "\ufffd", error.end


codecs.register_error("eval-record-marks", _record_mark)


def _char_at(pieces: list[bytes], offset: int) -> int:
    """Index of the character whose bytes (`pieces`, one per character) cover `offset`."""
    end = 0
    for index, piece in enumerate(pieces):
        end += len(piece)
        if offset < end:
            return index
    return len(pieces) - 1


def lossy_garble(text: str, misread: str) -> tuple[str, tuple[int, ...]]:
    """UTF-8 `text` read as `misread` with U+FFFD, and the indices of the characters it lost."""
    _lost_bytes.clear()
    bad = text.encode("utf-8").decode(misread, "eval-record-marks")
    pieces = [ch.encode("utf-8") for ch in text]
    lost = {_char_at(pieces, offset) for span in _lost_bytes for offset in span}
    return bad, tuple(sorted(lost))


def frame_garble(text: str, codec: str, position: int) -> tuple[str, tuple[int, ...]]:
    """`text` in `codec` with the byte at `position` dropped, decoded with U+FFFD, and the
    indices of the characters that lost a byte (the dropped one, or one that became U+FFFD)."""
    pieces = [ch.encode(codec, "ignore") for ch in text]
    data = b"".join(pieces)
    _lost_bytes.clear()
    bad = (data[:position] + data[position + 1 :]).decode(codec, "eval-record-marks")
    lost = {_char_at(pieces, position)}
    for span in _lost_bytes:
        lost.update(_char_at(pieces, offset + (offset >= position)) for offset in span)
    return bad, tuple(sorted(lost))


def held(text: str, codec: str) -> str:
    """`text` as a file in `codec` holds it: characters the codec has no bytes for (`綫` and
    `産` in Big5) were never in the file, so no repair of its bytes can give them back; a frame
    item's original is this text (until 2026-12-03 it was `text`, which made such items fail
    whatever the repair did)."""
    return text.encode(codec, "ignore").decode(codec)


def garble(text: str, chain: tuple[str, str], errors: str = "strict") -> str | None:
    """`text` encoded with chain[0] and decoded with chain[1], or None if that is not lossless."""
    try:
        return text.encode(chain[0]).decode(chain[1], errors)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def items(corpora: Path, per_cell: int, *, heldout: bool = True) -> list[Item]:
    """Evaluation items of every kind (see `Item`), from held-out or training paragraphs."""
    rng = random.Random(SEED)
    out: list[Item] = []
    for script, chains in CHAINS.items():
        pool = paragraphs(corpora, script, 400, SEED, heldout=heldout)
        for chain in chains:
            done = 0
            for text in pool:
                bad = garble(text, chain)
                if bad is not None and bad != text and done < per_cell:
                    out.append(
                        (
                            "chain",
                            f"{script} {chain[0]}/{chain[1]}",
                            text,
                            bad,
                            chain in FTFY_KINDS,
                            (),
                        )
                    )
                    done += 1
        for text in pool[:per_cell]:
            first, second = rng.choice(chains), rng.choice(chains)
            once = garble(text, first)
            twice = garble(once, second) if once is not None else None
            if twice is not None and twice != once:
                out.append(
                    (
                        "double",
                        script,
                        text,
                        twice,
                        first in FTFY_KINDS and second in FTFY_KINDS,
                        (),
                    )
                )
        for start in range(0, min(len(pool), per_cell * 5), 5):
            block = pool[start : start + 5]
            chain = rng.choice(chains)
            bad = garble(block[2], chain)
            if bad is not None and len(block) == 5:
                garbled = "\n".join(block[:2] + [bad] + block[3:])
                out.append(
                    ("partial", script, "\n".join(block), garbled, chain in FTFY_KINDS, ())
                )
        for text in pool[:400]:
            out.append(("clean", script, text, text, False, ()))
        if script in ("zh-Hans", "zh-Hant", "ja"):
            misread = {"zh-Hans": "gb18030", "zh-Hant": "cp950", "ja": "cp932"}[script]
            out.extend(_lossy_items(script, pool, per_cell, misread, script))
        if script in ("zh-Hans", "zh-Hant"):
            codec = "gb18030" if script == "zh-Hans" else "cp950"
            for text in pool[:per_cell]:
                text = held(text, codec)
                position = rng.randrange(len(text.encode(codec)))
                bad, lost = frame_garble(text, codec, position)
                if bad != text:
                    out.append(("frame", script, text, bad, False, lost))
        if script in SEGMENT_SCRIPTS:
            out += _segment_items(script, pool, chains, per_cell)
        out += _browser_chain_items(script, pool, per_cell)
        out += _browser_lossy_items(script, pool, per_cell)
        out += _frame_end_items(script, pool, per_cell)
    for line in symbol_lines(400, SEED):
        out.append(("clean", "symbols", line, line, False, ()))
    return out


def _segment_items(script: str, pool: list[str], chains: list, per_cell: int) -> list[Item]:
    """Lines with one clause (a stretch between punctuation, six characters or more) garbled by
    a CJK chain, the rest clean: mojibake pasted into part of a line."""
    rng = random.Random(f"{SEED}-segment-{script}")
    cjk = [chain for chain in chains if chain not in FTFY_KINDS]
    out: list[Item] = []
    for text in pool:
        if len(out) >= per_cell:
            break
        clauses = [m for m in CLAUSE.finditer(text) if len(m.group()) >= 6]
        if len(clauses) < 2:
            continue
        clause = rng.choice(clauses)
        bad = garble(clause.group(), rng.choice(cjk))
        if bad is not None and bad != clause.group():
            garbled = text[: clause.start()] + bad + text[clause.end() :]
            out.append(("segment", script, text, garbled, False, ()))
    return out


BROWSER_LOSSY = {
    "zh-Hans": ("web-big5",),
    "zh-Hant": ("web-big5",),
    "ko": ("cp949",),
    "ru": ("cp1251",),
    "el": ("cp1253",),
}
"""Lossy cells added for issue #22 (UTF-8 read with U+FFFD, and the same saved with `?`): Big5
as browsers read it (Big5-HKSCS), EUC-KR as windows-949, and the single-byte Cyrillic and Greek
codecs, which leave undefined bytes too."""
FRAME_END_CODECS = {"zh-Hans": ("gb18030",), "zh-Hant": ("cp950", "web-big5")}
"""Frame shifts that run to the end of the line, per script: GBK, and Big5 read by Windows and
by browsers."""
FRAME_END_MIN_BYTES = 12
"""Bytes the line's last stretch without ASCII must hold for a drop there to be a long shift."""


BROWSER_CHAINS = {
    "zh-Hans": (("gb18030", "web-big5"), ("utf-8", "web-big5")),
    "zh-Hant": (("utf-8", "web-big5"),),
    "ja": (("utf-8", "web-big5"),),
}
"""Chain cells added for issue #22: Big5 as browsers read it (Big5-HKSCS), kept apart from
`CHAINS` so that the items built from those stay as they were."""


def _browser_chain_items(script: str, pool: list[str], per_cell: int) -> list[Item]:
    """Strict chain items of `BROWSER_CHAINS` (texts the misreading loses nothing of)."""
    out: list[Item] = []
    for chain in BROWSER_CHAINS.get(script, ()):
        done = 0
        for text in pool:
            bad = garble(text, chain)
            if bad is not None and bad != text and done < per_cell:
                out.append(("chain", f"{script} {chain[0]}/{chain[1]}", text, bad, False, ()))
                done += 1
    return out


def _browser_lossy_items(script: str, pool: list[str], per_cell: int) -> list[Item]:
    """Lossy items of `BROWSER_LOSSY` (texts the codec cannot read strictly), U+FFFD and `?`."""
    out: list[Item] = []
    for misread in BROWSER_LOSSY.get(script, ()):
        out.extend(_lossy_items(script, pool, per_cell, misread, f"{script} {misread}"))
    return out


def _lossy_items(script: str, pool: list[str], per_cell: int, misread: str, label: str) -> list[Item]:
    """Up to `per_cell` texts of `pool` that `misread` cannot read strictly, each garbled with
    U+FFFD and with `?` for the lost bytes (kinds `LABEL U+FFFD` and `LABEL ?`)."""
    out: list[Item] = []
    for text in pool:
        if len(out) >= 2 * per_cell:
            break
        if garble(text, ("utf-8", misread)) is None:
            bad, lost = lossy_garble(text, misread)
            out.append(("lossy", f"{label} U+FFFD", text, bad, False, lost))
            out.append(("lossy", f"{label} ?", text, bad.replace("\ufffd", "?"), False, lost))
    return out


def _frame_end_items(script: str, pool: list[str], per_cell: int) -> list[Item]:
    """One byte dropped inside the line's last stretch without ASCII, so that the shifted
    reading never falls back into step before the line ends (issue #22: 0 of 38 repaired)."""
    out: list[Item] = []
    for codec in FRAME_END_CODECS.get(script, ()):
        rng = random.Random(f"{SEED}-frame-end-{script}-{codec}")
        done = 0
        for text in pool:
            if done >= per_cell:
                break
            text = held(text, codec)
            data = text.encode(codec)
            last = max((i for i, ch in enumerate(text) if ch.isascii()), default=-1)
            start = len(text[: last + 1].encode(codec, "ignore"))  # (Big5 trail bytes < 0x80)
            if len(data) - start < FRAME_END_MIN_BYTES:
                continue
            position = rng.randrange(start, len(data) - 2)
            bad, lost = frame_garble(text, codec, position)
            if bad != text:
                out.append(("frame-end", f"{script} {codec}", text, bad, False, lost))
                done += 1
    return out


def follows_rule(original: str, output: str, lost: tuple[int, ...]) -> bool:
    """Issue #22's rule: `output` is `original` except that each damaged run (adjacent lost
    characters) may be left whole as marks (U+FFFD or `?`) — restored exactly or marked, never
    a wrong character, and nothing else changed."""
    if output == original:
        return True
    if len(output) != len(original) or not lost:
        return False
    damaged = set(lost)
    if any(output[i] != original[i] for i in range(len(original)) if i not in damaged):
        return False
    runs: list[list[int]] = []
    for index in sorted(damaged):
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return all(
        all(output[i] == original[i] for i in run) or all(output[i] in "\ufffd?" for i in run)
        for run in runs
    )


def _guesses_right(original: str, output: str) -> bool:
    """True if `output` equals `original` except at U+FFFD/`?` marks (no character misguessed)."""
    if len(output) != len(original):
        return False
    return all(a == b or b in "\ufffd?" for a, b in zip(original, output))


def per_mark(
    original: str, garbled: str, output: str, lost: tuple[int, ...]
) -> tuple[int, int, int]:
    """(recovered, guessed wrong, left as a mark) over the original's lost characters.

    An output of another length than the original (and not the garbled line left as it was)
    counts every lost character as wrong: something was guessed that shifted the text.
    """
    if output == original:
        return len(lost), 0, 0
    if output == garbled or len(output) != len(original):
        return (0, 0, len(lost)) if output == garbled else (0, len(lost), 0)
    right = sum(output[i] == original[i] for i in lost)
    left = sum(output[i] in "\ufffd?" for i in lost)
    return right, len(lost) - right - left, left


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--per-cell", type=int, default=40)
    parser.add_argument("--split", choices=("heldout", "train"), default="heldout")
    parser.add_argument("--show-failures", type=int, default=0)
    args = parser.parse_args()
    # per cell: n, exact, ftfy exact, flagged, ftfy n, ours on ftfy's kinds, lost chars recovered,
    # guessed wrong, left as marks, passes issue #22's rule (`follows_rule`)
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 10)
    failures: list[tuple[str, str, str, str]] = []
    started = time.perf_counter()
    heldout = args.split == "heldout"
    for kind, cell, original, garbled, is_ftfy, lost in items(
        args.corpora, args.per_cell, heldout=heldout
    ):
        fixed = repair(garbled)
        exact = fixed.text == original
        stats = cells[(kind, cell)]
        stats[0] += 1
        stats[1] += exact
        stats[9] += follows_rule(original, fixed.text, lost) if kind in LOSSY_KINDS else exact
        if kind in LOSSY_KINDS:  # "flagged" = exact, or marks left and counted (nothing guessed)
            flagged = fixed.metadata.get("lossy_marks", 0) > 0
            kept = fixed.text == garbled or _guesses_right(original, fixed.text)
            stats[3] += exact or (flagged and kept)
            for index, value in enumerate(per_mark(original, garbled, fixed.text, lost)):
                stats[6 + index] += value
        if is_ftfy:
            stats[2] += ftfy.fix_encoding(garbled) == original
            stats[4] += 1
            stats[5] += exact
        if not exact and len(failures) < args.show_failures:
            failures.append((kind, cell, garbled[:80], fixed.text[:80]))
    elapsed = time.perf_counter() - started
    print(
        f"{'kind':9} {'cell':34} {'n':>5} {'exact':>7} {'rule':>7} {'ftfy':>7} {'flagged':>8}"
        f" {'lost':>6} {'recov':>6} {'wrong':>6} {'left':>6}"
    )
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0] * 10)
    for (kind, cell), stats in sorted(cells.items()):
        n, exact, ftfy_exact, flagged, ftfy_n = stats[:5]
        ftfy_text = f"{ftfy_exact / ftfy_n:7.3f}" if ftfy_n else " " * 7
        extra = f"{flagged / n:8.3f} {_marks(stats)}" if kind in LOSSY_KINDS else ""
        print(f"{kind:9} {cell:34} {n:5} {exact / n:7.3f} {stats[9] / n:7.3f} {ftfy_text} {extra}")
        totals = per_kind[kind]
        for index, value in enumerate(stats):
            totals[index] += value
        if kind not in LOSSY_KINDS:
            totals[3] += exact
    print()
    for kind, totals in sorted(per_kind.items()):
        n, exact, ftfy_exact, flagged, ftfy_n, ours_on_ftfy = totals[:6]
        ftfy_text = (
            f"  on ftfy's kinds (n={ftfy_n}): ours {ours_on_ftfy / ftfy_n:.3f},"
            f" ftfy.fix_encoding {ftfy_exact / ftfy_n:.3f}"
            if ftfy_n
            else ""
        )
        lossy_text = (
            f" flagged={flagged / n:.3f} lost/recovered/wrong/left={_marks(totals)}"
            if kind in LOSSY_KINDS
            else ""
        )
        rule = totals[9] / n
        print(f"{kind:9} n={n:5} exact={exact / n:.3f} rule={rule:.3f}{lossy_text}{ftfy_text}")
    repair_kinds = [k for k in per_kind if k not in EXTRA_KINDS]
    macro = sum(per_kind[k][1] / per_kind[k][0] for k in repair_kinds) / len(repair_kinds)
    print(f"macro exact over repair kinds ({', '.join(sorted(repair_kinds))}): {macro:.3f}")
    safe = sum(per_kind[k][3] / per_kind[k][0] for k in repair_kinds) / len(repair_kinds)
    print(f"macro with lossy/frame counted as recovered-or-flagged: {safe:.3f}")
    rule = sum(per_kind[k][9] / per_kind[k][0] for k in repair_kinds) / len(repair_kinds)
    print(f"macro under issue #22's rule (restored exactly or marked, never wrong): {rule:.3f}")
    lost_kinds = [per_kind[k] for k in LOSSY_KINDS if k in per_kind]
    lost = sum(sum(t[6:9]) for t in lost_kinds)
    wrong = sum(t[7] for t in lost_kinds)
    print(f"wrong characters: {wrong} of {lost} damaged ({wrong / max(lost, 1):.4f})")
    print(f"elapsed {elapsed:.1f}s")
    for failure in failures:
        print("FAIL", *failure, sep="\n  ")


def _marks(stats: list[int]) -> str:
    """Lost characters and the shares recovered, guessed wrong and left as marks."""
    lost = sum(stats[6:9]) or 1
    return f"{sum(stats[6:9]):6} " + " ".join(f"{value / lost:6.3f}" for value in stats[6:9])


if __name__ == "__main__":
    main()
