"""store/atomic.py: a reader sees the old folder or the new one, never a mix, and no leftovers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sahel_atlas.devtools.synth.dataset import synthesize
from sahel_atlas.store import atomic


def _folder(path: Path, **files: str) -> Path:
    path.mkdir()
    for name, text in files.items():
        (path / name).write_text(text)
    return path


def _contents(path: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in path.iterdir()}


@pytest.mark.parametrize("existing", [False, True])
def test_replace_directory_puts_the_new_folder_in_place(tmp_path: Path, existing: bool) -> None:
    out = tmp_path / "out"
    if existing:
        _folder(out, stale="old")
    staged = _folder(tmp_path / ".staged", table="new")
    atomic.replace_directory(staged, out)
    assert _contents(out) == {"table": "new"}
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # the old one is gone too


def test_a_failed_swap_puts_the_old_folder_back(tmp_path: Path, monkeypatch) -> None:
    out = _folder(tmp_path / "out", table="old")
    staged = _folder(tmp_path / ".staged", table="new")
    calls = []
    real_rename = os.rename

    def rename(src, dst):
        calls.append(Path(dst).name)
        if len(calls) == 2:  # moving the staged folder in
            raise OSError("disk full")
        real_rename(src, dst)

    monkeypatch.setattr(atomic.os, "rename", rename)
    with pytest.raises(OSError, match="disk full"):
        atomic.replace_directory(staged, out)
    assert _contents(out) == {"table": "old"}


def test_a_staging_folder_is_removed_when_its_block_fails(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), atomic.staging_folder(tmp_path, ".x-") as staging:
        (staging / "half").write_text("written")
        raise RuntimeError("writer failed")
    assert list(tmp_path.iterdir()) == []


def test_a_synthesis_that_fails_leaves_the_dataset_as_it_was(tmp_path: Path) -> None:
    out = synthesize(120, tmp_path / "d", seed=1)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def fail(label: str, done: int, total: int) -> None:
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        synthesize(300, out, seed=2, progress=fail)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["d"]  # no staging folder left behind


def test_write_files_atomically_writes_nothing_when_a_writer_fails(tmp_path: Path) -> None:
    directory = _folder(tmp_path / "data", **{"a.txt": "old a"})

    def boom(path: Path) -> None:
        raise ValueError("bad table")

    with pytest.raises(ValueError):
        atomic.write_files_atomically(directory, {"a.txt": lambda p: p.write_text("new a"), "b.txt": boom})
    assert _contents(directory) == {"a.txt": "old a"}
