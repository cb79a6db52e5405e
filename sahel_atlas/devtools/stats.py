"""The load generator's figures: latencies of script runs and what went wrong."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile (q in 0-100) of `values`; 0.0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Stats:
    """Everything the sessions saw, shared by all of them (one event loop, no locks)."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dropped_connections: int = 0
    connections: int = 0
    backends: Counter = field(default_factory=Counter)  # connections per serving process
    pages: Counter = field(default_factory=Counter)  # reruns per page

    def rerun(self, page: str, ms: float) -> None:
        self.latencies_ms.append(ms)
        self.pages[page or "map"] += 1

    def error(self, session: int, what: str) -> None:
        self.errors.append(f"session {session}: {what}")

    def summary(self, sessions: int, seconds: float) -> dict:
        lat = self.latencies_ms
        return {
            "sessions": sessions,
            "seconds": round(seconds, 1),
            "reruns": len(lat),
            "reruns_per_s": round(len(lat) / seconds, 2) if seconds else 0.0,
            "p50_ms": round(percentile(lat, 50), 1),
            "p95_ms": round(percentile(lat, 95), 1),
            "max_ms": round(max(lat, default=0.0), 1),
            "errors": len(self.errors),
            "error_samples": self.errors[:10],
            "dropped_connections": self.dropped_connections,
            "connections": self.connections,
            "backends": dict(sorted(self.backends.items())),
            "reruns_per_page": dict(sorted(self.pages.items())),
        }
