"""Writing files so that a reader never sees half of them: staging folders, then renames."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staging_folder(parent: Path, prefix: str) -> Iterator[Path]:
    """A new empty folder in `parent` (so that renames out of it stay on one file system),
    removed with whatever is left in it when the block ends, whether it succeeded or not."""
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_files_atomically(directory: Path, writers: dict[str, Callable[[Path], None]]) -> None:
    """Write every named file into a staging folder beside `directory`, then move them in.

    Each writer receives the staging path of its file. If any writer fails, nothing in
    `directory` changes. The final moves are `os.replace`, atomic per file on POSIX.
    """
    with staging_folder(directory, ".build-") as staging:
        for name, write in writers.items():
            write(staging / name)
        for name in writers:
            os.replace(staging / name, directory / name)


def replace_directory(staged: Path, out: Path) -> None:
    """Rename the folder `staged` to `out`; an existing `out` is moved aside first, then removed.

    Each step is a rename within one folder, so a reader sees the old folder or the new one,
    never a mix; if the second rename fails, the old folder is put back.
    """
    if not out.exists():
        os.rename(staged, out)
        return
    old = out.with_name(f".{out.name}.old-{uuid.uuid4().hex[:8]}")
    os.rename(out, old)
    try:
        os.rename(staged, out)
    except BaseException:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)
