#!/usr/bin/env bash
# Create .venv and install the locked, hash-checked dependencies plus this project (editable).
# Called by make when requirements.lock or pyproject.toml is newer than the install stamp,
# so a second run with nothing changed costs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)'; then
  echo "error: Python 3.11 is required (found: $("$PY" --version 2>&1)). Set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# uv installs the lock in seconds; it is itself installed hash-checked from its own lock.
.venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes \
  -r requirements-bootstrap.lock
# --compile-bytecode: write the .pyc files now, once. Without them every build process and
# notebook kernel compiles pandas, Altair and papermill from source again (seconds each).
.venv/bin/uv pip install --quiet --python .venv/bin/python --require-hashes --compile-bytecode \
  -r requirements.lock
# uv compiles only what it installs: an environment made before this line gets compiled once.
if [ ! -f .venv/.bytecode ]; then
  .venv/bin/python -m compileall -q -j 0 .venv/lib/python3.11/site-packages >/dev/null 2>&1 \
    || echo "bootstrap: note: some files in .venv did not compile (they are compiled on use)"
  touch .venv/.bytecode
fi
.venv/bin/uv pip install --quiet --python .venv/bin/python --no-deps --no-build-isolation -e .
touch .venv/.installed
echo "bootstrap: .venv ready ($(.venv/bin/python --version))"
