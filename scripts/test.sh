#!/usr/bin/env bash
# Run the whole test suite. SQLite by default; set DATABASE_URL for PostgreSQL, e.g.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/licensing scripts/test.sh
# Extra arguments go to pytest (e.g. scripts/test.sh tests/licensing -x).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
workers="${TEST_WORKERS:-2}"
exec .venv/bin/python -m pytest -n "$workers" "$@"
