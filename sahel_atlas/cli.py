"""The `sahel-atlas` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sahel_atlas.contract.problems import ProblemsError


def _build(args: argparse.Namespace) -> int:
    from sahel_atlas.kb.build import Paths, build

    paths = Paths(root=args.root.resolve(), out=args.out.resolve() if args.out else None)
    try:
        tables = build(paths)
    except ProblemsError as exc:
        print(f"build failed, {paths.output} untouched. {exc}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {table.num_rows}" for name, table in tables.items())
    print(f"wrote {paths.output}: {counts}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from sahel_atlas.contract.validate import validate

    from sahel_atlas.store.dataset import data_dir

    directory = data_dir(args.directory)
    problems = validate(directory)
    if problems:
        print(f"{len(problems)} problem(s) in {directory}:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"{directory}: valid")
    return 0


def _import(args: argparse.Namespace) -> int:
    from sahel_atlas.importers import EXPORTS, ImportRefused, run_import

    def progress(label: str, rows: int) -> None:
        print(f"import {args.export}: {label}: {rows:,} rows read", file=sys.stderr, flush=True)

    try:
        outcome = run_import(EXPORTS[args.export], args.files, args.out, args.with_dir,
                             args.skip_bad, progress, args.crosswalk)
    except ImportRefused as exc:
        print(f"import refused: {exc}", file=sys.stderr)
        return 2
    report = outcome.report
    if not outcome.written:
        print(f"import failed, nothing written to {args.out}. " + "\n".join(report.lines())
              + ("\nFix the input, or import the good rows with --skip-bad." if report.total else ""),
              file=sys.stderr)
        return 1
    for line in report.lines()[0 if report.total else 1:]:  # notices, and skipped problems
        print(line, file=sys.stderr)
    counts = ", ".join(f"{name} {n}" for name, n in outcome.counts.items())
    skipped = f"; {report.total} problem(s) skipped, see {args.out}/import-report.txt" if report.total else ""
    print(f"wrote {args.out}: {counts}{skipped}; names matched and unmatched are listed in "
          f"{args.out}/import-report.txt")
    return 0


def parser() -> argparse.ArgumentParser:
    from sahel_atlas.store.paths import PROJECT_ROOT

    top = argparse.ArgumentParser(prog="sahel-atlas", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="compile the annotations into the Parquet tables")
    build.add_argument("--root", type=Path, default=PROJECT_ROOT, help="project folder (seeds/, data/annotations/)")
    build.add_argument("--out", type=Path, help="output folder (default: ROOT/data)")
    build.set_defaults(run=_build)

    validate = commands.add_parser("validate", help="check a dataset against the data contract")
    validate.add_argument(
        "directory", nargs="?", help="dataset folder (default: $SAHEL_ATLAS_DATA, else data/)"
    )
    validate.set_defaults(run=_validate)

    imports = commands.add_parser("import", help="import ACLED or UCDP GED exports as a dataset")
    exports = imports.add_subparsers(dest="export", required=True)
    for name, what in (("acled", "ACLED CSV exports (any layout since 2016)"),
                       ("ucdp", "UCDP GED CSV exports")):
        one = exports.add_parser(name, help=f"import {what}")
        one.add_argument("files", nargs="+", type=Path, metavar="FILE", help="CSV export(s)")
        one.add_argument("--out", type=Path, required=True, help="dataset folder to write")
        one.add_argument("--with", dest="with_dir", type=Path, metavar="DIR",
                         help="a dataset to merge in, e.g. data (the curated one)")
        one.add_argument("--crosswalk", type=Path, metavar="DIR",
                         help="the analyst's decisions (actors.yaml, places.yaml); "
                         "default: the --with dataset's crosswalk/ folder")
        one.add_argument("--skip-bad", action="store_true",
                         help="import the good rows and write the report into the dataset")
        one.set_defaults(run=_import)

    from sahel_atlas.briefings.cli import add_briefing_parser

    add_briefing_parser(commands)

    from sahel_atlas.devtools.cli import add_bench_parser, add_loadtest_parser, add_synth_parser

    add_synth_parser(commands)
    add_bench_parser(commands)
    add_loadtest_parser(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.run(args))
