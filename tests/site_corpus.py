"""A corpus of real documents grouped into sites, with the evidence every corpus step acts on.

The engine tests compare engines (and worker counts) on it, so it must make each corpus step
change something: documents of `../shared/corpora` (English, German, Chinese in both scripts;
the records used are vendored in `tests/fixtures/site_corpus/sources.jsonl.gz`, the first 601
of each source file, so the tests need no checkout beside this one)
in 30-page sites through a `url` field, where some sites add a footer to every page
(`site-repeat`), one pastes keyword phrases into its articles (`site-phrases`), Chinese pages too
short to show their script sit among pages that show it (`site-script`), and some pages come
again, exactly or edited (`dedup`). Deterministic: the same arguments give the same bytes.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "site_corpus" / "sources.jsonl.gz"
SOURCES = ("zh_hant", "zh_hans", "en", "webpages_en", "de")
PER_SOURCE = 601
"""Records of each source file in the sample (a 3,000-document corpus needs 601 of each)."""
SITE_PAGES = 30
FOOTERS = (
    "The Riverside Gazette is published every weekday by the Riverside Community Press",
    "河畔日报每周一至周五出版，由河畔社区出版社发行，欢迎读者来信",
)
PASTED = ("quick weight loss pills", "cheap replica watches online")
NEUTRAL_ZH = ("走了！", "不看。", "好的，明天見。", "我们走吧。")


def _texts(documents: int) -> list[tuple[str, str]]:
    """(source, text) of the first records of each source file, in turn, `documents` in all."""
    per_source = min(documents // len(SOURCES) + 1, PER_SOURCE)
    taken: dict[str, list[str]] = {name: [] for name in SOURCES}
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as handle:
        for record in map(json.loads, handle):
            if len(taken[record["file"]]) < per_source:
                taken[record["file"]].append(record["text"])
    return [(name, text) for name in SOURCES for text in taken[name]][:documents]


def _paste(text: str, phrase: str, rng: random.Random) -> str:
    """`text` with `phrase` glued into the middle of two of its sentences."""
    words = text.split(" ")
    for _ in range(2):
        at = rng.randrange(1, max(2, len(words)))
        words.insert(at, phrase)
    return " ".join(words)


def build(path: Path, documents: int = 3000) -> dict[str, int]:
    """Write the corpus as JSONL (`id`, `text`, `url`) to `path`; returns counts of what it holds."""
    rng = random.Random(20261203)
    texts = _texts(documents)
    counts = {"documents": 0, "footers": 0, "pasted": 0, "neutral": 0, "copies": 0}
    records = []
    for number, (source, text) in enumerate(texts):
        site_number = number // SITE_PAGES
        site = f"{source}-{site_number}.example"
        if site_number % 4 == 1:
            text = f"{text}\n{FOOTERS[site_number % 2]}"
            counts["footers"] += 1
        if site_number % 9 == 2 and source in ("en", "webpages_en"):
            text = _paste(text, PASTED[site_number % 2], rng)
            counts["pasted"] += 1
        if source.startswith("zh") and number % 10 == 3:
            text = rng.choice(NEUTRAL_ZH)
            counts["neutral"] += 1
        records.append({"id": f"doc{number:05d}", "text": text, "url": f"https://{site}/{number}"})
    for number in range(0, len(records), 37):  # copies: exact, and with a changed ending
        original = records[number]
        copy = original["text"] if number % 2 else original["text"][: max(1, int(len(original["text"]) * 0.95))]
        records.append({"id": f"copy{number:05d}", "text": copy, "url": f"https://mirror-{number % 3}.example/{number}"})
        counts["copies"] += 1
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    counts["documents"] = len(records)
    return counts


if __name__ == "__main__":
    import sys

    print(build(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3000))
