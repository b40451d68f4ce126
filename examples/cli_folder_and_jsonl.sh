#!/usr/bin/env bash
# The corpusclean command over a folder of files and over a JSONL dump, then the run report.
#
# Run from the repository root:  bash examples/cli_folder_and_jsonl.sh [WORK_FOLDER]
# Exit codes to branch on: 0 ok, 2 usage/config, 3 output cannot be written, 4 no input
# (see `corpusclean --help`).
set -euo pipefail
work="${1:-$(mktemp -d)}"
mkdir -p "$work"

# 1. A folder of text files in any encoding -> a mirrored folder of clean UTF-8 + manifest.jsonl
corpusclean clean seeds -o "$work/folder-out" --workers 1 -q

# 2. A JSONL dump (here: two seeds, text in a field called "content") -> documents.jsonl
python - "$work/dump.jsonl" <<'PY'
import json, sys
from pathlib import Path
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for seed in sorted(Path("seeds").glob("00[12]_*.txt")):
        out.write(json.dumps({"id": seed.stem, "content": seed.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n")
PY
corpusclean clean "$work/dump.jsonl" -o "$work/jsonl-out" --format jsonl --text-field content --workers 1 --json \
  > "$work/summary.json"   # the summary as JSON on stdout, for scripts

# 3. The HTML report of the folder run (opens offline in any browser)
corpusclean report "$work/folder-out/manifest.jsonl" -o "$work/report.html"

echo "folder run:  $work/folder-out/manifest.jsonl"
echo "jsonl run:   $work/jsonl-out/documents.jsonl ($(wc -l < "$work/jsonl-out/documents.jsonl") documents)"
echo "report:      $work/report.html"
