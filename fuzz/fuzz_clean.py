"""Coverage-guided fuzzing (atheris, i.e. libFuzzer) of `decode`, `fix_text` and `clean_text`.

The checks are in `fuzz/targets.py`. Run (docs/reliability.md has the figures of past runs):

    pip install -e '.[fuzz]'
    python fuzz/make_seeds.py fuzz/corpus            # seeds/ + samples of ../shared/corpora
    python fuzz/fuzz_clean.py fuzz/corpus -max_total_time=1800 -max_len=8192 -timeout=30 \\
        -artifact_prefix=fuzz/crashes/

A crash (or a slow unit) leaves its input in `fuzz/crashes/`; copy it to `tests/fuzz_cases/`
and `tests/test_fuzz_cases.py` replays it on every test run.
"""

from __future__ import annotations

import os
import sys

import atheris

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

with atheris.instrument_imports(include=["corpusclean"]):
    import targets  # noqa: E402  (imports corpusclean, instrumented)


def main() -> None:
    """libFuzzer's command line: a corpus folder and -flags (see `-help=1`)."""
    atheris.Setup(sys.argv, targets.one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
