"""Repeats and duplicates.

- `in_document`: the `repeats` document step, a second copy of the text inside one document;
- `minhash`: normalised text, shingles and MinHash signatures;
- `clusters`: the `dedup` corpus step, exact and near-duplicate clusters and the copy kept;
- `index`: an SQLite index of signatures, to compare new files with a corpus (pre-commit).
"""
