"""The `sahel-atlas` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sahel_atlas.problems import ProblemsError


def _build(args: argparse.Namespace) -> int:
    from sahel_atlas.build import Paths, build

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
    from sahel_atlas.validate import validate

    from sahel_atlas.dataset import data_dir

    directory = data_dir(args.directory)
    problems = validate(directory)
    if problems:
        print(f"{len(problems)} problem(s) in {directory}:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"{directory}: valid")
    return 0


def parser() -> argparse.ArgumentParser:
    from sahel_atlas.dataset import PROJECT_ROOT

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
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.run(args))
