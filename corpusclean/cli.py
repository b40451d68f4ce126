"""The `corpusclean` command: clean, explain, check, dupes and report.

Data goes to stdout, progress bars and summaries to stderr, so the command pipes cleanly; the
progress bar shows only on a terminal. Exit codes are part of the interface (see EXIT_CODES)
because scripts and pre-commit branch on them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from corpusclean._boilerplate.model import POLICIES
from corpusclean._check import (
    ACCEPT_ALL,
    Checker,
    accepted_phrases,
    fix_file,
    promote,
    review_config,
)
from corpusclean._clean import clean_file, clean_paths
from corpusclean._config import Config, load_config
from corpusclean._document import Document
from corpusclean._errors import ConfigError, CorpuscleanError, OutputError
from corpusclean._io.load import DROP_REASONS
from corpusclean._io.readers import iter_sources, walk_folder
from corpusclean._io.writers import MANIFEST
from corpusclean._pipeline import STEP_ERRORS, STEP_NAMES, STEPS, Pipeline
from corpusclean._report_html.collect import EMBED, collect
from corpusclean._report_html.page import write_report

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_OUTPUT = 3
EXIT_NO_INPUT = 4

EXIT_CODES = f"""\
exit codes:
  {EXIT_OK}  success (for check: no problem found)
  {EXIT_PROBLEMS}  check found problems, or --fix changed files (as formatters do under pre-commit)
  {EXIT_USAGE}  bad usage, options or configuration file
  {EXIT_OUTPUT}  the output location cannot be written
  {EXIT_NO_INPUT}  no input document was found
"""

DESCRIPTION = """\
Turn dirty web text into a clean, deduplicated, language-tagged corpus.

Every input is decoded, then goes through the steps below in this order (document steps one
document at a time, then corpus steps over the whole corpus). Every input ends up in
manifest.jsonl as kept, changed (with each edit and the text it removed) or dropped (with the
reason). Inputs are never modified, except by `check --fix`.

