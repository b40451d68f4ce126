"""What both engines do to documents in their workers, and how evidence is merged: one place.

The local engine (`local.py`) and the Ray engine (`ray.py`) differ only in how documents reach
these functions and where the merged statistics live; the steps themselves are the same
objects, shipped to the workers once they are settled (`Shipped`).
"""

from __future__ import annotations

import pickle
import uuid
from typing import Any, Iterable, Sequence

from corpusclean._document import Document
from corpusclean._pipeline import CorpusStep, guarded
from corpusclean._site import SiteStep, site_of

Evidence = tuple[str, Any]
"""One document's evidence for one pass of a site step, with its site."""


def observations(step: SiteStep[Any], number: int, docs: Iterable[Document]) -> list[Evidence]:
    """Pass `number`'s evidence of the live documents of `docs`, in their order (run in workers)."""
    found = []
    for doc in docs:
        if doc.dropped:
            continue
        site = site_of(doc)
        if step.wants(number, site):
            evidence = step.observe(number, site, doc)
            if evidence is not None:
                found.append((site, evidence))
    return found


def merge_all(step: SiteStep[Any], number: int, evidence: Iterable[Evidence]) -> None:
    """Merge evidence given in input order into `step`'s sites (run where statistics gather)."""
    for site, found in evidence:
        step.merged(number, site, found)


def applied(steps: Sequence[CorpusStep], doc: Document) -> Document:
    """`doc` after each settled corpus step's `apply`; a step that raises is recorded in the
    document's `step_errors` and skipped (as for document steps), and dropped documents pass."""
    for step in steps:
        if not doc.dropped:
            doc = guarded(step.name, doc, lambda step=step, doc=doc: step.apply(doc))
    return doc


_received: dict[str, Any] = {}
"""Steps a worker has unpickled, by shipment key: each is unpickled once per worker."""
_RECEIVED_KEPT = 8


def _unship(key: str, blob: bytes) -> Shipped:
    step = _received.get(key)
    if step is None:
        if len(_received) >= _RECEIVED_KEPT:
            _received.pop(next(iter(_received)))
        step = _received[key] = pickle.loads(blob)
    return Shipped(step, key)


class Shipped:
    """A settled step on its way to the workers: pickled once, when shipped (so later merges in
    the parent cannot reach a task already queued), unpickled once per worker however many
    tasks carry it; in the parent's own process it is used as is."""

    def __init__(self, step: Any, key: str | None = None, blob: bytes | None = None) -> None:
        self.step = step
        self.key = key or uuid.uuid4().hex
        self.blob = blob if blob is not None or key is not None else pickle.dumps(step, protocol=pickle.HIGHEST_PROTOCOL)

    def __reduce__(self) -> tuple[Any, tuple[str, bytes]]:
        assert self.blob is not None, "a step received by a worker is not shipped on"
        return _unship, (self.key, self.blob)
