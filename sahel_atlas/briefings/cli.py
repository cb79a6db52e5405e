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


def _picture(args: argparse.Namespace) -> int:
    from urllib.parse import urlparse

    from sahel_atlas.briefings.render import RenderError, map_picture

    if urlparse(args.url).hostname not in ("127.0.0.1", "localhost"):
        print(f"picture refused: {args.url} is not on this machine (127.0.0.1)", file=sys.stderr)
        return 2
    try:
        map_picture(args.url, args.out)
    except (RenderError, Exception) as exc:  # noqa: BLE001 - Playwright's errors say why
        print(f"picture failed: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}")
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
    picture = actions.add_parser("picture", help="a PNG of the map on a page of a running app")
    picture.add_argument("url", help="the page's link on this machine (http://127.0.0.1:PORT/...)")
    picture.add_argument("--out", type=Path, required=True, metavar="FILE", help="the PNG to write")
    picture.set_defaults(run=_picture)
