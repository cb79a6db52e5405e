"""Where the project's files are: the package's own geo/, and one root for data/, seeds/, app.py."""

from __future__ import annotations

import os
from pathlib import Path

ROOT_ENV_VAR = "SAHEL_ATLAS_ROOT"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
# The basemap is part of the code: shipped as package data, so every install draws the map.
GEO_DIR = PACKAGE_DIR / "geo"


def find_project_root() -> Path:
    """$SAHEL_ATLAS_ROOT; else the checkout the package runs from; else the current directory.

    The root holds the knowledge base (data/, seeds/) and the app (app.py, app_pages/). An
    editable install runs from the checkout; an installed wheel names it with the variable,
    or is run from inside it.
    """
    named = os.environ.get(ROOT_ENV_VAR)
    if named:
        return Path(named).expanduser().resolve()
    checkout = PACKAGE_DIR.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "seeds").is_dir():
        return checkout
    return Path.cwd().resolve()


PROJECT_ROOT = find_project_root()