steps, in order:
""" + "".join(f"  {step.name:<13} {step.kind:<9} {step.summary}\n" for step in STEPS)

EXAMPLES = """\
examples:
  corpusclean clean seeds -o cleaned              clean a folder into a mirrored folder
  corpusclean clean dump.jsonl.gz -o out --format jsonl --text-field content
  corpusclean clean web/ -o out --skip dedup --workers 2
  corpusclean explain seeds/001_d93929fd7f9786e3.txt   show every edit with its reason
  corpusclean check new_docs/*.txt --against corpus/   lint files before they are committed
  corpusclean clean site/ -o out --spam-lexicon site_keywords.txt   remove a site's known keyword phrases
  corpusclean dupes corpus/                       list clusters of (near-)duplicate documents
  corpusclean report cleaned/manifest.jsonl -o report.html   charts, every edit, a review list
  corpusclean clean site/ -o out --spam-lexicon spam-lexicon.txt --keep-lines keep-lines.txt
                                                  act on the files exported from the report

settings can also live in [tool.corpusclean] of pyproject.toml or in .corpusclean.toml;
flags override the file, the file overrides the defaults.
"""


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by every subcommand that runs the pipeline."""
    parser.add_argument("--config", metavar="FILE", help="TOML settings file (default: nearest .corpusclean.toml or pyproject.toml)")
    steps = ", ".join(STEP_NAMES[1:])
    parser.add_argument(
        "--skip", metavar="STEP", action="append", choices=STEP_NAMES[1:], help=f"leave a step out (repeatable): {steps}"
    )
    parser.add_argument("--only", metavar="STEP", action="append", choices=STEP_NAMES[1:], help="run only these steps (repeatable)")
    parser.add_argument("--workers", type=int, metavar="N", help="worker processes (default: one per core)")
    parser.add_argument("--include", metavar="GLOB", action="append", help="read only files matching GLOB (repeatable)")
    parser.add_argument("--exclude", metavar="GLOB", action="append", help="skip files matching GLOB (repeatable)")
    parser.add_argument(
        "--follow-links", action="store_true", default=None,
        help="read symbolic links inside input folders (default: recorded as link-not-followed, not read)",
    )
    parser.add_argument("--text-field", metavar="NAME", help="JSONL/Parquet field with the text (default: text)")
    parser.add_argument("--id-field", metavar="NAME", help="JSONL/Parquet field with the id (default: id)")
    parser.add_argument("--max-bytes", type=int, metavar="N", help="drop inputs larger than N bytes as too-large (default: 8 MiB)")
    parser.add_argument("--min-quality", type=float, metavar="X", help="drop documents whose quality score is below X (0-1)")
    parser.add_argument(
        "--spam-lexicon", metavar="FILE", action="append",
        help="file of your own spam phrases, one per line, removed where pasted inside a sentence (repeatable)",
    )
    parser.add_argument(
        "--keep-lines", metavar="FILE", action="append",
        help="file of lines the boilerplate and site-repeat steps must keep, one per line, as exported "
        "from the run report (repeatable)",
    )
    parser.add_argument(
        "--boilerplate-policy", choices=POLICIES,
        help="conservative (default): the line model removes page furniture only where it is sure and has "
        "evidence, keeping content first; aggressive: more furniture at some cost in content (figures in docs/boilerplate.md)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `corpusclean` command."""
    parser = argparse.ArgumentParser(
        prog="corpusclean",
        description=DESCRIPTION,
        epilog=EXAMPLES + "\n" + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version="%(prog)s " + _version())
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    clean = commands.add_parser(
        "clean", help="clean files, folders, JSONL or Parquet into an output folder",
        description="Clean every input and write the outputs plus manifest.jsonl to OUT.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    clean.add_argument("sources", nargs="+", metavar="SRC", help="file, folder, .jsonl[.gz], .parquet, or - for stdin")
    clean.add_argument("-o", "--output", metavar="OUT", help="output folder (must not be inside an input)")
    clean.add_argument("--format", choices=("txt", "jsonl"), help="txt: mirrored folder of .txt; jsonl: OUT/documents.jsonl")
    clean.add_argument("--dry-run", action="store_true", help="run everything, write nothing, print the summary")
    clean.add_argument(
        "--engine", choices=("local", "ray"),
        help="where the steps run: local worker processes (default) or Ray (pip install 'corpusclean[ray]'); same output",
    )
    clean.add_argument(
        "--address", metavar="ADDR",
        help="with --engine ray: a running Ray cluster to join (`ray start --head` prints it); default: start a local Ray",
    )
    clean.add_argument(
        "--overwrite", action="store_true",
        help="replace OUT if it holds another run's output, and discard an interrupted run's staging folder",
    )
    clean.add_argument(
        "--resume", action="store_true",
        help="continue an interrupted run (same inputs and settings) without redoing its finished documents",
    )
    clean.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    clean.add_argument(
        "--report", metavar="PATH",
        help="also write the HTML run report to PATH (as `corpusclean report OUT/manifest.jsonl -o PATH`)",
    )
    _add_run_options(clean)

    explain = commands.add_parser(
        "explain", help="show each edit the pipeline would make to one file, with its reason",
        description="Print every edit (step/reason, offsets, removed and inserted text) for one file.",
    )
    explain.add_argument("file", metavar="FILE")
    explain.add_argument(
        "--accept", metavar="N|PHRASE", action="append",
        help=f"add spam candidate N as printed (or {ACCEPT_ALL}, or a phrase of the text typed by hand) to the "
        "last --spam-lexicon file, created if missing, so the next run removes it (repeatable)",
    )
    _add_run_options(explain)

    check = commands.add_parser(
        "check", help="lint corpus files: report problems, exit 1 if any (for pre-commit)",
        description="Run the pipeline read-only on each file and print every problem as "
        "path:line: [step/reason] message. Files are changed only with --fix.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to check")
    check.add_argument("--fix", action="store_true", help="rewrite files in place as their cleaned UTF-8 text")
    check.add_argument("--against", metavar="DIR", help="corpus folder to find duplicates in (default: corpus_root setting)")
    check.add_argument(
        "--against-repo", action="store_true",
        help="without --against or corpus_root: find duplicates among the files committed in the git "
        "repository of the checked files (index kept under .git/); the shipped pre-commit hooks pass this",
    )
    check.add_argument("--allow-language", metavar="LANG", action="append", help="allowed language tag (repeatable)")
    _add_run_options(check)

    dupes = commands.add_parser(
        "dupes", help="list clusters of duplicate and near-duplicate documents",
        description="Print one line per cluster of duplicates: the kept id first, then its copies.",
    )
    dupes.add_argument("sources", nargs="+", metavar="SRC")
    dupes.add_argument("--threshold", type=float, metavar="X", help="similarity threshold (default: the dedup step's)")
    _add_run_options(dupes)

    report = commands.add_parser(
        "report", help="write a self-contained HTML report of a run, with a review list to act on",
        description="Read OUT/manifest.jsonl (and the outputs beside it) and write one HTML file that opens\n"
        "offline: documents by language and script, edits and bytes removed by step and reason, drops,\n"
        "duplicate clusters, quality, the most repeated removed lines, a document browser with each\n"
        "removal marked, and review lists whose ticks export a spam lexicon (clean --spam-lexicon) and\n"
        "a keep-lines file (clean --keep-lines) for the next run. See docs/report.md.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("manifest", metavar="MANIFEST", help="manifest.jsonl written by `corpusclean clean`")
    report.add_argument("-o", "--output", metavar="PATH", required=True, help="HTML file to write")
    report.add_argument(
        "--embed", type=int, metavar="N", default=EMBED,
        help=f"embed the full text of at most N documents, sampled so every kind of edit has examples (default: {EMBED})",
    )
    report.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    return parser


def _version() -> str:
    from corpusclean import __version__

    return __version__


def config_from_args(args: argparse.Namespace) -> Config:
    """The run's Config: flags over the config file over defaults."""
    start = Path(getattr(args, "sources", None) and args.sources[0] != "-" and args.sources[0] or ".")
    config = load_config(args.config, start=start if start.is_dir() else start.parent)
    steps = None
    if getattr(args, "boilerplate_policy", None):
        steps = {**config.steps, "boilerplate": {**config.steps.get("boilerplate", {}), "policy": args.boilerplate_policy}}
    return config.with_(
        steps=steps,
        workers=args.workers,
        format=getattr(args, "format", None),
        skip=tuple(args.skip) if args.skip else None,
        only=tuple(args.only) if args.only else None,
        include=tuple(args.include) if args.include else None,
        exclude=tuple(args.exclude) if args.exclude else None,
        follow_links=args.follow_links,
        text_field=args.text_field,
        id_field=args.id_field,
        max_bytes=args.max_bytes,
        min_quality=args.min_quality,
        spam_lexicon=tuple(args.spam_lexicon) if args.spam_lexicon else None,
        keep_lines=tuple(args.keep_lines) if args.keep_lines else None,
        engine=getattr(args, "engine", None),
        address=getattr(args, "address", None),
    )


def _progress(quiet: bool):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    return tqdm(unit="doc", file=sys.stderr, disable=quiet or not sys.stderr.isatty(), leave=False)


def run_clean(args: argparse.Namespace) -> int:
    """`corpusclean clean`."""
    if not args.output and not args.dry_run:
        print("corpusclean clean: give an output folder with -o OUT (or use --dry-run)", file=sys.stderr)
        return EXIT_USAGE
    if args.report and (args.dry_run or Path(args.report).is_dir()):
        why = "a dry run writes no manifest" if args.dry_run else f"{args.report} is a folder; give a file name"
        print(f"corpusclean clean: --report: {why}", file=sys.stderr)
        return EXIT_USAGE
    missing = [s for s in args.sources if s != "-" and not Path(s).exists()]
    if missing:
        print(f"corpusclean clean: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    config = config_from_args(args)
    with _progress(args.quiet) as bar:

        def on_document(doc: Document) -> None:
            bar.update()
            if args.quiet:
                return
            if doc.dropped in DROP_REASONS:
                detail = doc.metadata.get("drop_detail", "")
                bar.write(f"corpusclean: warning: {doc.id}: dropped as {doc.dropped}: {detail}", file=sys.stderr)
            for failure in doc.metadata.get(STEP_ERRORS, []):
                bar.write(
                    f"corpusclean: warning: {doc.id}: step {failure['step']} failed ({failure['error']}); "
                    "the document went on unchanged by it — please report this as a bug",
                    file=sys.stderr,
                )

        report = clean_paths(
            args.sources, None if args.dry_run else args.output, config, on_document,
            overwrite=args.overwrite, resume=args.resume,
        )
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif not args.quiet:
        print(report.summary(), file=sys.stderr)
        if args.output and not args.dry_run:
            print(f"  wrote {args.output}/ (manifest.jsonl has one record per input)", file=sys.stderr)
    if report.documents == 0:
        return EXIT_NO_INPUT
    if args.report:
        _write_report(Path(args.output) / MANIFEST, args.report, EMBED, quiet=args.quiet or args.json)
    return EXIT_OK


def _write_report(manifest: Path, path: str, embed: int, quiet: bool) -> None:
    """Write the HTML report of the run recorded in `manifest`; one summary line unless `quiet`."""
    data = collect(manifest, embed=embed)
    size = write_report(data, path)
    if not quiet:
        run = data["run"]
        print(
            f"corpusclean report: wrote {path} ({size / 1e6:.1f} MB; {run['documents']} documents, "
            f"full text of {run['embedded']} embedded)",
            file=sys.stderr,
        )


def run_report(args: argparse.Namespace) -> int:
    """`corpusclean report`."""
    if args.embed < 0:
        print("corpusclean report: --embed must be 0 or more", file=sys.stderr)
        return EXIT_USAGE
    manifest = Path(args.manifest)
    if manifest.is_dir():
        manifest = manifest / MANIFEST
    if not manifest.is_file():
        print(f"corpusclean report: no such manifest: {manifest}", file=sys.stderr)
        return EXIT_USAGE
    _write_report(manifest, args.output, args.embed, quiet=args.quiet)
    return EXIT_OK


def run_explain(args: argparse.Namespace) -> int:
    """`corpusclean explain`: every edit, then the spam candidates numbered for `--accept`."""
    config = review_config(config_from_args(args))
    lexicon = config.spam_lexicon[-1] if config.spam_lexicon else None
    if args.accept and lexicon is None:
        raise ConfigError("--accept: name the lexicon file to add the phrases to with --spam-lexicon FILE")
    if lexicon is not None and not Path(lexicon).exists() and args.accept:
        config = config.with_(spam_lexicon=config.spam_lexicon[:-1])  # --accept creates it
    doc = clean_file(args.file, config=config)
    meta = doc.metadata
    print(f"{args.file}: {doc.status}" + (f" ({doc.dropped}: {meta.get('drop_detail', '')})" if doc.dropped else ""))
    for key in ("encoding", "language", "script", "flags", "lossy_marks", "quality", "published", "author", "source_url"):
        if key in meta:
            print(f"  {key}: {json.dumps(meta[key], ensure_ascii=False)}")
    for edit in doc.edits:
        replacement = f" -> {edit.after!r}" if edit.after else ""
        score = f" score={edit.score:.2f}" if edit.score is not None else ""
        print(f"  [{edit.step}/{edit.reason}] {edit.start}-{edit.end}{score}: {edit.before!r}{replacement}")
    candidates = meta.get("spam_candidates", [])
    if candidates:
        print("  spam candidates (not removed; --accept N --spam-lexicon FILE adds one to your lexicon):")
    for number, candidate in enumerate(candidates, 1):
        print(f"    #{number} {json.dumps(candidate, ensure_ascii=False)}")
    if args.accept:
        added = promote(accepted_phrases(doc, args.accept), lexicon)
        listed = "".join(f"\n  {phrase}" for phrase in added)
        print(f"corpusclean explain: {len(added)} new phrase(s) in {lexicon}; runs with --spam-lexicon {lexicon} remove them{listed}", file=sys.stderr)
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    """`corpusclean check`."""
    config = review_config(config_from_args(args)).with_(
        allowed_languages=tuple(args.allow_language) if args.allow_language else None
    )
    files = [f for raw in args.paths for f in (walk_folder(Path(raw), config) if Path(raw).is_dir() else [Path(raw)])]
    against = args.against or config.corpus_root
    checker = Checker.for_repository(config, files) if args.against_repo and not against else Checker(config, against)
    if checker.index is not None:
        checker.index_corpus(skip=files)
    failed = changed = 0
    for path in files:
        result = checker.check(path)
        for problem in result.problems:
            print(problem)
        failed += result.failed
        if args.fix and fix_file(result):
            changed += 1
            print(f"{path}: fixed (rewritten as cleaned UTF-8)", file=sys.stderr)
    if not args.quiet:
        print(f"corpusclean check: {len(files)} file(s), {failed} with problems, {changed} fixed", file=sys.stderr)
    if not files:
        return EXIT_NO_INPUT
    return EXIT_PROBLEMS if failed or changed else EXIT_OK


def run_dupes(args: argparse.Namespace) -> int:
    """`corpusclean dupes`."""
    from corpusclean._dedup.clusters import duplicate_clusters

    config = config_from_args(args)
    wanted = [s for s in ("repair", "boilerplate") if s not in config.skip]
    documents = [
        (doc.id, doc.text)
        for doc in Pipeline(config.with_(only=tuple(wanted), skip=())).run(iter_sources(args.sources, config), [])
        if not doc.dropped
    ]
    options = {} if args.threshold is None else {"threshold": args.threshold}
    clusters = duplicate_clusters(documents, **options)
    for cluster in clusters:
        print("\t".join(cluster))
    if not args.quiet:
        print(f"corpusclean dupes: {len(documents)} documents, {len(clusters)} clusters", file=sys.stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `corpusclean` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers = {"clean": run_clean, "explain": run_explain, "check": run_check, "dupes": run_dupes, "report": run_report}
    try:
        return handlers[args.command](args)
    except ConfigError as error:
        print(f"corpusclean: configuration error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as error:
        print(f"corpusclean: output error: {error}", file=sys.stderr)
        return EXIT_OUTPUT
    except CorpuscleanError as error:
        print(f"corpusclean: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        resumable = getattr(args, "command", None) == "clean" and getattr(args, "output", None) and not args.dry_run
        hint = "; OUT is unchanged, rerun with --resume to continue" if resumable else ""
        print(f"corpusclean: interrupted{hint}", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
