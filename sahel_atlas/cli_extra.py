"""The `synth` and `bench` subcommands, registered on `sahel-atlas`'s subparsers by cli.py:

    from sahel_atlas.cli_extra import add_bench_parser, add_synth_parser
    add_synth_parser(commands)
    add_bench_parser(commands)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _synth(args: argparse.Namespace) -> int:
    from sahel_atlas.synth import synthesize

    if args.events < 1:
        print("synth: --events must be at least 1", file=sys.stderr)
        return 2
    out = synthesize(args.events, args.out, seed=args.seed)
    print(f"wrote {out}: {args.events:,} synthetic events (seed {args.seed})")
    return 0


def _bench(args: argparse.Namespace) -> int:
    from sahel_atlas.bench import main
    from sahel_atlas.dataset import DatasetError

    try:
        return main(args)
    except DatasetError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1


def add_synth_parser(commands) -> argparse.ArgumentParser:
    synth = commands.add_parser(
        "synth", help="write a synthetic dataset of any size in the data contract"
    )
    synth.add_argument("--events", type=int, required=True, metavar="N", help="number of events")
    synth.add_argument("--out", type=Path, required=True, metavar="DIR", help="dataset folder to write (replaced)")
    synth.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0); same seed, same bytes")
    synth.set_defaults(run=_synth)
    return synth


def add_bench_parser(commands) -> argparse.ArgumentParser:
    bench = commands.add_parser(
        "bench", help="time the dashboard's representative filters; prints one JSON object"
    )
    bench.add_argument("--data", type=Path, required=True, metavar="DIR", help="dataset folder")
    bench.add_argument("--repeat", type=int, default=20, metavar="K", help="runs per filter (default 20)")
    bench.add_argument("--naive-repeat", type=int, metavar="K", help="runs per naive filter (default min(K, 3))")
    bench.add_argument("--naive", action="store_true", help="run the naive path even above 2M events")
    bench.add_argument("--no-pages", action="store_true", help="skip the AppTest page runs")
    bench.add_argument("--no-map", action="store_true",
                       help="skip the map payload (it summarises every event in pandas)")
    bench.set_defaults(run=_bench)
    return bench
