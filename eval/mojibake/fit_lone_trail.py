"""Fit the lone-trail model of `corpusclean/_mojibake/lonetrail.py` on the dev split.

Labelled sites (an ASCII character 0x40–0x7E between CJK characters, `lonetrail.SITE`), all from
the training records of `../shared/corpora` (the dev split: the records the plausibility model
was built from; the held-out fifth stays for the test figures):

* dropped bytes (label 1): real lines encoded as GBK, Big5 (cp950) and Big5 as browsers read it
  (web-big5), one random byte dropped, decoded with U+FFFD; kept when the drop made a new site
  within 3 characters of it;
* clean (label 0): every site in every line of the corpora files' training records, as written
  (Chinese, Japanese, Korean, the genre and language-id sets, the zh-Hans/zh-Hant pairs, web
  pages), and the Simplified Chinese ones also converted to Traditional (`SIMPLIFIED`).

Prints the weights and intercept to copy into `lonetrail.WEIGHTS`/`INTERCEPT`, and how many
sites of each label pass at `MIN_PROBABILITY` (which must be above every clean site's).
Clean sites weigh 10 (they are rare, and a repaired clean site is damage).

    python eval/mojibake/fit_lone_trail.py [--corpora DIR] [--per-codec N]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np
import opencc
from dataset import DEFAULT_CORPORA, is_heldout
from sklearn.linear_model import LogisticRegression

from corpusclean._mojibake import lonetrail

CLEAN_FILES = (
    "zh_hans.jsonl",
    "zh_hant.jsonl",
    "ja.jsonl",
    "ko.jsonl",
    "genres.jsonl",
    "langid.jsonl",
    "zh_hans_hant_pairs.jsonl",
    "webpages_en.jsonl",
)
SIMPLIFIED = ("zh_hans.jsonl", "genres.jsonl")
"""Files whose clean sites are also taken in Traditional script (OpenCC s2t): a review's
`好吃~下次` written in Traditional is as clean, and Big5 can hold it."""
DROPPED = (("zh_hans.jsonl", "gb18030"), ("zh_hant.jsonl", "cp950"), ("zh_hant.jsonl", "web-big5"))
CLEAN_WEIGHT = 10.0
SEED = "lone-trail-1"


def _training_texts(path: Path) -> list[str]:
    """Every string field (but the id) of the training records of one corpora file."""
    texts = []
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            record = json.loads(raw)
            if not is_heldout(record.get("id", "")):
                texts += [value for key, value in record.items() if key != "id" and isinstance(value, str)]
    return texts


def _sites(line: str) -> list[int]:
    return [match.start() for match in lonetrail.SITE.finditer(line)]


def _rows(line: str, indices: list[int], label: int) -> list[tuple[list[float], int]]:
    out = []
    codecs = lonetrail.possible_codecs(line)
    for index in indices:
        found = lonetrail.features(line, index, len(_sites(line)), codecs)
        if found is not None:
            out.append((found[0], label))
    return out


def labelled(corpora: Path, per_codec: int) -> list[tuple[list[float], int]]:
    """(features, label) of every clean site and of `per_codec` dropped-byte sites per codec."""
    rows = []
    to_traditional = opencc.OpenCC("s2t")
    for name in CLEAN_FILES:
        for text in _training_texts(corpora / name):
            for line in text.splitlines():
                rows += _rows(line, _sites(line), 0)
                if name in SIMPLIFIED and _sites(line):
                    converted = to_traditional.convert(line)
                    rows += _rows(converted, _sites(converted), 0)
    rng = random.Random(SEED)
    for name, codec in DROPPED:
        lines = [
            line.strip()
            for text in _training_texts(corpora / name)
            for line in text.splitlines()
            if 20 <= len(line.strip()) <= 400
        ]
        rng.shuffle(lines)
        made = 0
        for line in lines:
            if made >= per_codec:
                break
            data = line.encode(codec, "ignore")
            position = rng.randrange(len(data))
            bad = (data[:position] + data[position + 1 :]).decode(codec, "replace")
            new = _sites(bad)
            if len(new) <= len(_sites(line)):
                continue
            at = len(data[:position].decode(codec, "ignore"))
            index = min(new, key=lambda site: abs(site - at))
            if abs(index - at) <= 3:
                found = _rows(bad, [index], 1)
                rows += found
                made += len(found)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--per-codec", type=int, default=1500)
    args = parser.parse_args()
    rows = labelled(args.corpora, args.per_codec)
    features = np.array([values for values, _ in rows])
    labels = np.array([label for _, label in rows])
    weights = np.where(labels == 0, CLEAN_WEIGHT, 1.0)
    fitted = LogisticRegression(max_iter=2000).fit(features, labels, sample_weight=weights)
    print("WEIGHTS =", tuple(round(float(w), 2) for w in fitted.coef_[0]))
    print("INTERCEPT =", round(float(fitted.intercept_[0]), 2))
    # the rounded weights, as the module will use them
    logits = np.round(fitted.intercept_[0], 2) + features @ np.round(fitted.coef_[0], 2)
    probability = 1 / (1 + np.exp(-logits))
    clean, dropped = probability[labels == 0], probability[labels == 1]
    print(f"clean sites {len(clean)}, highest probability {clean.max():.4f}")
    bar = lonetrail.MIN_PROBABILITY
    print(
        f"at {bar}: clean {(clean >= bar).sum()} of {len(clean)},"
        f" dropped bytes {(dropped >= bar).sum()} of {len(dropped)}"
    )


if __name__ == "__main__":
    main()
