#!/usr/bin/env bash
# Quick start: set up, migrate, load the demo data and run the app on http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export DEBUG="${DEBUG:-1}"
.venv/bin/python manage.py migrate --no-input
.venv/bin/python manage.py createcachetable
.venv/bin/python manage.py seed_demo
echo
echo "Starting the server on http://127.0.0.1:8000 (Ctrl+C stops it)."
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
