"""Input and output: reading sources, decoding bytes, writing outputs and the manifest.

- `readers`: where documents come from (folders, files, JSONL(.gz), Parquet, stdin) as `Source`s;
- `encoding`: bytes to text, deciding the encoding by evidence;
- `load`: the decode step, a `Source` to a `Document` (or a dropped one that says why);
- `writers`: mirrored `.txt` folder or `documents.jsonl`, written atomically;
- `manifest`: one record per input, and replaying an input from its output.
"""
