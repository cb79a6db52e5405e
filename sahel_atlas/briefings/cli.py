"""`sahel-atlas briefing export NAME --pdf FILE --pptx FILE`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _export(args: argparse.Namespace) -> int:
    from sahel_atlas.briefings.export import export
    from sahel_atlas.briefings.load import BriefingFileError
    from sahel_atlas.briefings.render import RenderError
    from sahel_atlas.store.dataset import DatasetError

    try:
        done = export(args.name, args.pdf, args.pptx, args.data)
    except (BriefingFileError, RenderError, DatasetError) as exc:
        print(f"briefing export failed, nothing written: {exc}", file=sys.stderr)
        return 1
    for problem in done.problems:
        print(f"left out: {problem}", file=sys.stderr)
    files = ", ".join(str(p) for p in done.written)
    print(f"exported {done.slides} slide(s) of {args.name}: {files}")
    return 0


def add_briefing_parser(commands: argparse._SubParsersAction) -> None:
    briefing = commands.add_parser("briefing", help="export a briefing (see the Briefings page)")
    actions = briefing.add_subparsers(dest="action", required=True)
    export = actions.add_parser(
        "export", help="write a PDF handout and/or a PowerPoint deck, one page per slide")
    export.add_argument("name", help="the briefing's name ($SAHEL_ATLAS_BRIEFINGS, else briefings/)")
    export.add_argument("--pdf", type=Path, metavar="FILE", help="the PDF handout to write")
    export.add_argument("--pptx", type=Path, metavar="FILE", help="the PowerPoint deck to write")
    export.add_argument("--data", type=Path, metavar="DIR",
                        help="dataset folder (default: $SAHEL_ATLAS_DATA, else data/)")
    export.set_defaults(run=_export)
