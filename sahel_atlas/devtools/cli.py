"""The `synth`, `bench` and `loadtest` subcommands, registered on `sahel-atlas`'s
subparsers by cli.py:

    from sahel_atlas.devtools.cli import add_bench_parser, add_loadtest_parser, add_synth_parser
    add_synth_parser(commands)
    add_bench_parser(commands)
    add_loadtest_parser(commands)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _synth(args: argparse.Namespace) -> int:
    from sahel_atlas.devtools.synth.dataset import synthesize

    if args.events < 1:
        print("synth: --events must be at least 1", file=sys.stderr)
        return 2
    out = synthesize(args.events, args.out, seed=args.seed)
    print(f"wrote {out}: {args.events:,} synthetic events (seed {args.seed})")
    return 0


def _bench(args: argparse.Namespace) -> int:
    from sahel_atlas.devtools.bench import main
    from sahel_atlas.store.dataset import DatasetError

    try:
        return main(args)
    except DatasetError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1


def add_synth_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    synth = commands.add_parser(
        "synth", help="write a synthetic dataset of any size in the data contract"
    )
    synth.add_argument("--events", type=int, required=True, metavar="N", help="number of events")
    synth.add_argument("--out", type=Path, required=True, metavar="DIR", help="dataset folder to write (replaced)")
    synth.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0); same seed, same bytes")
    synth.set_defaults(run=_synth)
    return synth


def add_bench_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    bench = commands.add_parser(
        "bench", help="time the dashboard's representative filters; prints one JSON object"
    )
    bench.add_argument("--data", type=Path, required=True, metavar="DIR", help="dataset folder")
    bench.add_argument("--repeat", type=int, default=20, metavar="K", help="runs per filter (default 20)")
    bench.add_argument("--naive-repeat", type=int, metavar="K", help="runs per naive filter (default min(K, 3))")
    bench.add_argument("--naive", action="store_true", help="run the naive path even above 2M events")
    bench.add_argument("--no-pages", action="store_true", help="skip the page runs (scripts/bench_pages.py, under AppTest)")
    bench.add_argument("--no-text-index", action="store_true",
                       help="do not build the trigram text index after a first open (search scans)")
    bench.add_argument("--no-map", action="store_true",
                       help="skip the map payload (it summarises every event in pandas)")
    bench.set_defaults(run=_bench)
    return bench


def _loadtest(args: argparse.Namespace) -> int:
    # Imported here: the load generator pulls in websockets and Streamlit's protobufs.
    from sahel_atlas.devtools.loadtest import main

    return main(args)


def add_loadtest_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    load = commands.add_parser(
        "loadtest", help="simulate N concurrent analysts against a running app; prints JSON"
    )
    load.add_argument("--url", required=True, help="the app, on this machine: http://127.0.0.1:8501")
    load.add_argument("--sessions", type=int, default=5, metavar="N", help="concurrent sessions (default 5)")
    load.add_argument("--seconds", type=float, default=30, metavar="S", help="duration in seconds (default 30)")
    load.add_argument("--think-min", type=float, default=1.0, metavar="S",
                      help="shortest pause between a session's actions (default 1)")
    load.add_argument("--think-max", type=float, default=3.0, metavar="S", help="longest pause (default 3)")
    load.add_argument("--seed", type=int, default=0, metavar="K", help="random seed (default 0)")
    load.set_defaults(run=_loadtest)
    return load
