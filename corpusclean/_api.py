"""Argument checks for the public functions that live in capability packages.

The capability functions (`fix_text`, `detect_language`, `find_duplicates`, …) are written for
the pipeline, which only ever hands them `str`. Called from user code with `None`, bytes or a
number they used to fail deep inside (`AttributeError: 'NoneType' object has no attribute …`,
or a `TypeError` about some internal call), or worse, return an answer. The public names in
`corpusclean` are these thin wrappers instead: a `TypeError` that names the function, the
argument and the type it takes, before any work is done; the wrapped function is untouched, so
the pipeline pays nothing. `find_duplicates`/`duplicate_clusters` also reject a repeated id
with `ValueError`: the result maps ids, so two documents with one id would silently merge.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Iterable, Iterator, TypeVar

from corpusclean._boilerplate.lines import find_boilerplate as _find_boilerplate
from corpusclean._boilerplate.lines import strip_boilerplate as _strip_boilerplate
from corpusclean._dedup.clusters import duplicate_clusters as _duplicate_clusters
from corpusclean._dedup.clusters import find_duplicates as _find_duplicates
from corpusclean._io.encoding import decode as _decode
from corpusclean._lang.tagger import detect_language as _detect_language
from corpusclean._lang.tagger import language_scores as _language_scores
from corpusclean._mojibake.repair import fix_and_explain as _fix_and_explain
from corpusclean._mojibake.repair import fix_text as _fix_text
from corpusclean._spam.inserts import remove_spam as _remove_spam

F = TypeVar("F", bound=Callable[..., Any])


def type_error(function: str, argument: str, expected: str, value: object) -> TypeError:
    """A TypeError naming the function, the argument, what it takes and the type it got."""
    hint = " (decode bytes first, e.g. with corpusclean.decode(data).text)" if isinstance(value, (bytes, bytearray)) else ""
    return TypeError(f"{function}() argument {argument!r} must be {expected}, not {type(value).__name__}{hint}")


def _first_argument(expected: type | tuple[type, ...], description: str) -> Callable[[F], F]:
    """Check the first positional argument's type before calling the function."""

    def decorate(function: F) -> F:
        name = function.__name__
        argument = next(iter(function.__code__.co_varnames[: function.__code__.co_argcount]), "text")

        @functools.wraps(function)
        def checked(value: Any, *args: Any, **kwargs: Any) -> Any:
            if not isinstance(value, expected):
                raise type_error(name, argument, description, value)
            return function(value, *args, **kwargs)

        return checked  # type: ignore[return-value]

    return decorate


fix_text = _first_argument(str, "str")(_fix_text)
fix_and_explain = _first_argument(str, "str")(_fix_and_explain)
detect_language = _first_argument(str, "str")(_detect_language)
language_scores = _first_argument(str, "str")(_language_scores)
strip_boilerplate = _first_argument(str, "str")(_strip_boilerplate)
remove_spam = _first_argument(str, "str")(_remove_spam)
decode = _first_argument((bytes, bytearray, memoryview), "bytes")(_decode)


@functools.wraps(_find_boilerplate)
def find_boilerplate(lines: Any, *args: Any, **kwargs: Any) -> Any:
    if isinstance(lines, str) or not isinstance(lines, Iterable):
        raise type_error("find_boilerplate", "lines", "a sequence of str (e.g. text.splitlines())", lines)
    lines = list(lines)
    bad = next((line for line in lines if not isinstance(line, str)), None)
    if bad is not None:
        raise type_error("find_boilerplate", "lines", "a sequence of str; an item", bad)
    return _find_boilerplate(lines, *args, **kwargs)


def checked_pairs(function: str, docs: Any) -> Iterator[tuple[str, str]]:
    """`docs` as `(id, text)` pairs, raising TypeError for any other item and ValueError for an id
    seen twice; lazy, so a stream is never held in memory."""
    if isinstance(docs, (str, bytes)) or not isinstance(docs, Iterable):
        raise type_error(function, "docs", "an iterable of (id, text) pairs", docs)

    def pairs() -> Iterator[tuple[str, str]]:
        seen: set[str] = set()
        for number, item in enumerate(docs):
            if not (isinstance(item, (tuple, list)) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], str)):
                raise TypeError(
                    f"{function}() argument 'docs': item {number} must be an (id: str, text: str) pair, "
                    f"not {type(item).__name__}"
                )
            if item[0] in seen:
                raise ValueError(f"{function}(): duplicate id {item[0]!r} (item {number}); ids must be unique")
            seen.add(item[0])
            yield item[0], item[1]

    return pairs()


@functools.wraps(_find_duplicates)
def find_duplicates(docs: Any, *args: Any, **kwargs: Any) -> dict[str, str]:
    return _find_duplicates(checked_pairs("find_duplicates", docs), *args, **kwargs)


@functools.wraps(_duplicate_clusters)
def duplicate_clusters(docs: Any, *args: Any, **kwargs: Any) -> list[list[str]]:
    return _duplicate_clusters(checked_pairs("duplicate_clusters", docs), *args, **kwargs)
