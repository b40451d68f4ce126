"""corpusclean: turn dirty web text into a clean, deduplicated, language-tagged corpus."""

from corpusclean._document import Change, Document, Edit, Fixed, reconstruct, splice
from corpusclean._errors import ConfigError, CorpuscleanError, DecodeError, InputError, OutputError

__all__ = [
    "Change",
    "ConfigError",
    "CorpuscleanError",
    "DecodeError",
    "Document",
    "Edit",
    "Fixed",
    "InputError",
    "OutputError",
    "reconstruct",
    "splice",
]
__version__ = "0.1.0"
