"""Exceptions raised by corpusclean, all under one base class so callers can catch them together.

    CorpuscleanError
    ├── ConfigError      a setting or config file is wrong (unknown key, bad value)
    ├── InputError       an input cannot be read or is not text (missing, binary, too large)
    │   └── DecodeError  bytes that no supported encoding decodes
    └── OutputError      the output location is unusable (inside the input, escaping paths)

Inside a run, input problems never escape: the document is dropped with the reason and the run
goes on. These exceptions reach the caller only from the single-document API and the CLI setup.
"""

from __future__ import annotations


class CorpuscleanError(Exception):
    """Base class of every error corpusclean raises on purpose."""


class ConfigError(CorpuscleanError, ValueError):
    """A setting, option or configuration file is invalid."""


class InputError(CorpuscleanError):
    """An input cannot be read or is not usable text."""


class DecodeError(InputError, UnicodeError):
    """Bytes could not be decoded as text in any supported encoding."""


class OutputError(CorpuscleanError):
    """The requested output location cannot be written safely."""
