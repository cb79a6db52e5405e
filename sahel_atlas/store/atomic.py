"""Writing files so that a reader never sees half of them."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_files_atomically(directory: Path, writers: dict[str, Callable[[Path], None]]) -> None:
    """Write every named file into a staging folder beside `directory`, then move them in.

    Each writer receives the staging path of its file. If any writer fails, nothing in
    `directory` changes. The final moves are `os.replace`, atomic per file on POSIX.
    """
    directory.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=directory))
    try:
        for name, write in writers.items():
            write(staging / name)
        for name in writers:
            os.replace(staging / name, directory / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
