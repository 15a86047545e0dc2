#!/usr/bin/env bash
# Runs every numbered notebook at smoke scale (called by ./kit test).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec /usr/bin/python3 tests/notebooks/run_notebooks.py "$@"
