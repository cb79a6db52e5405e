#!/usr/bin/env bash
# Install everything the tests need, then run every test (unit, AppTest and browser).
#   - Debian's chromium for the browser suite (Playwright cannot download a browser here);
#   - Debian's nginx for the team-server test (run in the foreground by the test, no service);
#   - the project and its test extra in a fresh virtual environment, .venv.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k filters`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    echo "== installing Debian's chromium for the browser tests"
    as_root=""
    [ "$(id -u)" -eq 0 ] || as_root="sudo"
    $as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    echo "== installing Debian's nginx for the team-server test"
    as_root=""
    [ "$(id -u)" -eq 0 ] || as_root="sudo"
    $as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq nginx >/dev/null
fi

echo "== installing the project and its test dependencies into .venv"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

echo "== running every test"
exec .venv/bin/python -m pytest "$@"
