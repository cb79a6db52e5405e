"""Running a benchmark's part in a child Python process that prints one JSON object."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from sahel_atlas.store.paths import PROJECT_ROOT


def run_json(args: list[str]) -> dict:
    """`python ARGS` with the project importable; its last line of stdout as JSON, or {"error"}."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])
