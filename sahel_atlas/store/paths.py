"""Where the project's own files are: one root for data/, seeds/, geo/ and app.py."""

from __future__ import annotations

import os
from pathlib import Path

ROOT_ENV_VAR = "SAHEL_ATLAS_ROOT"
# The checkout holding data/, seeds/ and geo/; $SAHEL_ATLAS_ROOT names it for an install
# that is not editable.
PROJECT_ROOT = Path(os.environ.get(ROOT_ENV_VAR) or Path(__file__).resolve().parents[2])
GEO_DIR = PROJECT_ROOT / "geo"
