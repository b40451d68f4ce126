"""Start-up cost of the command line: `corpusclean --help` against `python -c pass`, in one run.

A pre-commit hook starts the command once per commit, so its start-up is paid every time.
Measures the CPU seconds (user + system, from the children's rusage — the machine is shared,
so wall time is noise) of each command, interleaved, and prints the median of each and the
difference, which is corpusclean's own start-up (target: `--help` within 0.5 CPU-s).

    python benchmarks/bench_startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "corpusclean --help": [sys.executable, "-m", "corpusclean.cli", "--help"],
}


def _cpu_seconds(command: list[str]) -> float:
    """CPU seconds one run of `command` costs (user + system of the finished child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, command in COMMANDS.items():
            samples[name].append(_cpu_seconds(command))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    for name, value in medians.items():
        print(f"{name:<20} {value:.3f} CPU-s (median of {args.runs})")
    own = medians["corpusclean --help"] - medians["python -c pass"]
    print(f"corpusclean's own start-up: {own:.3f} CPU-s; ratio {medians['corpusclean --help'] / medians['python -c pass']:.1f}x")


if __name__ == "__main__":
    main()
