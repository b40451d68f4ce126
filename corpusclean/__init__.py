"""corpusclean: turn dirty web text into a clean, deduplicated, language-tagged corpus.

The steps and their order are listed once, in `corpusclean._pipeline.STEPS` (and in
`corpusclean --help`). One `Document` (text, metadata, edits) flows through every step; every
change is an `Edit` that records the text it removed. docs/architecture.md maps the packages.

    import corpusclean
    doc = corpusclean.clean_text(text)
    doc.text, doc.metadata["language"], doc.edits
"""

from corpusclean._api import (  # the capability functions behind argument checks (_api.py)
    decode,
    detect_language,
    duplicate_clusters,
    find_boilerplate,
    find_duplicates,
    fix_and_explain,
    fix_text,
    language_scores,
    remove_spam,
    strip_boilerplate,
)
from corpusclean._boilerplate.site_lines import SiteRepeat
from corpusclean._check import Checker, Problem
from corpusclean._clean import clean_documents, clean_file, clean_paths, clean_text
from corpusclean._config import Config, load_config
from corpusclean._dedup.clusters import Deduplicator
from corpusclean._dedup.index import SignatureIndex
from corpusclean._document import Change, Document, Edit, Fixed, reconstruct, splice
from corpusclean._errors import (
    ConfigError,
    CorpuscleanError,
    DecodeError,
    InputError,
    OutputError,
)
from corpusclean._io.encoding import Decoded
from corpusclean._io.manifest import read_manifest, restore_input
from corpusclean._io.readers import Source, iter_sources
from corpusclean._pipeline import CorpusStep, FixerStep, Pipeline, Step
from corpusclean._report import Report

__all__ = [
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
__version__ = "0.1.0"
