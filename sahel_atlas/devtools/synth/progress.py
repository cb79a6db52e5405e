"""Progress of a synthetic run: a callable (label, done, total), on stderr for large runs."""

from __future__ import annotations

import sys
from collections.abc import Callable

# Progress is shown on stderr from this size on (unless a callable is given).
PROGRESS_FROM = 50_000

Progress = Callable[[str, int, int], None]


def stderr_progress(label: str, done: int, total: int) -> None:
    """One line on stderr: 'synth: events: 262,144/1,000,000'."""
    print(f"synth: {label}: {done:,}/{total:,}", file=sys.stderr, flush=True)


def default_progress(n_events: int, progress: Progress | None) -> Progress | None:
    """The progress to use: the one given, else stderr's for a large run, else none."""
    if progress is None and n_events >= PROGRESS_FROM:
        return stderr_progress
    return progress
