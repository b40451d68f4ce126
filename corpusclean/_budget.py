"""A CPU-time budget for each document step on each document, so no input can stall a run.

Every step is meant to be linear in the size of its input (`tests/test_linear.py` checks it on
long single lines), but a run over files nobody has looked at must not depend on that: one
pathological document must cost seconds, not the hours a superlinear path can take. So each
document step's fixer runs under a budget of `Config.step_time_limit` CPU-seconds:

- the budget is CPU time of the process (`ITIMER_PROF`), not wall time, so a loaded machine
  does not make documents time out, and the outcome depends on the document, not on what else
  runs on the machine (up to the noise of CPU timing near the limit);
- when it runs out, the fixer is interrupted (a signal; Python's regex engines check for
  signals inside long matches) and the step is *skipped* for that document: fixers are pure, so
  the document goes on exactly as the step received it, and `metadata["skipped_steps"]` records
  `{"step", "reason": "too-slow", "limit"}`, which the manifest carries;
- only a document step's fixer is timed; decoding is bounded by `max_bytes`, and the corpus
  steps work on signatures and counts.

Signals can only be handled in a process's main thread; elsewhere (a thread pool, some
cluster workers) the fixer runs without a budget rather than fail.
"""

from __future__ import annotations

import functools
import signal
import threading
from typing import Any, Callable

from corpusclean._document import Fixed

SKIPPED_STEPS = "skipped_steps"
"""Metadata key listing the steps skipped on a document (`{"step", "reason", "limit"}` each)."""


class StepTooSlow(BaseException):
    """Raised inside a fixer when its CPU budget runs out. A BaseException, so that no
    `except Exception` in a step swallows it and carries on past the budget."""


def _expired(signum: int, frame: Any) -> None:
    raise StepTooSlow()


def within_budget(name: str, fixer: Callable[..., Fixed], seconds: float | None) -> Callable[..., Fixed]:
    """`fixer` with a CPU budget of `seconds` per call (None or 0: no budget).

    On expiry the call returns the text unchanged, with no edits and the skip in its metadata,
    instead of raising: the pipeline then treats it as any other step result.
    """
    if not seconds:
        return fixer

    @functools.wraps(fixer)
    def budgeted(text: str, **options: Any) -> Fixed:
        if threading.current_thread() is not threading.main_thread():
            return fixer(text, **options)
        previous = signal.signal(signal.SIGPROF, _expired)
        try:
            signal.setitimer(signal.ITIMER_PROF, seconds)
            try:
                return fixer(text, **options)
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
        except StepTooSlow:
            skipped = {"step": name, "reason": "too-slow", "limit": seconds}
            return Fixed(text, [], {SKIPPED_STEPS: [skipped]})
        finally:
            signal.signal(signal.SIGPROF, previous)

    return budgeted
