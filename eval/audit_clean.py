"""No-harm audit: run the default pipeline over clean real text and count every byte it removes.

    python eval/audit_clean.py [--corpora PATH] [--workers 2] [--examples 5] [--limit N]
                               [--files genres,en,...] [--json OUT.json] [--report OUT.md]

Why: every input here is clean, human-written text — classical Chinese poetry, English verse and
song lyrics, short reviews, romanised Arabic forum comments, hard-wrapped books, fixture lists,
squads, recipes, a glossary, dialogues (`genres.jsonl`), plus news, Wikipedia, web text and
treebank sentences in eleven languages (the language files) and NTREX sentences in 55 languages
(`langid.jsonl`; a full run takes about two minutes with 2 workers). None of it holds page
furniture, spam or mojibake, so whatever a step removes is damage. Reported apart: dedup drops,
since the corpora really hold duplicates (the same UD sentences in Simplified and Traditional
script); each is compared with its kept copy so that false merges stand out. Repairs are counted
as removals too: any the reader judges true from the examples is the exception.

What: each record becomes a `corpusclean.Document` whose `metadata["site"]` is its source file,
its genre or kind, and its language (`genres:dialogue:zh-Hans`), so the corpus steps see the
per-site groups a crawl would give them — one collection in one language per site. The
`lists-tables` genre is split into the four collections it joins (fixtures, squads, recipes,
glossary). The report gives bytes removed per step (the sum of `before` minus `after` bytes over
its edits), per group (file:kind × language), examples of removed text per (step, reason), the
worst groups for `boilerplate` and `site-repeat`, and the documents dropped, by reason.

Only the public API (`import corpusclean`) is used, so the audit survives reorganisations of the
package. `audit(records, config)` is the whole measurement, callable on a small sample by a test;
`--json` writes its result for later runs to compare. A full run (no `--limit`) also writes
eval/audit_report.md unless `--report` says otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import shlex
import subprocess
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import corpusclean

HERE = Path(__file__).resolve().parent
DEFAULT_CORPORA = HERE.parents[1] / "shared" / "corpora"
DEFAULT_REPORT = HERE / "audit_report.md"

FILES = ("genres", "en", "zh_hans", "zh_hant", "ja", "ko", "ru", "el", "fr", "de", "es", "pt", "langid")
"""The clean sources, read as `<name>.jsonl`; not `webpages_en.jsonl`, whose pages carry real menus."""

STEP_ORDER = (
    "repair",
    "boilerplate",
    "spam",
    "quality",
    "repeats",
    "language",
    "site-repeat",
    "site-phrases",
    "site-script",
    "dedup",
)
"""Display order of the steps (the pipeline's); a step not listed here is shown after them."""

WORST_STEPS = ("boilerplate", "site-repeat")
"""Steps whose worst groups the report ranks."""

LISTS_TABLES = (
    ("/squads/", "squads"),
    ("openfootball/", "fixtures"),
    ("based.cooking", "recipes"),
    ("Devil-s-Dictionary", "glossary"),
)
"""`lists-tables` records by `source` substring (first match wins): four collections, four sites."""


@dataclass(frozen=True)
class Record:
    """One clean input text: a unique id, its text, its language tag and its group (`file:kind`)."""

    id: str
    text: str
    lang: str
    group: str

    @property
    def site(self) -> str:
        """The site the corpus steps see: one collection in one language."""
        return f"{self.group}:{self.lang}"


def kind_of(record: dict[str, Any]) -> str:
    """A corpora record's genre (`genres.jsonl`) or kind (language files; `sentence` for langid)."""
    genre = record.get("genre")
    if genre == "lists-tables":
        source = record.get("source", "")
        return next((f"{genre}/{name}" for key, name in LISTS_TABLES if key in source), genre)
    return str(genre or record.get("kind") or "sentence")


def read_records(corpora: Path, files: Sequence[str], limit: int | None = None) -> Iterator[Record]:
    """The records of `<corpora>/<name>.jsonl` for each name; with `limit`, at most that many per
    file, evenly spaced through it so that every genre and kind of the file is sampled."""
    for name in files:
        lines = (corpora / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        if limit is not None and len(lines) > limit:
            lines = [lines[index * len(lines) // limit] for index in range(limit)]
        for line in lines:
            record = json.loads(line)
            group = f"{name}:{kind_of(record)}"
            yield Record(f"{name}:{record['id']}", record["text"], record["lang"], group)


def nbytes(text: str) -> int:
    """UTF-8 size of `text` (lone surrogates counted as the pipeline writes them)."""
    return len(text.encode("utf-8", "surrogatepass"))


@dataclass
class Tally:
    """One cell's figures: bytes removed (net: `before` minus `after` bytes), bytes touched (all
    `before` bytes: a replacement of equal size removes nothing yet may be damage), edits and
    documents changed."""

    bytes: int = 0
    touched: int = 0
    edits: int = 0
    documents: int = 0

    def add(self, other: Tally) -> None:
        """Add `other`'s figures to these."""
        self.bytes += other.bytes
        self.touched += other.touched
        self.edits += other.edits
        self.documents += other.documents

    def to_dict(self) -> dict[str, int]:
        """The figures as plain data."""
        return {"bytes": self.bytes, "touched": self.touched, "edits": self.edits, "documents": self.documents}


@dataclass
class Group:
    """Figures of one group (file:kind × language)."""

    documents: int = 0
    bytes: int = 0
    changed: int = 0
    steps: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    reasons: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    dropped: Counter[str] = field(default_factory=Counter)
    dropped_bytes: Counter[str] = field(default_factory=Counter)

    def to_dict(self, name: str, lang: str) -> dict[str, Any]:
        """The figures as plain data, labelled with the group's name and language."""
        return {
            "group": name,
            "lang": lang,
            "documents": self.documents,
            "bytes": self.bytes,
            "changed": self.changed,
            "steps": tallies(self.steps),
            "reasons": tallies(self.reasons),
            "dropped": dict(self.dropped),
            "dropped_bytes": dict(self.dropped_bytes),
        }


def tally_edits(doc: corpusclean.Document) -> tuple[dict[str, Tally], dict[str, Tally]]:
    """One document's edits summed per step and per `step/reason` (documents = 1 where touched)."""
    steps: dict[str, Tally] = defaultdict(Tally)
    reasons: dict[str, Tally] = defaultdict(Tally)
    for edit in doc.edits:
        before = nbytes(edit.before)
        for tally in (steps[edit.step], reasons[f"{edit.step}/{edit.reason}"]):
            tally.bytes += before - nbytes(edit.after)
            tally.touched += before
            tally.edits += 1
            tally.documents = 1
    return steps, reasons


def is_han(char: str) -> bool:
    """Whether `char` is a CJK ideograph (the characters a script conversion changes)."""
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or char >= "\U00020000"


def is_punctuation(char: str) -> bool:
    """Whether `char` is punctuation (a script conversion also turns 「」 into “”)."""
    return unicodedata.category(char).startswith("P")


def loose(text: str) -> str:
    """`text` with case, compatibility forms and white space evened out."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def base_language(tag: str) -> str:
    """The language of a BCP-47 or langdetect tag without script or region (`zh-Hant` -> `zh`)."""
    return tag.split("-")[0].lower()


def script_variant(text: str, kept: str) -> bool:
    """Same length, and every differing character is Han for Han or punctuation for punctuation:
    a Simplified/Traditional conversion of one text."""
    pairs = zip(text, kept, strict=True) if len(text) == len(kept) else None
    return pairs is not None and all(
        a == b or (is_han(a) and is_han(b)) or (is_punctuation(a) and is_punctuation(b)) for a, b in pairs
    )


def duplicate_kind(record: Record, kept: Record) -> str:
    """How a dropped duplicate's input relates to the kept copy's input, best relation first.

    `identical`; `identical-loose` (same after NFKC, case folding and white space);
    `other-language` (the kept copy is in another language: a false merge, whatever the overlap);
    `script-variant` (see `script_variant`); `near` (character similarity >= 0.8); `distant`
    (the rest: read these, they may be false merges).
    """
    if record.text == kept.text:
        return "identical"
    if loose(record.text) == loose(kept.text):
        return "identical-loose"
    if base_language(record.lang) != base_language(kept.lang):
        return "other-language"
    if script_variant(record.text, kept.text):
        return "script-variant"
    return "near" if difflib.SequenceMatcher(None, record.text, kept.text).ratio() >= 0.8 else "distant"


def snippet(text: str, width: int = 100) -> str:
    """`text` on one line (line breaks shown as ⏎), cut to `width` characters."""
    flat = text.replace("\r", "").replace("\n", "⏎")
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def interleave(per_group: dict[str, list[dict[str, str]]], count: int) -> list[dict[str, str]]:
    """Up to `count` examples taken round-robin across groups, so one big group does not fill the list."""
    queues = [list(items) for _, items in sorted(per_group.items())]
    chosen: list[dict[str, str]] = []
    while len(chosen) < count and any(queues):
        for queue in queues:
            if queue and len(chosen) < count:
                chosen.append(queue.pop(0))
    return chosen


def step_sort_key(key: str) -> tuple[int, str]:
    """Pipeline order for a step or `step/reason` key (unknown steps last), then alphabetical."""
    step = key.split("/")[0]
    return (STEP_ORDER.index(step) if step in STEP_ORDER else len(STEP_ORDER), key)


def tallies(cells: dict[str, Tally]) -> dict[str, dict[str, int]]:
    """`cells` as plain data, in pipeline order."""
    return {key: cells[key].to_dict() for key in sorted(cells, key=step_sort_key)}


class Audit:
    """The running figures of one audit, fed one (input record, cleaned document) pair at a time."""

    def __init__(self, by_id: dict[str, Record], examples: int) -> None:
        self.by_id = by_id
        self.examples = examples
        self.steps: dict[str, Tally] = defaultdict(Tally)
        self.reasons: dict[str, Tally] = defaultdict(Tally)
        self.groups: dict[tuple[str, str], Group] = defaultdict(Group)
        self.found: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(lambda: defaultdict(list))
        self.drops: dict[str, Counter[str]] = defaultdict(Counter)
        self.duplicates: dict[str, Counter[str]] = defaultdict(Counter)
        self.duplicate_examples: dict[str, list[dict[str, str]]] = defaultdict(list)
        self.duplicate_pairs: Counter[tuple[str, str, str]] = Counter()
        self.step_errors: Counter[str] = Counter()

    def add(self, record: Record, doc: corpusclean.Document) -> None:
        """Count one cleaned document against its input."""
        assert doc.id == record.id, f"output order differs from input order at {record.id}"
        group = self.groups[(record.group, record.lang)]
        group.documents += 1
        group.bytes += nbytes(record.text)
        group.changed += bool(doc.edits)
        self.add_edits(record, doc, group)
        self.step_errors.update(failure["step"] for failure in doc.metadata.get("step_errors", []))
        if doc.dropped:
            self.add_drop(record, doc, group)

    def add_edits(self, record: Record, doc: corpusclean.Document, group: Group) -> None:
        """Sum the document's edits into the totals and its group; keep the first examples per group."""
        doc_steps, doc_reasons = tally_edits(doc)
        pairs = (
            (self.steps, doc_steps),
            (group.steps, doc_steps),
            (self.reasons, doc_reasons),
            (group.reasons, doc_reasons),
        )
        for totals, local in pairs:
            for key, tally in local.items():
                totals[key].add(tally)
        for edit in doc.edits:
            bucket = self.found[f"{edit.step}/{edit.reason}"][record.group]
            if len(bucket) < self.examples:
                bucket.append({"id": record.id, "before": snippet(edit.before), "after": snippet(edit.after)})

    def add_drop(self, record: Record, doc: corpusclean.Document, group: Group) -> None:
        """Count a dropped document; compare a duplicate with the copy that was kept."""
        reason, size = str(doc.dropped), nbytes(record.text)
        self.drops[reason].update(documents=1, bytes=size)
        group.dropped[reason] += 1
        group.dropped_bytes[reason] += size
        kept = self.by_id.get(str(doc.metadata.get("dup_of", "")))
        if reason != "duplicate" or kept is None:
            return
        kind = duplicate_kind(record, kept)
        self.duplicates[kind].update(documents=1, bytes=size, cross_group=int(kept.group != record.group))
        self.duplicate_pairs[(record.site, kept.site, kind)] += 1
        if len(self.duplicate_examples[kind]) < self.examples:
            example = {"id": record.id, "dup_of": kept.id, "text": snippet(record.text), "kept": snippet(kept.text)}
            self.duplicate_examples[kind].append(example)

    def result(self) -> dict[str, Any]:
        """The figures as JSON-ready data (see `audit`)."""
        by_kind = {kind: dict(counts) for kind, counts in sorted(self.duplicates.items())}
        return {
            "input": {
                "documents": sum(group.documents for group in self.groups.values()),
                "bytes": sum(group.bytes for group in self.groups.values()),
            },
            "steps": tallies(self.steps),
            "reasons": tallies(self.reasons),
            "groups": [group.to_dict(name, lang) for (name, lang), group in self.groups.items()],
            "drops": {
                reason: {**counts, **({"by_kind": by_kind} if reason == "duplicate" else {})}
                for reason, counts in sorted(self.drops.items())
            },
            "duplicate_examples": dict(sorted(self.duplicate_examples.items())),
            "duplicate_pairs": [
                {"dropped": dropped, "kept": kept, "kind": kind, "documents": count}
                for (dropped, kept, kind), count in self.duplicate_pairs.most_common()
            ],
            "examples": {
                key: interleave(self.found[key], self.examples) for key in sorted(self.found, key=step_sort_key)
            },
            "step_errors": dict(self.step_errors),
        }


def audit(records: Iterable[Record], config: corpusclean.Config | None = None, *, examples: int = 5) -> dict[str, Any]:
    """Clean `records` with `config` (None: the default pipeline) and measure what each step removed.

    Each record is cleaned as a `corpusclean.Document` with `metadata["site"] = record.site`.
    Returns JSON-ready figures: `input` (documents, bytes); `steps` and `reasons` (per step and per
    `step/reason`: bytes removed, bytes touched, edits, documents changed); `groups` (per
    file:kind × language: input, changed documents, the same figures per step and reason, drops);
    `drops` (per reason: documents and input bytes; duplicates also `by_kind`, see
    `duplicate_kind`), `duplicate_pairs` (dropped site, kept site, kind), `duplicate_examples`,
    `examples` (up to `examples` per step/reason, spread over groups) and `step_errors`.
    """
    records = list(records)
    tally = Audit({record.id: record for record in records}, examples)
    documents = (corpusclean.Document(id=r.id, text=r.text, metadata={"site": r.site}) for r in records)
    for record, doc in zip(records, corpusclean.clean_documents(documents, config=config), strict=True):
        tally.add(record, doc)
    return tally.result()


# --- markdown -----------------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], align: str = "") -> str:
    """A markdown table; `align` holds one of `l`/`r` per column (default: first left, rest right)."""
    align = align or "l" + "r" * (len(headers) - 1)
    rule = ["---" if a == "l" else "---:" for a in align]
    lines = [headers, rule, *([str(cell).replace("|", "\\|") for cell in row] for row in rows)]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def percent(part: int, whole: int, decimals: int = 3) -> str:
    """`part` as a percentage of `whole`."""
    return f"{100 * part / whole:.{decimals}f}" if whole else "—"


def code(text: str) -> str:
    """`text` as an inline code span that survives backticks in it."""
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


EMPTY = {"bytes": 0, "touched": 0, "edits": 0, "documents": 0}
FOLD_LANGUAGES = 5
"""In table 2, a file:kind with more languages than this shows its untouched languages as one row."""


def tally_row(label: str, tally: dict[str, int], total: int) -> tuple[str, ...]:
    """A table row: label, bytes removed, % of `total`, bytes touched, documents, edits."""
    return (
        label,
        f"{tally['bytes']:,}",
        percent(tally["bytes"], total),
        f"{tally['touched']:,}",
        f"{tally['documents']:,}",
        f"{tally['edits']:,}",
    )


TALLY_HEADERS = ("bytes removed", "% of input bytes", "bytes touched", "documents changed", "edits")


def step_table(result: dict[str, Any]) -> str:
    """Table 1: every step, with bytes removed, share of input bytes, bytes touched, documents, edits."""
    total = result["input"]["bytes"]
    steps = result["steps"]
    rows = [tally_row(name, steps.get(name, EMPTY), total) for name in sorted({*STEP_ORDER, *steps}, key=step_sort_key)]
    summed = {key: sum(t[key] for t in steps.values()) for key in EMPTY}
    summed["documents"] = sum(g["changed"] for g in result["groups"])
    return table(("step", *TALLY_HEADERS), [*rows, tally_row("all steps", summed, total)])


def reason_table(result: dict[str, Any]) -> str:
    """Table 1b: the same figures per step and reason."""
    total = result["input"]["bytes"]
    return table(("step/reason", *TALLY_HEADERS), (tally_row(k, t, total) for k, t in result["reasons"].items()))


def drop_table(result: dict[str, Any]) -> str:
    """Documents dropped, by reason; duplicates also by how they relate to the kept copy."""
    total = result["input"]["bytes"]
    rows: list[tuple[object, ...]] = []
    for reason, figures in result["drops"].items():
        rows.append(
            (reason, f"{figures['documents']:,}", f"{figures['bytes']:,}", percent(figures["bytes"], total), "")
        )
        for kind, sub in figures.get("by_kind", {}).items():
            share = percent(sub["bytes"], total)
            rows.append((f"↳ {kind}", f"{sub['documents']:,}", f"{sub['bytes']:,}", share, f"{sub['cross_group']:,}"))
    return table(("drop reason", "documents", "input bytes", "% of input bytes", "kept copy in another group"), rows)


def removing_steps(result: dict[str, Any]) -> list[str]:
    """Steps that removed (or, net, added) any bytes, in pipeline order."""
    return [name for name, tally in result["steps"].items() if tally["bytes"]]


def folded_groups(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`groups` in input order, with the untouched languages of a many-language file:kind as one row."""
    languages = Counter(group["group"] for group in groups)
    out: list[dict[str, Any]] = []
    folded: dict[str, dict[str, Any]] = {}
    for group in groups:
        untouched = not group["changed"] and not group["dropped"]
        if languages[group["group"]] <= FOLD_LANGUAGES or not untouched:
            out.append(group)
            continue
        row = folded.get(group["group"])
        if row is None:
            row = {**group, "lang": 0, "documents": 0, "bytes": 0}
            folded[group["group"]] = row
            out.append(row)
        row["lang"] += 1
        row["documents"] += group["documents"]
        row["bytes"] += group["bytes"]
    for row in folded.values():
        row["lang"] = f"{row['lang']} untouched languages"
    return out


def group_table(result: dict[str, Any]) -> str:
    """Table 2: per group, input bytes and % removed by each step that removes anything, and in all."""
    steps = removing_steps(result)
    rows = []
    for group in folded_groups(result["groups"]):
        removed = [group["steps"].get(step, EMPTY)["bytes"] for step in steps]
        shares = [percent(b, group["bytes"]) for b in [*removed, sum(removed)]]
        counts = (group["changed"] or "", sum(group["dropped"].values()) or "")
        rows.append((group["group"], group["lang"], f"{group['documents']:,}", f"{group['bytes']:,}", *shares, *counts))
    steps_headers = (f"{s} %" for s in steps)
    headers = ("group (file:kind)", "lang", "docs", "input bytes", *steps_headers, "total %", "changed", "dropped")
    return table(headers, rows, "ll" + "r" * (len(headers) - 2))


def worst_table(result: dict[str, Any], step: str, count: int = 10) -> str:
    """The `count` groups losing the largest share of their bytes to `step`."""
    scored = [(g, g["steps"].get(step, {"bytes": 0, "documents": 0})) for g in result["groups"]]
    scored = sorted(
        (item for item in scored if item[1]["bytes"] > 0), key=lambda item: -item[1]["bytes"] / item[0]["bytes"]
    )
    if not scored:
        return f"`{step}` removed nothing."
    rows = []
    for group, tally in scored[:count]:
        prefix = f"{step}/"
        reasons = Counter({k[len(prefix) :]: v["bytes"] for k, v in group["reasons"].items() if k.startswith(prefix)})
        rows.append(
            (
                group["group"],
                group["lang"],
                percent(tally["bytes"], group["bytes"]),
                f"{tally['bytes']:,}",
                f"{tally['documents']:,} / {group['documents']:,}",
                ", ".join(f"{r} {b:,}" for r, b in reasons.most_common(3)),
            )
        )
    return table(("group", "lang", "% removed", "bytes", "docs changed / docs", "top reasons (bytes)"), rows, "llrrrl")


def example_list(result: dict[str, Any]) -> str:
    """Examples of removed text per step/reason (`before → after` for replacements)."""
    blocks = []
    for key, items in result["examples"].items():
        tally = result["reasons"][key]
        lines = [f"**{key}** — {tally['edits']:,} edits, {tally['bytes']:,} bytes, {tally['documents']:,} documents"]
        for item in items:
            change = code(item["before"]) + (f" → {code(item['after'])}" if item["after"] else "")
            lines.append(f"- {item['id']}: {change}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) or "No step removed anything."


def duplicate_list(result: dict[str, Any]) -> str:
    """Examples of each kind of duplicate drop, dropped text then kept text."""
    blocks = []
    for kind, items in result["duplicate_examples"].items():
        lines = [f"**{kind}**"]
        lines += [f"- {i['id']} {code(i['text'])} — kept {i['dup_of']} {code(i['kept'])}" for i in items]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) or "No duplicates dropped."


def pair_table(result: dict[str, Any], count: int = 15) -> str:
    """The `count` most frequent (dropped group, kept group, kind) triples of duplicate drops."""
    pairs = result["duplicate_pairs"]
    rows = [(p["dropped"], p["kept"], p["kind"], f"{p['documents']:,}") for p in pairs[:count]]
    more = sum(p["documents"] for p in pairs[count:])
    if more:
        rows.append(("(other pairs)", "", "", f"{more:,}"))
    return table(("dropped from site", "kept copy's site", "kind", "documents"), rows, "lllr")


def render(result: dict[str, Any], header: Sequence[str], worst: int = 10) -> str:
    """The whole report as markdown."""
    figures = result["input"]
    errors = ", ".join(f"{s} {n}" for s, n in sorted(result["step_errors"].items())) or "none"
    sections = [
        "# No-harm audit of the default pipeline on clean text",
        "\n".join(header),
        f"Input: {figures['documents']:,} documents, {figures['bytes']:,} UTF-8 bytes, all clean. "
        f"Step errors: {errors}.",
        "## 1. Bytes removed per step\n\nBytes removed = UTF-8 bytes of `before` minus `after`, summed over "
        "the step's edits (net: a replacement that adds bytes counts negative). Bytes touched = all `before` "
        "bytes, so a same-size replacement (a wrong repair) shows too. `quality`, `language` and `site-script` "
        "only write metadata; `dedup` drops whole documents (see *Documents dropped*).",
        step_table(result),
        reason_table(result),
        "### Documents dropped\n\nEach duplicate's input is compared with the kept copy's input: `identical`; "
        "`identical-loose` (NFKC, case, white space); `other-language` (kept copy in another language: a "
        "false merge); `script-variant` (same length, only Han or punctuation characters differ: a "
        "Simplified/Traditional conversion); `near` (similarity ≥ 0.8); `distant` (read these).",
        drop_table(result),
        pair_table(result),
        "## 2. Per group (file:kind × language): % of the group's input bytes removed\n\n"
        "`changed` / `dropped`: documents of the group with any edit / dropped (by dedup).",
        group_table(result),
        "## 3. Examples of removed text (up to 100 characters, ⏎ = line break)",
        example_list(result),
        "### Duplicate drops (dropped — kept)",
        duplicate_list(result),
        "## 4. Worst groups",
        *(f"### {step}\n\n{worst_table(result, step, worst)}" for step in WORST_STEPS),
    ]
    return "\n\n".join(sections) + "\n"


# --- command line -------------------------------------------------------------------------------


def revision() -> str:
    """The git revision of the working tree, marked when it has uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE.parent, capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "corpusclean"], cwd=HERE.parent, capture_output=True, text=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head.stdout.strip() + (" + uncommitted changes under corpusclean/" if dirty.stdout.strip() else "")


def fingerprint() -> str:
    """A short sha256 of every file of the installed corpusclean package (code and data), so two
    reports can tell whether they measured the same code even when the working tree is uncommitted."""
    package = Path(corpusclean.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="folder of the corpora JSONL files")
    parser.add_argument("--files", default=",".join(FILES), help="comma-separated file names without .jsonl")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--examples", type=int, default=5, help="examples per step/reason")
    parser.add_argument("--limit", type=int, help="read at most N records of each file, evenly spaced (quick run)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument(
        "--report", type=Path, help=f"write the markdown here (default for a full run: {DEFAULT_REPORT})"
    )
    return parser.parse_args(argv)


def run_header(run: dict[str, Any], seconds: float) -> list[str]:
    """The report's opening lines: when, on which code, with which command and sources."""
    sample = f" (--limit: {run['limit']} evenly spaced records of each)" if run["limit"] else " (every record)"
    return [
        f"- date: {run['date']}; corpusclean {corpusclean.__version__}, revision {run['revision']}, "
        f"package fingerprint {run['fingerprint']}"
        + (
            " — **the package changed during the run: figures may mix two versions**"
            if run["changed_during_run"]
            else ""
        ),
        f"- command: `{run['command']}`",
        f"- sources: {', '.join(f'{name}.jsonl' for name in run['files'])}{sample}",
        f'- sites: `metadata["site"]` = file:kind:lang; run time {seconds:.0f} s with {run["workers"]} workers',
    ]


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    files = [name.strip() for name in args.files.split(",") if name.strip()]
    run: dict[str, Any] = {
        "date": date.today().isoformat(),
        "command": shlex.join(["python", "eval/audit_clean.py", *(sys.argv[1:] if argv is None else argv)]),
        "files": files,
        "limit": args.limit,
        "workers": args.workers,
        "revision": revision(),
        "fingerprint": fingerprint(),
    }
    started = time.perf_counter()
    records = read_records(args.corpora, files, args.limit)
    result = audit(records, corpusclean.Config(workers=args.workers), examples=args.examples)
    run["seconds"] = round(time.perf_counter() - started, 1)
    run["changed_during_run"] = fingerprint() != run["fingerprint"]
    result["run"] = run
    markdown = render(result, run_header(run, run["seconds"]))
    print(markdown)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    report = args.report or (DEFAULT_REPORT if args.limit is None else None)
    if report:
        report.write_text(markdown, encoding="utf-8")
        print(f"report written to {report}", file=sys.stderr)


if __name__ == "__main__":
    main()
