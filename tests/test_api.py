"""The public API is exactly what `__all__` says, sorted, and every name in it exists."""

from __future__ import annotations

import corpusclean

EXPECTED = [
    "Change",
    "Checker",
    "Config",
    "ConfigError",
    "CorpusStep",
    "CorpuscleanError",
    "DecodeError",
    "Decoded",
    "Deduplicator",
    "Document",
    "Edit",
    "Fixed",
    "FixerStep",
    "InputError",
    "OutputError",
    "Pipeline",
    "Problem",
    "Report",
    "SignatureIndex",
    "SiteRepeat",
    "Source",
    "Step",
    "clean_documents",
    "clean_file",
    "clean_paths",
    "clean_text",
    "decode",
    "detect_language",
    "duplicate_clusters",
    "find_boilerplate",
    "find_duplicates",
    "fix_and_explain",
    "fix_text",
    "iter_sources",
    "language_scores",
    "load_config",
    "read_manifest",
    "reconstruct",
    "remove_spam",
    "restore_input",
    "splice",
    "strip_boilerplate",
]


def test_all_is_pinned_and_sorted() -> None:
    assert corpusclean.__all__ == EXPECTED == sorted(EXPECTED)


def test_every_public_name_exists_and_is_documented() -> None:
    for name in corpusclean.__all__:
        assert getattr(corpusclean, name).__doc__, name
