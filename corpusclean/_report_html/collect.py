"""What the HTML run report shows, gathered from a run's manifest and the output texts it embeds.

Two passes over `manifest.jsonl`, one record in memory at a time. The first counts (charts,
repeated lines, review lists, one index row per document) and picks the documents whose full
text is embedded; the second reads the picked records again with their output text and marks
in each document's input what every edit removed. A 100,000-document manifest therefore costs
counters and one short row per document, never every text.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any, Iterator

from corpusclean._errors import InputError
from corpusclean._io.manifest import read_manifest
from corpusclean._io.writers import DOCUMENTS

EMBED = 300
"""Documents whose full text (before and after) is embedded by default: enough to see every
kind of edit in context, few enough that a 100,000-document report stays a few megabytes."""
MAX_EMBED_BYTES = 200_000
"""Inputs larger than this are never embedded (one such page would outweigh the rest)."""
REVIEW_LIMIT = 500
"""Rows of each review list: the spam candidates and the removed lines a curator can keep."""
QUALITY_BINS = 20
BORDERLINE = frozenset({"boilerplate/context", "site-repeat/site-repeat"})
"""Line removals decided by the learned line model or by site repetition, not by a rule that
names the line: the ones a curator should look at first."""
LINE_STEPS = ("boilerplate", "site-repeat")
"""Steps that remove whole lines (or a line's tail): what `--keep-lines` can veto."""


@dataclass
class _Line:
    """A removed line (or site phrase) counted over the run."""

    count: int = 0
    reasons: set[str] = field(default_factory=set)


@dataclass
class _Candidate:
    """A spam candidate (flagged, not removed) counted over the run."""

    text: str
    count: int = 0
    documents: int = 0
    score: float = 0.0
    evidence: str = ""
    examples: list[str] = field(default_factory=list)


@dataclass
class _Tally:
    """The counters of the first pass."""

    documents: int = 0
    status: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    scripts: Counter[str] = field(default_factory=Counter)
    drops: Counter[str] = field(default_factory=Counter)
    edits: Counter[str] = field(default_factory=Counter)
    bytes_removed: Counter[str] = field(default_factory=Counter)
    duplicates: Counter[str] = field(default_factory=Counter)
    quality: list[int] = field(default_factory=lambda: [0] * QUALITY_BINS)
    lines: dict[str, _Line] = field(default_factory=lambda: defaultdict(_Line))
    phrases: Counter[str] = field(default_factory=Counter)
    candidates: dict[str, _Candidate] = field(default_factory=dict)


def _removed_bytes(edit: dict[str, Any]) -> int:
    return len(edit["before"].encode("utf-8", "surrogatepass")) - len(edit["after"].encode("utf-8", "surrogatepass"))


def _quality(record: dict[str, Any]) -> float | None:
    score = record.get("metadata", {}).get("quality", {}).get("score")
    return float(score) if isinstance(score, (int, float)) else None


def _count(tally: _Tally, record: dict[str, Any]) -> list[str]:
    """Count one record; returns its edit keys (`step/reason`), for the index and the sample."""
    tally.documents += 1
    tally.status[record["status"]] += 1
    meta = record.get("metadata", {})
    if record["status"] == "dropped":
        tally.drops[record.get("reason", "unknown")] += 1
    else:
        tally.languages[record.get("language", "und")] += 1
        tally.scripts[meta.get("script", "none")] += 1
    if record.get("dup_of"):
        tally.duplicates[record["dup_of"]] += 1
    score = _quality(record)
    if score is not None:
        tally.quality[min(QUALITY_BINS - 1, max(0, int(score * QUALITY_BINS)))] += 1
    keys: list[str] = []
    for edit in record.get("edits", []):
        key = f"{edit['step']}/{edit['reason']}"
        keys.append(key)
        tally.edits[key] += 1
        tally.bytes_removed[key] += _removed_bytes(edit)
        text = edit["before"].strip()
        if edit["step"] in LINE_STEPS and text and "\n" not in text:
            line = tally.lines[text]
            line.count += 1
            line.reasons.add(key)
        elif edit["step"] == "site-phrases" and text:
            tally.phrases[text] += 1
    seen: set[str] = set()
    for candidate in meta.get("spam_candidates", []):
        text = candidate["text"].strip()
        entry = tally.candidates.setdefault(text.casefold(), _Candidate(text))
        entry.count += 1
        entry.score = max(entry.score, float(candidate.get("score", 0)))
        entry.evidence = entry.evidence or candidate.get("evidence", "")
        if text.casefold() not in seen:
            seen.add(text.casefold())
            entry.documents += 1
            if len(entry.examples) < 3:
                entry.examples.append(record["id"])
    return keys


def _sample(buckets: dict[str, list[int]], limit: int) -> list[int]:
    """Up to `limit` documents, taken in turn from each bucket (a kind of edit, a flag), so that
    every kind has examples however rare it is — rarest kinds first, each in input order."""
    chosen: dict[int, None] = {}
    queues = [iter(rows) for _, rows in sorted(buckets.items(), key=lambda item: (len(item[1]), item[0]))]
    while queues and len(chosen) < limit:
        alive = []
        for queue in queues:
            for row in queue:
                if row not in chosen:
                    chosen[row] = None
                    alive.append(queue)
                    break
            if len(chosen) >= limit:
                break
        queues = alive
    return sorted(chosen)


def annotate(output: str, edits: list[dict[str, Any]]) -> list[list[Any]]:
    """The input text as `[piece, edit index]` segments (-1: kept), rebuilt from the output.

    Steps are undone last first, as `reconstruct` does; a piece carries the index of the edit
    that removed or replaced it, so the input can be shown with every removal marked. Text a
    later step removed from an earlier step's replacement shows as that earlier edit's input.
    """
    segments: list[list[Any]] = [[output, -1]]
    indexed = list(enumerate(edits))
    groups = [list(group) for _, group in groupby(indexed, key=lambda item: item[1]["step"])]
    for group in reversed(groups):
        segments = _undo(segments, sorted(group, key=lambda item: (item[1]["start"], item[1]["end"])))
    merged: list[list[Any]] = []
    for piece, label in segments:
        if piece and merged and merged[-1][1] == label:
            merged[-1][0] += piece
        elif piece:
            merged.append([piece, label])
    return merged


def _undo(segments: list[list[Any]], group: list[tuple[int, dict[str, Any]]]) -> list[list[Any]]:
    """Undo one step's edits on a segmented text (that step's output) in one sweep, linear in the
    text: a piece is cut where an edit starts or ends, never copied whole again."""
    result: list[list[Any]] = []
    pieces = iter(segments)
    current: list[Any] | None = next(pieces, None)
    inside = 0  # characters of `current` already consumed
    position = 0  # offset in the step's output of the next unconsumed character
    shift = 0  # output offset minus input offset so far

    def consume(limit: int, keep: bool) -> None:
        nonlocal current, inside, position
        while current is not None and position < limit:
            piece, label = current
            take = min(len(piece) - inside, limit - position)
            if keep and take:
                result.append([piece[inside : inside + take], label])
            position += take
            inside += take
            if inside == len(piece):
                current, inside = next(pieces, None), 0

    for index, edit in group:
        start = edit["start"] + shift
        consume(start, keep=True)
        consume(start + len(edit["after"]), keep=False)
        result.append([edit["before"], index])
        shift += len(edit["after"]) - (edit["end"] - edit["start"])
    consume(sys.maxsize, keep=True)
    return result


def _output_texts(out_dir: Path, outputs: dict[str, str]) -> dict[str, str]:
    """The output text of each wanted output location (`.txt` paths or `documents.jsonl#id`)."""
    texts: dict[str, str] = {}
    wanted_ids = {location.split("#", 1)[1] for location in outputs.values() if location.startswith(DOCUMENTS + "#")}
    if wanted_ids:
        try:
            with open(out_dir / DOCUMENTS, encoding="utf-8", errors="surrogatepass") as handle:
                for line in handle:
                    record = json.loads(line)
                    if record["id"] in wanted_ids:
                        texts.setdefault(f"{DOCUMENTS}#{record['id']}", record["text"])
        except OSError:
            pass  # moved or deleted outputs: those documents are shown without their text
    for location in outputs.values():
        if not location.startswith(DOCUMENTS + "#"):
            try:
                texts[location] = (out_dir / location).read_text(encoding="utf-8", errors="surrogatepass")
            except OSError:
                continue
    return texts


def _records(manifest: Path) -> Iterator[dict[str, Any]]:
    """The manifest's records; anything that is not one is an InputError naming the file."""
    try:
        for record in read_manifest(manifest):
            if not isinstance(record, dict) or not {"id", "status", "edits"} <= record.keys():
                raise InputError(f"{manifest} is not a corpusclean manifest: a line lacks id, status or edits")
            yield record
    except FileNotFoundError:
        raise InputError(f"no manifest at {manifest}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read manifest {manifest}: {error}") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{manifest} is not a corpusclean manifest: {error}") from None


def collect(manifest: str | Path, embed: int = EMBED) -> dict[str, Any]:
    """Everything the report shows, as plain data (embedded in the page as JSON)."""
    manifest = Path(manifest)
    tally = _Tally()
    reason_ids: dict[str, int] = {}
    rows: list[list[Any]] = []
    buckets: dict[str, list[int]] = defaultdict(list)
    for number, record in enumerate(_records(manifest)):
        keys = _count(tally, record)
        meta = record.get("metadata", {})
        note = record.get("reason", "") + (f" of {record['dup_of']}" if record.get("dup_of") else "")
        path = record.get("source_path") or ""
        rows.append([
            record["id"], record["status"], record.get("language", ""), meta.get("script", ""),
            _quality(record), len(keys), sum(_removed_bytes(e) for e in record.get("edits", [])),
            sorted({reason_ids.setdefault(k, len(reason_ids)) for k in keys}), note,
            "" if path.endswith(record["id"]) else path, -1,
        ])
        if record.get("output") and meta.get("bytes", 0) <= MAX_EMBED_BYTES:
            # every kind of edit, spam candidates, unchanged documents, and any document at all
            kinds = set(keys) | {"spam-candidate" if meta.get("spam_candidates") else "", "unchanged" if not keys else "", "any"}
            for key in kinds - {""}:
                if len(buckets[key]) < embed:
                    buckets[key].append(number)
    chosen = set(_sample(buckets, embed))
    picked = [record for number, record in enumerate(_records(manifest)) if number in chosen]
    texts = _output_texts(manifest.parent, {r["id"]: r["output"] for r in picked})
    documents = []
    for number, record in zip(sorted(chosen), picked):
        if record["output"] not in texts:
            continue
        rows[number][-1] = len(documents)
        documents.append({
            "id": record["id"],
            "segments": annotate(texts[record["output"]], record["edits"]),
            "after": texts[record["output"]],
            "edits": [[e["step"], e["reason"], e.get("score"), e["after"]] for e in record["edits"]],
            "candidates": record.get("metadata", {}).get("spam_candidates", []),
        })
    return _data(manifest, tally, reason_ids, rows, documents, embed)


def _data(
    manifest: Path, tally: _Tally, reason_ids: dict[str, int], rows: list[list[Any]], documents: list[dict[str, Any]], embed: int
) -> dict[str, Any]:
    from corpusclean import __version__

    clusters = Counter(copies + 1 for copies in tally.duplicates.values())
    lines = sorted(tally.lines.items(), key=lambda item: (not (item[1].reasons & BORDERLINE), -item[1].count, item[0]))
    candidates = sorted(tally.candidates.values(), key=lambda c: (-c.documents, -c.count, c.text))
    return {
        "run": {
            "manifest": str(manifest), "version": __version__, "documents": tally.documents,
            "kept": tally.status["kept"], "changed": tally.status["changed"], "dropped": tally.status["dropped"],
            "embedded": len(documents), "embed_limit": embed,
        },
        "charts": {
            "languages": tally.languages.most_common(),
            "scripts": tally.scripts.most_common(),
            "drops": tally.drops.most_common(),
            "edits": [[key, count, tally.bytes_removed[key]] for key, count in tally.edits.most_common()],
            "clusters": sorted(clusters.items()),
            "quality": tally.quality,
        },
        "lines": [
            [text, line.count, sorted(line.reasons), bool(line.reasons & BORDERLINE)] for text, line in lines[:REVIEW_LIMIT]
        ],
        "phrases": tally.phrases.most_common(REVIEW_LIMIT),
        "candidates": [
            {"text": c.text, "count": c.count, "documents": c.documents, "score": c.score, "evidence": c.evidence, "examples": c.examples}
            for c in candidates[:REVIEW_LIMIT]
        ],
        "reasons": list(reason_ids),
        "index": rows,
        "documents": documents,
    }
