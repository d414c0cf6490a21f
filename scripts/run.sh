#!/usr/bin/env bash
# Quick start: set up, migrate, load the demo data and run the app on http://127.0.0.1:8000,
# with the outbox's mail worker in the background.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export DEBUG="${DEBUG:-1}"
.venv/bin/python manage.py createcachetable  # the development cache (Redis in production)
.venv/bin/python manage.py migrate --no-input
.venv/bin/python manage.py seed_demo
# The outbox worker sends queued e-mails (to the console under DEBUG); it stops with the server.
.venv/bin/python manage.py mail_worker --interval 2 &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT INT TERM
echo
echo "Starting the server on http://127.0.0.1:8000 (Ctrl+C stops it and the mail worker)."
.venv/bin/python manage.py runserver 127.0.0.1:8000
