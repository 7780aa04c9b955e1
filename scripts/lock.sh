#!/usr/bin/env bash
# Regenerate the hash-pinned locks from pyproject.toml (needs the package registry).
set -euo pipefail
cd "$(dirname "$0")/.."
UV=${UV:-.venv/bin/uv}
"$UV" pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
  --python-platform x86_64-unknown-linux-gnu --no-header --quiet -o requirements.lock
echo "uv==0.13.8" | "$UV" pip compile - --generate-hashes --python-version 3.11 --no-header --quiet \
  -o requirements-bootstrap.lock
echo "locks written"
