"""corpusclean: turn dirty web text into a clean, deduplicated, language-tagged corpus.

The pipeline: decode -> repair -> boilerplate -> spam -> quality -> repeats -> language ->
site-repeat (corpus) -> dedup (corpus). One `Document` (text, metadata, edits) flows through
every step; every change is an `Edit` that records the text it removed.

    >>> import corpusclean
    >>> doc = corpusclean.clean_text("Some text")
    >>> doc.text, doc.metadata["language"], doc.edits
"""

from corpusclean._check import Checker, Problem
from corpusclean._clean import clean_documents, clean_file, clean_paths, clean_text
from corpusclean._config import Config, load_config
from corpusclean._document import Change, Document, Edit, Fixed, reconstruct, splice
from corpusclean._errors import ConfigError, CorpuscleanError, DecodeError, InputError, OutputError
from corpusclean._manifest import read_manifest, restore_input
from corpusclean._pipeline import CorpusStep, FixerStep, Pipeline, Step
from corpusclean._readers import Source, iter_sources
from corpusclean._report import Report

__all__ = [
    "Change",
    "Checker",
    "Config",
    "ConfigError",
    "CorpusStep",
    "CorpuscleanError",
    "DecodeError",
    "Document",
    "Edit",
    "Fixed",
    "FixerStep",
    "InputError",
    "OutputError",
    "Pipeline",
    "Problem",
    "Report",
    "Source",
    "Step",
    "clean_documents",
    "clean_file",
    "clean_paths",
    "clean_text",
    "iter_sources",
    "load_config",
    "read_manifest",
    "reconstruct",
    "restore_input",
    "splice",
]
__version__ = "0.1.0"
