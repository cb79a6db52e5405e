"""A non-editable install (a wheel's files in a plain folder) draws the map and loads the data.

The basemap ships inside the package (package data); the knowledge base is found in the project
root: $SAHEL_ATLAS_ROOT, else the current directory when the package is not in a checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from sahel_atlas.store import paths
from sahel_atlas.store.paths import PROJECT_ROOT, ROOT_ENV_VAR, find_project_root

# Run in the installed copy: what it imported from, and what it found.
PROBE = """
import json, sahel_atlas
from sahel_atlas.store.paths import GEO_DIR, PROJECT_ROOT
from sahel_atlas.views.map.basemap import basemap
from sahel_atlas.store.dataset import DatasetError, load_dataset
report = {"package": sahel_atlas.__file__, "geo": str(GEO_DIR), "root": str(PROJECT_ROOT),
          "countries": len(basemap().country_labels)}
try:
    ds = load_dataset()
    report["events"] = ds.count("events")
    report["text"] = ds.source_text("001_993296d95b73e933")[:40]
except DatasetError as exc:
    report["error"] = str(exc)
print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project installed with `pip install --target` from a copy holding only what a wheel does."""
    base = tmp_path_factory.mktemp("install")
    src = base / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT_ROOT / name, src / name)
    shutil.copytree(PROJECT_ROOT / "sahel_atlas", src / "sahel_atlas",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    target = base / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(src)],
        check=True, cwd=base, capture_output=True,
    )
    return target


def probe(target: Path, cwd: Path, root: Path | None) -> dict:
    """Run PROBE on the installed copy only: `-S` skips the venv's editable-install hook."""
    env = {k: v for k, v in os.environ.items()
           if k not in (ROOT_ENV_VAR, "SAHEL_ATLAS_DATA", "PYTHONPATH")}
    env["PYTHONPATH"] = os.pathsep.join([str(target), sysconfig.get_paths()["purelib"]])
    if root is not None:
        env[ROOT_ENV_VAR] = str(root)
    run = subprocess.run([sys.executable, "-S", "-c", PROBE], cwd=cwd, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def curated_events() -> int:
    return pq.read_metadata(PROJECT_ROOT / "data" / "events.parquet").num_rows


def test_the_installed_package_ships_the_basemap(installed: Path, tmp_path: Path) -> None:
    found = probe(installed, tmp_path, PROJECT_ROOT)
    assert Path(found["package"]).is_relative_to(installed)
    assert Path(found["geo"]) == installed / "sahel_atlas" / "geo"
    assert (installed / "sahel_atlas" / "geo" / "SOURCE.md").is_file()
    assert found["countries"] > 10


def test_sahel_atlas_root_names_the_knowledge_base(installed: Path, tmp_path: Path) -> None:
    found = probe(installed, tmp_path, PROJECT_ROOT)
    assert Path(found["root"]) == PROJECT_ROOT
    assert found["events"] == curated_events()
    assert found["text"] == (PROJECT_ROOT / "seeds" / "001_993296d95b73e933.txt").read_text(
        encoding="utf-8")[:40]


def test_without_the_variable_the_current_directory_is_the_root(installed: Path) -> None:
    found = probe(installed, PROJECT_ROOT, None)
    assert Path(found["root"]) == PROJECT_ROOT
    assert found["events"] == curated_events()


def test_outside_a_project_the_error_names_the_missing_data(
    installed: Path, tmp_path: Path
) -> None:
    found = probe(installed, tmp_path, None)
    assert found["error"] == f"{tmp_path.resolve() / 'data'}: no such data directory"
    assert found["countries"] > 10  # the map still draws: its files are in the package


@pytest.mark.parametrize(
    ("variable", "in_checkout", "expected"),
    [("named", True, "named"), ("named", False, "named"), ("", True, "checkout"),
     ("", False, "cwd")],
)
def test_find_project_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, in_checkout: bool,
    expected: str,
) -> None:
    checkout, cwd, named = tmp_path / "checkout", tmp_path / "cwd", tmp_path / "named"
    for folder in (checkout / "sahel_atlas", cwd, named):
        folder.mkdir(parents=True)
    if in_checkout:
        (checkout / "pyproject.toml").write_text("", encoding="utf-8")
        (checkout / "seeds").mkdir()
    monkeypatch.setattr(paths, "PACKAGE_DIR", checkout / "sahel_atlas")
    monkeypatch.chdir(cwd)
    if variable:
        monkeypatch.setenv(ROOT_ENV_VAR, str(named))
    else:
        monkeypatch.delenv(ROOT_ENV_VAR, raising=False)
    assert find_project_root() == {"named": named, "checkout": checkout, "cwd": cwd}[expected]
