"""corpusclean: turn dirty web text into a clean, deduplicated, language-tagged corpus.

The pipeline: decode -> repair -> boilerplate -> spam -> quality -> repeats -> language ->
site-repeat -> site-phrases -> site-script -> dedup (corpus steps). One `Document` (text,
metadata, edits) flows through every step; every change is an `Edit` that records the text it
removed.

    import corpusclean
    doc = corpusclean.clean_text(text)
    doc.text, doc.metadata["language"], doc.edits
"""

from corpusclean._boilerplate import find_boilerplate, strip_boilerplate
from corpusclean._check import Checker, Problem
from corpusclean._clean import clean_documents, clean_file, clean_paths, clean_text
from corpusclean._config import Config, load_config
from corpusclean._decode import Decoded, decode
from corpusclean._dedup import Deduplicator, duplicate_clusters, find_duplicates
from corpusclean._document import Change, Document, Edit, Fixed, reconstruct, splice
from corpusclean._errors import ConfigError, CorpuscleanError, DecodeError, InputError, OutputError
from corpusclean._index import SignatureIndex
from corpusclean._lang import detect_language, language_scores
from corpusclean._manifest import read_manifest, restore_input
from corpusclean._mojibake import fix_and_explain, fix_text
from corpusclean._pipeline import CorpusStep, FixerStep, Pipeline, Step
from corpusclean._readers import Source, iter_sources
from corpusclean._report import Report
from corpusclean._site_repeat import SiteRepeat
from corpusclean._spam import remove_spam

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
