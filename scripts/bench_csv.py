"""Time the full CSV export of a dataset (every event): CPU seconds, bytes, peak RSS, sha256.

`python scripts/bench_csv.py --data DIR [--profile]`; one JSON object out.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import time

from sahel_atlas.query.aggregate import write_csv
from sahel_atlas.query.model import Filters
from sahel_atlas.store.dataset import load_dataset


class _Hasher:
    """A binary sink that hashes what it is given and keeps nothing."""

    def __init__(self) -> None:
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.digest.update(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    ds = load_dataset(args.data)
    ds.con  # open the database first: the export is what is timed
    sink = _Hasher()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start, wall = time.process_time(), time.perf_counter()
    if args.profile:
        import cProfile, pstats
        prof = cProfile.Profile(time.process_time)
        written = prof.runcall(write_csv, ds, Filters(), sink)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    else:
        written = write_csv(ds, Filters(), sink)
    print(json.dumps({
        "cpu_s": round(time.process_time() - start, 2),
        "wall_s": round(time.perf_counter() - wall, 2),
        "bytes": written,
        "peak_rss_mb_before_export": round(rss_before),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "sha256": sink.digest.hexdigest(),
    }))


if __name__ == "__main__":
    main()
